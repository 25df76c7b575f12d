//! Refunds: full and partial, never more than was paid, each announced by
//! `refund.created`, `charge.refunded` and `refund.updated`.

use crate::support::{Sim, pay};
use stripe::StripeError;
use stripe_checkout::CheckoutSession;
use stripe_checkout::checkout_session::RetrieveCheckoutSession;
use stripe_core::refund::CreateRefund;
use stripe_types::Expandable;
use stripe_webhook::{EventObject, Webhook};

/// A session paid with 4242, and its PaymentIntent id.
async fn paid_intent(sim: &Sim) -> (CheckoutSession, String) {
    let session = sim.create_session().await;
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    let paid = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    let Some(Expandable::Id(intent)) = paid.payment_intent else {
        panic!("paid session has a payment intent");
    };
    (session, intent.as_str().to_owned())
}

#[tokio::test]
async fn a_full_refund_emits_charge_refunded_with_the_charge_refunded() {
    let sim = Sim::start().await;
    let (_, intent) = paid_intent(&sim).await;

    let refund = CreateRefund::new()
        .payment_intent(intent.as_str())
        .send(&sim.stripe)
        .await
        .expect("refund");
    assert_eq!(refund.amount, 4900);

    let delivery = sim.receiver.wait_for("charge.refunded").await;
    let event = Webhook::construct_event(
        &delivery.body,
        &delivery.signature,
        &sim.handle.webhook_secret,
    )
    .expect("parses");
    let EventObject::ChargeRefunded(charge) = event.data.object else {
        panic!("expected a charge");
    };
    assert!(charge.refunded);
    assert_eq!(charge.amount_refunded, 4900);
    assert!(matches!(&charge.payment_intent, Some(Expandable::Id(id)) if id.as_str() == intent));
    for kind in ["refund.created", "refund.updated"] {
        let delivery = sim.receiver.wait_for(kind).await;
        let event = Webhook::construct_event(
            &delivery.body,
            &delivery.signature,
            &sim.handle.webhook_secret,
        )
        .expect("parses");
        let (EventObject::RefundCreated(r) | EventObject::RefundUpdated(r)) = event.data.object
        else {
            panic!("expected a refund in {kind}");
        };
        assert_eq!(r.id, refund.id);
    }
}

#[tokio::test]
async fn partial_refunds_add_up_to_the_charge_and_no_further() {
    let sim = Sim::start().await;
    let (_, intent) = paid_intent(&sim).await;

    let too_much = CreateRefund::new()
        .payment_intent(intent.as_str())
        .amount(5000)
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, 400)) = too_much else {
        panic!("refunding more than was paid is a 400, got {too_much:?}");
    };
    assert_eq!(error.param.as_deref(), Some("amount"));

    let first = CreateRefund::new()
        .payment_intent(intent.as_str())
        .amount(1000)
        .send(&sim.stripe)
        .await
        .expect("first part");
    assert_eq!(first.amount, 1000);
    let partial = sim.receiver.wait_for("charge.refunded").await.json();
    assert_eq!(partial["data"]["object"]["amount_refunded"], 1000);
    assert_eq!(partial["data"]["object"]["refunded"], false);

    let over_rest = CreateRefund::new()
        .payment_intent(intent.as_str())
        .amount(3901)
        .send(&sim.stripe)
        .await;
    assert!(
        matches!(over_rest, Err(StripeError::Stripe(_, 400))),
        "{over_rest:?}"
    );
    let rest = CreateRefund::new()
        .payment_intent(intent.as_str())
        .send(&sim.stripe)
        .await
        .expect("the rest");
    assert_eq!(rest.amount, 3900);

    let done = CreateRefund::new()
        .payment_intent(intent.as_str())
        .amount(1)
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, 400)) = done else {
        panic!("a fully refunded charge cannot be refunded, got {done:?}");
    };
    assert_eq!(
        error.code.as_ref().map(|c| c.as_str()),
        Some("charge_already_refunded")
    );
}

#[tokio::test]
async fn an_unpaid_payment_intent_cannot_be_refunded() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    assert_eq!(pay(&session, "4000000000000002").await.status(), 402);
    let retrieved = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    let Some(Expandable::Id(intent)) = retrieved.payment_intent else {
        panic!("the attempt created a payment intent");
    };
    let result = CreateRefund::new()
        .payment_intent(intent.as_str())
        .send(&sim.stripe)
        .await;
    assert!(
        matches!(result, Err(StripeError::Stripe(_, 400))),
        "{result:?}"
    );
    let missing = CreateRefund::new()
        .payment_intent("pi_missing")
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, _)) = missing else {
        panic!("an unknown payment intent is an error");
    };
    assert_eq!(
        error.code.as_ref().map(|c| c.as_str()),
        Some("resource_missing")
    );
}
