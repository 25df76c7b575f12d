//! SEPA Direct Debit, Stripe's delayed-notification method: EUR sessions
//! offer it beside the card, paying by IBAN completes the session unpaid
//! with the PaymentIntent processing, and the debit settles later — paid
//! with Stripe's succeeding test IBAN, failed with the failing one — with
//! the events Stripe sends, checked through async-stripe's own types.

use crate::support::{Receiver, Sim, client, hosted_page, http, new_session, spawn};
use std::time::Duration;
use stripe_checkout::checkout_session::RetrieveCheckoutSession;
use stripe_checkout::{CheckoutSession, CheckoutSessionPaymentStatus, CheckoutSessionStatus};
use stripe_core::PaymentIntentStatus;
use stripe_core::charge::RetrieveCharge;
use stripe_sim::SimConfig;
use stripe_webhook::{EventObject, Webhook};

const SUCCEEDS: &str = "DE89 3704 0044 0532 0130 00";
const FAILS: &str = "DE62370400440532013001";

/// A simulator whose debits settle after `delay`.
async fn sim_settling_after(delay: Duration) -> Sim {
    Sim::start_with(0, |config| config.async_settle_after = delay).await
}

/// Submits the hosted page's debit button with `iban`.
async fn debit(session: &CheckoutSession, iban: &str) -> reqwest::Response {
    let url = session.url.clone().expect("an open session has a url");
    http()
        .post(url)
        .form(&[
            ("email", "ada@example.com"),
            ("card_number", ""),
            ("card_expiry", ""),
            ("card_cvc", ""),
            ("iban", iban),
            ("method", "sepa_debit"),
        ])
        .send()
        .await
        .expect("post the hosted page")
}

/// The session as Stripe reports it now, with its PaymentIntent expanded.
async fn retrieve(sim: &Sim, session: &CheckoutSession) -> CheckoutSession {
    RetrieveCheckoutSession::new(session.id.clone())
        .expand(vec!["payment_intent".to_owned()])
        .send(&sim.stripe)
        .await
        .expect("retrieve")
}

fn intent_status(session: &CheckoutSession) -> Option<PaymentIntentStatus> {
    session
        .payment_intent
        .as_ref()
        .and_then(|pi| pi.as_object())
        .map(|pi| pi.status.clone())
}

/// Waits for a delivered event of `kind` and parses it with async-stripe.
async fn event(sim: &Sim, kind: &str) -> EventObject {
    let delivery = sim.receiver.wait_for(kind).await;
    Webhook::construct_event(
        &delivery.body,
        &delivery.signature,
        &sim.handle.webhook_secret,
    )
    .unwrap_or_else(|e| panic!("{kind} parses: {e:?}"))
    .data
    .object
}

