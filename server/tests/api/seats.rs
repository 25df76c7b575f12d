//! Several seats in one booking: held all or none, charged as one Checkout
//! line of N, counted by the seat ledger everywhere, refused clearly.

use crate::support::{TestApp, admin, eventually, pay, spawn_app};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tessera::entity::{booking, course, payment, user};
use tessera::service::booking::{HoldError, hold_seat};
use tessera::service::cancel;
use tessera::{BookingStatus, CourseId, CourseStatus, Currency, PaymentStatus, SeatCount, UserId};

const PASSWORD: &str = "correct horse battery";

async fn a_course(db: &DatabaseConnection, capacity: i32, per_booking: i32) -> CourseId {
    let now = Utc::now();
    let c = course::ActiveModel {
        title: Set("Pottery for Two".to_owned()),
        description: Set("Wheel and clay.".to_owned()),
        location: Set("Studio 4".to_owned()),
        price: Set(4900),
        currency: Set(Currency::Eur),
        capacity: Set(capacity),
        seats_held: Set(0),
        seats_per_booking: Set(per_booking),
        starts_at: Set(now + Duration::days(9)),
        ends_at: Set(now + Duration::days(9) + Duration::hours(3)),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    CourseId(c.id)
}

async fn seats_held(db: &DatabaseConnection, c: CourseId) -> i32 {
    course::Entity::find_by_id(c.get())
        .one(db)
        .await
        .expect("q")
        .expect("course")
        .seats_held
}

/// Σ seats of the course's active bookings.
async fn seats_of_active_bookings(db: &DatabaseConnection, c: CourseId) -> i32 {
    booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.get()))
        .all(db)
        .await
        .expect("q")
        .iter()
        .filter(|b| b.status.is_active())
        .map(|b| b.seats)
        .sum()
}

async fn book(app: &TestApp, c: CourseId, seats: &str) -> reqwest::Response {
    app.post_form(
        "/api/book_course",
        &[("course_id", &c.to_string()), ("seats", seats)],
    )
    .await
}

