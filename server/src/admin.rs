//! `tessera admin create`: making administrators without touching the database.

use app::auth::ssr::{CreateUserError, create_user, hash_password};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tessera::entity::user;
use tessera::{Email, Password, Role};

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
