//! Every response deserialises into async-stripe's own types, with the
//! values Stripe would put there.

use crate::support::{Sim, get_json, pay};
use axum::http::HeaderMap;
use std::sync::{Arc, Mutex};
use stripe::StripeError;
use stripe_checkout::checkout_session::{
    ExpireCheckoutSession, ListCheckoutSession, ListLineItemsCheckoutSession,
    RetrieveCheckoutSession,
};
use stripe_checkout::{CheckoutSessionPaymentStatus, CheckoutSessionStatus, CheckoutSessionUiMode};
use stripe_core::PaymentIntentStatus;
use stripe_core::charge::RetrieveCharge;
use stripe_core::event::{ListEvent, RetrieveEvent};
use stripe_core::payment_intent::RetrievePaymentIntent;
use stripe_core::refund::{CreateRefund, RetrieveRefund};
use stripe_sim::API_VERSION;
use stripe_types::Expandable;

#[tokio::test]
async fn checkout_session_responses_deserialise_with_stripes_values() {
    let sim = Sim::start().await;
    let created = sim.create_session().await;
    assert!(created.id.as_str().starts_with("cs_test_"));
    assert_eq!(created.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(created.payment_status, CheckoutSessionPaymentStatus::Unpaid);
    assert_eq!(created.amount_total, Some(4900));
    assert_eq!(created.currency.map(|c| c.to_string()), Some("eur".into()));
    assert_eq!(created.client_reference_id.as_deref(), Some("7"));
    assert_eq!(
        created.metadata.as_ref().and_then(|m| m.get("booking_id")),
        Some(&"7".to_owned())
    );
    assert!(created.payment_intent.is_none());
    assert!(!created.livemode);
    // The pinned API version's name, not an `Unknown` async-stripe warns of.
    assert_eq!(created.ui_mode, Some(CheckoutSessionUiMode::HostedPage));
    let url = created.url.clone().expect("url");
    assert_eq!(url, format!("{}/c/pay/{}", sim.handle.base_url, created.id));

    let retrieved = RetrieveCheckoutSession::new(created.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    assert_eq!(retrieved.id, created.id);
    assert_eq!(retrieved.expires_at, created.expires_at);

    let items = ListLineItemsCheckoutSession::new(created.id.clone())
        .send(&sim.stripe)
        .await
        .expect("line items");
    assert_eq!(items.data.len(), 1);
    assert_eq!(
        items.data[0].description.as_deref(),
        Some("Pottery for beginners")
    );
    assert_eq!(items.data[0].amount_total, 4900);

    let other = sim.create_session().await;
    let expired = ExpireCheckoutSession::new(other.id.clone())
        .send(&sim.stripe)
        .await
        .expect("expire");
    assert_eq!(expired.status, Some(CheckoutSessionStatus::Expired));
    assert!(expired.url.is_none());

    let listed = ListCheckoutSession::new()
        .limit(1)
        .send(&sim.stripe)
        .await
        .expect("list");
    assert_eq!(listed.url, "/v1/checkout/sessions");
    assert!(listed.has_more);
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].id, other.id, "newest first");
    let next = ListCheckoutSession::new()
        .starting_after(other.id.as_str())
        .send(&sim.stripe)
        .await
        .expect("next page");
    assert_eq!(next.data.len(), 1);
    assert_eq!(next.data[0].id, created.id);
    assert!(!next.has_more);
    let open = ListCheckoutSession::new()
        .status(CheckoutSessionStatus::Open)
        .send(&sim.stripe)
        .await
        .expect("filter by status");
    assert_eq!(
        open.data.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        vec![created.id.clone()]
    );
}

