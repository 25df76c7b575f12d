//! The session store's table, in the exact shape tower-sessions-sqlx-store
//! 0.15 reads and writes, so it never has to create it itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("CREATE SCHEMA IF NOT EXISTS tower_sessions")
                    .await?;
                db.execute_unprepared(
                    "CREATE TABLE tower_sessions.session (\
                     id text PRIMARY KEY NOT NULL, \
                     data bytea NOT NULL, \
                     expiry_date timestamptz NOT NULL)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX session_expiry_idx ON tower_sessions.session (expiry_date)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE tower_sessions (\
                     id text PRIMARY KEY NOT NULL, \
                     data blob NOT NULL, \
                     expiry_date integer NOT NULL)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX tower_sessions_expiry_idx ON tower_sessions (expiry_date)",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("DROP SCHEMA tower_sessions CASCADE")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TABLE tower_sessions").await?;
            }
        }
        Ok(())
    }
}
