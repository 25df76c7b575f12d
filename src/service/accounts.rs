//! Accounts: creating members and admins, checking and changing passwords.
//! Passwords are hashed with argon2id on the blocking pool, off the async
//! runtime; an unknown email is checked against a dummy hash so that a
//! sign-in answers in the same time whether the account exists or not.

use crate::entity::account_link::Purpose;
use crate::entity::user;
use crate::said;
use crate::{DisplayName, Email, FieldError, Password, Role, UserId};
use argon2::password_hash::SaltString;
use argon2::password_hash::rand_core::OsRng;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use std::sync::OnceLock;

/// The hashing task died (the blocking pool is gone: the process is ending).
#[derive(Debug, thiserror::Error)]
#[error("password hashing task failed: {0}")]
pub struct HashingFailed(#[from] tokio::task::JoinError);

/// Hashes a new password with argon2id on the blocking pool.
pub async fn hash_password(password: &Password) -> Result<String, HashingFailed> {
    hash_secret(password.expose().to_owned()).await
}

async fn hash_secret(secret: String) -> Result<String, HashingFailed> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
            .map(|h| h.to_string())
            // Hashing fails only on impossible parameters; an unusable hash
            // (never verifies) is the safe outcome if it ever did.
            .unwrap_or_else(|_| "!unusable".to_owned())
    })
    .await
    .map_err(HashingFailed)
}

/// Checks a password against a stored PHC string on the blocking pool. A
/// malformed stored hash (e.g. the seeded sample members') never matches.
pub async fn verify_password(password: String, hash: String) -> Result<bool, HashingFailed> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(HashingFailed)
}

pub async fn dummy_hash() -> Result<String, HashingFailed> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash_secret("dummy-password-for-timing".to_owned()).await?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

/// The account whose email and password these are, if any. Takes as long
/// for an unknown email as for a wrong password.
pub async fn check_credentials(
    db: &DatabaseConnection,
    email: &str,
    password: String,
) -> Result<Option<user::Model>, CredentialsError> {
    let email = email.trim().to_lowercase();
    // No account's email holds U+0000 (sign-up refuses control
    // characters), and PostgreSQL cannot even compare with one.
    let row = if email.contains('\0') {
        None
    } else {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await?
    };
    let hash = match &row {
        Some(u) => u.password_hash.clone(),
        None => dummy_hash().await?,
    };
    let ok = verify_password(password, hash).await?;
    Ok(row.filter(|_| ok))
}

/// Why credentials could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("looking up a user")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

fn field(name: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.to_owned(),
        message: message.into(),
    }
}

/// Why a new account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// One or more fields are wrong.
    #[error("invalid sign-up details")]
    Invalid(Vec<FieldError>),
    /// The address already has an account (this one).
    #[error("the email address already has an account")]
    EmailTaken(i64),
    /// The database or hashing failed.
    #[error("creating a user: {0}")]
    Unexpected(String),
}

/// Validates and inserts a user (used by sign-up and `tessera admin create`).
pub async fn create_user(
    db: &DatabaseConnection,
    email: &str,
    display_name: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, CreateUserError> {
    let mut fields = Vec::new();
    let email = Email::parse(email)
        .map_err(|e| fields.push(field("email", e.to_string())))
        .ok();
    let name = DisplayName::parse(display_name)
        .map_err(|e| fields.push(field("display_name", e.to_string())))
        .ok();
    let password = Password::parse(password)
        .map_err(|e| fields.push(field("password", e.to_string())))
        .ok();
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(CreateUserError::Invalid(fields));
    };
    // Hashed before looking: a taken address answers no faster than a new one.
    let hash = hash_password(&password)
        .await
        .map_err(|e| CreateUserError::Unexpected(e.to_string()))?;
    let exists = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await
        .map_err(|e| CreateUserError::Unexpected(e.to_string()))?;
    if let Some(owner) = exists {
        return Err(CreateUserError::EmailTaken(owner.id));
    }
    let now = Utc::now();
    let inserted = user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        password_hash: Set(hash),
        display_name: Set(name.as_str().to_owned()),
        role: Set(role),
        // Admins are made by someone who runs the server, who vouches for
        // the address; members confirm it through a link.
        email_confirmed_at: Set(role.is_admin().then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(u) => Ok(u),
        Err(e) => {
            // Two sign-ups with one email at once: the unique index decides.
            let winner = user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(db)
                .await
                .ok()
                .flatten();
            match winner {
                Some(owner) => Err(CreateUserError::EmailTaken(owner.id)),
                None => Err(CreateUserError::Unexpected(e.to_string())),
            }
        }
    }
}

