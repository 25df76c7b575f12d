//! Sessions live in the application database (one pool, either backend), so
//! any instance can serve any request.
//!
//! Writes go through tower-sessions' own SQL stores. Loading is ours: one
//! statement reads the session and, through the `user_id` column kept beside
//! it, the signed-in member's row, which it leaves for the auth backend in
//! that same request (`app::auth::ssr::preloaded`). Every signed-in page
//! costs one database round trip less; nothing is cached across requests.

use app::auth::ssr::{SESSION_USER_KEY, preloaded};
use async_trait::async_trait;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityName, FromQueryResult, IdenStatic,
    Iterable, Statement, Value,
};
use std::sync::OnceLock;
use tessera::entity::user;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tower_sessions::ExpiredDeletion;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error as StoreError, Result as StoreResult, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session store for whichever database Tessera runs on. The table is
/// created by our migrations, not by the store.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    writes: Writes,
    db: DatabaseConnection,
}

#[derive(Debug, Clone)]
enum Writes {
    /// `tower_sessions` table.
    Sqlite(SqliteStore),
    /// `tower_sessions.session` table.
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// A store over the application's own pool.
    pub fn new(db: &DatabaseConnection) -> DbSessionStore {
        let writes = match db.get_database_backend() {
            DatabaseBackend::Postgres => Writes::Postgres(PostgresStore::new(
                db.get_postgres_connection_pool().clone(),
            )),
            _ => Writes::Sqlite(SqliteStore::new(db.get_sqlite_connection_pool().clone())),
        };
        DbSessionStore {
            writes,
            db: db.clone(),
        }
    }

    fn backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    /// Keeps the `user_id` column in step with the session's data after a
    /// write (sign-in, sign-out). A failure is logged, not returned: loads
    /// then only lose the shortcut, since the preloaded member is used only
    /// when the session's own data names them.
    async fn record_member(&self, record: &Record) {
        let member = record
            .data
            .get(SESSION_USER_KEY)
            .and_then(|d| d.get("user_id"))
            .and_then(serde_json::Value::as_i64);
        let placeholders = match self.backend() {
            DatabaseBackend::Postgres => ("$1", "$2"),
            _ => ("?", "?"),
        };
        let sql = format!(
            r#"UPDATE {} SET "user_id" = {} WHERE "id" = {}"#,
            table(self.backend()),
            placeholders.0,
            placeholders.1
        );
        let updated = self
            .db
            .execute(Statement::from_sql_and_values(
                self.backend(),
                sql,
                [member.into(), record.id.to_string().into()],
            ))
            .await;
        if let Err(e) = updated {
            tracing::warn!(error = %e, "session: member column not updated");
        }
    }
}

/// The sessions table, as the store names it on each backend.
fn table(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => r#""tower_sessions"."session""#,
        _ => r#""tower_sessions""#,
    }
}

/// `SELECT` the session's data and its member's row (columns `u_…`, NULL
/// when signed out), built once per backend.
fn load_sql(backend: DatabaseBackend) -> &'static str {
    static SQLITE: OnceLock<String> = OnceLock::new();
    static POSTGRES: OnceLock<String> = OnceLock::new();
    let build = |params: (&str, &str)| {
        let members = user::Entity.table_name();
        let columns: Vec<String> = user::Column::iter()
            .map(|c| format!(r#"u."{0}" AS "u_{0}""#, c.as_str()))
            .collect();
        format!(
            r#"SELECT s."data" AS "data", {columns} FROM {table} s LEFT JOIN "{members}" u ON u."id" = s."user_id" WHERE s."id" = {} AND s."expiry_date" > {}"#,
            params.0,
            params.1,
            columns = columns.join(", "),
            table = table(backend),
        )
    };
    match backend {
        DatabaseBackend::Postgres => POSTGRES.get_or_init(|| build(("$1", "$2"))).as_str(),
        _ => SQLITE.get_or_init(|| build(("?", "?"))).as_str(),
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> StoreResult<()> {
        match &self.writes {
            Writes::Sqlite(s) => s.create(record).await?,
            Writes::Postgres(s) => s.create(record).await?,
        }
        self.record_member(record).await;
        Ok(())
    }

    async fn save(&self, record: &Record) -> StoreResult<()> {
        match &self.writes {
            Writes::Sqlite(s) => s.save(record).await?,
            Writes::Postgres(s) => s.save(record).await?,
        }
        self.record_member(record).await;
        Ok(())
    }

    async fn load(&self, id: &Id) -> StoreResult<Option<Record>> {
        let backend = self.backend();
        // The stores write expiry as timestamptz (PostgreSQL) and as RFC 3339
        // text (SQLite); compare the same way they do.
        let now: Value = match backend {
            DatabaseBackend::Postgres => chrono::Utc::now().into(),
            _ => OffsetDateTime::now_utc()
                .format(&Rfc3339)
                .map_err(|e| StoreError::Encode(e.to_string()))?
                .into(),
        };
        let row = self
            .db
            .query_one(Statement::from_sql_and_values(
                backend,
                load_sql(backend),
                [id.to_string().into(), now],
            ))
            .await
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let data: Vec<u8> = row
            .try_get("", "data")
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let record: Record =
            rmp_serde::from_slice(&data).map_err(|e| StoreError::Decode(e.to_string()))?;
        match user::Model::from_query_result_optional(&row, "u_") {
            Ok(Some(member)) => preloaded::put(member),
            Ok(None) => {}
            // The auth backend reads the member itself.
            Err(e) => tracing::warn!(error = %e, "session: member row not decoded"),
        }
        Ok(Some(record))
    }

    async fn delete(&self, id: &Id) -> StoreResult<()> {
        match &self.writes {
            Writes::Sqlite(s) => s.delete(id).await,
            Writes::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> StoreResult<()> {
        match &self.writes {
            Writes::Sqlite(s) => s.delete_expired().await,
            Writes::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// Middleware around the auth layer: each request gets its own slot for the
/// member read with its session.
pub async fn preload_member(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    preloaded::scope(next.run(req)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_reads_the_session_and_every_member_column() {
        for backend in [DatabaseBackend::Sqlite, DatabaseBackend::Postgres] {
            let sql = load_sql(backend);
            for c in user::Column::iter() {
                assert!(sql.contains(&format!(r#""u_{}""#, c.as_str())), "{sql}");
            }
        }
        assert!(load_sql(DatabaseBackend::Postgres).contains(r#""tower_sessions"."session""#));
        assert!(load_sql(DatabaseBackend::Sqlite).contains("s.\"id\" = ?"));
    }
}
