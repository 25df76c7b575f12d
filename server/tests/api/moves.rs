//! Moving a confirmed booking to another date of its course: seats taken on
//! the new date and given back on the old in one go, or nothing changes.

use crate::support::{TestApp, admin, spawn_app};
use chrono::{DurationRound, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use tessera::BookingStatus;
use tessera::entity::{booking, booking_move, course, email_outbox};

/// A one-day course form at `starts` (UTC), free unless `price`.
fn form(title: &str, starts: &str, capacity: &str, price: &str) -> Vec<(String, String)> {
    let ends = starts.replace("T10:00", "T13:00");
    [
        ("form[title]", title),
        ("form[description]", "Ink and paper."),
        ("form[location]", "Studio 4"),
        ("form[price]", price),
        ("form[currency]", "EUR"),
        ("form[capacity]", capacity),
        ("form[time_zone]", "UTC"),
        ("form[meetings][0][starts_at]", starts),
        ("form[meetings][0][ends_at]", &ends),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Creates and publishes a course (another date of `run_of` when given).
async fn course_on(
    admin: &TestApp,
    run_of: Option<i64>,
    starts: &str,
    capacity: &str,
    price: &str,
) -> i64 {
    let mut pairs = form("Calligraphy", starts, capacity, price);
    if let Some(first) = run_of {
        pairs.push(("run_of".into(), first.to_string()));
    }
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = admin.post_form("/api/save_course", &pairs).await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let res = admin
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);
    id
}

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, "correct horse battery").await.status(), 200);
    m
}

/// Books one seat on a free course: confirmed at once.
async fn booked(m: &TestApp, course_id: i64) -> i64 {
    let res = m
        .post_form("/api/book_course", &[("course_id", &course_id.to_string())])
        .await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .all(&m.db)
        .await
        .expect("q")
        .into_iter()
        .max_by_key(|b| b.id)
        .expect("the booking");
    assert_eq!(b.status, BookingStatus::Confirmed);
    b.id
}

async fn move_to(m: &TestApp, booking_id: i64, to: i64) -> reqwest::Response {
    m.post_form(
        "/api/move_booking",
        &[
            ("booking_id", &booking_id.to_string()),
            ("to", &to.to_string()),
        ],
    )
    .await
}

/// (course id, seats held) of every course, and the bookings' rows.
async fn ledger(app: &TestApp) -> (Vec<(i64, i32)>, Vec<booking::Model>) {
    let courses = course::Entity::find().all(&app.db).await.expect("q");
    let bookings = booking::Entity::find().all(&app.db).await.expect("q");
    (
        courses.iter().map(|c| (c.id, c.seats_held)).collect(),
        bookings,
    )
}

