//! Instructors: making one (by invitation, see `people::invite`, or from
//! an existing account), their public profile, and who teaches which date.
//! Teaching is the third role beside member and admin, held as a row of
//! `instructors` rather than a value of `users.role`: an admin may teach
//! too, and a member who teaches still books like any member.

use crate::CourseSummary;
use crate::course::CourseStatus;
use crate::entity::course::CorruptCourse;
use crate::entity::{course, course_instructor, instructor, user};
use crate::i18n::Lang;
use crate::ids::{CourseId, UserId};
use crate::teaching::Bios;
use crate::teaching::{InstructorCard, InstructorProfile, InstructorSettings};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Why an account could not be made an instructor.
#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    #[error("no such account")]
    NotFound,
    /// A blocked member is unblocked first.
    #[error("the account is blocked")]
    Blocked,
    #[error("making an instructor")]
    Database(#[from] DbErr),
}

/// What making an instructor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MakeOutcome {
    Made,
    /// They taught already.
    Already,
}

/// Gives `person` a teaching profile (in `db`'s transaction if it is
/// one): they become an instructor, an admin stays an admin.
pub async fn make(
    db: &impl ConnectionTrait,
    person: UserId,
    now: DateTime<Utc>,
) -> Result<MakeOutcome, MakeError> {
    let u = user::Entity::find_by_id(person.get())
        .one(db)
        .await?
        .ok_or(MakeError::NotFound)?;
    if u.blocked_at.is_some() {
        return Err(MakeError::Blocked);
    }
    let inserted = instructor::Entity::insert(instructor::ActiveModel {
        user_id: Set(person.get()),
        bio: Set(String::new()),
        bio_language: Set(Lang::default().tag().to_owned()),
        digest_emails: Set(true),
        day_before_emails: Set(true),
        photo_hash: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(instructor::Column::UserId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if inserted == 0 {
        return Ok(MakeOutcome::Already);
    }
    tracing::info!(user_id = person.get(), "instructor made");
    Ok(MakeOutcome::Made)
}

/// Whether `person` teaches (has a profile).
pub async fn teaches(db: &impl ConnectionTrait, person: UserId) -> Result<bool, DbErr> {
    Ok(instructor::Entity::find_by_id(person.get())
        .one(db)
        .await?
        .is_some())
}

/// Every instructor, by name (for the admin's assignment form).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<InstructorCard>, DbErr> {
    let rows = instructor::Entity::find().all(db).await?;
    let mut cards = cards_of(db, rows).await?;
    cards.sort_by_key(|a| a.name.to_lowercase());
    Ok(cards)
}

async fn cards_of(
    db: &impl ConnectionTrait,
    rows: Vec<instructor::Model>,
) -> Result<Vec<InstructorCard>, DbErr> {
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .filter(user::Column::BlockedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(InstructorCard {
                id: UserId(r.user_id),
                name: names.get(&r.user_id)?.clone(),
                photo: r.photo_hash.map(|h| format!("/photos/{h}.jpg")),
                bio: r.bio,
                bio_in: Lang::parse(&r.bio_language).unwrap_or_default(),
            })
        })
        .collect())
}

/// The instructors among `ids`.
pub async fn of_ids(
    db: &impl ConnectionTrait,
    ids: &[UserId],
) -> Result<Vec<InstructorCard>, DbErr> {
    let rows = instructor::Entity::find()
        .filter(instructor::Column::UserId.is_in(ids.iter().map(|i| i.get())))
        .all(db)
        .await?;
    cards_of(db, rows).await
}

/// Who teaches each of `courses`, by name.
pub async fn of_courses(
    db: &impl ConnectionTrait,
    courses: &[CourseId],
) -> Result<HashMap<CourseId, Vec<InstructorCard>>, DbErr> {
    let links = course_instructor::Entity::find()
        .filter(course_instructor::Column::CourseId.is_in(courses.iter().map(|c| c.get())))
        .all(db)
        .await?;
    let rows = instructor::Entity::find()
        .filter(instructor::Column::UserId.is_in(links.iter().map(|l| l.user_id)))
        .all(db)
        .await?;
    let cards: HashMap<i64, InstructorCard> = cards_of(db, rows)
        .await?
        .into_iter()
        .map(|c| (c.id.get(), c))
        .collect();
    let mut out: HashMap<CourseId, Vec<InstructorCard>> = HashMap::new();
    for l in links {
        if let Some(card) = cards.get(&l.user_id) {
            out.entry(CourseId(l.course_id))
                .or_default()
                .push(card.clone());
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|a| a.name.to_lowercase());
    }
    Ok(out)
}

