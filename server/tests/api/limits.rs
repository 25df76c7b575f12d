//! Rate limits: sign-in per IP and per account, sign-up per IP, booking per
//! member; answered with 429, `Retry-After` and our `rate_limited` error.
//! The webhook and page views are never limited.

use crate::support::{TestApp, spawn_app_with};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use stripe_sim::sign;
use tessera::entity::{booking, user};
use tessera::{ApiError, ErrorCode};
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

/// Sign-in from a given `X-Forwarded-For`.
async fn login_from(app: &TestApp, forwarded_for: &str, email: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/login", app.address))
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", "not the password")])
        .send()
        .await
        .expect("login")
}

/// Asserts a proper refusal: 429, whole seconds to wait, our error as JSON.
async fn assert_limited(res: reqwest::Response) {
    assert_eq!(res.status(), 429);
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in whole seconds");
    assert!(retry_after >= 1);
    let error: ApiError = res.json().await.expect("our error as JSON");
    assert_eq!(error.code, ErrorCode::RateLimited);
    assert_eq!(
        error.message,
        ErrorCode::RateLimited.message(tessera::i18n::Lang::En)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_over_the_per_ip_limit_is_429_with_retry_after() {
    let app = spawn_app_with(&[
        ("RATE_LIMIT_LOGIN_PER_IP", "3/minute"),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "0"),
    ])
    .await;
    // X-Forwarded-For is not trusted by default: changing it changes nothing.
    for i in 0..3 {
        let res = login_from(
            &app,
            &format!("198.51.100.{i}"),
            &format!("u{i}@example.com"),
        )
        .await;
        assert_ne!(res.status(), 429, "attempt {i} is within the limit");
    }
    assert_limited(login_from(&app, "198.51.100.99", "someone@example.com").await).await;
    // Pages are never limited.
    let (status, _) = app.get("/login").await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_per_account_is_counted_per_client_address() {
    let app = spawn_app_with(&[
        ("TRUST_FORWARDED_FOR", "1"),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "2/minute"),
        ("RATE_LIMIT_LOGIN_PER_IP", "3/minute"),
    ])
    .await;
    assert_eq!(
        app.signup("victim@example.com", PASSWORD).await.status(),
        200
    );
    let attacker = app.another_client();
    for (i, email) in ["victim@example.com", "VICTIM@Example.com"]
        .iter()
        .enumerate()
    {
        let res = login_from(&attacker, "203.0.113.1", email).await;
        assert_ne!(res.status(), 429, "attempt {i} is within the limit");
    }
    // A third try at the same account from the same address (in any case):
    // refused, even with the right password.
    let res = attacker
        .client
        .post(format!("{}/api/login", app.address))
        .header("x-forwarded-for", "203.0.113.1, 10.0.0.1")
        .form(&[("email", " Victim@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_limited(res).await;
    // The same account from another address, and another account, are not.
    let res = login_from(&attacker, "203.0.113.77", "victim@example.com").await;
    assert_ne!(res.status(), 429);
    let res = login_from(&attacker, "203.0.113.200", "other@example.com").await;
    assert_ne!(res.status(), 429);

    // Per IP, keyed by the trusted X-Forwarded-For entry.
    for i in 0..3 {
        let res = login_from(&attacker, "192.0.2.10", &format!("n{i}@example.com")).await;
        assert_ne!(res.status(), 429, "attempt {i} is within the limit");
    }
    assert_limited(login_from(&attacker, "192.0.2.10", "n9@example.com").await).await;
    let res = login_from(&attacker, "192.0.2.11", "n10@example.com").await;
    assert_ne!(res.status(), 429, "another client address is unaffected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_over_the_per_ip_limit_is_429_and_creates_no_account() {
    let app = spawn_app_with(&[("RATE_LIMIT_SIGNUP_PER_IP", "2/hour")]).await;
    for i in 0..2 {
        let res = app
            .another_client()
            .signup(&format!("new{i}@example.com"), PASSWORD)
            .await;
        assert_eq!(res.status(), 200, "sign-up {i} is within the limit");
    }
    let res = app
        .another_client()
        .signup("one-too-many@example.com", PASSWORD)
        .await;
    assert_limited(res).await;
    let created = user::Entity::find()
        .filter(user::Column::Email.eq("one-too-many@example.com"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(created, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booking_over_the_per_member_limit_is_429_and_books_nothing() {
    let app = spawn_app_with(&[("RATE_LIMIT_BOOKING_PER_MEMBER", "2/minute")]).await;
    seed(&app.db).await.expect("seed");
    let courses = tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Status.eq(tessera::CourseStatus::Published))
        .filter(tessera::entity::course::Column::StartsAt.gt(Utc::now()))
        .filter(tessera::entity::course::Column::Price.gt(0))
        .all(&app.db)
        .await
        .expect("courses");
    assert!(courses.len() >= 3, "the sample catalog has paid courses");
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let ada = user::Entity::find()
        .filter(user::Column::Email.eq("ada@example.com"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("ada");
    for c in &courses[..2] {
        let res = app
            .post_form("/api/book_course", &[("course_id", &c.id.to_string())])
            .await;
        assert_eq!(res.status(), 200);
    }
    let res = app
        .post_form(
            "/api/book_course",
            &[("course_id", &courses[2].id.to_string())],
        )
        .await;
    assert_limited(res).await;
    let hers = booking::Entity::find()
        .filter(booking::Column::UserId.eq(ada.id))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(hers, 2, "the refused call booked nothing");
    // Her pages still work.
    let (status, _) = app.get("/bookings").await;
    assert_eq!(status, 200);

    // Another member is unaffected.
    let bob = app.another_client();
    assert_eq!(bob.signup("bob@example.com", PASSWORD).await.status(), 200);
    let res = bob
        .post_form(
            "/api/book_course",
            &[("course_id", &courses[2].id.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_is_never_limited() {
    let app = spawn_app_with(&[
        ("RATE_LIMIT_LOGIN_PER_IP", "1/hour"),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "1/hour"),
        ("RATE_LIMIT_SIGNUP_PER_IP", "1/hour"),
        ("RATE_LIMIT_BOOKING_PER_MEMBER", "1/hour"),
    ])
    .await;
    let client = reqwest::Client::new();
    for i in 0..10 {
        let body = crate::support::event_body(
            &format!("evt_limits_{i}"),
            "limits.ping",
            serde_json::json!({ "id": format!("obj_{i}") }),
        );
        let res = client
            .post(format!("{}/api/stripe/webhook", app.address))
            .header(
                "stripe-signature",
                sign(&body, &app.webhook_secret, Utc::now().timestamp()),
            )
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("deliver");
        assert_eq!(res.status(), 200, "event {i}");
    }
    // Unsigned junk is refused for what it is, not for its number.
    for _ in 0..3 {
        let res = client
            .post(format!("{}/api/stripe/webhook", app.address))
            .body("{}")
            .send()
            .await
            .expect("deliver");
        assert_eq!(res.status(), 400);
    }
}
