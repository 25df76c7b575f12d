//! Writing a status: the one place it happens for bookings and payments.
//! Every change is an `UPDATE … WHERE id = ? AND status = ?`, tried for each
//! status the change may start from, oldest in the life first, and answers
//! the status it moved *from* (or `None`). So of two writers racing on one
//! row exactly one changes it, and each knows what it changed: nothing is
//! decided on a row read before the write. A waiting-list offer held by a
//! booking follows it in the same transaction.

use crate::booking::{
    BookingEvent, BookingStatus, IllegalPaymentTransition, PaymentStatus, RefundState,
};
use crate::entity::{booking, payment};
use crate::ids::{BookingId, PaymentId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Moves booking `id` by `event` if it is in a status the event applies to
/// (and `also`, an extra condition on `bookings`, holds). Answers the
/// status it moved from.
pub async fn move_booking(
    db: &impl ConnectionTrait,
    id: BookingId,
    event: BookingEvent,
    also: Option<SimpleExpr>,
    now: DateTime<Utc>,
) -> Result<Option<BookingStatus>, DbErr> {
    let Some((sources, to)) = event.transition() else {
        return Ok(None);
    };
    let mut update = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(to))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now));
    let none = Expr::value(Option::<DateTime<Utc>>::None);
    update = match to {
        BookingStatus::Confirmed => update
            .col_expr(booking::Column::ConfirmedAt, Expr::value(now))
            .col_expr(booking::Column::HoldExpiresAt, none.clone())
            .col_expr(booking::Column::CancelledAt, none),
        BookingStatus::Cancelled => update
            .col_expr(booking::Column::CancelledAt, Expr::value(now))
            .col_expr(booking::Column::HoldExpiresAt, none),
        BookingStatus::Expired => update.col_expr(booking::Column::HoldExpiresAt, none),
        BookingStatus::PendingPayment => update,
    };
    if let Some(also) = also {
        update = update.filter(also);
    }
    // `BookingStatus::ALL` is in the order of a booking's life, so a row
    // that moves on while the sources are tried moves into a later one.
    for from in sources {
        let moved = update
            .clone()
            .filter(booking::Column::Id.eq(id))
            .filter(booking::Column::Status.eq(from))
            .exec(db)
            .await?
            .rows_affected;
        if moved == 1 {
            // A waiting-list offer's fate is its booking's.
            crate::service::waitlist::booking_moved(db, id, to, now).await?;
            // A hold that ends unpaid gives its voucher's use back.
            if from == BookingStatus::PendingPayment
                && matches!(to, BookingStatus::Cancelled | BookingStatus::Expired)
            {
                crate::service::vouchers::give_back(db, id, now).await?;
            }
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

/// Moves payment `id` to `to` from whichever of `sources` it is in. Answers
/// the status it moved from. A source the payment life does not allow to
/// become `to` is a bug in the caller, refused before anything is written.
pub async fn move_payment(
    db: &impl ConnectionTrait,
    id: PaymentId,
    sources: &[PaymentStatus],
    to: PaymentStatus,
    facts: PaymentFacts<'_>,
    now: DateTime<Utc>,
) -> Result<Option<PaymentStatus>, DbErr> {
    for &from in sources {
        from.to(to)?;
    }
    let mut update = payment::Entity::update_many()
        .col_expr(payment::Column::Status, Expr::value(to))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now));
    if let Some(pi) = facts.payment_intent.filter(|pi| fits(pi)) {
        update = update.col_expr(payment::Column::StripePaymentIntentId, Expr::value(pi));
    }
    let none = Expr::value(Option::<String>::None);
    update = match facts.failure {
        FailureNote::Keep => update,
        FailureNote::Clear => update
            .col_expr(payment::Column::FailureCode, none.clone())
            .col_expr(payment::Column::FailureMessage, none),
        FailureNote::Record(code, message) => update
            .col_expr(
                payment::Column::FailureCode,
                Expr::value(code.chars().take(100).collect::<String>()),
            )
            .col_expr(payment::Column::FailureMessage, Expr::value(message)),
    };
    for &from in sources {
        let moved = update
            .clone()
            .filter(payment::Column::Id.eq(id))
            .filter(payment::Column::Status.eq(from))
            .exec(db)
            .await?
            .rows_affected;
        if moved == 1 {
            return Ok(Some(from));
        }
    }
    Ok(None)
}

/// Marks the money of payment `id` owed back, if it is kept (succeeded,
/// no refund under way). Answers whether it did.
pub async fn owe_refund(
    db: &impl ConnectionTrait,
    id: PaymentId,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let owed = payment::Entity::update_many()
        .col_expr(payment::Column::Refund, Expr::value(RefundState::Owed))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(id))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(owed == 1)
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
