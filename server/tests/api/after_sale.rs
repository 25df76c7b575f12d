//! After the sale: an admin cancelling a course, refunds made in Stripe's
//! dashboard, calendar files, and the emails each step sends.

use crate::support::{TestApp, admin, eventually, pay, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::BufReader;
use tessera::entity::{booking, course, email_outbox, payment};
use tessera::{BookingStatus, CourseStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    m
}

/// Presses "Book": answers the booking and its Checkout URL.
async fn book(m: &TestApp, course_id: i64) -> (booking::Model, String) {
    let res = m
        .post_form("/api/book_course", &[("course_id", &course_id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .all(&m.db)
        .await
        .expect("q")
        .into_iter()
        .max_by_key(|b| b.id)
        .expect("the new booking");
    (b, url)
}

async fn book_and_pay(m: &TestApp, course_id: i64) -> booking::Model {
    let (b, url) = book(m, course_id).await;
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    eventually("confirmation", async || {
        status(m, b.id).await == BookingStatus::Confirmed
    })
    .await;
    b
}

async fn status(app: &TestApp, booking_id: i64) -> BookingStatus {
    booking::Entity::find_by_id(booking_id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b")
        .status
}

async fn payment_of(app: &TestApp, booking_id: i64) -> payment::Model {
    payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .filter(payment::Column::Status.is_in([PaymentStatus::Succeeded, PaymentStatus::Refunded]))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a paid attempt")
}

async fn keys(app: &TestApp) -> Vec<String> {
    let mut k: Vec<String> = email_outbox::Entity::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .filter_map(|r| r.dedupe_key)
        .collect();
    k.sort();
    k
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_cancelling_a_course_refunds_every_paid_booking_exactly_once() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let seeded_active = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course.id))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .count(&app.db)
        .await
        .expect("q") as usize;
    let ada = member(&app, "ada@example.com").await;
    let bob = member(&app, "bob@example.com").await;
    let cy = member(&app, "cy@example.com").await;
    let paid_a = book_and_pay(&ada, course.id).await;
    let paid_b = book_and_pay(&bob, course.id).await;
    let (pending, _) = book(&cy, course.id).await;

    // Two admins press "Cancel course" at the same moment.
    let root = admin(&app).await;
    let id = course.id.to_string();
    let form = [("id", id.as_str())];
    let (x, y) = tokio::join!(
        root.post_form("/api/cancel_course", &form),
        root.post_form("/api/cancel_course", &form)
    );
    assert_eq!((x.status().as_u16(), y.status().as_u16()), (200, 200));
    let mut answers = [
        x.json::<serde_json::Value>().await.expect("json"),
        y.json::<serde_json::Value>().await.expect("json"),
    ];
    answers.sort_by_key(|a| a["already_cancelled"].as_bool());
    assert_eq!(answers[0]["already_cancelled"], false);
    assert_eq!(answers[0]["bookings_cancelled"], seeded_active + 3);
    assert_eq!(answers[0]["refunds_requested"], 2, "{answers:?}");
    assert_eq!(
        answers[1]["already_cancelled"], true,
        "the second changes nothing"
    );

    let c = course::Entity::find_by_id(course.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c");
    assert_eq!(c.status, CourseStatus::Cancelled);
    assert_eq!(c.seats_held, 0, "every seat freed");
    for b in [&paid_a, &paid_b, &pending] {
        assert_eq!(status(&app, b.id).await, BookingStatus::Cancelled);
    }
    // Stripe confirms both refunds by webhook.
    eventually("both refunds", async || {
        payment_of(&app, paid_a.id).await.status == PaymentStatus::Refunded
            && payment_of(&app, paid_b.id).await.status == PaymentStatus::Refunded
    })
    .await;
    // Run the reconciler's retry too: nothing is owed, so nothing is refunded again.
    tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, chrono::Utc::now())
        .await
        .expect("retry");
    for b in [&paid_a, &paid_b] {
        let p = payment_of(&app, b.id).await;
        let pi = p.stripe_payment_intent_id.clone().expect("paid");
        assert_eq!(
            crate::support::refunds_at_stripe(&app, &pi).await,
            vec![p.amount],
            "each paid booking refunded exactly once, in full"
        );
    }

    // Everyone booked is told; the paid ones hear about their refund too.
    let k = keys(&app).await;
    for b in [&paid_a, &paid_b, &pending] {
        assert!(k.contains(&format!("course_cancelled:{}", b.id)), "{k:?}");
    }
    for b in [&paid_a, &paid_b] {
        let p = payment_of(&app, b.id).await;
        assert!(k.contains(&format!("refund_issued:{}", p.id)), "{k:?}");
    }
    // A confirmed booking's email takes its calendar entry out again; an
    // unpaid one never had one.
    let attachments = |id: i64| {
        let db = app.db.clone();
        async move {
            email_outbox::Entity::find()
                .filter(email_outbox::Column::DedupeKey.eq(format!("course_cancelled:{id}")))
                .one(&db)
                .await
                .expect("q")
                .expect("the email")
                .attachments
        }
    };
    let paid = attachments(paid_a.id).await;
    assert!(paid.contains("METHOD:CANCEL"), "{paid}");
    assert!(paid.contains("STATUS:CANCELLED"));
    assert!(paid.contains(&format!("UID:booking-{}@", paid_a.id)));
    assert!(
        paid.contains("SEQUENCE:1"),
        "one version on from the entry sent"
    );
    assert!(!attachments(pending.id).await.contains("BEGIN:VCALENDAR"));
    // The catalog shows it as cancelled, and it can't be booked.
    let (code, html) = app.get(&format!("/courses/{}", course.id)).await;
    assert_eq!(code, 200);
    assert!(html.contains("Cancelled"));
    let again = ada
        .post_form("/api/book_course", &[("course_id", &course.id.to_string())])
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_cancel_a_course() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let ada = member(&app, "ada@example.com").await;
    let res = ada
        .post_form("/api/cancel_course", &[("id", &course.id.to_string())])
        .await;
    assert_eq!(res.status(), 403);
    let c = course::Entity::find_by_id(course.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c");
    assert_eq!(c.status, CourseStatus::Published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_made_in_stripes_dashboard_is_reflected_on_the_booking() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let ada = member(&app, "ada@example.com").await;
    let b = book_and_pay(&ada, course.id).await;
    let held = course::Entity::find_by_id(course.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .seats_held;
    let p = payment_of(&app, b.id).await;
    // Someone refunds it in Stripe's dashboard (the same API, outside Tessera).
    app.gateway
        .refund(
            p.stripe_payment_intent_id.as_deref().expect("pi"),
            "dashboard-refund-1",
        )
        .await
        .expect("refund at stripe");
    eventually("the refund webhook", async || {
        payment_of(&app, b.id).await.status == PaymentStatus::Refunded
    })
    .await;
    assert_eq!(status(&app, b.id).await, BookingStatus::Cancelled);
    let now_held = course::Entity::find_by_id(course.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .seats_held;
    assert_eq!(now_held, held - 1, "the seat went back");
    let list: serde_json::Value = ada
        .post_form("/api/my_bookings", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(list["ended"][0]["status"], "Refunded");
    assert!(
        keys(&app)
            .await
            .contains(&format!("refund_issued:{}", p.id))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_refunds_a_booking_after_the_members_cutoff() {
    // A 30-day cut-off: the member could not get a refund any more.
    let app = crate::support::spawn_app_with(&[("REFUND_CUTOFF_HOURS", "720")]).await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let ada = member(&app, "ada@example.com").await;
    let b = book_and_pay(&ada, course.id).await;
    let root = admin(&app).await;
    let res = root
        .post_form(
            "/api/admin_cancel_booking",
            &[("booking_id", &b.id.to_string())],
        )
        .await;
    assert_eq!(res.json::<String>().await.expect("json"), "Refunding");
    eventually("the refund", async || {
        payment_of(&app, b.id).await.status == PaymentStatus::Refunded
    })
    .await;
    let roster: serde_json::Value = root
        .post_form("/api/course_roster", &[("id", &course.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(roster["refunds"][0]["state"], "Refunded", "{roster}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_step_of_a_booking_queues_its_email_once() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let ada = member(&app, "ada@example.com").await;
    let (b, url) = book(&ada, course.id).await;
    assert_eq!(pay(&url, "4000 0000 0000 0002").await.status(), 402);
    eventually("the decline", async || {
        keys(&app)
            .await
            .iter()
            .any(|k| k.starts_with("payment_failed:"))
    })
    .await;
    let retry = ada
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    let retry_url = retry.headers()["location"]
        .to_str()
        .expect("loc")
        .to_owned();
    assert_eq!(pay(&retry_url, "4242424242424242").await.status(), 303);
    eventually("confirmation", async || {
        status(&app, b.id).await == BookingStatus::Confirmed
    })
    .await;

    let confirmed = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.eq(format!("booking_confirmed:{}", b.id)))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a confirmation email");
    assert_eq!(confirmed.recipient, "ada@example.com");
    assert!(confirmed.subject.contains("Sourdough Bread Masterclass"));
    assert!(
        confirmed.body_text.contains("€"),
        "the amount: {}",
        confirmed.body_text
    );
    let files: serde_json::Value = serde_json::from_str(&confirmed.attachments).expect("json");
    assert!(
        files[0]["filename"]
            .as_str()
            .expect("name")
            .ends_with(".ics")
    );
    assert!(
        files[0]["content"]
            .as_str()
            .expect("ics")
            .contains("BEGIN:VEVENT")
    );

    let res = ada
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.json::<String>().await.expect("json"), "Refunding");
    let paid = payment_of(&app, b.id).await;
    eventually("the refund email", async || {
        keys(&app)
            .await
            .contains(&format!("refund_issued:{}", paid.id))
    })
    .await;
    let mine: Vec<String> = keys(&app)
        .await
        .into_iter()
        .filter(|k| !k.starts_with("hold_expired") && !k.starts_with("confirm_email"))
        .collect();
    let declined = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .filter(payment::Column::Status.ne(PaymentStatus::Refunded))
        .one(&app.db)
        .await
        .expect("q")
        .expect("the declined attempt");
    let mut expected = vec![
        format!("booking_cancelled:{}", b.id),
        format!("booking_confirmed:{}", b.id),
        format!("payment_failed:{}", declined.id),
        format!("refund_issued:{}", paid.id),
    ];
    expected.sort();
    assert_eq!(mine, expected);

    // The dispatcher (no SMTP_URL) writes them as .eml files.
    eventually("the .eml files", async || {
        std::fs::read_dir(&app.mail_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .count()
                    >= 4
            })
            .unwrap_or(false)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_file_parses_and_has_the_courses_times() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let course = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let ada = member(&app, "ada@example.com").await;
    let b = book_and_pay(&ada, course.id).await;
    let path = format!("/bookings/{}/calendar.ics", b.id);

    let res = ada
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/calendar")
    );
    let body = res.text().await.expect("body");
    let uid = |body: &str| -> (String, std::collections::HashMap<String, String>) {
        let mut cals = ical::IcalParser::new(BufReader::new(body.as_bytes()));
        let cal = cals.next().expect("a calendar").expect("it parses");
        assert_eq!(cal.events.len(), 1);
        let props: std::collections::HashMap<String, String> = cal.events[0]
            .properties
            .iter()
            .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
            .collect();
        (props["UID"].clone(), props)
    };
    let (first_uid, props) = uid(&body);
    assert_eq!(
        props["DTSTART"],
        course.starts_at.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(
        props["DTEND"],
        course.ends_at.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(props["SUMMARY"], course.title);
    assert!(props["URL"].ends_with(&format!("/bookings/{}", b.id)));
    assert!(!props["LOCATION"].is_empty());
    let again = ada
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("get");
    let (second_uid, _) = uid(&again.text().await.expect("body"));
    assert_eq!(first_uid, second_uid, "the UID is stable for the booking");

    // Nobody else gets it.
    let eve = member(&app, "eve@example.com").await;
    let res = eve
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404);
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = stranger
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("get");
    assert_ne!(res.status(), 200);
    assert!(
        !res.text()
            .await
            .unwrap_or_default()
            .contains("BEGIN:VCALENDAR")
    );

    // A booking that is not confirmed has no calendar entry.
    let other = crate::support::course_named(&app.db, "Rust for Web Developers").await;
    let (pending, _) = book(&ada, other.id).await;
    let res = ada
        .client
        .get(format!(
            "{}/bookings/{}/calendar.ics",
            app.address, pending.id
        ))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 409);
}

/// The brief's example: a knife class in Tokyo at 10:00 reads "10:00 JST"
/// to everyone (a viewer elsewhere gets their own clock beside it once the
/// page hydrates: the Playwright suite checks that), the calendar file
/// carries the instant, and an email to a member in New York gives both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_in_tokyo_reads_at_tokyo_time_everywhere() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let res = root
        .post_form(
            "/api/save_course",
            &[
                ("form[title]", "Knife Skills in Tokyo"),
                ("form[description]", "Sharp."),
                ("form[location]", "Tsukiji, Tokyo"),
                ("form[price]", "5000"),
                ("form[currency]", "JPY"),
                ("form[capacity]", "6"),
                ("form[meetings][0][starts_at]", "2031-12-06T10:00"),
                ("form[meetings][0][ends_at]", "2031-12-06T12:00"),
                ("form[time_zone]", "Asia/Tokyo"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    let res = root
        .post_form(
            "/api/set_course_published",
            &[("id", &id.to_string()), ("publish", "true")],
        )
        .await;
    assert_eq!(res.status(), 200);

    let (_, page) = app.get(&format!("/courses/{id}")).await;
    assert!(page.contains("2031-12-06T01:00:00+00:00"), "stored as UTC");
    assert!(page.contains("6 Dec 2031, 10:00 JST"), "the venue's clock");
    assert!(page.contains("6 Dec 2031, 12:00 JST"));
    let (_, catalog) = app.get("/courses").await;
    assert!(catalog.contains("6 Dec 2031, 10:00 JST"));

    // A member in New York books it.
    let ny = app.another_client();
    let res = ny
        .post_form(
            "/api/signup",
            &[
                ("email", "ny@example.com"),
                ("display_name", "Nia"),
                ("password", "a long enough password"),
                ("time_zone", "America/New_York"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(ny.follow_confirmation("ny@example.com").await.status(), 200);
    let b = book_and_pay(&ny, id).await;
    let (_, dashboard) = ny.get("/bookings").await;
    assert!(dashboard.contains("6 Dec 2031, 10:00 JST"));

    let res = ny
        .client
        .get(format!("{}/bookings/{}/calendar.ics", app.address, b.id))
        .send()
        .await
        .expect("get");
    let ics = res.text().await.expect("body");
    assert!(ics.contains("DTSTART:20311206T010000Z"), "{ics}");
    assert!(ics.contains("DTEND:20311206T030000Z"), "{ics}");

    let mails: Vec<String> = email_outbox::Entity::find()
        .all(&app.db)
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| m.body_text)
        .collect();
    let confirmation = mails
        .iter()
        .find(|m| m.contains("Knife Skills in Tokyo"))
        .expect("a confirmation");
    assert!(
        confirmation.contains(
            "Sat, 6 Dec 2031, 10:00 – 12:00 JST (Asia/Tokyo); \
             your time: Fri, 5 Dec 2031, 20:00 – 22:00 EST (America/New_York)"
        ),
        "{confirmation}"
    );
}
