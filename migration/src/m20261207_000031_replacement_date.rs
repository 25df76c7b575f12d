//! A cancelled date that offers its bookings another date instead of a
//! refund: `replaced_by` names that date (NULL when the cancellation
//! refunded everyone, and on every date not cancelled). Its confirmed
//! bookings keep their seats until each person moves or takes the refund;
//! whoever has not answered by the start is refunded.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    ReplacedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(ColumnDef::new(Courses::ReplacedBy).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::ReplacedBy)
                    .to_owned(),
            )
            .await
    }
}
