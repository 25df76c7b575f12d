//! The back office's course rules: listing every course with its takings,
//! creating and editing (never below the seats already held), publishing.

use crate::catalog::PageNumber;
use crate::course::{ADMIN_PAGE_SIZE, AdminCoursePage, AdminCourseRow, CourseStatus};
use crate::course::{CourseToEdit, Meeting};
use crate::course_input::CourseDraft;
use crate::entity::course::CorruptCourse;
use crate::entity::{booking, course, course_meeting};
use crate::venue::{VenueZone, ZoneAt};
use crate::{BookingStatus, CourseId, CourseSummary, Currency, Money};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// What saving a course form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveAs {
    /// A new course (a draft).
    New,
    /// A new run of this course: the same course on other dates (a draft).
    AnotherRunOf(CourseId),
    /// Changes to this course.
    Existing(CourseId),
}

/// Why a course could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    /// No such course.
    #[error("course {0} not found")]
    NotFound(CourseId),
    /// The new capacity is below the seats already held (this many).
    #[error("capacity below the {0} seats held")]
    CapacityBelowHeld(i32),
    /// The form names a topic that is not (or no longer) on the list.
    #[error("no such topic")]
    NoSuchTopic,
    /// A cancelled course stays cancelled.
    #[error("course {0} is cancelled")]
    Cancelled(CourseId),
    /// A published course's meeting would be put in the past (the form's
    /// row).
    #[error("a meeting in the past")]
    MeetingInPast { row: usize },
    /// A stored course cannot be read.
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
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

/// One course and its meetings, for its edit form.
pub async fn to_edit(db: &DatabaseConnection, id: CourseId) -> Result<CourseToEdit, CourseError> {
    let row = load(db, id).await?;
    let vat_rate = row
        .vat_rate_bp
        .and_then(|bp| crate::invoice::VatRate::from_bp(bp).ok());
    let topic = row.topic_id.map(crate::TopicId);
    let course = CourseSummary::try_from(row)?;
    let meetings = meetings(db, id, &course.time_zone).await?;
    let texts = crate::service::texts::course_texts(db, id.get()).await?;
    Ok(CourseToEdit {
        course,
        texts,
        vat_rate,
        topic,
        meetings,
    })
}

/// A page of every course, newest start first, with its confirmed bookings
/// and the money they brought, per currency. Each page reads its own
/// courses' bookings only, so its cost stays flat as the tables grow.
pub async fn list_with_takings(
    db: &DatabaseConnection,
    page: PageNumber,
) -> Result<AdminCoursePage, CourseError> {
    let total = course::Entity::find().count(db).await?;
    let last = PageNumber::last_of(total, ADMIN_PAGE_SIZE);
    let page = page.min(last);
    let rows = course::Entity::find()
        .order_by_desc(course::Column::StartsAt)
        .order_by_desc(course::Column::Id)
        .offset(page.offset_of(ADMIN_PAGE_SIZE))
        .limit(u64::from(ADMIN_PAGE_SIZE))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let takings = takings_of(db, &ids).await?;
    let waiting = crate::service::waitlist::waiting_counts(db, &ids).await?;
    let rows = rows
        .into_iter()
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
        .collect::<Result<Vec<_>, CourseError>>()?;
    Ok(AdminCoursePage {
        rows,
        page,
        last,
        total,
    })
}

/// Confirmed seats and their money per course and currency, for `courses`.
async fn takings_of(
    db: &DatabaseConnection,
    courses: &[i64],
) -> Result<Vec<(i64, i64, Money)>, DbErr> {
    if courses.is_empty() {
        return Ok(Vec::new());
    }
    let totals: Vec<(i64, Currency, i64, i64)> = booking::Entity::find()
        .select_only()
        .column(booking::Column::CourseId)
        .column(booking::Column::Currency)
        .column_as(Expr::cust("CAST(SUM(seats) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(amount) AS BIGINT)"), "total")
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::CourseId.is_in(courses.iter().copied()))
        .group_by(booking::Column::CourseId)
        .group_by(booking::Column::Currency)
        .into_tuple()
        .all(db)
        .await?;
    Ok(totals
        .into_iter()
        .map(|(course, currency, n, total)| (course, n, Money::from_minor(total, currency)))
        .collect())
}

