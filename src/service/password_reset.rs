//! "Forgot your password?": a link by email that sets a new one, for an
//! hour. Setting a new password through it ends every session of the
//! account (the session's check is the password hash) and every other reset
//! link sent to it, and confirms the address (the link reached it).

use crate::entity::account_link::Purpose;
use crate::entity::user;
use crate::service::account_links::{self, LinkToken};
use crate::service::accounts::{HashingFailed, hash_password};
use crate::service::notify;
use crate::{Email, FieldError, Password, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

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
    let Some(issued) = account_links::issue(&txn, id, Purpose::ResetPassword, None, now).await?
    else {
        txn.rollback().await?;
        return Ok(Requested::TooMany(id));
    };
    notify::queue_link(&txn, &member, &issued.link, &issued.token, None).await?;
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

/// Sets `new` as the password of the account `token` was sent to, if the
/// link still works; answers the account. The link is used up in the same
/// transaction as the password changes (of two tries with one link, one
/// wins), and every other link of the account stops working.
pub async fn reset(
    db: &DatabaseConnection,
    token: &LinkToken,
    new: &str,
    now: DateTime<Utc>,
) -> Result<user::Model, ResetError> {
    let link = account_links::usable(db, token, Purpose::ResetPassword, now)
        .await?
        .ok_or(ResetError::InvalidLink)?;
    let new = Password::parse(new).map_err(|e| {
        ResetError::InvalidPassword(FieldError {
            field: "password".into(),
            message: e.to_string(),
        })
    })?;
    let hash = hash_password(&new).await?;
    let txn = db.begin().await?;
    if !account_links::spend(&txn, &link, now).await? {
        txn.rollback().await?;
        return Err(ResetError::InvalidLink);
    }
    // Every other reset link stops working, and so does a move to another
    // address asked for by whoever knew the old password.
    for purpose in [Purpose::ResetPassword, Purpose::ChangeEmail] {
        account_links::retire_others(&txn, UserId(link.user_id), purpose, now).await?;
    }
    let member = user::Entity::find_by_id(link.user_id)
        .one(&txn)
        .await?
        .ok_or(ResetError::InvalidLink)?;
    let mut active: user::ActiveModel = member.into();
    if active.email_confirmed_at.as_ref().is_none() {
        active.email_confirmed_at = Set(Some(now));
    }
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    let member = active.update(&txn).await?;
    txn.commit().await?;
    tracing::info!(user_id = member.id, "password set through a reset link");
    Ok(member)
}
