//! Groups on the waiting list, booking again, and a failed direct debit as a
//! status of its own.
//!
//! - `waitlist_entries.seats`: how many seats a place asks for (every place
//!   so far asked for one). `passed_over_at` and `passed_over_free` record
//!   the last time seats were offered to someone behind the place because
//!   its request did not fit, and how many were free then (the roster says
//!   who was passed over and why).
//! - A member may hold several bookings on one course (a group now, a
//!   friend later), but at most one awaiting payment: a "Book" pressed
//!   twice resumes that one instead of holding seats twice. The unique
//!   index narrows from active bookings to pending ones.
//! - `payments.status` gains `debit_failed`: a delayed payment (SEPA Direct
//!   Debit) that failed after its session completed, which no later event
//!   revives. It was `failed` with the failure code `async_payment_failed`
//!   deciding transitions; the code is now only a code.
//!
//! PostgreSQL replaces the status CHECK in place. SQLite cannot alter a
//! CHECK, so `payments` is rebuilt from its own stored definition with the
//! one list changed (SQLite's documented procedure for schema changes
//! ALTER TABLE cannot make): created anew, rows copied with their ids, the
//! AUTOINCREMENT counter kept, the old table dropped, the new one renamed,
//! its indexes recreated from their stored definitions. Nothing references
//! `payments`, so no foreign key is affected.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WaitlistEntries {
    Table,
    Seats,
    PassedOverAt,
    PassedOverFree,
}

const STATUSES_BEFORE: &str = "'open', 'processing', 'succeeded', 'failed', 'expired', 'refunded'";
const STATUSES_AFTER: &str =
    "'open', 'processing', 'succeeded', 'failed', 'expired', 'refunded', 'debit_failed'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite takes one change at a time.
        for column in [
            ColumnDef::new(WaitlistEntries::Seats)
                .integer()
                .not_null()
                .default(1)
                .check(Expr::col(WaitlistEntries::Seats).between(1, 50))
                .take(),
            ColumnDef::new(WaitlistEntries::PassedOverAt)
                .timestamp_with_time_zone()
                .null()
                .take(),
            ColumnDef::new(WaitlistEntries::PassedOverFree)
                .integer()
                .null()
                .take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WaitlistEntries::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX bookings_one_active_per_user_course")
            .await?;
        // sea-query has no partial index builder; the same on both databases.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX bookings_one_pending_per_user_course \
             ON bookings (user_id, course_id) WHERE status = 'pending_payment'",
        )
        .await?;
        replace_payment_statuses(manager, STATUSES_BEFORE, STATUSES_AFTER).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE payments SET status = 'debit_failed' \
                 WHERE status = 'failed' AND failure_code = 'async_payment_failed'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // First, so that it refuses before anything changed (SQLite runs
        // migrations outside a transaction): fails while a member holds two
        // active bookings on one course, since which one to end is not the
        // schema's call.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX bookings_one_active_per_user_course \
             ON bookings (user_id, course_id) \
             WHERE status IN ('pending_payment', 'confirmed')",
        )
        .await?;
        db.execute_unprepared("DROP INDEX bookings_one_pending_per_user_course")
            .await?;
        db.execute_unprepared(
            "UPDATE payments SET status = 'failed' WHERE status = 'debit_failed'",
        )
        .await?;
        replace_payment_statuses(manager, STATUSES_AFTER, STATUSES_BEFORE).await?;
        for column in [
            WaitlistEntries::PassedOverFree,
            WaitlistEntries::PassedOverAt,
            WaitlistEntries::Seats,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WaitlistEntries::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Replaces the list of `payments.status` values `from` by `to`.
async fn replace_payment_statuses(
    manager: &SchemaManager<'_>,
    from: &str,
    to: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared(
            "ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_status_check",
        )
        .await?;
        db.execute_unprepared(&format!(
            "ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ({to}))"
        ))
        .await?;
        return Ok(());
    }
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let schema = |kind: &str| {
        Statement::from_sql_and_values(
            backend,
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'payments' AND type = ? AND sql IS NOT NULL",
            [kind.into()],
        )
    };
    let table: String = txn
        .query_one(schema("table"))
        .await?
        .ok_or_else(|| DbErr::Custom("payments has no stored definition".to_owned()))?
        .try_get("", "sql")?;
    if !table.contains(from) {
        return Err(DbErr::Custom(format!(
            "payments' status check is not IN ({from}): {table}"
        )));
    }
    let indexes: Vec<String> = txn
        .query_all(schema("index"))
        .await?
        .into_iter()
        .map(|row| row.try_get("", "sql"))
        .collect::<Result<_, _>>()?;
    let renamed = table.replacen("\"payments\"", "\"payments_new\"", 1);
    if renamed == table {
        return Err(DbErr::Custom(format!(
            "payments' definition names it otherwise: {table}"
        )));
    }
    txn.execute_unprepared(&renamed.replace(from, to)).await?;
    txn.execute_unprepared("INSERT INTO payments_new SELECT * FROM payments")
        .await?;
    // Keep the AUTOINCREMENT counter: ids of deleted rows are never reused.
    txn.execute_unprepared("DELETE FROM sqlite_sequence WHERE name = 'payments_new'")
        .await?;
    txn.execute_unprepared(
        "INSERT INTO sqlite_sequence (name, seq) \
         SELECT 'payments_new', seq FROM sqlite_sequence WHERE name = 'payments'",
    )
    .await?;
    txn.execute_unprepared("DROP TABLE payments").await?;
    txn.execute_unprepared("ALTER TABLE payments_new RENAME TO payments")
        .await?;
    for index in indexes {
        txn.execute_unprepared(&index).await?;
    }
    txn.commit().await
}
