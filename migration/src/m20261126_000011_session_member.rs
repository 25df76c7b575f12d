//! `user_id` beside each session's data: loading a session reads its member's
//! row in the same statement (see the server's `sessions` module). The
//! session store keeps it in step when it writes; NULL when signed out, and
//! for sessions written before this migration until they next change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The sessions table as tower-sessions' store names it on each backend.
fn table(manager: &SchemaManager) -> &'static str {
    match manager.get_database_backend() {
        DatabaseBackend::Postgres => r#""tower_sessions"."session""#,
        _ => r#""tower_sessions""#,
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = format!(
            r#"ALTER TABLE {} ADD COLUMN "user_id" bigint NULL"#,
            table(manager)
        );
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = format!(r#"ALTER TABLE {} DROP COLUMN "user_id""#, table(manager));
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }
}
