//! Cancelling bookings: seats freed at once, refunds by policy, exactly once.

use crate::support::{TestApp, pay, spawn_app, spawn_app_with};
use sea_orm::EntityTrait;
use std::time::Duration;
use tessera::entity::{booking, course, payment};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

async fn paid_booking(app: &TestApp, title: &str) -> booking::Model {
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = crate::support::course_named(&app.db, title).await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let paid = pay(&url, "4242424242424242").await;
    assert_eq!(paid.status(), 303);
    for _ in 0..100 {
        let b = mine(app).await;
        if b.status == BookingStatus::Confirmed {
            return b;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never confirmed");
}

async fn mine(app: &TestApp) -> booking::Model {
    booking::Entity::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .rfind(|b| b.user_id > 5)
        .expect("booking")
}

async fn seats(app: &TestApp, course_id: i64) -> i32 {
    course::Entity::find_by_id(course_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .seats_held
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_before_the_cutoff_refunds_once_and_shows_refunded() {
    let app = spawn_app().await;
    let b = paid_booking(&app, "Sourdough Bread Masterclass").await; // starts in 9 days
    let held = seats(&app, b.course_id).await;
    let detail: serde_json::Value = app
        .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        detail["refund_if_cancelled"], true,
        "the policy is shown before confirming"
    );

    let id = b.id.to_string();
    let form = [("booking_id", id.as_str())];
    let (first, second) = tokio::join!(
        app.post_form("/api/cancel_booking", &form),
        app.post_form("/api/cancel_booking", &form)
    );
    let mut answers = [
        first.json::<String>().await.expect("json"),
        second.json::<String>().await.expect("json"),
    ];
    answers.sort();
    assert_eq!(
        answers,
        ["AlreadyEnded".to_owned(), "Refunding".to_owned()],
        "cancelled once, refunded once"
    );
    assert_eq!(
        mine(&app).await.status,
        BookingStatus::Cancelled,
        "cancelled at once"
    );
    assert_eq!(
        seats(&app, b.course_id).await,
        held - 1,
        "the seat is free at once"
    );

    // Stripe confirms the refund by webhook: the payment (and badge) become refunded.
    for _ in 0..100 {
        let p = payment::Entity::find()
            .one(&app.db)
            .await
            .expect("q")
            .expect("p");
        if p.status == PaymentStatus::Refunded {
            let list: serde_json::Value = app
                .post_form("/api/my_bookings", &[])
                .await
                .json()
                .await
                .expect("json");
            // Not under "Upcoming": cancelled bookings have their own section.
            assert_eq!(list["upcoming"], serde_json::json!([]));
            assert_eq!(list["ended"][0]["status"], "Refunded");
            assert_eq!(
                seats(&app, b.course_id).await,
                held - 1,
                "the refund does not free a second seat"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the refund never arrived");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_after_the_cutoff_frees_the_seat_without_a_refund_and_says_so() {
    // Cut-off of 30 days: the sourdough course (in 9 days) is inside it.
    let app = spawn_app_with(&[("REFUND_CUTOFF_HOURS", "720")]).await;
    let b = paid_booking(&app, "Sourdough Bread Masterclass").await;
    let detail: serde_json::Value = app
        .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["refund_if_cancelled"], false);
    let res = app
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.json::<String>().await.expect("json"), "NoRefund");
    assert_eq!(mine(&app).await.status, BookingStatus::Cancelled);
    let p = payment::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("p");
    assert_eq!(p.status, PaymentStatus::Succeeded);
    assert_eq!(p.refund, None, "no refund is owed");
    let pi = p.stripe_payment_intent_id.expect("paid");
    assert!(
        crate::support::refunds_at_stripe(&app, &pi)
            .await
            .is_empty(),
        "no refund was made"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_pending_booking_frees_the_seat_and_ends_the_session() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = crate::support::course_named(&app.db, "Rust for Web Developers").await;
    app.post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let b = mine(&app).await;
    let res = app
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.json::<String>().await.expect("json"), "Released");
    assert_eq!(seats(&app, c.id).await, c.seats_held);
    let p = payment::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("p");
    assert_eq!(p.status, PaymentStatus::Expired);
    let s = app
        .gateway
        .retrieve_session(p.stripe_checkout_session_id.as_deref().expect("sid"))
        .await
        .expect("sid");
    assert_eq!(s.state, tessera::service::payments::SessionState::Expired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_cancels_someone_elses_booking() {
    let app = spawn_app().await;
    let b = paid_booking(&app, "Sourdough Bread Masterclass").await;
    let eve = app.another_client();
    eve.signup("eve@example.com", PASSWORD).await;
    let res = eve
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(mine(&app).await.status, BookingStatus::Confirmed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_sent_as_a_plain_form_comes_back_saying_the_refund() {
    let app = spawn_app().await;
    let b = paid_booking(&app, "Sourdough Bread Masterclass").await;
    let page = format!("/bookings/{}", b.id);
    let (status, location, body) = crate::no_js::submit(
        &app,
        &page,
        "/api/cancel_booking",
        &[("booking_id", &b.id.to_string())],
    )
    .await;
    assert_eq!(status, 302, "{body}");
    let location = location.expect("a redirect");
    assert!(
        location.ends_with(&format!("{page}?__ok=%2Fapi%2Fcancel_booking")),
        "{location}"
    );
    // What the function answered (a refund owed) is said, not only that
    // it worked: the same words as after a press inside an island.
    let (_, shown) = app
        .get(&location[location.find(&page).expect("the page")..])
        .await;
    assert!(shown.contains("Your refund is on its way"), "{shown}");
    // Once: the page loaded again says nothing more.
    let (_, again) = app.get(&page).await;
    assert!(!again.contains("Your refund is on its way"), "{again}");
}
