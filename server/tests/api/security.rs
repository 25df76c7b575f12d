//! Browser-facing protections over HTTP: the origin check on state-changing
//! requests, the security headers with a per-request CSP nonce, and request
//! ids.

use crate::support::{TestApp, session_cookie, spawn_app, spawn_app_with};
use chrono::Utc;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use stripe_sim::sign;
use tessera::entity::{stripe_event, user};

const PASSWORD: &str = "correct horse battery";
const EVIL: &str = "https://evil.example";

/// A client with no default `Origin`, keeping no cookies: a bare HTTP tool.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn signup_form(email: &str) -> [(&str, &str); 3] {
    [
        ("email", email),
        ("display_name", "Mallory"),
        ("password", PASSWORD),
    ]
}

async fn users(app: &TestApp) -> u64 {
    user::Entity::find().count(&app.db).await.expect("count")
}

fn header(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Asserts the refusal every server-function client can decode.
async fn assert_refused(res: reqwest::Response) {
    assert_eq!(res.status(), 403);
    assert_eq!(
        header(&res, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(session_cookie(&res), None, "a refusal starts no session");
    let body: serde_json::Value = res.json().await.expect("json body");
    assert_eq!(body["code"], "forbidden");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("Tessera's own pages")),
        "{body}"
    );
}

/// The nonce in a `Content-Security-Policy` header.
fn csp_nonce(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    let len = csp[start..].find('\'').expect("closing quote");
    csp[start..start + len].to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_post_to_a_server_function_is_refused_and_does_nothing() {
    let app = spawn_app().await;
    app.signup("ada@example.com", PASSWORD).await;
    let before = users(&app).await;

    // Login from another site's page: refused, no session.
    let res = bare_client()
        .post(format!("{}/api/login", app.address))
        .header("origin", EVIL)
        .form(&[("email", "ada@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_refused(res).await;

    // Sign-up from another site: refused, no user created.
    let res = bare_client()
        .post(format!("{}/api/signup", app.address))
        .header("origin", EVIL)
        .form(&signup_form("mallory@example.com"))
        .send()
        .await
        .expect("request");
    assert_refused(res).await;

    // A same-origin Referer does not excuse a foreign Origin, and the
    // opaque `null` origin is foreign too.
    for origin in ["null", "http://127.0.0.1:1"] {
        let res = bare_client()
            .post(format!("{}/api/signup", app.address))
            .header("origin", origin)
            .header("referer", format!("{}/signup", app.address))
            .form(&signup_form("mallory@example.com"))
            .send()
            .await
            .expect("request");
        assert_refused(res).await;
    }
    assert_eq!(users(&app).await, before, "nobody was signed up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_with_neither_origin_nor_referer_is_refused() {
    let app = spawn_app().await;
    let res = bare_client()
        .post(format!("{}/api/signup", app.address))
        .form(&signup_form("mallory@example.com"))
        .send()
        .await
        .expect("request");
    assert_refused(res).await;
    // A foreign Referer (without Origin) is refused as well.
    let res = bare_client()
        .post(format!("{}/api/signup", app.address))
        .header("referer", format!("{EVIL}/signup"))
        .form(&signup_form("mallory@example.com"))
        .send()
        .await
        .expect("request");
    assert_refused(res).await;
    assert_eq!(users(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_same_origin_referer_without_origin_is_accepted() {
    let app = spawn_app().await;
    let res = bare_client()
        .post(format!("{}/api/signup", app.address))
        .header("referer", format!("{}/signup?next=%2Fcourses", app.address))
        .form(&signup_form("ada@example.com"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    assert_eq!(users(&app).await, 1, "accepted");
    assert!(
        session_cookie(&res).is_none(),
        "signed in only through the emailed link"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_same_origin_post_is_accepted() {
    let app = spawn_app().await;
    // The test client sends `Origin: http://127.0.0.1:PORT` like a browser.
    let res = app.signup("ada@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.who_am_i().await["email"], "ada@example.com");
    // Signing in from a second browser on our pages works too.
    let other = app.another_client();
    let res = other.login("ada@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert!(session_cookie(&res).is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_logout_is_refused() {
    let app = spawn_app().await;
    app.signup("ada@example.com", PASSWORD).await;
    let res = app
        .client
        .post(format!("{}/logout", app.address))
        .header("origin", EVIL)
        .send()
        .await
        .expect("request");
    assert_refused(res).await;
    assert_eq!(
        app.who_am_i().await["email"],
        "ada@example.com",
        "still signed in"
    );
    // From our own page it works.
    let res = app
        .client
        .post(format!("{}/logout", app.address))
        .send()
        .await
        .expect("request");
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(app.who_am_i().await.is_null(), "signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stripe_webhook_needs_no_origin() {
    let app = spawn_app().await;
    let body = crate::support::event_body(
        "evt_security_1",
        "tessera.not_a_type_we_use",
        json!({ "id": "obj_123" }),
    );
    let res = bare_client()
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
    assert_eq!(res.status(), 200);
    assert!(
        stripe_event::Entity::find_by_id("evt_security_1".to_owned())
            .one(&app.db)
            .await
            .expect("q")
            .is_some(),
        "the event was recorded"
    );
    // Unsigned, it still gets the webhook's own 400, not the origin check's 403.
    let res = bare_client()
        .post(format!("{}/api/stripe/webhook", app.address))
        .body("{}")
        .send()
        .await
        .expect("deliver");
    assert_eq!(res.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_nonce_csp_that_every_script_tag_uses() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let res = bare_client()
            .get(format!("{}/courses", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200);
        let csp = header(&res, "content-security-policy").expect("a CSP");
        for directive in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "'wasm-unsafe-eval'",
            "form-action 'self' http://127.0.0.1:",
        ] {
            assert!(csp.contains(directive), "{directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp_nonce(&csp);
        assert!(nonce.len() >= 22, "at least 128 bits: {nonce}");
        assert!(csp.contains(&format!("style-src 'self' 'nonce-{nonce}'")));
        assert_eq!(
            header(&res, "x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            header(&res, "referrer-policy").as_deref(),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(header(&res, "x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(
            header(&res, "strict-transport-security"),
            None,
            "plain http"
        );

        let html = res.text().await.expect("body");
        let tags: Vec<&str> = html
            .match_indices("<script")
            .chain(html.match_indices("<style"))
            .map(|(i, _)| &html[i..i + html[i..].find('>').expect("tag ends")])
            .collect();
        assert!(
            tags.iter().any(|t| t.contains("type=\"module\"")),
            "the hydration script is there: {html}"
        );
        for tag in tags {
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{tag} lacks the nonce {nonce}"
            );
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per response");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_answers_and_refusals_carry_the_headers_too() {
    let app = spawn_app().await;
    let ok = app.post_form("/api/who_am_i", &[]).await;
    let refused = bare_client()
        .post(format!("{}/api/who_am_i", app.address))
        .header("origin", EVIL)
        .send()
        .await
        .expect("request");
    assert_eq!(
        (ok.status().as_u16(), refused.status().as_u16()),
        (200, 403)
    );
    for res in [ok, refused] {
        let csp = header(&res, "content-security-policy").expect("a CSP");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(
            header(&res, "x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            header(&res, "referrer-policy").as_deref(),
            Some("strict-origin-when-cross-origin")
        );
        assert_eq!(header(&res, "strict-transport-security"), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_https_public_url_adds_hsts_and_becomes_the_only_origin() {
    let app = spawn_app_with(&[
        ("PUBLIC_URL", "https://tessera.example"),
        ("STRIPE_SIMULATOR", "on"),
    ])
    .await;
    let res = bare_client()
        .get(format!("{}/courses", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(
        header(&res, "strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
    // The public origin is accepted, the bound address is not.
    let res = bare_client()
        .post(format!("{}/api/who_am_i", app.address))
        .header("origin", "https://tessera.example")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let res = bare_client()
        .post(format!("{}/api/who_am_i", app.address))
        .header("origin", &app.address)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn_app().await;
    let get = |id: Option<&'static str>| {
        let mut req = bare_client().get(format!("{}/healthz", app.address));
        if let Some(id) = id {
            req = req.header("x-request-id", id);
        }
        async move {
            let res = req.send().await.expect("request");
            header(&res, "x-request-id").expect("an x-request-id")
        }
    };
    assert_eq!(get(Some("edge-7f3a.b_9")).await, "edge-7f3a.b_9");
    let generated = get(None).await;
    assert!(uuid::Uuid::parse_str(&generated).is_ok(), "{generated}");
    assert_ne!(get(None).await, generated, "one per request");
    // Not a sane token: replaced, never echoed.
    for bad in ["has space", "quote\"d", &"x".repeat(65)] {
        let res = bare_client()
            .get(format!("{}/healthz", app.address))
            .header("x-request-id", bad)
            .send()
            .await
            .expect("request");
        let id = header(&res, "x-request-id").expect("an x-request-id");
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{bad:?} became {id}");
    }
    // A refused request has one too.
    let res = bare_client()
        .post(format!("{}/api/who_am_i", app.address))
        .header("x-request-id", "refused-1")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 403);
    assert_eq!(header(&res, "x-request-id").as_deref(), Some("refused-1"));
}

/// BREACH: a catalog page reflects its `?q=` beside the signed-in member's
/// name (in the header and the page data); compressed, its size would
/// tell a page that chose `q` whether a guess at them was right. Such a
/// page goes uncompressed; without a query, or signed out, it compresses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_reflecting_a_query_beside_a_members_data_is_not_compressed() {
    let app = spawn_app().await;
    tessera_server::seed::seed(&app.db).await.expect("seed");
    assert_eq!(
        app.signup("breach@example.com", "a long member password 7")
            .await
            .status(),
        200
    );
    let encoding = |res: &reqwest::Response| {
        res.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    let get = |client: &reqwest::Client, path: &str| {
        client
            .get(format!("{}{path}", app.address))
            .header("accept-encoding", "zstd, br, gzip")
            .send()
    };
    let guessed = get(&app.client, "/courses?q=Ada%20Lovelac")
        .await
        .expect("page");
    assert_eq!(
        encoding(&guessed),
        None,
        "reflecting q beside the member's data"
    );
    let page = guessed.text().await.expect("body");
    assert!(
        page.contains("Ada Lovelace"),
        "the member's name is on the page"
    );
    assert_eq!(
        encoding(&get(&app.client, "/courses").await.expect("page")).as_deref(),
        Some("zstd"),
        "no query"
    );
    assert_eq!(
        encoding(&get(&bare_client(), "/courses?q=bread").await.expect("page")).as_deref(),
        Some("zstd"),
        "signed out: nobody's data on the page"
    );
}

/// Stored text in the admin's course form stays inside its field: a
/// description cannot close its `<textarea>`, a title or place cannot
/// close its `value="…"`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_course_form_keeps_stored_text_inside_its_fields() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = spawn_app().await;
    let admin = crate::support::admin(&app).await;
    let id = crate::support::published_course(&app.db, 5, 2).await;
    let mut course = tessera::entity::course::Entity::find_by_id(id.0)
        .one(&app.db)
        .await
        .expect("q")
        .expect("course")
        .into_active_model();
    let escape = r#"</textarea><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;
    course.description = Set(format!("Bring an apron. {escape}"));
    course.title = Set(r#"Knives"><script>alert(1)</script>"#.to_owned());
    course.location = Set(r#"Kitchen"><img src=x onerror=alert(2)>"#.to_owned());
    course.update(&app.db).await.expect("update");

    let (status, page) = admin.get(&format!("/admin/courses/{}", id.0)).await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("<meta http-equiv=\"refresh\""),
        "the textarea was closed"
    );
    assert!(
        !page.contains("<script>alert(1)"),
        "the title's value was closed"
    );
    assert!(!page.contains("<img src=x"), "the place's value was closed");
    assert!(
        page.contains("Bring an apron. &lt;/textarea&gt;"),
        "the description is shown as text"
    );
}
