//! A passkey a member signs in with instead of their password.

use sea_orm::entity::prelude::*;

/// A `passkeys` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The WebAuthn user handle the authenticator keeps (random, the same
    /// for all of one member's passkeys; never their id or address).
    pub user_handle: Uuid,
    /// The credential's id, hex: how a sign-in finds its passkey.
    pub credential_id: String,
    /// The name the member gave it ("Phone").
    pub name: String,
    /// webauthn-rs' `Passkey` as JSON (public key, counter).
    pub credential: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
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
