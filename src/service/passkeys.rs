//! Passkeys: signing in with a WebAuthn credential instead of a password,
//! through webauthn-rs. Adding one takes the account's password (a stolen
//! session alone cannot plant a way back in); signing in is discoverable
//! (the browser offers the site's passkeys, nobody types an address, so
//! the ceremony tells nothing about who has an account). The ceremony's
//! state stays on the server, in the session, between its two halves.
//! Every account keeps its password, so removing a passkey never removes
//! the last way in.

use crate::UserId;
use crate::account::PasskeySummary;
use crate::entity::{passkey, user};
use crate::service::accounts::{self, HashingFailed};
use crate::{FieldError, inputs::bounded_text};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid,
    Webauthn, WebauthnBuilder,
};
use webauthn_rs_proto::ResidentKeyRequirement;

/// Passkeys one account may hold: plenty for every device a person owns.
pub const MAX_PER_MEMBER: u64 = 10;

/// The site as a WebAuthn relying party: its host is the RP id, its origin
/// the only one accepted. `None` where passkeys cannot work: a bare IP
/// address is not a valid RP id (browsers refuse), so a site reached as
/// `http://127.0.0.1:3000` offers none; `localhost` and real domains do.
pub fn relying_party(public_url: &str, site_name: &str) -> Option<Webauthn> {
    let origin = Url::parse(public_url).ok()?;
    let host = origin.host_str()?.to_owned();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    WebauthnBuilder::new(&host, &origin)
        .ok()?
        .rp_name(site_name)
        .build()
        .ok()
}

/// A passkey's name as its owner typed it: 1 to 60 characters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub fn parse(raw: &str) -> Result<PasskeyName, FieldError> {
        bounded_text(raw, 60, "passkey-name-empty", "passkey-name-too-long")
            .map(PasskeyName)
            .map_err(|e| FieldError {
                field: "passkey_name".into(),
                message: e.to_string(),
            })
    }
}

/// The first half of adding a passkey, kept in the session until the
/// browser answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingPasskey {
    member: UserId,
    name: PasskeyName,
    handle: Uuid,
    state: PasskeyRegistration,
}

/// Why a passkey was not added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("invalid passkey details")]
    Invalid(Vec<FieldError>),
    #[error("wrong password")]
    WrongPassword,
    #[error("too many passkeys")]
    TooMany,
    /// The browser's answer does not match the challenge (or is no
    /// passkey at all).
    #[error("the passkey could not be verified: {0}")]
    Refused(String),
    /// This authenticator's credential is registered already.
    #[error("passkey already registered")]
    AlreadyRegistered,
    #[error("no such account")]
    NoAccount,
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
    #[error("adding a passkey")]
    Database(#[from] DbErr),
}

/// Starts adding a passkey called `name` to `member`'s account, once
/// `password` is theirs: the options for the browser, and what the
/// session keeps for [`finish_adding`].
pub async fn start_adding(
    db: &DatabaseConnection,
    rp: &Webauthn,
    member: UserId,
    name: &str,
    password: &str,
) -> Result<(CreationChallengeResponse, PendingPasskey), AddError> {
    let name = PasskeyName::parse(name);
    let account = user::Entity::find_by_id(member.get())
        .one(db)
        .await?
        .ok_or(AddError::NoAccount)?;
    if !accounts::verify_password(password.to_owned(), account.password_hash.clone()).await? {
        return Err(AddError::WrongPassword);
    }
    let name = name.map_err(|f| AddError::Invalid(vec![f]))?;
    let existing = passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(member.get()))
        .all(db)
        .await?;
    if existing.len() as u64 >= MAX_PER_MEMBER {
        return Err(AddError::TooMany);
    }
    let handle = existing
        .first()
        .map(|p| p.user_handle)
        .unwrap_or_else(Uuid::new_v4);
    let exclude = existing
        .iter()
        .filter_map(|p| hex::decode(&p.credential_id).ok())
        .collect::<Vec<_>>();
    let (mut options, state) = rp
        .start_passkey_registration(handle, &account.email, &account.display_name, Some(exclude))
        .map_err(|e| AddError::Refused(e.to_string()))?;
    // A passkey the browser can offer without an address typed first
    // (webauthn-rs asks for none; every synced passkey is one anyway).
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    Ok((
        options,
        PendingPasskey {
            member,
            name,
            handle,
            state,
        },
    ))
}

