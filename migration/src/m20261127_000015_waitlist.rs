//! The waiting list: one row per person waiting for a seat on a full course.
//! A freed seat goes to the longest waiting as an *offer*: a pending booking
//! holding the seat until the offer's deadline, named by `booking_id`, so
//! `seats_held` still counts active bookings only. The row stays after it
//! closes (accepted, declined, expired, left, removed, or closed with the
//! list at its cut-off) as the history the roster shows.

use crate::{id_pk, one_of};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum WaitlistEntries {
    Table,
    Id,
    CourseId,
    UserId,
    Status,
    JoinedAt,
    OfferedAt,
    OfferExpiresAt,
    BookingId,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WaitlistEntries::Table)
                    .col(id_pk(WaitlistEntries::Id))
                    .col(
                        ColumnDef::new(WaitlistEntries::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::JoinedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::OfferedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::OfferExpiresAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::BookingId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(WaitlistEntries::ClosedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .check(one_of(
                        WaitlistEntries::Status,
                        &[
                            "waiting", "offered", "accepted", "declined", "expired", "left",
                            "removed", "closed",
                        ],
                    ))
                    // An offer always names the booking that holds its seat.
                    .check(
                        Expr::col(WaitlistEntries::Status)
                            .ne("offered")
                            .or(Expr::col(WaitlistEntries::BookingId).is_not_null()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("waitlist_entries_course_id_fkey")
                            .from(WaitlistEntries::Table, WaitlistEntries::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("waitlist_entries_user_id_fkey")
                            .from(WaitlistEntries::Table, WaitlistEntries::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("waitlist_entries_booking_id_fkey")
                            .from(WaitlistEntries::Table, WaitlistEntries::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One open place (waiting or offered) per person and course; the
        // same statement on both databases (no partial index builder).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX waitlist_one_open_per_user_course \
                 ON waitlist_entries (user_id, course_id) \
                 WHERE status IN ('waiting', 'offered')",
            )
            .await?;
        // The head of a course's list, and its length, in order.
        manager
            .create_index(
                Index::create()
                    .name("waitlist_course_status_joined_idx")
                    .table(WaitlistEntries::Table)
                    .col(WaitlistEntries::CourseId)
                    .col(WaitlistEntries::Status)
                    .col(WaitlistEntries::JoinedAt)
                    .col(WaitlistEntries::Id)
                    .to_owned(),
            )
            .await?;
        // Offers past their deadline, for the sweeper.
        manager
            .create_index(
                Index::create()
                    .name("waitlist_status_deadline_idx")
                    .table(WaitlistEntries::Table)
                    .col(WaitlistEntries::Status)
                    .col(WaitlistEntries::OfferExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("waitlist_booking_idx")
                    .table(WaitlistEntries::Table)
                    .col(WaitlistEntries::BookingId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WaitlistEntries::Table).to_owned())
            .await
    }
}
