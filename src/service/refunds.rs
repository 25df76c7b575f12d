//! Refunds: owed ones are recorded (`payments.refund = 'owed'`) in the same
//! transaction as the fact that owes them (a cancellation the policy refunds,
//! money that arrived without a seat), then asked of Stripe after commit. One
//! refund per payment ever: the idempotency key is the payment's, so asking
//! again (the reconciler, a second instance) replays Stripe's first answer.

use crate::booking::{PaymentStatus, RefundState};
use crate::entity::{attendee, booking_move, payment};
use crate::ids::{AttendeeId, PaymentId};
use crate::service::payments::{GatewayError, StripeGateway};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Statement,
};

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
pub fn refund_key(payment_id: PaymentId) -> String {
    format!("tessera-refund-{payment_id}")
}

async fn set_state(
    db: &impl ConnectionTrait,
    payment_id: PaymentId,
    state: RefundState,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    payment::Entity::update_many()
        .col_expr(payment::Column::Refund, Expr::value(state))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(payment_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.eq(RefundState::Owed))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a seat's or a move's partial refund of payment `p` is still
/// owed (not yet taken by Stripe).
async fn parts_owed(db: &impl ConnectionTrait, p: &payment::Model) -> Result<bool, DbErr> {
    let seats = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(p.booking_id))
        .filter(attendee::Column::Refund.eq(RefundState::Owed))
        .one(db)
        .await?;
    let moves = booking_move::Entity::find()
        .filter(booking_move::Column::PaymentId.eq(p.id))
        .filter(booking_move::Column::Refund.eq(RefundState::Owed))
        .one(db)
        .await?;
    Ok(seats.is_some() || moves.is_some())
}

/// Asks Stripe to refund what is left of `p` if a refund is owed on it.
/// Partial refunds still owed on it (a seat's, a move's) keep their part:
/// this one asks for the rest only, so they can still be paid after it.
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
        set_state(db, PaymentId(p.id), RefundState::Refused, now).await?;
        return Ok(RefundRequest::Refused);
    };
    let key = refund_key(PaymentId(p.id));
    let asked = if parts_owed(db, p).await? {
        match refundable_left(db, PaymentId(p.id)).await? {
            // The owed parts are all there is left: they settle it.
            0 => {
                set_state(db, PaymentId(p.id), RefundState::Requested, now).await?;
                return Ok(RefundRequest::NothingOwed);
            }
            left => gateway.refund_part(pi, left, &key).await,
        }
    } else {
        gateway.refund(pi, &key).await
    };
    match asked {
        Ok(id) => {
            set_state(db, PaymentId(p.id), RefundState::Requested, now).await?;
            tracing::info!(payment_id = p.id, refund = %id, "refund requested");
            Ok(RefundRequest::Requested(id))
        }
        Err(GatewayError::Unavailable(e)) => {
            tracing::error!(payment_id = p.id, error = %e, "refund request failed; it stays owed and will be retried");
            Ok(RefundRequest::StillOwed)
        }
        Err(e @ GatewayError::Refused { .. }) => {
            tracing::error!(payment_id = p.id, error = %e, "Stripe refused a refund; an admin must look");
            set_state(db, PaymentId(p.id), RefundState::Refused, now).await?;
            Ok(RefundRequest::Refused)
        }
    }
}

/// After the transaction that owed it has committed: asks for the refund
/// owed on payment `payment_id`, if one still is.
pub async fn settle(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    payment_id: PaymentId,
    now: DateTime<Utc>,
) -> Result<RefundRequest, DbErr> {
    match payment::Entity::find_by_id(payment_id.get())
        .one(db)
        .await?
    {
        Some(p) => request_refund(db, gateway, &p, now).await,
        None => Ok(RefundRequest::NothingOwed),
    }
}

/// The idempotency key of the refund of one seat of a payment.
pub fn seat_refund_key(payment_id: PaymentId, attendee_id: AttendeeId) -> String {
    format!("tessera-refund-{payment_id}-seat-{attendee_id}")
}

