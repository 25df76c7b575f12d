//! Background jobs' timing: the hold sweeper (every 30 s, which also offers
//! seats freed anywhere to waiting lists, queues due reminders and refunds
//! the unanswered move offers of cancelled dates that started), the payment
//! reconciler (once at start-up over every open payment, then every minute
//! over those whose session has ended, with owed refunds retried) and the
//! outbox dispatcher (every 2 s). What each round does is the services'
//! (`tessera::service::housekeeping`, `refunds`); all are safe to run again
//! at any time, on any number of instances.

use crate::mail::Mailer;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use tessera::service::housekeeping::{
    reconcile_after_restart, reconcile_open_payments, sweep_expired_holds,
};
use tessera::service::payments::StripeGateway;
use tessera::service::{reminders, waitlist};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What the jobs need to know of the configuration.
#[derive(Debug, Clone, Copy)]
pub struct JobSettings {
    /// Offer deadlines and the list's cut-off.
    pub waitlist: tessera::waitlist::WaitlistPolicy,
    /// When reminders go out before a course.
    pub reminder_before: chrono::Duration,
}

/// Running jobs, stopped together.
pub struct Jobs {
    stop: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl Jobs {
    /// Starts the sweeper, the reconciler and the outbox dispatcher.
    pub fn start(
        db: DatabaseConnection,
        gateway: StripeGateway,
        mailer: Mailer,
        settings: JobSettings,
    ) -> Jobs {
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
                let mut digests_for = None;
                loop {
                    if let Err(e) = sweep_expired_holds(&db, &gateway, Utc::now()).await {
                        tracing::warn!(error = %e, "hold sweep failed; will retry");
                    }
                    // Seats freed by the sweep, a webhook or anything else
                    // since: to the waiting lists.
                    if let Err(e) =
                        waitlist::offer_everywhere(&db, &settings.waitlist, Utc::now()).await
                    {
                        tracing::warn!(error = %e, "offering freed seats failed; will retry");
                    }
                    if let Err(e) =
                        reminders::queue_due(&db, settings.reminder_before, Utc::now()).await
                    {
                        tracing::warn!(error = %e, "queueing reminders failed; will retry");
                    }
                    if let Err(e) =
                        tessera::service::instructor_mail::queue_day_before(&db, Utc::now()).await
                    {
                        tracing::warn!(error = %e, "queueing instructors' lists failed; will retry");
                    }
                    // Once a day (and at start-up): yesterday's changes to
                    // each instructor who wants them.
                    let today = Utc::now().date_naive();
                    if digests_for != Some(today) {
                        match tessera::service::instructor_mail::queue_digests(&db, Utc::now())
                            .await
                        {
                            Ok(_) => digests_for = Some(today),
                            Err(e) => {
                                tracing::warn!(error = %e, "queueing instructors' digests failed; will retry")
                            }
                        }
                    }
                    // Cancelled dates that started: who did not choose
                    // another date is refunded.
                    if let Err(e) =
                        tessera::service::cancel::refund_unanswered(&db, &gateway, Utc::now()).await
                    {
                        tracing::warn!(error = %e, "refunding unanswered move offers failed; will retry");
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
                    // Devices whose sessions expired unseen leave the lists.
                    if let Err(e) = tessera::service::devices::sweep(&db, Utc::now()).await {
                        tracing::warn!(error = %e, "sweeping expired devices failed; will retry");
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
