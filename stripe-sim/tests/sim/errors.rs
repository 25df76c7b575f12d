//! Errors exactly as Stripe shapes them: 401 for keys, 400 naming the
//! parameter, 404 `resource_missing`, and idempotency keys honoured.

use crate::support::{Sim, body_json, get_json, http, new_session};
use serde_json::Value;
use stripe::{IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::RetrieveCheckoutSession;

/// POSTs a raw form body to the simulator's API.
async fn post_form(sim: &Sim, path: &str, body: &str, key: Option<&str>) -> (u16, Value) {
    let mut request = http()
        .post(format!("{}{path}", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    (status, body_json(response).await)
}

const VALID: &str = "mode=payment&line_items[0][price_data][currency]=eur\
    &line_items[0][price_data][unit_amount]=4900\
    &line_items[0][price_data][product_data][name]=Pottery&line_items[0][quantity]=1";

#[tokio::test]
async fn a_wrong_or_missing_key_is_401_invalid_request_error() {
    let sim = Sim::start().await;
    let wrong = stripe::ClientBuilder::new("sk_test_wrong")
        .url(sim.handle.base_url.clone())
        .build()
        .expect("client");
    let result = new_session("eur", 4900).send(&wrong).await;
    let Err(StripeError::Stripe(error, 401)) = result else {
        panic!("expected 401, got {result:?}");
    };
    assert_eq!(error.type_.as_str(), "invalid_request_error");
    assert!(
        error
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("Invalid API Key provided: sk_test_"))
    );
    assert!(
        !error.message.unwrap_or_default().contains("wrong"),
        "the key is redacted"
    );

    let response = http()
        .get(format!("{}/v1/checkout/sessions", sim.handle.base_url))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 401);
    let body = body_json(response).await;
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did not provide an API key"))
    );
}

#[tokio::test]
async fn missing_and_invalid_parameters_are_400_naming_the_param() {
    let sim = Sim::start().await;
    let cases = [
        ("mode=payment", "line_items", Some("parameter_missing")),
        (
            "mode=payment&line_items[0][price_data][unit_amount]=4900\
             &line_items[0][price_data][product_data][name]=P&line_items[0][quantity]=1",
            "line_items[0][price_data][currency]",
            Some("parameter_missing"),
        ),
        (
            &VALID.replace("=4900", "=lots"),
            "line_items[0][price_data][unit_amount]",
            Some("parameter_invalid_integer"),
        ),
        (
            &VALID.replace("mode=payment", "mode=payment&customer_email="),
            "customer_email",
            Some("parameter_invalid_empty"),
        ),
        (
            &format!("{VALID}&bogus=1"),
            "bogus",
            Some("parameter_unknown"),
        ),
        (
            &VALID.replace("mode=payment&", ""),
            "mode",
            Some("parameter_missing"),
        ),
    ];
    for (body, param, code) in cases {
        let (status, json) = post_form(&sim, "/v1/checkout/sessions", body, None).await;
        assert_eq!(status, 400, "{body}: {json}");
        assert_eq!(json["error"]["type"], "invalid_request_error");
        assert_eq!(json["error"]["param"], param, "{body}");
        assert_eq!(json["error"]["code"].as_str(), code, "{body}");
    }
    let (status, _) = post_form(&sim, "/v1/checkout/sessions", VALID, None).await;
    assert_eq!(status, 200, "the valid body passes");
    let (status, json) = post_form(&sim, "/v1/refunds", "", None).await;
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (400, Some("parameter_missing"))
    );
}

