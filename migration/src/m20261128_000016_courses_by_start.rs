//! An index on `courses (starts_at, id)`: the admin's course list pages
//! through every course, drafts and cancelled ones included, newest start
//! first; the `(status, starts_at)` index serves one status at a time, so
//! without this each page sorted the whole table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "courses_starts_at_id_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Alias::new("courses"))
                    .col(Alias::new("starts_at"))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Alias::new("courses"))
                    .to_owned(),
            )
            .await
    }
}
