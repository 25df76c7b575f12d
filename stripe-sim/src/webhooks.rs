//! Webhook delivery: every event is POSTed to the endpoint as JSON, signed
//! with `Stripe-Signature`, at least once. A non-2xx answer or a connection
//! failure is retried after each delay of the retry schedule in turn. The
//! queue is part of the saved state, so deliveries survive a restart.
//!
//! With `duplicate_and_shuffle`, every event is queued twice and each batch
//! is shuffled and sent with random jitter, so a receiver sees duplicates
//! out of order, as it may from Stripe.

use super::ids::{now, now_ms};
use super::model::Delivery;
use super::render;
use super::signature::sign;
use super::state::SimState;
use rand::Rng;
use rand::seq::SliceRandom;
use std::time::Duration;
use tokio::sync::watch;

/// How long a delivery in flight is reserved before it is retried anyway
/// (longer than the HTTP timeout; covers a crash mid-delivery).
const LEASE_MS: i64 = 60_000;
/// With shuffling on: how long to gather a batch, and the jitter per send.
const BATCH_WINDOW: Duration = Duration::from_millis(100);
const MAX_JITTER_MS: u64 = 100;

/// Delivers queued events until `shutdown` fires.
pub(crate) async fn run(state: SimState, mut shutdown: watch::Receiver<bool>) {
    let Some(url) = state.config().webhook_url.clone() else {
        let _ = shutdown.changed().await;
        return;
    };
    let shuffle = state.config().duplicate_and_shuffle;
    loop {
        let next_due = state.lock().await.next_delivery_due();
        let wait = next_due.map_or(Duration::from_secs(3600), |due| millis(due - now_ms()));
        if !wait.is_zero() {
            tokio::select! {
                _ = state.deliveries_changed() => continue,
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => return,
            }
        }
        if shuffle {
            tokio::select! {
                _ = tokio::time::sleep(BATCH_WINDOW) => {}
                _ = shutdown.changed() => return,
            }
        }
        let mut batch = {
            let mut store = state.lock().await;
            let now = now_ms();
            let batch = store.lease_due_deliveries(now, now + LEASE_MS);
            if let Err(error) = state.commit(&store).await {
                tracing::error!(%error, "stripe simulator could not save the webhook queue");
            }
            batch
        };
        if shuffle {
            let jitters: Vec<u64> = {
                let mut rng = rand::rng();
                batch.shuffle(&mut rng);
                batch
                    .iter()
                    .map(|_| rng.random_range(0..=MAX_JITTER_MS))
                    .collect()
            };
            for (delivery, jitter) in batch.into_iter().zip(jitters) {
                let (state, url) = (state.clone(), url.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(jitter)).await;
                    deliver(&state, &url, delivery).await;
                });
            }
        } else {
            for delivery in batch {
                deliver(&state, &url, delivery).await;
            }
        }
    }
}

/// One attempt: POST, then record success or schedule the next attempt.
async fn deliver(state: &SimState, url: &str, delivery: Delivery) {
    let event = {
        let store = state.lock().await;
        store
            .event(&delivery.event_id)
            .map(|e| (e.kind.clone(), render::event(e)))
    };
    let Some((kind, event)) = event else {
        let mut store = state.lock().await;
        store.delivery_failed(delivery.seq, None);
        return;
    };
    let body = event.to_string();
    let attempt = delivery.attempts + 1;
    let sent = state
        .http()
        .post(url)
        .header("content-type", "application/json; charset=utf-8")
        .header(
            "stripe-signature",
            sign(&body, &state.config().webhook_secret, now()),
        )
        .body(body)
        .send()
        .await;
    let outcome = match sent {
        Ok(response) if response.status().is_success() => {
            tracing::info!(
                event_id = %delivery.event_id, event_type = %kind, attempt,
                status = response.status().as_u16(), "stripe simulator delivered a webhook"
            );
            let mut store = state.lock().await;
            store.delivery_succeeded(delivery.seq);
            state.commit(&store).await
        }
        failed => {
            let status = failed.as_ref().ok().map(|r| r.status().as_u16());
            let error = failed.err().map(|e| e.to_string());
            let retry_in = state
                .config()
                .retry_schedule
                .get(usize::try_from(delivery.attempts).unwrap_or(usize::MAX))
                .copied();
            tracing::warn!(
                event_id = %delivery.event_id, event_type = %kind, attempt, ?status, ?error,
                ?retry_in, "stripe simulator webhook delivery failed"
            );
            if retry_in.is_none() {
                tracing::error!(
                    event_id = %delivery.event_id, attempt,
                    "stripe simulator gave up delivering a webhook"
                );
            }
            let mut store = state.lock().await;
            let next_due = retry_in.map(|delay| {
                now_ms().saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX))
            });
            store.delivery_failed(delivery.seq, next_due);
            state.commit(&store).await
        }
    };
    if let Err(error) = outcome {
        tracing::error!(%error, "stripe simulator could not save the webhook queue");
    }
}

/// A non-negative millisecond count as a `Duration`.
fn millis(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// Delays between attempts: compressed exponential backoff, 1 s doubling to
/// about 34 minutes (Stripe spreads its retries over three days).
pub(crate) fn default_retry_schedule() -> Vec<Duration> {
    (0..12).map(|n| Duration::from_secs(1 << n)).collect()
}