#[tokio::test]
async fn unknown_ids_are_404_resource_missing() {
    let sim = Sim::start().await;
    let result = RetrieveCheckoutSession::new("cs_test_nope")
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, 404)) = result else {
        panic!("expected 404, got {result:?}");
    };
    assert_eq!(
        error.code.as_ref().map(|c| c.as_str()),
        Some("resource_missing")
    );
    assert_eq!(
        error.message.as_deref(),
        Some("No such checkout.session: 'cs_test_nope'")
    );
    for path in [
        "/v1/payment_intents/pi_nope",
        "/v1/refunds/re_nope",
        "/v1/events/evt_nope",
    ] {
        let (status, body) = get_json(&sim.handle, path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "resource_missing", "{path}");
    }
    let unknown = http()
        .get(format!("{}/v1/customers", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .send()
        .await
        .expect("send");
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn an_idempotency_key_replays_the_same_request_and_refuses_another() {
    let sim = Sim::start().await;
    let first = post_form(
        &sim,
        "/v1/checkout/sessions",
        VALID,
        Some("booking-7-attempt-1"),
    )
    .await;
    let replay = post_form(
        &sim,
        "/v1/checkout/sessions",
        VALID,
        Some("booking-7-attempt-1"),
    )
    .await;
    assert_eq!(first.0, 200);
    assert_eq!(first, replay, "same status and body");
    let (status, other) = post_form(
        &sim,
        "/v1/checkout/sessions",
        &VALID.replace("=4900", "=5900"),
        Some("booking-7-attempt-1"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(other["error"]["type"], "idempotency_error");

    let key = || RequestStrategy::Idempotent(IdempotencyKey::new("booking-8").expect("key"));
    let request = new_session("eur", 4900);
    let a = request
        .customize()
        .request_strategy(key())
        .send(&sim.stripe)
        .await
        .expect("first");
    let b = request
        .customize()
        .request_strategy(key())
        .send(&sim.stripe)
        .await
        .expect("replay");
    assert_eq!(
        a.id, b.id,
        "async-stripe's idempotent strategy gets the same session back"
    );
    let c = new_session("eur", 5900)
        .customize()
        .request_strategy(key())
        .send(&sim.stripe)
        .await;
    let Err(StripeError::Stripe(error, 400)) = c else {
        panic!("other params with the same key is a 400, got {c:?}");
    };
    assert_eq!(error.type_.as_str(), "idempotency_error");
    let sessions = stripe_checkout::checkout_session::ListCheckoutSession::new()
        .send(&sim.stripe)
        .await
        .expect("list");
    assert_eq!(sessions.data.len(), 2, "replays create nothing");
}

/// A session paid with 4242, and its PaymentIntent id.
async fn paid_intent(sim: &Sim) -> String {
    let session = sim.create_session().await;
    assert_eq!(
        crate::support::pay(&session, "4242424242424242")
            .await
            .status(),
        303
    );
    let (_, paid) = get_json(
        &sim.handle,
        &format!("/v1/checkout/sessions/{}", session.id),
    )
    .await;
    paid["payment_intent"]
        .as_str()
        .expect("a payment intent")
        .to_owned()
}

#[tokio::test]
async fn a_refund_refused_while_executing_stays_refused_under_its_key() {
    let sim = Sim::start().await;
    // A declined card: the PaymentIntent has no successful charge yet.
    let session = sim.create_session().await;
    assert_eq!(
        crate::support::pay(&session, "4000000000000002")
            .await
            .status(),
        402
    );
    let (_, declined) = get_json(
        &sim.handle,
        &format!("/v1/checkout/sessions/{}", session.id),
    )
    .await;
    let intent = declined["payment_intent"]
        .as_str()
        .expect("a payment intent")
        .to_owned();
    let refund = format!("payment_intent={intent}");
    let (status, first) = post_form(&sim, "/v1/refunds", &refund, Some("refund-1")).await;
    assert_eq!(status, 400, "{first}");
    // Paid now; but Stripe keeps the first answer of a request that began
    // executing, errors included: the same request under the same key is
    // refused again, word for word, for 24 hours.
    assert_eq!(
        crate::support::pay(&session, "4242424242424242")
            .await
            .status(),
        303
    );
    let again = post_form(&sim, "/v1/refunds", &refund, Some("refund-1")).await;
    assert_eq!(again, (400, first));
    let (status, _) = post_form(
        &sim,
        "/v1/refunds",
        &format!("{refund}&amount=1000"),
        Some("refund-3"),
    )
    .await;
    assert_eq!(status, 200, "a new key is a new request");

    // A refusal in parameter validation is not kept: the key is still free
    // for a corrected request.
    let (status, zero) = post_form(
        &sim,
        "/v1/refunds",
        &format!("payment_intent={intent}&amount=0"),
        Some("refund-2"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(zero["error"]["code"], "parameter_invalid_integer");
    let (status, refund) = post_form(
        &sim,
        "/v1/refunds",
        &format!("payment_intent={intent}&amount=1000"),
        Some("refund-2"),
    )
    .await;
    assert_eq!(status, 200, "{refund}");
    assert_eq!(refund["amount"], 1000);
}

#[tokio::test]
async fn a_currency_stripe_does_not_support_is_refused() {
    let sim = Sim::start().await;
    let (status, body) = post_form(
        &sim,
        "/v1/checkout/sessions",
        &VALID.replace("currency]=eur", "currency]=xxx"),
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert_eq!(
        body["error"]["param"],
        "line_items[0][price_data][currency]"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Invalid currency: xxx.")),
        "{body}"
    );
    let (status, _) = post_form(
        &sim,
        "/v1/checkout/sessions",
        &VALID.replace("currency]=eur", "currency]=chf"),
        None,
    )
    .await;
    assert_eq!(status, 200, "a supported currency still works");
}

#[tokio::test]
async fn a_known_path_with_another_method_is_stripes_json_404() {
    let sim = Sim::start().await;
    let response = http()
        .delete(format!("{}/v1/refunds", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status().as_u16(), 404);
    let body = body_json(response).await;
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Unrecognized request URL (DELETE: /v1/refunds)")),
        "{body}"
    );
}

#[tokio::test]
async fn expand_works_on_a_payment_intent_as_at_stripe() {
    let sim = Sim::start().await;
    let intent = paid_intent(&sim).await;
    let (status, plain) = get_json(&sim.handle, &format!("/v1/payment_intents/{intent}")).await;
    assert_eq!(status, 200);
    assert!(plain["latest_charge"].is_string(), "an id unless expanded");
    let (status, expanded) = get_json(
        &sim.handle,
        &format!("/v1/payment_intents/{intent}?expand[]=latest_charge&expand[]=customer"),
    )
    .await;
    assert_eq!(status, 200, "{expanded}");
    assert_eq!(expanded["latest_charge"]["object"], "charge");
    assert_eq!(expanded["latest_charge"]["id"], plain["latest_charge"]);
    assert!(
        expanded["customer"].is_null(),
        "nothing to expand: stays null"
    );
    let (status, refused) = get_json(
        &sim.handle,
        &format!("/v1/payment_intents/{intent}?expand[]=amount"),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["param"], "expand[0]");

    // A session's fields that Stripe expands are accepted too.
    let session = sim.create_session().await;
    let (status, body) = get_json(
        &sim.handle,
        &format!(
            "/v1/checkout/sessions/{}?expand[]=customer&expand[]=invoice",
            session.id
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}
