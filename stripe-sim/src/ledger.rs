//! What happens to a Checkout Session: paying it with a test card,
//! declines, a SEPA Direct Debit that settles (or fails) later, expiry.
//! Each change updates the records and emits the events Stripe would, in
//! Stripe's order.

use super::error::ApiError;
use super::ids::{new_id, random_token};
use super::model::{
    Card, CardError, Charge, IntentStatus, PaymentIntent, SepaDebit, Session, SessionStatus,
    Settlement,
};
use super::render;
use super::state::Effects;
use super::store::Store;

/// How a test card number behaves, as Stripe documents it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TestCard {
    /// `4242 4242 4242 4242`: the payment succeeds.
    Pays,
    /// A decline: `card_declined`, with Stripe's decline code and message.
    Declines {
        decline_code: &'static str,
        message: &'static str,
    },
}

impl TestCard {
    /// The behaviour of a card number (spaces and dashes ignored); `None`
    /// for numbers Stripe's test mode rejects as incorrect.
    pub fn from_number(number: &str) -> Option<TestCard> {
        let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        match digits.as_str() {
            "4242424242424242" => Some(TestCard::Pays),
            "4000000000000002" => Some(TestCard::Declines {
                decline_code: "generic_decline",
                message: "Your card was declined.",
            }),
            "4000000000009995" => Some(TestCard::Declines {
                decline_code: "insufficient_funds",
                message: "Your card has insufficient funds.",
            }),
            _ => None,
        }
    }
}

/// How a test IBAN behaves, as Stripe documents it for SEPA Direct Debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TestIban {
    /// `DE89 3704 0044 0532 0130 00`: processing, then succeeded.
    Succeeds,
    /// `DE62 3704 0044 0532 0130 01`: processing, then failed.
    Fails,
}

impl TestIban {
    /// The successful test IBAN.
    pub const SUCCEEDS: &'static str = "DE89370400440532013000";
    /// The failing test IBAN.
    pub const FAILS: &'static str = "DE62370400440532013001";

    /// The behaviour of an IBAN (spaces ignored, any case); `None` for
    /// accounts Stripe's test mode does not know.
    pub fn from_iban(iban: &str) -> Option<TestIban> {
        match compact_iban(iban).as_str() {
            TestIban::SUCCEEDS => Some(TestIban::Succeeds),
            TestIban::FAILS => Some(TestIban::Fails),
            _ => None,
        }
    }
}

