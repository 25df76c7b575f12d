//! Background jobs: the hold sweeper (every 30 s), the payment reconciler
//! (once at start-up over every open payment, then every minute over those
//! whose session has ended) and the outbox dispatcher (every 2 s). All are
//! safe to run again at any time; a lost webhook or a crash between payment
//! and webhook is repaired here.

use crate::mail::Mailer;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
};
use tessera::entity::{booking, payment};
use tessera::service::fulfil::{self, Fulfilment};
use tessera::service::payments::{SessionState, StripeGateway};
use tessera::service::refunds;
use tessera::{BookingStatus, PaymentStatus};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long a processing payment (a bank debit) is asked about.
const PROCESSING_WINDOW: Duration = Duration::days(15);
/// How often, at most, the minutely round asks about one.
const PROCESSING_RECHECK: Duration = Duration::hours(1);

/// Running jobs, stopped together.
pub struct Jobs {
    stop: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl Jobs {
    /// Starts the sweeper, the reconciler and the outbox dispatcher.
    pub fn start(db: DatabaseConnection, gateway: StripeGateway, mailer: Mailer) -> Jobs {
        let (stop, rx) = watch::channel(false);
        let dispatcher = {
            let (db, mut rx) = (db.clone(), rx.clone());
            tokio::spawn(async move {
                loop {
                    match crate::mail::dispatch_due(&db, &mailer, Utc::now()).await {
                        // A full batch: more may be waiting, go again at once.
                        Ok(d) if d.sent + d.retrying + d.failed >= crate::mail::BATCH as usize => {
                            continue;
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "email dispatch failed; will retry"),
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
                        _ = rx.changed() => break,
                    }
                }
            })
        };
        let sweeper = {
            let (db, gateway, mut rx) = (db.clone(), gateway.clone(), rx.clone());
            tokio::spawn(async move {
                loop {
                    if let Err(e) = sweep_expired_holds(&db, &gateway, Utc::now()).await {
                        tracing::warn!(error = %e, "hold sweep failed; will retry");
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
                        _ = rx.changed() => break,
                    }
                }
            })
        };
        let reconciler = {
            let mut rx = rx;
            tokio::spawn(async move {
                // Start-up: webhooks sent while this instance was down (or
                // lost when it was killed mid-delivery) may never come, and
                // the people who paid should not wait for their session's
                // end to be confirmed. Ask Stripe about every open payment.
                match reconcile_after_restart(&db, &gateway, Utc::now()).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(settled = n, "start-up reconciliation confirmed payments")
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "start-up reconciliation failed; the minutely round will retry")
                    }
                }
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
                        _ = rx.changed() => break,
                    }
                    if let Err(e) = reconcile_open_payments(&db, &gateway, Utc::now()).await {
                        tracing::warn!(error = %e, "payment reconciliation failed; will retry");
                    }
                    if let Err(e) =
                        tessera::service::refunds::retry_owed_refunds(&db, &gateway, Utc::now())
                            .await
                    {
                        tracing::warn!(error = %e, "retrying owed refunds failed; will retry");
                    }
                }
            })
        };
        Jobs {
            stop,
            handles: vec![sweeper, reconciler, dispatcher],
        }
    }

    /// Stops both and waits for the current round to finish.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for h in self.handles {
            let _ = h.await;
        }
    }
}

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
    if db.get_database_backend() == DatabaseBackend::Postgres {
        for _ in 0..SWEEP_LIMIT {
            let txn = db.begin().await?;
            let row = txn
                .query_one(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    format!(
                        "SELECT id FROM bookings WHERE status = 'pending_payment' AND hold_expires_at < $1 \
                         AND {} ORDER BY hold_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED",
                        fulfil::NO_PAYMENT_PROCESSING
                    ),
                    vec![now.into()],
                ))
                .await?;
            let Some(row) = row else {
                txn.rollback().await?;
                break;
            };
            let id: i64 = row.try_get("", "id")?;
            if fulfil::expire_booking(&txn, id, now).await? == fulfil::Settled::BookingExpired {
                let sessions = fulfil::close_open_payments(&txn, id, now).await?;
                txn.commit().await?;
                ended.push((id, sessions));
            } else {
                txn.rollback().await?;
            }
        }
    } else {
        let due = booking::Entity::find()
            .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
            .filter(booking::Column::HoldExpiresAt.lt(now))
            .filter(sea_orm::sea_query::Expr::cust(
                fulfil::NO_PAYMENT_PROCESSING,
            ))
            .order_by_asc(booking::Column::HoldExpiresAt)
            .limit(SWEEP_LIMIT)
            .all(db)
            .await?;
        for b in due {
            if let Some(sessions) = fulfil::end_hold(db, b.id, now).await? {
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
            && txn
                .query_one(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT id FROM payments WHERE id = $1 FOR UPDATE SKIP LOCKED",
                    vec![p.id.into()],
                ))
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
                fulfil::expire_checkout(&txn, &sid, now).await?;
            }
            Fulfilment::NotPaid
        };
        txn.commit().await?;
        match outcome {
            Fulfilment::Confirmed(id) => {
                settled += 1;
                tracing::info!(
                    booking_id = id,
                    payment_id = p.id,
                    "reconciler confirmed a paid booking"
                );
            }
            Fulfilment::RefundOwed { payment_id } => {
                refunds::settle(db, gateway, payment_id, now).await?;
            }
            _ => {}
        }
    }
    Ok(settled)
}
