//! Coupons (`/v1/coupons`) and Checkout Sessions with `discounts`: the
//! totals Stripe computes, the discounted amount charged, redemptions
//! counted, the hosted page's summary, and Stripe's refusals.

use crate::support::{Sim, get_json, hosted_page, http, new_session_for, pay, post_form};
use serde_json::Value;
use stripe::StripeError;
use stripe_checkout::CheckoutSession;
use stripe_checkout::checkout_session::{CreateCheckoutSessionDiscounts, RetrieveCheckoutSession};
use stripe_types::Expandable;

/// Creates a coupon from a form body; panics unless Stripe would accept it.
async fn create_coupon(sim: &Sim, body: &str) -> Value {
    let (status, coupon) = post_form(&sim.handle, "/v1/coupons", body, None).await;
    assert_eq!(status, 200, "{body}: {coupon}");
    coupon
}

/// A session for `quantity` seats at `unit_amount` with `coupon` applied,
/// created through async-stripe as the app would.
async fn discounted_session(
    sim: &Sim,
    currency: &str,
    unit_amount: i64,
    quantity: u64,
    coupon: &str,
) -> Result<CheckoutSession, StripeError> {
    let mut discount = CreateCheckoutSessionDiscounts::new();
    discount.coupon = Some(coupon.to_owned());
    new_session_for(currency, unit_amount, quantity)
        .discounts(vec![discount])
        .send(&sim.stripe)
        .await
}

/// A raw session body for three €49.00 seats plus `extra`.
fn seats_body(extra: &str) -> String {
    format!(
        "mode=payment&line_items[0][price_data][currency]=eur\
         &line_items[0][price_data][unit_amount]=4900\
         &line_items[0][price_data][product_data][name]=Pottery&line_items[0][quantity]=3{extra}"
    )
}

