//! Cancelling a booking. A pending one frees its seat; a confirmed one frees
//! its seat at once and is refunded in full when the policy allows (members:
//! until the cut-off before the start; admins: always). The money is marked
//! refunded when Stripe confirms (`charge.refunded`).

use crate::booking::{BookingStatus, PaymentStatus};
use crate::entity::{booking, course, payment};
use crate::ids::{BookingId, UserId};
use crate::service::fulfil::{close_open_payments, release_seat};
use crate::service::payments::{GatewayError, StripeGateway};
use crate::service::sql;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

/// Who is cancelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The booking's owner.
    Member(UserId),
    /// An administrator (refunds regardless of the cut-off).
    Admin,
}

/// When a member's cancellation is still refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundPolicy {
    /// Full refund until this long before the course starts.
    pub cutoff: Duration,
}

impl Default for RefundPolicy {
    fn default() -> Self {
        RefundPolicy {
            cutoff: Duration::hours(48),
        }
    }
}

impl RefundPolicy {
    /// Whether cancelling at `now` a course starting at `starts_at` is refunded.
    pub fn refundable(&self, actor: Actor, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        actor == Actor::Admin || now < starts_at - self.cutoff
    }
}

/// What cancelling did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cancelled {
    /// A pending booking released; nothing was paid.
    Released,
    /// A confirmed booking cancelled; the refund was requested from Stripe
    /// (`refund_id`), or owed and to be retried when Stripe failed.
    Refunding {
        /// Stripe's refund id, when the request went through.
        refund_id: Option<String>,
    },
    /// Cancelled without a refund (after the cut-off, or a free course).
    NoRefund,
    /// It was already cancelled or expired: nothing changed.
    AlreadyEnded,
}

/// Why a booking could not be cancelled.
#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// No such booking (or not the member's).
    #[error("booking {0} not found")]
    NotFound(BookingId),
    /// The course has already started.
    #[error("booking {0}: the course has started")]
    Started(BookingId),
    /// The database failed.
    #[error("cancelling a booking")]
    Database(#[from] DbErr),
}

/// Cancels `id` as `actor` at `now`.
pub async fn cancel_booking(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    id: BookingId,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Cancelled, CancelError> {
    let b = booking::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    if let Actor::Member(user) = actor
        && b.user_id != user.get()
    {
        return Err(CancelError::NotFound(id));
    }
    let c = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    if c.starts_at <= now && actor != Actor::Admin {
        return Err(CancelError::Started(id));
    }
    let txn = db.begin().await?;
    // Write first: the conditional update decides, once, who cancels.
    let changed = txn
        .execute(sql(
            &txn,
            "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, hold_expires_at = NULL, updated_at = ? \
             WHERE id = ? AND status IN ('pending_payment', 'confirmed')",
            vec![now.into(), now.into(), id.get().into()],
        ))
        .await?
        .rows_affected();
    if changed == 0 {
        txn.rollback().await?;
        return Ok(Cancelled::AlreadyEnded);
    }
    release_seat(&txn, b.course_id, now).await?;
    let sessions = close_open_payments(&txn, b.id, now).await?;
    let pays = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .all(&txn)
        .await?;
    let paid = pays
        .iter()
        .find(|p| p.status == PaymentStatus::Succeeded)
        .cloned();
    let refund = b.status == BookingStatus::Confirmed
        && paid.is_some()
        && policy.refundable(actor, c.starts_at, now);
    if let (true, Some(p)) = (refund, &paid) {
        let mut a: payment::ActiveModel = p.clone().into();
        a.failure_code = Set(Some("refund_requested".to_owned()));
        a.updated_at = Set(now);
        a.update(&txn).await?;
    }
    txn.commit().await?;
    for sid in sessions {
        if let Err(e) = gateway.expire_session(&sid).await {
            tracing::warn!(booking_id = b.id, error = %e, "could not expire a checkout session");
        }
    }
    tracing::info!(booking_id = b.id, refund, "booking cancelled");
    if b.status == BookingStatus::PendingPayment {
        return Ok(Cancelled::Released);
    }
    match (refund, paid) {
        (true, Some(p)) => Ok(Cancelled::Refunding {
            refund_id: request_refund(db, gateway, &p, now).await?,
        }),
        _ => Ok(Cancelled::NoRefund),
    }
}

/// Asks Stripe to refund `p` in full, once (the idempotency key is the
/// payment's). A failure is recorded on the payment for the reconciler.
pub async fn request_refund(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    p: &payment::Model,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(pi) = p.stripe_payment_intent_id.as_deref() else {
        tracing::error!(
            payment_id = p.id,
            "refund owed but no payment intent is known"
        );
        return Ok(None);
    };
    match gateway
        .refund(pi, &format!("tessera-refund-{}", p.id))
        .await
    {
        Ok(id) => Ok(Some(id)),
        Err(e) => {
            let code = match e {
                GatewayError::Unavailable(_) => "refund_failed",
                GatewayError::Refused { .. } => "refund_refused",
            };
            tracing::error!(payment_id = p.id, error = %e, "refund request failed; it will be retried");
            db.execute(sql(
                db,
                "UPDATE payments SET failure_code = ?, updated_at = ? WHERE id = ? AND status = 'succeeded'",
                vec![code.into(), now.into(), p.id.into()],
            ))
            .await?;
            Ok(None)
        }
    }
}

/// Refunds still owed (Stripe was down when they were asked for). The
/// reconciler calls this every round.
pub async fn retry_owed_refunds(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let owed = payment::Entity::find()
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::FailureCode.eq("refund_failed"))
        .all(db)
        .await?;
    let mut sent = 0;
    for p in owed {
        if request_refund(db, gateway, &p, now).await?.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}
