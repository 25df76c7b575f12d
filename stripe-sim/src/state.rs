//! The simulator's shared state: configuration, the store behind one lock,
//! and the wake-ups for the background workers.

use super::SimConfig;
use super::error::SimError;
use super::ids::now_ms;
use super::model::Origin;
use super::store::{Store, WebhookPlan};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard, Notify};

/// Everything the simulator's handlers and workers share. Cheap to clone.
#[derive(Clone)]
pub struct SimState {
    shared: Arc<Shared>,
}

struct Shared {
    config: SimConfig,
    public_base: String,
    store: Mutex<Store>,
    deliveries_due: Notify,
    expiry_changed: Notify,
    settlements_changed: Notify,
    http: reqwest::Client,
    /// Test switch: how many coming refund requests fail as in an outage.
    refunds_to_fail: std::sync::atomic::AtomicUsize,
    /// Test switch: how long every API answer is held back (milliseconds).
    answer_delay_ms: std::sync::atomic::AtomicU64,
}

/// The effects of one change: when it happened, what caused it, and how
/// its events reach the webhook endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Effects {
    pub now_ms: i64,
    pub public_base: String,
    pub origin: Origin,
    pub plan: WebhookPlan,
}

impl Effects {
    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        self.now_ms / 1000
    }
}

