//! Several instances on one PostgreSQL database (issue 7): two `tessera
//! serve` processes, 200 members booking a 10-seat course through both at
//! once, every Stripe event delivered twice (shuffled) with the two copies
//! sent to different instances. Exactly ten bookings are confirmed, every
//! event is recorded once, every confirmation email is sent once.
//!
//! PostgreSQL only (SQLite is single-instance by design): marked ignored,
//! so a plain `cargo test` lists it as such; `make test-multi-instance`
//! runs it with `--ignored` when `TEST_DATABASE_URL` is set.
//!
//! ```text
//!   members (this process) ──HTTP──▶ instance A, instance B   (`tessera serve`, two OS processes)
//!   A, B ──async-stripe──▶ Stripe simulator                    (this process, duplicate-and-shuffle on)
//!   simulator ──webhooks──▶ forwarder ──▶ A or B               (this process; a duplicate goes to the other one)
//!   A, B ──SMTP──▶ one loopback SMTP server                    (this process)
//! ```
//!
//! Members are created in the database with a cheap argon2id hash and sign
//! in over HTTP (a debug-build hash with the default parameters takes about
//! a CPU-second; 200 of them would take minutes on two cores); two of them
//! sign up over HTTP instead, one through each instance.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    QueryFilter, Set, Statement,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use stripe_sim::{self, SimConfig};
use tessera::entity::{booking, course, email_outbox, payment, stripe_event, user};
use tessera::{BookingStatus, CourseStatus, Currency, PaymentStatus, Role};
use tokio::task::JoinSet;

