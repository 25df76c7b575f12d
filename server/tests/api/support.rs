//! Test harness: a fresh database per test and the real application on a
//! free port.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::collections::HashMap;
use tessera_server::config::DatabaseUrl;
use tessera_server::{Application, Config};

/// Which database backend this run tests.
pub fn backend() -> &'static str {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A URL for a database nobody else uses: a new SQLite file in a temp dir,
/// or a new PostgreSQL database created on TEST_DATABASE_URL's server.
pub async fn fresh_database_url() -> String {
    let name = format!("tessera_t_{}", uuid::Uuid::new_v4().simple());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let conn = Database::connect(&admin)
                .await
                .expect("connect to TEST_DATABASE_URL");
            conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create a test database");
            conn.close().await.ok();
            let (base, _) = admin
                .rsplit_once('/')
                .expect("TEST_DATABASE_URL ends with /dbname");
            format!("{base}/{name}")
        }
        _ => {
            let dir = std::env::temp_dir().join("tessera-tests");
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!(
                "sqlite://{}?mode=rwc",
                dir.join(format!("{name}.db")).display()
            )
        }
    }
}

/// A fresh, un-migrated connection through the server's own connector.
pub async fn fresh_db() -> DatabaseConnection {
    let url = fresh_database_url().await;
    tessera_server::db::connect(&DatabaseUrl::parse(&url).expect("valid url"), 20)
        .await
        .expect("connect")
}

/// A fresh, un-migrated connection for running migrations up and down:
/// on SQLite one connection, since a table dropped and made again by
/// several pooled connections in a row was now and then refused as
/// existing ("index … already exists").
pub async fn fresh_db_for_migrations() -> DatabaseConnection {
    let url = fresh_database_url().await;
    if url.starts_with("sqlite:") {
        let mut options = sea_orm::ConnectOptions::new(url);
        options.max_connections(1).sqlx_logging(false);
        Database::connect(options).await.expect("connect")
    } else {
        tessera_server::db::connect(&DatabaseUrl::parse(&url).expect("valid url"), 20)
            .await
            .expect("connect")
    }
}

/// A running application and a cookie-keeping client pointed at it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The application's database.
    pub db: DatabaseConnection,
    /// Keeps cookies like a browser.
    pub client: reqwest::Client,
    /// The simulator's webhook signing secret.
    pub webhook_secret: String,
    /// The application's Stripe client.
    pub gateway: tessera::service::payments::StripeGateway,
    /// The `Origin` the clients send (the app's public origin), as a
    /// browser on Tessera's own pages does.
    pub origin: String,
    /// Where this app writes its `.eml` files (no `SMTP_URL`).
    pub mail_dir: std::path::PathBuf,
    /// The simulated Stripe account (what it refunded; switches for faults).
    pub sim: Option<stripe_sim::SimState>,
}

