//! A person with an account.

use crate::account::Role;
use sea_orm::entity::prelude::*;

/// A `users` row. Not `Serialize`: it holds the password hash.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased, unique.
    pub email: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Shown on bookings and rosters.
    pub display_name: String,
    pub role: Role,
    /// IANA time zone for emails (`Europe/Berlin`), `UTC` when unknown.
    pub time_zone: String,
    /// The language the member reads Tessera in (`de`); none chosen yet
    /// for members from before languages.
    pub language: Option<String>,
    /// When a link sent to `email` was followed; until then the account
    /// may browse but not book.
    pub email_confirmed_at: Option<DateTimeUtc>,
    /// When an admin blocked them: no session of theirs works, and they
    /// cannot sign in.
    pub blocked_at: Option<DateTimeUtc>,
    /// Changed by "sign out everywhere else": a session signed in under
    /// another value no longer works.
    pub session_epoch: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("password_hash", &"[redacted]")
            .field("role", &self.role)
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::booking::Entity")]
    Bookings,
}

impl Related<super::booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Bookings.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
