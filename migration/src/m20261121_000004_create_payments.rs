use crate::m20261121_000003_create_bookings::Bookings;
use crate::{id_pk, one_of, timestamps};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Payments {
    Table,
    Id,
    BookingId,
    StripeCheckoutSessionId,
    StripePaymentIntentId,
    CheckoutUrl,
    Amount,
    Currency,
    Status,
    FailureCode,
    FailureMessage,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Payments::Table)
                        .col(id_pk(Payments::Id))
                        .col(ColumnDef::new(Payments::BookingId).big_integer().not_null())
                        .col(
                            ColumnDef::new(Payments::StripeCheckoutSessionId)
                                .string_len(255)
                                .null(),
                        )
                        .col(
                            ColumnDef::new(Payments::StripePaymentIntentId)
                                .string_len(255)
                                .null(),
                        )
                        .col(ColumnDef::new(Payments::CheckoutUrl).text().null())
                        .col(ColumnDef::new(Payments::Amount).big_integer().not_null())
                        .col(ColumnDef::new(Payments::Currency).string_len(3).not_null())
                        .col(ColumnDef::new(Payments::Status).string_len(16).not_null())
                        .col(ColumnDef::new(Payments::FailureCode).string_len(100).null())
                        .col(ColumnDef::new(Payments::FailureMessage).text().null())
                        .col(
                            ColumnDef::new(Payments::ExpiresAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .check(Expr::col(Payments::Amount).gte(0))
                        .check(one_of(
                            Payments::Status,
                            &["open", "succeeded", "failed", "expired", "refunded"],
                        ))
                        .foreign_key(
                            ForeignKey::create()
                                .name("payments_booking_id_fkey")
                                .from(Payments::Table, Payments::BookingId)
                                .to(Bookings::Table, Bookings::Id)
                                .on_delete(ForeignKeyAction::Restrict),
                        ),
                )
                .to_owned(),
            )
            .await?;
        // The session id is set once Stripe answers; NULLs never collide.
        manager
            .create_index(
                Index::create()
                    .name("payments_checkout_session_key")
                    .table(Payments::Table)
                    .col(Payments::StripeCheckoutSessionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("payments_booking_idx")
                    .table(Payments::Table)
                    .col(Payments::BookingId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("payments_intent_idx")
                    .table(Payments::Table)
                    .col(Payments::StripePaymentIntentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Payments::Table).to_owned())
            .await
    }
}
