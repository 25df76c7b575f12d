//! "Forgot your password?": a link by email, the same answer for every
//! address, a link that works once and for an hour, stored only as a hash,
//! and a new password that ends every other session.

use crate::support::{TestApp, eventually, spawn_app, spawn_app_with};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use tessera::Email;
use tessera::entity::account_link::Purpose;
use tessera::entity::{account_link, email_outbox};
use tessera::service::account_links::LINKS_PER_HOUR;
use tessera::service::password_reset as reset;

const OLD: &str = "correct horse battery";
const NEW: &str = "a brand new passphrase";

/// Ada, signed up (and so signed in) on the returned client.
async fn ada() -> TestApp {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", OLD).await.status(), 200);
    app
}

async fn ask(client: &TestApp, email: &str) -> reqwest::Response {
    client
        .post_form("/api/request_password_reset", &[("email", email)])
        .await
}

async fn set(client: &TestApp, token: &str, password: &str) -> reqwest::Response {
    client
        .post_form(
            "/api/reset_password",
            &[("token", token), ("password", password)],
        )
        .await
}

/// Time for work done after answering (the reset lookup) to finish.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
}

/// The status of signing Ada in with `password` on a new client.
async fn signs_in(app: &TestApp, password: &str) -> u16 {
    app.another_client()
        .login("ada@example.com", password)
        .await
        .status()
        .as_u16()
}

/// The .eml files written for password resets, decoded from
/// quoted-printable, newest last.
fn reset_emails(app: &TestApp) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(&app.mail_dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with("-password_reset.eml"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .expect("eml")
                .replace("=\r\n", "")
                .replace("=\n", "")
                .replace("=3D", "=")
        })
        .collect()
}