impl SimState {
    /// Loads the state file (if any) and prepares the webhook client.
    /// `public_base` prefixes hosted-page links, e.g. `http://127.0.0.1:12111`.
    pub fn new(config: SimConfig, public_base: String) -> Result<SimState, SimError> {
        let mut store = match &config.state_file {
            Some(path) => Store::load(path)?,
            None => Store::default(),
        };
        // A restart retries owed webhooks at once (e.g. after the app was
        // fixed), rather than waiting out a long backoff.
        let now = now_ms();
        for delivery in &mut store.deliveries {
            delivery.due_at_ms = delivery.due_at_ms.min(now);
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .build()
            .map_err(|e| SimError::HttpClient(e.to_string()))?;
        Ok(SimState {
            shared: Arc::new(Shared {
                config,
                public_base: public_base.trim_end_matches('/').to_owned(),
                store: Mutex::new(store),
                deliveries_due: Notify::new(),
                expiry_changed: Notify::new(),
                settlements_changed: Notify::new(),
                http,
                refunds_to_fail: std::sync::atomic::AtomicUsize::new(0),
                answer_delay_ms: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// The configuration.
    pub(crate) fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// Base URL for hosted pages, without a trailing slash.
    pub(crate) fn public_base(&self) -> &str {
        &self.shared.public_base
    }

    /// The client that POSTs webhooks.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }

    /// The store, locked. Hold it for a whole change so that changes are
    /// atomic and snapshots are saved in order.
    pub(crate) async fn lock(&self) -> MutexGuard<'_, Store> {
        self.shared.store.lock().await
    }

    /// Effects for a change happening now, caused by `origin`.
    pub(crate) fn effects(&self, origin: Origin) -> Effects {
        let config = &self.shared.config;
        Effects {
            now_ms: now_ms(),
            public_base: self.shared.public_base.clone(),
            origin,
            plan: WebhookPlan {
                enabled: config.webhook_url.is_some(),
                copies: if config.duplicate_and_shuffle { 2 } else { 1 },
            },
        }
    }

    /// Saves the store (when a state file is configured) and wakes the
    /// workers. Call with the lock still held.
    pub(crate) async fn commit(&self, store: &Store) -> Result<(), SimError> {
        let saved = match &self.shared.config.state_file {
            Some(path) => store.save(path).await,
            None => Ok(()),
        };
        self.shared.deliveries_due.notify_one();
        self.shared.expiry_changed.notify_one();
        self.shared.settlements_changed.notify_one();
        saved
    }

    /// Resolves when `commit` has run since the last wait (deliveries).
    pub(crate) async fn deliveries_changed(&self) {
        self.shared.deliveries_due.notified().await;
    }

    /// Resolves when `commit` has run since the last wait (expiry).
    pub(crate) async fn sessions_changed(&self) {
        self.shared.expiry_changed.notified().await;
    }

    /// Resolves when `commit` has run since the last wait (settlements).
    pub(crate) async fn settlements_changed(&self) {
        self.shared.settlements_changed.notified().await;
    }

    /// Test switch: the next `n` refund requests fail with a 500, as during
    /// an outage on Stripe's side (nothing is refunded, nothing is kept for
    /// their idempotency keys).
    pub fn fail_next_refunds(&self, n: usize) {
        self.shared
            .refunds_to_fail
            .store(n, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether this refund request is one `fail_next_refunds` asked to fail.
    pub(crate) fn refund_should_fail(&self) -> bool {
        self.shared
            .refunds_to_fail
            .fetch_update(
                std::sync::atomic::Ordering::SeqCst,
                std::sync::atomic::Ordering::SeqCst,
                |n| n.checked_sub(1),
            )
            .is_ok()
    }

    /// Test switch: every API request is carried out at once, as on a slow
    /// day at Stripe, but its answer leaves `delay` later (a client that
    /// gives up meanwhile does not undo what the request did).
    pub fn delay_answers(&self, delay: std::time::Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.shared
            .answer_delay_ms
            .store(ms, std::sync::atomic::Ordering::SeqCst);
    }

    /// How long answers are held back (`delay_answers`).
    pub(crate) fn answer_delay(&self) -> std::time::Duration {
        std::time::Duration::from_millis(
            self.shared
                .answer_delay_ms
                .load(std::sync::atomic::Ordering::SeqCst),
        )
    }

    /// The Checkout Sessions created, oldest first, as (id, `payment_id`
    /// metadata, hosted page URL): what the account's dashboard would list.
    pub async fn sessions_by_payment(&self) -> Vec<(String, Option<String>, String)> {
        let base = self.public_base().to_owned();
        self.lock()
            .await
            .sessions
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.metadata.get("payment_id").cloned(),
                    crate::render::hosted_url(&base, &s.id),
                )
            })
            .collect()
    }

    /// A Checkout Session as the API renders it, for tests that build the
    /// events Stripe would send about it.
    pub async fn session_json(&self, id: &str) -> Option<serde_json::Value> {
        let base = self.public_base().to_owned();
        let store = self.lock().await;
        store.session(id).map(|s| crate::render::session(s, &base))
    }

    /// The amounts of the refunds made on a PaymentIntent, oldest first:
    /// what the account's dashboard would list.
    pub async fn refunds_of(&self, payment_intent: &str) -> Vec<i64> {
        self.lock()
            .await
            .refunds
            .iter()
            .filter(|r| r.payment_intent == payment_intent)
            .map(|r| r.amount)
            .collect()
    }

    /// The ids of every event the account has emitted, oldest first.
    pub async fn event_ids(&self) -> Vec<String> {
        self.lock()
            .await
            .events
            .iter()
            .map(|e| e.id.clone())
            .collect()
    }

    /// How many webhook deliveries are still queued (or being retried).
    pub async fn deliveries_queued(&self) -> usize {
        self.lock().await.deliveries.len()
    }

    /// Test helper, like a Stripe test clock: moves an open session's
    /// `expires_at` without the 30-minute rule, so the expiry timer can be
    /// exercised quickly.
    pub async fn set_session_expires_at(&self, id: &str, expires_at: i64) -> Result<(), SimError> {
        let mut store = self.lock().await;
        let session = store
            .session_mut(id)
            .ok_or_else(|| SimError::NoSuchSession(id.to_owned()))?;
        session.expires_at = expires_at;
        self.commit(&store).await
    }

    /// Test helper, like a Stripe test clock: moves a coupon's `redeem_by`
    /// (into the past, too), so an expired coupon can be tried at once.
    pub async fn set_coupon_redeem_by(&self, id: &str, redeem_by: i64) -> Result<(), SimError> {
        let mut store = self.lock().await;
        let coupon = store
            .coupon_mut(id)
            .ok_or_else(|| SimError::NoSuchCoupon(id.to_owned()))?;
        coupon.redeem_by = Some(redeem_by);
        self.commit(&store).await
    }
}
