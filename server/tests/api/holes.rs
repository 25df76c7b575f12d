//! The holes an attacker found in a running Tessera, each shown closed: every
//! test here failed on the code before its fix.

use crate::support::{
    TestApp, admin, course_named, eventually, pay, refunds_at_stripe, session_cookie, spawn_app,
    spawn_app_with,
};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use tessera::entity::{booking, course, email_outbox, payment};
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

/// The newest booking on a course.
async fn newest_booking(app: &TestApp, course_id: i64) -> booking::Model {
    booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id))
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .max_by_key(|b| b.id)
        .expect("booking")
}

/// Ada's confirmed, paid booking on the sourdough course (nine days out).
async fn paid_sourdough(app: &TestApp) -> (booking::Model, payment::Model) {
    seed(&app.db).await.expect("seed");
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let c = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    let mine = async || {
        let b = newest_booking(app, c.id).await;
        let p = payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .expect("payment");
        (b, p)
    };
    eventually("confirmation", async || {
        mine().await.0.status == BookingStatus::Confirmed
    })
    .await;
    mine().await
}

async fn reload(app: &TestApp, p: &payment::Model) -> payment::Model {
    payment::Entity::find_by_id(p.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment")
}

/// `checkout.session.completed` for a paid session, signed as Stripe would.
async fn deliver_completed(app: &TestApp, event_id: &str, p: &payment::Model) -> u16 {
    let session = app
        .session_object(
            p,
            json!({ "status": "complete", "payment_status": "paid",
                "payment_intent": p.stripe_payment_intent_id, "url": null }),
        )
        .await;
    let body = crate::support::event_body(event_id, "checkout.session.completed", session);
    app.deliver(&body).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_the_policy_does_not_refund_stays_unrefunded_however_the_payment_is_replayed()
 {
    // A 30-day cut-off: the sourdough course (in nine days) is inside it.
    let app = spawn_app_with(&[("REFUND_CUTOFF_HOURS", "720")]).await;
    let (b, p) = paid_sourdough(&app).await;
    let pi = p
        .stripe_payment_intent_id
        .clone()
        .expect("paid: a PaymentIntent");
    let res = app
        .post_form("/api/cancel_booking", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.json::<String>().await.expect("json"), "NoRefund");

    // The member opens their success page again…
    let sid = p.stripe_checkout_session_id.clone().expect("session");
    let res = app
        .post_form("/api/payment_result", &[("session_id", &sid)])
        .await;
    assert_eq!(res.status(), 200);
    // …Stripe repeats the event (a new event id: a retry of a lost one)…
    assert_eq!(
        deliver_completed(&app, "evt_replayed_after_cancel", &p).await,
        200
    );
    // …and the reconciler runs its rounds.
    tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");

    assert_eq!(
        refunds_at_stripe(&app, &pi).await,
        Vec::<i64>::new(),
        "Stripe refunded nothing"
    );
    let p = reload(&app, &p).await;
    assert_eq!(p.status, PaymentStatus::Succeeded);
    assert_eq!(p.refund, None, "no refund is owed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_for_a_booking_cancelled_before_it_arrived_is_refunded_once() {
    // The positive side of the rule: money that arrives for a booking with
    // no seat at that moment goes back, exactly once, however often told.
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let c = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = newest_booking(&app, c.id).await;
    // Cancelled while still pending (in the database, so the session stays
    // payable at the simulator: the person paid in another tab).
    let mut a: booking::ActiveModel = b.clone().into();
    a.status = Set(BookingStatus::Cancelled);
    a.update(&app.db).await.expect("cancel");
    let mut cm: course::ActiveModel = course::Entity::find_by_id(c.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c")
        .into();
    cm.seats_held = Set(c.seats_held);
    cm.update(&app.db).await.expect("seat freed");
    assert_eq!(pay(&url, "4242424242424242").await.status(), 303);
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    eventually("the refund", async || {
        reload(&app, &p).await.status == PaymentStatus::Refunded
    })
    .await;
    let p = reload(&app, &p).await;
    let pi = p.stripe_payment_intent_id.clone().expect("pi");
    let sid = p.stripe_checkout_session_id.clone().expect("session");
    app.post_form("/api/payment_result", &[("session_id", &sid)])
        .await;
    deliver_completed(&app, "evt_repeat_of_a_refunded_one", &p).await;
    tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");
    assert_eq!(
        refunds_at_stripe(&app, &pi).await,
        vec![p.amount],
        "once, in full"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_id_planted_in_a_browser_is_not_the_one_its_victim_signs_in_on() {
    let app = spawn_app().await;
    // The attacker signs in and keeps the session id…
    let attacker = app.another_client();
    let res = attacker.signup("mallory@example.com", PASSWORD).await;
    let planted = session_cookie(&res).expect("a session cookie");
    app.another_client()
        .signup("ada@example.com", PASSWORD)
        .await;

    // …and plants it in Ada's browser, where she signs in.
    let victim = app.with_session_cookie(&planted);
    let res = victim
        .post(format!("{}/api/login", app.address))
        .form(&[("email", "ada@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let issued = session_cookie(&res).expect("sign-in issues a session id");
    assert_ne!(issued, planted);
    let who = |cookie: String| {
        let client = app.with_session_cookie(&cookie);
        let url = format!("{}/api/who_am_i", app.address);
        async move {
            client
                .post(url)
                .send()
                .await
                .expect("who")
                .json::<serde_json::Value>()
                .await
                .expect("json")
        }
    };
    assert_eq!(who(issued).await["email"], "ada@example.com");
    assert_ne!(
        who(planted.clone()).await["email"],
        "ada@example.com",
        "the planted id is not Ada's session"
    );

    // The same on sign-up.
    let res = app
        .with_session_cookie(&planted)
        .post(format!("{}/api/signup", app.address))
        .form(&[
            ("email", "bea@example.com"),
            ("display_name", "Bea"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("signup");
    let issued = session_cookie(&res).expect("sign-up issues a session id");
    assert_ne!(issued, planted);
    assert_ne!(who(planted).await["email"], "bea@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_https_the_session_cookie_is_host_only() {
    let app = spawn_app_with(&[
        ("PUBLIC_URL", "https://courses.example.com"),
        ("STRIPE_SIMULATOR", "on"),
    ])
    .await;
    let res = app.signup("ada@example.com", PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("tessera_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.starts_with("__Host-tessera_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
}

/// A sign-in attempt as `peer` (a trusted `X-Forwarded-For`).
async fn sign_in(app: &TestApp, peer: &str, password: &str, content_type: &str) -> u16 {
    app.client
        .post(format!("{}/api/login", app.address))
        .header("x-forwarded-for", peer)
        .header("content-type", content_type)
        .body(format!(
            "email=victim%40example.com&password={}",
            password.replace(' ', "+")
        ))
        .send()
        .await
        .expect("login")
        .status()
        .as_u16()
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_limit_counts_form_bodies_whatever_their_label() {
    let app = spawn_app_with(&[
        ("TRUST_FORWARDED_FOR", "1"),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "2/minute"),
    ])
    .await;
    app.signup("victim@example.com", PASSWORD).await;
    let guesser = app.another_client();
    for i in 0..2 {
        let status = sign_in(&guesser, "203.0.113.5", "guess", "application/json").await;
        assert_eq!(status, 401, "attempt {i}: parsed as a form and refused");
    }
    assert_eq!(
        sign_in(&guesser, "203.0.113.5", "guess", "application/json").await,
        429,
        "a form body labelled JSON is counted like any other"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_from_one_place_does_not_lock_the_owner_out() {
    let app = spawn_app_with(&[
        ("TRUST_FORWARDED_FOR", "1"),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "3/minute"),
    ])
    .await;
    app.signup("victim@example.com", PASSWORD).await;
    let guesser = app.another_client();
    for _ in 0..3 {
        assert_eq!(sign_in(&guesser, "203.0.113.5", "guess", FORM).await, 401);
    }
    assert_eq!(sign_in(&guesser, "203.0.113.5", "guess", FORM).await, 429);
    assert_eq!(
        sign_in(&guesser, "203.0.113.5", PASSWORD, FORM).await,
        429,
        "the guesser is stopped, right password or not"
    );
    let owner = app.another_client();
    assert_eq!(
        sign_in(&owner, "198.51.100.7", PASSWORD, FORM).await,
        200,
        "the owner, elsewhere, signs in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_spread_over_many_addresses_are_slowed_not_refused() {
    let app = spawn_app_with(&[
        ("TRUST_FORWARDED_FOR", "1"),
        ("RATE_LIMIT_LOGIN_ACCOUNT_WIDE", "1/2s"),
    ])
    .await;
    app.signup("victim@example.com", PASSWORD).await;
    let slowed = async || crate::metrics::sample(&app, "tessera_login_slowed_total", &[]).await;
    let before = slowed().await;
    let guesser = app.another_client();
    for i in 0..3 {
        let status = sign_in(&guesser, &format!("203.0.113.{i}"), "guess", FORM).await;
        assert_eq!(status, 401, "attempt {i} is answered, not refused");
    }
    assert!(
        slowed().await >= before + 2.0,
        "the attempts over the account-wide budget were held back"
    );
    let owner = app.another_client();
    assert_eq!(sign_in(&owner, "198.51.100.7", PASSWORD, FORM).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_changes_are_rate_limited() {
    let app = spawn_app_with(&[("RATE_LIMIT_PASSWORD_CHANGE_PER_MEMBER", "2/hour")]).await;
    app.signup("ada@example.com", PASSWORD).await;
    let change = async || {
        app.post_form(
            "/api/change_password",
            &[
                ("current_password", "a wrong guess"),
                ("new_password", "another long password"),
            ],
        )
        .await
        .status()
        .as_u16()
    };
    assert_eq!(change().await, 422);
    assert_eq!(change().await, 422);
    assert_eq!(
        change().await,
        429,
        "the third guess at the current password"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_course_title_cannot_write_into_the_page_head() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let title = "Yoga</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">";
    let description =
        "Calm.\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">";
    let res = root
        .post_form(
            "/api/save_course",
            &[
                ("form[title]", title),
                ("form[description]", description),
                ("form[location]", "Studio 4, Utrecht"),
                ("form[price]", "65"),
                ("form[currency]", "EUR"),
                ("form[capacity]", "6"),
                ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
                ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
                ("form[time_zone]", "Europe/Amsterdam"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res.json().await.expect("id");
    root.post_form(
        "/api/set_course_published",
        &[("id", &id.to_string()), ("publish", "true")],
    )
    .await;
    let (status, page) = app.get(&format!("/courses/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("<meta http-equiv"),
        "no refresh tag made it into the page"
    );
    let head = &page[..page.find("</head>").expect("a head")];
    assert_eq!(head.matches("<title").count(), 1, "one title");
    assert!(head.contains("Yoga&lt;/title&gt;"), "the title is text");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prices_stripe_cannot_charge_are_refused_and_never_hold_a_seat() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let root = admin(&app).await;
    for (price, currency, says) in [
        ("0.10", "EUR", "€0.50"),
        ("0.20", "GBP", "£0.30"),
        ("49", "JPY", "¥50"),
        ("1000000", "EUR", "at most"),
    ] {
        let res = root
            .post_form(
                "/api/save_course",
                &[
                    ("form[title]", "Penny Workshop"),
                    ("form[description]", "Cheap."),
                    ("form[location]", "Here"),
                    ("form[price]", price),
                    ("form[currency]", currency),
                    ("form[capacity]", "6"),
                    ("form[meetings][0][starts_at]", "2031-05-02T10:00"),
                    ("form[meetings][0][ends_at]", "2031-05-02T13:00"),
                    ("form[time_zone]", "UTC"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{price} {currency}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["fields"][0]["field"], "price");
        let message = body["fields"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{price} {currency}: {message}");
    }

    // A course saved before prices were checked cannot be booked, and
    // trying holds nothing.
    let c = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let mut cm: course::ActiveModel = c.clone().into();
    cm.price = Set(10);
    cm.update(&app.db).await.expect("old price");
    let member = app.another_client();
    member.signup("ada@example.com", PASSWORD).await;
    let res = member
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 409);
    let body: serde_json::Value = res.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be paid for online")),
        "{body}"
    );
    let after = course_named(&app.db, "Sourdough Bread Masterclass").await;
    assert_eq!(after.seats_held, c.seats_held, "no seat held");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkout_stripe_refuses_gives_the_seat_back() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let b = newest_booking(&app, c.id).await;
    // The booking's amount is one Stripe refuses, and its session is spent.
    let mut a: booking::ActiveModel = b.clone().into();
    a.amount = Set(10);
    a.update(&app.db).await.expect("amount");
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    let mut pa: payment::ActiveModel = p.into();
    pa.expires_at = Set(Some(Utc::now()));
    pa.update(&app.db).await.expect("spent");

    let res = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(res.status(), 502);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "payment_refused");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("nothing was booked")),
        "{body}"
    );
    let after = course_named(&app.db, "Sourdough Bread Masterclass").await;
    assert_eq!(after.seats_held, c.seats_held, "the seat went back");
    let b = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    assert_eq!(b.status, BookingStatus::Expired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pressing_book_again_never_holds_a_seat_past_its_allowance() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = course_named(&app.db, "Sourdough Bread Masterclass").await;
    let book = async || {
        app.post_form("/api/book_course", &[("course_id", &c.id.to_string())])
            .await
            .status()
    };
    assert_eq!(book().await, 200);
    let b = newest_booking(&app, c.id).await;
    // The seat was first taken 55 minutes ago and has been renewed since.
    let first_taken = Utc::now() - Duration::minutes(55);
    let mut a: booking::ActiveModel = b.clone().into();
    a.created_at = Set(first_taken);
    a.hold_expires_at = Set(Some(Utc::now() + Duration::minutes(2)));
    a.update(&app.db).await.expect("older hold");

    assert_eq!(book().await, 200);
    let retry = app
        .post_form("/api/retry_payment", &[("booking_id", &b.id.to_string())])
        .await;
    assert_eq!(retry.status(), 200);
    let b = booking::Entity::find_by_id(b.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("b");
    let end = b.hold_expires_at.expect("still held");
    assert!(
        end <= first_taken + Duration::minutes(62),
        "held until {end}, past the 62 minutes from {first_taken}"
    );
}

/// Everything in an answer a client can see, but what is new on every
/// answer whoever asks: the date, the request id and the page's nonce.
async fn seen(res: reqwest::Response) -> (u16, Vec<(String, String)>, String) {
    let status = res.status().as_u16();
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .filter(|(name, _)| *name != "date" && *name != "x-request-id")
        .map(|(n, v)| {
            let v = v.to_str().unwrap_or("?");
            let v = v
                .split("nonce-")
                .enumerate()
                .map(|(i, part)| match i {
                    0 => part,
                    _ => part.trim_start_matches(|c: char| c.is_ascii_hexdigit()),
                })
                .collect::<Vec<_>>()
                .join("nonce-");
            (n.to_string(), v)
        })
        .collect();
    headers.sort();
    (status, headers, res.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_with_a_taken_address_reveals_nothing_and_tells_the_owner() {
    let app = spawn_app().await;
    app.another_client()
        .signup("owner@example.com", PASSWORD)
        .await;

    let newcomer = app.another_client();
    let fresh = seen(newcomer.sign_up_only("new@example.com", PASSWORD).await).await;
    let squatter = app.another_client();
    let taken = seen(
        squatter
            .sign_up_only("Owner@Example.com", "some other password")
            .await,
    )
    .await;
    assert_eq!(taken, fresh, "byte for byte the same answer");
    assert!(
        !fresh.1.iter().any(|(n, _)| n == "set-cookie"),
        "no session: {fresh:?}"
    );
    assert_eq!(newcomer.who_am_i().await, serde_json::Value::Null);
    assert_eq!(squatter.who_am_i().await, serde_json::Value::Null);

    let told: Vec<email_outbox::Model> = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq("owner@example.com"))
        .filter(email_outbox::Column::DedupeKey.starts_with("signup_with_your_address:"))
        .all(&app.db)
        .await
        .expect("q");
    assert_eq!(told.len(), 1, "the owner is emailed");
    assert!(told[0].subject.contains("sign up with your email"));
    // A second try the same day is not a second email.
    app.another_client()
        .signup("owner@example.com", "yet another password")
        .await;
    let again = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq("owner@example.com"))
        .filter(email_outbox::Column::DedupeKey.starts_with("signup_with_your_address:"))
        .all(&app.db)
        .await
        .expect("q");
    assert_eq!(again.len(), 1);
    // The owner's password is untouched.
    assert_eq!(
        app.another_client()
            .login("owner@example.com", PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_page_number_is_refused_not_wrapped() {
    let app = spawn_app().await;
    app.signup("ada@example.com", PASSWORD).await;
    let res = app
        .post_form("/api/my_bookings", &[("page", &u64::MAX.to_string())])
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "page");
    let res = app.post_form("/api/my_bookings", &[("page", "2")]).await;
    assert_eq!(
        res.status(),
        200,
        "an ordinary page past the end still answers"
    );
}
