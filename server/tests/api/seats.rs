//! Several seats in one booking: held all or none, charged as one Checkout
//! line of N, counted by the seat ledger everywhere, refused clearly.

use crate::support::{TestApp, admin, eventually, pay, spawn_app};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tessera::entity::{booking, course, payment, user};
use tessera::service::booking::{HoldError, hold_seat};
use tessera::service::cancel;
use tessera::{BookingStatus, CourseId, PaymentStatus, SeatCount, UserId};

const PASSWORD: &str = "correct horse battery";

async fn a_course(db: &DatabaseConnection, capacity: i32, per_booking: i32) -> CourseId {
    crate::support::published_course(db, capacity, per_booking).await
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
            (
                "form[meetings][0][starts_at]",
                "2031-05-02T10:00".to_owned(),
            ),
            ("form[meetings][0][ends_at]", "2031-05-02T13:00".to_owned()),
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
        let who = crate::support::a_member(&app.db, &format!("group{n}@example.com")).await;
        members.push((who, SeatCount::new(n % 4 + 1).expect("1–4")));
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

async fn amount_refunded(db: &DatabaseConnection, payment_id: i64) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    db.query_one(Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT CAST(amount_refunded AS BIGINT) AS n FROM payments WHERE id = {payment_id}"
        ),
    ))
    .await
    .expect("q")
    .expect("payment")
    .try_get("", "n")
    .expect("n")
}

