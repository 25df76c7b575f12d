//! Sessions carry their member: loading a session reads the member's row in
//! the same statement (the `user_id` column beside the session). That column
//! is only a shortcut: the session's own data decides who is signed in.

use crate::support::{TestApp, backend, spawn_app};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Statement};
use tessera::entity::user;

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

/// The `user_id` column of every session row.
async fn session_members(db: &DatabaseConnection) -> Vec<Option<i64>> {
    let rows = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            format!(r#"SELECT "user_id" FROM {} ORDER BY "user_id""#, table()),
        ))
        .await
        .expect("sessions");
    rows.iter()
        .map(|r| r.try_get::<Option<i64>>("", "user_id").expect("user_id"))
        .collect()
}

async fn id_of(db: &DatabaseConnection, email: &str) -> i64 {
    user::Entity::find()
        .all(db)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.email == email)
        .expect("member")
        .id
}

async fn two_members() -> (TestApp, TestApp) {
    let ada = spawn_app().await;
    assert_eq!(ada.signup("ada@example.com", PASSWORD).await.status(), 200);
    let bob = ada.another_client();
    assert_eq!(bob.signup("bob@example.com", PASSWORD).await.status(), 200);
    (ada, bob)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_and_out_keeps_the_member_beside_the_session() {
    let (ada, bob) = two_members().await;
    let (ada_id, bob_id) = (
        id_of(&ada.db, "ada@example.com").await,
        id_of(&ada.db, "bob@example.com").await,
    );
    let mut expected = vec![Some(ada_id), Some(bob_id)];
    expected.sort();
    assert_eq!(session_members(&ada.db).await, expected);

    let res = bob.post_form("/logout", &[]).await;
    assert!(res.status().is_redirection() || res.status().is_success());
    assert_eq!(bob.who_am_i().await, serde_json::Value::Null);
    assert!(
        !session_members(&ada.db).await.contains(&Some(bob_id)),
        "a signed-out session names no member"
    );
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_row_naming_another_member_never_signs_in_as_them() {
    let (ada, bob) = two_members().await;
    let (ada_id, bob_id) = (
        id_of(&ada.db, "ada@example.com").await,
        id_of(&ada.db, "bob@example.com").await,
    );
    // Swap the shortcuts: each session row now names the other member.
    exec(
        &ada.db,
        format!(
            r#"UPDATE {t} SET "user_id" = CASE WHEN "user_id" = {ada_id} THEN {bob_id} ELSE {ada_id} END"#,
            t = table()
        ),
    )
    .await;
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
    assert_eq!(bob.who_am_i().await["email"], "bob@example.com");
    let (status, page) = ada.get("/bookings").await;
    assert_eq!(status, 200);
    assert!(page.contains("You have no bookings yet."), "{page}");
    assert!(!page.contains("bob@example.com"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_written_before_the_member_column_still_sign_in() {
    let (ada, bob) = two_members().await;
    exec(
        &ada.db,
        format!(r#"UPDATE {} SET "user_id" = NULL"#, table()),
    )
    .await;
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
    assert_eq!(bob.who_am_i().await["email"], "bob@example.com");
    // A deleted member's session signs no one in, shortcut or not.
    let bob_id = id_of(&ada.db, "bob@example.com").await;
    exec(
        &ada.db,
        format!(r#"UPDATE {} SET "user_id" = {bob_id}"#, table()),
    )
    .await;
    exec(
        &ada.db,
        format!(r#"DELETE FROM "users" WHERE "id" = {bob_id}"#),
    )
    .await;
    assert_eq!(bob.who_am_i().await, serde_json::Value::Null);
    assert_eq!(ada.who_am_i().await["email"], "ada@example.com");
}