impl TestApp {
    /// POST a form to a path (server functions take form bodies).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.address, path))
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Signs up through the real server function (which signs nobody in).
    pub async fn sign_up_only(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/api/signup",
            &[
                ("email", email),
                ("display_name", "Ada Lovelace"),
                ("password", password),
            ],
        )
        .await
    }

    /// Signs up and follows the confirmation link emailed to `email`, as a
    /// new member does: answers that last step (signed in from then on). A
    /// sign-up that sends no link (a taken address) answers the sign-up.
    pub async fn signup(&self, email: &str, password: &str) -> reqwest::Response {
        let res = self.sign_up_only(email, password).await;
        if res.status() != 200 {
            return res;
        }
        let Some(token) = self
            .emailed_token(email, "confirm_email", "/confirm-email")
            .await
        else {
            return res;
        };
        self.post_form("/api/confirm_email", &[("token", &token)])
            .await
    }

    /// The token in the newest `kind` email to `recipient` (see
    /// [`emailed_token`]).
    pub async fn emailed_token(&self, recipient: &str, kind: &str, path: &str) -> Option<String> {
        emailed_token(&self.db, &self.mail_dir, recipient, kind, path).await
    }

    /// Follows the confirmation link emailed to `email` on this client.
    pub async fn follow_confirmation(&self, email: &str) -> reqwest::Response {
        let token = self
            .emailed_token(email, "confirm_email", "/confirm-email")
            .await
            .expect("a confirmation email");
        self.post_form("/api/confirm_email", &[("token", &token)])
            .await
    }

    /// Signs in through the real server function.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/api/login", &[("email", email), ("password", password)])
            .await
    }

    /// Who the server thinks this client is (`null` when signed out).
    pub async fn who_am_i(&self) -> serde_json::Value {
        let res = self.post_form("/api/who_am_i", &[]).await;
        assert_eq!(res.status(), 200);
        res.json().await.expect("json")
    }

    /// A second client on the same app with its own cookie jar.
    pub fn another_client(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            client: new_client(&self.origin),
            webhook_secret: self.webhook_secret.clone(),
            gateway: self.gateway.clone(),
            origin: self.origin.clone(),
            mail_dir: self.mail_dir.clone(),
            sim: self.sim.clone(),
        }
    }

    /// A client that sends exactly this session cookie and keeps no others.
    pub fn with_session_cookie(&self, value: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("tessera_session={value}")
                .parse()
                .expect("cookie header"),
        );
        headers.insert(
            reqwest::header::ORIGIN,
            self.origin.parse().expect("origin header"),
        );
        reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// POSTs `body` to the webhook signed as Stripe would at time `t` with
    /// `secret`; answers status and body.
    pub async fn deliver_signed(&self, body: &str, t: i64, secret: &str) -> (u16, String) {
        let res = reqwest::Client::new()
            .post(format!("{}/api/stripe/webhook", self.address))
            .header("stripe-signature", stripe_sim::sign(body, secret, t))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("deliver");
        (res.status().as_u16(), res.text().await.unwrap_or_default())
    }

    /// POSTs `body` to the webhook, signed now with this app's secret.
    pub async fn deliver(&self, body: &str) -> (u16, String) {
        self.deliver_signed(body, chrono::Utc::now().timestamp(), &self.webhook_secret)
            .await
    }

    /// The Checkout Session of `p` as Stripe (the simulator) renders it,
    /// with `changes` laid over its top-level fields: the `data.object` of
    /// an event Stripe could send about it.
    pub async fn session_object(
        &self,
        p: &tessera::entity::payment::Model,
        changes: serde_json::Value,
    ) -> serde_json::Value {
        let id = p.stripe_checkout_session_id.as_deref().expect("a session");
        let mut session = self
            .sim
            .as_ref()
            .expect("the simulator runs in tests")
            .session_json(id)
            .await
            .expect("the simulator made this session");
        if let (Some(session), serde_json::Value::Object(changes)) =
            (session.as_object_mut(), changes)
        {
            session.extend(changes);
        }
        session
    }

    /// GET a path, returning status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }
}

/// The `METRICS_TOKEN` test apps are started with.
pub const METRICS_TOKEN: &str = "test-metrics-token-0123456789";