const MEMBERS: usize = 200;
const SEATS: usize = 10;
const PASSWORD: &str = "correct horse battery staple";
const TITLE: &str = "Multi-instance pottery";
/// How long the system may take to settle after the last payment.
const SETTLE_WITHIN: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: make test-multi-instance runs it with TEST_DATABASE_URL set"]
async fn multi_instance_two_processes_one_database_sell_ten_seats_once() {
    let admin_url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
        .expect("TEST_DATABASE_URL=postgres://… (SQLite is single-instance by design)");
    let t0 = Instant::now();
    // Dropped last (declared first): the processes are gone by then.
    let database = TestDatabase::create(&admin_url).await;
    let logs = LogDir::new();

    // The schema once, before either instance starts (each also migrates
    // at start-up, which then finds nothing to do).
    let migrate = tokio::process::Command::from(tessera(&logs))
        .arg("migrate")
        .env("DATABASE_URL", &database.url)
        .output()
        .await
        .expect("run tessera migrate");
    assert!(
        migrate.status.success(),
        "tessera migrate failed: {}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    let db = Database::connect(&database.url).await.expect("connect");
    // A seller, so that every payment is invoiced: numbers across both
    // instances must still run without a gap or a repeat.
    let seller = tessera::invoice::OperatorDetails::parse(
        "Multi GmbH",
        "Hauptstr. 1\n10115 Berlin",
        "",
        "",
        "DE123456789",
        "TS",
        "19",
        "",
    )
    .expect("seller");
    tessera::service::invoices::save_operator(&db, &seller, chrono::Utc::now())
        .await
        .expect("save seller");
    let course_id = create_course(&db).await;
    let members = create_members(&db).await;

    let smtp = SmtpServer::start().await;
    let forwarder = Forwarder::start().await;
    let mut sim_config = SimConfig::generate(Some(forwarder.url()));
    sim_config.duplicate_and_shuffle = true;
    let sim = stripe_sim::spawn(sim_config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("the simulator starts");

    let env: Vec<(&str, String)> = vec![
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", database.url.clone()),
        ("STRIPE_SECRET_KEY", sim.api_key.clone()),
        ("STRIPE_WEBHOOK_SECRET", sim.webhook_secret.clone()),
        ("STRIPE_API_BASE", sim.base_url.clone()),
        ("SMTP_URL", smtp.url()),
        // Everyone comes from 127.0.0.1.
        ("RATE_LIMIT_LOGIN_PER_IP", "100000/minute".to_owned()),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "100000/minute".to_owned()),
        ("RATE_LIMIT_SIGNUP_PER_IP", "100000/minute".to_owned()),
        ("RATE_LIMIT_BOOKING_PER_MEMBER", "100000/minute".to_owned()),
    ];
    // Both start at once; PUBLIC_URL follows each one's bound address.
    let (proc_a, ready_a) = spawn_instance("a", &logs, &env);
    let (proc_b, ready_b) = spawn_instance("b", &logs, &env);
    let _instances = (proc_a, proc_b);
    let a = ready(&logs, "a", ready_a).await;
    let b = ready(&logs, "b", ready_b).await;
    let bases = [a, b];
    forwarder
        .targets
        .set(bases.clone().map(|b| format!("{b}/api/stripe/webhook")))
        .expect("targets set once");
    let t_ready = t0.elapsed();
    println!(
        "multi_instance: database {}, A on {}, B on {}, simulator on {}, logs in {}",
        database.name,
        bases[0],
        bases[1],
        sim.base_url,
        logs.0.display()
    );

    // Sign in (or up): members alternate between A and B.
    let clients: Vec<reqwest::Client> = (0..MEMBERS).map(|_| member_client()).collect();
    let mut tasks = JoinSet::new();
    for (i, (email, client)) in members.iter().zip(&clients).enumerate() {
        let (email, client, base) = (email.clone(), client.clone(), bases[i % 2].clone());
        let (db, smtp) = (db.clone(), smtp.clone());
        tasks.spawn(async move {
            let res = if i < 2 {
                // A new member signs up on one instance and follows the
                // emailed link (on the same one) to be signed in.
                let res = post(
                    &client,
                    &base,
                    "/api/signup",
                    &[
                        ("email", &email),
                        ("display_name", &format!("Member {i}")),
                        ("password", PASSWORD),
                    ],
                )
                .await;
                assert!(
                    res.status().is_success(),
                    "{email} signing up: {}",
                    res.status()
                );
                let token = confirmation_token(&db, &smtp, &email).await;
                post(&client, &base, "/api/confirm_email", &[("token", &token)]).await
            } else {
                post(
                    &client,
                    &base,
                    "/api/login",
                    &[("email", &email), ("password", PASSWORD)],
                )
                .await
            };
            let status = res.status();
            assert!(
                status.is_success(),
                "{email} could not sign in through {base}: {status} {}",
                res.text().await.unwrap_or_default()
            );
        });
    }
    join_all(tasks).await;
    let t_signed_in = t0.elapsed();

    // Everyone presses "Book" at the same moment.
    let barrier = Arc::new(tokio::sync::Barrier::new(MEMBERS));
    let mut tasks = JoinSet::new();
    for (i, client) in clients.iter().enumerate() {
        let (client, base, barrier) = (client.clone(), bases[i % 2].clone(), barrier.clone());
        let course = course_id.to_string();
        tasks.spawn(async move {
            barrier.wait().await;
            let res = post(
                &client,
                &base,
                "/api/book_course",
                &[("course_id", &course)],
            )
            .await;
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = res.text().await.unwrap_or_default();
            (i, status, location, body)
        });
    }
    let mut winners: BTreeMap<usize, String> = BTreeMap::new();
    let mut full = 0;
    for (i, status, location, body) in join_all(tasks).await {
        match (status, location) {
            (200, Some(url)) => {
                winners.insert(i, url);
            }
            (409, _)
                if serde_json::from_str::<Value>(&body)
                    .is_ok_and(|v| v["code"] == "capacity_full") =>
            {
                full += 1;
            }
            (status, location) => {
                panic!("member {i}: unexpected answer to Book: {status} {location:?} {body}")
            }
        }
    }
    assert_eq!(
        (winners.len(), full),
        (SEATS, MEMBERS - SEATS),
        "exactly {SEATS} Checkout URLs, everyone else capacity_full"
    );
    let t_booked = t0.elapsed();

    // The ten pay on the hosted page, then open the success page through
    // the *other* instance (same session cookie: sessions live in the
    // database), racing the webhooks.
    let mut tasks = JoinSet::new();
    for (&i, url) in &winners {
        let (client, other, url) = (clients[i].clone(), bases[(i + 1) % 2].clone(), url.clone());
        tasks.spawn(async move {
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            let res = pay(&url, "4242424242424242").await;
            assert_eq!(res.status(), 303, "member {i} paid");
            let back = res.headers()["location"]
                .to_str()
                .expect("location")
                .to_owned();
            let session_id = back
                .rsplit_once("session_id=")
                .map(|(_, s)| s.to_owned())
                .unwrap_or_else(|| panic!("a session id in {back}"));
            let res = post(
                &client,
                &other,
                "/api/payment_result",
                &[("session_id", &session_id)],
            )
            .await;
            assert_eq!(res.status(), 200, "member {i}'s success page on {other}");
            let result: Value = res.json().await.expect("json");
            assert_eq!(result["confirmed"], true, "member {i}: {result}");
        });
    }
    join_all(tasks).await;
    let t_paid = t0.elapsed();

    // Wait until every event has been delivered (twice) and every email sent.
    let winner_emails: HashSet<String> = winners.keys().map(|&i| members[i].clone()).collect();
    let deadline = Instant::now() + SETTLE_WITHIN;
    loop {
        let pending = not_settled(&db, &sim, &forwarder, &smtp).await;
        let Some(why) = pending else { break };
        assert!(
            Instant::now() < deadline,
            "not settled within {SETTLE_WITHIN:?}: {why}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let t_settled = t0.elapsed();
    // Anything sent twice would show up now: the dispatchers run every 2 s
    // and late duplicates of the webhooks are at most a retry away.
    tokio::time::sleep(Duration::from_secs(4)).await;

    // Exactly ten confirmed bookings, those of the ten who paid; the seat
    // count matches.
    let bookings = booking::Entity::find().all(&db).await.expect("bookings");
    let users: HashMap<i64, String> = user::Entity::find()
        .all(&db)
        .await
        .expect("users")
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    assert_eq!(bookings.len(), SEATS, "{bookings:?}");
    assert!(
        bookings
            .iter()
            .all(|b| b.status == BookingStatus::Confirmed && b.course_id == course_id),
        "{bookings:?}"
    );
    let booked: HashSet<String> = bookings.iter().map(|b| users[&b.user_id].clone()).collect();
    assert_eq!(booked, winner_emails, "the ten who paid hold the ten seats");
    let (held, active) = held_and_active(&db, course_id).await;
    assert_eq!(
        (held, active),
        (SEATS as i64, SEATS as i64),
        "seats_held = active bookings"
    );
    let payments = payment::Entity::find().all(&db).await.expect("payments");
    assert_eq!(payments.len(), SEATS, "one Checkout attempt each");
    assert!(
        payments
            .iter()
            .all(|p| p.status == PaymentStatus::Succeeded),
        "{payments:?}"
    );

    // Every event the simulator emitted is recorded exactly once, none led
    // to a refund or a mismatch, and each was delivered at least twice,
    // its copies accepted by both instances.
    let sim_events = sim_events(&sim).await;
    let recorded = stripe_event::Entity::find().all(&db).await.expect("events");
    let recorded_ids: Vec<&str> = recorded.iter().map(|e| e.id.as_str()).collect();
    let recorded_set: HashSet<&str> = recorded_ids.iter().copied().collect();
    assert_eq!(
        recorded_ids.len(),
        recorded_set.len(),
        "an event recorded twice"
    );
    assert_eq!(
        recorded_set,
        sim_events
            .keys()
            .map(String::as_str)
            .collect::<HashSet<_>>(),
        "every event the simulator sent is recorded, and nothing else"
    );
    assert!(
        !sim_events.values().any(|kind| kind.starts_with("refund.")),
        "nobody was refunded: {sim_events:?}"
    );
    let completed: Vec<&stripe_event::Model> = recorded
        .iter()
        .filter(|e| e.event_type == "checkout.session.completed")
        .collect();
    assert_eq!(completed.len(), SEATS);
    assert!(
        completed
            .iter()
            .all(|e| e.outcome == "confirmed" || e.outcome == "already_confirmed"),
        "{completed:?}"
    );
    let deliveries = forwarder.log.lock().expect("lock").clone();
    for id in sim_events.keys() {
        let d = deliveries
            .get(id)
            .unwrap_or_else(|| panic!("{id} never delivered"));
        let accepted_by: HashSet<usize> = d
            .statuses
            .iter()
            .filter(|(_, s)| (200..300).contains(s))
            .map(|(to, _)| *to)
            .collect();
        assert!(
            d.accepted() >= 2 && accepted_by.len() == 2,
            "{id}: delivered {:?}",
            d.statuses
        );
    }
    let refused: Vec<_> = deliveries
        .iter()
        .flat_map(|(id, d)| d.statuses.iter().map(move |s| (id, *s)))
        .filter(|(_, (_, s))| !(200..300).contains(s))
        .collect();
    let per_instance =
        deliveries
            .values()
            .flat_map(|d| d.statuses.iter())
            .fold([0usize; 2], |mut n, (to, _)| {
                n[*to] += 1;
                n
            });

    // One confirmation email per confirmed booking, nothing else but the
    // two sign-ups' links, each sent on its first attempt.
    let (signups, messages): (Vec<String>, Vec<String>) = smtp
        .messages()
        .into_iter()
        .partition(|m| header(m, "Subject").is_some_and(|s| s.starts_with(CONFIRM_SUBJECT)));
    assert_eq!(signups.len(), 2, "one link per sign-up");
    let mut to: Vec<String> = messages
        .iter()
        .filter(|m| header(m, "Subject").is_some_and(|s| s.starts_with("Booking confirmed")))
        .map(|m| header(m, "To").unwrap_or_default().to_ascii_lowercase())
        .collect();
    to.sort();
    let mut expected: Vec<String> = winner_emails.iter().cloned().collect();
    expected.sort();
    assert_eq!(to, expected, "one confirmation email per confirmed member");
    assert_eq!(messages.len(), SEATS, "no other emails");
    for m in &messages {
        assert!(
            m.contains("application/pdf") && m.contains("invoice-TS-"),
            "each confirmation carries its invoice: {m}"
        );
    }
    // One invoice per confirmed booking, numbered 1..=SEATS: no gap, no
    // repeat, although both instances issued them at once.
    let mut numbers: Vec<String> = tessera::entity::invoice::Entity::find()
        .all(&db)
        .await
        .expect("invoices")
        .into_iter()
        .map(|i| i.number)
        .collect();
    numbers.sort();
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let expected_numbers: Vec<String> = (1..=SEATS).map(|n| format!("TS-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected_numbers, "gap-free invoice numbers");
    let outbox: Vec<email_outbox::Model> = email_outbox::Entity::find()
        .all(&db)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|r| {
            r.dedupe_key
                .as_deref()
                .is_none_or(|k| !k.starts_with("confirm_email:"))
        })
        .collect();
    assert_eq!(outbox.len(), SEATS, "{outbox:?}");
    for row in &outbox {
        assert!(
            row.dedupe_key
                .as_deref()
                .is_some_and(|k| k.starts_with("booking_confirmed:"))
                && row.status == "sent"
                && row.attempts == 1,
            "outbox row {} ({:?}): {} after {} attempts",
            row.id,
            row.dedupe_key,
            row.status,
            row.attempts
        );
    }

    println!(
        "multi_instance: {MEMBERS} members, {SEATS} seats: {} events, {} deliveries \
         (A {}, B {}; {} not 2xx: {refused:?}), {} emails",
        sim_events.len(),
        per_instance[0] + per_instance[1],
        per_instance[0],
        per_instance[1],
        refused.len(),
        messages.len()
    );
    println!(
        "multi_instance: ready {:.1}s, signed in {:.1}s, booked {:.1}s, paid {:.1}s, \
         settled {:.1}s, done {:.1}s",
        t_ready.as_secs_f64(),
        t_signed_in.as_secs_f64(),
        t_booked.as_secs_f64(),
        t_paid.as_secs_f64(),
        t_settled.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );

    waiting_list_across_instances(&db, &bases, &clients, &members, &winners, course_id).await;
    println!(
        "multi_instance: waiting list done at {:.1}s",
        t0.elapsed().as_secs_f64()
    );
    groups_across_instances(&db, &bases, &clients, &winners).await;
    println!(
        "multi_instance: groups done at {:.1}s",
        t0.elapsed().as_secs_f64()
    );
    vouchers_across_instances(&db, &bases, &clients).await;
    println!(
        "multi_instance: vouchers done at {:.1}s",
        t0.elapsed().as_secs_f64()
    );
    db.close().await.ok();
}

/// A second course of twelve seats, four a booking at most: thirty of
/// those who missed out ask for 1–4 seats each at once, through both
/// instances. Every acceptance holds what it asked for, every refusal says
/// how many were left (or that none were), and the seats add up.
async fn groups_across_instances(
    db: &DatabaseConnection,
    bases: &[String; 2],
    clients: &[reqwest::Client],
    winners: &BTreeMap<usize, String>,
) {
    const GROUP_SEATS: i32 = 12;
    let now = Utc::now();
    let starts = now + chrono::Duration::days(40);
    let course_id = course::ActiveModel {
        title: Set("Raku for Groups".into()),
        description: Set("Bring friends.".into()),
        location: Set("Studio 3".into()),
        price: Set(3900),
        currency: Set(Currency::Eur),
        capacity: Set(GROUP_SEATS),
        seats_held: Set(0),
        seats_per_booking: Set(4),
        starts_at: Set(starts),
        ends_at: Set(starts + chrono::Duration::hours(2)),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course")
    .id;
    let askers: Vec<usize> = (0..clients.len())
        .filter(|i| !winners.contains_key(i))
        .take(30)
        .collect();
    let barrier = Arc::new(tokio::sync::Barrier::new(askers.len()));
    let mut tasks = JoinSet::new();
    for (n, &i) in askers.iter().enumerate() {
        let (client, base, barrier) = (clients[i].clone(), bases[n % 2].clone(), barrier.clone());
        let seats = n % 4 + 1;
        tasks.spawn(async move {
            barrier.wait().await;
            let res = post(
                &client,
                &base,
                "/api/book_course",
                &[
                    ("course_id", &course_id.to_string()),
                    ("seats", &seats.to_string()),
                ],
            )
            .await;
            let status = res.status().as_u16();
            (seats, status, res.text().await.unwrap_or_default())
        });
    }
    let mut accepted = 0;
    for (seats, status, body) in join_all(tasks).await {
        match status {
            200 => accepted += seats as i64,
            409 => {
                let v: Value = serde_json::from_str(&body).expect("json");
                let left = v["message"]
                    .as_str()
                    .and_then(|m| m.strip_prefix("Only "))
                    .and_then(|m| m.split(' ').next())
                    .and_then(|n| n.parse::<usize>().ok());
                match (v["code"].as_str(), left) {
                    (Some("not_enough_seats"), Some(left)) => {
                        assert!(left < seats && left > 0, "{left} left for {seats}: {body}")
                    }
                    (Some("capacity_full"), None) => {}
                    _ => panic!("a group of {seats}: unexpected refusal {body}"),
                }
            }
            other => panic!("a group of {seats}: unexpected answer {other} {body}"),
        }
    }
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT CAST(seats_held AS BIGINT) AS held, \
                 (SELECT CAST(COALESCE(SUM(b.seats), 0) AS BIGINT) FROM bookings b \
                  WHERE b.course_id = c.id AND b.status IN ('pending_payment', 'confirmed')) AS active \
                 FROM courses c WHERE c.id = {course_id}"
            ),
        ))
        .await
        .expect("query")
        .expect("the course");
    let held: i64 = row.try_get("", "held").expect("held");
    let active: i64 = row.try_get("", "active").expect("active");
    assert_eq!(
        (held, active),
        (accepted, accepted),
        "seats_held = seats of active bookings"
    );
    assert!(
        held <= i64::from(GROUP_SEATS) && held >= i64::from(GROUP_SEATS) - 3,
        "{held}"
    );
}

/// A five-use code, twenty members at once through both instances, on a
/// course with seats for all: five discounted bookings, fifteen told the
/// code is used up, the count exactly five.
async fn vouchers_across_instances(
    db: &DatabaseConnection,
    bases: &[String; 2],
    clients: &[reqwest::Client],
) {
    use tessera::voucher::{Discount, VoucherCode, VoucherInput};
    let now = Utc::now();
    let starts = now + chrono::Duration::days(50);
    let course_id = course::ActiveModel {
        title: Set("Glaze Chemistry".into()),
        description: Set("Cones and oxides.".into()),
        location: Set("Studio 1".into()),
        price: Set(5000),
        currency: Set(Currency::Eur),
        capacity: Set(100),
        seats_held: Set(0),
        seats_per_booking: Set(1),
        starts_at: Set(starts),
        ends_at: Set(starts + chrono::Duration::hours(2)),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course")
    .id;
    let input = VoucherInput {
        code: VoucherCode::parse("FIVEUSES").expect("code"),
        discount: Discount::percent(10).expect("10%"),
        courses: vec![],
        max_redemptions: Some(5),
        once_per_member: false,
        valid_from: None,
        valid_until: None,
        note: String::new(),
    };
    let voucher = tessera::service::vouchers::create(db, &input, now)
        .await
        .expect("voucher");
    let askers: Vec<usize> = (0..clients.len()).rev().take(20).collect();
    let barrier = Arc::new(tokio::sync::Barrier::new(askers.len()));
    let mut tasks = JoinSet::new();
    for (n, &i) in askers.iter().enumerate() {
        let (client, base, barrier) = (clients[i].clone(), bases[n % 2].clone(), barrier.clone());
        tasks.spawn(async move {
            barrier.wait().await;
            let res = post(
                &client,
                &base,
                "/api/book_course",
                &[
                    ("course_id", &course_id.to_string()),
                    ("voucher", "fiveuses"),
                ],
            )
            .await;
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        });
    }
    let (mut discounted, mut used_up) = (0, 0);
    for (status, body) in join_all(tasks).await {
        match status {
            200 => discounted += 1,
            409 if body.contains("\"voucher_used_up\"") => used_up += 1,
            other => panic!("unexpected answer {other} {body}"),
        }
    }
    assert_eq!((discounted, used_up), (5, 15));
    let counted = tessera::entity::voucher::Entity::find_by_id(voucher)
        .one(db)
        .await
        .expect("query")
        .expect("the voucher")
        .redemptions;
    assert_eq!(counted, 5);
    let (held, active) = held_and_active(db, course_id).await;
    assert_eq!((held, active), (5, 5));
}

/// The course is full. Twelve of those who missed out join its waiting list
/// at once through both instances; three seats free through both; the
/// offers run out and are ended by whichever instance's sweeper gets there
/// first, and the next three are offered. Each freed seat is offered once,
/// to the head of the list, and emailed once; the seats add up throughout.
async fn waiting_list_across_instances(
    db: &DatabaseConnection,
    bases: &[String; 2],
    clients: &[reqwest::Client],
    members: &[String],
    winners: &BTreeMap<usize, String>,
    course_id: i64,
) {
    use tessera::entity::waitlist_entry;
    use tessera::waitlist::WaitlistStatus;
    const WAITING: usize = 12;
    let course = course_id.to_string();
    let waiting: Vec<usize> = (0..MEMBERS)
        .filter(|i| !winners.contains_key(i))
        .take(WAITING)
        .collect();
    let barrier = Arc::new(tokio::sync::Barrier::new(WAITING));
    let mut tasks = JoinSet::new();
    for &i in &waiting {
        let (client, base, barrier, course) = (
            clients[i].clone(),
            bases[i % 2].clone(),
            barrier.clone(),
            course.clone(),
        );
        tasks.spawn(async move {
            barrier.wait().await;
            let res = post(
                &client,
                &base,
                "/api/join_waitlist",
                &[("course_id", &course)],
            )
            .await;
            assert_eq!(res.status(), 200, "member {i} joins through {base}");
            res.json::<u64>().await.expect("a position")
        });
    }
    let mut positions = join_all(tasks).await;
    positions.sort_unstable();
    assert_eq!(positions, (1..=WAITING as u64).collect::<Vec<_>>());

    // Three seats free at once, through both instances.
    let users: HashMap<String, i64> = user::Entity::find()
        .all(db)
        .await
        .expect("users")
        .into_iter()
        .map(|u| (u.email, u.id))
        .collect();
    let mut tasks = JoinSet::new();
    for (n, &i) in winners.keys().take(3).enumerate() {
        let b = booking::Entity::find()
            .filter(booking::Column::UserId.eq(users[&members[i]]))
            .one(db)
            .await
            .expect("q")
            .expect("a winner's booking");
        let (client, base) = (clients[i].clone(), bases[n % 2].clone());
        tasks.spawn(async move {
            let res = post(
                &client,
                &base,
                "/api/cancel_booking",
                &[("booking_id", &b.id.to_string())],
            )
            .await;
            assert_eq!(res.status(), 200, "member {i} cancels through {base}");
        });
    }
    join_all(tasks).await;
    let entries = async || {
        let mut all = waitlist_entry::Entity::find()
            .filter(waitlist_entry::Column::CourseId.eq(course_id))
            .all(db)
            .await
            .expect("entries");
        all.sort_by_key(|e| (e.joined_at, e.id));
        all
    };
    let count = |all: &[waitlist_entry::Model], s: WaitlistStatus| {
        all.iter().filter(|e| e.status == s).count()
    };
    let deadline = Instant::now() + SETTLE_WITHIN;
    let first = loop {
        let all = entries().await;
        if count(&all, WaitlistStatus::Offered) == 3 {
            break all;
        }
        assert!(Instant::now() < deadline, "three offers: {all:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        first
            .iter()
            .take(3)
            .all(|e| e.status == WaitlistStatus::Offered),
        "the first three in line are offered the seats: {first:?}"
    );
    assert_eq!(
        held_and_active(db, course_id).await,
        (SEATS as i64, SEATS as i64)
    );

    // The three offers run out: their deadline moves into the past, and the
    // instances' sweepers (every 30 s each) end them and offer the seats on.
    let offered: Vec<i64> = first.iter().filter_map(|e| e.booking_id).collect();
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE bookings SET hold_expires_at = NOW() - INTERVAL '1 minute' WHERE id IN ({})",
            offered
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
    .await
    .expect("deadlines pass");
    let deadline = Instant::now() + SETTLE_WITHIN + Duration::from_secs(30);
    let second = loop {
        let all = entries().await;
        if count(&all, WaitlistStatus::Expired) == 3 && count(&all, WaitlistStatus::Offered) == 3 {
            break all;
        }
        assert!(Instant::now() < deadline, "expired and offered on: {all:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let statuses: Vec<WaitlistStatus> = second.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses[..6],
        [
            WaitlistStatus::Expired,
            WaitlistStatus::Expired,
            WaitlistStatus::Expired,
            WaitlistStatus::Offered,
            WaitlistStatus::Offered,
            WaitlistStatus::Offered
        ],
        "in order down the list"
    );
    assert_eq!(count(&second, WaitlistStatus::Waiting), WAITING - 6);
    // One booking per offer, nobody with two, the seats adding up.
    let mut offer_bookings: Vec<i64> = second.iter().filter_map(|e| e.booking_id).collect();
    offer_bookings.sort_unstable();
    offer_bookings.dedup();
    assert_eq!(offer_bookings.len(), 6, "six offers, six bookings");
    assert_eq!(
        held_and_active(db, course_id).await,
        (SEATS as i64, SEATS as i64)
    );
    let offers_emailed = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.starts_with("seat_offered:"))
        .all(db)
        .await
        .expect("outbox");
    assert_eq!(offers_emailed.len(), 6, "each offer emailed once");
}

/// Why the run has not settled yet, or `None` when it has: ten confirmed,
/// every simulator event recorded and accepted at least twice, ten
/// confirmation emails sent.
async fn not_settled(
    db: &DatabaseConnection,
    sim: &stripe_sim::SimHandle,
    forwarder: &Forwarder,
    smtp: &SmtpServer,
) -> Option<String> {
    let confirmed = booking::Entity::find()
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .all(db)
        .await
        .expect("bookings")
        .len();
    if confirmed < SEATS {
        return Some(format!("{confirmed} bookings confirmed"));
    }
    let events = sim_events(sim).await;
    let recorded: HashSet<String> = stripe_event::Entity::find()
        .all(db)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.id)
        .collect();
    if let Some(missing) = events.keys().find(|id| !recorded.contains(*id)) {
        return Some(format!(
            "event {missing} ({}) not recorded",
            events[missing]
        ));
    }
    {
        let log = forwarder.log.lock().expect("lock");
        if let Some(id) = events
            .keys()
            .find(|id| log.get(*id).is_none_or(|d| d.accepted() < 2))
        {
            return Some(format!(
                "event {id} accepted fewer than twice: {:?}",
                log.get(id).map(|d| &d.statuses)
            ));
        }
    }
    let sent = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.eq("sent"))
        .filter(email_outbox::Column::DedupeKey.starts_with("booking_confirmed:"))
        .all(db)
        .await
        .expect("outbox")
        .len();
    let received = smtp
        .messages()
        .iter()
        .filter(|m| header(m, "Subject").is_some_and(|s| s.starts_with("Booking confirmed")))
        .count();
    if sent < SEATS || received < SEATS {
        return Some(format!("{sent} emails sent, {received} received"));
    }
    None
}

/// The simulator's events: id → type (all pages of `GET /v1/events`).
async fn sim_events(sim: &stripe_sim::SimHandle) -> BTreeMap<String, String> {
    let http = reqwest::Client::new();
    let mut out = BTreeMap::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = format!("{}/v1/events?limit=100", sim.base_url);
        if let Some(id) = &after {
            url.push_str(&format!("&starting_after={id}"));
        }
        let page: Value = http
            .get(url)
            .bearer_auth(&sim.api_key)
            .send()
            .await
            .expect("list events")
            .json()
            .await
            .expect("json");
        let data = page["data"].as_array().expect("data");
        for e in data {
            out.insert(
                e["id"].as_str().expect("id").to_owned(),
                e["type"].as_str().expect("type").to_owned(),
            );
        }
        match (page["has_more"].as_bool(), data.last()) {
            (Some(true), Some(last)) => after = last["id"].as_str().map(str::to_owned),
            _ => return out,
        }
    }
}

/// `seats_held` and the number of active bookings.
async fn held_and_active(db: &DatabaseConnection, course_id: i64) -> (i64, i64) {
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT CAST(seats_held AS BIGINT) AS held, \
                 (SELECT COUNT(*) FROM bookings b WHERE b.course_id = c.id \
                  AND b.status IN ('pending_payment', 'confirmed')) AS active \
                 FROM courses c WHERE c.id = {course_id}"
            ),
        ))
        .await
        .expect("query")
        .expect("the course");
    (
        row.try_get("", "held").expect("held"),
        row.try_get("", "active").expect("active"),
    )
}