/// Asks Stripe for the refund owed on one cancelled seat, if one still is:
/// the seat's `refund_amount` of the payment that paid for its booking.
#[tracing::instrument(name = "request_seat_refund", skip_all, fields(attendee_id = attendee_id.get()))]
pub async fn request_seat_refund(
    db: &impl ConnectionTrait,
    gateway: &StripeGateway,
    attendee_id: AttendeeId,
    now: DateTime<Utc>,
) -> Result<RefundRequest, DbErr> {
    let Some(seat) = attendee::Entity::find_by_id(attendee_id.get())
        .one(db)
        .await?
        .filter(|a| a.refund == Some(RefundState::Owed) && a.refund_amount > 0)
    else {
        return Ok(RefundRequest::NothingOwed);
    };
    let paid = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(seat.booking_id))
        .filter(payment::Column::Status.is_in([PaymentStatus::Succeeded, PaymentStatus::Refunded]))
        .one(db)
        .await?;
    let set = |state: RefundState| {
        attendee::Entity::update_many()
            .col_expr(attendee::Column::Refund, Expr::value(state))
            .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
            .filter(attendee::Column::Id.eq(attendee_id))
            .filter(attendee::Column::Refund.eq(RefundState::Owed))
            .exec(db)
    };
    let Some((payment_id, Some(pi))) = paid.map(|p| (p.id, p.stripe_payment_intent_id)) else {
        tracing::error!(
            attendee_id = attendee_id.get(),
            "a seat's refund is owed but its payment is unknown"
        );
        set(RefundState::Refused).await?;
        return Ok(RefundRequest::Refused);
    };
    match gateway
        .refund_part(
            &pi,
            seat.refund_amount,
            &seat_refund_key(PaymentId(payment_id), attendee_id),
        )
        .await
    {
        Ok(id) => {
            set(RefundState::Requested).await?;
            tracing::info!(attendee_id = attendee_id.get(), refund = %id, "seat refund requested");
            Ok(RefundRequest::Requested(id))
        }
        Err(GatewayError::Unavailable(e)) => {
            tracing::error!(attendee_id = attendee_id.get(), error = %e, "seat refund request failed; it stays owed and will be retried");
            Ok(RefundRequest::StillOwed)
        }
        Err(e @ GatewayError::Refused { .. }) => {
            tracing::error!(attendee_id = attendee_id.get(), error = %e, "Stripe refused a seat refund; an admin must look");
            set(RefundState::Refused).await?;
            Ok(RefundRequest::Refused)
        }
    }
}

/// The idempotency key of the refund a move to a cheaper date owes.
pub fn move_refund_key(payment_id: PaymentId, move_id: i64) -> String {
    format!("tessera-refund-{payment_id}-move-{move_id}")
}