/// Builds the real application on port 0 with a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// The same, with extra (or overriding) configuration variables.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    // `TEST_LOG=1` (with `RUST_LOG` as usual) shows the server's log.
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let db_url = fresh_database_url().await;
    let vars: HashMap<&str, String> = HashMap::from([
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", db_url),
        ("STRIPE_SIM_ADDR", "127.0.0.1:0".to_owned()),
        ("STRIPE_SIM_STATE", "off".to_owned()),
        // Generous rate limits: tests sign up and book many times from
        // 127.0.0.1 at once (limits.rs passes low ones).
        ("RATE_LIMIT_LOGIN_PER_IP", "100000/minute".to_owned()),
        ("RATE_LIMIT_LOGIN_PER_ACCOUNT", "100000/minute".to_owned()),
        ("RATE_LIMIT_SIGNUP_PER_IP", "100000/minute".to_owned()),
        ("RATE_LIMIT_EMAIL_LINKS_PER_IP", "100000/minute".to_owned()),
        ("RATE_LIMIT_BOOKING_PER_MEMBER", "100000/minute".to_owned()),
        (
            "RATE_LIMIT_PASSWORD_CHANGE_PER_MEMBER",
            "100000/minute".to_owned(),
        ),
        ("RATE_LIMIT_LOGIN_ACCOUNT_WIDE", "100000/minute".to_owned()),
        ("METRICS_TOKEN", METRICS_TOKEN.to_owned()),
        (
            "MAIL_DIR",
            std::env::temp_dir()
                .join("tessera-tests")
                .join(format!("mail-{}", uuid::Uuid::new_v4().simple()))
                .display()
                .to_string(),
        ),
    ]);
    let mut vars = vars;
    for (k, v) in extra {
        vars.insert(k, (*v).to_owned());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test config");
    let app = Application::build(config)
        .await
        .expect("application builds");
    let address = format!("http://{}", app.addr());
    let origin = vars
        .get("PUBLIC_URL")
        .map(|u| u.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| address.clone());
    let mail_dir = std::path::PathBuf::from(&vars["MAIL_DIR"]);
    let db = app.db().clone();
    let webhook_secret = app
        .simulator()
        .map(|s| s.webhook_secret.clone())
        .unwrap_or_default();
    let gateway = app.gateway().clone();
    let sim = app.simulator().map(|s| s.state().clone());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        address,
        db,
        client: new_client(&origin),
        webhook_secret,
        gateway,
        origin,
        mail_dir,
        sim,
    }
}

