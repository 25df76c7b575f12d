//! Asynchronous payments end to end: a SEPA Direct Debit on the simulator's
//! hosted page completes the Checkout Session unpaid, the booking shows
//! "processing" and keeps its seat (past its hold, too), and the debit
//! settles later — confirming the booking like a card, or failing it with
//! the reason. Real HTTP, real webhooks, on SQLite and PostgreSQL.

use crate::support::{TestApp, event_body, eventually, spawn_app_with};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};
use stripe_sim::sign;
use tessera::entity::{booking, course, email_outbox, payment};
use tessera::service::housekeeping::{reconcile_open_payments, sweep_expired_holds};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";
const SUCCEEDS: &str = "DE89 3704 0044 0532 0130 00";
const FAILS: &str = "DE62 3704 0044 0532 0130 01";

/// An app whose simulated debits settle `delay_ms` after they are made.
async fn app_settling_after(delay_ms: u64) -> TestApp {
    let app = spawn_app_with(&[("STRIPE_SIM_ASYNC_DELAY_MS", &delay_ms.to_string())]).await;
    seed(&app.db).await.expect("seed");
    app
}

/// Signs up and presses "Book" on the (EUR) sourdough course: the booking
/// and its Checkout URL.
async fn book(app: &TestApp) -> (booking::Model, String) {
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let c = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.id))
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .max_by_key(|b| b.id)
        .expect("the new booking");
    (b, url)
}

/// Pays on the hosted page by SEPA Direct Debit, as a browser posts it.
async fn debit(url: &str, iban: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(url)
        .form(&[
            ("email", "ada@example.com"),
            ("iban", iban),
            ("method", "sepa_debit"),
        ])
        .send()
        .await
        .expect("debit")
}

/// The session id the success URL carries.
fn session_id(success_url: &str) -> String {
    success_url
        .rsplit_once("session_id=")
        .map(|(_, s)| s.to_owned())
        .expect("session id")
}

async fn booking_now(app: &TestApp, id: i64) -> booking::Model {
    booking::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("booking")
}

async fn payments_of(app: &TestApp, booking_id: i64) -> Vec<payment::Model> {
    payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .all(&app.db)
        .await
        .expect("q")
}

async fn payment_result(app: &TestApp, session: &str) -> (u16, Value) {
    let res = app
        .post_form("/api/payment_result", &[("session_id", session)])
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.expect("json"))
}

async fn dashboard_status(app: &TestApp) -> Value {
    let page: Value = app
        .post_form("/api/my_bookings", &[])
        .await
        .json()
        .await
        .expect("json");
    // Active bookings are upcoming; cancelled and expired ones are apart.
    ["upcoming", "ended"]
        .iter()
        .find_map(|section| page[section].as_array().and_then(|rows| rows.first()))
        .map(|row| row["status"].clone())
        .expect("one booking")
}

/// Emails queued for a fact (`booking_confirmed:42`, …).
async fn emails(app: &TestApp, key: &str) -> u64 {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(key))
        .count(&app.db)
        .await
        .expect("q")
}

