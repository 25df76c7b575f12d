//! Each booking's calendar version: the `SEQUENCE` of its calendar file,
//! one up whenever its entry changes (a move to another date, the dates of
//! its course changed), so calendar apps replace the entry they have.
//! Existing bookings start at the number of times they moved.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    CalendarSequence,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Bookings::Table)
                    .add_column(
                        ColumnDef::new(Bookings::CalendarSequence)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE bookings SET calendar_sequence = \
                 (SELECT COUNT(*) FROM booking_moves m WHERE m.booking_id = bookings.id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Bookings::Table)
                    .drop_column(Bookings::CalendarSequence)
                    .to_owned(),
            )
            .await
    }
}
