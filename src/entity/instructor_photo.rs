//! An instructor's photo as served, named by its content hash.

use sea_orm::entity::prelude::*;

/// An `instructor_photos` row.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instructor_photos")]
pub struct Model {
    /// SHA-256 of `jpeg`, 64 hex digits: the photo's URL.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hash: String,
    pub jpeg: Vec<u8>,
    pub created_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstructorPhoto")
            .field("hash", &self.hash)
            .field("bytes", &self.jpeg.len())
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
