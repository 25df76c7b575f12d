//! Two things happening at once to one booking, payment or course, made
//! to happen in the worst order every time: a transaction that has written
//! (the confirming webhook, an admin's cancellation) stays open while the
//! other step starts, and commits while that step waits for the row. The
//! step must decide on what the row is once it holds it, never on what it
//! read before. On SQLite the second writer waits for the database lock, on
//! PostgreSQL for the row lock; the order is the same on both.

use crate::support::{TestApp, a_member, spawn_app};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait,
};
use tessera::booking::RefundState;
use tessera::entity::{booking, course, payment, user, waitlist_entry};
use tessera::service::checkout::{self, NextStep};
use tessera::service::{cancel, courses, fulfil};
use tessera::waitlist::WaitlistStatus;
use tessera::{BookingId, BookingStatus, CourseId, CourseStatus, Currency, PaymentStatus, UserId};

/// How long the open transaction waits before committing: long enough for
/// the racing step to reach its first write and block on it.
const WAIT: std::time::Duration = std::time::Duration::from_millis(400);

async fn a_course(db: &DatabaseConnection, capacity: i32) -> CourseId {
    crate::support::published_course(db, capacity, 6).await
}

/// A member holding a seat with an open Checkout Session.
async fn booked(app: &TestApp) -> (UserId, BookingId, payment::Model) {
    let c = a_course(&app.db, 5).await;
    let who = a_member(&app.db, "ada@example.com").await;
    let next = checkout::book(
        &app.db,
        &app.gateway,
        who,
        "ada@example.com",
        checkout::BookingRequest {
            course: c,
            party: &tessera::attendee::Party::of(tessera::SeatCount::ONE),
            voucher: None,
        },
        Utc::now(),
    )
    .await
    .expect("book");
    let NextStep::Pay { booking, .. } = next else {
        panic!("expected a checkout, got {next:?}");
    };
    let p = payments_of(&app.db, booking).await.remove(0);
    (who, booking, p)
}

async fn payments_of(db: &DatabaseConnection, b: BookingId) -> Vec<payment::Model> {
    payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.get()))
        .all(db)
        .await
        .expect("q")
}

async fn booking_now(db: &DatabaseConnection, b: BookingId) -> booking::Model {
    booking::Entity::find_by_id(b.get())
        .one(db)
        .await
        .expect("q")
        .expect("booking")
}

/// The confirming webhook's transaction for `p`, written but not committed.
async fn paying(db: &DatabaseConnection, p: &payment::Model) -> DatabaseTransaction {
    let facts = crate::support::paid_session(p);
    let txn = db.begin().await.expect("txn");
    let done = fulfil::fulfil_checkout(&txn, &facts, Utc::now())
        .await
        .expect("fulfil");
    assert_eq!(done, fulfil::Fulfilment::Confirmed(p.booking_id));
    txn
}

