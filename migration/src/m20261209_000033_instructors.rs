//! Instructors: who teaches what, and who came.
//!
//! - `instructors`: a person's public teaching profile (one per account;
//!   an account with one is an instructor and may open `/teaching`; its
//!   `users.role` stays member or admin), and whether they want the
//!   daily digest and the day-before attendee list by email.
//! - `instructor_photos`: a profile photo as served (resized JPEG), keyed by
//!   the SHA-256 of its bytes, which names its URL: the URL changes when
//!   the photo does, so it is cached for a year. In the database so that
//!   every instance serves it.
//! - `course_instructors`: who teaches a date (a course row).
//! - `attendance`: one seat at one meeting, present or absent. A meeting is
//!   named by its start: saving a course rewrites its meeting rows, and a
//!   meeting that has begun keeps its start, so its marks stay with it.
//!   The key makes a mark sent twice one mark.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Instructors {
    Table,
    UserId,
    Bio,
    DigestEmails,
    DayBeforeEmails,
    PhotoHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InstructorPhotos {
    Table,
    Hash,
    Jpeg,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CourseInstructors {
    Table,
    CourseId,
    UserId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Attendance {
    Table,
    AttendeeId,
    MeetingStartsAt,
    Present,
    MarkedBy,
    MarkedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Attendees {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InstructorPhotos::Table)
                    .col(
                        ColumnDef::new(InstructorPhotos::Hash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(InstructorPhotos::Jpeg).blob().not_null())
                    .col(
                        ColumnDef::new(InstructorPhotos::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Instructors::Table)
                    .col(
                        ColumnDef::new(Instructors::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Instructors::Bio)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .col(
                        ColumnDef::new(Instructors::DigestEmails)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Instructors::DayBeforeEmails)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(ColumnDef::new(Instructors::PhotoHash).string_len(64).null())
                    .col(
                        ColumnDef::new(Instructors::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Instructors::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("instructors_user_id_fkey")
                            .from(Instructors::Table, Instructors::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseInstructors::Table)
                    .col(
                        ColumnDef::new(CourseInstructors::CourseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CourseInstructors::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CourseInstructors::CourseId)
                            .col(CourseInstructors::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("course_instructors_course_id_fkey")
                            .from(CourseInstructors::Table, CourseInstructors::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("course_instructors_user_id_fkey")
                            .from(CourseInstructors::Table, CourseInstructors::UserId)
                            .to(Instructors::Table, Instructors::UserId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "What does this person teach": /teaching and the catalog filter.
        manager
            .create_index(
                Index::create()
                    .name("course_instructors_user_idx")
                    .table(CourseInstructors::Table)
                    .col(CourseInstructors::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(
                        ColumnDef::new(Attendance::AttendeeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Attendance::MeetingStartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Attendance::Present).boolean().not_null())
                    .col(ColumnDef::new(Attendance::MarkedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Attendance::MarkedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(Attendance::AttendeeId)
                            .col(Attendance::MeetingStartsAt),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("attendance_attendee_id_fkey")
                            .from(Attendance::Table, Attendance::AttendeeId)
                            .to(Attendees::Table, Attendees::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("attendance_marked_by_fkey")
                            .from(Attendance::Table, Attendance::MarkedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Attendance::Table.into_iden(),
            CourseInstructors::Table.into_iden(),
            Instructors::Table.into_iden(),
            InstructorPhotos::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