/// Creates a course (as a draft) or updates one; answers its id. The
/// capacity never goes below the seats held, also against a booking made
/// at the same moment: the update itself is conditional on it. The meetings
/// are replaced in the same transaction, with the course's start, end and
/// count of meetings, which summarise them. A published course keeps its
/// past meetings as they were and gains none in the past.
pub async fn save(
    db: &DatabaseConnection,
    save_as: SaveAs,
    draft: CourseDraft,
    now: DateTime<Utc>,
) -> Result<CourseId, CourseError> {
    if let Some(topic) = draft.topic
        && !crate::service::topics::exists(db, topic).await?
    {
        return Err(CourseError::NoSuchTopic);
    }
    let topic_id = draft.topic.map(crate::TopicId::get);
    let price = draft.price.money();
    let (starts_at, ends_at) = draft.schedule.span();
    let meeting_count = i32::try_from(draft.schedule.count()).unwrap_or(i32::MAX);
    // Every run names the first one, also when copied from a later run.
    // Read before the transaction (which then starts with its write, as
    // SQLite wants): which run a course is of never changes.
    // Another date shows the same picture as the one it copies.
    let (run_of, picture) = match save_as {
        SaveAs::AnotherRunOf(source) => {
            let source = course::Entity::find_by_id(source.get())
                .one(db)
                .await?
                .ok_or(CourseError::NotFound(source))?;
            let picture = (
                source.picture_hash.clone(),
                source.picture_alt.clone(),
                source.picture_width,
            );
            (Some(source.first_run()), picture)
        }
        SaveAs::New | SaveAs::Existing(_) => (None, (None, None, None)),
    };
    let txn = db.begin().await?;
    // Whether booked people are told of new dates (once the new meetings
    // are written: their emails are rendered in this transaction).
    let mut tell = false;
    let id = match save_as {
        SaveAs::New | SaveAs::AnotherRunOf(_) => {
            let created = course::ActiveModel {
                title: Set(draft.title.as_str().to_owned()),
                description: Set(draft.description),
                language: Set(draft.language.tag().to_owned()),
                location: Set(draft.location),
                price: Set(price.minor()),
                currency: Set(price.currency()),
                capacity: Set(draft.capacity.get()),
                seats_held: Set(0),
                seats_per_booking: Set(draft.seats_per_booking.as_i32()),
                starts_at: Set(starts_at),
                ends_at: Set(ends_at),
                meeting_count: Set(meeting_count),
                time_zone: Set(draft.zone.name().to_owned()),
                vat_rate_bp: Set(draft.vat_rate.map(crate::invoice::VatRate::bp)),
                topic_id: Set(topic_id),
                picture_hash: Set(picture.0.clone()),
                picture_alt: Set(picture.1.clone()),
                picture_width: Set(picture.2),
                status: Set(CourseStatus::Draft),
                run_of: Set(run_of),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            tracing::info!(course_id = created.id, run_of, "course created");
            // Another date is taught by whoever teaches the one it copies.
            if let SaveAs::AnotherRunOf(source) = save_as {
                for teacher in crate::entity::course_instructor::Entity::find()
                    .filter(crate::entity::course_instructor::Column::CourseId.eq(source.get()))
                    .all(&txn)
                    .await?
                {
                    crate::entity::course_instructor::ActiveModel {
                        course_id: Set(created.id),
                        user_id: Set(teacher.user_id),
                    }
                    .insert(&txn)
                    .await?;
                }
            }
            CourseId(created.id)
        }
        SaveAs::Existing(id) => {
            let capacity = draft.capacity.get();
            // Never below the seats already held: the write decides.
            let changed = course::Entity::update_many()
                .set(course::ActiveModel {
                    title: Set(draft.title.as_str().to_owned()),
                    description: Set(draft.description),
                    language: Set(draft.language.tag().to_owned()),
                    location: Set(draft.location),
                    price: Set(price.minor()),
                    currency: Set(price.currency()),
                    capacity: Set(capacity),
                    seats_per_booking: Set(draft.seats_per_booking.as_i32()),
                    starts_at: Set(starts_at),
                    ends_at: Set(ends_at),
                    meeting_count: Set(meeting_count),
                    time_zone: Set(draft.zone.name().to_owned()),
                    vat_rate_bp: Set(draft.vat_rate.map(crate::invoice::VatRate::bp)),
                    topic_id: Set(topic_id),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(course::Column::Id.eq(id.get()))
                .filter(course::Column::SeatsHeld.lte(capacity))
                .exec(&txn)
                .await?
                .rows_affected;
            if changed == 0 {
                let current = course::Entity::find_by_id(id.get())
                    .one(&txn)
                    .await?
                    .ok_or(CourseError::NotFound(id))?;
                return Err(CourseError::CapacityBelowHeld(current.seats_held));
            }
            // Read after the write, which holds the row until commit: the
            // status cannot change under this check.
            let current = course::Entity::find_by_id(id.get())
                .one(&txn)
                .await?
                .ok_or(CourseError::NotFound(id))?;
            if current.status == CourseStatus::Published {
                let kept: Vec<(DateTime<Utc>, DateTime<Utc>)> = course_meeting::Entity::find()
                    .select_only()
                    .column(course_meeting::Column::StartsAt)
                    .column(course_meeting::Column::EndsAt)
                    .filter(course_meeting::Column::CourseId.eq(id.get()))
                    .into_tuple()
                    .all(&txn)
                    .await?;
                let moved_into_past = draft.schedule.meetings().iter().find(|m| {
                    let at = (m.dates.starts_at(), m.dates.ends_at());
                    at.0 < now && !kept.contains(&at)
                });
                if let Some(m) = moved_into_past {
                    return Err(CourseError::MeetingInPast { row: m.row });
                }
            }
            let before: Vec<(DateTime<Utc>, DateTime<Utc>, Option<String>)> =
                course_meeting::Entity::find()
                    .select_only()
                    .column(course_meeting::Column::StartsAt)
                    .column(course_meeting::Column::EndsAt)
                    .column(course_meeting::Column::Place)
                    .filter(course_meeting::Column::CourseId.eq(id.get()))
                    .order_by_asc(course_meeting::Column::StartsAt)
                    .into_tuple()
                    .all(&txn)
                    .await?;
            let after: Vec<_> = draft
                .schedule
                .meetings()
                .iter()
                .map(|m| (m.dates.starts_at(), m.dates.ends_at(), m.place.clone()))
                .collect();
            tell = current.status == CourseStatus::Published && before != after;
            course_meeting::Entity::delete_many()
                .filter(course_meeting::Column::CourseId.eq(id.get()))
                .exec(&txn)
                .await?;
            tracing::info!(course_id = id.get(), "course saved");
            id
        }
    };
    course_meeting::Entity::insert_many(draft.schedule.meetings().iter().map(|m| {
        course_meeting::ActiveModel {
            course_id: Set(id.get()),
            starts_at: Set(m.dates.starts_at()),
            ends_at: Set(m.dates.ends_at()),
            place: Set(m.place.clone()),
            ..Default::default()
        }
    }))
    .exec(&txn)
    .await?;
    crate::service::texts::save_course_texts(&txn, id.get(), &draft.texts).await?;
    if tell {
        schedule_changed(&txn, id, now).await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// The meetings of published course `id` changed: each confirmed booking's
/// calendar entry goes one version on, and its person is emailed the
/// updated file, in the transaction that changed them.
async fn schedule_changed(
    txn: &impl ConnectionTrait,
    id: CourseId,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use crate::booking::BookingStatus;
    use crate::entity::booking;
    use crate::service::notify::{self, Notice};
    let confirmed = || {
        booking::Entity::update_many()
            .filter(booking::Column::CourseId.eq(id.get()))
            .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
    };
    confirmed()
        .col_expr(
            booking::Column::CalendarSequence,
            crate::service::moves::next_version(),
        )
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .exec(txn)
        .await?;
    // A booking confirmed or moved here meanwhile gets its own email,
    // written after this commits, with the meetings as they are then.
    let told: Vec<(i64, i32)> = booking::Entity::find()
        .select_only()
        .column(booking::Column::Id)
        .column(booking::Column::CalendarSequence)
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .into_tuple()
        .all(txn)
        .await?;
    for (booking_id, sequence) in told {
        notify::queue(
            txn,
            Notice::ScheduleChanged {
                booking_id,
                sequence,
            },
            now,
        )
        .await?;
    }
    tracing::info!(
        course_id = id.get(),
        "course's dates changed; its booked people told"
    );
    Ok(())
}

/// A course's meetings, first first, at its venue's clock.
pub async fn meetings(
    db: &impl ConnectionTrait,
    course: CourseId,
    time_zone: &str,
) -> Result<Vec<Meeting>, DbErr> {
    let zone = VenueZone::stored(time_zone);
    let rows = course_meeting::Entity::find()
        .filter(course_meeting::Column::CourseId.eq(course.get()))
        .order_by_asc(course_meeting::Column::StartsAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| Meeting {
            starts_zone: ZoneAt::of(zone, m.starts_at),
            ends_zone: ZoneAt::of(zone, m.ends_at),
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            place: m.place,
        })
        .collect())
}

/// Publishes a draft, or takes a published course back to draft. A
/// cancelled course stays cancelled, also against a cancellation committed
/// while this runs: the write itself is conditional on the status.
pub async fn set_published(
    db: &DatabaseConnection,
    id: CourseId,
    publish: bool,
    now: DateTime<Utc>,
) -> Result<(), CourseError> {
    let to = if publish {
        CourseStatus::Published
    } else {
        CourseStatus::Draft
    };
    let moved = course::Entity::update_many()
        .col_expr(course::Column::Status, Expr::value(to))
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(id.get()))
        .filter(course::Column::Status.is_in([CourseStatus::Draft, CourseStatus::Published]))
        .exec(db)
        .await?
        .rows_affected;
    if moved == 0 {
        // Not found, or cancelled: `load` says which.
        load(db, id).await?;
        return Err(CourseError::Cancelled(id));
    }
    Ok(())
}