/// An IBAN without spaces, in upper case.
pub(crate) fn compact_iban(iban: &str) -> String {
    iban.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The result of a payment attempt on the hosted page.
#[derive(Debug, Clone)]
pub(crate) enum Attempt {
    /// Paid; the session is now complete.
    Paid(Session),
    /// A direct debit was submitted: the session is complete, the payment
    /// processing until the bank answers.
    Processing(Session),
    /// Declined with this message; the session stays open.
    Declined(String),
    /// The session is no longer open (expired, or already complete).
    NotOpen(Session),
}

/// Pays (or fails to pay) an open session with a test card.
pub(crate) fn attempt_payment(
    store: &mut Store,
    session_id: &str,
    card: &TestCard,
    card_details: Card,
    email: &str,
    fx: &Effects,
) -> Option<Attempt> {
    let session = store.session(session_id)?.clone();
    if session.status != SessionStatus::Open || fx.now() >= session.expires_at {
        return Some(Attempt::NotOpen(session));
    }
    let intent_id = ensure_payment_intent(store, &session, fx);
    let charge_id = new_id("ch");
    let failure = match card {
        TestCard::Pays => None,
        TestCard::Declines {
            decline_code,
            message,
        } => Some(CardError {
            code: "card_declined".to_owned(),
            decline_code: Some((*decline_code).to_owned()),
            message: (*message).to_owned(),
            charge: charge_id.clone(),
            method_type: None,
        }),
    };
    let payment_method = card_details.payment_method.clone();
    let charge = Charge {
        id: charge_id.clone(),
        created: fx.now(),
        amount: session.amount_total,
        currency: session.currency.clone(),
        payment_intent: intent_id.clone(),
        email: Some(email.to_owned()),
        description: session.intent_description.clone(),
        metadata: session.intent_metadata.clone(),
        failure: failure.clone(),
        amount_refunded: 0,
        balance_transaction: failure.is_none().then(|| new_id("txn")),
        card: Some(card_details),
        sepa_debit: None,
        pending: false,
    };
    let charge_json = render::charge(&charge);
    store.charges.push(charge);
    let intent = store.payment_intent_mut(&intent_id)?;
    intent.latest_charge = Some(charge_id);
    intent.receipt_email = Some(email.to_owned());
    if let Some(failure) = failure {
        let message = failure.message.clone();
        intent.last_payment_error = Some(failure);
        intent.payment_method = None;
        let intent_json = render::payment_intent(intent);
        store.emit("charge.failed", charge_json, fx);
        store.emit("payment_intent.payment_failed", intent_json, fx);
        return Some(Attempt::Declined(message));
    }
    intent.status = IntentStatus::Succeeded;
    intent.last_payment_error = None;
    intent.payment_method = Some(payment_method);
    let intent_json = render::payment_intent(intent);
    let session = store.session_mut(session_id)?;
    session.status = SessionStatus::Complete;
    session.paid = true;
    session.payer_email = Some(email.to_owned());
    let completed = session.clone();
    redeem_coupon(store, &completed);
    store.emit("charge.succeeded", charge_json, fx);
    store.emit("payment_intent.succeeded", intent_json, fx);
    let session_json = render::session(&completed, &fx.public_base);
    store.emit("checkout.session.completed", session_json, fx);
    Some(Attempt::Paid(completed))
}

/// Submits a SEPA Direct Debit for an open session: the session completes
/// unpaid, its PaymentIntent is processing and the charge pending, and the
/// debit settles `settle_after_ms` later (see `settle_due`). Events:
/// `charge.pending`, `payment_intent.processing`, `checkout.session.completed`
/// with `payment_status: unpaid`.
pub(crate) fn attempt_debit(
    store: &mut Store,
    session_id: &str,
    iban: TestIban,
    account: SepaDebit,
    email: &str,
    settle_after_ms: i64,
    fx: &Effects,
) -> Option<Attempt> {
    let session = store.session(session_id)?.clone();
    if session.status != SessionStatus::Open || fx.now() >= session.expires_at {
        return Some(Attempt::NotOpen(session));
    }
    let intent_id = ensure_payment_intent(store, &session, fx);
    let charge_id = new_id("py");
    let payment_method = account.payment_method.clone();
    let charge = Charge {
        id: charge_id.clone(),
        created: fx.now(),
        amount: session.amount_total,
        currency: session.currency.clone(),
        payment_intent: intent_id.clone(),
        card: None,
        sepa_debit: Some(account),
        pending: true,
        email: Some(email.to_owned()),
        description: session.intent_description.clone(),
        metadata: session.intent_metadata.clone(),
        failure: None,
        amount_refunded: 0,
        balance_transaction: None,
    };
    let charge_json = render::charge(&charge);
    store.charges.push(charge);
    let intent = store.payment_intent_mut(&intent_id)?;
    intent.status = IntentStatus::Processing;
    intent.latest_charge = Some(charge_id.clone());
    intent.receipt_email = Some(email.to_owned());
    intent.last_payment_error = None;
    intent.payment_method = Some(payment_method);
    let intent_json = render::payment_intent(intent);
    let session = store.session_mut(session_id)?;
    session.status = SessionStatus::Complete;
    session.paid = false;
    session.payer_email = Some(email.to_owned());
    let completed = session.clone();
    redeem_coupon(store, &completed);
    store.settlements.push(Settlement {
        session: completed.id.clone(),
        payment_intent: intent_id,
        charge: charge_id,
        succeeds: iban == TestIban::Succeeds,
        due_at_ms: fx.now_ms.saturating_add(settle_after_ms),
    });
    store.emit("charge.pending", charge_json, fx);
    store.emit("payment_intent.processing", intent_json, fx);
    let session_json = render::session(&completed, &fx.public_base);
    store.emit("checkout.session.completed", session_json, fx);
    Some(Attempt::Processing(completed))
}

/// A session with a coupon completed: the coupon counts one more
/// redemption (unless it was deleted meanwhile).
fn redeem_coupon(store: &mut Store, session: &Session) {
    if let Some(coupon) = session
        .discount
        .as_ref()
        .and_then(|d| store.coupon_mut(&d.coupon))
    {
        coupon.times_redeemed += 1;
    }
}

/// Settles every direct debit due by now, as the bank would answer: a
/// success pays the session (`charge.succeeded`, `payment_intent.succeeded`,
/// `checkout.session.async_payment_succeeded`); a failure leaves it unpaid
/// and the PaymentIntent needing a new payment method (`charge.failed`,
/// `payment_intent.payment_failed`, `checkout.session.async_payment_failed`).
/// Returns how many settled.
pub(crate) fn settle_due(store: &mut Store, fx: &Effects) -> usize {
    let (due, later): (Vec<Settlement>, Vec<Settlement>) = std::mem::take(&mut store.settlements)
        .into_iter()
        .partition(|s| s.due_at_ms <= fx.now_ms);
    store.settlements = later;
    let mut settled = 0;
    for debit in due {
        if settle(store, &debit, fx).is_some() {
            settled += 1;
        }
    }
    settled
}

fn settle(store: &mut Store, debit: &Settlement, fx: &Effects) -> Option<()> {
    let charge = store.charge_mut(&debit.charge)?;
    charge.pending = false;
    let failure = (!debit.succeeds).then(|| CardError {
        code: "insufficient_funds".to_owned(),
        decline_code: None,
        message: "The customer's account has insufficient funds to cover this payment.".to_owned(),
        charge: debit.charge.clone(),
        method_type: Some("sepa_debit".to_owned()),
    });
    charge.failure = failure.clone();
    if failure.is_none() {
        charge.balance_transaction = Some(new_id("txn"));
    }
    let charge_json = render::charge(charge);
    let intent = store.payment_intent_mut(&debit.payment_intent)?;
    if let Some(failure) = failure {
        intent.status = IntentStatus::RequiresPaymentMethod;
        intent.last_payment_error = Some(failure);
        intent.payment_method = None;
        let intent_json = render::payment_intent(intent);
        let session = store.session(&debit.session)?.clone();
        store.emit("charge.failed", charge_json, fx);
        store.emit("payment_intent.payment_failed", intent_json, fx);
        let session_json = render::session(&session, &fx.public_base);
        store.emit("checkout.session.async_payment_failed", session_json, fx);
        return Some(());
    }
    intent.status = IntentStatus::Succeeded;
    let intent_json = render::payment_intent(intent);
    let session = store.session_mut(&debit.session)?;
    session.paid = true;
    let paid = session.clone();
    store.emit("charge.succeeded", charge_json, fx);
    store.emit("payment_intent.succeeded", intent_json, fx);
    let session_json = render::session(&paid, &fx.public_base);
    store.emit("checkout.session.async_payment_succeeded", session_json, fx);
    Some(())
}

/// The session's PaymentIntent, created at its first payment attempt as
/// Stripe's Checkout does.
fn ensure_payment_intent(store: &mut Store, session: &Session, fx: &Effects) -> String {
    if let Some(id) = &session.payment_intent {
        return id.clone();
    }
    let id = new_id("pi");
    let intent = PaymentIntent {
        client_secret: format!("{id}_secret_{}", random_token(25)),
        id: id.clone(),
        created: fx.now(),
        amount: session.amount_total,
        currency: session.currency.clone(),
        status: IntentStatus::RequiresPaymentMethod,
        metadata: session.intent_metadata.clone(),
        description: session.intent_description.clone(),
        receipt_email: None,
        latest_charge: None,
        payment_method: None,
        last_payment_error: None,
        canceled_at: None,
        payment_method_types: session.methods(),
    };
    let json = render::payment_intent(&intent);
    store.payment_intents.push(intent);
    if let Some(s) = store.session_mut(&session.id) {
        s.payment_intent = Some(id.clone());
    }
    store.emit("payment_intent.created", json, fx);
    id
}

/// Why a session could not be expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExpireError {
    NotFound,
    NotOpen(SessionStatus),
}

