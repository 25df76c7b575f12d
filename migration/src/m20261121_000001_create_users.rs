use crate::{id_pk, one_of, timestamps};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Role,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                timestamps(
                    Table::create()
                        .table(Users::Table)
                        .col(id_pk(Users::Id))
                        .col(ColumnDef::new(Users::Email).string_len(254).not_null())
                        .col(ColumnDef::new(Users::PasswordHash).string().not_null())
                        .col(ColumnDef::new(Users::DisplayName).string_len(80).not_null())
                        .col(
                            ColumnDef::new(Users::Role)
                                .string_len(16)
                                .not_null()
                                .default("member"),
                        )
                        // Emails are stored lower-cased, so a plain unique
                        // index is case-insensitive on both databases.
                        .check(Expr::col(Users::Email).eq(Func::lower(Expr::col(Users::Email))))
                        .check(one_of(Users::Role, &["member", "admin"])),
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("users_email_key")
                    .table(Users::Table)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
