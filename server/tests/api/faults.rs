//! When things go wrong: Stripe down, lost webhooks, holds that run out.

use crate::support::{TestApp, pay, spawn_app, spawn_app_with};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::net::TcpListener;
use stripe_sim::{self, SimConfig};
use tessera::entity::{booking, course, payment};
use tessera::service::housekeeping::{reconcile_open_payments, sweep_expired_holds};
use tessera::service::payments::SessionState;
use tessera::{BookingStatus, PaymentStatus};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

async fn sourdough(app: &TestApp) -> course::Model {
    crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await
}

async fn the_booking(app: &TestApp) -> booking::Model {
    let all = booking::Entity::find().all(&app.db).await.expect("q");
    all.into_iter().rfind(|b| b.user_id > 5).expect("a booking")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_down_while_booking_says_so_gives_the_seat_back_and_booking_again_works() {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let app = spawn_app_with(&[
        ("STRIPE_SECRET_KEY", "sk_test_fault_key"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_fault_secret"),
        ("STRIPE_API_BASE", &base),
    ])
    .await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = sourdough(&app).await;
    let book = async || {
        app.post_form("/api/book_course", &[("course_id", &c.id.to_string())])
            .await
    };
    let res = book().await;
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "payment_provider_unavailable");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nothing was booked"),
        "{body}"
    );
    assert_eq!(the_booking(&app).await.status, BookingStatus::Expired);
    assert_eq!(
        sourdough(&app).await.seats_held,
        c.seats_held,
        "no seat is kept without a way to pay"
    );

    // Stripe is back (the simulator, on that address, with that key).
    let mut config = SimConfig::generate(None);
    config.api_key = "sk_test_fault_key".into();
    config.webhook_secret = "whsec_fault_secret".into();
    let _sim = stripe_sim::spawn(config, format!("127.0.0.1:{port}").parse().expect("addr"))
        .await
        .expect("sim");
    let res = book().await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap_or_default()
            .starts_with(&format!("{base}/c/pay/cs_"))
    );
    assert_eq!(sourdough(&app).await.seats_held, c.seats_held + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sweeper_expires_ended_holds_frees_seats_and_ends_the_session() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = sourdough(&app).await;
    app.post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let b = the_booking(&app).await;
    assert_eq!(
        sweep_expired_holds(&app.db, &app.gateway, Utc::now())
            .await
            .expect("sweep"),
        0,
        "hold still running"
    );

    let later = Utc::now() + Duration::minutes(32);
    assert_eq!(
        sweep_expired_holds(&app.db, &app.gateway, later)
            .await
            .expect("sweep"),
        1
    );
    assert_eq!(the_booking(&app).await.status, BookingStatus::Expired);
    assert_eq!(
        sourdough(&app).await.seats_held,
        c.seats_held,
        "the seat is free again"
    );
    let p = payment::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    assert_eq!(p.status, PaymentStatus::Expired);
    let session = app
        .gateway
        .retrieve_session(p.stripe_checkout_session_id.as_deref().expect("sid"))
        .await
        .expect("retrieve");
    assert_eq!(
        session.state,
        SessionState::Expired,
        "the session can no longer be paid"
    );
    assert_eq!(
        sweep_expired_holds(&app.db, &app.gateway, later)
            .await
            .expect("sweep"),
        0,
        "idempotent"
    );
    let _ = b;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reconciler_confirms_a_payment_whose_webhook_was_lost() {
    // Stripe that never delivers webhooks: as if the server was down when
    // the payment happened and every retry was lost.
    let port = free_port();
    let mut config = SimConfig::generate(None);
    config.api_key = "sk_test_lost_key".into();
    let _sim = stripe_sim::spawn(config, format!("127.0.0.1:{port}").parse().expect("addr"))
        .await
        .expect("sim");
    let app = spawn_app_with(&[
        ("STRIPE_SECRET_KEY", "sk_test_lost_key"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_unused"),
        ("STRIPE_API_BASE", &format!("http://127.0.0.1:{port}")),
    ])
    .await;
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = sourdough(&app).await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let paid = pay(&url, "4242424242424242").await;
    assert_eq!(paid.status(), 303);
    assert_eq!(
        the_booking(&app).await.status,
        BookingStatus::PendingPayment,
        "no webhook came"
    );

    // Not yet stale: the reconciler leaves it to the webhook.
    assert_eq!(
        reconcile_open_payments(&app.db, &app.gateway, Utc::now())
            .await
            .expect("reconcile"),
        0
    );
    let later = Utc::now() + Duration::minutes(40);
    assert_eq!(
        reconcile_open_payments(&app.db, &app.gateway, later)
            .await
            .expect("reconcile"),
        1
    );
    assert_eq!(the_booking(&app).await.status, BookingStatus::Confirmed);
    let p = payment::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("payment");
    assert_eq!(p.status, PaymentStatus::Succeeded);
}

/// Ada books the sourdough course; her hold ends (the booking expires) and
/// the course fills meanwhile; then she pays on the still-open session.
/// Answers her booking and the session id.
async fn paid_after_the_hold_ended_on_a_full_course(app: &TestApp) -> (booking::Model, String) {
    seed(&app.db).await.expect("seed");
    app.signup("ada@example.com", PASSWORD).await;
    let c = sourdough(app).await;
    let res = app
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    let url = res.headers()["location"].to_str().expect("url").to_owned();
    let b = the_booking(app).await;
    let mut active: booking::ActiveModel = b.clone().into();
    active.status = Set(BookingStatus::Expired);
    active.update(&app.db).await.expect("expire");
    let full = sourdough(app).await;
    let mut cm: course::ActiveModel = full.clone().into();
    cm.seats_held = Set(full.capacity);
    cm.update(&app.db).await.expect("fill");
    // Stripe still lets the open session be paid.
    let paid = pay(&url, "4242424242424242").await;
    let back = paid.headers()["location"].to_str().expect("loc").to_owned();
    let sid = back
        .rsplit_once("session_id=")
        .map(|(_, s)| s.to_owned())
        .expect("sid");
    (b, sid)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_payment_with_no_seat_left_is_refunded_and_the_person_told() {
    let app = spawn_app().await;
    let (_, sid) = paid_after_the_hold_ended_on_a_full_course(&app).await;
    let result: serde_json::Value = app
        .post_form("/api/payment_result", &[("session_id", &sid)])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(result["confirmed"], false, "{result}");
    assert_eq!(result["refunded_no_seat"], true, "the person is told");
    assert_eq!(
        the_booking(&app).await.status,
        BookingStatus::Expired,
        "no seat was invented"
    );
    // The refund reaches Stripe and comes back as charge.refunded.
    for _ in 0..100 {
        let p = payment::Entity::find()
            .one(&app.db)
            .await
            .expect("q")
            .expect("p");
        if p.status == PaymentStatus::Refunded {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the payment was never refunded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_stripe_fails_to_take_is_owed_shown_and_retried_until_done() {
    let app = spawn_app().await;
    // Stripe has an outage just as the refund is asked for.
    let sim = app.sim.clone().expect("simulator");
    sim.fail_next_refunds(1);
    let (b, sid) = paid_after_the_hold_ended_on_a_full_course(&app).await;
    let c = sourdough(&app).await;
    app.post_form("/api/payment_result", &[("session_id", &sid)])
        .await;
    let payment_of = async || {
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .one(&app.db)
            .await
            .expect("q")
            .expect("p")
    };
    // Webhook and success page have both seen the payment by now.
    crate::support::eventually("the webhook", async || {
        tessera::entity::stripe_event::Entity::find()
            .filter(
                tessera::entity::stripe_event::Column::EventType.eq("checkout.session.completed"),
            )
            .one(&app.db)
            .await
            .expect("q")
            .is_some()
    })
    .await;
    let p = payment_of().await;
    let pi = p.stripe_payment_intent_id.clone().expect("pi");
    assert_eq!(p.status, PaymentStatus::Succeeded);
    assert_eq!(
        p.refund,
        Some(tessera::booking::RefundState::Owed),
        "owed, recorded with the payment"
    );
    assert!(
        crate::support::refunds_at_stripe(&app, &pi)
            .await
            .is_empty()
    );
    // The admin sees it on the roster.
    let root = crate::support::admin(&app).await;
    let roster: serde_json::Value = root
        .post_form("/api/course_roster", &[("id", &c.id.to_string())])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(roster["refunds"][0]["state"], "FailedRetrying", "{roster}");

    // The reconciler's next round asks again; Stripe takes it, once.
    let sent = tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");
    assert_eq!(sent, 1);
    crate::support::eventually("the refund", async || {
        payment_of().await.status == PaymentStatus::Refunded
    })
    .await;
    let again = tessera::service::refunds::retry_owed_refunds(&app.db, &app.gateway, Utc::now())
        .await
        .expect("retry");
    assert_eq!(again, 0, "nothing is owed any more");
    assert_eq!(
        crate::support::refunds_at_stripe(&app, &pi).await,
        vec![p.amount],
        "refunded once, in full"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_looking_course_frees_holds_that_ran_out_before_saying_full() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    // Watercolour: 5 of 6 held. Ada takes the last seat…
    let c = crate::support::course_named(&app.db, "Watercolour Landscapes").await;
    app.signup("ada@example.com", PASSWORD).await;
    app.post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    // …and her hold runs out before the sweeper's next round.
    let b = the_booking(&app).await;
    let mut active: booking::ActiveModel = b.into();
    active.hold_expires_at = Set(Some(Utc::now() - Duration::minutes(1)));
    active.update(&app.db).await.expect("age the hold");

    let eve = app.another_client();
    eve.signup("eve@example.com", PASSWORD).await;
    let res = eve
        .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
        .await;
    assert_eq!(res.status(), 200, "the expired hold is released on demand");
    let ada = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(c.id))
        .all(&app.db)
        .await
        .expect("q");
    assert!(ada.iter().any(|b| b.status == BookingStatus::Expired));
    let after = course::Entity::find_by_id(c.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("c");
    assert_eq!(after.seats_held, 6);
}

/// The real `tessera serve` process on `addr`, killed (SIGKILL) when
/// dropped or by `kill`.
struct Server(std::process::Child);

impl Server {
    fn start(addr: &str, dir: &std::path::Path, env: &[(&str, String)]) -> Server {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("tessera.log"))
            .expect("log file");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("serve")
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LEPTOS_SITE_ADDR", addr)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(std::process::Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start tessera serve");
        Server(child)
    }

    /// SIGKILL: no shutdown, no last words, as when the machine dies.
    fn kill(&mut self) {
        self.0.kill().expect("kill tessera");
        self.0.wait().expect("reap tessera");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            self.kill();
        }
    }
}

/// Waits (up to 90 s: the first start migrates) for `/readyz` to answer 200.
async fn ready(base: &str, dir: &std::path::Path) {
    for _ in 0..900 {
        if reqwest::get(format!("{base}/readyz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "tessera on {base} never became ready: {}",
        std::fs::read_to_string(dir.join("tessera.log")).unwrap_or_default()
    );
}

/// The server process is killed after the member is sent to Checkout; she
/// pays while it is down, so Stripe's webhook finds nobody (and its next
/// retry is an hour away). After a restart the start-up reconciliation asks
/// Stripe, confirms the booking, and she sees it and gets her email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_between_payment_and_webhook_confirms_after_restart() {
    let dir = std::env::temp_dir()
        .join("tessera-tests")
        .join(format!("killed-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let addr = format!("127.0.0.1:{}", free_port());
    let base = format!("http://{addr}");

    // Stripe outlives the server: its own process in real life, its own
    // task here, keeping the session and the undelivered event.
    let mut config = SimConfig::generate(Some(format!("{base}/api/stripe/webhook")));
    config.retry_schedule = vec![std::time::Duration::from_secs(3600)];
    let sim = stripe_sim::spawn(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("sim");
    let database_url = crate::support::fresh_database_url().await;
    let env = vec![
        ("DATABASE_URL", database_url.clone()),
        ("STRIPE_SECRET_KEY", sim.api_key.clone()),
        ("STRIPE_WEBHOOK_SECRET", sim.webhook_secret.clone()),
        ("STRIPE_API_BASE", sim.base_url.clone()),
        ("MAIL_DIR", dir.join("mail").display().to_string()),
    ];

    let mut server = Server::start(&addr, &dir, &env);
    ready(&base, &dir).await;
    let db = tessera_server::db::connect(
        &tessera_server::config::DatabaseUrl::parse(&database_url).expect("url"),
        20,
    )
    .await
    .expect("connect");
    seed(&db).await.expect("seed");
    let c = crate::support::course_named(&db, "Sourdough Bread Masterclass").await;
    let member = crate::support::new_client(&base);
    let signed_up = member
        .post(format!("{base}/api/signup"))
        .form(&[
            ("email", "ada@example.com"),
            ("display_name", "Ada Lovelace"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(signed_up.status(), 200);
    let token = crate::support::emailed_token(
        &db,
        &dir.join("mail"),
        "ada@example.com",
        "confirm_email",
        "/confirm-email",
    )
    .await
    .expect("a confirmation link");
    let confirmed = member
        .post(format!("{base}/api/confirm_email"))
        .form(&[("token", token)])
        .send()
        .await
        .expect("confirm");
    assert_eq!(confirmed.status(), 200);
    let booked = member
        .post(format!("{base}/api/book_course"))
        .form(&[("course_id", c.id.to_string())])
        .send()
        .await
        .expect("book");
    assert!(booked.status().is_success(), "{:?}", booked.status());
    // Sent to Checkout (a server function's redirect).
    let checkout = booked.headers()["location"]
        .to_str()
        .expect("url")
        .to_owned();
    assert!(checkout.starts_with(&sim.base_url), "{checkout}");

    server.kill();
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "the server is down"
    );
    let paid = pay(&checkout, "4242424242424242").await;
    assert_eq!(paid.status(), 303, "Stripe took the payment");
    let ada = tessera::entity::user::Entity::find()
        .filter(tessera::entity::user::Column::Email.eq("ada@example.com"))
        .one(&db)
        .await
        .expect("q")
        .expect("ada");
    let b = booking::Entity::find()
        .filter(booking::Column::UserId.eq(ada.id))
        .one(&db)
        .await
        .expect("q")
        .expect("her booking");
    assert_eq!(b.status, BookingStatus::PendingPayment, "nobody heard");
    let seats_before = crate::support::course_named(&db, "Sourdough Bread Masterclass")
        .await
        .seats_held;

    let _server = Server::start(&addr, &dir, &env);
    ready(&base, &dir).await;
    crate::support::eventually(
        "the booking to be confirmed after the restart",
        async || {
            booking::Entity::find_by_id(b.id)
                .one(&db)
                .await
                .expect("q")
                .is_some_and(|b| b.status == BookingStatus::Confirmed)
        },
    )
    .await;
    let p = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .one(&db)
        .await
        .expect("q")
        .expect("payment");
    assert_eq!(p.status, PaymentStatus::Succeeded);
    assert!(p.stripe_payment_intent_id.is_some());
    let c = crate::support::course_named(&db, "Sourdough Bread Masterclass").await;
    assert_eq!(c.seats_held, seats_before, "her seat, held once");
    // The reconciler did it: no webhook has been received.
    assert_eq!(
        tessera::entity::stripe_event::Entity::find()
            .all(&db)
            .await
            .expect("q")
            .len(),
        0,
        "no webhook reached the server"
    );
    // Her session survived the crash; her dashboard says Confirmed.
    let dashboard = member
        .get(format!("{base}/bookings"))
        .send()
        .await
        .expect("dashboard");
    assert_eq!(dashboard.status(), 200);
    let html = dashboard.text().await.expect("html");
    assert!(html.contains("Sourdough Bread Masterclass"), "{html}");
    assert!(html.contains("Confirmed"), "{html}");
    // …and the confirmation email went out.
    let mail = dir.join("mail");
    crate::support::eventually("the confirmation email", async || {
        std::fs::read_dir(&mail).is_ok_and(|d| {
            d.filter_map(Result::ok).any(|e| {
                std::fs::read_to_string(e.path()).is_ok_and(|m| {
                    m.contains("To: ada@example.com") && m.to_lowercase().contains("confirmed")
                })
            })
        })
    })
    .await;
    drop(_server);
    let _ = std::fs::remove_dir_all(&dir);
}
