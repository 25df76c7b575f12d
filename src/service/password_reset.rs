//! "Forgot your password?": a link by email that sets a new one. The link
//! carries 32 random bytes; the database keeps only their SHA-256, so a copy
//! of it opens no account. A link works once and for an hour; setting a new
//! password through it ends every session of the account (the session's
//! check is the password hash) and every other link sent to it.

use crate::entity::{password_reset, user};
use crate::service::accounts::{HashingFailed, hash_password};
use crate::service::notify;
use crate::{Email, FieldError, Password, UserId};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

/// How long a link works.
pub const LINK_LIFE: Duration = Duration::hours(1);

/// Links sent to one account within an hour, at most: more requests are
/// answered the same and send nothing, so nobody can flood an inbox.
pub const LINKS_PER_HOUR: u64 = 3;

/// The secret a link carries: 64 hex digits (32 random bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken(String);

impl ResetToken {
    fn new() -> ResetToken {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        ResetToken(hex::encode(bytes))
    }

    /// A token as a link carries it; anything else is no token.
    pub fn parse(raw: &str) -> Option<ResetToken> {
        let raw = raw.trim();
        (raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| ResetToken(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

// Never in logs.
impl std::fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResetToken(…)")
    }
}

/// What asking for a link did. The person is told the same in every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// A link went to the account's address.
    Sent(UserId),
    /// No account has this address.
    NoAccount,
    /// The account was sent `LINKS_PER_HOUR` links within the hour.
    TooMany(UserId),
}

/// Sends a link to set a new password to the account with `email`, if
/// there is one (and it was not sent too many lately).
pub async fn request(
    db: &DatabaseConnection,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<Requested, DbErr> {
    let Some(member) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Ok(Requested::NoAccount);
    };
    let id = UserId(member.id);
    let txn = db.begin().await?;
    // The account's row lock first (a write that changes nothing): requests
    // for one account take turns, so the hourly count below is exact.
    user::Entity::update_many()
        .col_expr(user::Column::Id, Expr::col(user::Column::Id).into())
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let lately = password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(id))
        .filter(password_reset::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(&txn)
        .await?;
    if lately >= LINKS_PER_HOUR {
        txn.rollback().await?;
        return Ok(Requested::TooMany(id));
    }
    let token = ResetToken::new();
    let row = password_reset::ActiveModel {
        user_id: Set(member.id),
        token_hash: Set(token.hash()),
        created_at: Set(now),
        expires_at: Set(now + LINK_LIFE),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    notify::queue_password_reset(&txn, &member, &row, &token).await?;
    txn.commit().await?;
    tracing::info!(user_id = member.id, "password reset link sent");
    Ok(Requested::Sent(id))
}

/// Why a new password was not set.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// No such link, or it was used or has expired: the person asks again.
    #[error("the link is unknown, used or expired")]
    InvalidLink,
    /// The new password is not acceptable (the message says why).
    #[error("invalid new password")]
    InvalidPassword(FieldError),
    #[error("setting a new password")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

/// Whether `token` is a link that still works (for the page that asks for
/// the new password; `reset` decides again when it is used).
pub async fn link_works(
    db: &DatabaseConnection,
    token: &ResetToken,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(usable(token, now).one(db).await?.is_some())
}

fn usable(token: &ResetToken, now: DateTime<Utc>) -> sea_orm::Select<password_reset::Entity> {
    password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token.hash()))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
}

/// Sets `new` as the password of the account `token` was sent to, if the
/// link still works; answers the account. The link is used up in the same
/// transaction as the password changes (of two tries with one link, one
/// wins), and every other link of the account stops working.
pub async fn reset(
    db: &DatabaseConnection,
    token: &ResetToken,
    new: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, ResetError> {
    let link = usable(token, now)
        .one(db)
        .await?
        .ok_or(ResetError::InvalidLink)?;
    let new = Password::parse(new).map_err(|e| {
        ResetError::InvalidPassword(FieldError {
            field: "password".into(),
            message: e.0.into(),
        })
    })?;
    let hash = hash_password(&new).await?;
    let txn = db.begin().await?;
    // The write decides: of two tries with one link, one uses it.
    let used = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::Id.eq(link.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?
        .rows_affected;
    if used == 0 {
        txn.rollback().await?;
        return Err(ResetError::InvalidLink);
    }
    // Other links sent to the account stop working too.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::UserId.eq(link.user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let member = user::Entity::find_by_id(link.user_id)
        .one(&txn)
        .await?
        .ok_or(ResetError::InvalidLink)?;
    let mut active: user::ActiveModel = member.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    let member = active.update(&txn).await?;
    txn.commit().await?;
    tracing::info!(user_id = member.id, "password set through a reset link");
    Ok(member)
}