/// The token of the `n`th reset email (from 1), as the person would click it.
async fn token_from_email(app: &TestApp, n: usize) -> String {
    eventually("the reset email", async || reset_emails(app).len() >= n).await;
    let mail = &reset_emails(app)[n - 1];
    let at = mail.find("/reset-password?token=").expect("a reset link") + 22;
    let token = &mail[at..at + 64];
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    token.to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_sets_a_new_password_once_and_ends_every_other_session() {
    let app = ada().await;
    let laptop = app.another_client();
    assert_eq!(laptop.login("ada@example.com", OLD).await.status(), 200);
    let stranger = app.another_client();

    let res = ask(&stranger, "Ada@Example.com ").await;
    assert_eq!(res.status(), 200);
    let token = token_from_email(&app, 1).await;

    // Only the token's hash is stored, and the sent email no longer holds it.
    let rows = account_link::Entity::find()
        .filter(account_link::Column::Purpose.eq(Purpose::ResetPassword))
        .all(&app.db)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].token_hash,
        hex::encode(Sha256::digest(token.as_bytes()))
    );
    eventually("the outbox forgets the link", async || {
        email_outbox::Entity::find()
            .all(&app.db)
            .await
            .expect("outbox")
            .iter()
            .all(|r| !r.body_text.contains(&token) && !r.body_html.contains(&token))
    })
    .await;

    // A tampered token (one digit changed) is no link at all.
    let mut tampered = token.clone().into_bytes();
    tampered[10] = if tampered[10] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).expect("hex");
    let res = set(&stranger, &tampered, NEW).await;
    assert_eq!(res.status(), 410);
    assert_eq!(signs_in(&app, OLD).await, 200, "nothing changed");

    let (status, page) = stranger
        .get(&format!("/reset-password?token={token}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("New password"), "{page}");

    assert_eq!(set(&stranger, &token, NEW).await.status(), 200);
    assert_eq!(stranger.who_am_i().await["email"], "ada@example.com");
    assert_eq!(app.who_am_i().await, serde_json::Value::Null, "signed out");
    assert_eq!(
        laptop.who_am_i().await,
        serde_json::Value::Null,
        "signed out"
    );

    let fresh = app.another_client();
    assert_ne!(fresh.login("ada@example.com", OLD).await.status(), 200);
    assert_eq!(fresh.login("ada@example.com", NEW).await.status(), 200);

    // Used: it sets nothing again, and its page says so.
    let again = set(&app.another_client(), &token, "yet another passphrase").await;
    assert_eq!(again.status(), 410);
    let body: serde_json::Value = again.json().await.expect("json");
    assert_eq!(body["code"], "reset_link_invalid");
    let (_, page) = app
        .another_client()
        .get(&format!("/reset-password?token={token}"))
        .await;
    assert!(page.contains("expired or was already used"), "{page}");
    assert!(!page.contains("New password"));
    assert_eq!(signs_in(&app, NEW).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_and_an_unknown_address_get_the_same_answer() {
    let app = ada().await;
    let known = ask(&app.another_client(), "ada@example.com").await;
    let unknown = ask(&app.another_client(), "nobody@example.com").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(known.url().path(), unknown.url().path());
    assert_eq!(
        known.text().await.expect("body"),
        unknown.text().await.expect("body")
    );
    // The lookup happens after answering; the known address gets its email.
    let reset_emails = async || {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::DedupeKey.starts_with("password_reset:"))
            .all(&app.db)
            .await
            .expect("outbox")
    };
    eventually("the reset email", async || !reset_emails().await.is_empty()).await;
    settle().await;
    let sent = reset_emails().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, "ada@example.com");

    // A malformed address is the one thing told apart: nothing to look up.
    let bad = ask(&app.another_client(), "not-an-email").await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_link_sets_nothing() {
    let app = ada().await;
    let email = Email::parse("ada@example.com").expect("email");
    let sent_at = Utc::now() - Purpose::ResetPassword.life() - Duration::minutes(1);
    reset::request(&app.db, &email, sent_at)
        .await
        .expect("request");
    let token = token_from_email(&app, 1).await;

    let res = set(&app.another_client(), &token, NEW).await;
    assert_eq!(res.status(), 410);
    assert_eq!(
        app.who_am_i().await["email"],
        "ada@example.com",
        "still signed in"
    );
    assert_eq!(signs_in(&app, OLD).await, 200, "the password is unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_password_keeps_the_link_and_a_new_link_retires_none() {
    let app = ada().await;
    let stranger = app.another_client();
    ask(&stranger, "ada@example.com").await;
    let first = token_from_email(&app, 1).await;
    ask(&stranger, "ada@example.com").await;
    let second = token_from_email(&app, 2).await;

    let short = set(&stranger, &second, "short").await;
    assert_eq!(short.status(), 422);
    let body: serde_json::Value = short.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "password");

    // Either link works until one is used; then both are spent.
    assert_eq!(set(&stranger, &second, NEW).await.status(), 200);
    assert_eq!(
        set(&stranger, &first, "yet another passphrase")
            .await
            .status(),
        410
    );
    assert_eq!(signs_in(&app, NEW).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_gets_at_most_three_links_an_hour() {
    let app = ada().await;
    for _ in 0..5 {
        assert_eq!(
            ask(&app.another_client(), "ada@example.com").await.status(),
            200
        );
    }
    let links = async || {
        account_link::Entity::find()
            .filter(account_link::Column::Purpose.eq(Purpose::ResetPassword))
            .all(&app.db)
            .await
            .expect("rows")
            .len() as u64
    };
    eventually("three links", async || links().await >= LINKS_PER_HOUR).await;
    settle().await;
    assert_eq!(links().await, LINKS_PER_HOUR);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tries_with_one_link_at_once_set_one_password() {
    let app = ada().await;
    ask(&app.another_client(), "ada@example.com").await;
    let token = token_from_email(&app, 1).await;
    let (a, b) = (app.another_client(), app.another_client());
    let (ra, rb) = tokio::join!(
        set(&a, &token, "first racer passphrase"),
        set(&b, &token, "second racer passphrase")
    );
    let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 410]);
    let winner = if ra.status() == 200 {
        "first racer passphrase"
    } else {
        "second racer passphrase"
    };
    let loser = if ra.status() == 200 {
        "second racer passphrase"
    } else {
        "first racer passphrase"
    };
    assert_eq!(signs_in(&app, winner).await, 200);
    assert_ne!(signs_in(&app, loser).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_links_is_limited_per_client() {
    let app = spawn_app_with(&[("RATE_LIMIT_EMAIL_LINKS_PER_IP", "2/hour")]).await;
    assert_eq!(ask(&app, "a@example.com").await.status(), 200);
    assert_eq!(ask(&app, "b@example.com").await.status(), 200);
    let third = ask(&app, "c@example.com").await;
    assert_eq!(third.status(), 429);
    assert!(third.headers().contains_key("retry-after"));
    // Using a link counts against the same budget.
    let token = "0".repeat(64);
    assert_eq!(set(&app, &token, NEW).await.status(), 429);
}
