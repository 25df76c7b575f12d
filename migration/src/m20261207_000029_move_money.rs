//! The money of moving a booking between dates of different prices.
//! A cheaper date gives the difference back: owed on the move's row until
//! Stripe takes the refund (like a cancelled seat's share), from the
//! payment that paid for the booking; `refund` is NULL when nothing is owed
//! (the same price, a free booking, or the admin waived it). A dearer date
//! is paid for first: a payment of the booking whose `moves_to` names the
//! date it pays the difference to (NULL on a booking's own payments).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Payments {
    Table,
    MovesTo,
}

#[derive(DeriveIden, Clone, Copy)]
enum BookingMoves {
    Table,
    PaymentId,
    RefundAmount,
    Refund,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one at a time.
        let columns = [
            ColumnDef::new(BookingMoves::PaymentId)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(BookingMoves::RefundAmount)
                .big_integer()
                .not_null()
                .default(0)
                .check(Expr::col(BookingMoves::RefundAmount).gte(0))
                .to_owned(),
            // `owed`, `requested` or `refused`, as on a cancelled seat.
            ColumnDef::new(BookingMoves::Refund)
                .string_len(16)
                .null()
                .to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(BookingMoves::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(ColumnDef::new(Payments::MovesTo).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .drop_column(Payments::MovesTo)
                    .to_owned(),
            )
            .await?;
        for column in [
            BookingMoves::Refund,
            BookingMoves::RefundAmount,
            BookingMoves::PaymentId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(BookingMoves::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
