//! A payment's refund gets its own column instead of living in
//! `failure_code`: `owed` (decided, in the same transaction as the fact that
//! owes it; the reconciler asks Stripe until Stripe takes it), `requested`
//! (Stripe took it; `charge.refunded` will mark the payment refunded) or
//! `refused` (Stripe refused it; an admin must look). Existing `refund_*`
//! failure codes move across.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    Refund,
}

/// Old failure code → new refund state.
const MOVES: [(&str, &str); 3] = [
    ("refund_failed", "owed"),
    ("refund_requested", "requested"),
    ("refund_refused", "refused"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(ColumnDef::new(Payments::Refund).string_len(20).null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (code, state) in MOVES {
            db.execute_unprepared(&format!(
                "UPDATE payments SET refund = '{state}', failure_code = NULL WHERE failure_code = '{code}'"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (code, state) in MOVES {
            db.execute_unprepared(&format!(
                "UPDATE payments SET failure_code = '{code}' WHERE refund = '{state}'"
            ))
            .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .drop_column(Payments::Refund)
                    .to_owned(),
            )
            .await
    }
}
