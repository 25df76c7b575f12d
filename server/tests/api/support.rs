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
    tessera_server::db::connect(&DatabaseUrl::parse(&url).expect("valid url"))
        .await
        .expect("connect")
}

/// A running application and a cookie-keeping client pointed at it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The application's database.
    pub db: DatabaseConnection,
    /// Keeps cookies like a browser.
    pub client: reqwest::Client,
}

impl TestApp {
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

/// Builds the real application on port 0 with a fresh database.
pub async fn spawn_app() -> TestApp {
    let db_url = fresh_database_url().await;
    let vars: HashMap<&str, String> = HashMap::from([
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", db_url),
        ("STRIPE_SIM_ADDR", "127.0.0.1:0".to_owned()),
    ]);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test config");
    let app = Application::build(config)
        .await
        .expect("application builds");
    let address = format!("http://{}", app.addr());
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        address,
        db,
        client,
    }
}