/// A published, paid, 10-seat course a month from now.
async fn create_course(db: &DatabaseConnection) -> i64 {
    let now = Utc::now();
    let starts = now + chrono::Duration::days(30);
    course::ActiveModel {
        title: Set(TITLE.into()),
        description: Set("Two instances, one kiln.".into()),
        location: Set("Studio 2".into()),
        price: Set(4900),
        currency: Set(Currency::Eur),
        capacity: Set(SEATS as i32),
        seats_held: Set(0),
        starts_at: Set(starts),
        ends_at: Set(starts + chrono::Duration::hours(3)),
        status: Set(CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course")
    .id
}

/// The members' emails. All but the first two exist already, with a cheap
/// argon2id hash of `PASSWORD` (verification reads the parameters from the
/// hash); the first two sign up over HTTP.
async fn create_members(db: &DatabaseConnection) -> Vec<String> {
    let emails: Vec<String> = (0..MEMBERS)
        .map(|i| format!("member{i:03}@example.com"))
        .collect();
    let params = Params::new(Params::MIN_M_COST, 1, 1, None).expect("params");
    let salt = SaltString::encode_b64(b"multi-instance-test").expect("salt");
    let hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(PASSWORD.as_bytes(), &salt)
        .expect("hash")
        .to_string();
    let now = Utc::now();
    let rows = emails
        .iter()
        .enumerate()
        .skip(2)
        .map(|(i, email)| user::ActiveModel {
            email: Set(email.clone()),
            password_hash: Set(hash.clone()),
            display_name: Set(format!("Member {i}")),
            role: Set(Role::Member),
            time_zone: Set("UTC".into()),
            email_confirmed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    user::Entity::insert_many(rows)
        .exec(db)
        .await
        .expect("members");
    emails
}

/// A member's browser: keeps cookies, follows no redirects.
fn member_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

/// POSTs a form to an instance, from that instance's own pages (`Origin`).
async fn post(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{base}{path}"))
        .header(reqwest::header::ORIGIN, base)
        .form(fields)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {base}{path}: {e}"))
}

/// Pays on the simulator's hosted checkout page as a browser would post it.
async fn pay(url: &str, card: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
        .post(url)
        .form(&[
            ("email", "member@example.com"),
            ("card_number", card),
            ("card_expiry", "12 / 34"),
            ("card_cvc", "123"),
        ])
        .send()
        .await
        .expect("pay")
}

/// Waits for every task, re-raising the first panic.
async fn join_all<T: 'static>(mut tasks: JoinSet<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(tasks.len());
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(v) => out.push(v),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("task failed: {e}"),
        }
    }
    out
}

/// A header of a raw message (unfolded headers only).
/// The subject line of the email that confirms a new member's address.
const CONFIRM_SUBJECT: &str = "Confirm your email address";

/// The token of the confirmation link emailed to `email`: from the outbox
/// while it waits, or from the message the SMTP server received once sent
/// (the outbox row is blanked then).
async fn confirmation_token(db: &DatabaseConnection, smtp: &SmtpServer, email: &str) -> String {
    const LINK: &str = "/confirm-email?token=";
    let take = |text: &str| -> Option<String> {
        let text = text.replace("=\r\n", "").replace("=3D", "=");
        let at = text.find(LINK)? + LINK.len();
        text.get(at..at + 64).map(str::to_owned)
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let row = email_outbox::Entity::find()
            .filter(email_outbox::Column::Recipient.eq(email))
            .filter(email_outbox::Column::DedupeKey.starts_with("confirm_email:"))
            .one(db)
            .await
            .expect("outbox");
        if let Some(token) = row.and_then(|r| take(&r.body_text)) {
            return token;
        }
        let sent = smtp.messages().into_iter().find(|m| {
            header(m, "To").is_some_and(|to| to.eq_ignore_ascii_case(email))
                && header(m, "Subject").is_some_and(|s| s.starts_with(CONFIRM_SUBJECT))
        });
        if let Some(token) = sent.and_then(|m| take(&m)) {
            return token;
        }
        assert!(
            Instant::now() < deadline,
            "no confirmation link for {email}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message
        .split("\r\n")
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
}

// ---- processes ---------------------------------------------------------

/// A fresh PostgreSQL database, dropped (forcibly) when this is dropped,
/// even after a failed assertion.
struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    async fn create(admin_url: &str) -> TestDatabase {
        let name = format!("tessera_t_{}", uuid::Uuid::new_v4().simple());
        let conn = Database::connect(admin_url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create a test database");
        conn.close().await.ok();
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("TEST_DATABASE_URL ends with /dbname");
        TestDatabase {
            admin_url: admin_url.to_owned(),
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        // Its own thread and runtime: this may run inside the test's runtime.
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async {
                let conn = Database::connect(&admin).await.map_err(|e| e.to_string())?;
                conn.execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                ))
                .await
                .map_err(|e| e.to_string())?;
                conn.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "multi_instance: could not drop {} ({dropped:?}); scripts/drop-test-dbs.sh will",
                self.name
            );
        }
    }
}

/// Where the processes' logs go: removed after a pass, kept after a failure.
struct LogDir(PathBuf);

impl LogDir {
    fn new() -> LogDir {
        let dir = std::env::temp_dir()
            .join("tessera-tests")
            .join(format!("multi-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("log dir");
        LogDir(dir)
    }
}

impl Drop for LogDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("multi_instance: logs kept in {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A child process, killed (and reaped) when dropped.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `tessera` binary with a clean environment (no stray configuration
/// from the caller's environment or a `.env` file), JSON logs, and the log
/// directory as its working directory.
fn tessera(logs: &LogDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.env_clear();
    for keep in ["PATH", "HOME", "TMPDIR", "RUST_BACKTRACE"] {
        if let Some(v) = std::env::var_os(keep) {
            cmd.env(keep, v);
        }
    }
    cmd.current_dir(&logs.0)
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdin(Stdio::null());
    cmd
}

/// Starts `tessera serve`; the receiver gets its bound address from its
/// "Tessera is serving" log line. Output goes to `{name}.log` / `.stderr`.
fn spawn_instance(
    name: &str,
    logs: &LogDir,
    env: &[(&str, String)],
) -> (Proc, tokio::sync::oneshot::Receiver<SocketAddr>) {
    let stderr = std::fs::File::create(logs.0.join(format!("{name}.stderr"))).expect("stderr");
    let mut log = std::fs::File::create(logs.0.join(format!("{name}.log"))).expect("log");
    let mut cmd = tessera(logs);
    cmd.arg("serve")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(stderr);
    let mut child = cmd.spawn().expect("start tessera serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = writeln!(log, "{line}");
            if tx.is_some()
                && let Ok(v) = serde_json::from_str::<Value>(&line)
                && v["fields"]["message"] == "Tessera is serving"
                && let Some(addr) = v["fields"]["addr"].as_str().and_then(|a| a.parse().ok())
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(addr);
            }
        }
    });
    (Proc(child), rx)
}

/// Waits for an instance to listen and answer `/readyz`; its base URL.
async fn ready(
    logs: &LogDir,
    name: &str,
    addr: tokio::sync::oneshot::Receiver<SocketAddr>,
) -> String {
    let addr = match tokio::time::timeout(Duration::from_secs(90), addr).await {
        Ok(Ok(addr)) => addr,
        outcome => panic!(
            "instance {name} did not start ({}): {}",
            if outcome.is_err() {
                "timed out"
            } else {
                "exited"
            },
            std::fs::read_to_string(logs.0.join(format!("{name}.stderr"))).unwrap_or_default()
        ),
    };
    let base = format!("http://{addr}");
    for _ in 0..100 {
        if reqwest::get(format!("{base}/readyz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return base;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("instance {name} on {base} never became ready");
}

// ---- the webhook forwarder ---------------------------------------------

/// What the forwarder did with one event.
#[derive(Clone, Debug, Default)]
struct Delivered {
    /// The instance its first delivery went to.
    first: usize,
    /// Deliveries sent so far (the next goes to the other instance).
    sent: usize,
    /// (instance, status relayed to the simulator) per finished delivery;
    /// status 0 when the instance could not be reached.
    statuses: Vec<(usize, u16)>,
}

impl Delivered {
    fn accepted(&self) -> usize {
        self.statuses
            .iter()
            .filter(|(_, s)| (200..300).contains(s))
            .count()
    }
}

/// Receives the simulator's webhooks and passes each on, body and
/// `Stripe-Signature` untouched, to instance A or B: an event's deliveries
/// alternate between the two (so its duplicate lands on the other one),
/// and its first delivery goes to A and B in turn. The instance's status is
/// relayed back, so a failure is retried by the simulator.
struct Forwarder {
    addr: SocketAddr,
    targets: OnceLock<[String; 2]>,
    next: AtomicUsize,
    log: Mutex<HashMap<String, Delivered>>,
    http: reqwest::Client,
}

impl Forwarder {
    async fn start() -> Arc<Forwarder> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind forwarder");
        let forwarder = Arc::new(Forwarder {
            addr: listener.local_addr().expect("addr"),
            targets: OnceLock::new(),
            next: AtomicUsize::new(0),
            log: Mutex::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(8))
                .build()
                .expect("client"),
        });
        let app = axum::Router::new()
            .route("/webhook", axum::routing::post(forward))
            .with_state(forwarder.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        forwarder
    }

    fn url(&self) -> String {
        format!("http://{}/webhook", self.addr)
    }
}

async fn forward(
    State(f): State<Arc<Forwarder>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let Some(targets) = f.targets.get() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "no instances yet".into());
    };
    let event_id = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let to = {
        let mut log = f.log.lock().expect("lock");
        let d = log.entry(event_id.clone()).or_insert_with(|| Delivered {
            first: f.next.fetch_add(1, Ordering::SeqCst) % 2,
            ..Delivered::default()
        });
        let to = (d.first + d.sent) % 2;
        d.sent += 1;
        to
    };
    let mut request = f.http.post(&targets[to]).body(body);
    for name in ["content-type", "stripe-signature"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value.as_bytes());
        }
    }
    let (status, text) = match request.send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        }
        Err(e) => (0, e.to_string()),
    };
    if let Some(d) = f.log.lock().expect("lock").get_mut(&event_id) {
        d.statuses.push((to, status));
    }
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        text,
    )
}

