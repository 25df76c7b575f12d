//! Each move of a booking to another date of its course: from which run to
//! which, its seats, who moved it and when. A booking's history shows them;
//! its calendar file counts them (`SEQUENCE`), so calendar apps update the
//! entry instead of adding a second.

use crate::id_pk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum BookingMoves {
    Table,
    Id,
    BookingId,
    FromCourseId,
    ToCourseId,
    Seats,
    MovedBy,
    MovedAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let course = |col: BookingMoves, name: &str| {
            ForeignKey::create()
                .name(name)
                .from(BookingMoves::Table, col)
                .to(Courses::Table, Courses::Id)
                .on_delete(ForeignKeyAction::Restrict)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(BookingMoves::Table)
                    .col(id_pk(BookingMoves::Id))
                    .col(
                        ColumnDef::new(BookingMoves::BookingId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BookingMoves::FromCourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BookingMoves::ToCourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(BookingMoves::Seats).integer().not_null())
                    // `member` or `admin`.
                    .col(
                        ColumnDef::new(BookingMoves::MovedBy)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BookingMoves::MovedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(Expr::col(BookingMoves::Seats).gte(1))
                    .check(
                        Expr::col(BookingMoves::FromCourseId)
                            .ne(Expr::col(BookingMoves::ToCourseId)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("booking_moves_booking_id_fkey")
                            .from(BookingMoves::Table, BookingMoves::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut course(
                        BookingMoves::FromCourseId,
                        "booking_moves_from_course_id_fkey",
                    ))
                    .foreign_key(&mut course(
                        BookingMoves::ToCourseId,
                        "booking_moves_to_course_id_fkey",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("booking_moves_booking_id_idx")
                    .table(BookingMoves::Table)
                    .col(BookingMoves::BookingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BookingMoves::Table).to_owned())
            .await
    }
}