/// `seats_held` is the seats of active bookings, within capacity, on every
/// course.
async fn seats_add_up(app: &TestApp) {
    let rows = app
        .db
        .query_all(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT c.id, c.seats_held, c.capacity, \
             (SELECT CAST(COALESCE(SUM(b.seats), 0) AS BIGINT) FROM bookings b WHERE b.course_id = c.id \
              AND b.status IN ('pending_payment', 'confirmed')) AS active FROM courses c",
        ))
        .await
        .expect("q");
    for row in rows {
        let held: i32 = row.try_get("", "seats_held").expect("held");
        let cap: i32 = row.try_get("", "capacity").expect("cap");
        let active: i64 = row.try_get("", "active").expect("active");
        assert_eq!(i64::from(held), active);
        assert!(held <= cap);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_moves_to_another_date_and_the_seat_the_calendar_and_the_email_follow() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    let second = course_on(&admin, Some(first), "2031-06-06T10:00", "4", "0").await;
    let ada = member(&app, "ada@example.com").await;
    let b = booked(&ada, first).await;

    let (_, page) = ada.get(&format!("/bookings/{b}")).await;
    assert!(
        page.contains("Move to another date"),
        "the other date is offered"
    );
    let res = move_to(&ada, b, second).await;
    assert_eq!(res.status(), 200);

    let moved = booking::Entity::find_by_id(b)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(
        (moved.course_id, moved.status),
        (second, BookingStatus::Confirmed)
    );
    let seats = |id: i64| {
        let db = app.db.clone();
        async move {
            course::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("q")
                .expect("c")
                .seats_held
        }
    };
    assert_eq!((seats(first).await, seats(second).await), (0, 1));
    seats_add_up(&app).await;
    let history = booking_move::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].from_course_id, history[0].to_course_id),
        (first, second)
    );

    let ics = ada
        .client
        .get(format!("{}/bookings/{b}/calendar.ics", app.address))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
    assert!(ics.contains("DTSTART:20310606T100000Z\r\n"), "{ics}");
    assert!(
        ics.contains(&format!("UID:booking-{b}@")),
        "the same entry, updated"
    );
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("booking_moved:{}", history[0].id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the email");
    assert!(mail.subject.starts_with("Booking moved"));
    assert!(
        mail.body_text.contains("It was Fri, 2 May 2031"),
        "{}",
        mail.body_text
    );
    assert!(
        mail.body_text.contains("Fri, 6 Jun 2031"),
        "{}",
        mail.body_text
    );
    assert!(mail.attachments.contains("SEQUENCE:1"));
    let (_, page) = ada.get(&format!("/bookings/{b}")).await;
    assert!(page.contains("Moved from"));

    // And back again: a booking moves more than once.
    assert_eq!(move_to(&ada, b, first).await.status(), 200);
    assert_eq!((seats(first).await, seats(second).await), (1, 0));
    assert_eq!(
        booking_move::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_that_cannot_be_are_refused_each_for_its_reason_and_change_nothing() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    let full = course_on(&admin, Some(first), "2031-06-06T10:00", "1", "0").await;
    let dearer = course_on(&admin, Some(first), "2031-07-04T10:00", "10", "20").await;
    let elsewhere = course_on(&admin, None, "2031-06-06T10:00", "10", "0").await;
    // A date that is only a draft.
    let pairs = {
        let mut p = form("Calligraphy", "2031-08-01T10:00", "10", "0");
        p.push(("run_of".into(), first.to_string()));
        p
    };
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let draft: i64 = admin
        .post_form("/api/save_course", &pairs)
        .await
        .json()
        .await
        .expect("id");
    // A date starting tomorrow: past the refund cut-off (48 hours).
    let tomorrow = (Utc::now() + chrono::Duration::days(1))
        .duration_trunc(chrono::Duration::days(1))
        .expect("a day")
        + chrono::Duration::hours(10);
    let soon = course_on(
        &admin,
        Some(first),
        &tomorrow.format("%Y-%m-%dT10:00").to_string(),
        "10",
        "0",
    )
    .await;

    let ada = member(&app, "ada@example.com").await;
    let grace = member(&app, "grace@example.com").await;
    let b = booked(&ada, first).await;
    let late = booked(&ada, soon).await;
    booked(&grace, full).await;
    let before = ledger(&app).await;
    for (booking_id, to, status, code) in [
        (b, full, 409, "capacity_full"),
        (b, dearer, 409, "move_price_differs"),
        (b, elsewhere, 422, "not_another_date"),
        (b, first, 422, "not_another_date"),
        (b, draft, 409, "course_not_bookable"),
        (b, 999_999, 404, "course_not_found"),
        (late, first, 409, "move_closed"),
    ] {
        let res = move_to(&ada, booking_id, to).await;
        assert_eq!(res.status(), status, "{booking_id} → {to}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["code"], code, "{booking_id} → {to}");
    }
    // Someone else's booking is not found.
    let res = move_to(&grace, b, full).await;
    assert_eq!(res.status(), 404);
    assert_eq!(ledger(&app).await, before, "nothing changed");
    assert!(
        booking_move::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty()
    );
    seats_add_up(&app).await;
}

/// Two members move into a date's last seat at the same moment: exactly
/// one of them gets it, and the other's booking stays where it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_moving_into_the_last_seat_at_once_one_gets_it() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    let last_seat = course_on(&admin, Some(first), "2031-06-06T10:00", "1", "0").await;
    let ada = member(&app, "ada@example.com").await;
    let grace = member(&app, "grace@example.com").await;
    let a = booked(&ada, first).await;
    let g = booked(&grace, first).await;
    let (ra, rg) = tokio::join!(move_to(&ada, a, last_seat), move_to(&grace, g, last_seat));
    let mut statuses = [ra.status().as_u16(), rg.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let on = |id: i64| {
        let db = app.db.clone();
        async move {
            booking::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("q")
                .expect("b")
                .course_id
        }
    };
    let mut where_they_are = [on(a).await, on(g).await];
    where_they_are.sort_unstable();
    assert_eq!(where_they_are, [first, last_seat]);
    seats_add_up(&app).await;
    assert_eq!(
        booking_move::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .len(),
        1
    );
}

/// Cancelling and moving one booking at the same moment: whichever comes
/// first, its seat is held once, on the date the booking is on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_racing_a_move_leaves_the_seat_where_the_booking_is() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    let second = course_on(&admin, Some(first), "2031-06-06T10:00", "4", "0").await;
    let ada = member(&app, "ada@example.com").await;
    for _ in 0..3 {
        let b = booked(&ada, first).await;
        let id = b.to_string();
        let cancel = [("booking_id", id.as_str())];
        let (_, _) = tokio::join!(
            move_to(&ada, b, second),
            ada.post_form("/api/cancel_booking", &cancel)
        );
        seats_add_up(&app).await;
        let now = booking::Entity::find_by_id(b)
            .one(&app.db)
            .await
            .expect("q")
            .expect("b");
        assert!(
            now.status == BookingStatus::Cancelled
                || (now.status == BookingStatus::Confirmed && now.course_id == second),
            "{now:?}"
        );
        // Whatever happened, cancelling now leaves nothing held.
        ada.post_form("/api/cancel_booking", &[("booking_id", &b.to_string())])
            .await;
        seats_add_up(&app).await;
    }
}

/// Books `seats` seats on a paid course and pays at the simulator.
async fn paid(m: &TestApp, course_id: i64, seats: &str) -> booking::Model {
    // Others' bookings on the course came before this one.
    let before = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .all(&m.db)
        .await
        .expect("q")
        .iter()
        .map(|b| b.id)
        .max()
        .unwrap_or(0);
    let res = m
        .post_form(
            "/api/book_course",
            &[("course_id", &course_id.to_string()), ("seats", seats)],
        )
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(
        crate::support::pay(&url, "4242424242424242").await.status(),
        303
    );
    let mut found = None;
    crate::support::eventually("the payment", async || {
        found = booking::Entity::find()
            .filter(booking::Column::CourseId.eq(course_id))
            .all(&m.db)
            .await
            .expect("q")
            .into_iter()
            .find(|b| b.id > before && b.status == BookingStatus::Confirmed);
        found.is_some()
    })
    .await;
    found.expect("confirmed")
}

/// A cheaper date gives each seat's difference back, once, even when
/// Stripe cannot take the refund at first; cancelling afterwards gives back
/// the rest and no more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_to_a_cheaper_date_refunds_the_difference_once_and_no_more() {
    use tessera::booking::RefundState;
    use tessera::entity::{attendee, payment};
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let cheaper = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "90").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "2").await;
    assert_eq!(b.amount, 24_000);
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("paid");
    let pi = p.stripe_payment_intent_id.clone().expect("pi");

    let (_, page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(
        page.contains("Costs less: €60.00 back to your card"),
        "the difference is said before moving"
    );
    // Stripe has an outage as the refund is asked for: it stays owed.
    app.sim.clone().expect("simulator").fail_next_refunds(1);
    let res = move_to(&ada, b.id, cheaper).await;
    assert_eq!(res.status(), 200);
    let answer: serde_json::Value = res.json().await.expect("json");
    assert!(!answer.is_null(), "the answer says what goes back");

    let moved = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!((moved.course_id, moved.amount), (cheaper, 18_000));
    let shares: Vec<i64> = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .all(&app.db)
        .await
        .expect("q")
        .iter()
        .map(|a| a.share)
        .collect();
    assert_eq!(shares, [9_000, 9_000]);
    let record = booking_move::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("the move");
    assert_eq!(
        (record.refund_amount, record.refund, record.payment_id),
        (6_000, Some(RefundState::Owed), Some(p.id))
    );
    assert!(
        crate::support::refunds_at_stripe(&app, &pi)
            .await
            .is_empty()
    );
    seats_add_up(&app).await;

    // The reconciler asks again; Stripe takes it, once.
    let retry = async || {
        tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
            .await
            .expect("retry")
    };
    assert_eq!(retry().await, 1);
    assert_eq!(retry().await, 0, "nothing is owed any more");
    assert_eq!(crate::support::refunds_at_stripe(&app, &pi).await, [6_000]);
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("booking_moved:{}", record.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the email");
    assert!(
        mail.body_text.contains("we are refunding €60.00"),
        "{}",
        mail.body_text
    );
    // Back to the dearer date (the one left) costs the difference first.
    let (_, page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(page.contains("Pay €60.00 and move"));
    assert_eq!(move_to(&ada, b.id, first).await.status(), 409);

    // Cancelling now gives back what is left, 180.00: 240.00 in all.
    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    crate::support::eventually("the refund of the rest", async || {
        crate::support::refunds_at_stripe(&app, &pi).await.len() == 2
    })
    .await;
    let refunds = crate::support::refunds_at_stripe(&app, &pi).await;
    assert_eq!(refunds, [6_000, 18_000], "what was paid, and no more");
    seats_add_up(&app).await;
}

/// "Pay … and move" on the booking page: the Checkout URL it leads to.
async fn pay_to_move(m: &TestApp, booking_id: i64, to: i64) -> String {
    let res = m
        .post_form(
            "/api/pay_to_move",
            &[
                ("booking_id", &booking_id.to_string()),
                ("to", &to.to_string()),
            ],
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    res.headers()["location"].to_str().expect("url").to_owned()
}

/// The newest payment of booking `id`.
async fn newest_payment(app: &TestApp, id: i64) -> tessera::entity::payment::Model {
    use sea_orm::QueryOrder;
    use tessera::entity::payment;
    payment::Entity::find()
        .filter(payment::Column::BookingId.eq(id))
        .order_by_desc(payment::Column::Id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("a payment")
}

/// A dearer date asks for the difference first: the booking stays where it
/// is while it is unpaid and when the payment is abandoned, and moves when
/// Stripe says it is paid; cancelling afterwards gives back both payments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_to_a_dearer_date_happens_only_once_the_difference_is_paid() {
    use tessera::PaymentStatus;
    use tessera::entity::attendee;
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "90").await;
    let dearer = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "120").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "2").await;
    let own = newest_payment(&app, b.id).await;

    let (_, page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(
        page.contains("Pay €60.00 and move"),
        "the difference is said"
    );
    // Moving without paying is refused, saying why.
    let res = move_to(&ada, b.id, dearer).await;
    assert_eq!(res.status(), 409);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "move_price_differs");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("€60.00 more")),
        "{body}"
    );

    // Checkout for the difference, then abandoned: nothing changes.
    let before = ledger(&app).await;
    pay_to_move(&ada, b.id, dearer).await;
    let abandoned = newest_payment(&app, b.id).await;
    assert_eq!(
        (abandoned.amount, abandoned.moves_to, abandoned.status),
        (6_000, Some(dearer), PaymentStatus::Open)
    );
    assert_eq!(ledger(&app).await.0, before.0, "no seat taken yet");
    let sid = abandoned.stripe_checkout_session_id.clone().expect("sid");
    app.gateway.expire_session(&sid).await.expect("expire");
    crate::support::eventually("the expiry", async || {
        newest_payment(&app, b.id).await.status == PaymentStatus::Expired
    })
    .await;
    let (seats, bookings) = ledger(&app).await;
    assert_eq!(seats, before.0, "the seats are where they were");
    let still = bookings.iter().find(|x| x.id == b.id).expect("b");
    assert_eq!(
        (still.course_id, still.status, still.amount),
        (first, BookingStatus::Confirmed, 18_000)
    );
    assert!(
        email_outbox::Entity::find()
            .filter(email_outbox::Column::DedupeKey.starts_with("hold_expired"))
            .one(&app.db)
            .await
            .expect("q")
            .is_none(),
        "no email about a hold"
    );

    // Paid this time: the booking moves, its price with it.
    let url = pay_to_move(&ada, b.id, dearer).await;
    assert_eq!(
        crate::support::pay(&url, "4242424242424242").await.status(),
        303
    );
    crate::support::eventually("the move", async || {
        booking::Entity::find_by_id(b.id)
            .one(&app.db)
            .await
            .expect("q")
            .is_some_and(|x| x.course_id == dearer)
    })
    .await;
    let moved = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(
        (moved.status, moved.amount),
        (BookingStatus::Confirmed, 24_000)
    );
    let shares: Vec<i64> = attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(b.id))
        .all(&app.db)
        .await
        .expect("q")
        .iter()
        .map(|a| a.share)
        .collect();
    assert_eq!(shares, [12_000, 12_000]);
    seats_add_up(&app).await;
    let difference = newest_payment(&app, b.id).await;
    assert_eq!(difference.status, PaymentStatus::Succeeded);
    let record = booking_move::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("the move");
    assert_eq!(
        (record.to_course_id, record.payment_id, record.refund_amount),
        (dearer, Some(difference.id), 0)
    );
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("booking_moved:{}", record.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the email");
    assert!(
        mail.body_text.contains("paying the difference of €60.00"),
        "{}",
        mail.body_text
    );
    // The success page Stripe returns to says so.
    let (_, page) = ada
        .get(&format!(
            "/payment/success?session_id={}",
            difference.stripe_checkout_session_id.clone().expect("sid")
        ))
        .await;
    assert!(page.contains("Your booking has moved"), "{page}");

    // Cancelling (refundable) gives back both: the seats and the difference.
    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let pi = |p: &tessera::entity::payment::Model| p.stripe_payment_intent_id.clone().expect("pi");
    let (own_pi, diff_pi) = (pi(&own), pi(&difference));
    crate::support::eventually("both refunds", async || {
        !crate::support::refunds_at_stripe(&app, &diff_pi)
            .await
            .is_empty()
            && !crate::support::refunds_at_stripe(&app, &own_pi)
                .await
                .is_empty()
    })
    .await;
    assert_eq!(
        (
            crate::support::refunds_at_stripe(&app, &own_pi).await,
            crate::support::refunds_at_stripe(&app, &diff_pi).await
        ),
        (vec![18_000], vec![6_000])
    );
    seats_add_up(&app).await;
}

