//! An account's email address: confirming it after sign-up (until then the
//! account may browse but not book), and moving to a new one (a link to the
//! new address does it; the old one is told).

use crate::entity::account_link::Purpose;
use crate::entity::user;
use crate::redirect::LocalPath;
use crate::said;
use crate::service::account_links::{self, LinkToken};
use crate::service::accounts::{HashingFailed, verify_password};
use crate::service::notify;
use crate::{Email, FieldError, UserId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};

/// What asking for a link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Sent,
    /// Enough were sent this hour (`LINKS_PER_HOUR`); nothing was sent.
    TooMany,
    /// The address is confirmed already: nothing to send.
    AlreadyConfirmed,
}

/// Whether `member` may book and join waiting lists: their address is
/// confirmed. Read inside the booking's transaction.
pub async fn is_confirmed(db: &impl ConnectionTrait, member: UserId) -> Result<bool, DbErr> {
    Ok(user::Entity::find_by_id(member.get())
        .one(db)
        .await?
        .is_some_and(|u| u.email_confirmed_at.is_some()))
}

/// Sends `member` a link that confirms their address and then goes on to
/// `next`.
pub async fn send_confirmation(
    db: &DatabaseConnection,
    member: UserId,
    next: Option<&LocalPath>,
    now: DateTime<Utc>,
) -> Result<Sent, DbErr> {
    let txn = db.begin().await?;
    let Some(row) = user::Entity::find_by_id(member.get()).one(&txn).await? else {
        return Ok(Sent::AlreadyConfirmed);
    };
    if row.email_confirmed_at.is_some() {
        return Ok(Sent::AlreadyConfirmed);
    }
    let Some(issued) = account_links::issue(&txn, member, Purpose::ConfirmEmail, None, now).await?
    else {
        txn.rollback().await?;
        return Ok(Sent::TooMany);
    };
    notify::queue_link(&txn, &row, &issued.link, &issued.token, next).await?;
    txn.commit().await?;
    tracing::info!(user_id = member.get(), "confirmation link sent");
    Ok(Sent::Sent)
}

/// Why a link was not followed.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    /// No such link, or it was used or has expired.
    #[error("the link is unknown, used or expired")]
    InvalidLink,
    /// Another account has taken the new address meanwhile.
    #[error("the address has an account")]
    EmailTaken,
    #[error("following a link")]
    Database(#[from] DbErr),
}

/// Confirms the address a confirmation link was sent to; answers the
/// account, to be signed in.
pub async fn confirm(
    db: &DatabaseConnection,
    token: &LinkToken,
    now: DateTime<Utc>,
) -> Result<user::Model, FollowError> {
    let link = account_links::usable(db, token, Purpose::ConfirmEmail, now)
        .await?
        .ok_or(FollowError::InvalidLink)?;
    let txn = db.begin().await?;
    if !account_links::spend(&txn, &link, now).await? {
        txn.rollback().await?;
        return Err(FollowError::InvalidLink);
    }
    let member = UserId(link.user_id);
    account_links::retire_others(&txn, member, Purpose::ConfirmEmail, now).await?;
    user::Entity::update_many()
        .col_expr(user::Column::EmailConfirmedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(member))
        .filter(user::Column::EmailConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    let row = user::Entity::find_by_id(member.get())
        .one(&txn)
        .await?
        .ok_or(FollowError::InvalidLink)?;
    txn.commit().await?;
    tracing::info!(user_id = member.get(), "email address confirmed");
    Ok(row)
}

/// Why a move to a new address was not asked for.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// The new address or the password is wrong (the field says which).
    #[error("invalid email change")]
    Invalid(FieldError),
    /// Enough links were sent this hour.
    #[error("too many email changes this hour")]
    TooMany,
    #[error("the account is gone")]
    NoAccount,
    #[error("asking for an email change")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

fn invalid(field: &str, message: &str) -> ChangeError {
    ChangeError::Invalid(FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    })
}

/// Sends a link that moves `member` to `new_email` to that address, and a
/// notice to the old one, once `password` proves it is them. An address
/// another account has is answered the same (it would tell who has an
/// account) and sends nothing there.
pub async fn request_change(
    db: &DatabaseConnection,
    member: UserId,
    new_email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), ChangeError> {
    let new = Email::parse(new_email).map_err(|e| invalid("new_email", &e.to_string()))?;
    let row = user::Entity::find_by_id(member.get())
        .one(db)
        .await?
        .ok_or(ChangeError::NoAccount)?;
    if !verify_password(password.to_owned(), row.password_hash.clone()).await? {
        return Err(invalid("password", &said!("password-not-yours")));
    }
    if new.as_str() == row.email {
        return Err(invalid("new_email", &said!("email-already-yours")));
    }
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(new.as_str()))
        .one(db)
        .await?
        .is_some();
    if taken {
        tracing::info!(
            user_id = member.get(),
            "email change to a taken address: nothing sent"
        );
        return Ok(());
    }
    let txn = db.begin().await?;
    let Some(issued) =
        account_links::issue(&txn, member, Purpose::ChangeEmail, Some(&new), now).await?
    else {
        txn.rollback().await?;
        return Err(ChangeError::TooMany);
    };
    notify::queue_link(&txn, &row, &issued.link, &issued.token, None).await?;
    txn.commit().await?;
    tracing::info!(user_id = member.get(), "email change link sent");
    Ok(())
}

/// Moves the account to the address a change link was sent to (which
/// confirms it); answers the account.
pub async fn change(
    db: &DatabaseConnection,
    token: &LinkToken,
    now: DateTime<Utc>,
) -> Result<user::Model, FollowError> {
    let link = account_links::usable(db, token, Purpose::ChangeEmail, now)
        .await?
        .ok_or(FollowError::InvalidLink)?;
    let new = link.new_email.clone().ok_or(FollowError::InvalidLink)?;
    let member = UserId(link.user_id);
    let txn = db.begin().await?;
    if !account_links::spend(&txn, &link, now).await? {
        txn.rollback().await?;
        return Err(FollowError::InvalidLink);
    }
    for purpose in [Purpose::ChangeEmail, Purpose::ConfirmEmail] {
        account_links::retire_others(&txn, member, purpose, now).await?;
    }
    // The unique index decides between two accounts moving to one address.
    let moved = user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(new))
        .col_expr(user::Column::EmailConfirmedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(member))
        .exec(&txn)
        .await;
    if let Err(e) = moved {
        txn.rollback().await?;
        return match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Err(FollowError::EmailTaken),
            _ => Err(e.into()),
        };
    }
    let row = user::Entity::find_by_id(member.get())
        .one(&txn)
        .await?
        .ok_or(FollowError::InvalidLink)?;
    txn.commit().await?;
    tracing::info!(user_id = member.get(), "email address changed");
    Ok(row)
}
