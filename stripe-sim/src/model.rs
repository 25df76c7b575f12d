//! The simulator's records: what Stripe would hold for Checkout Sessions,
//! PaymentIntents, Charges, Refunds, Events, pending webhook deliveries,
//! direct debits waiting to settle and idempotent responses. They are rendered into Stripe's JSON by `render`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One line of a Checkout Session, from `line_items[n][price_data]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LineItem {
    pub id: String,
    pub name: String,
    pub unit_amount: i64,
    pub quantity: i64,
}

/// A Checkout Session's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SessionStatus {
    Open,
    Complete,
    Expired,
}

impl SessionStatus {
    /// Stripe's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Complete => "complete",
            SessionStatus::Expired => "expired",
        }
    }
}

/// A Checkout Session in `payment` mode.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Session {
    pub id: String,
    pub created: i64,
    pub expires_at: i64,
    pub status: SessionStatus,
    pub paid: bool,
    pub currency: String,
    pub amount_total: i64,
    pub line_items: Vec<LineItem>,
    pub client_reference_id: Option<String>,
    pub customer_email: Option<String>,
    /// The email the payer typed on the hosted page.
    pub payer_email: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub success_url: Option<String>,
    pub cancel_url: Option<String>,
    /// Created at the first payment attempt, as Stripe does.
    pub payment_intent: Option<String>,
    /// `payment_intent_data[metadata]`, copied onto the PaymentIntent.
    pub intent_metadata: BTreeMap<String, String>,
    /// `payment_intent_data[description]`.
    pub intent_description: Option<String>,
    /// The payment method types offered (`card`, and `sepa_debit` for
    /// EUR); empty in state saved before there was a choice: card only.
    #[serde(default)]
    pub payment_method_types: Vec<String>,
    /// `custom_text[submit][message]`: shown beside the pay button.
    #[serde(default)]
    pub submit_message: Option<String>,
}

impl Session {
    /// The payment method types the session offers.
    pub fn methods(&self) -> Vec<String> {
        if self.payment_method_types.is_empty() {
            vec!["card".to_owned()]
        } else {
            self.payment_method_types.clone()
        }
    }

    /// Whether the session offers `method`.
    pub fn offers(&self, method: &str) -> bool {
        self.methods().iter().any(|m| m == method)
    }
}

/// A PaymentIntent's `status` (the subset Checkout's card and SEPA Direct
/// Debit flows reach).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum IntentStatus {
    RequiresPaymentMethod,
    Processing,
    Succeeded,
    Canceled,
}

impl IntentStatus {
    /// Stripe's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IntentStatus::RequiresPaymentMethod => "requires_payment_method",
            IntentStatus::Processing => "processing",
            IntentStatus::Succeeded => "succeeded",
            IntentStatus::Canceled => "canceled",
        }
    }
}

/// Why a payment failed: `last_payment_error` and the failed charge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CardError {
    pub code: String,
    pub decline_code: Option<String>,
    pub message: String,
    pub charge: String,
    /// `sepa_debit` for a failed direct debit; `None` is a card.
    #[serde(default)]
    pub method_type: Option<String>,
}

/// The card used for an attempt (only test numbers are accepted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Card {
    pub payment_method: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i64,
    pub exp_year: i64,
}

/// The bank account of a SEPA Direct Debit (only Stripe's test IBANs are
/// accepted), with the mandate the payer accepted on the hosted page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SepaDebit {
    pub payment_method: String,
    pub bank_code: String,
    pub country: String,
    pub last4: String,
    pub fingerprint: String,
    pub mandate: String,
}

/// A PaymentIntent created by a Checkout Session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PaymentIntent {
    pub id: String,
    pub client_secret: String,
    pub created: i64,
    pub amount: i64,
    pub currency: String,
    pub status: IntentStatus,
    pub metadata: BTreeMap<String, String>,
    pub description: Option<String>,
    pub receipt_email: Option<String>,
    pub latest_charge: Option<String>,
    pub payment_method: Option<String>,
    pub last_payment_error: Option<CardError>,
    pub canceled_at: Option<i64>,
    /// Copied from the session; empty in older saved state: card only.
    #[serde(default)]
    pub payment_method_types: Vec<String>,
}

/// A charge by card (succeeded or failed at once) or by SEPA Direct Debit
/// (pending, then succeeded or failed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Charge {
    pub id: String,
    pub created: i64,
    pub amount: i64,
    pub currency: String,
    pub payment_intent: String,
    /// The card, for a card charge.
    #[serde(default)]
    pub card: Option<Card>,
    /// The bank account, for a SEPA Direct Debit.
    #[serde(default)]
    pub sepa_debit: Option<SepaDebit>,
    /// A direct debit not yet settled.
    #[serde(default)]
    pub pending: bool,
    pub email: Option<String>,
    pub description: Option<String>,
    pub metadata: BTreeMap<String, String>,
    /// `None` for a successful charge.
    pub failure: Option<CardError>,
    pub amount_refunded: i64,
    pub balance_transaction: Option<String>,
}

impl Charge {
    /// Whether the charge went through.
    pub fn succeeded(&self) -> bool {
        !self.pending && self.failure.is_none()
    }

    /// The payment method behind it (`pm_…`).
    pub fn payment_method(&self) -> Option<&str> {
        match (&self.card, &self.sepa_debit) {
            (Some(card), _) => Some(&card.payment_method),
            (None, Some(sepa)) => Some(&sepa.payment_method),
            (None, None) => None,
        }
    }
}

/// A SEPA Direct Debit waiting for the bank: at `due_at_ms` it succeeds or
/// fails (Stripe's test IBANs decide which). Part of the saved state, so a
/// restart does not lose it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Settlement {
    pub session: String,
    pub payment_intent: String,
    pub charge: String,
    pub succeeds: bool,
    pub due_at_ms: i64,
}

/// A refund of (part of) a charge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Refund {
    pub id: String,
    pub created: i64,
    pub amount: i64,
    pub currency: String,
    pub charge: String,
    pub payment_intent: String,
    pub reason: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub balance_transaction: String,
    /// `sepa_debit` when the money goes back to a bank account; `None`: card.
    #[serde(default)]
    pub destination_type: Option<String>,
}

/// An event, with its object rendered as it was when the event happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EventRecord {
    pub id: String,
    pub created: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub object: Value,
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub pending_webhooks: i64,
}

/// A webhook delivery still owed to the endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Delivery {
    /// Unique per delivery (an event may be delivered twice on purpose).
    pub seq: u64,
    pub event_id: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due, in Unix milliseconds.
    pub due_at_ms: i64,
}

/// A response kept for an `Idempotency-Key`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IdempotentResponse {
    pub key: String,
    /// Method, path and the sorted parameters of the first request.
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
    pub created: i64,
}

/// What caused an event: an API request (with its id and idempotency key)
/// or the simulator itself (the hosted page, a timer).
#[derive(Debug, Clone, Default)]
pub(crate) struct Origin {
    pub request_id: Option<String>,
    pub idempotency_key: Option<String>,
}