/// The difference is paid after the date's last seat went: the money goes
/// back, once, and the booking stays where it was with its seats.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_difference_paid_after_the_date_filled_goes_back_and_the_booking_stays() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "90").await;
    let dearer = course_on(&admin, Some(first), "2031-06-06T10:00", "1", "120").await;
    let ada = member(&app, "ada@example.com").await;
    let grace = member(&app, "grace@example.com").await;
    let b = paid(&ada, first, "1").await;
    let url = pay_to_move(&ada, b.id, dearer).await;
    // Grace books the last seat while Ada is on Stripe's page.
    paid(&grace, dearer, "1").await;
    assert_eq!(
        crate::support::pay(&url, "4242424242424242").await.status(),
        303
    );
    crate::support::eventually("the payment", async || {
        newest_payment(&app, b.id)
            .await
            .stripe_payment_intent_id
            .is_some()
    })
    .await;
    let difference = newest_payment(&app, b.id).await;
    let pi = difference.stripe_payment_intent_id.clone().expect("pi");
    crate::support::eventually("the refund", async || {
        crate::support::refunds_at_stripe(&app, &pi).await == [3_000]
    })
    .await;
    let stays = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(
        (stays.course_id, stays.status, stays.amount),
        (first, BookingStatus::Confirmed, 9_000)
    );
    seats_add_up(&app).await;
    assert!(
        booking_move::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty()
    );
    let (_, page) = ada
        .get(&format!(
            "/payment/success?session_id={}",
            difference.stripe_checkout_session_id.clone().expect("sid")
        ))
        .await;
    assert!(page.contains("filled up while you paid"), "{page}");
    // Asked again, Stripe is not asked twice.
    tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");
    assert_eq!(crate::support::refunds_at_stripe(&app, &pi).await, [3_000]);
}

