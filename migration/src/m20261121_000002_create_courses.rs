use crate::{id_pk, one_of, timestamps};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Courses {
    Table,
    Id,
    Title,
    Description,
    Price,
    Currency,
    Capacity,
    SeatsHeld,
    StartsAt,
    EndsAt,
    Location,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Courses::Table)
                        .col(id_pk(Courses::Id))
                        .col(ColumnDef::new(Courses::Title).string_len(120).not_null())
                        .col(
                            ColumnDef::new(Courses::Description)
                                .text()
                                .not_null()
                                .default(""),
                        )
                        .col(ColumnDef::new(Courses::Price).big_integer().not_null())
                        .col(ColumnDef::new(Courses::Currency).string_len(3).not_null())
                        .col(ColumnDef::new(Courses::Capacity).integer().not_null())
                        .col(
                            ColumnDef::new(Courses::SeatsHeld)
                                .integer()
                                .not_null()
                                .default(0),
                        )
                        .col(
                            ColumnDef::new(Courses::StartsAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Courses::EndsAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Courses::Location)
                                .string_len(200)
                                .not_null()
                                .default(""),
                        )
                        .col(
                            ColumnDef::new(Courses::Status)
                                .string_len(16)
                                .not_null()
                                .default("draft"),
                        )
                        .check(Expr::col(Courses::Price).gte(0))
                        .check(Expr::col(Courses::Capacity).gt(0))
                        .check(Expr::col(Courses::SeatsHeld).gte(0))
                        .check(Expr::col(Courses::SeatsHeld).lte(Expr::col(Courses::Capacity)))
                        .check(Expr::col(Courses::EndsAt).gt(Expr::col(Courses::StartsAt)))
                        .check(one_of(
                            Courses::Status,
                            &["draft", "published", "cancelled"],
                        )),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("courses_status_starts_at_idx")
                    .table(Courses::Table)
                    .col(Courses::Status)
                    .col(Courses::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Courses::Table).to_owned())
            .await
    }
}
