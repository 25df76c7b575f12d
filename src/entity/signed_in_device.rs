//! A session a member is signed in on, as `/account` lists it.

use sea_orm::entity::prelude::*;

/// A `signed_in_devices` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signed_in_devices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The random key the session holds; it names the row, nothing more.
    pub device_key: String,
    /// "Firefox on Linux", from the browser's User-Agent at sign-in.
    pub device: String,
    pub signed_in_at: DateTimeUtc,
    /// Refreshed at most every few minutes, not on every request.
    pub last_seen_at: DateTimeUtc,
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