async fn admin_move(admin: &TestApp, booking_id: i64, to: i64, waive: bool) -> reqwest::Response {
    let (b, t) = (booking_id.to_string(), to.to_string());
    let mut fields = vec![("booking_id", b.as_str()), ("to", t.as_str())];
    if waive {
        fields.push(("waive", "1"));
    }
    admin.post_form("/api/admin_move_booking", &fields).await
}

/// An admin moves a booking from the roster: to a dearer date only by
/// waiving the difference (nothing is charged), to a cheaper one giving
/// the difference back unless waived; a member cannot use it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_moves_a_booking_settling_or_waiving_the_difference() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "90").await;
    let dearer = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "120").await;
    let cheaper = course_on(&admin, Some(first), "2031-07-04T10:00", "10", "60").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "1").await;
    let pi = newest_payment(&app, b.id)
        .await
        .stripe_payment_intent_id
        .expect("pi");

    let (_, roster) = admin.get(&format!("/admin/courses/{first}/roster")).await;
    assert!(
        roster.contains("Waive the price difference"),
        "the roster offers moves"
    );
    // A member is not an admin.
    assert_eq!(admin_move(&ada, b.id, cheaper, false).await.status(), 403);

    // Dearer: refused unless waived, changing nothing.
    let before = ledger(&app).await;
    let res = admin_move(&admin, b.id, dearer, false).await;
    assert_eq!(res.status(), 409);
    assert_eq!(ledger(&app).await, before);
    let res = admin_move(&admin, b.id, dearer, true).await;
    assert_eq!(res.status(), 200);
    let now_b = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(
        (now_b.course_id, now_b.amount),
        (dearer, 9_000),
        "nothing charged"
    );
    assert_eq!(
        newest_payment(&app, b.id).await.moves_to,
        None,
        "no payment asked"
    );

    // Cheaper and waived: nothing goes back.
    assert_eq!(admin_move(&admin, b.id, first, true).await.status(), 200);
    assert!(
        crate::support::refunds_at_stripe(&app, &pi)
            .await
            .is_empty()
    );
    // Cheaper, settled: the difference of each seat goes back (€90 paid,
    // €60 a seat there: €30).
    let res = admin_move(&admin, b.id, cheaper, false).await;
    assert_eq!(res.status(), 200);
    crate::support::eventually("the refund", async || {
        crate::support::refunds_at_stripe(&app, &pi).await == [3_000]
    })
    .await;
    let history = booking_move::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|m| m.moved_by == "admin"));
    seats_add_up(&app).await;
}

