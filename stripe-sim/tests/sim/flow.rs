//! Paying on the hosted page: 4242 pays and redirects, the decline cards
//! decline with Stripe's codes, and the webhooks say so, signed.

use crate::support::{Sim, hosted_page, http, new_session, pay};
use stripe_checkout::CheckoutSessionPaymentStatus;
use stripe_checkout::checkout_session::RetrieveCheckoutSession;
use stripe_types::Expandable;
use stripe_webhook::{EventObject, Webhook};

#[tokio::test]
async fn paying_with_4242_redirects_to_success_url_and_sends_checkout_session_completed() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;

    let response = pay(&session, "4242 4242 4242 4242").await;

    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("http://app.test/payment/success?session_id={}", session.id).as_str()
    );
    let delivery = sim.receiver.wait_for("checkout.session.completed").await;
    let event = Webhook::construct_event(
        &delivery.body,
        &delivery.signature,
        &sim.handle.webhook_secret,
    )
    .expect("async-stripe accepts the signature and parses the event");
    let EventObject::CheckoutSessionCompleted(completed) = event.data.object else {
        panic!("expected a checkout session, got {:?}", event.data.object);
    };
    assert_eq!(completed.id, session.id);
    assert_eq!(completed.payment_status, CheckoutSessionPaymentStatus::Paid);
    assert_eq!(completed.amount_total, Some(4900));
    assert_eq!(completed.client_reference_id.as_deref(), Some("7"));
    assert!(matches!(completed.payment_intent, Some(Expandable::Id(_))));
    assert!(
        Webhook::construct_event(&delivery.body, &delivery.signature, "whsec_wrong").is_err(),
        "a wrong secret must not verify"
    );
    for kind in ["payment_intent.succeeded", "charge.succeeded"] {
        let delivery = sim.receiver.wait_for(kind).await;
        Webhook::construct_event(
            &delivery.body,
            &delivery.signature,
            &sim.handle.webhook_secret,
        )
        .unwrap_or_else(|e| panic!("{kind} parses: {e:?}"));
    }
}

#[tokio::test]
async fn decline_cards_fail_with_stripes_codes_and_the_session_can_then_be_paid() {
    let sim = Sim::start().await;
    let cases = [
        (
            "4000 0000 0000 0002",
            "generic_decline",
            "Your card was declined.",
        ),
        (
            "4000000000009995",
            "insufficient_funds",
            "Your card has insufficient funds.",
        ),
    ];
    for (number, decline_code, message) in cases {
        let session = sim.create_session().await;
        let response = pay(&session, number).await;
        assert_eq!(response.status(), 402);
        let page = response.text().await.expect("page");
        assert!(page.contains(message), "the page shows {message:?}");
        assert!(
            page.contains(r#"name="card_number""#),
            "the form is shown again"
        );

        let delivery = sim
            .receiver
            .wait_for_matching("payment_intent.payment_failed", |event| {
                event["data"]["object"]["last_payment_error"]["decline_code"] == decline_code
            })
            .await;
        let event = Webhook::construct_event(
            &delivery.body,
            &delivery.signature,
            &sim.handle.webhook_secret,
        )
        .expect("payment_failed parses");
        let EventObject::PaymentIntentPaymentFailed(intent) = event.data.object else {
            panic!("expected a payment intent, got {:?}", event.data.object);
        };
        let error = intent
            .last_payment_error
            .as_ref()
            .expect("last_payment_error");
        assert_eq!(
            error.code.as_ref().map(|c| c.as_str()),
            Some("card_declined")
        );
        assert_eq!(error.decline_code.as_deref(), Some(decline_code));
        assert_eq!(error.message.as_deref(), Some(message));
        assert_eq!(error.type_.as_str(), "card_error");

        let still_open = RetrieveCheckoutSession::new(session.id.clone())
            .send(&sim.stripe)
            .await
            .expect("retrieve");
        assert_eq!(
            still_open.payment_status,
            CheckoutSessionPaymentStatus::Unpaid
        );
        assert!(
            matches!(&still_open.payment_intent, Some(Expandable::Id(id)) if *id == intent.id),
            "the session names the PaymentIntent of its attempt"
        );
        assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    }
    sim.receiver
        .wait_for_count("checkout.session.completed", 2)
        .await;
}

#[tokio::test]
async fn an_incorrect_card_number_stays_on_the_page_without_events() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    let response = pay(&session, "1234 5678 9012 3456").await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .expect("page")
            .contains("Your card number is incorrect.")
    );
    let events = stripe_core::event::ListEvent::new()
        .send(&sim.stripe)
        .await
        .expect("events");
    assert!(events.data.is_empty(), "no event for a mistyped number");
}

#[tokio::test]
async fn the_hosted_page_shows_the_order_and_labelled_fields() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    let url = session.url.clone().expect("url");
    let page = http()
        .get(&url)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    for needle in [
        "Test mode — simulated Stripe",
        "Pottery for beginners",
        "× 1",
        "€49.00",
        r#"<label for="card_number">Card number</label>"#,
        r#"name="card_number""#,
        r#"value="ada@example.com""#,
        r#"<button type="submit">Pay</button>"#,
        r#"href="http://app.test/payment/cancel?booking=7""#,
    ] {
        assert!(page.contains(needle), "the page contains {needle:?}");
    }

    let yen = new_session("jpy", 5000)
        .send(&sim.stripe)
        .await
        .expect("jpy session");
    let page = hosted_page(&yen).await;
    assert!(page.contains("¥5,000") && !page.contains("¥50.00"));

    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    let done = http()
        .get(&url)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(done.contains("Payment complete") && !done.contains(r#"name="card_number""#));
    let again = pay(&session, "4242424242424242").await;
    assert_eq!(again.status(), 200, "a completed session is not paid twice");
}

#[tokio::test]
async fn an_expiry_typed_as_digits_alone_pays_and_a_refusal_keeps_what_was_typed() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    let url = session.url.clone().expect("url");
    let post = |expiry: &'static str| {
        http().post(url.clone()).form(&[
            ("email", "ada@example.com"),
            ("card_number", "4242 4242 4242 4242"),
            ("card_expiry", expiry),
            ("card_cvc", "123"),
        ])
    };

    let refused = post("13/99").send().await.expect("post");
    assert_eq!(refused.status(), 200);
    let page = refused.text().await.expect("page");
    assert!(page.contains("expiration month is invalid."), "{page}");
    assert!(
        page.contains(r#"value="4242 4242 4242 4242""#) && page.contains(r#"value="13/99""#),
        "the card number and expiry are kept after a refusal: {page}"
    );
    assert!(
        !page.contains(r#"value="123""#),
        "the security code is never echoed"
    );

    let paid = post("1299").send().await.expect("post");
    assert_eq!(paid.status(), 303, "\"1299\" reads as 12 / 99");
}
