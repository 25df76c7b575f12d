//! One connection pool for everything (the ORM and, later, the session
//! store), tuned per database.

use crate::config::DatabaseUrl;
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::PgPoolOptions;
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{DatabaseConnection, SqlxPostgresConnector, SqlxSqliteConnector};
use std::str::FromStr;
use std::time::Duration;

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL could not be understood.
    #[error("DATABASE_URL is malformed: {0}")]
    Malformed(String),
    /// The server or file could not be reached.
    #[error("cannot open the database at {url}: {reason}")]
    Unreachable {
        /// The URL, without credentials.
        url: String,
        /// The driver's reason.
        reason: String,
    },
}

/// Opens the pool. SQLite gets WAL, a busy timeout and foreign keys, and its
/// directory is created if missing.
/// Connects to `url`; PostgreSQL with at most `pool` connections.
pub async fn connect(url: &DatabaseUrl, pool: u32) -> Result<DatabaseConnection, ConnectError> {
    let shown = format!("{url:?}");
    let unreachable = |e: sea_orm::sqlx::Error| ConnectError::Unreachable {
        url: shown.clone(),
        reason: e.to_string(),
    };
    match url {
        DatabaseUrl::Sqlite(s) => {
            let opts = SqliteConnectOptions::from_str(s)
                .map_err(|e| ConnectError::Malformed(e.to_string()))?
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let path = opts.get_filename();
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                && path.to_str() != Some(":memory:")
            {
                std::fs::create_dir_all(dir).map_err(|e| ConnectError::Unreachable {
                    url: shown.clone(),
                    reason: format!("cannot create {}: {e}", dir.display()),
                })?;
            }
            sqlite_without_memory_statistics();
            // A local file cannot drop a connection, so no ping on every
            // checkout: with sqlx each ping is one more hand-off to the
            // connection's thread, and a page makes several queries.
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await
                .map_err(unreachable)?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        DatabaseUrl::Postgres(s) => {
            let opts = sea_orm::sqlx::postgres::PgConnectOptions::from_str(s)
                .map_err(|e| ConnectError::Malformed(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(pool)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts)
                .await
                .map_err(unreachable)?;
            Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
        }
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("running database migrations")
}

/// Turns off SQLite's memory statistics for the process, before its first
/// connection. With them on (its default), every allocation and free inside
/// SQLite takes one global mutex; each row value sqlx hands over is freed on
/// a request's thread while the connection threads allocate, so a page's few
/// hundred values meant as many contended lock round trips. Nothing here
/// reads those statistics. Once SQLite has started, the setting can no
/// longer change (`SQLITE_MISUSE`), which is logged and harmless.
fn sqlite_without_memory_statistics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` with SQLITE_CONFIG_MEMSTATUS takes one
        // int. It must not run while another thread uses SQLite: the server
        // opens every SQLite connection through this function, after this
        // `Once` (which makes concurrent callers wait). SQLite refuses the
        // call, without effect, if it has already started.
        let off: std::os::raw::c_int = 0;
        let rc =
            unsafe { libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, off) };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(
                rc,
                "SQLite memory statistics stay on (SQLite already started)"
            );
        }
    });
}
