//! A course picture at one width, as served.

use sea_orm::entity::prelude::*;

/// A `course_picture_files` row.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_picture_files")]
pub struct Model {
    /// SHA-256 of the widest file of the picture, 64 hex digits.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hash: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub width: i32,
    pub jpeg: Vec<u8>,
    pub created_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CoursePictureFile")
            .field("hash", &self.hash)
            .field("width", &self.width)
            .field("bytes", &self.jpeg.len())
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
