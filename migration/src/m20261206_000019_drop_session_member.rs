//! Sessions are loaded by tower-sessions' own stores again, so the `user_id`
//! kept beside each session's data (m20261126_000011) has no reader: gone.

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
        let sql = format!(r#"ALTER TABLE {} DROP COLUMN "user_id""#, table(manager));
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = format!(
            r#"ALTER TABLE {} ADD COLUMN "user_id" bigint NULL"#,
            table(manager)
        );
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }
}
