//! A payment can be `processing`: its Checkout Session is complete but the
//! money is not there yet (SEPA Direct Debit and other delayed-notification
//! methods take days to succeed or fail). The status CHECK on `payments`
//! gains the value.
//!
//! PostgreSQL replaces the constraint in place. SQLite cannot alter a CHECK,
//! so the table is rebuilt: created anew, rows copied (ids and the
//! AUTOINCREMENT counter kept), the old one dropped, the new one renamed and
//! its indexes recreated. Nothing references `payments`, so no foreign key
//! is affected. `down` turns processing payments back into open ones (the
//! reconciler then asks Stripe about them) before restoring the old CHECK.

use crate::m20261121_000003_create_bookings::Bookings;
use crate::m20261121_000004_create_payments::Payments;
use crate::{id_pk, one_of, timestamps};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BEFORE: &[&str] = &["open", "succeeded", "failed", "expired", "refunded"];
const AFTER: &[&str] = &[
    "open",
    "processing",
    "succeeded",
    "failed",
    "expired",
    "refunded",
];

/// Every column of `payments`, in order.
const COLUMNS: &str = "id, booking_id, stripe_checkout_session_id, stripe_payment_intent_id, \
     checkout_url, amount, currency, status, failure_code, failure_message, expires_at, \
     created_at, updated_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_status_check(manager, AFTER).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("UPDATE payments SET status = 'open' WHERE status = 'processing'")
            .await?;
        replace_status_check(manager, BEFORE).await
    }
}

async fn replace_status_check(manager: &SchemaManager<'_>, statuses: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            // The constraint was created unnamed; find it by what it checks.
            db.execute_unprepared(
                "DO $$ DECLARE c text; BEGIN \
                   FOR c IN SELECT conname FROM pg_constraint \
                     WHERE conrelid = 'payments'::regclass AND contype = 'c' \
                       AND pg_get_constraintdef(oid) LIKE '%status%' LOOP \
                     EXECUTE format('ALTER TABLE payments DROP CONSTRAINT %I', c); \
                   END LOOP; \
                 END $$",
            )
            .await?;
            let list = statuses
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ");
            db.execute_unprepared(&format!(
                "ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ({list}))"
            ))
            .await?;
            Ok(())
        }
        _ => rebuild_sqlite(manager, statuses).await,
    }
}

/// SQLite: the table rebuild, in one transaction (sea-orm-migration runs
/// SQLite migrations outside one).
async fn rebuild_sqlite(manager: &SchemaManager<'_>, statuses: &[&str]) -> Result<(), DbErr> {
    let txn = manager.get_connection().begin().await?;
    let builder = txn.get_database_backend();
    let new_table = Alias::new("payments_new");
    txn.execute(builder.build(&payments_table(new_table.clone(), statuses)))
        .await?;
    txn.execute_unprepared(&format!(
        "INSERT INTO payments_new ({COLUMNS}) SELECT {COLUMNS} FROM payments"
    ))
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
    for index in indexes() {
        txn.execute(builder.build(&index)).await?;
    }
    txn.commit().await
}

/// `payments` as migration 4 creates it, named `table`, with `statuses`.
fn payments_table(table: Alias, statuses: &[&str]) -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(table.clone())
            .col(id_pk(Payments::Id))
            .col(ColumnDef::new(Payments::BookingId).big_integer().not_null())
            .col(
                ColumnDef::new(Payments::StripeCheckoutSessionId)
                    .string_len(255)
                    .null(),
            )
            .col(
                ColumnDef::new(Payments::StripePaymentIntentId)
                    .string_len(255)
                    .null(),
            )
            .col(ColumnDef::new(Payments::CheckoutUrl).text().null())
            .col(ColumnDef::new(Payments::Amount).big_integer().not_null())
            .col(ColumnDef::new(Payments::Currency).string_len(3).not_null())
            .col(ColumnDef::new(Payments::Status).string_len(16).not_null())
            .col(ColumnDef::new(Payments::FailureCode).string_len(100).null())
            .col(ColumnDef::new(Payments::FailureMessage).text().null())
            .col(
                ColumnDef::new(Payments::ExpiresAt)
                    .timestamp_with_time_zone()
                    .null(),
            )
            .check(Expr::col(Payments::Amount).gte(0))
            .check(one_of(Payments::Status, statuses))
            .foreign_key(
                ForeignKey::create()
                    .name("payments_booking_id_fkey")
                    .from(table, Payments::BookingId)
                    .to(Bookings::Table, Bookings::Id)
                    .on_delete(ForeignKeyAction::Restrict),
            ),
    )
    .to_owned()
}

/// The indexes migration 4 creates on `payments`.
fn indexes() -> [IndexCreateStatement; 3] {
    [
        Index::create()
            .name("payments_checkout_session_key")
            .table(Payments::Table)
            .col(Payments::StripeCheckoutSessionId)
            .unique()
            .to_owned(),
        Index::create()
            .name("payments_booking_idx")
            .table(Payments::Table)
            .col(Payments::BookingId)
            .to_owned(),
        Index::create()
            .name("payments_intent_idx")
            .table(Payments::Table)
            .col(Payments::StripePaymentIntentId)
            .to_owned(),
    ]
}