/// Asks Stripe for the difference a move to a cheaper date owes, if it
/// still is owed: the move's `refund_amount` of its payment.
#[tracing::instrument(name = "request_move_refund", skip_all, fields(move_id = move_id))]
pub async fn request_move_refund(
    db: &impl ConnectionTrait,
    gateway: &StripeGateway,
    move_id: i64,
) -> Result<RefundRequest, DbErr> {
    let Some(owed) = booking_move::Entity::find_by_id(move_id)
        .one(db)
        .await?
        .filter(|m| m.refund == Some(RefundState::Owed) && m.refund_amount > 0)
    else {
        return Ok(RefundRequest::NothingOwed);
    };
    let set = |state: RefundState| {
        booking_move::Entity::update_many()
            .col_expr(booking_move::Column::Refund, Expr::value(state))
            .filter(booking_move::Column::Id.eq(move_id))
            .filter(booking_move::Column::Refund.eq(RefundState::Owed))
            .exec(db)
    };
    let paid = match owed.payment_id {
        Some(id) => payment::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let Some((payment_id, Some(pi))) = paid.map(|p| (p.id, p.stripe_payment_intent_id)) else {
        tracing::error!(
            move_id,
            "a move's refund is owed but its payment is unknown"
        );
        set(RefundState::Refused).await?;
        return Ok(RefundRequest::Refused);
    };
    match gateway
        .refund_part(
            &pi,
            owed.refund_amount,
            &move_refund_key(PaymentId(payment_id), move_id),
        )
        .await
    {
        Ok(id) => {
            set(RefundState::Requested).await?;
            tracing::info!(move_id, refund = %id, "move refund requested");
            Ok(RefundRequest::Requested(id))
        }
        Err(GatewayError::Unavailable(e)) => {
            tracing::error!(move_id, error = %e, "move refund request failed; it stays owed and will be retried");
            Ok(RefundRequest::StillOwed)
        }
        Err(e @ GatewayError::Refused { .. }) => {
            tracing::error!(move_id, error = %e, "Stripe refused a move refund; an admin must look");
            set(RefundState::Refused).await?;
            Ok(RefundRequest::Refused)
        }
    }
}

/// What is left to give back of payment `payment_id`: what it took, less
/// what is refunded already and the seat and move refunds still owed.
/// Refunded already is what Stripe last reported (`amount_refunded`:
/// Tessera's and its dashboard's), or the seat and move refunds Stripe has
/// taken when that is more
/// (Stripe counts a refund as soon as it takes it; its report may lag).
/// Never below zero: a seat's refund is capped by it, so what Tessera asks
/// back never exceeds what was paid (and Stripe refuses more than is left).
pub async fn refundable_left(
    db: &impl ConnectionTrait,
    payment_id: PaymentId,
) -> Result<i64, DbErr> {
    let row = db
        .query_one(Statement::from_sql_and_values(
            db.get_database_backend(),
            // One statement, so one snapshot; `$1` is read by SQLite too.
            "SELECT CAST(p.amount \
               - CASE WHEN p.amount_refunded > COALESCE(s.requested, 0) + COALESCE(m.requested, 0) \
                      THEN p.amount_refunded \
                      ELSE COALESCE(s.requested, 0) + COALESCE(m.requested, 0) END \
               - COALESCE(s.owed, 0) - COALESCE(m.owed, 0) AS BIGINT) AS left_over \
             FROM payments p LEFT JOIN ( \
               SELECT booking_id, \
                 SUM(CASE WHEN refund = 'requested' THEN refund_amount ELSE 0 END) AS requested, \
                 SUM(CASE WHEN refund = 'owed' THEN refund_amount ELSE 0 END) AS owed \
               FROM attendees GROUP BY booking_id) s ON s.booking_id = p.booking_id \
             LEFT JOIN ( \
               SELECT payment_id, \
                 SUM(CASE WHEN refund = 'requested' THEN refund_amount ELSE 0 END) AS requested, \
                 SUM(CASE WHEN refund = 'owed' THEN refund_amount ELSE 0 END) AS owed \
               FROM booking_moves WHERE payment_id IS NOT NULL GROUP BY payment_id) m \
               ON m.payment_id = p.id \
             WHERE p.id = $1",
            vec![payment_id.into()],
        ))
        .await?;
    let left: i64 = match row {
        Some(r) => r.try_get("", "left_over")?,
        None => 0,
    };
    Ok(left.max(0))
}

/// What Stripe last reported refunded on each of `payments` (by Tessera or
/// in its dashboard); payments with nothing refunded are absent.
pub async fn amounts_refunded(
    db: &impl ConnectionTrait,
    payments: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, DbErr> {
    if payments.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    // The column is not in the entity (older schemas in the migration
    // tests read payments through it), so the query names it.
    let query = Query::select()
        .column(Alias::new("id"))
        .column(Alias::new("amount_refunded"))
        .from(Alias::new("payments"))
        .and_where(Expr::col(Alias::new("id")).is_in(payments.iter().copied()))
        .and_where(Expr::col(Alias::new("amount_refunded")).gt(0))
        .to_owned();
    let rows = db
        .query_all(db.get_database_backend().build(&query))
        .await?;
    rows.into_iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "amount_refunded")?)))
        .collect()
}

/// Stripe reports `amount_refunded` in all on a payment (`charge.refunded`):
/// recorded, never lowered (events may arrive out of order).
pub async fn record_amount_refunded(
    db: &impl ConnectionTrait,
    payment_intent: &str,
    amount_refunded: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // `amount_refunded` is not in the entity (see `amounts_refunded`).
    let column = Alias::new("amount_refunded");
    let update = Query::update()
        .table(payment::Entity)
        .value(column.clone(), amount_refunded)
        .value(payment::Column::UpdatedAt, now)
        .and_where(payment::Column::StripePaymentIntentId.eq(payment_intent))
        .and_where(Expr::col(column).lt(amount_refunded))
        .to_owned();
    db.execute(db.get_database_backend().build(&update)).await?;
    Ok(())
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
    let seats_owed = crate::entity::attendee::Entity::find()
        .filter(crate::entity::attendee::Column::Refund.eq(RefundState::Owed))
        .all(db)
        .await?;
    for seat in seats_owed {
        if matches!(
            request_seat_refund(db, gateway, AttendeeId(seat.id), now).await?,
            RefundRequest::Requested(_)
        ) {
            sent += 1;
        }
    }
    let moves_owed = booking_move::Entity::find()
        .filter(booking_move::Column::Refund.eq(RefundState::Owed))
        .all(db)
        .await?;
    for m in moves_owed {
        if matches!(
            request_move_refund(db, gateway, m.id).await?,
            RefundRequest::Requested(_)
        ) {
            sent += 1;
        }
    }
    Ok(sent)
}