/// Who teaches `course`, by name.
pub async fn of_course(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<Vec<InstructorCard>, DbErr> {
    Ok(of_courses(db, &[course])
        .await?
        .remove(&course)
        .unwrap_or_default())
}

/// Why a course's instructors were not set.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    #[error("course {0} not found")]
    CourseNotFound(CourseId),
    /// One of them does not teach (or their account is gone).
    #[error("{0:?} is not an instructor")]
    NotAnInstructor(UserId),
    #[error("assigning instructors")]
    Database(#[from] DbErr),
}

/// Adds `who` to (`teaches`) or takes them off the instructors of
/// `course`; doing what is done already changes nothing.
pub async fn set_teaches(
    db: &impl ConnectionTrait,
    course: CourseId,
    who: UserId,
    teaches: bool,
) -> Result<(), AssignError> {
    if course::Entity::find_by_id(course.get())
        .one(db)
        .await?
        .is_none()
    {
        return Err(AssignError::CourseNotFound(course));
    }
    if !teaches {
        course_instructor::Entity::delete_many()
            .filter(course_instructor::Column::CourseId.eq(course.get()))
            .filter(course_instructor::Column::UserId.eq(who.get()))
            .exec(db)
            .await?;
        tracing::info!(
            course_id = course.get(),
            user_id = who.get(),
            "instructor taken off"
        );
        return Ok(());
    }
    if !self::teaches(db, who).await? {
        return Err(AssignError::NotAnInstructor(who));
    }
    course_instructor::Entity::insert(course_instructor::ActiveModel {
        course_id: Set(course.get()),
        user_id: Set(who.get()),
    })
    .on_conflict(
        OnConflict::columns([
            course_instructor::Column::CourseId,
            course_instructor::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    tracing::info!(
        course_id = course.get(),
        user_id = who.get(),
        "instructor assigned"
    );
    Ok(())
}

/// Why a public profile could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
    #[error("loading a profile")]
    Database(#[from] DbErr),
}

/// An instructor's public page, or `None` (not an instructor, or blocked).
pub async fn profile(
    db: &impl ConnectionTrait,
    id: UserId,
    now: DateTime<Utc>,
) -> Result<Option<InstructorProfile>, ProfileError> {
    let Some(row) = instructor::Entity::find_by_id(id.get()).one(db).await? else {
        return Ok(None);
    };
    let Some(card) = cards_of(db, vec![row]).await?.pop() else {
        return Ok(None);
    };
    let rows = course::Entity::find()
        .filter(
            course::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(course_instructor::Column::CourseId)
                    .from(course_instructor::Entity)
                    .and_where(course_instructor::Column::UserId.eq(id.get()))
                    .to_owned(),
            ),
        )
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(course::Column::StartsAt.gt(now))
        .order_by_asc(course::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    let mut upcoming = rows
        .into_iter()
        .map(CourseSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    crate::service::catalog::with_waiting(db, &mut upcoming).await?;
    Ok(Some(InstructorProfile { card, upcoming }))
}

/// An instructor's own settings, or `None` if they do not teach.
pub async fn settings(
    db: &impl ConnectionTrait,
    id: UserId,
) -> Result<Option<InstructorSettings>, DbErr> {
    let Some(r) = instructor::Entity::find_by_id(id.get()).one(db).await? else {
        return Ok(None);
    };
    let other_bios = crate::entity::instructor_bio::Entity::find()
        .filter(crate::entity::instructor_bio::Column::UserId.eq(id.get()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|b| Some((Lang::parse(&b.language)?, b.bio)))
        .collect();
    Ok(Some(InstructorSettings {
        photo: r.photo_hash.map(|h| format!("/photos/{h}.jpg")),
        bio: r.bio,
        bio_in: Lang::parse(&r.bio_language).unwrap_or_default(),
        other_bios,
        digest_emails: r.digest_emails,
        day_before_emails: r.day_before_emails,
    }))
}

/// Saves an instructor's bio and email choices; `false` if they do not
/// teach.
pub async fn save_settings(
    db: &impl ConnectionTrait,
    id: UserId,
    bios: &Bios,
    digest_emails: bool,
    day_before_emails: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    // Its own language's row would shadow nothing: none is kept.
    for l in Lang::ALL {
        let other = bios
            .others
            .iter()
            .find(|(lang, _)| *lang == l && l != bios.written_in);
        let text = other.map_or("", |(_, bio)| bio.as_str());
        crate::service::texts::save_bio(db, id.get(), l, text).await?;
    }
    let done = instructor::Entity::update_many()
        .col_expr(instructor::Column::Bio, Expr::value(bios.own.as_str()))
        .col_expr(
            instructor::Column::BioLanguage,
            Expr::value(bios.written_in.tag()),
        )
        .col_expr(instructor::Column::DigestEmails, Expr::value(digest_emails))
        .col_expr(
            instructor::Column::DayBeforeEmails,
            Expr::value(day_before_emails),
        )
        .col_expr(instructor::Column::UpdatedAt, Expr::value(now))
        .filter(instructor::Column::UserId.eq(id.get()))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}