#[tokio::test]
async fn a_percent_coupon_discounts_the_session_and_the_payment() {
    let sim = Sim::start().await;
    let coupon = create_coupon(&sim, "percent_off=20&name=Early%20bird&duration=once").await;
    let id = coupon["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        id.len(),
        8,
        "a generated id is 8 characters, as Stripe's are"
    );
    assert_eq!(coupon["object"], "coupon");
    assert_eq!(coupon["percent_off"], 20.0);
    assert_eq!(coupon["times_redeemed"], 0);
    assert_eq!(coupon["valid"], true);

    let session = discounted_session(&sim, "eur", 4900, 3, &id)
        .await
        .expect("a session with the coupon");
    assert_eq!(session.amount_subtotal, Some(14700));
    assert_eq!(session.amount_total, Some(11760));
    let totals = session.total_details.as_ref().expect("total_details");
    assert_eq!(totals.amount_discount, 2940);
    assert!(
        totals.breakdown.is_none(),
        "the breakdown only when expanded"
    );
    let discounts = session.discounts.clone().expect("discounts");
    assert_eq!(discounts.len(), 1);
    assert!(matches!(&discounts[0].coupon, Some(Expandable::Id(c)) if c.as_str() == id));
    assert!(discounts[0].promotion_code.is_none());

    // Expanded through async-stripe: the breakdown and the line items
    // deserialise into its types.
    let expanded = RetrieveCheckoutSession::new(session.id.clone())
        .expand(vec![
            "total_details.breakdown".to_owned(),
            "line_items".to_owned(),
        ])
        .send(&sim.stripe)
        .await
        .expect("retrieve with the breakdown");
    let breakdown = expanded
        .total_details
        .and_then(|t| t.breakdown)
        .expect("the breakdown");
    assert_eq!(breakdown.discounts.len(), 1);
    assert_eq!(breakdown.discounts[0].amount, 2940);
    let discount = &breakdown.discounts[0].discount;
    assert!(discount.id.as_str().starts_with("di_"));
    assert_eq!(
        discount.checkout_session.as_deref(),
        Some(session.id.as_str())
    );
    assert!(matches!(&discount.source.coupon, Some(Expandable::Id(c)) if c.as_str() == id));
    let items = expanded.line_items.expect("line items").data;
    assert_eq!(items.len(), 1);
    assert_eq!(
        (
            items[0].amount_subtotal,
            items[0].amount_discount,
            items[0].amount_total
        ),
        (14700, 2940, 11760)
    );

    // The hosted page shows the subtotal, the coupon and the total due.
    let page = hosted_page(&session).await;
    for needle in [
        r#"data-testid="total">€117.60<"#,
        r#"data-testid="subtotal">€147.00<"#,
        "Discount: Early bird",
        r#"data-testid="discount">−€29.40<"#,
        r#"data-testid="total-due">€117.60<"#,
    ] {
        assert!(page.contains(needle), "the page contains {needle:?}");
    }

    assert_eq!(pay(&session, "4242 4242 4242 4242").await.status(), 303);
    let (_, paid) = get_json(
        &sim.handle,
        &format!("/v1/checkout/sessions/{}", session.id),
    )
    .await;
    let intent_id = paid["payment_intent"].as_str().expect("an intent");
    let (_, intent) = get_json(&sim.handle, &format!("/v1/payment_intents/{intent_id}")).await;
    assert_eq!(intent["amount"], 11760);
    assert_eq!(intent["amount_received"], 11760);
    let charge_id = intent["latest_charge"].as_str().expect("a charge");
    let (_, charge) = get_json(&sim.handle, &format!("/v1/charges/{charge_id}")).await;
    assert_eq!(charge["amount"], 11760);
    assert_eq!(charge["amount_captured"], 11760);

    let completed = sim.receiver.wait_for("checkout.session.completed").await;
    let object = &completed.json()["data"]["object"];
    assert_eq!(object["amount_subtotal"], 14700);
    assert_eq!(object["amount_total"], 11760);
    assert_eq!(object["total_details"]["amount_discount"], 2940);
    assert_eq!(object["discounts"][0]["coupon"], id.as_str());

    let (status, redeemed) = get_json(&sim.handle, &format!("/v1/coupons/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(redeemed["times_redeemed"], 1);

    // A full refund is of what was paid.
    let (status, refund) = post_form(
        &sim.handle,
        "/v1/refunds",
        &format!("payment_intent={intent_id}"),
        None,
    )
    .await;
    assert_eq!((status, &refund["amount"]), (200, &Value::from(11760)));
}

#[tokio::test]
async fn an_amount_off_coupon_takes_its_amount_off_the_subtotal() {
    let sim = Sim::start().await;
    let coupon = create_coupon(&sim, "id=FIFTEEN&amount_off=1500&currency=eur").await;
    assert_eq!(coupon["id"], "FIFTEEN");
    assert_eq!(coupon["amount_off"], 1500);
    assert_eq!(coupon["currency"], "eur");
    assert_eq!(coupon["duration"], "once");
    assert!(coupon["percent_off"].is_null());

    let session = discounted_session(&sim, "eur", 4900, 3, "FIFTEEN")
        .await
        .expect("session");
    assert_eq!(session.amount_subtotal, Some(14700));
    assert_eq!(session.amount_total, Some(13200));
    assert_eq!(
        session.total_details.as_ref().map(|t| t.amount_discount),
        Some(1500)
    );
    let page = hosted_page(&session).await;
    assert!(
        page.contains("Discount: FIFTEEN") && page.contains("−€15.00"),
        "without a name, the page names the coupon by its id"
    );

    // Without a coupon the page has no summary.
    let plain = sim.create_session().await;
    let page = hosted_page(&plain).await;
    assert!(!page.contains("Subtotal") && !page.contains("Discount"));
    let (_, raw) = get_json(&sim.handle, &format!("/v1/checkout/sessions/{}", plain.id)).await;
    assert_eq!(raw["discounts"], serde_json::json!([]));
    assert_eq!(raw["total_details"]["amount_discount"], 0);
    assert_eq!(raw["amount_subtotal"], raw["amount_total"]);
}

#[tokio::test]
async fn a_discount_is_split_over_several_lines_and_rounds_half_up() {
    let sim = Sim::start().await;
    create_coupon(&sim, "id=FIFTEENPC&percent_off=15").await;
    let body = format!(
        "{}&line_items[1][price_data][currency]=eur&line_items[1][price_data][unit_amount]=2500\
         &line_items[1][price_data][product_data][name]=Clay&line_items[1][quantity]=1\
         &discounts[0][coupon]=FIFTEENPC",
        seats_body("")
    );
    let (status, session) = post_form(&sim.handle, "/v1/checkout/sessions", &body, None).await;
    assert_eq!(status, 200, "{session}");
    // 15 % of 17200 is 2580: 14700/17200 of it (2205, rounded down) on the
    // first line, the remainder (375) on the last.
    assert_eq!(session["amount_subtotal"], 17200);
    assert_eq!(session["total_details"]["amount_discount"], 2580);
    assert_eq!(session["amount_total"], 14620);
    let id = session["id"].as_str().expect("id");
    let (_, items) = get_json(
        &sim.handle,
        &format!("/v1/checkout/sessions/{id}/line_items"),
    )
    .await;
    let shares: Vec<(i64, i64)> = items["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|i| {
            (
                i["amount_discount"].as_i64().expect("discount"),
                i["amount_total"].as_i64().expect("total"),
            )
        })
        .collect();
    assert_eq!(shares, [(2205, 12495), (375, 2125)]);

    // 12.5 % of 4900 is 612.5: half up, 613.
    create_coupon(&sim, "id=HALF&percent_off=12.5").await;
    let (status, session) = post_form(
        &sim.handle,
        "/v1/checkout/sessions",
        &seats_body("&discounts[0][coupon]=HALF").replace("[quantity]=3", "[quantity]=1"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["total_details"]["amount_discount"], 613);
    assert_eq!(session["amount_total"], 4287);
}

#[tokio::test]
async fn coupons_are_retrieved_deleted_and_refused_as_at_stripe() {
    let sim = Sim::start().await;
    let created = create_coupon(
        &sim,
        "id=SPRING&percent_off=25.5&duration=repeating&duration_in_months=3\
         &max_redemptions=5&name=Spring&metadata[campaign]=spring",
    )
    .await;
    let (status, fetched) = get_json(&sim.handle, "/v1/coupons/SPRING").await;
    assert_eq!(status, 200);
    assert_eq!(fetched, created);
    assert_eq!(fetched["duration_in_months"], 3);
    assert_eq!(fetched["max_redemptions"], 5);
    assert_eq!(fetched["metadata"]["campaign"], "spring");

    let (status, missing) = get_json(&sim.handle, "/v1/coupons/NOPE").await;
    assert_eq!(status, 404);
    assert_eq!(missing["error"]["code"], "resource_missing");
    assert_eq!(missing["error"]["message"], "No such coupon: 'NOPE'");

    let (status, again) =
        post_form(&sim.handle, "/v1/coupons", "id=SPRING&percent_off=5", None).await;
    assert_eq!(status, 400, "{again}");
    assert_eq!(again["error"]["code"], "resource_already_exists");
    assert_eq!(again["error"]["param"], "id");

    // A session that took the coupon keeps its discount after the coupon
    // is deleted.
    let session = discounted_session(&sim, "eur", 4900, 3, "SPRING")
        .await
        .expect("session");
    let deleted = http()
        .delete(format!("{}/v1/coupons/SPRING", sim.handle.base_url))
        .bearer_auth(&sim.handle.api_key)
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.status(), 200);
    let deleted: Value = deleted.json().await.expect("json");
    assert_eq!(
        deleted,
        serde_json::json!({ "id": "SPRING", "object": "coupon", "deleted": true })
    );
    let (status, _) = get_json(&sim.handle, "/v1/coupons/SPRING").await;
    assert_eq!(status, 404);
    let kept = RetrieveCheckoutSession::new(session.id.clone())
        .send(&sim.stripe)
        .await
        .expect("retrieve");
    assert_eq!(kept.amount_total, session.amount_total);
    assert_eq!(pay(&session, "4242424242424242").await.status(), 303);
    let result = discounted_session(&sim, "eur", 4900, 1, "SPRING").await;
    assert!(
        matches!(result, Err(StripeError::Stripe(_, 400))),
        "a deleted coupon cannot be applied: {result:?}"
    );
}

#[tokio::test]
async fn invalid_coupons_are_refused_naming_the_param() {
    let sim = Sim::start().await;
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("duration=once", "percent_off", Some("parameter_missing")),
        (
            "percent_off=10&amount_off=100&currency=eur",
            "percent_off",
            Some("parameters_exclusive"),
        ),
        ("amount_off=100", "currency", Some("parameter_missing")),
        ("amount_off=0&currency=eur", "amount_off", None),
        (
            "amount_off=ten&currency=eur",
            "amount_off",
            Some("parameter_invalid_integer"),
        ),
        ("amount_off=100&currency=xxx", "currency", None),
        ("percent_off=0", "percent_off", None),
        ("percent_off=100.5", "percent_off", None),
        ("percent_off=lots", "percent_off", None),
        ("percent_off=10&duration=weekly", "duration", None),
        (
            "percent_off=10&duration=repeating",
            "duration_in_months",
            Some("parameter_missing"),
        ),
        (
            "percent_off=10&duration_in_months=3",
            "duration_in_months",
            None,
        ),
        ("percent_off=10&max_redemptions=0", "max_redemptions", None),
        (
            "percent_off=10&name=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "name",
            None,
        ),
        ("percent_off=10&redeem_by=1000", "redeem_by", None),
        ("percent_off=10&bogus=1", "bogus", Some("parameter_unknown")),
        (
            "percent_off=10&applies_to[products][0]=prod_x",
            "applies_to",
            None,
        ),
        ("percent_off=10&id=", "id", Some("parameter_invalid_empty")),
        ("percent_off=10&expand[]=applies_to", "expand[0]", None),
    ];
    for (body, param, code) in cases {
        let (status, json) = post_form(&sim.handle, "/v1/coupons", body, None).await;
        assert_eq!(status, 400, "{body}: {json}");
        assert_eq!(json["error"]["type"], "invalid_request_error", "{body}");
        assert_eq!(json["error"]["param"], *param, "{body}: {json}");
        assert_eq!(json["error"]["code"].as_str(), *code, "{body}: {json}");
    }
    create_coupon(&sim, "percent_off=100").await;
    let forty = "x".repeat(40);
    create_coupon(&sim, &format!("percent_off=10&name={forty}")).await;
}

