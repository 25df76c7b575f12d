//! Server side of accounts as the pages meet them: the axum-login backend
//! and the sign-up / sign-in / password-change server functions' work,
//! translating the accounts service's outcomes (`tessera::service::accounts`
//! holds the rules).

use crate::api::ssr::db;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum_login::{AuthUser, AuthnBackend, UserId as LoginId};
use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};
use tessera::entity::user;
use tessera::redirect::LocalPath;
use tessera::service::accounts::{self, ChangePasswordError, CreateUserError};
use tessera::{ApiError, ErrorCode, FieldError, Role, UserId};

/// The person attached to a session. Not `Serialize`; `Debug` hides the hash.
#[derive(Clone)]
pub struct SessionUser {
    /// Database id.
    pub id: i64,
    /// Lower-cased email.
    pub email: String,
    pub display_name: String,
    /// Member or admin.
    pub role: Role,
    password_hash: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("password_hash", &"[redacted]")
            .finish()
    }
}

impl SessionUser {
    /// The wire view.
    pub fn view(&self) -> CurrentUser {
        CurrentUser {
            id: UserId(self.id),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
        }
    }
}

impl From<user::Model> for SessionUser {
    fn from(u: user::Model) -> Self {
        SessionUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            password_hash: u.password_hash,
        }
    }
}

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    // Derived from the password hash: changing the password invalidates
    // every session that was made with the old one.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

/// What a sign-in form sends.
pub struct Credentials {
    /// As typed.
    pub email: String,
    /// As typed.
    pub password: String,
}

/// axum-login's backend over the `users` table.
#[derive(Clone)]
pub struct Backend {
    db: DatabaseConnection,
}

impl Backend {
    /// A backend over the application's pool.
    pub fn new(db: DatabaseConnection) -> Self {
        Backend { db }
    }
}

/// Why authentication could not be decided.
pub type BackendError = accounts::CredentialsError;

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, BackendError> {
        Ok(
            accounts::check_credentials(&self.db, &creds.email, creds.password)
                .await?
                .map(SessionUser::from),
        )
    }

    async fn get_user(&self, id: &LoginId<Self>) -> Result<Option<SessionUser>, BackendError> {
        // Usually read together with the session, in the same statement.
        if let Some(u) = preloaded::take(*id) {
            return Ok(Some(SessionUser::from(u)));
        }
        Ok(user::Entity::find_by_id(*id)
            .one(&self.db)
            .await?
            .map(SessionUser::from))
    }
}

/// The key under which axum-login keeps the signed-in member's id in the
/// session (its default, named so the session store can read it).
pub const SESSION_USER_KEY: &str = "axum-login.data";

/// The signed-in member's row, read in the same statement as their session
/// (the server's session store joins `users` when it loads a session) and
/// handed to [`Backend::get_user`] within that one request: a page costs one
/// database round trip less, and nothing outlives the request, so a sign-out
/// or password change on another instance is seen at once.
pub mod preloaded {
    use std::cell::RefCell;
    use tessera::entity::user;

    tokio::task_local! {
        static SLOT: RefCell<Option<user::Model>>;
    }

    /// Runs one request with an empty slot.
    pub async fn scope<F: Future>(request: F) -> F::Output {
        SLOT.scope(RefCell::new(None), request).await
    }

    /// Leaves the session's member for `take` (outside a request: nothing).
    pub fn put(member: user::Model) {
        let _ = SLOT.try_with(|slot| *slot.borrow_mut() = Some(member));
    }

    /// The member left by `put` in this request, if it is `id`.
    pub fn take(id: i64) -> Option<user::Model> {
        SLOT.try_with(|slot| {
            let mut slot = slot.borrow_mut();
            match slot.as_ref() {
                Some(member) if member.id == id => slot.take(),
                _ => None,
            }
        })
        .ok()
        .flatten()
    }
}

/// The session extractor for this backend.
pub type AuthSession = axum_login::AuthSession<Backend>;

/// The request's auth session.
pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| AppError::internal("extracting the auth session", e))
}

/// The person signed in on the request being rendered, read from the
/// request itself (axum-login's layer put the session there), so a page can
/// decide at once instead of awaiting a resource.
pub fn signed_in_on_request() -> Option<CurrentUser> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let auth = parts.extensions.get::<AuthSession>()?;
    auth.user.as_ref().map(SessionUser::view)
}

/// The signed-in person, or `not_authenticated` (HTTP 401).
pub async fn require_user() -> Result<SessionUser, AppError> {
    auth_session()
        .await?
        .user
        .ok_or_else(|| AppError::new(ErrorCode::NotAuthenticated))
}

/// The signed-in admin, or `not_authenticated` / `forbidden` (401 / 403).
pub async fn require_admin() -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if user.role.is_admin() {
        Ok(user)
    } else {
        Err(AppError::new(ErrorCode::Forbidden))
    }
}

