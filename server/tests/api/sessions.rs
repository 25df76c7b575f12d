//! Sessions live in the database (tower-sessions' own SQL stores): each
//! browser stays signed in as itself, signing out removes its session, and
//! a session whose member is gone signs no one in.

use crate::support::{TestApp, backend, spawn_app};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

const PASSWORD: &str = "correct horse battery";

fn table() -> &'static str {
    if backend() == "postgres" {
        r#""tower_sessions"."session""#
    } else {
        r#""tower_sessions""#
    }
}

async fn exec(db: &DatabaseConnection, sql: String) {
    db.execute(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("statement");
}

async fn session_rows(db: &DatabaseConnection) -> i64 {
    db.query_one(Statement::from_string(
        db.get_database_backend(),
        format!("SELECT COUNT(*) AS n FROM {}", table()),
    ))
    .await
    .expect("count")
    .expect("a row")
    .try_get("", "n")
    .expect("n")
}

async fn two_members() -> (TestApp, TestApp) {
    let ada = spawn_app().await;
    assert_eq!(ada.signup("ada@example.com", PASSWORD).await.status(), 200);
    let bob = ada.another_client();
    assert_eq!(bob.signup("bob@example.com", PASSWORD).await.status(), 200);
    (ada, bob)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_browser_stays_itself_and_signing_out_removes_its_session() {
    let (ada, bob) = two_members().await;
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
    assert_eq!(bob.who_am_i().await["email"], "bob@example.com");
    let before = session_rows(&ada.db).await;

    let res = bob.post_form("/logout", &[]).await;
    assert!(res.status().is_redirection() || res.status().is_success());
    assert_eq!(bob.who_am_i().await, serde_json::Value::Null);
    assert_eq!(
        session_rows(&ada.db).await,
        before - 1,
        "the session is gone"
    );
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_whose_member_is_gone_signs_no_one_in() {
    let (ada, bob) = two_members().await;
    exec(
        &ada.db,
        r#"DELETE FROM "users" WHERE "email" = 'bob@example.com'"#.to_owned(),
    )
    .await;
    assert_eq!(bob.who_am_i().await, serde_json::Value::Null);
    let (_, page) = bob.get("/account").await;
    assert!(!page.contains("bob@example.com"), "{page}");
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
}
