//! Each course happens at its venue's local time, so it keeps the venue's
//! IANA time zone (`Europe/Amsterdam`); pages, emails and the course form
//! show and take its times in that zone. Existing courses get the zone most
//! members have (captured from their browsers: a provider's members mostly
//! live where its courses are), or UTC when nobody has one yet.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Courses {
    Table,
    TimeZone,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(
                        ColumnDef::new(Courses::TimeZone)
                            .string_len(64)
                            .not_null()
                            .default("UTC"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE courses SET time_zone = COALESCE(( \
                   SELECT time_zone FROM users WHERE time_zone <> 'UTC' \
                   GROUP BY time_zone ORDER BY COUNT(*) DESC, time_zone LIMIT 1 \
                 ), 'UTC')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::TimeZone)
                    .to_owned(),
            )
            .await
    }
}
