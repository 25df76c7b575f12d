//! Runs of one course: the same course on other dates, each a course row
//! of its own (its own meetings, capacity, bookings, waiting list and
//! price). `run_of` names the first run; the first run's is NULL, so a
//! course's runs are those whose `run_of`, or own id, is its first run's id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    RunOf,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(ColumnDef::new(Courses::RunOf).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("courses_run_of_idx")
                    .table(Courses::Table)
                    .col(Courses::RunOf)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("courses_run_of_idx")
                    .table(Courses::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::RunOf)
                    .to_owned(),
            )
            .await
    }
}
