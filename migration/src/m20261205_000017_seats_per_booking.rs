//! Several seats in one booking: `bookings.seats` is how many seats the
//! booking holds (every booking so far held one), and `courses.seats_per_booking`
//! how many one booking may hold on that course (6 unless the admin says).
//! The seat ledger's invariant becomes `seats_held = Σ seats of active
//! bookings ≤ capacity`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Seats,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    SeatsPerBooking,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Bookings::Table)
                    .add_column(
                        ColumnDef::new(Bookings::Seats)
                            .integer()
                            .not_null()
                            .default(1)
                            .check(Expr::col(Bookings::Seats).gte(1)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(
                        ColumnDef::new(Courses::SeatsPerBooking)
                            .integer()
                            .not_null()
                            .default(6)
                            .check(Expr::col(Courses::SeatsPerBooking).between(1, 50)),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::SeatsPerBooking)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Bookings::Table)
                    .drop_column(Bookings::Seats)
                    .to_owned(),
            )
            .await
    }
}
