//! All simulated Stripe objects (coupons among them), in creation order, plus the webhook queue,
//! the direct debits waiting to settle and idempotent responses. The whole
//! store is one JSON snapshot, written atomically (temporary file, then
//! rename) after every change when a state file is configured, and read back
//! at start.

use super::error::SimError;
use super::ids::new_id;
use super::model::{
    Charge, Coupon, Delivery, EventRecord, IdempotentResponse, PaymentIntent, Refund, Session,
    Settlement,
};
use super::state::Effects;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// Every event type the simulator emits (a test parses one of each with
/// async-stripe's typed events).
pub const EVENT_TYPES: [&str; 15] = [
    "payment_intent.created",
    "payment_intent.processing",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "charge.pending",
    "charge.succeeded",
    "charge.failed",
    "charge.refunded",
    "refund.created",
    "refund.updated",
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
];

/// Idempotent responses are kept for 24 hours, events for 30 days, as
/// Stripe keeps them.
const IDEMPOTENCY_TTL_SECS: i64 = 24 * 60 * 60;
const EVENT_TTL_SECS: i64 = 30 * 24 * 60 * 60;

/// How events reach the webhook endpoint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WebhookPlan {
    /// Whether a webhook URL is configured.
    pub enabled: bool,
    /// Deliveries per event: 1, or 2 with the duplicate switch on.
    pub copies: u32,
}

/// Everything the simulated Stripe account holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Store {
    pub sessions: Vec<Session>,
    /// Coupons not deleted.
    pub coupons: Vec<Coupon>,
    pub payment_intents: Vec<PaymentIntent>,
    pub charges: Vec<Charge>,
    pub refunds: Vec<Refund>,
    pub events: Vec<EventRecord>,
    pub deliveries: Vec<Delivery>,
    /// SEPA Direct Debits waiting for the bank.
    pub settlements: Vec<Settlement>,
    pub idempotency: Vec<IdempotentResponse>,
    next_delivery_seq: u64,
    /// Idempotency keys whose first request is still running (not saved).
    #[serde(skip)]
    pub keys_in_flight: HashSet<String>,
}

impl Store {
    /// Reads the snapshot at `path`; a missing file is an empty account.
    pub fn load(path: &Path) -> Result<Store, SimError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => return Err(state_error(path, e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| state_error(path, e))
    }

    /// Writes the snapshot to `path` atomically.
    pub async fn save(&self, path: &Path) -> Result<(), SimError> {
        let bytes = serde_json::to_vec(self).map_err(|e| state_error(path, e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| state_error(path, e))?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        tokio::fs::write(&tmp, &bytes)
            .await
            .map_err(|e| state_error(path, e))?;
        tokio::fs::rename(&tmp, path)
            .await
            .map_err(|e| state_error(path, e))
    }

    /// The session with this id.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The session with this id, to change.
    pub fn session_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.sessions.iter_mut().find(|s| s.id == id)
    }

    /// The coupon with this id.
    pub fn coupon(&self, id: &str) -> Option<&Coupon> {
        self.coupons.iter().find(|c| c.id == id)
    }

    /// The coupon with this id, to change.
    pub fn coupon_mut(&mut self, id: &str) -> Option<&mut Coupon> {
        self.coupons.iter_mut().find(|c| c.id == id)
    }

    /// The PaymentIntent with this id.
    pub fn payment_intent(&self, id: &str) -> Option<&PaymentIntent> {
        self.payment_intents.iter().find(|p| p.id == id)
    }

    /// The PaymentIntent with this id, to change.
    pub fn payment_intent_mut(&mut self, id: &str) -> Option<&mut PaymentIntent> {
        self.payment_intents.iter_mut().find(|p| p.id == id)
    }

    /// The charge with this id.
    pub fn charge(&self, id: &str) -> Option<&Charge> {
        self.charges.iter().find(|c| c.id == id)
    }

    /// The charge with this id, to change.
    pub fn charge_mut(&mut self, id: &str) -> Option<&mut Charge> {
        self.charges.iter_mut().find(|c| c.id == id)
    }