/// `seats_held = count(active bookings) ≤ capacity` on the course.
async fn assert_seats_match(app: &TestApp, course_id: i64) {
    let c = course::Entity::find_by_id(course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("course");
    let active = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .count(&app.db)
        .await
        .expect("q");
    assert_eq!(
        i64::from(c.seats_held),
        i64::try_from(active).expect("count"),
        "seats_held = count(active bookings)"
    );
    assert!(c.seats_held <= c.capacity);
}

/// Moves the booking's hold into the past, as if days had gone by.
async fn end_hold_in_db(app: &TestApp, b: &booking::Model) {
    let mut a: booking::ActiveModel = booking_now(app, b.id).await.into();
    a.hold_expires_at = Set(Some(Utc::now() - Duration::minutes(1)));
    a.update(&app.db).await.expect("move the hold");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debit_shows_processing_keeps_the_seat_past_the_hold_then_confirms_once() {
    let app = app_settling_after(3000).await;
    let (b, url) = book(&app).await;
    let res = debit(&url, SUCCEEDS).await;
    assert_eq!(res.status(), 303, "the hosted page redirects like a card");
    let success = res.headers()["location"].to_str().expect("loc").to_owned();
    assert!(
        success.contains("/payment/success?session_id=cs_"),
        "{success}"
    );
    let session = session_id(&success);

    // The success page: processing, not "hasn't gone through".
    let (status, result) = payment_result(&app, &session).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["processing"], true, "{result}");
    assert_eq!(result["confirmed"], false);
    let p = payments_of(&app, b.id).await;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].status, PaymentStatus::Processing);
    assert!(
        p[0].stripe_payment_intent_id
            .as_deref()
            .is_some_and(|pi| pi.starts_with("pi_"))
    );
    assert_eq!(dashboard_status(&app).await, "PaymentProcessing");
    let detail: Value = app
        .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["booking"]["status"], "PaymentProcessing");

    // Days go by: the hold has ended, but neither the sweeper nor a full
    // course's on-demand release takes the seat of a processing payment.
    end_hold_in_db(&app, &b).await;
    let swept = sweep_expired_holds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("sweep");
    assert_eq!(swept, 0);
    assert_eq!(
        booking_now(&app, b.id).await.status,
        BookingStatus::PendingPayment
    );
    assert_eq!(
        tessera::service::booking::expire_due_holds(
            &app.db,
            tessera::CourseId(b.course_id),
            Utc::now()
        )
        .await
        .expect("on demand"),
        0
    );
    // The reconciler asks Stripe and leaves a processing payment alone.
    reconcile_open_payments(&app.db, &app.gateway, Utc::now() + Duration::hours(1))
        .await
        .expect("reconcile");
    assert_eq!(
        payments_of(&app, b.id).await[0].status,
        PaymentStatus::Processing
    );
    assert_seats_match(&app, b.course_id).await;

    // Nothing is offered that could charge twice: retrying (or booking
    // again) leads to the booking, not to a new Checkout Session.
    let retry = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(retry.status(), 200);
    assert_eq!(
        retry.headers()["location"].to_str().expect("loc"),
        format!("/bookings/{}", b.id)
    );
    let again = app
        .post_form(
            "/api/book_course",
            &[("course_id", &b.course_id.to_string())],
        )
        .await;
    assert_eq!(
        again.headers()["location"].to_str().expect("loc"),
        format!("/bookings/{}", b.id)
    );
    assert_eq!(payments_of(&app, b.id).await.len(), 1);

    // The bank pays: confirmed by checkout.session.async_payment_succeeded.
    eventually("the debit to settle", async || {
        booking_now(&app, b.id).await.status == BookingStatus::Confirmed
    })
    .await;
    let p = payments_of(&app, b.id).await;
    assert_eq!(p[0].status, PaymentStatus::Succeeded);
    let (_, result) = payment_result(&app, &session).await;
    assert_eq!(
        result["confirmed"], true,
        "reloading shows the confirmation"
    );
    assert_eq!(result["processing"], false);
    assert_eq!(dashboard_status(&app).await, "Confirmed");
    assert_eq!(
        emails(&app, &format!("booking_confirmed:{}", b.id)).await,
        1
    );
    assert_eq!(emails(&app, &format!("hold_expired:{}", b.id)).await, 0);
    assert_seats_match(&app, b.course_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_debit_while_the_hold_runs_leaves_the_booking_pending_to_retry() {
    let app = app_settling_after(300).await;
    let (b, url) = book(&app).await;
    let res = debit(&url, FAILS).await;
    assert_eq!(res.status(), 303);
    let session = session_id(res.headers()["location"].to_str().expect("loc"));
    eventually("the debit to fail", async || {
        payments_of(&app, b.id).await[0].status == PaymentStatus::DebitFailed
    })
    .await;
    let p = payments_of(&app, b.id).await.remove(0);
    assert_eq!(p.failure_code.as_deref(), Some("async_payment_failed"));
    assert!(
        p.failure_message
            .as_deref()
            .is_some_and(|m| m.contains("insufficient funds")),
        "{:?}",
        p.failure_message
    );
    assert_eq!(
        booking_now(&app, b.id).await.status,
        BookingStatus::PendingPayment
    );
    assert_eq!(dashboard_status(&app).await, "PaymentFailed");
    eventually("the payment-failed email", async || {
        emails(&app, &format!("delayed_payment_failed:{}", p.id)).await == 1
    })
    .await;
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("delayed_payment_failed:{}", p.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("email");
    assert!(
        mail.subject.starts_with("Payment failed:"),
        "{}",
        mail.subject
    );
    assert!(mail.body_text.contains("insufficient funds"));
    assert!(mail.body_text.contains("You can try again"));
    assert_seats_match(&app, b.course_id).await;

    // The success page says it did not go through.
    let (status, body) = payment_result(&app, &session).await;
    assert_eq!(status, 402, "{body}");

    // Retrying opens a new Checkout Session, and a card pays it.
    let retry = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    let retry_url = retry.headers()["location"]
        .to_str()
        .expect("loc")
        .to_owned();
    assert!(retry_url.contains("/c/pay/cs_"), "{retry_url}");
    assert_eq!(
        crate::support::pay(&retry_url, "4242424242424242")
            .await
            .status(),
        303
    );
    eventually("confirmation", async || {
        booking_now(&app, b.id).await.status == BookingStatus::Confirmed
    })
    .await;
    assert_seats_match(&app, b.course_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debit_failing_after_the_hold_ended_frees_the_seat_with_one_email() {
    let app = app_settling_after(2000).await;
    let (b, url) = book(&app).await;
    assert_eq!(debit(&url, FAILS).await.status(), 303);
    eventually("processing", async || {
        payments_of(&app, b.id).await[0].status == PaymentStatus::Processing
    })
    .await;
    end_hold_in_db(&app, &b).await;
    assert_eq!(
        sweep_expired_holds(&app.db, &app.gateway, Utc::now())
            .await
            .expect("sweep"),
        0,
        "held while processing"
    );
    eventually("the debit to fail", async || {
        booking_now(&app, b.id).await.status == BookingStatus::Expired
    })
    .await;
    let p = payments_of(&app, b.id).await.remove(0);
    assert_eq!(p.status, PaymentStatus::DebitFailed);
    assert_eq!(dashboard_status(&app).await, "Expired");
    assert_seats_match(&app, b.course_id).await;
    let key = format!("delayed_payment_failed:{}", p.id);
    eventually("the payment-failed email", async || {
        emails(&app, &key).await == 1
    })
    .await;
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(key))
        .one(&app.db)
        .await
        .expect("q")
        .expect("email");
    assert!(
        mail.body_text.contains("the seat went back"),
        "{}",
        mail.body_text
    );
    assert_eq!(
        emails(&app, &format!("hold_expired:{}", b.id)).await,
        0,
        "one email for one failure"
    );
}

async fn session_event(
    app: &TestApp,
    id: &str,
    kind: &str,
    p: &payment::Model,
    payment_status: &str,
) -> String {
    let session = app
        .session_object(
            p,
            json!({ "status": "complete", "payment_status": payment_status,
                "payment_intent": "pi_test_async", "url": null }),
        )
        .await;
    event_body(id, kind, session)
}

async fn deliver(app: &TestApp, body: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/api/stripe/webhook", app.address))
        .header(
            "stripe-signature",
            sign(body, &app.webhook_secret, Utc::now().timestamp()),
        )
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("deliver")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_out_of_order_never_revive_a_failed_debit() {
    let app = app_settling_after(60_000).await;
    let (b, _url) = book(&app).await;
    let p = payments_of(&app, b.id).await.remove(0);
    // The failure arrives before the completion it follows.
    let failed = session_event(
        &app,
        "evt_async_1",
        "checkout.session.async_payment_failed",
        &p,
        "unpaid",
    )
    .await;
    assert_eq!(deliver(&app, &failed).await, 200);
    let completed = session_event(
        &app,
        "evt_async_2",
        "checkout.session.completed",
        &p,
        "unpaid",
    )
    .await;
    assert_eq!(deliver(&app, &completed).await, 200);
    let now = payments_of(&app, b.id).await.remove(0);
    assert_eq!(
        now.status,
        PaymentStatus::DebitFailed,
        "a stale completion changes nothing"
    );
    assert_eq!(now.failure_code.as_deref(), Some("async_payment_failed"));
    assert_eq!(dashboard_status(&app).await, "PaymentFailed");
    // Succeeded settles it whatever came before (the money is there).
    let paid = session_event(
        &app,
        "evt_async_3",
        "checkout.session.async_payment_succeeded",
        &p,
        "paid",
    )
    .await;
    assert_eq!(deliver(&app, &paid).await, 200);
    assert_eq!(
        booking_now(&app, b.id).await.status,
        BookingStatus::Confirmed
    );
    assert_seats_match(&app, b.course_id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_declined_then_a_debit_on_the_same_session_is_processing() {
    let app = app_settling_after(60_000).await;
    let (b, url) = book(&app).await;
    assert_eq!(
        crate::support::pay(&url, "4000 0000 0000 0002")
            .await
            .status(),
        402
    );
    eventually("the decline", async || {
        payments_of(&app, b.id).await[0].status == PaymentStatus::Failed
    })
    .await;
    assert_eq!(debit(&url, SUCCEEDS).await.status(), 303);
    eventually("processing", async || {
        payments_of(&app, b.id).await[0].status == PaymentStatus::Processing
    })
    .await;
    assert_eq!(dashboard_status(&app).await, "PaymentProcessing");
    assert_eq!(
        booking_now(&app, b.id).await.status,
        BookingStatus::PendingPayment
    );
    assert_seats_match(&app, b.course_id).await;
}
