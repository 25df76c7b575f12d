//! Delivery: retried until the endpoint accepts, and — with the test
//! switch — every event twice, shuffled.

use crate::support::{Sim, eventually, http, pay};
use std::collections::HashMap;
use stripe_core::event::ListEvent;
use stripe_webhook::Webhook;

#[tokio::test]
async fn a_failing_endpoint_is_retried_until_it_accepts() {
    let sim = Sim::start_with(2, |_| {}).await;
    let session = sim.create_session().await;
    http()
        .post(format!(
            "{}/v1/checkout/sessions/{}/expire",
            sim.handle.base_url, session.id
        ))
        .bearer_auth(&sim.handle.api_key)
        .send()
        .await
        .expect("expire");

    let delivered = sim.receiver.wait_for("checkout.session.expired").await;

    let attempts: Vec<_> = sim
        .receiver
        .deliveries()
        .into_iter()
        .filter(|d| d.event_id() == delivered.event_id())
        .collect();
    let statuses: Vec<u16> = attempts.iter().map(|d| d.status).collect();
    assert_eq!(statuses, [500, 500, 200]);
    for attempt in &attempts {
        let secret = &sim.handle.webhook_secret;
        // Verified as a receiver would, with Stripe's library.
        let verified = Webhook::construct_event(&attempt.body, &attempt.signature, secret);
        assert!(verified.is_ok(), "every attempt is signed: {verified:?}");
    }
    let event = eventually("pending_webhooks to reach 0", || async {
        let events = ListEvent::new().send(&sim.stripe).await.ok()?;
        let event = events
            .data
            .into_iter()
            .find(|e| e.id.as_str() == delivered.event_id())?;
        (event.pending_webhooks == 0).then_some(event)
    })
    .await;
    assert_eq!(event.type_.as_str(), "checkout.session.expired");
}

#[tokio::test]
async fn the_duplicate_switch_delivers_every_event_twice() {
    let sim = Sim::start_with(0, |c| c.duplicate_and_shuffle = true).await;
    let session = sim.create_session().await;
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);

    let events = ListEvent::new().send(&sim.stripe).await.expect("events");
    assert_eq!(
        events.data.len(),
        4,
        "payment_intent.created, charge, intent, session"
    );
    let ids: Vec<String> = events
        .data
        .iter()
        .map(|e| e.id.as_str().to_owned())
        .collect();
    sim.receiver
        .wait_for_count("checkout.session.completed", 2)
        .await;
    let counts = eventually("two deliveries of every event", || async {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for delivery in sim.receiver.deliveries() {
            *counts.entry(delivery.event_id()).or_default() += 1;
        }
        ids.iter()
            .all(|id| counts.get(id) == Some(&2))
            .then_some(counts)
    })
    .await;
    assert_eq!(counts.len(), ids.len(), "nothing but these events");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        sim.receiver.deliveries().len(),
        8,
        "exactly twice, not more"
    );
}
