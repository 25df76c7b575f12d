//! Accounts over HTTP: sign-up, sign-in, sign-out, sessions, protection.

use crate::support::{TestApp, session_cookie, spawn_app};
use sea_orm::EntityTrait;
use tessera::service::accounts::create_admin;

const PASSWORD: &str = "correct horse battery";

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn member(app: &TestApp) {
    let res = app.signup("ada@example.com", PASSWORD).await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "signup: {}",
        res.status()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_signs_you_in() {
    let app = spawn_app().await;
    let res = app.signup("  Ada@Example.COM ", PASSWORD).await;
    // Server functions answer 200 and name the next page in `Location`
    // (the browser-side client follows it).
    assert_eq!(res.status(), 200);
    // `?welcome`: the catalog greets the new member.
    assert_eq!(location(&res), "/courses?welcome");
    let me = app.who_am_i().await;
    assert_eq!(
        me["email"], "ada@example.com",
        "email is trimmed and lower-cased"
    );
    assert_eq!(me["display_name"], "Ada Lovelace");
    assert_eq!(me["role"], "member");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_httponly_and_lax() {
    let app = spawn_app().await;
    let res = app.signup("ada@example.com", PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tessera_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_sign_up_details_are_named_field_by_field_and_nothing_is_created() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            "/api/signup",
            &[
                ("email", "not-an-email"),
                ("display_name", " "),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "validation");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, vec!["email", "display_name", "password"]);
    assert_eq!(app.who_am_i().await, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_email_makes_no_second_account_whatever_its_case() {
    let app = spawn_app().await;
    member(&app).await;
    let other = app.another_client();
    other.signup("ADA@example.com", "another password 1").await;
    assert!(other.who_am_i().await.is_null(), "not signed in as anyone");
    let accounts = tessera::entity::user::Entity::find()
        .all(&app.db)
        .await
        .expect("q");
    assert_eq!(accounts.len(), 1, "no second account");
    assert_eq!(
        app.another_client()
            .login("ada@example.com", "another password 1")
            .await
            .status(),
        401,
        "the existing account keeps its password"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    member(&app).await;
    let other = app.another_client();
    let wrong = other.login("ada@example.com", "wrong password!!").await;
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.expect("body");
    let unknown = other.login("nobody@example.com", "wrong password!!").await;
    assert_eq!(wrong_status, 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong_body, unknown.text().await.expect("body"));
    assert!(wrong_body.contains("don't match an account"));
    assert_eq!(other.who_am_i().await, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_never_keeps_a_planted_session_id() {
    let app = spawn_app().await;
    member(&app).await;
    // An attacker plants a session id in the victim's browser…
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let victim = app.with_session_cookie(planted);
    let res = victim
        .post(format!("{}/api/login", app.address))
        .form(&[("email", "ada@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let issued = session_cookie(&res).expect("a session cookie");
    // …but signing in issues a fresh one.
    assert_ne!(issued, planted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_sign_in_gets_a_new_session_id() {
    let app = spawn_app().await;
    member(&app).await;
    let client = app.another_client();
    let first = session_cookie(&client.login("ada@example.com", PASSWORD).await).expect("cookie");
    client
        .client
        .post(format!("{}/logout", app.address))
        .send()
        .await
        .expect("logout");
    let second = session_cookie(&client.login("ada@example.com", PASSWORD).await).expect("cookie");
    assert_ne!(first, second, "a new sign-in must get a new session id");
    // The old id no longer names a signed-in session.
    let stale = app.with_session_cookie(&first);
    let me: serde_json::Value = stale
        .post(format!("{}/api/who_am_i", app.address))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(me, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let res = app.signup("ada@example.com", PASSWORD).await;
    let cookie = session_cookie(&res).expect("cookie");
    let out = app
        .client
        .post(format!("{}/logout", app.address))
        .send()
        .await
        .expect("logout");
    assert_eq!(out.status(), 303);
    assert_eq!(location(&out), "/");
    assert_eq!(app.who_am_i().await, serde_json::Value::Null);
    // Replaying the old cookie does not bring the session back.
    let replay = app.with_session_cookie(&cookie);
    let me: serde_json::Value = replay
        .post(format!("{}/api/who_am_i", app.address))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(me, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_ends_other_sessions_but_not_this_one() {
    let app = spawn_app().await;
    member(&app).await;
    let laptop = app.another_client();
    laptop.login("ada@example.com", PASSWORD).await;
    assert_eq!(laptop.who_am_i().await["email"], "ada@example.com");

    let res = app
        .post_form(
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.who_am_i().await["email"],
        "ada@example.com",
        "this session stays signed in"
    );
    assert_eq!(
        laptop.who_am_i().await,
        serde_json::Value::Null,
        "the other session ended"
    );
    assert_eq!(
        laptop.login("ada@example.com", PASSWORD).await.status(),
        401,
        "old password refused"
    );
    assert_eq!(
        laptop
            .login("ada@example.com", "a brand new passphrase")
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protected_pages_send_you_to_sign_in_and_back() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/bookings?tab=past", app.address))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?next=/bookings%3Ftab%3Dpast");
    for path in [
        "/bookings/1",
        "/payment/success?session_id=cs_1",
        "/admin/courses",
        "/account",
    ] {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), 303, "{path}");
        assert!(location(&res).starts_with("/login?next=/"), "{path}");
    }
    member(&app).await;
    let other = app.another_client();
    let res = other
        .post_form(
            "/api/login",
            &[
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("next", "/bookings?tab=past"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/bookings?tab=past");
    let (status, html) = other.get("/bookings").await;
    assert_eq!(status, 200);
    assert!(html.contains("My bookings"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_redirects_are_refused() {
    let app = spawn_app().await;
    member(&app).await;
    for next in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let client = app.another_client();
        let res = client
            .post_form(
                "/api/login",
                &[
                    ("email", "ada@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(location(&res), "/courses", "next={next:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_server_function_call_is_401() {
    let app = spawn_app().await;
    let res = app
        .post_form(
            "/api/change_password",
            &[("current_password", "x"), ("new_password", "y")],
        )
        .await;
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "not_authenticated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_get_403_on_admin_pages_and_admins_get_in() {
    let app = spawn_app().await;
    member(&app).await;
    let (status, html) = app.get("/admin/courses").await;
    assert_eq!(status, 403);
    assert!(html.contains("This page is for administrators."));

    create_admin(&app.db, "root@example.com", "Root", "admin password 1")
        .await
        .expect("admin");
    let admin = app.another_client();
    admin.login("root@example.com", "admin password 1").await;
    assert_eq!(admin.who_am_i().await["role"], "admin");
    let (status, _) = admin.get("/admin/courses").await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_public_pages_say_noindex_and_the_catalog_does_not() {
    let app = spawn_app().await;
    member(&app).await;
    for path in ["/bookings", "/login", "/account"] {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("get");
        assert_eq!(
            res.headers()
                .get("x-robots-tag")
                .map(|v| v.to_str().unwrap_or_default()),
            Some("noindex"),
            "{path}"
        );
        let html = res.text().await.expect("html");
        assert!(
            html.contains(r#"<meta name="robots" content="noindex""#),
            "{path} lacks the meta tag"
        );
    }
    for path in ["/", "/courses"] {
        let res = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("get");
        assert!(res.headers().get("x-robots-tag").is_none(), "{path}");
        assert!(
            !res.text().await.expect("html").contains("noindex"),
            "{path}"
        );
    }
}
