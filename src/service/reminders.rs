//! One reminder email per confirmed booking, `REMINDER_HOURS_BEFORE` the
//! course starts. Never twice (the outbox's key `reminder:{booking}` is
//! unique, whichever instance queues it first), never for a booking that is
//! no longer confirmed, and not for one made after the reminder time (its
//! confirmation arrives that close to the start anyway).

use crate::booking::BookingStatus;
use crate::entity::{booking, course};
use crate::service::notify::{self, Notice};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};

/// Bookings read per page.
const BATCH: u64 = 500;

/// Queues the reminders due at `now`: confirmed bookings whose course
/// starts within `before`, booked before the reminder time, not reminded
/// yet. Answers how many were queued.
pub async fn queue_due(
    db: &impl ConnectionTrait,
    before: Duration,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut queued = 0;
    // In pages by id: bookings passed over (made after the reminder time)
    // never hold back the ones after them.
    let mut after = 0_i64;
    loop {
        let due: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = booking::Entity::find()
            .select_only()
            .column(booking::Column::Id)
            .column(booking::Column::CreatedAt)
            .column(course::Column::StartsAt)
            .join(
                sea_orm::JoinType::InnerJoin,
                booking::Relation::Course.def(),
            )
            .filter(booking::Column::Id.gt(after))
            .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
            // A cancelled date's bookings wait for their people's answer,
            // not for the course.
            .filter(course::Column::Status.eq(crate::course::CourseStatus::Published))
            .filter(course::Column::StartsAt.gt(now))
            .filter(course::Column::StartsAt.lte(now + before))
            .filter(sea_orm::sea_query::Expr::cust(
                "NOT EXISTS (SELECT 1 FROM email_outbox o \
                 WHERE o.dedupe_key = 'reminder:' || CAST(bookings.id AS TEXT))",
            ))
            .order_by_asc(booking::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let full_page = due.len() as u64 == BATCH;
        for (booking_id, booked_at, starts_at) in due {
            after = booking_id;
            if booked_at > starts_at - before {
                continue;
            }
            if notify::queue(db, Notice::Reminder { booking_id }, now).await? {
                queued += 1;
            }
        }
        if !full_page {
            break;
        }
    }
    if queued > 0 {
        tracing::info!(queued, "course reminders queued");
        metrics::counter!("tessera_reminders_queued_total").increment(queued as u64);
    }
    Ok(queued)
}