/// Remembers the language `member` reads Tessera in: their pages follow
/// it on every device, and their emails are written in it.
pub async fn set_language(
    db: &DatabaseConnection,
    member: UserId,
    lang: crate::i18n::Lang,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Language, Expr::value(lang.tag()))
        .filter(user::Column::Id.eq(member.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The language `member` reads Tessera in: what they chose or signed up
/// in; English for members from before languages, and for none.
pub async fn language_of(
    db: &impl sea_orm::ConnectionTrait,
    member: UserId,
) -> Result<crate::i18n::Lang, DbErr> {
    Ok(user::Entity::find_by_id(member.0)
        .one(db)
        .await?
        .and_then(|u| u.language.as_deref().and_then(crate::i18n::Lang::parse))
        .unwrap_or_default())
}

/// Why a password could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    /// The new password is not acceptable (the message says why).
    #[error("invalid new password")]
    InvalidNew(FieldError),
    /// The current password given is not the account's.
    #[error("wrong current password")]
    WrongCurrent,
    /// The account is gone.
    #[error("no such account")]
    NoAccount,
    #[error("changing a password")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Hashing(#[from] HashingFailed),
}

/// Changes account `user_id`'s password from `current` to `new`; answers
/// the updated row (its new hash ends every other session).
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: UserId,
    current: &str,
    new: &str,
) -> Result<user::Model, ChangePasswordError> {
    let new = Password::parse(new)
        .map_err(|e| ChangePasswordError::InvalidNew(field("new_password", e.to_string())))?;
    let row = user::Entity::find_by_id(user_id.get())
        .one(db)
        .await?
        .ok_or(ChangePasswordError::NoAccount)?;
    if !verify_password(current.to_owned(), row.password_hash.clone()).await? {
        return Err(ChangePasswordError::WrongCurrent);
    }
    let hash = hash_password(&new).await?;
    let now = Utc::now();
    let mut active: user::ActiveModel = row.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    let updated = active.update(db).await?;
    // A move to another address asked for by whoever knew the old password
    // is called off.
    crate::service::account_links::retire_others(db, user_id, Purpose::ChangeEmail, now).await?;
    Ok(updated)
}

/// Why an admin could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    /// Bad email, name or password; the messages say which.
    #[error("{0}")]
    Invalid(String),
    /// The database or hashing failed.
    #[error("creating the admin: {0}")]
    Unexpected(String),
}

/// Creates an admin, or promotes (and re-passwords) an existing account.
/// Returns a sentence saying which.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> Result<String, CreateAdminError> {
    let parsed =
        Email::parse(email).map_err(|e| CreateAdminError::Invalid(format!("email: {e}")))?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(parsed.as_str()))
        .one(db)
        .await
        .map_err(|e| CreateAdminError::Unexpected(e.to_string()))?;
    if let Some(row) = existing {
        let password = Password::parse(password)
            .map_err(|e| CreateAdminError::Invalid(format!("password: {e}")))?;
        let hash = hash_password(&password)
            .await
            .map_err(|e| CreateAdminError::Unexpected(e.to_string()))?;
        let mut active: user::ActiveModel = row.into();
        active.role = Set(Role::Admin);
        active.password_hash = Set(hash);
        if active.email_confirmed_at.as_ref().is_none() {
            active.email_confirmed_at = Set(Some(Utc::now()));
        }
        active.updated_at = Set(Utc::now());
        active
            .update(db)
            .await
            .map_err(|e| CreateAdminError::Unexpected(e.to_string()))?;
        return Ok(format!(
            "{parsed} was already registered: now an admin, with the new password"
        ));
    }
    match create_user(db, email, name, password, Role::Admin).await {
        Ok(u) => Ok(format!("admin {} created", u.email)),
        Err(CreateUserError::Invalid(fields)) => Err(CreateAdminError::Invalid(
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(CreateUserError::EmailTaken(_)) => Err(CreateAdminError::Invalid(
            "email: was registered at the same moment; run the command again".to_owned(),
        )),
        Err(CreateUserError::Unexpected(e)) => Err(CreateAdminError::Unexpected(e)),
    }
}

/// Why a profile was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("invalid profile")]
    Invalid(Vec<FieldError>),
    #[error("no such account")]
    NoAccount,
    #[error("changing a profile")]
    Database(#[from] DbErr),
}

/// Sets `user_id`'s name and time zone (the zone emails show times in).
pub async fn update_profile(
    db: &DatabaseConnection,
    user_id: UserId,
    name: &str,
    time_zone: &str,
) -> Result<user::Model, ProfileError> {
    let mut fields = Vec::new();
    let name = DisplayName::parse(name)
        .map_err(|e| fields.push(field("display_name", e.to_string())))
        .ok();
    let zone = crate::service::notify::TimeZone::parse(time_zone);
    if zone.is_none() {
        fields.push(field("time_zone", said!("time-zone-unknown")));
    }
    let (Some(name), Some(zone)) = (name, zone) else {
        return Err(ProfileError::Invalid(fields));
    };
    let now = Utc::now();
    let updated = user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(name.as_str()))
        .col_expr(user::Column::TimeZone, Expr::value(zone.name()))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(ProfileError::NoAccount);
    }
    user::Entity::find_by_id(user_id.get())
        .one(db)
        .await?
        .ok_or(ProfileError::NoAccount)
}

/// Ends every session of `user_id`: a new epoch, which no session signed
/// in before has. Answers the account, to sign the current session in again.
pub async fn end_sessions(
    db: &DatabaseConnection,
    user_id: UserId,
) -> Result<Option<user::Model>, DbErr> {
    use rand::RngCore;
    let mut bytes = [0_u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    user::Entity::update_many()
        .col_expr(user::Column::SessionEpoch, Expr::value(hex::encode(bytes)))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    user::Entity::find_by_id(user_id.get()).one(db).await
}