/// Runs `step` while `txn` is open, commits `txn` once the step is waiting
/// for it, and answers the step's result.
async fn racing<T: Send + 'static>(
    txn: DatabaseTransaction,
    step: impl Future<Output = T> + Send + 'static,
) -> T {
    let handle = tokio::spawn(step);
    tokio::time::sleep(WAIT).await;
    txn.commit().await.expect("commit");
    handle.await.expect("the racing step")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_while_the_payment_confirms_refunds_the_money() {
    let app = spawn_app().await;
    let (who, booking, p) = booked(&app).await;
    let txn = paying(&app.db, &p).await;
    let (db, gateway) = (app.db.clone(), app.gateway.clone());
    let outcome = racing(txn, async move {
        cancel::cancel_booking(
            &db,
            &gateway,
            cancel::RefundPolicy::default(),
            booking,
            cancel::Actor::Member(who),
            Utc::now(),
        )
        .await
    })
    .await
    .expect("cancel");
    assert!(
        matches!(outcome, cancel::Cancelled::Refunding { .. }),
        "a paid booking cancelled nine days ahead is refunded, got {outcome:?}"
    );
    assert_eq!(
        booking_now(&app.db, booking).await.status,
        BookingStatus::Cancelled
    );
    let paid = payments_of(&app.db, booking).await.remove(0);
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    // Owed back, and asked of Stripe (which refuses: this test's
    // PaymentIntent is made up; a real one is refunded, see cancel.rs).
    assert!(
        matches!(
            paid.refund,
            Some(RefundState::Owed | RefundState::Requested | RefundState::Refused)
        ),
        "the money of a cancelled seat is owed back, got {:?}",
        paid.refund
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_a_hold_while_the_payment_confirms_keeps_the_paid_booking() {
    let app = spawn_app().await;
    let (who, booking, p) = booked(&app).await;
    let txn = paying(&app.db, &p).await;
    let (db, gateway) = (app.db.clone(), app.gateway.clone());
    let outcome = racing(txn, async move {
        cancel::release_hold(
            &db,
            &gateway,
            cancel::RefundPolicy::default(),
            who,
            booking,
            Utc::now(),
        )
        .await
    })
    .await;
    // "Release my seat" lets go of an unpaid hold; the payment came first,
    // so the seat is the member's and stays confirmed (they may cancel it).
    assert!(
        matches!(outcome, Err(cancel::CancelError::NotPending(_))),
        "got {outcome:?}"
    );
    assert_eq!(
        booking_now(&app.db, booking).await.status,
        BookingStatus::Confirmed
    );
    let paid = payments_of(&app.db, booking).await.remove(0);
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    assert_eq!(paid.refund, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_open_attempts_never_overwrites_a_payment_that_succeeded() {
    let app = spawn_app().await;
    let (_, booking, p) = booked(&app).await;
    let txn = paying(&app.db, &p).await;
    let db = app.db.clone();
    let sessions = racing(txn, async move {
        fulfil::close_open_payments(&db, booking, Utc::now()).await
    })
    .await
    .expect("close");
    assert!(
        sessions.is_empty(),
        "a paid session is not ended: {sessions:?}"
    );
    let paid = payments_of(&app.db, booking).await.remove(0);
    assert_eq!(
        paid.status,
        PaymentStatus::Succeeded,
        "the payment that paid for the seat stays succeeded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retrying_while_the_payment_confirms_opens_no_second_checkout() {
    let app = spawn_app().await;
    let (who, booking, p) = booked(&app).await;
    let txn = paying(&app.db, &p).await;
    let (db, gateway) = (app.db.clone(), app.gateway.clone());
    let outcome = racing(txn, async move {
        checkout::retry(&db, &gateway, who, "ada@example.com", booking, Utc::now()).await
    })
    .await;
    assert!(
        !matches!(outcome, Ok(NextStep::Pay { .. })),
        "no Checkout for a booking that is paid: {outcome:?}"
    );
    let all = payments_of(&app.db, booking).await;
    assert_eq!(all.len(), 1, "no second attempt: {all:?}");
    assert_eq!(all[0].status, PaymentStatus::Succeeded);
    let b = booking_now(&app.db, booking).await;
    assert_eq!(b.status, BookingStatus::Confirmed);
    assert_eq!(b.hold_expires_at, None, "a confirmed seat has no hold");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_a_course_while_it_is_cancelled_leaves_it_cancelled() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 5).await;
    // The admin's "Cancel course", written and not yet committed.
    let txn = app.db.begin().await.expect("txn");
    txn.execute_unprepared(&format!(
        "UPDATE courses SET status = 'cancelled' WHERE id = {}",
        c.get()
    ))
    .await
    .expect("cancel");
    let db = app.db.clone();
    let outcome = racing(txn, async move {
        courses::set_published(&db, c, false, Utc::now()).await
    })
    .await;
    assert!(
        matches!(outcome, Err(courses::CourseError::Cancelled(_))),
        "got {outcome:?}"
    );
    let after = course::Entity::find_by_id(c.get())
        .one(&app.db)
        .await
        .expect("q")
        .expect("course");
    assert_eq!(after.status, CourseStatus::Cancelled);
}

/// A waiting-list offer of `who`'s on a course of one seat: the seat held
/// for them until `deadline`, made `made_ago`.
async fn an_offer(
    db: &DatabaseConnection,
    who: UserId,
    made_ago: Duration,
    deadline: DateTime<Utc>,
) -> BookingId {
    let c = a_course(db, 1).await;
    let now = Utc::now();
    db.execute_unprepared(&format!(
        "UPDATE courses SET seats_held = 1 WHERE id = {}",
        c.get()
    ))
    .await
    .expect("seat");
    let b = booking::ActiveModel {
        user_id: Set(who.get()),
        course_id: Set(c.get()),
        status: Set(BookingStatus::PendingPayment),
        amount: Set(4900),
        currency: Set(Currency::Eur),
        hold_expires_at: Set(Some(deadline)),
        created_at: Set(now - made_ago),
        updated_at: Set(now - made_ago),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("booking");
    waitlist_entry::ActiveModel {
        course_id: Set(c.get()),
        user_id: Set(who.get()),
        status: Set(WaitlistStatus::Offered),
        joined_at: Set(now - Duration::days(1)),
        offered_at: Set(Some(now - made_ago)),
        offer_expires_at: Set(Some(deadline)),
        booking_id: Set(Some(b.id)),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("offer");
    BookingId(b.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_for_an_offer_never_holds_its_seat_past_the_deadline() {
    let app = spawn_app().await;
    let who = a_member(&app.db, "ada@example.com").await;
    // Made five minutes ago; the list's cut-off leaves it ten in all.
    let deadline = Utc::now() + Duration::minutes(5);
    let offer = an_offer(&app.db, who, Duration::minutes(5), deadline).await;
    let next = checkout::retry(
        &app.db,
        &app.gateway,
        who,
        "ada@example.com",
        offer,
        Utc::now(),
    )
    .await
    .expect("pay");
    assert!(matches!(next, NextStep::Pay { .. }), "{next:?}");
    let held_until = booking_now(&app.db, offer).await.hold_expires_at;
    assert_eq!(
        held_until.map(|t| t.timestamp()),
        Some(deadline.timestamp()),
        "the seat is held to the offer's deadline and no longer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_stripe_opens_one_checkout_for_the_offer_link() {
    let app = spawn_app().await;
    let client = app.another_client();
    assert_eq!(
        client
            .signup("grace@example.com", "correct horse battery")
            .await
            .status(),
        200
    );
    let who = user::Entity::find()
        .filter(user::Column::Email.eq("grace@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("member");
    let offer = an_offer(
        &app.db,
        UserId(who.id),
        Duration::minutes(1),
        Utc::now() + Duration::hours(2),
    )
    .await;
    // Stripe takes six seconds to answer each request (it does the work at
    // once; only the answer is slow).
    let sim = app.sim.as_ref().expect("the simulator");
    sim.delay_answers(std::time::Duration::from_secs(6));
    let (status, _) = client.get(&format!("/bookings/{offer}/pay")).await;
    sim.delay_answers(std::time::Duration::ZERO);
    assert_eq!(status, 303);
    let attempts = payments_of(&app.db, offer).await;
    assert_eq!(attempts.len(), 1, "one attempt for one press: {attempts:?}");
    // Every session Stripe made is one Tessera recorded.
    let sessions = sim.sessions_by_payment().await;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert_eq!(
        attempts[0].stripe_checkout_session_id.as_deref(),
        Some(sessions[0].0.as_str())
    );
    assert_eq!(sessions[0].1, Some(attempts[0].id.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_answering_too_late_is_given_up_on_and_its_session_is_still_ours() {
    let app = crate::support::spawn_app_with(&[("STRIPE_TIMEOUT_SECONDS", "1")]).await;
    let c = a_course(&app.db, 5).await;
    assert_eq!(
        app.signup("grace@example.com", "correct horse battery")
            .await
            .status(),
        200
    );
    let sim = app.sim.as_ref().expect("the simulator");
    sim.delay_answers(std::time::Duration::from_secs(3));
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.to_string())])
        .await;
    sim.delay_answers(std::time::Duration::ZERO);
    assert_eq!(
        res.status(),
        503,
        "a Stripe that does not answer is unavailable"
    );
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "payment_provider_unavailable");
    // Stripe made the session all the same, naming the attempt Tessera
    // recorded before asking. Paid (the page was reached some other way),
    // the money finds its booking: a seat if one is free, else a refund.
    let attempts = payment::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    let sessions = sim.sessions_by_payment().await;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    assert_eq!(sessions[0].1, Some(attempts[0].id.to_string()));
    let paid = crate::support::pay(&sessions[0].2, "4242424242424242").await;
    assert_eq!(paid.status(), 303);
    let attempt = attempts[0].id;
    crate::support::eventually("the payment recorded on its attempt", async || {
        payment::Entity::find_by_id(attempt)
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|p| p.status == PaymentStatus::Succeeded)
    })
    .await;
    let b = booking_now(&app.db, BookingId(attempts[0].booking_id)).await;
    assert_eq!(b.status, BookingStatus::Confirmed, "a seat was still free");
}
