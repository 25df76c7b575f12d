//! Booking and paying end to end over HTTP: the app, the simulator reached
//! through async-stripe, the hosted page, and real signed webhooks.

use crate::support::{TestApp, eventually, pay, spawn_app};
use sea_orm::EntityTrait;
use tessera::entity::{booking, course, payment};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

async fn course_id(app: &TestApp, title: &str) -> i64 {
    crate::support::course_named(&app.db, title).await.id
}

/// Signs up and presses "Book": answers the Checkout URL.
async fn book(app: &TestApp, title: &str) -> String {
    app.signup("ada@example.com", PASSWORD).await;
    let id = course_id(app, title).await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &id.to_string())])
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a checkout url")
        .to_owned()
}

async fn only_booking(app: &TestApp) -> booking::Model {
    let all = booking::Entity::find().all(&app.db).await.expect("q");
    let mine: Vec<_> = all.into_iter().filter(|b| b.user_id > 5).collect(); // sample members are 1..=5
    assert_eq!(mine.len(), 1, "{mine:?}");
    mine.into_iter().next().expect("one")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booking_sends_you_to_stripe_checkout_for_the_price_in_the_database() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Sourdough Bread Masterclass").await;
    assert!(url.contains("/c/pay/cs_"), "{url}");
    let page = reqwest::get(&url)
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("€49.00") && page.contains("Sourdough Bread Masterclass"),
        "the hosted page shows the line item"
    );
    // Beside the pay button, the refund rule with its date at the venue.
    let rule = page
        .split("data-testid=\"submit-message\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("no refund rule on {page}"));
    assert!(
        rule.starts_with("Full refund if you cancel before "),
        "{rule}"
    );
    let bread = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let venue: chrono_tz::Tz = bread.time_zone.parse().expect("a zone");
    let cutoff = (bread.starts_at - chrono::Duration::hours(48)).with_timezone(&venue);
    assert!(
        rule.contains(&cutoff.format("%-d %b %Y, %H:%M").to_string()),
        "48 hours before the start, at the venue: {rule}"
    );
    let b = only_booking(&app).await;
    assert_eq!(b.status, BookingStatus::PendingPayment);
    let p = payment::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].amount, p[0].status), (4900, PaymentStatus::Open));
    assert!(p[0].stripe_checkout_session_id.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_with_4242_confirms_the_booking_by_webhook() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Sourdough Bread Masterclass").await;
    let res = pay(&url, "4242 4242 4242 4242").await;
    assert_eq!(res.status(), 303);
    let back = res.headers()["location"].to_str().expect("loc").to_owned();
    assert!(back.contains("/payment/success?session_id=cs_"), "{back}");
    eventually("the webhook to confirm the booking", async || {
        only_booking(&app).await.status == BookingStatus::Confirmed
    })
    .await;
    let bookings: serde_json::Value = app
        .post_form("/api/my_bookings", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(bookings["upcoming"][0]["status"], "Confirmed");
    let p = payment::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(p[0].status, PaymentStatus::Succeeded);
    assert!(
        p[0].stripe_payment_intent_id
            .as_deref()
            .is_some_and(|pi| pi.starts_with("pi_"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_success_page_confirms_even_before_the_webhook_and_only_for_the_owner() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Rust for Web Developers").await;
    let res = pay(&url, "4242424242424242").await;
    let back = res.headers()["location"].to_str().expect("loc").to_owned();
    let session_id = back
        .rsplit_once("session_id=")
        .map(|(_, s)| s.to_owned())
        .expect("session id");
    let result: serde_json::Value = app
        .post_form("/api/payment_result", &[("session_id", &session_id)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(result["confirmed"], true);
    assert_eq!(result["booking"]["amount"]["minor"], 12000);
    // Someone else cannot look at (or fulfil) this session.
    let other = app.another_client();
    other.signup("eve@example.com", PASSWORD).await;
    let res = other
        .post_form("/api/payment_result", &[("session_id", &session_id)])
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_card_leaves_the_booking_pending_and_retrying_works() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Sourdough Bread Masterclass").await;
    let res = pay(&url, "4000 0000 0000 0002").await;
    assert_eq!(res.status(), 402);
    assert!(
        res.text()
            .await
            .expect("html")
            .contains("Your card was declined.")
    );
    eventually("the decline to be recorded", async || {
        payment::Entity::find().all(&app.db).await.expect("q")[0].status == PaymentStatus::Failed
    })
    .await;
    assert_eq!(
        only_booking(&app).await.status,
        BookingStatus::PendingPayment
    );
    let bookings: serde_json::Value = app
        .post_form("/api/my_bookings", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(bookings["upcoming"][0]["status"], "PaymentFailed");

    // Retry: a new Checkout Session, the old one expired through the API.
    let b = only_booking(&app).await;
    let res = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let retry_url = res.headers()["location"].to_str().expect("loc").to_owned();
    assert_ne!(retry_url, url);
    assert_eq!(
        pay(&url, "4242424242424242").await.status(),
        200,
        "the old session can no longer be paid"
    );
    assert_eq!(pay(&retry_url, "4242424242424242").await.status(), 303);
    eventually("confirmation", async || {
        only_booking(&app).await.status == BookingStatus::Confirmed
    })
    .await;
    let held = course::Entity::find_by_id(b.course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .seats_held;
    assert_eq!(
        held, 3,
        "two seeded seats plus this one; the old session's expiry freed nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_course_confirms_at_once_without_stripe() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let id = course_id(&app, "Community Yoga in the Park").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &id.to_string())])
        .await;
    let b = only_booking(&app).await;
    assert_eq!(
        res.headers()["location"].to_str().expect("loc"),
        format!("/bookings/{}?confirmed=1", b.id)
    );
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert!(
        payment::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty()
    );
    // Booking again (for a friend) is a second booking, confirmed too.
    let again = app
        .post_form("/api/book_course", &[("course_id", &id.to_string())])
        .await;
    let location = again.headers().get("location").cloned();
    let body = again.text().await.expect("body");
    let mine: Vec<_> = booking::Entity::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .filter(|m| m.user_id == b.user_id && m.course_id == b.course_id)
        .collect();
    assert_eq!(mine.len(), 2, "{body}");
    assert!(mine.iter().all(|b| b.status == BookingStatus::Confirmed));
    assert_eq!(
        location.expect("a redirect").to_str().expect("loc"),
        format!("/bookings/{}?confirmed=1", mine[1].id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_a_pending_booking_frees_the_seat_and_ends_the_session() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Watercolour Landscapes").await;
    let b = only_booking(&app).await;
    let full = course::Entity::find_by_id(b.course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c");
    assert_eq!(
        (full.seats_held, full.capacity),
        (6, 6),
        "the last seat is held"
    );
    let other = app.another_client();
    other.signup("eve@example.com", PASSWORD).await;
    let res = other
        .post_form(
            "/api/book_course",
            &[("course_id", &b.course_id.to_string())],
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<serde_json::Value>().await.expect("json")["code"],
        "capacity_full"
    );

    let res = app
        .post_form("/api/release_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(only_booking(&app).await.status, BookingStatus::Cancelled);
    let c = course::Entity::find_by_id(b.course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c");
    assert_eq!(c.seats_held, 5);
    assert_eq!(
        pay(&url, "4242424242424242").await.status(),
        200,
        "the released session cannot be paid"
    );
    let res = other
        .post_form(
            "/api/book_course",
            &[("course_id", &b.course_id.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200, "the freed seat can be booked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_booking_is_401() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let res = app
        .post_form("/api/book_course", &[("course_id", "1")])
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_delivered_twice_and_shuffled_still_confirms_once() {
    let app = crate::support::spawn_app_with(&[("STRIPE_SIM_DUPLICATE_EVENTS", "1")]).await;
    seed(&app.db).await.expect("seed");
    let url = book(&app, "Sourdough Bread Masterclass").await;
    // A decline first, then a success: four kinds of events, each twice.
    assert_eq!(pay(&url, "4000000000000002").await.status(), 402);
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("confirmation", async || {
        only_booking(&app).await.status == BookingStatus::Confirmed
    })
    .await;
    let sim = app.sim.clone().expect("simulator");
    eventually("every delivery, duplicates included", async || {
        sim.deliveries_queued().await == 0
    })
    .await;
    let b = only_booking(&app).await;
    assert_eq!(b.status, BookingStatus::Confirmed);
    let held = course::Entity::find_by_id(b.course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .seats_held;
    assert_eq!(held, 3, "two seeded seats plus this one");
    let p = payment::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(
        (p.len(), p[0].status),
        (1, PaymentStatus::Succeeded),
        "a late decline never undoes the payment"
    );
    // Every event the simulator sent (each twice) is recorded, once.
    let mut recorded: Vec<String> = tessera::entity::stripe_event::Entity::find()
        .all(&app.db)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.id)
        .collect();
    recorded.sort();
    let mut sent = sim.event_ids().await;
    sent.sort();
    assert!(sent.len() >= 4, "a decline and a payment: {sent:?}");
    assert_eq!(recorded, sent);
}
