//! A confirmed email address: sign-up sends a link, an unconfirmed account
//! may sign in and browse but not book or wait, and moving to a new address
//! takes a link sent there.

use crate::support::{TestApp, published_course, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::entity::{account_link, booking, email_outbox, user};

const PASSWORD: &str = "correct horse battery";

async fn book(app: &TestApp, course: tessera::CourseId) -> reqwest::Response {
    app.post_form(
        "/api/book_course",
        &[("course_id", &course.to_string()), ("seats", "1")],
    )
    .await
}

async fn code(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

async fn confirm(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_form("/api/confirm_email", &[("token", token)])
        .await
}

async fn confirm_token(app: &TestApp, email: &str) -> String {
    app.emailed_token(email, "confirm_email", "/confirm-email")
        .await
        .expect("a confirmation email")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_account_cannot_book_or_wait_until_it_follows_its_link() {
    let app = spawn_app().await;
    let course = published_course(&app.db, 5, 1).await;
    assert_eq!(
        app.sign_up_only("ada@example.com", PASSWORD).await.status(),
        200
    );
    assert_eq!(
        app.who_am_i().await,
        serde_json::Value::Null,
        "not signed in"
    );

    // Signing in works; booking and waiting do not, and change nothing.
    assert_eq!(app.login("ada@example.com", PASSWORD).await.status(), 200);
    assert_eq!(app.who_am_i().await["email_confirmed"], false);
    assert_eq!(
        code(book(&app, course).await).await,
        (403, "email_not_confirmed".to_owned())
    );
    let wait = app
        .post_form("/api/join_waitlist", &[("course_id", &course.to_string())])
        .await;
    assert_eq!(code(wait).await, (403, "email_not_confirmed".to_owned()));
    assert!(
        booking::Entity::find()
            .all(&app.db)
            .await
            .expect("q")
            .is_empty()
    );

    // "Send the link again": a second link; either works until one is used.
    let first = confirm_token(&app, "ada@example.com").await;
    assert_eq!(
        app.post_form("/api/resend_confirmation", &[])
            .await
            .status(),
        200
    );
    let second = confirm_token(&app, "ada@example.com").await;
    assert_ne!(first, second);

    let phone = app.another_client();
    assert_eq!(confirm(&phone, &second).await.status(), 200);
    assert_eq!(phone.who_am_i().await["email"], "ada@example.com");
    assert_eq!(phone.who_am_i().await["email_confirmed"], true);
    assert_eq!(book(&phone, course).await.status(), 200);
    // The session signed in before confirming may book now too.
    assert_eq!(app.who_am_i().await["email_confirmed"], true);
    // And the other link is spent with it.
    assert_eq!(
        code(confirm(&app.another_client(), &first).await).await,
        (410, "link_invalid".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_link_works_once_and_a_tampered_one_not_at_all() {
    let app = spawn_app().await;
    app.sign_up_only("ada@example.com", PASSWORD).await;
    let token = confirm_token(&app, "ada@example.com").await;

    // Only the token's hash is kept.
    let links = account_link::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(links.len(), 1);
    assert!(!links[0].token_hash.contains(&token));

    let mut tampered = token.clone().into_bytes();
    tampered[10] = if tampered[10] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).expect("hex");
    for bad in [tampered.as_str(), "not a token", ""] {
        let stranger = app.another_client();
        assert_eq!(
            code(confirm(&stranger, bad).await).await,
            (410, "link_invalid".to_owned()),
            "{bad}"
        );
        assert_eq!(stranger.who_am_i().await, serde_json::Value::Null);
    }
    let unconfirmed = user::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("ada");
    assert_eq!(unconfirmed.email_confirmed_at, None);

    let (status, page) = app.get(&format!("/confirm-email?token={token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Confirm and sign in"), "{page}");

    assert_eq!(confirm(&app, &token).await.status(), 200);
    let again = app.another_client();
    assert_eq!(
        code(confirm(&again, &token).await).await,
        (410, "link_invalid".to_owned())
    );
    assert_eq!(again.who_am_i().await, serde_json::Value::Null);
    let (_, page) = again.get(&format!("/confirm-email?token={token}")).await;
    assert!(page.contains("expired or was already used"), "{page}");
}

async fn ask_to_move(app: &TestApp, new: &str, password: &str) -> reqwest::Response {
    app.post_form(
        "/api/request_email_change",
        &[("new_email", new), ("password", password)],
    )
    .await
}

async fn move_token(app: &TestApp, new: &str) -> Option<String> {
    app.emailed_token(new, "email_change", "/change-email")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_email_needs_the_link_from_the_new_address() {
    let app = spawn_app().await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);

    let wrong = ask_to_move(&app, "ada@new.example", "not my password").await;
    assert_eq!(wrong.status(), 422);
    let body: serde_json::Value = wrong.json().await.expect("json");
    assert_eq!(body["fields"][0]["field"], "password");
    let same = ask_to_move(&app, "ADA@example.com", PASSWORD).await;
    assert_eq!(same.status(), 422);
    assert!(move_token(&app, "ada@new.example").await.is_none());

    assert_eq!(
        ask_to_move(&app, "Ada@New.example", PASSWORD)
            .await
            .status(),
        200
    );
    // The old address is told; nothing moves until the link is followed.
    let notice = email_outbox::Entity::find()
        .filter(email_outbox::Column::DedupeKey.starts_with("email_change_notice:"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a notice");
    assert_eq!(notice.recipient, "ada@example.com");
    assert!(notice.body_text.contains("ada@new.example"));
    assert!(
        !notice.body_text.contains("/change-email"),
        "no link to the old address"
    );
    assert_eq!(app.who_am_i().await["email"], "ada@example.com");
    assert_ne!(
        app.another_client()
            .login("ada@new.example", PASSWORD)
            .await
            .status(),
        200
    );

    let token = move_token(&app, "ada@new.example").await.expect("a link");
    let elsewhere = app.another_client();
    assert_eq!(
        elsewhere
            .post_form("/api/change_email", &[("token", &token)])
            .await
            .status(),
        200
    );
    assert_eq!(elsewhere.who_am_i().await["email"], "ada@new.example");
    assert_eq!(app.who_am_i().await["email"], "ada@new.example");
    assert_eq!(
        app.another_client()
            .login("ada@new.example", PASSWORD)
            .await
            .status(),
        200
    );
    assert_ne!(
        app.another_client()
            .login("ada@example.com", PASSWORD)
            .await
            .status(),
        200
    );
    let again = app
        .another_client()
        .post_form("/api/change_email", &[("token", &token)])
        .await;
    assert_eq!(code(again).await, (410, "link_invalid".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_calls_off_a_move_and_a_taken_address_gets_nothing() {
    let app = spawn_app().await;
    app.another_client()
        .signup("bob@example.com", PASSWORD)
        .await;
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);

    // Bob's address: answered like any other, nothing sent to Bob.
    assert_eq!(
        ask_to_move(&app, "bob@example.com", PASSWORD)
            .await
            .status(),
        200
    );
    assert!(move_token(&app, "bob@example.com").await.is_none());

    // Someone who knew the password asks to move the account; its owner
    // changes the password, which calls the move off.
    assert_eq!(
        ask_to_move(&app, "thief@example.com", PASSWORD)
            .await
            .status(),
        200
    );
    let token = move_token(&app, "thief@example.com").await.expect("a link");
    let changed = app
        .post_form(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 200);
    let thief = app.another_client();
    let res = thief
        .post_form("/api/change_email", &[("token", &token)])
        .await;
    assert_eq!(code(res).await, (410, "link_invalid".to_owned()));
    assert_eq!(thief.who_am_i().await, serde_json::Value::Null);
    assert_eq!(app.who_am_i().await["email"], "ada@example.com");
}
