//! `/admin/people`: finding people, inviting admins by a link that sets a
//! password, blocking members (their sessions end, their bookings stay).

use crate::support::{TestApp, admin, published_course, spawn_app};
use chrono::{Duration, Utc};
use sea_orm::EntityTrait;
use tessera::entity::booking;
use tessera::service::account_links::LinkToken;
use tessera::service::people;
use tessera::{BookingStatus, UserId};

const PASSWORD: &str = "correct horse battery";

async fn code(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    (status, body["code"].as_str().unwrap_or_default().to_owned())
}

async fn list(client: &TestApp, q: &str) -> reqwest::Response {
    client.post_form("/api/list_people", &[("q", q)]).await
}

async fn emails(client: &TestApp, q: &str) -> Vec<String> {
    let page: serde_json::Value = list(client, q).await.json().await.expect("json");
    let mut found: Vec<String> = page["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["email"].as_str().expect("email").to_owned())
        .collect();
    found.sort();
    found
}

async fn member(app: &TestApp, email: &str) -> TestApp {
    let m = app.another_client();
    assert_eq!(m.signup(email, PASSWORD).await.status(), 200);
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_find_people_by_name_or_email_and_members_cannot() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let ada = member(&app, "ada@example.com").await;
    member(&app, "bob@elsewhere.example").await;

    assert_eq!(emails(&root, "ADA@").await, ["ada@example.com"]);
    assert_eq!(emails(&root, "elsewhere").await, ["bob@elsewhere.example"]);
    // Both signed up as "Ada Lovelace" (the test helper's name).
    assert_eq!(
        emails(&root, "lovelace").await,
        ["ada@example.com", "bob@elsewhere.example"]
    );
    // LIKE's wildcards are taken as they are typed.
    assert!(emails(&root, "%").await.is_empty());
    assert!(emails(&root, "a_a").await.is_empty());
    assert_eq!(emails(&root, "").await.len(), 3, "everyone, the admin too");

    assert_eq!(code(list(&ada, "").await).await.0, 403);
    assert_eq!(code(list(&app.another_client(), "").await).await.0, 401);
}

async fn invite(root: &TestApp, email: &str, name: &str) -> reqwest::Response {
    root.post_form("/api/invite_admin", &[("email", email), ("name", name)])
        .await
}

async fn accept(client: &TestApp, token: &str, password: &str) -> reqwest::Response {
    client
        .post_form(
            "/api/accept_invitation",
            &[("token", token), ("password", password)],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_sets_a_password_once_and_makes_an_admin() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    assert_eq!(
        invite(&root, "grace@example.com", "Grace Hopper")
            .await
            .status(),
        200
    );
    // Before accepting, the address signs in with nothing.
    assert_ne!(
        app.another_client()
            .login("grace@example.com", "!invited")
            .await
            .status(),
        200
    );
    let token = app
        .emailed_token("grace@example.com", "admin_invite", "/accept-invite")
        .await
        .expect("an invitation");

    let grace = app.another_client();
    assert_eq!(accept(&grace, &token, "short").await.status(), 422);
    assert_eq!(
        accept(&grace, &token, "a long new admin password")
            .await
            .status(),
        200
    );
    let me = grace.who_am_i().await;
    assert_eq!(me["email"], "grace@example.com");
    assert_eq!(me["role"], "admin");
    assert_eq!(me["email_confirmed"], true);
    let (status, _) = grace.get("/admin/courses").await;
    assert_eq!(status, 200);

    let again = accept(&app.another_client(), &token, "another long password").await;
    assert_eq!(code(again).await, (410, "link_invalid".to_owned()));
    assert_eq!(
        app.another_client()
            .login("grace@example.com", "a long new admin password")
            .await
            .status(),
        200
    );

    // An admin already: nothing to invite.
    let twice = invite(&root, "grace@example.com", "Grace").await;
    assert_eq!(twice.status(), 422);
    // A member cannot invite.
    let ada = member(&app, "ada@example.com").await;
    assert_eq!(invite(&ada, "eve@example.com", "Eve").await.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_expires_after_seven_days() {
    let app = spawn_app().await;
    let sent = Utc::now() - Duration::days(7) - Duration::minutes(1);
    people::invite(
        &app.db,
        "Root",
        "late@example.com",
        "Late",
        people::Invitee::Admin,
        sent,
    )
    .await
    .expect("invite");
    let token = app
        .emailed_token("late@example.com", "admin_invite", "/accept-invite")
        .await
        .expect("an invitation");
    let res = accept(&app.another_client(), &token, "a long new admin password").await;
    assert_eq!(code(res).await, (410, "link_invalid".to_owned()));
    let tampered = LinkToken::parse(&"0".repeat(64)).expect("token");
    assert!(matches!(
        people::accept_invitation(&app.db, &tampered, "a long new admin password", Utc::now())
            .await,
        Err(people::AcceptError::InvalidLink)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_members_session_is_refused_on_its_next_request() {
    let app = spawn_app().await;
    let root = admin(&app).await;
    let ada = member(&app, "ada@example.com").await;
    let course = published_course(&app.db, 5, 1).await;
    let held = ada
        .post_form("/api/book_course", &[("course_id", &course.to_string())])
        .await;
    assert_eq!(held.status(), 200);
    let id = ada.who_am_i().await["id"].as_i64().expect("id");

    let block = |blocked: &'static str| {
        let root = &root;
        async move {
            root.post_form(
                "/api/set_member_blocked",
                &[("id", &id.to_string()), ("blocked", blocked)],
            )
            .await
        }
    };
    assert_eq!(block("true").await.status(), 200);
    assert_eq!(ada.who_am_i().await, serde_json::Value::Null, "signed out");
    let again = app
        .another_client()
        .login("ada@example.com", PASSWORD)
        .await;
    assert_eq!(code(again).await, (403, "account_blocked".to_owned()));
    // Their booking is as it was.
    let bookings = booking::Entity::find().all(&app.db).await.expect("q");
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0].status, BookingStatus::PendingPayment);

    // An admin cannot be blocked (nor block themselves).
    let root_id = root.who_am_i().await["id"].as_i64().expect("id");
    let res = root
        .post_form(
            "/api/set_member_blocked",
            &[("id", &root_id.to_string()), ("blocked", "true")],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(matches!(
        people::set_blocked(&app.db, UserId(root_id), true, Utc::now()).await,
        Err(people::BlockError::NotAMember)
    ));

    assert_eq!(block("false").await.status(), 200);
    assert_eq!(
        app.another_client()
            .login("ada@example.com", PASSWORD)
            .await
            .status(),
        200
    );
}
