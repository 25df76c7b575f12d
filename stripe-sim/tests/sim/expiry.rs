//! Sessions end: through the API, or by themselves at `expires_at`; and
//! `expires_at` must be 30 minutes to 24 hours ahead, as on Stripe.

use crate::support::{Sim, http, new_session, now, pay};
use stripe::StripeError;
use stripe_checkout::CheckoutSessionStatus;
use stripe_checkout::checkout_session::{ExpireCheckoutSession, RetrieveCheckoutSession};
use stripe_webhook::{EventObject, Webhook};

#[tokio::test]
async fn expiring_through_the_api_emits_checkout_session_expired_once() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;

    ExpireCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("expire an open session");

    let delivery = sim.receiver.wait_for("checkout.session.expired").await;
    let event = Webhook::construct_event(
        &delivery.body,
        &delivery.signature,
        &sim.handle.webhook_secret,
    )
    .expect("parses");
    let EventObject::CheckoutSessionExpired(expired) = event.data.object else {
        panic!("expected a checkout session");
    };
    assert_eq!(expired.id, session.id);
    assert_eq!(expired.status, Some(CheckoutSessionStatus::Expired));
    assert!(
        event
            .request
            .and_then(|r| r.id)
            .is_some_and(|id| id.starts_with("req_"))
    );

    let again = ExpireCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, 400)) = again else {
        panic!("expiring twice is a 400, got {again:?}");
    };
    assert_eq!(error.type_.as_str(), "invalid_request_error");
    let page = pay(&session, "4242424242424242").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("html").contains("expired"));
}

#[tokio::test]
async fn a_paid_session_cannot_be_expired() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    let result = ExpireCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await;
    assert!(
        matches!(result, Err(StripeError::Stripe(_, 400))),
        "{result:?}"
    );
}

#[tokio::test]
async fn sessions_expire_by_themselves_at_expires_at() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    let declined = pay(&session, "4000000000000002").await;
    assert_eq!(declined.status(), 402);

    sim.handle
        .state()
        .set_session_expires_at(session.id.as_str(), now() + 1)
        .await
        .expect("move the deadline");

    let delivery = sim.receiver.wait_for("checkout.session.expired").await;
    assert!(delivery.body.contains(session.id.as_str()));
    sim.receiver.wait_for("payment_intent.canceled").await;
    let retrieved = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    assert_eq!(retrieved.status, Some(CheckoutSessionStatus::Expired));
    let url = format!("{}/c/pay/{}", sim.handle.base_url, session.id);
    let page = http()
        .get(url)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(page.contains("This checkout session has expired"));
    assert!(!page.contains(r#"name="card_number""#));
}

#[tokio::test]
async fn an_open_session_past_its_deadline_is_expired_when_visited() {
    let sim = Sim::start_with(0, |c| c.webhook_url = None).await;
    let session = sim.create_session().await;
    sim.handle
        .state()
        .set_session_expires_at(session.id.as_str(), now() - 1)
        .await
        .expect("move the deadline");
    let response = pay(&session, "4242424242424242").await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.expect("html");
    assert!(page.contains("This checkout session has expired"));
    let retrieved = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    assert_eq!(retrieved.status, Some(CheckoutSessionStatus::Expired));
}

#[tokio::test]
async fn expires_at_must_be_30_minutes_to_24_hours_ahead() {
    let sim = Sim::start().await;
    for expires_at in [now() + 29 * 60, now() + 25 * 60 * 60] {
        let result = new_session("eur", 4900)
            .expires_at(expires_at)
            .send(&sim.stripe)
            .await;
        let Err(StripeError::Stripe(error, 400)) = result else {
            panic!("expected a 400, got {result:?}");
        };
        assert_eq!(error.param.as_deref(), Some("expires_at"));
        assert_eq!(error.type_.as_str(), "invalid_request_error");
    }
    let ok = new_session("eur", 4900)
        .expires_at(now() + 24 * 60 * 60 - 60)
        .send(&sim.stripe)
        .await;
    assert!(ok.is_ok(), "{ok:?}");
}
