//! Links sent by email that do one thing for an account: set a new
//! password, confirm an address, move to a new address. A link carries 32
//! random bytes; the database keeps only their SHA-256, so a copy of it
//! opens nothing, and a link is found by that hash (an index lookup on a
//! digest: how long it takes says nothing about the token). A link works
//! once and until it expires; using one is a conditional write, so of two
//! tries one wins.

use crate::entity::account_link::{self, Purpose};
use crate::entity::user;
use crate::{Email, UserId};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

/// Links of one purpose sent to one account within an hour, at most: more
/// requests are answered the same and send nothing, so nobody can flood an
/// inbox.
pub const LINKS_PER_HOUR: u64 = 3;

impl Purpose {
    /// How long a link works.
    pub fn life(self) -> Duration {
        match self {
            Purpose::ResetPassword => Duration::hours(1),
            // Sign-up mail may sit unread over a weekend.
            Purpose::ConfirmEmail => Duration::days(7),
            Purpose::ChangeEmail => Duration::hours(24),
            Purpose::InviteAdmin | Purpose::InviteInstructor => Duration::days(7),
        }
    }
}

/// The secret a link carries: 64 hex digits (32 random bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    fn new() -> LinkToken {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        LinkToken(hex::encode(bytes))
    }

    /// A token as a link carries it; anything else is no token.
    pub fn parse(raw: &str) -> Option<LinkToken> {
        let raw = raw.trim();
        (raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| LinkToken(raw.to_ascii_lowercase()))
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
impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(…)")
    }
}

/// A link made for an account: its row, and the token only the email gets.
pub struct Issued {
    pub link: account_link::Model,
    pub token: LinkToken,
}

/// Makes a `purpose` link for `member` inside `txn`, unless the account was
/// sent `LINKS_PER_HOUR` of them within the hour (then `None`). Requests for
/// one account take turns on its row, so that count is exact.
pub async fn issue(
    txn: &DatabaseTransaction,
    member: UserId,
    purpose: Purpose,
    new_email: Option<&Email>,
    now: DateTime<Utc>,
) -> Result<Option<Issued>, DbErr> {
    // The account's row lock first (a write that changes nothing).
    user::Entity::update_many()
        .col_expr(user::Column::Id, Expr::col(user::Column::Id).into())
        .filter(user::Column::Id.eq(member))
        .exec(txn)
        .await?;
    let lately = account_link::Entity::find()
        .filter(account_link::Column::UserId.eq(member))
        .filter(account_link::Column::Purpose.eq(purpose))
        .filter(account_link::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(txn)
        .await?;
    if lately >= LINKS_PER_HOUR {
        return Ok(None);
    }
    let token = LinkToken::new();
    let link = account_link::ActiveModel {
        user_id: Set(member.get()),
        token_hash: Set(token.hash()),
        purpose: Set(purpose),
        new_email: Set(new_email.map(|e| e.as_str().to_owned())),
        created_at: Set(now),
        expires_at: Set(now + purpose.life()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(Some(Issued { link, token }))
}

/// The `purpose` link `token` opens, if it still works (for a page to say
/// so before it is used; `spend` decides again).
pub async fn usable(
    db: &impl ConnectionTrait,
    token: &LinkToken,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<account_link::Model>, DbErr> {
    account_link::Entity::find()
        .filter(account_link::Column::TokenHash.eq(token.hash()))
        .filter(account_link::Column::Purpose.eq(purpose))
        .filter(account_link::Column::UsedAt.is_null())
        .filter(account_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// Whether `token` is a `purpose` link that still works, for the page it
/// opens to say so before it is used.
pub async fn works(
    db: &impl ConnectionTrait,
    token: &LinkToken,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(usable(db, token, purpose, now).await?.is_some())
}

/// Uses `link` up, if it still works: the write decides.
pub async fn spend(
    txn: &DatabaseTransaction,
    link: &account_link::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let spent = account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(now))
        .filter(account_link::Column::Id.eq(link.id))
        .filter(account_link::Column::UsedAt.is_null())
        .filter(account_link::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?;
    Ok(spent.rows_affected == 1)
}

/// Every (other) `purpose` link of the account stops working.
pub async fn retire_others(
    db: &impl ConnectionTrait,
    member: UserId,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    account_link::Entity::update_many()
        .col_expr(account_link::Column::UsedAt, Expr::value(now))
        .filter(account_link::Column::UserId.eq(member))
        .filter(account_link::Column::Purpose.eq(purpose))
        .filter(account_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
