//! Sessions live in the application database (one pool, either backend), so
//! any instance can serve any request. The tables are created by our
//! migrations, not by the stores.

use async_trait::async_trait;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use tower_sessions::ExpiredDeletion;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result as StoreResult, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// tower-sessions' own SQL store for whichever database Tessera runs on.
#[derive(Debug, Clone)]
pub enum DbSessionStore {
    /// `tower_sessions` table.
    Sqlite(SqliteStore),
    /// `tower_sessions.session` table.
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// A store over the application's own pool.
    pub fn new(db: &DatabaseConnection) -> DbSessionStore {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => DbSessionStore::Postgres(PostgresStore::new(
                db.get_postgres_connection_pool().clone(),
            )),
            _ => DbSessionStore::Sqlite(SqliteStore::new(db.get_sqlite_connection_pool().clone())),
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> StoreResult<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> StoreResult<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> StoreResult<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> StoreResult<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete_expired().await,
            DbSessionStore::Postgres(s) => s.delete_expired().await,
        }
    }
}