/// Finishes adding the passkey `pending` started, with the browser's
/// answer; `member` must be who started it.
pub async fn finish_adding(
    db: &DatabaseConnection,
    rp: &Webauthn,
    member: UserId,
    pending: PendingPasskey,
    answer: &RegisterPublicKeyCredential,
    now: DateTime<Utc>,
) -> Result<PasskeySummary, AddError> {
    if pending.member != member {
        return Err(AddError::Refused("started by another account".into()));
    }
    let key = rp
        .finish_passkey_registration(answer, &pending.state)
        .map_err(|e| AddError::Refused(e.to_string()))?;
    let held = passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(member.get()))
        .count(db)
        .await?;
    if held >= MAX_PER_MEMBER {
        return Err(AddError::TooMany);
    }
    let credential = serde_json::to_string(&key).map_err(|e| AddError::Refused(e.to_string()))?;
    let row = passkey::ActiveModel {
        user_id: Set(member.get()),
        user_handle: Set(pending.handle),
        credential_id: Set(hex::encode(key.cred_id())),
        name: Set(pending.name.0),
        credential: Set(credential),
        created_at: Set(now),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AddError::AlreadyRegistered,
        _ => AddError::Database(e),
    })?;
    tracing::info!(user_id = member.get(), passkey = row.id, "passkey added");
    Ok(summary(row))
}

fn summary(row: passkey::Model) -> PasskeySummary {
    PasskeySummary {
        id: row.id,
        name: row.name,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
    }
}

/// The member's passkeys, oldest first.
pub async fn list(db: &impl ConnectionTrait, member: UserId) -> Result<Vec<PasskeySummary>, DbErr> {
    Ok(passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(member.get()))
        .order_by_asc(passkey::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

/// Removes passkey `id` if it is `member`'s; `false` if there was none.
pub async fn remove(db: &DatabaseConnection, member: UserId, id: i64) -> Result<bool, DbErr> {
    let gone = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::UserId.eq(member.get()))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if gone {
        tracing::info!(user_id = member.get(), passkey = id, "passkey removed");
    }
    Ok(gone)
}

/// Starts a sign-in with any of the site's passkeys: the options for the
/// browser, and what the session keeps for [`finish_sign_in`].
pub fn start_sign_in(
    rp: &Webauthn,
) -> Result<(RequestChallengeResponse, DiscoverableAuthentication), SignInError> {
    let (mut options, state) = rp
        .start_discoverable_authentication()
        .map_err(|e| SignInError::Refused(e.to_string()))?;
    // Asked for by a button, not offered in the address field's autofill.
    options.mediation = None;
    Ok((options, state))
}

/// Why a passkey did not sign anyone in.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Not a passkey of any account here, or its signature is wrong.
    #[error("the passkey could not be verified: {0}")]
    Refused(String),
    /// The account is blocked (told only after the passkey verified).
    #[error("account blocked")]
    Blocked,
    #[error("signing in with a passkey")]
    Database(#[from] DbErr),
}

/// Finishes a passkey sign-in: the account whose passkey signed the
/// challenge. The passkey's signature counter moves forward in the same
/// conditional write that records its use, so a cloned authenticator
/// replaying an old counter loses.
pub async fn finish_sign_in(
    db: &DatabaseConnection,
    rp: &Webauthn,
    state: DiscoverableAuthentication,
    answer: &PublicKeyCredential,
    now: DateTime<Utc>,
) -> Result<user::Model, SignInError> {
    let refused = |why: &str| SignInError::Refused(why.to_owned());
    let (handle, credential_id) = rp
        .identify_discoverable_authentication(answer)
        .map_err(|e| SignInError::Refused(e.to_string()))?;
    let row = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(hex::encode(credential_id)))
        .filter(passkey::Column::UserHandle.eq(handle))
        .one(db)
        .await?
        .ok_or_else(|| refused("unknown passkey"))?;
    let mut key: Passkey =
        serde_json::from_str(&row.credential).map_err(|e| SignInError::Refused(e.to_string()))?;
    let result = rp
        .finish_discoverable_authentication_v2(answer, state, &key)
        .map_err(|e| SignInError::Refused(e.to_string()))?;
    key.update_credential(&result);
    let updated = serde_json::to_string(&key).map_err(|e| SignInError::Refused(e.to_string()))?;
    let recorded = passkey::Entity::update_many()
        .col_expr(passkey::Column::Credential, Expr::value(updated))
        .col_expr(passkey::Column::LastUsedAt, Expr::value(Some(now)))
        .filter(passkey::Column::Id.eq(row.id))
        .filter(passkey::Column::Credential.eq(row.credential))
        .exec(db)
        .await?;
    if recorded.rows_affected != 1 {
        // Removed meanwhile, or used at the same moment by another sign-in.
        return Err(refused("the passkey changed during the sign-in"));
    }
    let account = user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .ok_or_else(|| refused("no account"))?;
    if account.blocked_at.is_some() {
        return Err(SignInError::Blocked);
    }
    Ok(account)
}
