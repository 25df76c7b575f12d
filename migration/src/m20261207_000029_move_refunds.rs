//! What a move to a cheaper date gives back: the difference, owed until
//! Stripe takes the refund (like a cancelled seat's share), from the
//! payment that paid for the booking. `refund` is NULL when nothing is owed
//! (the same price, a free booking, or the admin waived it).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

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
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
