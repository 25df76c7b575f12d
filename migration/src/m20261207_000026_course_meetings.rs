//! Courses that meet several times: each meeting is a row of
//! `course_meetings` (its start and end, and a place when it is not the
//! course's location). A course's own `starts_at` and `ends_at` stay, as its
//! first meeting's start and its last meeting's end, with `meeting_count`
//! beside them: the cut-offs, reminders and the catalog's order read the
//! course row alone, and the one writer of meetings keeps the three in step
//! in the same transaction. Every existing course becomes one meeting.

use crate::id_pk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CourseMeetings {
    Table,
    Id,
    CourseId,
    StartsAt,
    EndsAt,
    Place,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    MeetingCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CourseMeetings::Table)
                    .col(id_pk(CourseMeetings::Id))
                    .col(
                        ColumnDef::new(CourseMeetings::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseMeetings::StartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseMeetings::EndsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(CourseMeetings::Place).string_len(200).null())
                    .check(
                        Expr::col(CourseMeetings::EndsAt).gt(Expr::col(CourseMeetings::StartsAt)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("course_meetings_course_id_fkey")
                            .from(CourseMeetings::Table, CourseMeetings::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("course_meetings_course_id_starts_at_idx")
                    .table(CourseMeetings::Table)
                    .col(CourseMeetings::CourseId)
                    .col(CourseMeetings::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(
                        ColumnDef::new(Courses::MeetingCount)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO course_meetings (course_id, starts_at, ends_at) \
                 SELECT id, starts_at, ends_at FROM courses",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::MeetingCount)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CourseMeetings::Table).to_owned())
            .await?;
        Ok(())
    }
}
