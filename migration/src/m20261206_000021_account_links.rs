//! Links sent by email for more than setting a new password: confirming an
//! address at sign-up and moving an account to a new one. `password_resets`
//! becomes `account_links` with a `purpose` (and the address a change moves
//! to); its rows stay reset links. Accounts gain `email_confirmed_at`: every
//! account that exists now counts as confirmed, as it booked without one.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
}

#[derive(DeriveIden)]
enum AccountLinks {
    Table,
    Purpose,
    NewEmail,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    EmailConfirmedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .rename_table(
                Table::rename()
                    .table(PasswordResets::Table, AccountLinks::Table)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(AccountLinks::Table)
                    .add_column(
                        ColumnDef::new(AccountLinks::Purpose)
                            .string_len(16)
                            .not_null()
                            .default("reset_password"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AccountLinks::Table)
                    .add_column(
                        ColumnDef::new(AccountLinks::NewEmail)
                            .string_len(254)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::EmailConfirmedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Users::Table)
                    .value(Users::EmailConfirmedAt, Expr::col(Users::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::EmailConfirmedAt)
                    .to_owned(),
            )
            .await?;
        // Links of the new kinds mean nothing to the old schema.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(AccountLinks::Table)
                    .and_where(Expr::col(AccountLinks::Purpose).ne("reset_password"))
                    .to_owned(),
            )
            .await?;
        for column in [AccountLinks::NewEmail, AccountLinks::Purpose] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AccountLinks::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .rename_table(
                Table::rename()
                    .table(AccountLinks::Table, PasswordResets::Table)
                    .to_owned(),
            )
            .await
    }
}