/// Book three named seats on a fresh course, pay: the booking, its
/// payment and its PaymentIntent.
async fn three_paid_seats(app: &TestApp) -> (booking::Model, payment::Model, String) {
    let c = a_course(&app.db, 10, 6).await;
    app.signup("ada@example.com", PASSWORD).await;
    let res = app
        .post_form(
            "/api/book_course",
            &[
                ("course_id", &c.to_string()),
                ("seats", "3"),
                ("attendees[0][name]", ""),
                ("attendees[1][name]", "Grace Hopper"),
                ("attendees[1][email]", "grace@example.com"),
                ("attendees[2][name]", "Alan Turing"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("the booking confirmed", async || {
        mine(app, "ada@example.com").await.status == BookingStatus::Confirmed
    })
    .await;
    let b = mine(app, "ada@example.com").await;
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    let pi = p.stripe_payment_intent_id.clone().expect("intent");
    (b, p, pi)
}

async fn attendees_of(app: &TestApp, booking_id: i64) -> Vec<serde_json::Value> {
    let detail: serde_json::Value = app
        .post_form(
            "/api/booking_detail",
            &[("booking_id", &booking_id.to_string())],
        )
        .await
        .json()
        .await
        .expect("json");
    detail["attendees"].as_array().expect("attendees").clone()
}

async fn cancel_seat(app: &TestApp, attendee: &serde_json::Value) -> serde_json::Value {
    let res = app
        .post_form(
            "/api/cancel_seat",
            &[("attendee_id", &attendee["id"].to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_seat_is_named_and_cancelled_on_its_own_and_refunds_never_exceed_what_was_paid() {
    let app = spawn_app().await;
    let (b, p, pi) = three_paid_seats(&app).await;
    let c = CourseId(b.course_id);
    let seats = attendees_of(&app, b.id).await;
    let names: Vec<&str> = seats
        .iter()
        .map(|a| a["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["Ada Lovelace", "Grace Hopper", "Alan Turing"],
        "the first seat is the member's"
    );
    assert_eq!(seats[1]["email"], "grace@example.com");

    // Grace cannot come: her seat alone is cancelled and its share refunded,
    // once however often it is asked.
    let outcome = cancel_seat(&app, &seats[1]).await;
    assert_eq!(outcome["SeatRefunding"]["minor"], 4900, "{outcome}");
    assert_eq!(cancel_seat(&app, &seats[1]).await, "AlreadyEnded");
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        vec![4900]
    );
    assert_eq!(mine(&app, "ada@example.com").await.seats, 2);
    assert_eq!(
        mine(&app, "ada@example.com").await.status,
        BookingStatus::Confirmed,
        "the other two stay booked"
    );
    assert_eq!(seats_held(&app.db, c).await, 2);
    assert_eq!(
        seats_held(&app.db, c).await,
        seats_of_active_bookings(&app.db, c).await
    );

    // Someone refunds 80.00 in Stripe's dashboard: recorded, and it caps
    // what the next seat can get back (14,700 − 4,900 − 8,000 = 1,800).
    app.gateway
        .refund_part(&pi, 8000, "from-the-dashboard")
        .await
        .expect("a refund outside Tessera");
    eventually("the outside refund recorded", async || {
        amount_refunded(&app.db, p.id).await == 12_900
    })
    .await;
    // Shown: to the member on the booking, to the admin on the roster.
    let detail: serde_json::Value = app
        .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        detail["payments"][0]["refunded"]["minor"], 12_900,
        "{detail}"
    );
    let roster: serde_json::Value = admin(&app)
        .await
        .post_form("/api/course_roster", &[("id", &b.course_id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(roster["refunds"][0]["state"], "PartlyRefunded", "{roster}");
    assert_eq!(
        roster["refunds"][0]["refunded"]["minor"], 12_900,
        "{roster}"
    );
    let outcome = cancel_seat(&app, &seats[2]).await;
    assert_eq!(outcome["SeatRefunding"]["minor"], 1800, "{outcome}");

    // Every cent is back now: Stripe reports the charge refunded in full,
    // and the booking's last seat, with nothing paid for it any more, ends
    // with it (as when a whole payment is refunded in the dashboard).
    eventually("the booking ended with its money", async || {
        mine(&app, "ada@example.com").await.status == BookingStatus::Cancelled
    })
    .await;
    assert_eq!(seats_held(&app.db, c).await, 0);
    assert_eq!(cancel_seat(&app, &seats[0]).await, "AlreadyEnded");
    let refunded: i64 = crate::support::refunds_at_stripe(&app, &pi)
        .await
        .iter()
        .sum();
    assert_eq!(
        refunded, 14_700,
        "refunded in all exactly what was paid, never more"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_seats_one_by_one_refunds_in_all_exactly_what_was_paid() {
    let app = spawn_app().await;
    let (b, _, pi) = three_paid_seats(&app).await;
    let seats = attendees_of(&app, b.id).await;
    let refund_if_cancelled = async || {
        let detail: serde_json::Value = app
            .post_form("/api/booking_detail", &[("booking_id", &b.id.to_string())])
            .await
            .json()
            .await
            .expect("json");
        detail["refund_amount"]["minor"].as_i64()
    };
    assert_eq!(refund_if_cancelled().await, Some(14_700));
    cancel_seat(&app, &seats[0]).await;
    // "Cancel booking" now offers what is left, not what was paid.
    assert_eq!(refund_if_cancelled().await, Some(9_800));
    for seat in &seats[1..] {
        cancel_seat(&app, seat).await;
    }
    assert_eq!(
        mine(&app, "ada@example.com").await.status,
        BookingStatus::Cancelled
    );
    let mut refunds = crate::support::refunds_at_stripe(&app, &pi).await;
    refunds.sort_unstable();
    assert_eq!(refunds, vec![4900, 4900, 4900]);
    assert_eq!(seats_held(&app.db, CourseId(b.course_id)).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_renames_their_own_attendees_only() {
    let app = spawn_app().await;
    let (b, _, _) = three_paid_seats(&app).await;
    let seats = attendees_of(&app, b.id).await;
    let id = seats[2]["id"].to_string();
    let res = app
        .post_form(
            "/api/name_attendee",
            &[
                ("attendee_id", &id),
                ("name", "  Ada Byron  "),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(attendees_of(&app, b.id).await[2]["name"], "Ada Byron");
    for (name, email, field) in [("", "", "name"), ("Bo", "not-an-email", "email")] {
        let res = app
            .post_form(
                "/api/name_attendee",
                &[("attendee_id", &id), ("name", name), ("email", email)],
            )
            .await;
        assert_eq!(res.status(), 422, "{name:?} {email:?}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["fields"][0]["field"], field, "{body}");
    }
    // Someone else can neither rename nor cancel it.
    let other = app.another_client();
    other.signup("eve@example.com", PASSWORD).await;
    let res = other
        .post_form(
            "/api/name_attendee",
            &[("attendee_id", &id), ("name", "Eve")],
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = other
        .post_form("/api/cancel_seat", &[("attendee_id", &id)])
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(attendees_of(&app, b.id).await[2]["name"], "Ada Byron");
    assert_eq!(mine(&app, "ada@example.com").await.seats, 3);
}

async fn outbox(app: &TestApp, key: &str) -> Option<tessera::entity::email_outbox::Model> {
    use tessera::entity::email_outbox;
    email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(key))
        .one(&app.db)
        .await
        .expect("q")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attendee_with_an_email_gets_their_own_confirmation_without_the_money() {
    let app = spawn_app().await;
    let (b, _, _) = three_paid_seats(&app).await;
    let seats = attendees_of(&app, b.id).await;
    let grace = format!("attendee_confirmed:{}", seats[1]["id"]);
    let mail = outbox(&app, &grace)
        .await
        .expect("Grace's own confirmation");
    assert_eq!(mail.recipient, "grace@example.com");
    assert!(
        mail.subject.starts_with("You have a seat"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body_text.contains("Ada Lovelace booked you a seat"),
        "{}",
        mail.body_text
    );
    for money in ["€", "147", "49.00", "Amount"] {
        assert!(
            !mail.body_text.contains(money),
            "no payment details: {}",
            mail.body_text
        );
        assert!(
            !mail.body_html.contains(money),
            "no payment details in the HTML"
        );
    }
    assert!(
        mail.attachments.contains("BEGIN:VCALENDAR"),
        "a calendar file"
    );
    // Alan was given no email; the member has the booking's own.
    let alan = format!("attendee_confirmed:{}", seats[2]["id"]);
    assert!(outbox(&app, &alan).await.is_none());
    assert!(
        outbox(&app, &format!("booking_confirmed:{}", b.id))
            .await
            .is_some()
    );

    // Cancelling Grace's seat tells the member what happens to its share.
    cancel_seat(&app, &seats[1]).await;
    let told = outbox(&app, &format!("seat_cancelled:{}", seats[1]["id"]))
        .await
        .expect("the member is told");
    assert_eq!(told.recipient, "ada@example.com");
    assert!(
        told.body_text.contains("Grace Hopper's seat"),
        "{}",
        told.body_text
    );
    assert!(
        told.body_text.contains("A refund of €49.00 is on its way"),
        "{}",
        told.body_text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_cancels_one_seat_from_the_roster_and_its_share_goes_back() {
    let app = spawn_app().await;
    let (b, _, pi) = three_paid_seats(&app).await;
    let root = admin(&app).await;
    let roster: serde_json::Value = root
        .post_form("/api/course_roster", &[("id", &b.course_id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    let seats = roster["entries"][0]["attendees"]
        .as_array()
        .expect("seats")
        .clone();
    assert_eq!(seats.len(), 3, "{roster}");
    let alan = seats[2]["id"].to_string();
    let res = root
        .post_form("/api/admin_cancel_seat", &[("attendee_id", &alan)])
        .await;
    assert_eq!(res.status(), 200);
    let outcome: serde_json::Value = res.json().await.expect("json");
    assert_eq!(outcome["SeatRefunding"]["minor"], 4900, "{outcome}");
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        vec![4900]
    );
    // A member cannot use the admin's door.
    let res = app
        .post_form(
            "/api/admin_cancel_seat",
            &[("attendee_id", &seats[1]["id"].to_string())],
        )
        .await;
    assert_eq!(res.status(), 403);
    let csv = root
        .client
        .get(format!(
            "{}/admin/courses/{}/roster.csv",
            app.address, b.course_id
        ))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("body");
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows.len(),
        3,
        "a header and a row per seat still taken: {csv}"
    );
    assert!(
        rows[1].ends_with(",Ada Lovelace,,49.00,")
            && rows[2].contains(",Grace Hopper,grace@example.com,49.00"),
        "{csv}"
    );
}

/// Cancelling a seat of an unpaid booking ends its Checkout (it charged
/// for three); the hold stays until its end, and paying again charges two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_of_an_unpaid_booking_goes_and_the_hold_stays_for_the_rest() {
    let app = spawn_app().await;
    let c = a_course(&app.db, 10, 6).await;
    app.signup("ada@example.com", PASSWORD).await;
    assert_eq!(book(&app, c, "3").await.status(), 200);
    let b = mine(&app, "ada@example.com").await;
    let seats = attendees_of(&app, b.id).await;
    assert_eq!(cancel_seat(&app, &seats[2]).await, "SeatFreed");
    // Stripe reports the old session ended; the hold is not over.
    eventually("the old session's end recorded", async || {
        use tessera::entity::stripe_event;
        stripe_event::Entity::find()
            .filter(stripe_event::Column::EventType.eq("checkout.session.expired"))
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    })
    .await;
    let now_b = mine(&app, "ada@example.com").await;
    assert_eq!(
        (now_b.status, now_b.seats, now_b.amount),
        (BookingStatus::PendingPayment, 2, 9800)
    );
    assert_eq!(seats_held(&app.db, c).await, 2);
    let res = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let page = reqwest::get(&url)
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("€98.00"), "two seats charged");
}

/// While a bank debit for the whole booking is under way, its seats stay
/// as they are: the debit would be paid for seats the booking no longer had.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_seat_is_cancelled_alone_while_the_bank_debits_the_booking() {
    let app = crate::support::spawn_app_with(&[("STRIPE_SIM_ASYNC_DELAY_MS", "60000")]).await;
    let c = a_course(&app.db, 10, 6).await;
    app.signup("ada@example.com", PASSWORD).await;
    let res = book(&app, c, "2").await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let debited = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(&url)
        .form(&[
            ("email", "ada@example.com"),
            ("iban", "DE89 3704 0044 0532 0130 00"),
            ("method", "sepa_debit"),
        ])
        .send()
        .await
        .expect("debit");
    assert_eq!(debited.status(), 303);
    let b = mine(&app, "ada@example.com").await;
    eventually("the debit processing", async || {
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|p| p.status == PaymentStatus::Processing)
    })
    .await;
    let seats = attendees_of(&app, b.id).await;
    let res = app
        .post_form(
            "/api/cancel_seat",
            &[("attendee_id", &seats[1]["id"].to_string())],
        )
        .await;
    assert_eq!(res.status(), 409);
    let body: serde_json::Value = res.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("still processing"),
        "{body}"
    );
    let now_b = mine(&app, "ada@example.com").await;
    assert_eq!((now_b.seats, now_b.amount), (2, 9800), "nothing changed");
    assert_eq!(seats_held(&app.db, c).await, 2);
}