/// The difference of a cheaper date is still owed (Stripe was down) when
/// the booking is cancelled: the cancellation's refund takes only the rest,
/// so the owed difference can still be paid, and in all exactly what was
/// paid goes back with no refund refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_while_a_moves_refund_is_owed_leaves_it_payable() {
    use tessera::booking::RefundState;
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let cheaper = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "90").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "2").await;
    let pi = newest_payment(&app, b.id)
        .await
        .stripe_payment_intent_id
        .expect("pi");
    app.sim.clone().expect("simulator").fail_next_refunds(1);
    assert_eq!(move_to(&ada, b.id, cheaper).await.status(), 200);
    assert!(
        crate::support::refunds_at_stripe(&app, &pi)
            .await
            .is_empty()
    );

    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        [18_000],
        "the rest, not all"
    );
    tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        [18_000, 6_000],
        "what was paid, and no more"
    );
    let record = booking_move::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("the move");
    assert_eq!(record.refund, Some(RefundState::Requested), "not refused");
}

/// Cancels date `id` as the admin, offering date `offer` instead ("" for
/// none).
async fn cancel_date(admin: &TestApp, id: i64, offer: &str) -> reqwest::Response {
    admin
        .post_form(
            "/api/cancel_course",
            &[("id", &id.to_string()), ("offer", offer)],
        )
        .await
}

async fn reload(app: &TestApp, id: i64) -> booking::Model {
    booking::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("the booking")
}

