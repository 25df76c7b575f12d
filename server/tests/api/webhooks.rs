//! The Stripe webhook: verified over the raw body, applied exactly once in
//! effect, never moving a booking backwards.

use crate::support::{TestApp, event_body, spawn_app};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use stripe_sim::sign;
use tessera::entity::{booking, course, payment, stripe_event};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

/// A member with a pending booking on the sourdough course and its open payment.
async fn pending(app: &TestApp) -> (booking::Model, payment::Model) {
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", "correct horse battery").await;
    let c = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let p = payment::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    let b = booking::Entity::find_by_id(p.booking_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("booking");
    (b, p)
}

async fn completed(app: &TestApp, event_id: &str, p: &payment::Model, amount: i64) -> String {
    let session = app
        .session_object(
            p,
            json!({ "status": "complete", "payment_status": "paid", "amount_total": amount,
                "payment_intent": "pi_test_123" }),
        )
        .await;
    event_body(event_id, "checkout.session.completed", session)
}

async fn expired(app: &TestApp, event_id: &str, p: &payment::Model) -> String {
    let session = app
        .session_object(p, json!({ "status": "expired", "url": null }))
        .await;
    event_body(event_id, "checkout.session.expired", session)
}

async fn status(app: &TestApp, id: i64) -> BookingStatus {
    booking::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("booking")
        .status
}

async fn seats(app: &TestApp, course_id: i64) -> i32 {
    course::Entity::find_by_id(course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("course")
        .seats_held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_completed_event_confirms_the_booking() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    assert_eq!(
        app.deliver(&completed(&app, "evt_ok_1", &p, 4900).await)
            .await
            .0,
        200
    );
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
    let p = payment::Entity::find_by_id(p.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("p");
    assert_eq!(
        (p.status, p.stripe_payment_intent_id.as_deref()),
        (PaymentStatus::Succeeded, Some("pi_test_123"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_missing_or_stale_signatures_are_400_and_change_nothing() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let body = completed(&app, "evt_sig_1", &p, 4900).await;
    assert_eq!(
        app.deliver_signed(&body, Utc::now().timestamp(), "whsec_not_ours")
            .await
            .0,
        400
    );
    assert_eq!(
        app.deliver_signed(&body, Utc::now().timestamp() - 600, &app.webhook_secret)
            .await
            .0,
        400,
        "stale"
    );
    let res = reqwest::Client::new()
        .post(format!("{}/api/stripe/webhook", app.address))
        .body(body.clone())
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400, "missing header");
    // Signed for another body: the raw bytes are what is verified.
    let tampered = body.replace("4900", "4901");
    let res = reqwest::Client::new()
        .post(format!("{}/api/stripe/webhook", app.address))
        .header(
            "stripe-signature",
            sign(&body, &app.webhook_secret, Utc::now().timestamp()),
        )
        .body(tampered)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400, "tampered body");
    assert_eq!(status(&app, b.id).await, BookingStatus::PendingPayment);
    assert!(
        stripe_event::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_v1_signature_may_match() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let body = completed(&app, "evt_multi_1", &p, 4900).await;
    let t = Utc::now().timestamp();
    let good = sign(&body, &app.webhook_secret, t);
    let good_v1 = good
        .split(',')
        .find_map(|part| part.strip_prefix("v1="))
        .expect("v1");
    let header = format!("t={t},v1={},v1={good_v1}", "0".repeat(64));
    let res = reqwest::Client::new()
        .post(format!("{}/api/stripe/webhook", app.address))
        .header("stripe-signature", header)
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 200);
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_event_is_applied_once() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let body = completed(&app, "evt_dup_1", &p, 4900).await;
    assert_eq!(app.deliver(&body).await, (200, "ok".to_owned()));
    assert_eq!(app.deliver(&body).await, (200, "duplicate".to_owned()));
    assert_eq!(
        stripe_event::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .len(),
        1
    );
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
    assert_eq!(
        seats(&app, b.course_id).await,
        3,
        "two seeded plus one, never more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_event_on_two_connections_at_once_is_applied_once() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let body = completed(&app, "evt_race_1", &p, 4900).await;
    let (a, c) = tokio::join!(app.deliver(&body), app.deliver(&body));
    let mut answers = [a.1, c.1];
    answers.sort();
    assert_eq!((a.0, c.0), (200, 200));
    assert_eq!(answers, ["duplicate".to_owned(), "ok".to_owned()]);
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
    assert_eq!(seats(&app, b.course_id).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_order_events_never_move_a_booking_backwards() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    // Paid, then a stale "expired" for the same session arrives: stays confirmed.
    assert_eq!(
        app.deliver(&completed(&app, "evt_order_1", &p, 4900).await)
            .await
            .0,
        200
    );
    assert_eq!(
        app.deliver(&expired(&app, "evt_order_2", &p).await).await.0,
        200
    );
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
    assert_eq!(seats(&app, b.course_id).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_after_the_hold_ended_confirms_when_a_seat_is_free() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    // The hold has run out (Stripe ends a session at its expires_at, the
    // hold's end), and the events come shuffled: the expiry first (seat
    // freed), then the payment.
    booking::Entity::update_many()
        .col_expr(
            booking::Column::HoldExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(sea_orm::ColumnTrait::eq(&booking::Column::Id, b.id))
        .exec(&app.db)
        .await
        .expect("the hold ran out");
    assert_eq!(
        app.deliver(&expired(&app, "evt_late_1", &p).await).await.0,
        200
    );
    assert_eq!(status(&app, b.id).await, BookingStatus::Expired);
    assert_eq!(seats(&app, b.course_id).await, 2);
    assert_eq!(
        app.deliver(&completed(&app, "evt_late_2", &p, 4900).await)
            .await
            .0,
        200
    );
    assert_eq!(
        status(&app, b.id).await,
        BookingStatus::Confirmed,
        "a seat was still free"
    );
    assert_eq!(seats(&app, b.course_id).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_event_types_are_acknowledged_and_ignored() {
    let app = spawn_app().await;
    let body = event_body(
        "evt_unknown_1",
        "tessera.not_a_type_we_use",
        json!({"id": "obj_1"}),
    );
    assert_eq!(app.deliver(&body).await.0, 200);
    let rows = stripe_event::Entity::find().all(&app.db).await.expect("q");
    assert_eq!((rows.len(), rows[0].outcome.as_str()), (1, "ignored"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_amount_is_recorded_as_a_mismatch_and_confirms_nothing() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    assert_eq!(
        app.deliver(&completed(&app, "evt_forged_1", &p, 100).await)
            .await
            .0,
        200
    );
    assert_eq!(status(&app, b.id).await, BookingStatus::PendingPayment);
    let ev = stripe_event::Entity::find_by_id("evt_forged_1".to_owned())
        .one(&app.db)
        .await
        .expect("q")
        .expect("row");
    assert_eq!(ev.outcome, "payment_metadata_mismatch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_failure_answers_500_and_the_redelivery_succeeds() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let body = completed(&app, "evt_dbdown_1", &p, 4900).await;
    // The table the webhook writes first goes away, as in an outage.
    app.db
        .execute_unprepared("ALTER TABLE stripe_events RENAME TO stripe_events_away")
        .await
        .expect("rename");
    assert_eq!(app.deliver(&body).await.0, 500);
    assert_eq!(
        status(&app, b.id).await,
        BookingStatus::PendingPayment,
        "nothing half-applied"
    );
    app.db
        .execute_unprepared("ALTER TABLE stripe_events_away RENAME TO stripe_events")
        .await
        .expect("rename back");
    assert_eq!(app.deliver(&body).await.0, 200);
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
}

/// An event Stripe would not send, with a field of the wrong type, is
/// refused by async-stripe's typed parsing: 400, recorded nowhere, and the
/// booking is untouched; the same event with the field right confirms it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_of_the_wrong_type_is_400_and_changes_nothing() {
    let app = spawn_app().await;
    let (b, p) = pending(&app).await;
    let right = completed(&app, "evt_typed_1", &p, 4900).await;
    let wrong = right.replace("\"amount_total\":4900", "\"amount_total\":\"4900\"");
    assert_ne!(wrong, right, "the field was changed");
    let (code, answer) = app.deliver(&wrong).await;
    assert_eq!((code, answer.as_str()), (400, "not a Stripe event"));
    assert_eq!(status(&app, b.id).await, BookingStatus::PendingPayment);
    assert!(
        stripe_event::Entity::find_by_id("evt_typed_1".to_owned())
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );
    assert_eq!(app.deliver(&right).await.0, 200);
    assert_eq!(status(&app, b.id).await, BookingStatus::Confirmed);
}