/// A browser-like client: keeps cookies, follows no redirects, and sends
/// `Origin: origin` (state-changing requests need it).
pub fn new_client(origin: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ORIGIN,
        origin.parse().expect("origin header"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        // A stuck request fails the test instead of hanging the suite.
        .timeout(std::time::Duration::from_secs(30))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The `tessera_session` value a response sets, if any.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("tessera_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

/// The refunds the simulated Stripe account made on a PaymentIntent.
pub async fn refunds_at_stripe(app: &TestApp, payment_intent: &str) -> Vec<i64> {
    app.sim
        .as_ref()
        .expect("the simulator runs in tests")
        .refunds_of(payment_intent)
        .await
}

/// Pays on the simulator's hosted checkout page as a browser would post it.
pub async fn pay(url: &str, card: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(url)
        .form(&[
            ("email", "ada@example.com"),
            ("card_number", card),
            ("card_expiry", "12 / 34"),
            ("card_cvc", "123"),
        ])
        .send()
        .await
        .expect("pay")
}

/// A course by its title.
pub async fn course_named(db: &DatabaseConnection, title: &str) -> tessera::entity::course::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    tessera::entity::course::Entity::find()
        .filter(tessera::entity::course::Column::Title.eq(title))
        .one(db)
        .await
        .expect("query")
        .expect("a course with that title")
}

/// The token in the newest `kind` email (its outbox key's prefix) to
/// `recipient`, from the outbox or, once sent (and blanked there), from
/// its `.eml` file; `None` if no such email was queued.
pub async fn emailed_token(
    db: &DatabaseConnection,
    mail_dir: &std::path::Path,
    recipient: &str,
    kind: &str,
    path: &str,
) -> Option<String> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use tessera::entity::email_outbox;
    let row = email_outbox::Entity::find()
        .filter(email_outbox::Column::Recipient.eq(recipient.trim().to_lowercase()))
        .filter(email_outbox::Column::DedupeKey.starts_with(format!("{kind}:")))
        .order_by_desc(email_outbox::Column::Id)
        .one(db)
        .await
        .expect("outbox")?;
    let needle = format!("{path}?token=");
    let text = if row.body_text.contains(&needle) {
        row.body_text
    } else {
        let file = mail_dir.join(format!("{:06}-{kind}.eml", row.id));
        std::fs::read_to_string(&file)
            .expect("the sent email's file")
            .replace("=\r\n", "")
            .replace("=\n", "")
            .replace("=3D", "=")
    };
    let at = text.find(&needle).expect("a link") + needle.len();
    let token = text.get(at..at + 64).expect("a token");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    Some(token.to_owned())
}

/// Waits (up to 10 s) until `probe` holds, or fails the test naming `what`.
pub async fn eventually(what: &str, mut probe: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if probe().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Makes `root@example.com` an admin and answers a client signed in as it.
pub async fn admin(app: &TestApp) -> TestApp {
    tessera::service::accounts::create_admin(
        &app.db,
        "root@example.com",
        "Root",
        "admin password 1",
    )
    .await
    .expect("admin");
    let client = app.another_client();
    assert_eq!(
        client
            .login("root@example.com", "admin password 1")
            .await
            .status(),
        200
    );
    client
}

/// A published course of `capacity` seats, at most `per_booking` a
/// booking, €49.00 a seat, nine days from now (a cancellation is refunded).
pub async fn published_course(
    db: &DatabaseConnection,
    capacity: i32,
    per_booking: i32,
) -> tessera::CourseId {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let c = tessera::entity::course::ActiveModel {
        title: Set("Knife Skills".to_owned()),
        description: Set("Sharp.".to_owned()),
        location: Set("Kitchen 2".to_owned()),
        price: Set(4900),
        currency: Set(tessera::Currency::Eur),
        capacity: Set(capacity),
        seats_held: Set(0),
        seats_per_booking: Set(per_booking),
        starts_at: Set(now + chrono::Duration::days(9)),
        ends_at: Set(now + chrono::Duration::days(9) + chrono::Duration::hours(3)),
        status: Set(tessera::CourseStatus::Published),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("course");
    meets_once(db, &c).await;
    tessera::CourseId(c.id)
}

/// The one meeting of a course made in the database, as the admin's form
/// writes it beside the course.
pub async fn meets_once(db: &DatabaseConnection, c: &tessera::entity::course::Model) {
    use sea_orm::{ActiveModelTrait, Set};
    tessera::entity::course_meeting::ActiveModel {
        course_id: Set(c.id),
        starts_at: Set(c.starts_at),
        ends_at: Set(c.ends_at),
        place: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("its meeting");
}

/// A member who signs in with no password (made in the database).
pub async fn a_member(db: &DatabaseConnection, email: &str) -> tessera::UserId {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let u = tessera::entity::user::ActiveModel {
        email: Set(email.to_owned()),
        password_hash: Set("!unusable".to_owned()),
        display_name: Set("Ada Lovelace".to_owned()),
        role: Set(tessera::Role::Member),
        email_confirmed_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user");
    tessera::UserId(u.id)
}

/// What Stripe reports for payment `p`'s session once it is paid: the
/// facts the confirming webhook hands to fulfilment.
pub fn paid_session(
    p: &tessera::entity::payment::Model,
) -> tessera::service::payments::SessionFacts {
    tessera::service::payments::SessionFacts {
        id: p.stripe_checkout_session_id.clone().unwrap_or_default(),
        url: None,
        state: tessera::service::payments::SessionState::Complete,
        paid: true,
        amount_total: Some(p.amount),
        currency: Some(p.currency.stripe_code().to_owned()),
        booking_id: Some(p.booking_id),
        payment_intent: Some(format!("pi_paid_{}", p.id)),
        expires_at: 0,
        intent_failed: false,
        payment_id: Some(tessera::PaymentId(p.id)),
    }
}

/// An event body as Stripe sends it: the envelope's fields around `object`.
pub fn event_body(id: &str, kind: &str, object: serde_json::Value) -> String {
    serde_json::json!({
        "id": id, "object": "event", "type": kind, "created": chrono::Utc::now().timestamp(),
        "livemode": false, "api_version": stripe_sim::API_VERSION, "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "data": { "object": object }
    })
    .to_string()
}