async fn date(app: &TestApp, id: i64) -> course::Model {
    course::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("the date")
}

/// The provider cancels a date and offers a dearer one instead: confirmed
/// bookings keep their seats, unpaid ones end, each person is asked; the
/// one who moves pays nothing more and nothing is refunded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_date_offers_another_and_moving_there_costs_nothing_more() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let dearer = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "150").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "2").await;
    let pi = newest_payment(&app, b.id)
        .await
        .stripe_payment_intent_id
        .expect("pi");
    let grace = member(&app, "grace@example.com").await;
    let res = grace
        .post_form("/api/book_course", &[("course_id", &first.to_string())])
        .await;
    assert_eq!(res.status(), 200, "grace holds a seat, unpaid");

    let res = cancel_date(&admin, first, &dearer.to_string()).await;
    assert_eq!(res.status(), 200);
    let done: serde_json::Value = res.json().await.expect("json");
    assert_eq!(done["moves_offered"], 1);
    assert_eq!(done["bookings_cancelled"], 1, "the unpaid hold ends");

    let cancelled = date(&app, first).await;
    assert_eq!(cancelled.status, tessera::course::CourseStatus::Cancelled);
    assert_eq!(
        (cancelled.replaced_by, cancelled.seats_held),
        (Some(dearer), 2)
    );
    assert_eq!(reload(&app, b.id).await.status, BookingStatus::Confirmed);
    assert!(refunds_at(&app, &pi).await.is_empty(), "no refund yet");
    seats_add_up(&app).await;
    let mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("move_offered:{}:{first}", b.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the offer's email");
    for words in [
        "Move to 6 Jun 2031",
        "Refund me",
        "the €240.00 you paid back",
    ] {
        assert!(
            mail.body_text.contains(words),
            "{words}: {}",
            mail.body_text
        );
    }
    // The cancelled date leaves the calendar now, one version on.
    assert!(mail.attachments.contains("METHOD:CANCEL"));
    assert!(
        mail.attachments.contains("SEQUENCE:1"),
        "{}",
        mail.attachments
    );
    let (_, page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(page.contains("This date has been cancelled"));
    assert!(page.contains("Move to 6 Jun 2031"));
    assert!(page.contains("Date cancelled — please choose"));

    let res = move_to(&ada, b.id, dearer).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let moved = reload(&app, b.id).await;
    assert_eq!(
        (moved.course_id, moved.amount),
        (dearer, 24_000),
        "nothing more to pay"
    );
    let moved_mail = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.like("booking_moved:%"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the move's email");
    assert!(
        moved_mail.attachments.contains("SEQUENCE:2"),
        "back in the calendar, a version later than its removal"
    );
    assert_eq!(date(&app, first).await.seats_held, 0);
    assert_eq!(date(&app, dearer).await.seats_held, 2);
    assert!(refunds_at(&app, &pi).await.is_empty());
    seats_add_up(&app).await;
    // Moving on to a date at the first date's price gives nothing back:
    // the dearer date cost nothing more.
    let same = course_on(&admin, Some(first), "2031-07-04T10:00", "10", "120").await;
    let (_, page) = ada.get(&format!("/bookings/{}", b.id)).await;
    assert!(!page.contains("Costs less"), "nothing goes back");
    let res = move_to(&ada, b.id, same).await;
    assert_eq!(res.status(), 200);
    let answer: serde_json::Value = res.json().await.expect("json");
    assert!(answer.is_null(), "nothing goes back: {answer}");
    assert_eq!(reload(&app, b.id).await.amount, 24_000);
    assert!(refunds_at(&app, &pi).await.is_empty());
    seats_add_up(&app).await;
    // That date cancelled too, offering the dearer one: asked again.
    let res = cancel_date(&admin, same, &dearer.to_string()).await;
    assert_eq!(res.status(), 200);
    let again = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("move_offered:{}:{same}", b.id)))
        .one(&app.db)
        .await
        .expect("q");
    assert!(again.is_some(), "the second offer is emailed too");
    // Past the cancelled date's start there is nothing left to refund.
    let later = cancelled.starts_at + chrono::Duration::minutes(1);
    assert_eq!(
        tessera::service::cancel::refund_unanswered(&app.db, &app.gateway, later)
            .await
            .expect("lapse"),
        0
    );
    assert_eq!(reload(&app, b.id).await.status, BookingStatus::Confirmed);
}

async fn refunds_at(app: &TestApp, pi: &str) -> Vec<i64> {
    crate::support::refunds_at_stripe(app, pi).await
}