impl ExpireError {
    /// Stripe's API error for this case.
    pub fn into_api_error(self, id: &str) -> ApiError {
        match self {
            ExpireError::NotFound => ApiError::not_found("checkout.session", id, "session"),
            ExpireError::NotOpen(status) => ApiError::with_code(
                "checkout_session_not_open",
                None,
                format!(
                    "Only Checkout Sessions with a status in [\"open\"] can be expired. This \
                     Checkout Session has a status of \"{}\".",
                    status.as_str()
                ),
            )
            .executed(),
        }
    }
}

/// Expires an open session: its unpaid PaymentIntent (if any) is canceled
/// and `checkout.session.expired` is emitted.
pub(crate) fn expire_session(
    store: &mut Store,
    id: &str,
    fx: &Effects,
) -> Result<Session, ExpireError> {
    let session = store.session_mut(id).ok_or(ExpireError::NotFound)?;
    if session.status != SessionStatus::Open {
        return Err(ExpireError::NotOpen(session.status));
    }
    session.status = SessionStatus::Expired;
    let expired = session.clone();
    if let Some(intent) = expired
        .payment_intent
        .as_deref()
        .and_then(|pi| store.payment_intent_mut(pi))
        .filter(|pi| pi.status == IntentStatus::RequiresPaymentMethod)
    {
        intent.status = IntentStatus::Canceled;
        intent.canceled_at = Some(fx.now());
        let json = render::payment_intent(intent);
        store.emit("payment_intent.canceled", json, fx);
    }
    let json = render::session(&expired, &fx.public_base);
    store.emit("checkout.session.expired", json, fx);
    Ok(expired)
}

/// Expires every open session whose `expires_at` has passed; returns how many.
pub(crate) fn expire_due(store: &mut Store, fx: &Effects) -> usize {
    let due: Vec<String> = store
        .sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Open && s.expires_at <= fx.now())
        .map(|s| s.id.clone())
        .collect();
    due.iter()
        .filter(|id| expire_session(store, id, fx).is_ok())
        .count()
}