async fn mine(app: &TestApp, email: &str) -> booking::Model {
    let me = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("q")
        .expect("member");
    booking::Entity::find()
        .filter(booking::Column::UserId.eq(me.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a booking")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_seats_are_held_charged_as_three_and_freed_as_three() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 10, 6).await;
    app.signup("ada@example.com", PASSWORD).await;
    let res = book(&app, c, "3").await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let url = res.headers()["location"]
        .to_str()
        .expect("checkout url")
        .to_owned();
    let b = mine(&app, "ada@example.com").await;
    assert_eq!((b.seats, b.amount), (3, 3 * 4900));
    assert_eq!(seats_held(&app.db, c).await, 3);

    // Stripe's session: one line of three seats at the course's price.
    let attempt = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("attempt");
    assert_eq!(attempt.amount, 14_700);
    let session = app
        .gateway
        .retrieve_session(attempt.stripe_checkout_session_id.as_deref().expect("sid"))
        .await
        .expect("session");
    assert_eq!(session.amount_total, Some(14_700));
    let page = reqwest::get(&url)
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("€147.00"),
        "the hosted page charges three seats"
    );

    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("the booking confirmed", async || {
        mine(&app, "ada@example.com").await.status == BookingStatus::Confirmed
    })
    .await;
    let detail: serde_json::Value = app
        .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(detail["booking"]["seats"], 3, "{detail}");
    let (_, page) = app.get(&format!("/bookings/{}", b.id)).await;
    assert!(
        page.contains("data-testid=\"seats\">3<"),
        "the booking page says 3 seats"
    );

    // Cancelled nine days ahead: all three seats free, the whole amount back.
    let outcome = cancel::cancel_booking(
        &app.db,
        &app.gateway,
        cancel::RefundPolicy::default(),
        tessera::BookingId(b.id),
        cancel::Actor::Member(UserId(b.user_id)),
        Utc::now(),
    )
    .await
    .expect("cancel");
    assert!(
        matches!(outcome, cancel::Cancelled::Refunding { .. }),
        "{outcome:?}"
    );
    assert_eq!(seats_held(&app.db, c).await, 0);
    let paid = payment::Entity::find_by_id(attempt.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    let pi = paid.stripe_payment_intent_id.expect("intent");
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        vec![14_700],
        "refunded once, in full"
    );
    eventually("the refund recorded", async || {
        payment::Entity::find_by_id(attempt.id)
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|p| p.status == PaymentStatus::Refunded)
    })
    .await;
    assert_eq!(
        seats_held(&app.db, c).await,
        seats_of_active_bookings(&app.db, c).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seat_counts_that_cannot_be_booked_are_refused_saying_why_and_hold_nothing() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 5, 4).await;
    app.signup("ada@example.com", PASSWORD).await;
    for bad in ["0", "-2", "two", "51"] {
        let res = book(&app, c, bad).await;
        assert_eq!(res.status(), 422, "{bad}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["code"], "validation", "{bad}");
        assert_eq!(body["fields"][0]["field"], "seats", "{bad}");
    }
    let res = book(&app, c, "5").await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "too_many_seats");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("at most 4 seats"),
        "{body}"
    );
    assert_eq!(seats_held(&app.db, c).await, 0, "nothing held");

    // Someone holds three of the five: four more do not fit, and the
    // answer says how many do.
    let other = app.another_client();
    other.signup("bo@example.com", PASSWORD).await;
    assert_eq!(book(&other, c, "3").await.status(), 200);
    let res = book(&app, c, "4").await;
    assert_eq!(res.status(), 409);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "not_enough_seats");
    assert_eq!(body["message"], "Only 2 seats are left: book 2 or fewer.");
    assert_eq!(seats_held(&app.db, c).await, 3, "nothing more held");
    assert_eq!(book(&app, c, "2").await.status(), 200);
    assert_eq!(seats_held(&app.db, c).await, 5);
    assert_eq!(seats_of_active_bookings(&app.db, c).await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capacity_cannot_drop_below_the_seats_a_group_holds() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let c = a_course(&app.db, 10, 6).await;
    app.signup("ada@example.com", PASSWORD).await;
    assert_eq!(book(&app, c, "4").await.status(), 200);
    let id = c.to_string();
    let form = |capacity: &'static str| {
        vec![
            ("id", id.clone()),
            ("form[title]", "Pottery for Two".to_owned()),
            ("form[description]", "Wheel and clay.".to_owned()),
            ("form[location]", "Studio 4".to_owned()),
            ("form[price]", "49".to_owned()),
            ("form[currency]", "EUR".to_owned()),
            ("form[capacity]", capacity.to_owned()),
            ("form[starts_at]", "2031-05-02T10:00".to_owned()),
            ("form[ends_at]", "2031-05-02T13:00".to_owned()),
            ("form[time_zone]", "Europe/Amsterdam".to_owned()),
        ]
    };
    let fields = form("3");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = root.post_form("/api/save_course", &fields).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "capacity");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("4 seats are already held"),
        "{body}"
    );
    let fields = form("4");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        root.post_form("/api/save_course", &fields).await.status(),
        200
    );
    let roster: serde_json::Value = root
        .post_form("/api/course_roster", &[("id", &id)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(roster["entries"][0]["seats"], 4, "{roster}");
}

/// 40 members ask for 1–4 seats each at once on a course of 25: every
/// acceptance holds exactly what it asked for, every refusal says how many
/// were left (fewer than asked), and the ledger adds up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_groups_racing_for_twenty_five_seats_never_oversell() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 25, 4).await;
    let now = Utc::now();
    let mut members = Vec::new();
    for n in 0..40 {
        let u = user::ActiveModel {
            email: Set(format!("group{n}@example.com")),
            password_hash: Set("!unusable".to_owned()),
            display_name: Set(format!("Group {n}")),
            role: Set(tessera::Role::Member),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("member");
        members.push((UserId(u.id), SeatCount::new(n % 4 + 1).expect("1–4")));
    }
    let mut racing = tokio::task::JoinSet::new();
    for (who, seats) in members {
        let db = app.db.clone();
        racing.spawn(async move { (who, seats, hold_seat(&db, who, c, seats, now).await) });
    }
    let mut accepted = 0;
    while let Some(done) = racing.join_next().await {
        let (who, seats, outcome) = done.expect("a racer");
        match outcome {
            Ok(hold) => {
                let b = hold.booking();
                assert_eq!((b.user_id, b.seats), (who.get(), seats.as_i32()));
                accepted += seats.as_i32();
            }
            Err(HoldError::NotEnoughSeats { left }) => {
                assert!(left < seats.as_i32() && left > 0, "{left} left for {seats}");
            }
            Err(HoldError::CapacityFull) => {}
            Err(other) => panic!("unexpected refusal: {other:?}"),
        }
    }
    let held = seats_held(&app.db, c).await;
    assert_eq!(held, accepted);
    assert_eq!(held, seats_of_active_bookings(&app.db, c).await);
    assert!(held <= 25, "{held} seats held on a course of 25");
    assert!(
        held >= 22,
        "the seats left unsold fit no group that asked: {held}"
    );
}
