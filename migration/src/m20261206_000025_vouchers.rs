//! Vouchers: codes that take money off a booking (`vouchers`, with the
//! courses a code is limited to in `voucher_courses`), and each use of one
//! (`voucher_redemptions`, one per booking). `vouchers.redemptions` counts
//! the uses not given back and never passes `max_redemptions`: the check
//! makes the database refuse a sixth use of a five-use code whatever the
//! application does. A booking keeps what its seats cost before a discount
//! (`list_amount`; `amount` stays what is charged), and a waiting place the
//! code its person entered when joining.

use crate::{id_pk, one_of};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Vouchers {
    Table,
    Id,
    Code,
    PercentOff,
    AmountOff,
    Currency,
    MaxRedemptions,
    Redemptions,
    OncePerMember,
    ValidFrom,
    ValidUntil,
    DisabledAt,
    Note,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VoucherCourses {
    Table,
    VoucherId,
    CourseId,
}

#[derive(DeriveIden, Clone, Copy)]
enum VoucherRedemptions {
    Table,
    Id,
    VoucherId,
    BookingId,
    UserId,
    OnceKey,
    ReturnedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
    ListAmount,
}

#[derive(DeriveIden)]
enum WaitlistEntries {
    Table,
    VoucherCode,
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

fn at<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

fn maybe_at<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Vouchers::Table)
                    .col(id_pk(Vouchers::Id))
                    .col(
                        ColumnDef::new(Vouchers::Code)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Vouchers::PercentOff).integer().null())
                    .col(ColumnDef::new(Vouchers::AmountOff).big_integer().null())
                    .col(ColumnDef::new(Vouchers::Currency).string_len(3).null())
                    .col(ColumnDef::new(Vouchers::MaxRedemptions).integer().null())
                    .col(
                        ColumnDef::new(Vouchers::Redemptions)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Vouchers::OncePerMember)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(maybe_at(Vouchers::ValidFrom))
                    .col(maybe_at(Vouchers::ValidUntil))
                    .col(maybe_at(Vouchers::DisabledAt))
                    .col(
                        ColumnDef::new(Vouchers::Note)
                            .string_len(500)
                            .not_null()
                            .default(""),
                    )
                    .col(at(Vouchers::CreatedAt))
                    .col(at(Vouchers::UpdatedAt))
                    // A percentage, or an amount in a currency: one of them.
                    .check(
                        Expr::col(Vouchers::PercentOff)
                            .between(1, 100)
                            .and(Expr::col(Vouchers::AmountOff).is_null())
                            .and(Expr::col(Vouchers::Currency).is_null())
                            .or(Expr::col(Vouchers::PercentOff)
                                .is_null()
                                .and(Expr::col(Vouchers::AmountOff).gt(0))
                                .and(one_of(
                                    Vouchers::Currency,
                                    &["EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY"],
                                ))),
                    )
                    .check(
                        Expr::col(Vouchers::MaxRedemptions)
                            .is_null()
                            .or(Expr::col(Vouchers::MaxRedemptions).gte(1)),
                    )
                    .check(
                        Expr::col(Vouchers::Redemptions).gte(0).and(
                            Expr::col(Vouchers::MaxRedemptions)
                                .is_null()
                                .or(Expr::col(Vouchers::Redemptions)
                                    .lte(Expr::col(Vouchers::MaxRedemptions))),
                        ),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherCourses::Table)
                    .col(
                        ColumnDef::new(VoucherCourses::VoucherId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VoucherCourses::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(VoucherCourses::VoucherId)
                            .col(VoucherCourses::CourseId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("voucher_courses_voucher_id_fkey")
                            .from(VoucherCourses::Table, VoucherCourses::VoucherId)
                            .to(Vouchers::Table, Vouchers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("voucher_courses_course_id_fkey")
                            .from(VoucherCourses::Table, VoucherCourses::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VoucherRedemptions::Table)
                    .col(id_pk(VoucherRedemptions::Id))
                    .col(
                        ColumnDef::new(VoucherRedemptions::VoucherId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VoucherRedemptions::BookingId)
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(VoucherRedemptions::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    // The member, while the use counts, on a once-per-member
                    // code (else NULL): unique with the voucher below.
                    .col(
                        ColumnDef::new(VoucherRedemptions::OnceKey)
                            .big_integer()
                            .null(),
                    )
                    .col(maybe_at(VoucherRedemptions::ReturnedAt))
                    .col(at(VoucherRedemptions::CreatedAt))
                    .check(
                        Expr::col(VoucherRedemptions::ReturnedAt)
                            .is_null()
                            .or(Expr::col(VoucherRedemptions::OnceKey).is_null()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("voucher_redemptions_voucher_id_fkey")
                            .from(VoucherRedemptions::Table, VoucherRedemptions::VoucherId)
                            .to(Vouchers::Table, Vouchers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("voucher_redemptions_booking_id_fkey")
                            .from(VoucherRedemptions::Table, VoucherRedemptions::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("voucher_redemptions_user_id_fkey")
                            .from(VoucherRedemptions::Table, VoucherRedemptions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("voucher_redemptions_once_per_member_idx")
                    .table(VoucherRedemptions::Table)
                    .col(VoucherRedemptions::VoucherId)
                    .col(VoucherRedemptions::OnceKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Bookings::Table)
                    // NULL: the same as `amount` (no discount; every
                    // booking made before vouchers).
                    .add_column(ColumnDef::new(Bookings::ListAmount).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(WaitlistEntries::Table)
                    .add_column(
                        ColumnDef::new(WaitlistEntries::VoucherCode)
                            .string_len(32)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                WaitlistEntries::Table.into_iden(),
                WaitlistEntries::VoucherCode.into_iden(),
            ),
            (
                Bookings::Table.into_iden(),
                Bookings::ListAmount.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        for table in [
            VoucherRedemptions::Table.into_iden(),
            VoucherCourses::Table.into_iden(),
            Vouchers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
