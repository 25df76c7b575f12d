//! `user_id` beside each session's data: loading a session reads its member's
//! row in the same statement (see the server's `sessions` module). The
//! session store keeps it in step when it writes; NULL when signed out, and
//! for sessions written before this migration until they next change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                r#"ALTER TABLE "tower_sessions"."session" ADD COLUMN "user_id" bigint NULL"#
            }
            _ => r#"ALTER TABLE "tower_sessions" ADD COLUMN "user_id" bigint NULL"#,
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                r#"ALTER TABLE "tower_sessions"."session" DROP COLUMN "user_id""#
            }
            _ => r#"ALTER TABLE "tower_sessions" DROP COLUMN "user_id""#,
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }
}
