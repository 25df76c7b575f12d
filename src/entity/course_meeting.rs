//! One meeting of a course.

use sea_orm::entity::prelude::*;

/// A `course_meetings` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub starts_at: DateTimeUtc,
    /// After `starts_at`.
    pub ends_at: DateTimeUtc,
    /// Where, when not at the course's location.
    pub place: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