/// Three people on a cancelled date: one takes the refund after the
/// cut-off (in full, the provider cancelled), one moves to the cheaper date
/// offered (the difference back, once), one does not answer and is refunded
/// at the start, once, without a reminder before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_answer_to_an_offer_settles_the_money_once_and_no_answer_is_a_refund() {
    use tessera::service::cancel::{self, Actor, RefundPolicy};
    use tessera::service::moves::{self, MoveError, MoveRequest, Settle};
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let cheaper = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "90").await;
    let mut people = Vec::new();
    for email in ["ada@example.com", "grace@example.com", "lin@example.com"] {
        let m = member(&app, email).await;
        let b = paid(&m, first, "1").await;
        let pi = newest_payment(&app, b.id)
            .await
            .stripe_payment_intent_id
            .expect("pi");
        people.push((m, b, pi));
    }
    assert_eq!(
        cancel_date(&admin, first, &cheaper.to_string())
            .await
            .status(),
        200
    );
    let starts = date(&app, first).await.starts_at;
    let (ada, grace, lin) = (&people[0], &people[1], &people[2]);

    // Ada, an hour before the start: long past the 48-hour cut-off.
    let hour_before = starts - chrono::Duration::hours(1);
    let ended = cancel::cancel_booking(
        &app.db,
        &app.gateway,
        RefundPolicy::default(),
        tessera::BookingId(ada.1.id),
        Actor::Member(tessera::UserId(ada.1.user_id)),
        hour_before,
    )
    .await
    .expect("refund me");
    assert!(
        matches!(ended, cancel::Cancelled::Refunding { .. }),
        "{ended:?}"
    );
    assert_eq!(refunds_at(&app, &ada.2).await, [12_000]);

    // Lin moves to the cheaper date: €30.00 back, once.
    let page = lin.0.get(&format!("/bookings/{}", lin.1.id)).await.1;
    assert!(
        page.contains("That date costs less: €30.00 back to your card"),
        "{page}"
    );
    let moved = moves::move_to_run(
        &app.db,
        &app.gateway,
        RefundPolicy::default(),
        MoveRequest {
            booking: tessera::BookingId(lin.1.id),
            to: tessera::CourseId(cheaper),
            actor: Actor::Member(tessera::UserId(lin.1.user_id)),
            settle: Settle::Difference,
        },
        hour_before,
    )
    .await
    .expect("the move");
    assert_eq!(moved.refund.map(|m| m.minor()), Some(3_000));
    assert_eq!(refunds_at(&app, &lin.2).await, [3_000]);

    // Grace: no reminder for a date that will not happen, and no move once
    // it has started.
    tessera::service::reminders::queue_due(&app.db, chrono::Duration::hours(24), hour_before)
        .await
        .expect("reminders");
    let reminded = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("reminder:{}", grace.1.id)))
        .one(&app.db)
        .await
        .expect("q");
    assert!(reminded.is_none(), "no reminder for a cancelled date");
    let after = starts + chrono::Duration::minutes(1);
    let late = moves::move_to_run(
        &app.db,
        &app.gateway,
        RefundPolicy::default(),
        MoveRequest {
            booking: tessera::BookingId(grace.1.id),
            to: tessera::CourseId(cheaper),
            actor: Actor::Member(tessera::UserId(grace.1.user_id)),
            settle: Settle::Difference,
        },
        after,
    )
    .await;
    assert!(matches!(late, Err(MoveError::TooLate { .. })), "{late:?}");
    let lapse = async |now| {
        cancel::refund_unanswered(&app.db, &app.gateway, now)
            .await
            .expect("lapse")
    };
    assert_eq!(lapse(hour_before).await, 0, "not before the start");
    assert_eq!(lapse(after).await, 1);
    assert_eq!(lapse(after).await, 0, "once");
    assert_eq!(
        reload(&app, grace.1.id).await.status,
        BookingStatus::Cancelled
    );
    assert_eq!(refunds_at(&app, &grace.2).await, [12_000]);
    assert!(
        email_outbox::Entity::find()
            .filter(email_outbox::Column::DedupeKey.eq(format!("course_cancelled:{}", grace.1.id)))
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    );
    // Nobody was paid twice or more than they paid.
    assert_eq!(refunds_at(&app, &ada.2).await, [12_000]);
    assert_eq!(refunds_at(&app, &lin.2).await, [3_000]);
    assert_eq!(date(&app, first).await.seats_held, 0);
    seats_add_up(&app).await;
}

