//! Writing a booking's status: the one place it happens. The change is the
//! domain's ([`BookingEvent::transition`]); the update is conditional on the
//! booking still being in one of the event's source statuses, so of two
//! writers racing on one booking exactly one changes it. A waiting-list
//! offer held by the booking follows it in the same transaction.

use crate::booking::{BookingEvent, BookingStatus, IllegalPaymentTransition};
use crate::service::sql;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// Moves booking `id` by `event` if it is in a status the event applies to
/// (and `also`, an extra SQL condition on `bookings`, holds). Answers
/// whether it moved.
pub async fn move_booking(
    db: &impl ConnectionTrait,
    id: i64,
    event: BookingEvent,
    also: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some((from, to)) = event.transition() else {
        return Ok(false);
    };
    let mut values: Vec<sea_orm::Value> = vec![to.as_str().into(), now.into()];
    let stamps = match to {
        BookingStatus::Confirmed => {
            values.push(now.into());
            ", confirmed_at = ?, hold_expires_at = NULL, cancelled_at = NULL"
        }
        BookingStatus::Cancelled => {
            values.push(now.into());
            ", cancelled_at = ?, hold_expires_at = NULL"
        }
        BookingStatus::Expired => ", hold_expires_at = NULL",
        BookingStatus::PendingPayment => "",
    };
    values.push(id.into());
    values.extend(from.iter().map(|s| sea_orm::Value::from(s.as_str())));
    let sources = vec!["?"; from.len()].join(", ");
    let also = also.map(|c| format!(" AND {c}")).unwrap_or_default();
    let text = format!(
        "UPDATE bookings SET status = ?, updated_at = ?{stamps} WHERE id = ? AND status IN ({sources}){also}"
    );
    let moved = db.execute(sql(db, &text, values)).await?.rows_affected() == 1;
    if moved {
        // A waiting-list offer's fate is its booking's.
        crate::service::waitlist::booking_moved(db, id, to, now).await?;
    }
    Ok(moved)
}

impl From<IllegalPaymentTransition> for DbErr {
    // A refused payment transition is a bug in the caller's checks: the
    // transaction it happens in is rolled back like any failed write.
    fn from(e: IllegalPaymentTransition) -> DbErr {
        DbErr::Custom(e.to_string())
    }
}
