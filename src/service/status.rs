//! Writing a status: the one place it happens for bookings and payments.
//! Every change is an `UPDATE … WHERE id = ? AND status = ?`, tried for each
//! status the change may start from, oldest in the life first, and answers
//! the status it moved *from* (or `None`). So of two writers racing on one
//! row exactly one changes it, and each knows what it changed: nothing is
//! decided on a row read before the write. A waiting-list offer held by a
//! booking follows it in the same transaction.

use crate::booking::{BookingEvent, BookingStatus, IllegalPaymentTransition, PaymentStatus};
use crate::service::sql;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Value};

/// Moves booking `id` by `event` if it is in a status the event applies to
/// (and `also`, an extra SQL condition on `bookings`, holds). Answers the
/// status it moved from.
pub async fn move_booking(
    db: &impl ConnectionTrait,
    id: i64,
    event: BookingEvent,
    also: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<BookingStatus>, DbErr> {
    move_booking_if(db, id, event, also, Vec::new(), now).await
}

/// `move_booking` with values for the `?`s of `also`.
pub async fn move_booking_if(
    db: &impl ConnectionTrait,
    id: i64,
    event: BookingEvent,
    also: Option<&str>,
    also_values: Vec<Value>,
    now: DateTime<Utc>,
) -> Result<Option<BookingStatus>, DbErr> {
    let Some((sources, to)) = event.transition() else {
        return Ok(None);
    };
    let stamps = match to {
        BookingStatus::Confirmed => {
            ", confirmed_at = ?, hold_expires_at = NULL, cancelled_at = NULL"
        }
        BookingStatus::Cancelled => ", cancelled_at = ?, hold_expires_at = NULL",
        BookingStatus::Expired => ", hold_expires_at = NULL",
        BookingStatus::PendingPayment => "",
    };
    let also = also.map(|c| format!(" AND {c}")).unwrap_or_default();
    let text = format!(
        "UPDATE bookings SET status = ?, updated_at = ?{stamps} WHERE id = ? AND status = ?{also}"
    );
    // `BookingStatus::ALL` is in the order of a booking's life, so a row
    // that moves on while the sources are tried moves into a later one.
    for from in sources {
        let mut values: Vec<Value> = vec![to.as_str().into(), now.into()];
        if matches!(to, BookingStatus::Confirmed | BookingStatus::Cancelled) {
            values.push(now.into());
        }
        values.push(id.into());
        values.push(from.as_str().into());
        values.extend(also_values.iter().cloned());
        if db.execute(sql(db, &text, values)).await?.rows_affected() == 1 {
            // A waiting-list offer's fate is its booking's.
            crate::service::waitlist::booking_moved(db, id, to, now).await?;
            return Ok(Some(from));
        }
    }
    Ok(None)
}

/// What a payment's status change also records.
#[derive(Debug, Clone, Default)]
pub struct PaymentFacts<'a> {
    /// Stripe's PaymentIntent, once known.
    pub payment_intent: Option<&'a str>,
    /// What becomes of the failure code and message.
    pub failure: FailureNote<'a>,
}

/// A payment's failure code and message, as a status change leaves them.
#[derive(Debug, Clone, Copy, Default)]
pub enum FailureNote<'a> {
    /// As they were (an attempt that expires keeps why it was declined).
    #[default]
    Keep,
    /// Gone (it succeeded or is processing after all).
    Clear,
    /// Why it failed: Stripe's code and the message for the person.
    Record(&'a str, &'a str),
}

/// Moves payment `id` to `to` from whichever of `sources` it is in (and
/// `also`, an extra SQL condition on `payments`, holds). Answers the status
/// it moved from. A source the payment life does not allow to become `to`
/// is a bug in the caller, refused before anything is written.
pub async fn move_payment(
    db: &impl ConnectionTrait,
    id: i64,
    sources: &[PaymentStatus],
    to: PaymentStatus,
    facts: PaymentFacts<'_>,
    also: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<PaymentStatus>, DbErr> {
    for &from in sources {
        from.to(to)?;
    }
    let mut text = String::from("UPDATE payments SET status = ?, updated_at = ?");
    let mut shared: Vec<Value> = vec![to.as_str().into(), now.into()];
    if let Some(pi) = facts.payment_intent.filter(|pi| fits(pi)) {
        text.push_str(", stripe_payment_intent_id = ?");
        shared.push(pi.into());
    }
    match facts.failure {
        FailureNote::Keep => {}
        FailureNote::Clear => text.push_str(", failure_code = NULL, failure_message = NULL"),
        FailureNote::Record(code, message) => {
            text.push_str(", failure_code = ?, failure_message = ?");
            shared.push(code.chars().take(100).collect::<String>().into());
            shared.push(message.into());
        }
    }
    text.push_str(" WHERE id = ? AND status = ?");
    if let Some(c) = also {
        text.push_str(" AND ");
        text.push_str(c);
    }
    for &from in sources {
        let mut values = shared.clone();
        values.push(id.into());
        values.push(from.as_str().into());
        if db.execute(sql(db, &text, values)).await?.rows_affected() == 1 {
            return Ok(Some(from));
        }
    }
    Ok(None)
}

/// Marks the money of payment `id` owed back, if it is kept (succeeded,
/// no refund under way). Answers whether it did.
pub async fn owe_refund(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(db
        .execute(sql(
            db,
            "UPDATE payments SET refund = 'owed', updated_at = ? \
             WHERE id = ? AND status = 'succeeded' AND refund IS NULL",
            vec![now.into(), id.into()],
        ))
        .await?
        .rows_affected()
        == 1)
}

/// Stripe ids longer than our columns are not Stripe's: not stored.
fn fits(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= 255
}

impl From<IllegalPaymentTransition> for DbErr {
    // A refused payment transition is a bug in the caller's checks: the
    // transaction it happens in is rolled back like any failed write.
    fn from(e: IllegalPaymentTransition) -> DbErr {
        DbErr::Custom(e.to_string())
    }
}