/// Moving in the last second and the refund at the start racing each
/// other: each booking is either on the new date or refunded, never both,
/// never neither.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_an_offer_racing_its_lapse_settles_once() {
    use tessera::service::cancel::{self, Actor, RefundPolicy};
    use tessera::service::moves::{self, MoveRequest, Settle};
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let other = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "120").await;
    let mut people = Vec::new();
    for n in 0..3 {
        let m = member(&app, &format!("p{n}@example.com")).await;
        let b = paid(&m, first, "1").await;
        let pi = newest_payment(&app, b.id)
            .await
            .stripe_payment_intent_id
            .expect("pi");
        people.push((b, pi));
    }
    assert_eq!(
        cancel_date(&admin, first, &other.to_string())
            .await
            .status(),
        200
    );
    let starts = date(&app, first).await.starts_at;
    let moving = async |b: &booking::Model| {
        moves::move_to_run(
            &app.db,
            &app.gateway,
            RefundPolicy::default(),
            MoveRequest {
                booking: tessera::BookingId(b.id),
                to: tessera::CourseId(other),
                actor: Actor::Member(tessera::UserId(b.user_id)),
                settle: Settle::Difference,
            },
            starts - chrono::Duration::seconds(1),
        )
        .await
    };
    let lapse = cancel::refund_unanswered(&app.db, &app.gateway, starts);
    let (_, _, _, lapsed) = tokio::join!(
        moving(&people[0].0),
        moving(&people[1].0),
        moving(&people[2].0),
        lapse
    );
    lapsed.expect("lapse");
    for (b, pi) in &people {
        let now = reload(&app, b.id).await;
        let refunds = refunds_at(&app, pi).await;
        match now.status {
            BookingStatus::Confirmed => {
                assert_eq!(now.course_id, other);
                assert!(refunds.is_empty(), "moved and refunded: {refunds:?}");
            }
            BookingStatus::Cancelled => assert_eq!(refunds, [12_000]),
            s => panic!("{s:?}"),
        }
    }
    seats_add_up(&app).await;
}

/// What cannot be offered is refused, naming the field, and the date stays
/// as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_another_open_date_of_the_course_can_be_offered() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    let other_course = course_on(&admin, None, "2031-06-06T10:00", "10", "0").await;
    let ada = member(&app, "ada@example.com").await;
    let b = booked(&ada, first).await;
    for offer in [
        other_course.to_string(),
        first.to_string(),
        "999999".into(),
        "soon".into(),
    ] {
        let res = cancel_date(&admin, first, &offer).await;
        assert_eq!(res.status(), 422, "{offer}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["fields"][0]["field"], "offer", "{offer}: {body}");
        assert_eq!(
            date(&app, first).await.status,
            tessera::course::CourseStatus::Published
        );
        assert_eq!(reload(&app, b).await.status, BookingStatus::Confirmed);
    }
    seats_add_up(&app).await;
}

/// The catalog shows a course's upcoming dates as one card, the soonest
/// open one, saying how many more there are; a cancelled date hides
/// behind the open ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_shows_a_courses_dates_as_one_card() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "0").await;
    course_on(&admin, Some(first), "2031-06-06T10:00", "10", "0").await;
    let july = course_on(&admin, Some(first), "2031-07-04T10:00", "10", "0").await;
    let cards = |html: &str| html.matches("class=\"course-card").count();
    let (_, page) = app.get("/courses?q=Calligraphy").await;
    assert_eq!(cards(&page), 1, "one card for three dates");
    assert!(page.contains("2 May 2031"), "the soonest date");
    assert!(page.contains("Also on 2 other dates"));
    assert!(page.contains("1 course"), "the count counts cards");
    // A later date somewhere else is found by its own place.
    course::Entity::update_many()
        .col_expr(
            course::Column::Location,
            sea_orm::sea_query::Expr::value("Atelier Munich"),
        )
        .filter(course::Column::Id.eq(july))
        .exec(&app.db)
        .await
        .expect("update");
    let (_, page) = app.get("/courses?q=munich").await;
    assert_eq!(cards(&page), 1, "{page}");
    assert!(page.contains("4 Jul 2031"));

    let res = admin
        .post_form("/api/cancel_course", &[("id", &first.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let (_, page) = app.get("/courses?q=Calligraphy").await;
    assert_eq!(
        cards(&page),
        1,
        "the cancelled date hides behind the open ones"
    );
    assert!(page.contains("6 Jun 2031"));
    assert!(page.contains("Also on 1 other date"));
}

/// A member halfway through paying to move to a dearer date when the
/// provider cancels their date offering another: that payment ends, and
/// its page can no longer take money for a move that will not be made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_under_way_to_move_ends_when_the_date_is_cancelled_with_an_offer() {
    use tessera::PaymentStatus;
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let first = course_on(&admin, None, "2031-05-02T10:00", "10", "120").await;
    let dearer = course_on(&admin, Some(first), "2031-06-06T10:00", "10", "150").await;
    let other = course_on(&admin, Some(first), "2031-07-04T10:00", "10", "120").await;
    let ada = member(&app, "ada@example.com").await;
    let b = paid(&ada, first, "1").await;
    let url = pay_to_move(&ada, b.id, dearer).await;
    assert_eq!(newest_payment(&app, b.id).await.status, PaymentStatus::Open);

    assert_eq!(
        cancel_date(&admin, first, &other.to_string())
            .await
            .status(),
        200
    );
    assert_ne!(
        newest_payment(&app, b.id).await.status,
        PaymentStatus::Open,
        "the attempt to move elsewhere ended"
    );
    let res = crate::support::pay(&url, "4242424242424242").await;
    assert_ne!(res.status(), 303, "its page takes no money");
    let now = reload(&app, b.id).await;
    assert_eq!(
        (now.status, now.course_id),
        (BookingStatus::Confirmed, first)
    );
    seats_add_up(&app).await;
}
