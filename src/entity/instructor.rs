//! An instructor's public profile and their email choices.

use sea_orm::entity::prelude::*;

/// An `instructors` row: the account may open `/teaching`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instructors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// Shown on their public page and the course page.
    pub bio: String,
    /// The language `bio` is written in; `instructor_bios` holds others.
    pub bio_language: String,
    /// The daily digest of what changed on their courses.
    pub digest_emails: bool,
    /// The attendee list the day before each meeting.
    pub day_before_emails: bool,
    /// Their photo (`instructor_photos.hash`), if they gave one.
    pub photo_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
