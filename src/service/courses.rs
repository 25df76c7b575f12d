//! The back office's course rules: listing every course with its takings,
//! creating and editing (never below the seats already held), publishing.

use crate::course::{AdminCourseRow, CourseStatus};
use crate::course_input::CourseDraft;
use crate::entity::course;
use crate::entity::course::CorruptCourse;
use crate::service::sql;
use crate::{CourseId, CourseSummary, Currency, Money};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryOrder, Set,
    Statement,
};

/// Why a course could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    /// No such course.
    #[error("course {0} not found")]
    NotFound(CourseId),
    /// The new capacity is below the seats already held (this many).
    #[error("capacity below the {0} seats held")]
    CapacityBelowHeld(i32),
    /// A cancelled course stays cancelled.
    #[error("course {0} is cancelled")]
    Cancelled(CourseId),
    /// A stored course cannot be read.
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
    /// The database failed.
    #[error("changing a course")]
    Database(#[from] DbErr),
}

async fn load(db: &DatabaseConnection, id: CourseId) -> Result<course::Model, CourseError> {
    course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(CourseError::NotFound(id))
}

/// One course, drafts included.
pub async fn find(db: &DatabaseConnection, id: CourseId) -> Result<CourseSummary, CourseError> {
    Ok(CourseSummary::try_from(load(db, id).await?)?)
}

/// Every course, newest start first, with its confirmed bookings and the
/// money they brought, per currency.
pub async fn list_with_takings(
    db: &DatabaseConnection,
) -> Result<Vec<AdminCourseRow>, CourseError> {
    let rows = course::Entity::find()
        .order_by_desc(course::Column::StartsAt)
        .all(db)
        .await?;
    let totals = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT course_id, currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total \
             FROM bookings WHERE status = 'confirmed' GROUP BY course_id, currency",
        ))
        .await?;
    let mut takings: Vec<(i64, i64, Money)> = Vec::with_capacity(totals.len());
    for t in totals {
        let code: String = t.try_get("", "currency")?;
        let currency: Currency = code
            .parse()
            .map_err(|_| DbErr::Custom(format!("unknown currency {code:?} in bookings")))?;
        takings.push((
            t.try_get("", "course_id")?,
            t.try_get("", "n")?,
            Money::from_minor(t.try_get("", "total")?, currency),
        ));
    }
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let waiting = crate::service::waitlist::waiting_counts(db, &ids).await?;
    rows.into_iter()
        .map(|m| {
            let id = m.id;
            let mine = takings.iter().filter(move |(course, ..)| *course == id);
            let mut course = CourseSummary::try_from(m)?;
            course.waiting = waiting.get(&course.id.get()).copied().unwrap_or(0);
            Ok(AdminCourseRow {
                confirmed: mine.clone().map(|(_, n, _)| n).sum(),
                revenue: mine.map(|(.., money)| *money).collect(),
                course,
            })
        })
        .collect()
}

/// Creates a course (as a draft) or updates one; answers its id. The
/// capacity never goes below the seats held, also against a booking made
/// at the same moment: the update itself is conditional on it.
pub async fn save(
    db: &DatabaseConnection,
    id: Option<CourseId>,
    draft: CourseDraft,
    now: DateTime<Utc>,
) -> Result<CourseId, CourseError> {
    let price = draft.price.money();
    let Some(id) = id else {
        let created = course::ActiveModel {
            title: Set(draft.title.as_str().to_owned()),
            description: Set(draft.description),
            location: Set(draft.location),
            price: Set(price.minor()),
            currency: Set(price.currency()),
            capacity: Set(draft.capacity.get()),
            seats_held: Set(0),
            starts_at: Set(draft.dates.starts_at()),
            ends_at: Set(draft.dates.ends_at()),
            time_zone: Set(draft.zone.name().to_owned()),
            status: Set(CourseStatus::Draft),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        tracing::info!(course_id = created.id, "course created");
        return Ok(CourseId(created.id));
    };
    let capacity = draft.capacity.get();
    let changed = db
        .execute(sql(
            db,
            "UPDATE courses SET title = ?, description = ?, location = ?, price = ?, currency = ?, \
             capacity = ?, starts_at = ?, ends_at = ?, time_zone = ?, updated_at = ? \
             WHERE id = ? AND seats_held <= ?",
            vec![
                draft.title.as_str().into(),
                draft.description.into(),
                draft.location.into(),
                price.minor().into(),
                price.currency().code().into(),
                capacity.into(),
                draft.dates.starts_at().into(),
                draft.dates.ends_at().into(),
                draft.zone.name().into(),
                now.into(),
                id.get().into(),
                capacity.into(),
            ],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        let current = load(db, id).await?;
        return Err(CourseError::CapacityBelowHeld(current.seats_held));
    }
    tracing::info!(course_id = id.get(), "course saved");
    Ok(id)
}

/// Publishes a draft, or takes a published course back to draft.
pub async fn set_published(
    db: &DatabaseConnection,
    id: CourseId,
    publish: bool,
    now: DateTime<Utc>,
) -> Result<(), CourseError> {
    let current = load(db, id).await?;
    if current.status == CourseStatus::Cancelled {
        return Err(CourseError::Cancelled(id));
    }
    let mut active: course::ActiveModel = current.into();
    active.status = Set(if publish {
        CourseStatus::Published
    } else {
        CourseStatus::Draft
    });
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}
