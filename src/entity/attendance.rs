//! Whether one seat's attendee came to one meeting.

use sea_orm::entity::prelude::*;

/// An `attendance` row; one per seat and meeting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub attendee_id: i64,
    /// The meeting, by its start (meeting rows are rewritten on save).
    #[sea_orm(primary_key, auto_increment = false)]
    pub meeting_starts_at: DateTimeUtc,
    pub present: bool,
    /// Who marked it (gone when their account is).
    pub marked_by: Option<i64>,
    pub marked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
