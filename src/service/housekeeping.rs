//! Housekeeping the server runs on a timer: ending holds that ran out
//! (the sweeper) and asking Stripe about payments whose webhook may never
//! come (the reconciler). Both are safe to run on several instances at once.

use crate::entity::{booking, payment};
use crate::service::fulfil::{self, Fulfilment};
use crate::service::payments::{SessionState, StripeGateway};
use crate::{BookingId, BookingStatus, PaymentStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

/// How long a processing payment (a bank debit) is asked about.
const PROCESSING_WINDOW: Duration = Duration::days(15);
/// How often, at most, the minutely round asks about one.
const PROCESSING_RECHECK: Duration = Duration::hours(1);

/// Expires every pending booking whose hold has ended (unless a payment of
/// it is processing: a SEPA Direct Debit keeps the seat until the bank
/// answers): the seat is freed in the database first, then its open Checkout
/// Sessions are ended at Stripe. Returns how many bookings expired.
///
/// On PostgreSQL each booking is claimed with `FOR UPDATE SKIP LOCKED`, so
/// instances sweeping at once share the work instead of queueing on the same
/// rows. On SQLite (one instance) the conditional update in `end_hold`
/// decides alone.
pub async fn sweep_expired_holds(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut ended: Vec<(i64, Vec<String>)> = Vec::new();
    let due = booking::Entity::find()
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .filter(booking::Column::HoldExpiresAt.lt(now))
        .filter(fulfil::no_payment_processing())
        .order_by_asc(booking::Column::HoldExpiresAt);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        for _ in 0..SWEEP_LIMIT {
            let txn = db.begin().await?;
            let row = due
                .clone()
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .one(&txn)
                .await?;
            let Some(row) = row else {
                txn.rollback().await?;
                break;
            };
            let id = row.id;
            if fulfil::expire_booking(&txn, BookingId(id), now).await?
                == fulfil::Settled::BookingExpired
            {
                let sessions = fulfil::close_open_payments(&txn, BookingId(id), now).await?;
                txn.commit().await?;
                ended.push((id, sessions));
            } else {
                txn.rollback().await?;
            }
        }
    } else {
        for b in due.limit(SWEEP_LIMIT).all(db).await? {
            if let Some(sessions) = fulfil::end_hold(db, BookingId(b.id), now).await? {
                ended.push((b.id, sessions));
            }
        }
    }
    for (booking_id, sessions) in &ended {
        for sid in sessions {
            if let Err(e) = gateway.expire_session(sid).await {
                tracing::warn!(booking_id, error = %e, "could not expire a checkout session at Stripe");
            }
        }
    }
    Ok(ended.len())
}

/// Bookings one sweep ends at most.
const SWEEP_LIMIT: u64 = 500;

/// Asks Stripe about payments still open after their session should have
/// ended, and applies what it says. Returns how many were settled.
pub async fn reconcile_open_payments(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    reconcile(db, gateway, now, Some(now - Duration::minutes(1))).await
}

/// The start-up round: asks Stripe about every payment still open (not only
/// those whose session has ended), so a payment made while the server was
/// down, whose webhook is lost or not yet retried, is confirmed at once.
/// Returns how many were settled.
pub async fn reconcile_after_restart(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    reconcile(db, gateway, now, None).await
}

/// Payments open at Stripe (a Checkout Session, not settled here, touched in
/// the last two days), those whose session ended before `ended_before` only
/// when it is given, settled from what Stripe says. Processing payments (a
/// bank debit under way, which can take two weeks) are asked about for 15
/// days, at most hourly in the minutely rounds: each check stamps
/// `updated_at` (fulfilment locks the row by writing it).
async fn reconcile(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
    ended_before: Option<DateTime<Utc>>,
) -> Result<usize, DbErr> {
    let mut unsettled = Condition::all()
        .add(payment::Column::Status.is_in([
            PaymentStatus::Open,
            PaymentStatus::Failed,
            PaymentStatus::Expired,
        ]))
        .add(payment::Column::UpdatedAt.gt(now - Duration::days(2)));
    let mut processing = Condition::all()
        .add(payment::Column::Status.eq(PaymentStatus::Processing))
        .add(payment::Column::CreatedAt.gt(now - PROCESSING_WINDOW));
    if let Some(cutoff) = ended_before {
        unsettled = unsettled.add(payment::Column::ExpiresAt.lt(cutoff));
        processing = processing.add(payment::Column::UpdatedAt.lt(now - PROCESSING_RECHECK));
    }
    let open = payment::Entity::find()
        .filter(payment::Column::StripeCheckoutSessionId.is_not_null())
        .filter(Condition::any().add(unsettled).add(processing));
    let stale = open
        .order_by_asc(payment::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
    let mut settled = 0;
    for p in stale {
        let Some(sid) = p.stripe_checkout_session_id.clone() else {
            continue;
        };
        let txn = db.begin().await?;
        // PostgreSQL: claim the payment, or leave it to the instance that
        // has it. The lock is held while Stripe is asked, so the webhook for
        // this payment waits for us (and then finds it settled). SQLite has
        // one instance, and a transaction held across a network call would
        // block every writer: there the row lock comes later, in fulfilment.
        if postgres
            && payment::Entity::find_by_id(p.id)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .one(&txn)
                .await?
                .is_none()
        {
            txn.rollback().await?;
            continue;
        }
        let facts = match gateway.retrieve_session(&sid).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(payment_id = p.id, error = %e, "reconciler could not reach Stripe");
                txn.rollback().await?;
                continue;
            }
        };
        let outcome = if facts.paid || facts.state == SessionState::Complete {
            fulfil::fulfil_checkout(&txn, &facts, now).await?
        } else {
            if facts.state == SessionState::Expired && p.status != PaymentStatus::Expired {
                fulfil::expire_checkout(&txn, &sid, facts.payment_id, now).await?;
            }
            Fulfilment::NotPaid
        };
        if let Fulfilment::Confirmed(id) =
            fulfil::commit_completion(txn, db, gateway, outcome, now).await?
        {
            settled += 1;
            tracing::info!(
                booking_id = id,
                payment_id = p.id,
                "reconciler confirmed a paid booking"
            );
        }
    }
    Ok(settled)
}