#[tokio::test]
async fn eur_sessions_offer_sepa_debit_beside_the_card_and_others_do_not() {
    let sim = Sim::start().await;
    let eur = sim.create_session().await;
    let methods: Vec<&str> = eur
        .payment_method_types
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(methods, ["card", "sepa_debit"]);
    let page = hosted_page(&eur).await;
    assert!(
        page.contains(r#"name="card_number""#),
        "the card form stays"
    );
    assert!(page.contains("SEPA Direct Debit") && page.contains(r#"name="iban""#));
    assert!(page.contains("Debit my account"));

    let usd = new_session("usd", 4900)
        .send(&sim.stripe)
        .await
        .expect("create");
    assert_eq!(usd.payment_method_types, ["card"]);
    let page = hosted_page(&usd).await;
    assert!(!page.contains(r#"name="iban""#), "no debit outside EUR");
    assert_eq!(debit(&usd, SUCCEEDS).await.status(), 200);
    assert_eq!(
        retrieve(&sim, &usd).await.status,
        Some(CheckoutSessionStatus::Open),
        "a debit on a USD session is refused"
    );

    let refused = http()
        .post(format!("{}/v1/checkout/sessions", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            "mode=payment&payment_method_types[0]=sepa_debit\
             &line_items[0][price_data][currency]=usd\
             &line_items[0][price_data][unit_amount]=4900\
             &line_items[0][price_data][product_data][name]=Pottery&line_items[0][quantity]=1",
        )
        .send()
        .await
        .expect("send");
    assert_eq!(refused.status(), 400, "SEPA Direct Debit is EUR only");
    let card_only = http()
        .post(format!("{}/v1/checkout/sessions", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            "mode=payment&payment_method_types[0]=card\
             &line_items[0][price_data][currency]=eur\
             &line_items[0][price_data][unit_amount]=4900\
             &line_items[0][price_data][product_data][name]=Pottery&line_items[0][quantity]=1",
        )
        .send()
        .await
        .expect("send");
    assert_eq!(card_only.status(), 200);
    let card_only: serde_json::Value = card_only.json().await.expect("json");
    assert_eq!(
        card_only["payment_method_types"],
        serde_json::json!(["card"]),
        "an explicit list is what is offered"
    );
}

#[tokio::test]
async fn a_debit_completes_the_session_unpaid_then_settles_paid() {
    let sim = sim_settling_after(Duration::from_millis(300)).await;
    let session = sim.create_session().await;

    let response = debit(&session, SUCCEEDS).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("http://app.test/payment/success?session_id={}", session.id).as_str()
    );
    let processing = retrieve(&sim, &session).await;
    assert_eq!(processing.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(
        processing.payment_status,
        CheckoutSessionPaymentStatus::Unpaid
    );
    assert_eq!(
        intent_status(&processing),
        Some(PaymentIntentStatus::Processing)
    );
    assert!(
        processing.url.is_none(),
        "a complete session has no page link"
    );
    let page = hosted_page(&session).await;
    assert!(page.contains("Payment processing"), "{page}");

    let EventObject::CheckoutSessionCompleted(completed) =
        event(&sim, "checkout.session.completed").await
    else {
        panic!("a checkout session");
    };
    assert_eq!(completed.id, session.id);
    assert_eq!(
        completed.payment_status,
        CheckoutSessionPaymentStatus::Unpaid
    );
    let EventObject::PaymentIntentProcessing(_) = event(&sim, "payment_intent.processing").await
    else {
        panic!("a payment intent");
    };
    let EventObject::ChargePending(pending) = event(&sim, "charge.pending").await else {
        panic!("a charge");
    };
    assert_eq!(pending.status.as_str(), "pending");
    assert!(!pending.paid);
    assert!(pending.id.as_str().starts_with("py_"));

    let EventObject::CheckoutSessionAsyncPaymentSucceeded(paid) =
        event(&sim, "checkout.session.async_payment_succeeded").await
    else {
        panic!("a checkout session");
    };
    assert_eq!(paid.id, session.id);
    assert_eq!(paid.payment_status, CheckoutSessionPaymentStatus::Paid);
    let EventObject::PaymentIntentSucceeded(intent) = event(&sim, "payment_intent.succeeded").await
    else {
        panic!("a payment intent");
    };
    assert_eq!(intent.amount_received, 4900);
    let methods: Vec<&str> = intent
        .payment_method_types
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(methods, ["card", "sepa_debit"]);
    event(&sim, "charge.succeeded").await;

    let settled = retrieve(&sim, &session).await;
    assert_eq!(settled.payment_status, CheckoutSessionPaymentStatus::Paid);
    assert_eq!(
        intent_status(&settled),
        Some(PaymentIntentStatus::Succeeded)
    );
    let charge = RetrieveCharge::new(pending.id.clone())
        .send(&sim.stripe)
        .await
        .expect("charge");
    assert_eq!(charge.status.as_str(), "succeeded");
    assert!(charge.paid);
    let details = charge.payment_method_details.expect("details");
    assert_eq!(details.type_, "sepa_debit");
    let account = details.sepa_debit.expect("the account");
    assert_eq!(account.last4.as_deref(), Some("3000"));
    assert_eq!(account.country.as_deref(), Some("DE"));
    assert!(account.mandate.is_some());
}

#[tokio::test]
async fn the_failing_iban_settles_failed_with_the_reason() {
    let sim = sim_settling_after(Duration::from_millis(200)).await;
    let session = sim.create_session().await;
    assert_eq!(debit(&session, FAILS).await.status(), 303);

    let EventObject::PaymentIntentPaymentFailed(intent) =
        event(&sim, "payment_intent.payment_failed").await
    else {
        panic!("a payment intent");
    };
    assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
    let error = intent.last_payment_error.expect("last_payment_error");
    assert_eq!(
        error.code.as_ref().map(|c| c.as_str()),
        Some("insufficient_funds")
    );
    assert_eq!(error.payment_method_type.as_deref(), Some("sepa_debit"));
    assert!(
        error
            .message
            .is_some_and(|m| m.contains("insufficient funds"))
    );
    let EventObject::CheckoutSessionAsyncPaymentFailed(failed) =
        event(&sim, "checkout.session.async_payment_failed").await
    else {
        panic!("a checkout session");
    };
    assert_eq!(failed.id, session.id);
    assert_eq!(failed.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(failed.payment_status, CheckoutSessionPaymentStatus::Unpaid);
    let EventObject::ChargeFailed(charge) = event(&sim, "charge.failed").await else {
        panic!("a charge");
    };
    assert_eq!(charge.failure_code.as_deref(), Some("insufficient_funds"));
    let after = retrieve(&sim, &session).await;
    assert_eq!(
        intent_status(&after),
        Some(PaymentIntentStatus::RequiresPaymentMethod)
    );
    assert!(
        sim.receiver
            .deliveries()
            .iter()
            .all(|d| d.kind() != "checkout.session.async_payment_succeeded")
    );
    // The payer who comes back to the page is told the debit failed, not
    // that it is still processing.
    let page = hosted_page(&session).await;
    assert!(page.contains("Payment failed"), "{page}");
    assert!(page.contains("Nothing was taken"), "{page}");
    assert!(!page.contains("processing"), "{page}");
}

#[tokio::test]
async fn an_unknown_or_missing_iban_stays_on_the_page_with_a_clear_error() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    for (iban, message) in [
        (
            "DE00 1234 5678 9012 3456 78",
            "be used in test mode. Use DE89 3704 0044 0532 0130 00 (succeeds)",
        ),
        ("", "Your IBAN is incomplete."),
    ] {
        let response = debit(&session, iban).await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.expect("page");
        assert!(
            page.contains(message),
            "{iban:?}: the page says {message:?}"
        );
        assert!(page.contains(r#"name="iban""#), "the form is shown again");
    }
    let still = retrieve(&sim, &session).await;
    assert_eq!(still.status, Some(CheckoutSessionStatus::Open));
    assert!(still.payment_intent.is_none(), "nothing was attempted");

    // Enter in the IBAN field submits the form's first button ("Pay") with
    // no card number: that is a debit too.
    let url = session.url.clone().expect("url");
    let response = http()
        .post(url)
        .form(&[("email", "ada@example.com"), ("iban", SUCCEEDS)])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 303);
    assert_eq!(
        retrieve(&sim, &session).await.status,
        Some(CheckoutSessionStatus::Complete)
    );
}

#[tokio::test]
async fn a_pending_debit_survives_a_restart_and_settles_afterwards() {
    let receiver = Receiver::start(0).await;
    let dir = std::env::temp_dir().join("tessera-stripe-sim-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("debit-{}.json", uuid::Uuid::new_v4().simple()));
    let mut config = SimConfig::generate(Some(receiver.url.clone()));
    config.state_file = Some(path.clone());
    config.retry_schedule = crate::support::fast_retries();
    config.async_settle_after = Duration::from_millis(1500);
    let first = spawn(config.clone()).await;
    let session = new_session("eur", 4900)
        .send(&client(&first))
        .await
        .expect("create");
    assert_eq!(debit(&session, SUCCEEDS).await.status(), 303);
    first.shutdown().await;
    assert!(
        receiver
            .deliveries()
            .iter()
            .all(|d| d.kind() != "checkout.session.async_payment_succeeded"),
        "not settled before the restart"
    );

    let second = spawn(config).await;
    let delivery = receiver
        .wait_for("checkout.session.async_payment_succeeded")
        .await;
    assert!(delivery.body.contains(session.id.as_str()));
    second.shutdown().await;
    let _ = std::fs::remove_file(&path);
}

/// Every event type the simulator emits, each sent by one of the flows a
/// booking takes (card paid and refunded, card declined then expired, debit
/// settled, debit failed), parses with async-stripe's typed events as that
/// type: the simulator sends nothing a Stripe receiver would refuse.
#[tokio::test]
async fn every_event_type_the_simulator_emits_parses_as_its_type() {
    let sim = sim_settling_after(Duration::from_millis(50)).await;

    let paid = sim.create_session().await;
    assert_eq!(
        crate::support::pay(&paid, "4242424242424242")
            .await
            .status(),
        303
    );
    let paid = retrieve(&sim, &paid).await;
    let intent = paid
        .payment_intent
        .as_ref()
        .expect("an intent")
        .id()
        .clone();
    stripe_core::refund::CreateRefund::new()
        .payment_intent(intent.as_str())
        .send(&sim.stripe)
        .await
        .expect("refund");

    let declined = sim.create_session().await;
    assert_eq!(
        crate::support::pay(&declined, "4000000000000002")
            .await
            .status(),
        402
    );
    stripe_checkout::checkout_session::ExpireCheckoutSession::new(declined.id.clone())
        .send(&sim.stripe)
        .await
        .expect("expire");

    let settled = sim.create_session().await;
    assert_eq!(debit(&settled, SUCCEEDS).await.status(), 303);
    let failed = sim.create_session().await;
    assert_eq!(debit(&failed, FAILS).await.status(), 303);

    for kind in stripe_sim::EVENT_TYPES {
        let delivery = sim.receiver.wait_for(kind).await;
        let event = Webhook::construct_event(
            &delivery.body,
            &delivery.signature,
            &sim.handle.webhook_secret,
        )
        .unwrap_or_else(|e| panic!("{kind} parses: {e:?}"));
        assert_eq!(event.type_.as_str(), kind);
        assert!(
            !matches!(event.data.object, EventObject::Unknown(_)),
            "{kind} is read as its own type"
        );
    }
}
