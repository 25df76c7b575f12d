//! Course pictures.
//!
//! - `course_picture_files`: one picture at each width the pages use, as
//!   served (a JPEG cropped to 3:2), keyed by the SHA-256 of the widest
//!   one and the width. In the database so that every instance serves the
//!   same bytes; a new picture is a new name, so each is cached for a year.
//! - `courses.picture_hash`, `picture_alt` (what the picture shows, for
//!   those who cannot see it; required with a picture) and
//!   `picture_width` (the widest stored: smaller uploads are not enlarged).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CoursePictureFiles {
    Table,
    Hash,
    Width,
    Jpeg,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    PictureHash,
    PictureAlt,
    PictureWidth,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CoursePictureFiles::Table)
                    .col(
                        ColumnDef::new(CoursePictureFiles::Hash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CoursePictureFiles::Width)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CoursePictureFiles::Jpeg).blob().not_null())
                    .col(
                        ColumnDef::new(CoursePictureFiles::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CoursePictureFiles::Hash)
                            .col(CoursePictureFiles::Width),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Courses::PictureHash)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Courses::PictureAlt)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(Courses::PictureWidth)
                .integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Courses::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Courses::PictureWidth,
            Courses::PictureAlt,
            Courses::PictureHash,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Courses::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CoursePictureFiles::Table).to_owned())
            .await
    }
}
