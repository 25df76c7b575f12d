//! Several seats in one booking: `bookings.seats` is how many seats the
//! booking holds (every booking so far held one), and `courses.seats_per_booking`
//! how many one booking may hold on that course (6 unless the admin says).
//! The seat ledger's invariant becomes `seats_held = Σ seats of active
//! bookings ≤ capacity`. Each seat is an `attendees` row: who sits in it
//! (a name, optionally an email) and its share of what the booking cost.
//! Every booking so far gets one, named after the member who booked.

use crate::{id_pk, one_of};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    Seats,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    SeatsPerBooking,
}

#[derive(DeriveIden, Clone, Copy)]
enum Attendees {
    Table,
    Id,
    BookingId,
    Position,
    Name,
    Email,
    Status,
    Share,
    Refund,
    RefundAmount,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    AmountRefunded,
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
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attendees::Table)
                    .col(id_pk(Attendees::Id))
                    .col(
                        ColumnDef::new(Attendees::BookingId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Attendees::Position).integer().not_null())
                    .col(ColumnDef::new(Attendees::Name).string_len(80).not_null())
                    .col(ColumnDef::new(Attendees::Email).string_len(254).null())
                    .col(
                        ColumnDef::new(Attendees::Status)
                            .string_len(16)
                            .not_null()
                            .default("active"),
                    )
                    .col(ColumnDef::new(Attendees::Share).big_integer().not_null())
                    .col(ColumnDef::new(Attendees::Refund).string_len(16).null())
                    .col(
                        ColumnDef::new(Attendees::RefundAmount)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Attendees::CancelledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Attendees::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Attendees::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(one_of(Attendees::Status, &["active", "cancelled"]))
                    .check(Expr::col(Attendees::Position).gte(1))
                    .check(Expr::col(Attendees::Share).gte(0))
                    .check(
                        Expr::col(Attendees::Refund).is_null().or(
                            Expr::col(Attendees::Refund).is_in(["owed", "requested", "refused"])
                        ),
                    )
                    // A seat never gives back more than its share.
                    .check(
                        Expr::col(Attendees::RefundAmount).gte(0).and(
                            Expr::col(Attendees::RefundAmount).lte(Expr::col(Attendees::Share)),
                        ),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("attendees_booking_id_fkey")
                            .from(Attendees::Table, Attendees::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attendees_booking_position_idx")
                    .table(Attendees::Table)
                    .col(Attendees::BookingId)
                    .col(Attendees::Position)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // What Stripe reports refunded on a payment in all (`charge.refunded`'s
        // `amount_refunded`), from Tessera or from Stripe's dashboard.
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(
                        ColumnDef::new(Payments::AmountRefunded)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        // Every booking so far held one seat: its member sits in it.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO attendees (booking_id, position, name, email, status, share, created_at, updated_at) \
                 SELECT b.id, 1, u.display_name, NULL, 'active', b.amount, b.created_at, b.updated_at \
                 FROM bookings b JOIN users u ON u.id = b.user_id",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attendees::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .drop_column(Payments::AmountRefunded)
                    .to_owned(),
            )
            .await?;
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