// ---- a loopback SMTP server (from tests/api/smtp.rs) -------------------

/// A small, real SMTP server on loopback: enough of RFC 5321 for lettre
/// (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT); keeps every message.
#[derive(Clone)]
struct SmtpServer {
    addr: SocketAddr,
    messages: Arc<Mutex<Vec<String>>>,
}

impl SmtpServer {
    async fn start() -> SmtpServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind smtp");
        let server = SmtpServer {
            addr: listener.local_addr().expect("addr"),
            messages: Arc::default(),
        };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(stream).await;
                });
            }
        });
        server
    }

    /// `smtp://127.0.0.1:PORT`.
    fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Every message accepted so far (raw, dot-unstuffed).
    fn messages(&self) -> Vec<String> {
        self.messages.lock().expect("lock").clone()
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
        let (read, mut write) = stream.into_split();
        let mut lines = tokio::io::BufReader::new(read).lines();
        write.write_all(b"220 test.local ESMTP ready\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
            } else if upper.starts_with("HELO")
                || upper.starts_with("MAIL FROM")
                || upper.starts_with("RCPT TO")
                || upper.starts_with("RSET")
                || upper.starts_with("NOOP")
            {
                b"250 OK\r\n"
            } else if upper.starts_with("DATA") {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut message = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    message.push_str(
                        l.strip_prefix('.')
                            .filter(|_| l.starts_with(".."))
                            .unwrap_or(&l),
                    );
                    message.push_str("\r\n");
                }
                self.messages.lock().expect("lock").push(message);
                b"250 2.0.0 Queued\r\n"
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            } else {
                b"502 Command not implemented\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}
