//! The simulator's records: what Stripe would hold for Checkout Sessions,
//! coupons, PaymentIntents, Charges, Refunds, Events, pending webhook
//! deliveries, direct debits waiting to settle and idempotent responses.
//! They are rendered into Stripe's JSON by `render`.

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
    /// The ad hoc Price (`price_…`) and Product (`prod_…`) Stripe makes for
    /// `price_data`; empty in state saved before they were kept.
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub product: String,
}

impl LineItem {
    /// The line's amount before discounts.
    pub fn subtotal(&self) -> i64 {
        self.unit_amount.saturating_mul(self.quantity)
    }

    /// The Price's id (for older state, one derived from the line's id).
    pub fn price_id(&self) -> String {
        self.derived(&self.price, "price")
    }

    /// The Product's id (for older state, one derived from the line's id).
    pub fn product_id(&self) -> String {
        self.derived(&self.product, "prod")
    }

    fn derived(&self, kept: &str, prefix: &str) -> String {
        if kept.is_empty() {
            let suffix = self.id.strip_prefix("li_").unwrap_or(&self.id);
            format!("{prefix}_{suffix}")
        } else {
            kept.to_owned()
        }
    }
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
    /// The coupon applied (`discounts[0][coupon]`); `amount_total` is
    /// already net of it.
    #[serde(default)]
    pub discount: Option<AppliedDiscount>,
    /// The language asked for the hosted page (`locale`); recorded and
    /// answered, though the simulator's page is English.
    #[serde(default)]
    pub locale: Option<String>,
}

/// A coupon applied to a Checkout Session, as it stood when the session
/// was created (a coupon deleted later leaves the session as it was).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AppliedDiscount {
    /// The discount object's id (`di_…`).
    pub id: String,
    /// The coupon's id.
    pub coupon: String,
    /// The coupon's name, for the hosted page (its id when it has none).
    pub label: String,
    /// How much the coupon takes off the subtotal, in minor units.
    pub amount: i64,
}

impl Session {
    /// The sum of the line items, before any discount.
    pub fn amount_subtotal(&self) -> i64 {
        self.line_items
            .iter()
            .map(LineItem::subtotal)
            .fold(0, i64::saturating_add)
    }

    /// The discount taken off the subtotal (0 without a coupon).
    pub fn amount_discount(&self) -> i64 {
        self.discount.as_ref().map_or(0, |d| d.amount)
    }

    /// Each line's share of the discount, in line order: proportional to
    /// the line's subtotal (rounded down), the remainder on the last line.
    pub fn line_discounts(&self) -> Vec<i64> {
        let total = self.amount_discount();
        let subtotal = i128::from(self.amount_subtotal());
        let mut left = total;
        let last = self.line_items.len().saturating_sub(1);
        self.line_items
            .iter()
            .enumerate()
            .map(|(at, item)| {
                if at == last {
                    return left;
                }
                let line = i128::from(item.subtotal());
                let share = if subtotal > 0 {
                    i64::try_from(line * i128::from(total) / subtotal).unwrap_or(0)
                } else {
                    0
                };
                left -= share;
                share
            })
            .collect()
    }

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

/// A coupon's `duration`: how long it applies to a subscription (a
/// Checkout payment takes it once whatever the duration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CouponDuration {
    Once,
    Forever,
    Repeating,
}

impl CouponDuration {
    /// Stripe's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CouponDuration::Once => "once",
            CouponDuration::Forever => "forever",
            CouponDuration::Repeating => "repeating",
        }
    }
}

/// A coupon: a percentage or a fixed amount (in one currency) off.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Coupon {
    pub id: String,
    pub created: i64,
    /// Minor units of `currency` off; `None` for a percentage coupon.
    pub amount_off: Option<i64>,
    pub currency: Option<String>,
    /// Percent off, 0 < p <= 100; `None` for an amount coupon.
    pub percent_off: Option<f64>,
    pub duration: CouponDuration,
    pub duration_in_months: Option<i64>,
    pub max_redemptions: Option<i64>,
    pub name: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub redeem_by: Option<i64>,
    pub times_redeemed: i64,
}

impl Coupon {
    /// Whether it can still be applied at `now`: not past `redeem_by`, not
    /// redeemed `max_redemptions` times.
    pub fn valid(&self, now: i64) -> bool {
        !self.expired(now) && !self.used_up()
    }

    /// Past its `redeem_by`.
    pub fn expired(&self, now: i64) -> bool {
        self.redeem_by.is_some_and(|by| now >= by)
    }

    /// Redeemed `max_redemptions` times.
    pub fn used_up(&self) -> bool {
        self.max_redemptions
            .is_some_and(|max| self.times_redeemed >= max)
    }

    /// What it takes off `subtotal`: `amount_off` (at most the subtotal),
    /// or `percent_off` of it rounded half up to a whole minor unit.
    pub fn discount_on(&self, subtotal: i64) -> i64 {
        match (self.amount_off, self.percent_off) {
            (Some(off), _) => off.clamp(0, subtotal.max(0)),
            (None, Some(percent)) => percent_of(subtotal, percent),
            (None, None) => 0,
        }
    }
}

/// `percent` % of `amount`, rounded half up, computed in millionths of a
/// percent so that e.g. 20 % of 14700 is exactly 2940.
pub(crate) fn percent_of(amount: i64, percent: f64) -> i64 {
    // 0 < percent <= 100: the cast is exact.
    let millionths = (percent * 1_000_000.0).round() as i128;
    let scaled = i128::from(amount.max(0)) * millionths;
    let rounded = (scaled + 50_000_000) / 100_000_000;
    i64::try_from(rounded.clamp(0, i128::from(amount.max(0)))).unwrap_or(0)
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
