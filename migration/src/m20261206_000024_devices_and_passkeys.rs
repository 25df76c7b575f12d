//! Where a member is signed in (`signed_in_devices`: one row per signed-in
//! session, keyed by a random key kept in that session, so `/account` can
//! list devices with when each was last seen) and their passkeys
//! (`passkeys`: WebAuthn credentials, the key webauthn-rs keeps as JSON).

use crate::id_pk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SignedInDevices {
    Table,
    Id,
    UserId,
    DeviceKey,
    Device,
    SignedInAt,
    LastSeenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Passkeys {
    Table,
    Id,
    UserId,
    UserHandle,
    CredentialId,
    Name,
    Credential,
    CreatedAt,
    LastUsedAt,
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

fn owned_by_user<T: IntoIden + Copy + 'static>(
    name: &str,
    table: T,
    col: T,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignedInDevices::Table)
                    .col(id_pk(SignedInDevices::Id))
                    .col(
                        ColumnDef::new(SignedInDevices::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignedInDevices::DeviceKey)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(SignedInDevices::Device)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(at(SignedInDevices::SignedInAt))
                    .col(at(SignedInDevices::LastSeenAt))
                    .foreign_key(&mut owned_by_user(
                        "signed_in_devices_user_id_fkey",
                        SignedInDevices::Table,
                        SignedInDevices::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("signed_in_devices_user_idx")
                    .table(SignedInDevices::Table)
                    .col(SignedInDevices::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Passkeys::Table)
                    .col(id_pk(Passkeys::Id))
                    .col(ColumnDef::new(Passkeys::UserId).big_integer().not_null())
                    .col(ColumnDef::new(Passkeys::UserHandle).uuid().not_null())
                    .col(
                        ColumnDef::new(Passkeys::CredentialId)
                            .string_len(2048)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Passkeys::Name).string_len(60).not_null())
                    .col(ColumnDef::new(Passkeys::Credential).text().not_null())
                    .col(at(Passkeys::CreatedAt))
                    .col(
                        ColumnDef::new(Passkeys::LastUsedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(&mut owned_by_user(
                        "passkeys_user_id_fkey",
                        Passkeys::Table,
                        Passkeys::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("passkeys_user_idx")
                    .table(Passkeys::Table)
                    .col(Passkeys::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Passkeys::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SignedInDevices::Table).to_owned())
            .await
    }
}
