//! Refunds: owed ones are recorded (`payments.refund = 'owed'`) in the same
//! transaction as the fact that owes them (a cancellation the policy refunds,
//! money that arrived without a seat), then asked of Stripe after commit. One
//! refund per payment ever: the idempotency key is the payment's, so asking
//! again (the reconciler, a second instance) replays Stripe's first answer.

use crate::booking::{PaymentStatus, RefundState};
use crate::entity::payment;
use crate::service::payments::{GatewayError, StripeGateway};
use crate::service::sql;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// What asking Stripe for an owed refund came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundRequest {
    /// Stripe took it (`re_…`); `charge.refunded` will follow.
    Requested(String),
    /// Stripe could not be reached: still owed, the reconciler asks again.
    StillOwed,
    /// Stripe refused it: marked refused for an admin to look at.
    Refused,
    /// Nothing was owed on this payment (or it is already refunded).
    NothingOwed,
}

/// The idempotency key of a payment's one refund.
pub fn refund_key(payment_id: i64) -> String {
    format!("tessera-refund-{payment_id}")
}

async fn set_state(
    db: &impl ConnectionTrait,
    payment_id: i64,
    state: RefundState,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db.execute(sql(
        db,
        "UPDATE payments SET refund = ?, updated_at = ? \
         WHERE id = ? AND status = 'succeeded' AND refund = 'owed'",
        vec![state.into(), now.into(), payment_id.into()],
    ))
    .await?;
    Ok(())
}

/// Asks Stripe to refund `p` in full if a refund is owed on it.
#[tracing::instrument(name = "request_refund", skip_all, fields(payment_id = p.id, booking_id = p.booking_id))]
pub async fn request_refund(
    db: &impl ConnectionTrait,
    gateway: &StripeGateway,
    p: &payment::Model,
    now: DateTime<Utc>,
) -> Result<RefundRequest, DbErr> {
    if p.status != PaymentStatus::Succeeded || p.refund != Some(RefundState::Owed) {
        return Ok(RefundRequest::NothingOwed);
    }
    let Some(pi) = p.stripe_payment_intent_id.as_deref() else {
        tracing::error!(
            payment_id = p.id,
            "refund owed but no payment intent is known"
        );
        set_state(db, p.id, RefundState::Refused, now).await?;
        return Ok(RefundRequest::Refused);
    };
    match gateway.refund(pi, &refund_key(p.id)).await {
        Ok(id) => {
            set_state(db, p.id, RefundState::Requested, now).await?;
            tracing::info!(payment_id = p.id, refund = %id, "refund requested");
            Ok(RefundRequest::Requested(id))
        }
        Err(GatewayError::Unavailable(e)) => {
            tracing::error!(payment_id = p.id, error = %e, "refund request failed; it stays owed and will be retried");
            Ok(RefundRequest::StillOwed)
        }
        Err(e @ GatewayError::Refused { .. }) => {
            tracing::error!(payment_id = p.id, error = %e, "Stripe refused a refund; an admin must look");
            set_state(db, p.id, RefundState::Refused, now).await?;
            Ok(RefundRequest::Refused)
        }
    }
}

/// After the transaction that owed it has committed: asks for the refund
/// owed on payment `payment_id`, if one still is.
pub async fn settle(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    payment_id: i64,
    now: DateTime<Utc>,
) -> Result<RefundRequest, DbErr> {
    match payment::Entity::find_by_id(payment_id).one(db).await? {
        Some(p) => request_refund(db, gateway, &p, now).await,
        None => Ok(RefundRequest::NothingOwed),
    }
}

/// Refunds still owed (Stripe was unreachable, or the process stopped
/// between committing and asking). The reconciler calls this every round.
pub async fn retry_owed_refunds(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let owed = payment::Entity::find()
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.eq(RefundState::Owed))
        .all(db)
        .await?;
    let mut sent = 0;
    for p in owed {
        if matches!(
            request_refund(db, gateway, &p, now).await?,
            RefundRequest::Requested(_)
        ) {
            sent += 1;
        }
    }
    Ok(sent)
}