#[tokio::test]
async fn payment_refund_and_event_responses_deserialise() {
    let sim = Sim::start().await;
    let session = sim.create_session().await;
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);

    let paid = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve paid session");
    assert_eq!(paid.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(paid.payment_status, CheckoutSessionPaymentStatus::Paid);
    let Some(Expandable::Id(intent_id)) = paid.payment_intent.clone() else {
        panic!(
            "a paid session names its payment intent: {:?}",
            paid.payment_intent
        );
    };
    assert!(intent_id.as_str().starts_with("pi_"));
    let by_intent = ListCheckoutSession::new()
        .payment_intent(intent_id.as_str())
        .send(&sim.stripe)
        .await
        .expect("filter by payment intent");
    assert_eq!(by_intent.data.len(), 1);
    assert_eq!(by_intent.data[0].id, session.id);

    let intent = RetrievePaymentIntent::new(intent_id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve payment intent");
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    assert_eq!(intent.amount_received, 4900);
    let Some(Expandable::Id(charge_id)) = intent.latest_charge.clone() else {
        panic!("a succeeded intent has a charge");
    };
    let charge = RetrieveCharge::new(charge_id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve charge");
    assert!(charge.paid && charge.captured && !charge.refunded);

    let refund = CreateRefund::new()
        .payment_intent(intent_id.as_str())
        .amount(1000)
        .send(&sim.stripe)
        .await
        .expect("create refund");
    assert!(refund.id.as_str().starts_with("re_"));
    assert_eq!(refund.amount, 1000);
    assert_eq!(refund.status.as_deref(), Some("succeeded"));
    let again = RetrieveRefund::new(refund.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve refund");
    assert_eq!(again.id, refund.id);

    let events = ListEvent::new()
        .type_("checkout.session.completed")
        .send(&sim.stripe)
        .await
        .expect("list events");
    assert_eq!(events.data.len(), 1);
    let event = RetrieveEvent::new(events.data[0].id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve event");
    assert_eq!(event.type_.as_str(), "checkout.session.completed");
    assert_eq!(event.api_version.as_deref(), Some(API_VERSION));
    let (_, raw) = get_json(&sim.handle, &format!("/v1/events/{}", event.id)).await;
    assert_eq!(raw["data"]["object"]["id"], session.id.as_str());
    assert_eq!(raw["data"]["object"]["payment_status"], "paid");

    let all = ListEvent::new()
        .limit(100)
        .send(&sim.stripe)
        .await
        .expect("all events");
    let kinds: Vec<&str> = all.data.iter().rev().map(|e| e.type_.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "payment_intent.created",
            "charge.succeeded",
            "payment_intent.succeeded",
            "checkout.session.completed",
            "refund.created",
            "charge.refunded",
            "refund.updated",
        ]
    );
}

/// The events the simulator renders carry the API version async-stripe
/// pins: it is what the client sends as `Stripe-Version`.
#[tokio::test]
async fn api_version_is_the_one_async_stripe_pins() {
    let seen: Arc<Mutex<Option<String>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap| {
        let record = record.clone();
        async move {
            *record.lock().expect("lock") = headers
                .get("stripe-version")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            axum::http::StatusCode::NOT_FOUND
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = stripe::ClientBuilder::new("sk_test_x")
        .url(format!("http://{addr}"))
        .build()
        .expect("client");
    let result = RetrieveEvent::new("evt_x").send(&client).await;
    assert!(matches!(result, Err(StripeError::JSONDeserialize(_))));
    assert_eq!(seen.lock().expect("lock").as_deref(), Some(API_VERSION));
}

/// Stripe's published example objects (an extract of stripe/openapi's
/// fixtures3.json, MIT licence beside it in tests/fixtures).
fn stripe_fixture(resource: &str) -> serde_json::Value {
    let raw = include_str!("../fixtures/stripe-fixtures.json");
    let all: serde_json::Value = serde_json::from_str(raw).expect("the fixtures parse");
    all["resources"][resource].clone()
}

/// The field names of a JSON object.
fn fields(object: &serde_json::Value) -> std::collections::BTreeSet<String> {
    object
        .as_object()
        .unwrap_or_else(|| panic!("an object: {object}"))
        .keys()
        .cloned()
        .collect()
}

/// `rendered` has exactly the fields of Stripe's example `resource`.
fn assert_same_fields(resource: &str, rendered: &serde_json::Value) {
    let expected = fields(&stripe_fixture(resource));
    let actual = fields(rendered);
    assert_eq!(
        actual,
        expected,
        "{resource}: missing {:?}, extra {:?}",
        expected.difference(&actual).collect::<Vec<_>>(),
        actual.difference(&expected).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn coupons_discounts_sessions_and_items_have_stripes_fields() {
    let sim = Sim::start().await;
    let (status, coupon) = crate::support::post_form(
        &sim.handle,
        "/v1/coupons",
        "percent_off=25.5&duration=forever&name=25.5%25%20off",
        None,
    )
    .await;
    assert_eq!(status, 200, "{coupon}");
    assert_same_fields("coupon", &coupon);
    let id = coupon["id"].as_str().expect("id");
    let (_, retrieved) = get_json(&sim.handle, &format!("/v1/coupons/{id}")).await;
    assert_same_fields("coupon", &retrieved);
    for (field, value) in stripe_fixture("coupon").as_object().expect("object") {
        let ours = &coupon[field];
        assert!(
            ours.is_null()
                || value.is_null()
                || std::mem::discriminant(ours) == std::mem::discriminant(value),
            "coupon.{field}: {ours} is not of the type of Stripe's {value}"
        );
    }

    let (status, session) = crate::support::post_form(
        &sim.handle,
        "/v1/checkout/sessions",
        &format!(
            "mode=payment&line_items[0][price_data][currency]=eur\
             &line_items[0][price_data][unit_amount]=4900\
             &line_items[0][price_data][product_data][name]=Pottery&line_items[0][quantity]=3\
             &discounts[0][coupon]={id}&expand[]=total_details.breakdown&expand[]=line_items"
        ),
        None,
    )
    .await;
    assert_eq!(status, 200, "{session}");
    // `line_items` is only there when expanded, as at Stripe.
    let mut plain = session.clone();
    plain.as_object_mut().expect("object").remove("line_items");
    assert_same_fields("checkout.session", &plain);
    let discount = &session["total_details"]["breakdown"]["discounts"][0]["discount"];
    assert_same_fields("discount", discount);
    assert_eq!(
        fields(&discount["source"]),
        fields(&stripe_fixture("discount")["source"])
    );
    let item = &session["line_items"]["data"][0];
    assert_same_fields("item", item);
    assert_eq!(
        fields(&item["price"]),
        fields(&stripe_fixture("item")["price"]),
        "the line's price"
    );

    let deleted = crate::support::http()
        .delete(format!("{}/v1/coupons/{id}", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .send()
        .await
        .expect("delete");
    let deleted: serde_json::Value = deleted.json().await.expect("json");
    assert_same_fields("deleted_coupon", &deleted);
}
