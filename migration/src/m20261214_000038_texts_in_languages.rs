//! A course's and an instructor's own words in more than one language.
//!
//! - `courses.language`: the language `title` and `description` are
//!   written in (a BCP 47 tag Tessera speaks; `en` for courses from before).
//!   That text is required; the others are optional.
//! - `course_texts`: the same course's title and description in another
//!   language, one row per language. A reader whose language has no row
//!   sees `courses`' own, marked with its language.
//! - `instructors.bio_language` and `instructor_bios`: likewise for a bio.
//! - The catalog's words find a course in any of its languages: the texts
//!   get a full-text index like `courses`' (SQLite: FTS5 `course_text_search`
//!   kept by triggers; PostgreSQL: a generated `course_texts.search`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE course_text_search USING fts5(
        course_id UNINDEXED, title, description,
        content='course_texts', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER course_text_search_insert AFTER INSERT ON course_texts BEGIN
        INSERT INTO course_text_search (rowid, course_id, title, description)
        VALUES (new.rowid, new.course_id, new.title, new.description);
    END",
    "CREATE TRIGGER course_text_search_delete AFTER DELETE ON course_texts BEGIN
        INSERT INTO course_text_search (course_text_search, rowid, course_id, title, description)
        VALUES ('delete', old.rowid, old.course_id, old.title, old.description);
    END",
    "CREATE TRIGGER course_text_search_update AFTER UPDATE ON course_texts BEGIN
        INSERT INTO course_text_search (course_text_search, rowid, course_id, title, description)
        VALUES ('delete', old.rowid, old.course_id, old.title, old.description);
        INSERT INTO course_text_search (rowid, course_id, title, description)
        VALUES (new.rowid, new.course_id, new.title, new.description);
    END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER course_text_search_update",
    "DROP TRIGGER course_text_search_delete",
    "DROP TRIGGER course_text_search_insert",
    "DROP TABLE course_text_search",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE course_texts ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, regexp_replace(
            title || ' ' || description, '[[:punct:]]+', ' ', 'g'))
    ) STORED",
    "CREATE INDEX course_texts_search_idx ON course_texts USING GIN (search)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX course_texts_search_idx",
    "ALTER TABLE course_texts DROP COLUMN search",
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    Id,
    Language,
}

#[derive(DeriveIden, Clone, Copy)]
enum CourseTexts {
    Table,
    CourseId,
    Language,
    Title,
    Description,
}

#[derive(DeriveIden, Clone, Copy)]
enum Instructors {
    Table,
    UserId,
    BioLanguage,
}

#[derive(DeriveIden, Clone, Copy)]
enum InstructorBios {
    Table,
    UserId,
    Language,
    Bio,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(
                        ColumnDef::new(Courses::Language)
                            .string_len(16)
                            .not_null()
                            .default("en"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseTexts::Table)
                    .col(
                        ColumnDef::new(CourseTexts::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseTexts::Language)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CourseTexts::Title).text().not_null())
                    .col(ColumnDef::new(CourseTexts::Description).text().not_null())
                    .primary_key(
                        Index::create()
                            .col(CourseTexts::CourseId)
                            .col(CourseTexts::Language),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("course_texts_course_id_fkey")
                            .from(CourseTexts::Table, CourseTexts::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let search = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in search {
            db.execute_unprepared(sql).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Instructors::Table)
                    .add_column(
                        ColumnDef::new(Instructors::BioLanguage)
                            .string_len(16)
                            .not_null()
                            .default("en"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstructorBios::Table)
                    .col(
                        ColumnDef::new(InstructorBios::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(InstructorBios::Language)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(InstructorBios::Bio).text().not_null())
                    .primary_key(
                        Index::create()
                            .col(InstructorBios::UserId)
                            .col(InstructorBios::Language),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("instructor_bios_user_id_fkey")
                            .from(InstructorBios::Table, InstructorBios::UserId)
                            .to(Instructors::Table, Instructors::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InstructorBios::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Instructors::Table)
                    .drop_column(Instructors::BioLanguage)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let search = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in search {
            db.execute_unprepared(sql).await?;
        }
        manager
            .drop_table(Table::drop().table(CourseTexts::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::Language)
                    .to_owned(),
            )
            .await
    }
}
