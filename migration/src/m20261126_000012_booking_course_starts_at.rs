//! `bookings.course_starts_at`: each booking carries its course's start, kept
//! in step by the database itself, so the dashboard can page through one
//! member's bookings in start order from one index (`user_id,
//! course_starts_at, id`) instead of joining every one of them with its course
//! and sorting them all on each visit.
//!
//! Triggers keep the copy true whoever writes: a new booking takes its
//! course's start, and a course that moves takes its bookings with it. The
//! application never writes the column (the entity does not map it). On
//! PostgreSQL the column is `NOT NULL`; SQLite cannot add a `NOT NULL` column
//! without a default, so there it is nullable, and the insert trigger fills it
//! in the same statement.
//!
//! The index replaces `bookings_user_idx` (a prefix of it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "bookings_user_starts_idx";
const OLD_INDEX: &str = "bookings_user_idx";

const SQLITE_UP: &[&str] = &[
    "CREATE TRIGGER bookings_course_starts_at_insert AFTER INSERT ON bookings \
     BEGIN \
       UPDATE bookings SET course_starts_at = \
         (SELECT starts_at FROM courses WHERE courses.id = NEW.course_id) \
       WHERE id = NEW.id; \
     END",
    "CREATE TRIGGER bookings_course_starts_at_move AFTER UPDATE OF course_id ON bookings \
     BEGIN \
       UPDATE bookings SET course_starts_at = \
         (SELECT starts_at FROM courses WHERE courses.id = NEW.course_id) \
       WHERE id = NEW.id; \
     END",
    "CREATE TRIGGER courses_starts_at_to_bookings AFTER UPDATE OF starts_at ON courses \
     WHEN OLD.starts_at IS NOT NEW.starts_at \
     BEGIN \
       UPDATE bookings SET course_starts_at = NEW.starts_at WHERE course_id = NEW.id; \
     END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER courses_starts_at_to_bookings",
    "DROP TRIGGER bookings_course_starts_at_move",
    "DROP TRIGGER bookings_course_starts_at_insert",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE FUNCTION bookings_course_starts_at() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       NEW.course_starts_at := (SELECT starts_at FROM courses WHERE id = NEW.course_id); \
       RETURN NEW; \
     END $$",
    "CREATE TRIGGER bookings_course_starts_at BEFORE INSERT OR UPDATE OF course_id ON bookings \
     FOR EACH ROW EXECUTE FUNCTION bookings_course_starts_at()",
    "CREATE FUNCTION courses_starts_at_to_bookings() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       UPDATE bookings SET course_starts_at = NEW.starts_at WHERE course_id = NEW.id; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER courses_starts_at_to_bookings AFTER UPDATE OF starts_at ON courses \
     FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at) \
     EXECUTE FUNCTION courses_starts_at_to_bookings()",
    "ALTER TABLE bookings ALTER COLUMN course_starts_at SET NOT NULL",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER courses_starts_at_to_bookings ON courses",
    "DROP FUNCTION courses_starts_at_to_bookings()",
    "DROP TRIGGER bookings_course_starts_at ON bookings",
    "DROP FUNCTION bookings_course_starts_at()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("bookings"))
                    .add_column(
                        ColumnDef::new(Alias::new("course_starts_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "UPDATE bookings SET course_starts_at = \
             (SELECT starts_at FROM courses WHERE courses.id = bookings.course_id)",
        )
        .await?;
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Alias::new("bookings"))
                    .col(Alias::new("user_id"))
                    .col(Alias::new("course_starts_at"))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OLD_INDEX)
                    .table(Alias::new("bookings"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_index(
                Index::create()
                    .name(OLD_INDEX)
                    .table(Alias::new("bookings"))
                    .col(Alias::new("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Alias::new("bookings"))
                    .to_owned(),
            )
            .await?;
        let statements = match manager.get_database_backend() {
            DatabaseBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        db.execute_unprepared("ALTER TABLE bookings DROP COLUMN course_starts_at")
            .await?;
        Ok(())
    }
}