    /// The refund with this id.
    pub fn refund(&self, id: &str) -> Option<&Refund> {
        self.refunds.iter().find(|r| r.id == id)
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&EventRecord> {
        self.events.iter().find(|e| e.id == id)
    }

    /// Records an event about `object` and queues its webhook deliveries.
    pub fn emit(&mut self, kind: &str, object: Value, fx: &Effects) {
        debug_assert!(EVENT_TYPES.contains(&kind), "{kind} is not in EVENT_TYPES");
        let (origin, plan) = (&fx.origin, fx.plan);
        let event = EventRecord {
            id: new_id("evt"),
            created: fx.now(),
            kind: kind.to_owned(),
            object,
            request_id: origin.request_id.clone(),
            idempotency_key: origin.idempotency_key.clone(),
            pending_webhooks: i64::from(plan.enabled),
        };
        if plan.enabled {
            for _ in 0..plan.copies {
                self.next_delivery_seq += 1;
                self.deliveries.push(Delivery {
                    seq: self.next_delivery_seq,
                    event_id: event.id.clone(),
                    attempts: 0,
                    due_at_ms: fx.now_ms,
                });
            }
        }
        let oldest = event.created - EVENT_TTL_SECS;
        self.events.retain(|e| e.created >= oldest);
        self.events.push(event);
    }

    /// When the earliest direct debit is due to settle.
    pub fn next_settlement_due(&self) -> Option<i64> {
        self.settlements.iter().map(|s| s.due_at_ms).min()
    }

    /// When the earliest queued delivery is due.
    pub fn next_delivery_due(&self) -> Option<i64> {
        self.deliveries.iter().map(|d| d.due_at_ms).min()
    }

    /// The deliveries due by `now_ms`, in queue order, leased until
    /// `lease_until_ms` so that a crash mid-delivery retries them later.
    pub fn lease_due_deliveries(&mut self, now_ms: i64, lease_until_ms: i64) -> Vec<Delivery> {
        let mut due: Vec<Delivery> = Vec::new();
        for delivery in self.deliveries.iter_mut().filter(|d| d.due_at_ms <= now_ms) {
            delivery.due_at_ms = lease_until_ms;
            due.push(delivery.clone());
        }
        due.sort_by_key(|d| d.seq);
        due
    }

    /// A delivery got a 2xx: drop it; the event has no webhook pending
    /// once none of its deliveries remain.
    pub fn delivery_succeeded(&mut self, seq: u64) {
        let Some(at) = self.deliveries.iter().position(|d| d.seq == seq) else {
            return;
        };
        let delivery = self.deliveries.remove(at);
        let still_queued = self
            .deliveries
            .iter()
            .any(|d| d.event_id == delivery.event_id);
        if !still_queued
            && let Some(event) = self.events.iter_mut().find(|e| e.id == delivery.event_id)
        {
            event.pending_webhooks = 0;
        }
    }

    /// A delivery failed: schedule the next attempt, or give up (`None`).
    pub fn delivery_failed(&mut self, seq: u64, next_due_ms: Option<i64>) {
        match next_due_ms {
            Some(due) => {
                if let Some(delivery) = self.deliveries.iter_mut().find(|d| d.seq == seq) {
                    delivery.attempts += 1;
                    delivery.due_at_ms = due;
                }
            }
            None => self.deliveries.retain(|d| d.seq != seq),
        }
    }

    /// The response stored for an idempotency key, if still kept at `now`.
    pub fn idempotent_response(&self, key: &str, now: i64) -> Option<&IdempotentResponse> {
        self.idempotency
            .iter()
            .find(|r| r.key == key && r.created + IDEMPOTENCY_TTL_SECS > now)
    }

    /// Keeps a response for an idempotency key; forgets expired ones.
    pub fn keep_idempotent_response(&mut self, response: IdempotentResponse) {
        let oldest = response.created - IDEMPOTENCY_TTL_SECS;
        self.idempotency
            .retain(|r| r.created >= oldest && r.key != response.key);
        self.idempotency.push(response);
    }
}

fn state_error(path: &Path, error: impl std::fmt::Display) -> SimError {
    SimError::StateFile {
        path: path.to_owned(),
        message: error.to_string(),
    }
}
