//! A "forgot your password?" link that was sent.

use sea_orm::entity::prelude::*;

/// A `password_resets` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "password_resets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// SHA-256 of the link's token, hex: the token itself is never stored.
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    /// The link works until then (an hour after it was sent).
    pub expires_at: DateTimeUtc,
    /// When a new password was set through it: it works once.
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