#[tokio::test]
async fn an_idempotency_key_replays_a_coupon() {
    let sim = Sim::start().await;
    let first = post_form(
        &sim.handle,
        "/v1/coupons",
        "percent_off=10",
        Some("coupon-1"),
    )
    .await;
    let replay = post_form(
        &sim.handle,
        "/v1/coupons",
        "percent_off=10",
        Some("coupon-1"),
    )
    .await;
    assert_eq!(first.0, 200);
    assert_eq!(first, replay, "the same coupon, not a second one");
    let (status, other) = post_form(
        &sim.handle,
        "/v1/coupons",
        "percent_off=11",
        Some("coupon-1"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(other["error"]["type"], "idempotency_error");
}

#[tokio::test]
async fn sessions_refuse_discounts_stripe_would_refuse() {
    let sim = Sim::start().await;
    create_coupon(&sim, "id=TEN&percent_off=10").await;
    create_coupon(&sim, "id=USD5&amount_off=500&currency=usd").await;
    create_coupon(&sim, "id=ALL&percent_off=100").await;
    create_coupon(&sim, "id=ALMOST&amount_off=14680&currency=eur").await;
    create_coupon(&sim, "id=ONCE&percent_off=10&max_redemptions=1").await;
    create_coupon(
        &sim,
        &format!(
            "id=LATE&percent_off=10&redeem_by={}",
            crate::support::now() + 3600
        ),
    )
    .await;
    sim.handle
        .state()
        .set_coupon_redeem_by("LATE", crate::support::now() - 1)
        .await
        .expect("move redeem_by into the past");
    let (_, late) = get_json(&sim.handle, "/v1/coupons/LATE").await;
    assert_eq!(late["valid"], false);

    // The one redemption ONCE allows.
    let once = discounted_session(&sim, "eur", 4900, 1, "ONCE")
        .await
        .expect("the first use");
    assert_eq!(pay(&once, "4242424242424242").await.status(), 303);
    let (_, used) = get_json(&sim.handle, "/v1/coupons/ONCE").await;
    assert_eq!(
        (&used["times_redeemed"], &used["valid"]),
        (&Value::from(1), &Value::from(false))
    );

    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        (
            "&discounts[0][coupon]=TEN&discounts[1][coupon]=TEN",
            "discounts",
            None,
            "only specify one discount",
        ),
        (
            "&discounts[0][promotion_code]=promo_x",
            "discounts[0][promotion_code]",
            None,
            "not supported by the Stripe simulator",
        ),
        (
            "&discounts[0][coupon]=NOPE",
            "discounts[0][coupon]",
            Some("resource_missing"),
            "No such coupon: 'NOPE'",
        ),
        (
            "&discounts[0][coupon]=USD5",
            "discounts[0][coupon]",
            None,
            "in usd, but this Checkout Session is in eur",
        ),
        (
            "&discounts[0][coupon]=LATE",
            "discounts[0][coupon]",
            Some("coupon_expired"),
            "This coupon has expired",
        ),
        (
            "&discounts[0][coupon]=ONCE",
            "discounts[0][coupon]",
            Some("coupon_expired"),
            "This coupon is no longer valid",
        ),
        (
            "&discounts[0][coupon]=ALL",
            "discounts",
            None,
            "The Stripe simulator does not support",
        ),
        (
            "&discounts[0][coupon]=ALMOST",
            "line_items",
            None,
            "must add up to at least €0.50",
        ),
        (
            "&discounts[0][bogus]=1",
            "discounts[0][bogus]",
            Some("parameter_unknown"),
            "Received unknown parameter",
        ),
    ];
    for (extra, param, code, message) in cases {
        let (status, json) = post_form(
            &sim.handle,
            "/v1/checkout/sessions",
            &seats_body(extra),
            None,
        )
        .await;
        assert_eq!(status, 400, "{extra}: {json}");
        assert_eq!(json["error"]["type"], "invalid_request_error", "{extra}");
        assert_eq!(json["error"]["param"], *param, "{extra}: {json}");
        assert_eq!(json["error"]["code"].as_str(), *code, "{extra}: {json}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(message)),
            "{extra}: {json}"
        );
    }
    let (status, json) = post_form(
        &sim.handle,
        "/v1/checkout/sessions",
        &seats_body("&discounts[0][coupon]=TEN"),
        None,
    )
    .await;
    assert_eq!(status, 200, "a valid coupon still applies: {json}");
    assert_eq!(json["amount_total"], 13230);
}
