use crate::m20261121_000001_create_users::Users;
use crate::m20261121_000002_create_courses::Courses;
use crate::{id_pk, one_of, timestamps};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Bookings {
    Table,
    Id,
    UserId,
    CourseId,
    Status,
    Amount,
    Currency,
    HoldExpiresAt,
    ConfirmedAt,
    CancelledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Bookings::Table)
                        .col(id_pk(Bookings::Id))
                        .col(ColumnDef::new(Bookings::UserId).big_integer().not_null())
                        .col(ColumnDef::new(Bookings::CourseId).big_integer().not_null())
                        .col(ColumnDef::new(Bookings::Status).string_len(20).not_null())
                        .col(ColumnDef::new(Bookings::Amount).big_integer().not_null())
                        .col(ColumnDef::new(Bookings::Currency).string_len(3).not_null())
                        .col(
                            ColumnDef::new(Bookings::HoldExpiresAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(Bookings::ConfirmedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(Bookings::CancelledAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .check(Expr::col(Bookings::Amount).gte(0))
                        .check(one_of(
                            Bookings::Status,
                            &["pending_payment", "confirmed", "cancelled", "expired"],
                        ))
                        .foreign_key(
                            ForeignKey::create()
                                .name("bookings_user_id_fkey")
                                .from(Bookings::Table, Bookings::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Restrict),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .name("bookings_course_id_fkey")
                                .from(Bookings::Table, Bookings::CourseId)
                                .to(Courses::Table, Courses::Id)
                                .on_delete(ForeignKeyAction::Restrict),
                        ),
                )
                .to_owned(),
            )
            .await?;
        // At most one active booking per person and course. sea-query has no
        // partial index builder; this statement is the same on both databases.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX bookings_one_active_per_user_course \
                 ON bookings (user_id, course_id) \
                 WHERE status IN ('pending_payment', 'confirmed')",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("bookings_course_status_idx")
                    .table(Bookings::Table)
                    .col(Bookings::CourseId)
                    .col(Bookings::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("bookings_status_hold_idx")
                    .table(Bookings::Table)
                    .col(Bookings::Status)
                    .col(Bookings::HoldExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Bookings::Table).to_owned())
            .await
    }
}