/// Signs `user` in on a session id of its own. axum-login renews the id
/// only when nobody was signed in on the session, so a signed-in session id
/// planted in a browser would otherwise become the victim's session.
async fn sign_in_on_a_new_session(user: &SessionUser) -> Result<(), AppError> {
    let session = leptos_axum::extract::<axum_login::tower_sessions::Session>()
        .await
        .map_err(|e| AppError::internal("extracting the session", e))?;
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::internal("renewing the session id", e))?;
    let mut auth = auth_session().await?;
    auth.login(user)
        .await
        .map_err(|e| AppError::internal("signing in", e))
}

/// Sign-up use case.
pub async fn signup(
    email: &str,
    display_name: &str,
    password: &str,
    next: Option<&str>,
    time_zone: Option<&str>,
) -> Result<(), AppError> {
    let db = db()?;
    let user = match accounts::create_user(&db, email, display_name, password, Role::Member).await {
        Ok(u) => u,
        Err(CreateUserError::Invalid(fields)) => return Err(ApiError::validation(fields).into()),
        Err(CreateUserError::EmailTaken(owner)) => {
            // Answered like a new account (the form moves on), so the form
            // cannot be used to learn who has an account; the owner is told.
            let now = Utc::now();
            let notice = tessera::service::notify::Notice::SignUpWithYourAddress {
                user_id: owner,
                day: now.timestamp().div_euclid(86_400),
            };
            if let Err(e) = tessera::service::notify::queue(&db, notice, now).await {
                tracing::warn!(user_id = owner, error = %e, "could not queue the sign-up notice");
            }
            tracing::info!(
                user_id = owner,
                "sign-up with a taken address: owner notified"
            );
            // The same answer as a new account's, so it tells nothing.
            leptos_axum::redirect(&LocalPath::with_flag(
                &LocalPath::or(next, "/courses"),
                "welcome",
            ));
            return Ok(());
        }
        Err(e) => return Err(AppError::internal("signup", e)),
    };
    tracing::info!(user_id = user.id, "account created");
    remember_time_zone(&db, user.id, time_zone).await;
    sign_in_on_a_new_session(&SessionUser::from(user)).await?;
    leptos_axum::redirect(&LocalPath::with_flag(
        &LocalPath::or(next, "/courses"),
        "welcome",
    ));
    Ok(())
}

/// Sign-in use case.
pub async fn login(
    email: &str,
    password: &str,
    next: Option<&str>,
    time_zone: Option<&str>,
) -> Result<(), AppError> {
    let auth = auth_session().await?;
    let creds = Credentials {
        email: email.to_owned(),
        password: password.to_owned(),
    };
    let user = auth
        .authenticate(creds)
        .await
        .map_err(|e| AppError::internal("authenticating", e))?;
    let Some(user) = user else {
        return Err(ApiError::with_message(
            ErrorCode::NotAuthenticated,
            "That email and password don't match an account.",
        )
        .into());
    };
    sign_in_on_a_new_session(&user).await?;
    tracing::info!(user_id = user.id, "signed in");
    if let Ok(db) = db() {
        remember_time_zone(&db, user.id, time_zone).await;
    }
    leptos_axum::redirect(&LocalPath::or(next, "/courses"));
    Ok(())
}

/// Password-change use case.
pub async fn change_password(current: &str, new: &str) -> Result<(), AppError> {
    let db = db()?;
    let mut auth = auth_session().await?;
    let me = auth
        .user
        .clone()
        .ok_or_else(|| AppError::new(ErrorCode::NotAuthenticated))?;
    let updated = accounts::change_password(&db, tessera::UserId(me.id), current, new)
        .await
        .map_err(|e| match e {
            ChangePasswordError::InvalidNew(field) => ApiError::validation(vec![field]).into(),
            ChangePasswordError::WrongCurrent => ApiError::validation(vec![FieldError {
                field: "current_password".into(),
                message: "That is not your current password.".into(),
            }])
            .into(),
            ChangePasswordError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
            other => AppError::internal("changing a password", other),
        })?;
    // Re-sign this session with the new hash; the others no longer match.
    auth.login(&SessionUser::from(updated))
        .await
        .map_err(|e| AppError::internal("renewing the session", e))?;
    tracing::info!(user_id = me.id, "password changed");
    Ok(())
}

/// Keeps the browser's time zone for emails when it is a zone we know;
/// anything else is ignored (and logged): it never blocks signing in.
pub async fn remember_time_zone(db: &DatabaseConnection, user_id: i64, zone: Option<&str>) {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use tessera::entity::user;
    let Some(raw) = zone.filter(|z| !z.trim().is_empty()) else {
        return;
    };
    let Some(tz) = tessera::service::notify::TimeZone::parse(raw) else {
        tracing::info!(user_id, zone = %raw.chars().take(64).collect::<String>(), "unknown time zone ignored");
        return;
    };
    let stored = user::Entity::update_many()
        .col_expr(user::Column::TimeZone, Expr::value(tz.name()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::TimeZone.ne(tz.name()))
        .exec(db)
        .await;
    if let Err(e) = stored {
        tracing::warn!(user_id, error = %e, "could not store the time zone");
    }
}
