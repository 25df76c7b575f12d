//! A link sent by email that does one thing for an account, once.

use sea_orm::entity::prelude::*;

/// What following a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(sea_orm::sea_query::StringLen::N(16))"
)]
pub enum Purpose {
    /// Sets a new password ("Forgot your password?").
    #[sea_orm(string_value = "reset_password")]
    ResetPassword,
    /// Confirms the address an account signed up with.
    #[sea_orm(string_value = "confirm_email")]
    ConfirmEmail,
    /// Moves the account to `new_email`.
    #[sea_orm(string_value = "change_email")]
    ChangeEmail,
    /// Makes the account an admin and sets its password.
    #[sea_orm(string_value = "invite_admin")]
    InviteAdmin,
    /// Makes the account an instructor and sets its password (the column
    /// holds 16 characters).
    #[sea_orm(string_value = "invite_teacher")]
    InviteInstructor,
}

/// An `account_links` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// SHA-256 of the link's token, hex: the token itself is never stored.
    pub token_hash: String,
    pub purpose: Purpose,
    /// For `ChangeEmail`: the address the account moves to.
    pub new_email: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// When it was followed (or retired): it works once.
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
