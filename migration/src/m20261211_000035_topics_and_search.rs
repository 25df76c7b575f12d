//! Finding courses by topic and by words.
//!
//! - `topics`: the short list of topics admins manage ("Cooking", "Art").
//!   The slug is the topic's name in catalog URLs (`?topic=cooking`).
//! - `courses.topic_id`: a course's topic, if it has one; deleting a topic
//!   clears it in the same transaction (no foreign key, as with the
//!   other columns added to `courses` by `ALTER TABLE` on SQLite).
//! - `(topic_id, starts_at)`: the catalog's topic filter walks it in date
//!   order.
//! - A full-text index over title, description and location. SQLite: an
//!   FTS5 table `course_search` over `courses`, kept by triggers (which fire
//!   only when those three columns change, not on every seat). PostgreSQL:
//!   a generated `tsvector` column `courses.search` with a GIN index, over
//!   the text with its punctuation made spaces (PostgreSQL's parser would
//!   keep `info@pottery.de` or `2.5` whole, where FTS5 splits them). Both
//!   fold case and keep accents, so the two backends find the same.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Topics {
    Table,
    Id,
    Slug,
    Name,
}

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    TopicId,
    StartsAt,
}

const BY_TOPIC: &str = "courses_topic_starts_at_idx";

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE course_search USING fts5(
        title, description, location,
        content='courses', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER course_search_insert AFTER INSERT ON courses BEGIN
        INSERT INTO course_search (rowid, title, description, location)
        VALUES (new.id, new.title, new.description, new.location);
    END",
    "CREATE TRIGGER course_search_delete AFTER DELETE ON courses BEGIN
        INSERT INTO course_search (course_search, rowid, title, description, location)
        VALUES ('delete', old.id, old.title, old.description, old.location);
    END",
    "CREATE TRIGGER course_search_update AFTER UPDATE OF title, description, location ON courses BEGIN
        INSERT INTO course_search (course_search, rowid, title, description, location)
        VALUES ('delete', old.id, old.title, old.description, old.location);
        INSERT INTO course_search (rowid, title, description, location)
        VALUES (new.id, new.title, new.description, new.location);
    END",
    "INSERT INTO course_search (course_search) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER course_search_update",
    "DROP TRIGGER course_search_delete",
    "DROP TRIGGER course_search_insert",
    "DROP TABLE course_search",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE courses ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, regexp_replace(
            title || ' ' || description || ' ' || location, '[[:punct:]]+', ' ', 'g'))
    ) STORED",
    "CREATE INDEX courses_search_idx ON courses USING GIN (search)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX courses_search_idx",
    "ALTER TABLE courses DROP COLUMN search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Topics::Table)
                    .col(crate::id_pk(Topics::Id))
                    .col(ColumnDef::new(Topics::Slug).string_len(40).not_null())
                    .col(ColumnDef::new(Topics::Name).string_len(40).not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("topics_slug_key")
                    .table(Topics::Table)
                    .col(Topics::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(ColumnDef::new(Courses::TopicId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(BY_TOPIC)
                    .table(Courses::Table)
                    .col(Courses::TopicId)
                    .col(Courses::StartsAt)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name(BY_TOPIC)
                    .table(Courses::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::TopicId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Topics::Table).to_owned())
            .await
    }
}
