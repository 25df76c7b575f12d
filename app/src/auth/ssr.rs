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
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub email_confirmed: bool,
    pub blocked: bool,
    pub time_zone: String,
    /// The language the member chose, or signed up in.
    pub language: Option<tessera::i18n::Lang>,
    /// What a session must have been signed in under: the password hash,
    /// and the account's session epoch once "sign out everywhere else" was
    /// used.
    auth_hash: Vec<u8>,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("auth_hash", &"[redacted]")
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
            email_confirmed: self.email_confirmed,
            time_zone: self.time_zone.clone(),
            // Known to `who_am_i`, which asks the database.
            teaches: false,
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
            email_confirmed: u.email_confirmed_at.is_some(),
            blocked: u.blocked_at.is_some(),
            time_zone: u.time_zone,
            language: u.language.as_deref().and_then(tessera::i18n::Lang::parse),
            auth_hash: if u.session_epoch.is_empty() {
                u.password_hash.into_bytes()
            } else {
                format!("{}:{}", u.password_hash, u.session_epoch).into_bytes()
            },
        }
    }
}

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    // Derived from the password hash (and the session epoch): changing
    // either invalidates every session that was made with the old one.
    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
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

    // A blocked member's session finds nobody: signed out at once.
    async fn get_user(&self, id: &LoginId<Self>) -> Result<Option<SessionUser>, BackendError> {
        Ok(user::Entity::find_by_id(*id)
            .one(&self.db)
            .await?
            .filter(|u| u.blocked_at.is_none())
            .map(SessionUser::from))
    }
}

/// The key under which axum-login keeps the signed-in member's id in the
/// session (its default).
pub const SESSION_USER_KEY: &str = "axum-login.data";

/// Where a signed-in session keeps its device row's key
/// (`tessera::service::devices`).
pub const DEVICE_SESSION_KEY: &str = "tessera.device";

/// The device row of the session being served, if it has one yet.
pub async fn this_device() -> Option<tessera::service::devices::DeviceKey> {
    let auth = auth_session().await.ok()?;
    auth.session
        .get::<tessera::service::devices::SeenDevice>(DEVICE_SESSION_KEY)
        .await
        .ok()
        .flatten()
        .map(|seen| seen.key)
}

/// Forgets the devices of `member`'s other sessions (they were just ended).
async fn forget_other_devices(db: &DatabaseConnection, member: i64) {
    let keep = this_device().await;
    if let Err(e) =
        tessera::service::devices::forget_all_but(db, UserId(member), keep.as_ref()).await
    {
        tracing::warn!(user_id = member, error = %e, "could not forget the ended sessions' devices");
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
    // Its next request records it as a device of its own.
    session
        .remove_value(DEVICE_SESSION_KEY)
        .await
        .map_err(|e| AppError::internal("renewing the session", e))?;
    let mut auth = auth_session().await?;
    auth.login(user)
        .await
        .map_err(|e| AppError::internal("signing in", e))
}

/// Sign-up use case: a new account gets a link to confirm its address; a
/// taken address's owner is told someone tried. Both answer with the same
/// redirect to "check your inbox" and sign nobody in, so the form tells
/// nothing about who has an account.
pub async fn signup(
    email: &str,
    display_name: &str,
    password: &str,
    next: Option<&str>,
    time_zone: Option<&str>,
) -> Result<(), AppError> {
    use tessera::service::email_address;
    let db = db()?;
    let now = Utc::now();
    match accounts::create_user(&db, email, display_name, password, Role::Member).await {
        Ok(user) => {
            tracing::info!(user_id = user.id, "account created");
            remember_time_zone(&db, user.id, time_zone).await;
            // Their emails from the first one on, in the language they signed up in.
            if let Err(e) = accounts::set_language(&db, UserId(user.id), crate::i18n::lang()).await
            {
                tracing::warn!(user_id = user.id, error = %e, "could not store the language");
            }
            let next = next.and_then(LocalPath::parse);
            if let Err(e) =
                email_address::send_confirmation(&db, UserId(user.id), next.as_ref(), now).await
            {
                // They can ask again from the sign-in page's banner.
                tracing::error!(user_id = user.id, error = %e, "could not send the confirmation link");
            }
        }
        Err(CreateUserError::Invalid(fields)) => return Err(ApiError::validation(fields).into()),
        Err(CreateUserError::EmailTaken(owner)) => {
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
        }
        Err(e) => return Err(AppError::internal("signup", e)),
    }
    leptos_axum::redirect("/signup/sent");
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
            tessera::said!("sign-in-no-match"),
        )
        .into());
    };
    // Told only to whoever knows the password.
    if user.blocked {
        return Err(AppError::new(ErrorCode::AccountBlocked));
    }
    sign_in_on_a_new_session(&user).await?;
    tracing::info!(user_id = user.id, "signed in");
    if let Ok(db) = db() {
        remember_time_zone(&db, user.id, time_zone).await;
    }
    leptos_axum::redirect(&after_sign_in(&user, next).await);
    Ok(())
}

/// Where a person goes once signed in: `next` (a local path) or the
/// catalog; when `next` says they were booking or joining a waiting list
/// (`tessera::intent`), that is done first and they go on to Checkout, the
/// booking, or the course saying they joined. One that cannot be made (the
/// course filled up meanwhile, say) lands on the course page, which shows
/// what can be done now.
pub async fn after_sign_in(user: &SessionUser, next: Option<&str>) -> String {
    use tessera::intent::Intent;
    let target = LocalPath::or(next, "/courses");
    let Some(intent) = Intent::of(&target) else {
        return target;
    };
    match crate::api::bookings::ssr_impl::carry_out(user, intent).await {
        Ok(url) => url,
        Err(e) => {
            tracing::info!(
                user_id = user.id,
                code = e.code().as_str(),
                "the booking asked for before signing in was not made"
            );
            format!("/courses/{}", intent.course())
        }
    }
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
                message: tessera::said!("password-not-current"),
            }])
            .into(),
            ChangePasswordError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
            other => AppError::internal("changing a password", other),
        })?;
    // Re-sign this session with the new hash; the others no longer match.
    auth.login(&SessionUser::from(updated))
        .await
        .map_err(|e| AppError::internal("renewing the session", e))?;
    forget_other_devices(&db, me.id).await;
    tracing::info!(user_id = me.id, "password changed");
    Ok(())
}

/// "Forgot your password?": sends the link if an account has `email`, and
/// moves on to the same "check your inbox" either way.
pub async fn request_password_reset(email: &str) -> Result<(), AppError> {
    use tessera::service::password_reset::{self, Requested};
    let email = tessera::Email::parse(email).map_err(|e| {
        AppError(ApiError::validation(vec![FieldError {
            field: "email".into(),
            message: e.to_string(),
        }]))
    })?;
    let db = db()?;
    // Looked up after answering, so a known address is answered as fast as
    // an unknown one: the time taken tells nothing either.
    tokio::spawn(async move {
        match password_reset::request(&db, &email, Utc::now()).await {
            Ok(Requested::Sent(_) | Requested::NoAccount) => {}
            Ok(Requested::TooMany(id)) => {
                tracing::info!(
                    user_id = id.get(),
                    "reset link not sent: the account had enough this hour"
                );
            }
            Err(e) => tracing::error!(error = %e, "a reset link could not be sent"),
        }
    });
    leptos_axum::redirect("/forgot-password?sent");
    Ok(())
}

/// Whether a reset link still works.
pub async fn reset_link_works(token: &str) -> Result<bool, AppError> {
    link_works(token, tessera::entity::account_link::Purpose::ResetPassword).await
}

async fn link_works(
    token: &str,
    purpose: tessera::entity::account_link::Purpose,
) -> Result<bool, AppError> {
    use tessera::service::account_links::{self, LinkToken};
    let Some(token) = LinkToken::parse(token) else {
        return Ok(false);
    };
    account_links::works(&db()?, &token, purpose, Utc::now())
        .await
        .map_err(|e| AppError::internal("checking an account link", e))
}

/// Sets a new password through a reset link and signs its account in on a
/// new session; every other session of it ends with the old password.
pub async fn reset_password(token: &str, password: &str) -> Result<(), AppError> {
    use tessera::service::account_links::LinkToken;
    use tessera::service::password_reset::{self, ResetError};
    let token =
        LinkToken::parse(token).ok_or_else(|| AppError::new(ErrorCode::ResetLinkInvalid))?;
    let db = db()?;
    let member = password_reset::reset(&db, &token, password, Utc::now())
        .await
        .map_err(|e| match e {
            ResetError::InvalidLink => AppError::new(ErrorCode::ResetLinkInvalid),
            ResetError::InvalidPassword(field) => ApiError::validation(vec![field]).into(),
            other => AppError::internal("setting a new password", other),
        })?;
    // Every session of the account ended with the old password.
    if let Err(e) = tessera::service::devices::forget_all_but(&db, UserId(member.id), None).await {
        tracing::warn!(user_id = member.id, error = %e, "could not forget the ended sessions' devices");
    }
    sign_in_on_a_new_session(&SessionUser::from(member)).await?;
    leptos_axum::redirect("/bookings?password_set");
    Ok(())
}

fn link_error(e: tessera::service::email_address::FollowError) -> AppError {
    use tessera::service::email_address::FollowError;
    match e {
        FollowError::InvalidLink => AppError::new(ErrorCode::LinkInvalid),
        FollowError::EmailTaken => AppError(ApiError::with_message(
            ErrorCode::LinkInvalid,
            tessera::said!("email-taken-meanwhile"),
        )),
        FollowError::Database(e) => AppError::internal("following an account link", e),
    }
}

/// Confirms an address through its link and signs its account in.
pub async fn confirm_email(token: &str, next: Option<&str>) -> Result<(), AppError> {
    use tessera::service::account_links::LinkToken;
    use tessera::service::email_address;
    let token = LinkToken::parse(token).ok_or_else(|| AppError::new(ErrorCode::LinkInvalid))?;
    let member = email_address::confirm(&db()?, &token, Utc::now())
        .await
        .map_err(link_error)?;
    let member = SessionUser::from(member);
    sign_in_on_a_new_session(&member).await?;
    let to = if next.is_some_and(|n| tessera::intent::Intent::of(n).is_some()) {
        after_sign_in(&member, next).await
    } else {
        LocalPath::with_flag(&LocalPath::or(next, "/courses"), "welcome")
    };
    leptos_axum::redirect(&to);
    Ok(())
}

/// Sends the signed-in member's confirmation link again.
pub async fn resend_confirmation() -> Result<(), AppError> {
    use tessera::service::email_address::{self, Sent};
    let me = require_user().await?;
    match email_address::send_confirmation(&db()?, UserId(me.id), None, Utc::now()).await {
        Ok(Sent::Sent | Sent::AlreadyConfirmed) => Ok(()),
        Ok(Sent::TooMany) => Err(AppError(ApiError::with_message(
            ErrorCode::RateLimited,
            tessera::said!("confirm-links-too-many"),
        ))),
        Err(e) => Err(AppError::internal("sending a confirmation link", e)),
    }
}

/// Asks to move the signed-in member to a new address.
pub async fn request_email_change(new_email: &str, password: &str) -> Result<(), AppError> {
    use tessera::service::email_address::{self, ChangeError};
    let me = require_user().await?;
    email_address::request_change(&db()?, UserId(me.id), new_email, password, Utc::now())
        .await
        .map_err(|e| match e {
            ChangeError::Invalid(field) => ApiError::validation(vec![field]).into(),
            ChangeError::TooMany => AppError(ApiError::with_message(
                ErrorCode::RateLimited,
                tessera::said!("email-changes-too-many"),
            )),
            ChangeError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
            other => AppError::internal("asking for an email change", other),
        })
}

/// Moves an account to the address its change link was sent to and signs
/// it in (the link proves the new inbox is theirs).
pub async fn change_email(token: &str) -> Result<(), AppError> {
    use tessera::service::account_links::LinkToken;
    use tessera::service::email_address;
    let token = LinkToken::parse(token).ok_or_else(|| AppError::new(ErrorCode::LinkInvalid))?;
    let member = email_address::change(&db()?, &token, Utc::now())
        .await
        .map_err(link_error)?;
    sign_in_on_a_new_session(&SessionUser::from(member)).await?;
    leptos_axum::redirect("/account?email_changed");
    Ok(())
}

/// Accepts an invitation (to run the site or to teach) and signs its
/// account in on a new session, on the page of what they were invited to.
pub async fn accept_invitation(token: &str, password: &str) -> Result<(), AppError> {
    use tessera::service::account_links::LinkToken;
    use tessera::service::people::{self, AcceptError};
    let token = LinkToken::parse(token).ok_or_else(|| AppError::new(ErrorCode::LinkInvalid))?;
    let db = db()?;
    let member = people::accept_invitation(&db, &token, password, Utc::now())
        .await
        .map_err(|e| match e {
            AcceptError::InvalidLink => AppError::new(ErrorCode::LinkInvalid),
            AcceptError::InvalidPassword(field) => ApiError::validation(vec![field]).into(),
            other => AppError::internal("accepting an invitation", other),
        })?;
    let admin = member.role.is_admin();
    sign_in_on_a_new_session(&SessionUser::from(member)).await?;
    leptos_axum::redirect(if admin {
        "/admin/courses?welcome"
    } else {
        "/teaching?welcome"
    });
    Ok(())
}

/// Whether a confirmation, email change or invitation link still works.
pub async fn account_link_works(token: &str, purpose: &str) -> Result<bool, AppError> {
    use tessera::entity::account_link::Purpose;
    let purpose = match purpose {
        "confirm" => Purpose::ConfirmEmail,
        "change" => Purpose::ChangeEmail,
        // To run the site or to teach: one page accepts both.
        "invite" => {
            return Ok(link_works(token, Purpose::InviteAdmin).await?
                || link_works(token, Purpose::InviteInstructor).await?);
        }
        _ => return Ok(false),
    };
    link_works(token, purpose).await
}

/// Sets the signed-in member's name and time zone.
pub async fn update_profile(name: &str, time_zone: &str) -> Result<(), AppError> {
    use tessera::service::accounts::ProfileError;
    let me = require_user().await?;
    accounts::update_profile(&db()?, UserId(me.id), name, time_zone)
        .await
        .map_err(|e| match e {
            ProfileError::Invalid(fields) => ApiError::validation(fields).into(),
            ProfileError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
            ProfileError::Database(e) => AppError::internal("changing a profile", e),
        })?;
    Ok(())
}

/// Ends every other session of the signed-in member and signs this one in
/// again under the new epoch.
pub async fn sign_out_everywhere_else() -> Result<(), AppError> {
    let mut auth = auth_session().await?;
    let me = auth
        .user
        .clone()
        .ok_or_else(|| AppError::new(ErrorCode::NotAuthenticated))?;
    let db = db()?;
    let updated = accounts::end_sessions(&db, UserId(me.id))
        .await
        .map_err(|e| AppError::internal("ending sessions", e))?
        .ok_or_else(|| AppError::new(ErrorCode::NotAuthenticated))?;
    auth.login(&SessionUser::from(updated))
        .await
        .map_err(|e| AppError::internal("renewing the session", e))?;
    forget_other_devices(&db, me.id).await;
    tracing::info!(user_id = me.id, "signed out everywhere else");
    Ok(())
}

/// Where the signed-in member is signed in.
pub async fn signed_in_devices() -> Result<Vec<tessera::account::SignedInDevice>, AppError> {
    let me = require_user().await?;
    let here = this_device().await;
    tessera::service::devices::list(&db()?, UserId(me.id), here.as_ref())
        .await
        .map_err(|e| AppError::internal("listing signed-in devices", e))
}

/// What deleting the signed-in member's account would do.
pub async fn deletion_preview() -> Result<Vec<tessera::account::DeletionLine>, AppError> {
    use tessera::service::cancel::RefundPolicy;
    let me = require_user().await?;
    let policy = leptos::prelude::use_context::<RefundPolicy>().unwrap_or_default();
    tessera::service::account_deletion::preview(&db()?, policy, UserId(me.id), Utc::now())
        .await
        .map_err(|e| AppError::internal("previewing an account deletion", e))
}

/// Deletes the signed-in member's account, ends this session and goes home.
pub async fn delete_account(password: &str) -> Result<(), AppError> {
    use tessera::service::account_deletion::{self, DeleteError};
    use tessera::service::cancel::RefundPolicy;
    use tessera::waitlist::WaitlistPolicy;
    let me = require_user().await?;
    let policy = leptos::prelude::use_context::<RefundPolicy>().unwrap_or_default();
    let waitlist = leptos::prelude::use_context::<WaitlistPolicy>().unwrap_or_default();
    account_deletion::delete_account(
        &db()?,
        &crate::api::ssr::gateway()?,
        policy,
        &waitlist,
        UserId(me.id),
        password,
        Utc::now(),
    )
    .await
    .map_err(|e| match e {
        DeleteError::WrongPassword => ApiError::validation(vec![FieldError {
            field: "confirm_password".into(),
            message: tessera::said!("password-not-yours"),
        }])
        .into(),
        DeleteError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
        other => AppError::internal("deleting an account", other),
    })?;
    let mut auth = auth_session().await?;
    if let Err(e) = auth.logout().await {
        tracing::warn!(error = %e, "ending the deleted account's session");
    }
    leptos_axum::redirect("/?account_deleted");
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

/// The site as a WebAuthn relying party (`None`: reached by an IP address,
/// where browsers offer no passkeys).
#[derive(Clone)]
pub struct Passkeys(pub Option<std::sync::Arc<webauthn_rs::prelude::Webauthn>>);

fn relying_party() -> Result<std::sync::Arc<webauthn_rs::prelude::Webauthn>, AppError> {
    leptos::prelude::use_context::<Passkeys>()
        .and_then(|p| p.0)
        .ok_or_else(|| AppError::new(ErrorCode::PasskeysUnavailable))
}

/// Session keys of the two ceremonies' halves.
const PASSKEY_ADDING_KEY: &str = "tessera.passkey_adding";
const PASSKEY_SIGN_IN_KEY: &str = "tessera.passkey_sign_in";

async fn session() -> Result<axum_login::tower_sessions::Session, AppError> {
    leptos_axum::extract::<axum_login::tower_sessions::Session>()
        .await
        .map_err(|e| AppError::internal("extracting the session", e))
}

/// The signed-in member's passkeys.
pub async fn my_passkeys() -> Result<Vec<tessera::account::PasskeySummary>, AppError> {
    let me = require_user().await?;
    tessera::service::passkeys::list(&db()?, UserId(me.id))
        .await
        .map_err(|e| AppError::internal("listing passkeys", e))
}

fn passkey_field(message: &str) -> AppError {
    ApiError::validation(vec![FieldError {
        field: "passkey_name".into(),
        message: message.into(),
    }])
    .into()
}

fn add_error(e: tessera::service::passkeys::AddError) -> AppError {
    use tessera::service::passkeys::{AddError, MAX_PER_MEMBER};
    match e {
        AddError::Invalid(fields) => ApiError::validation(fields).into(),
        AddError::WrongPassword => ApiError::validation(vec![FieldError {
            field: "account_password".into(),
            message: tessera::said!("password-not-yours"),
        }])
        .into(),
        AddError::TooMany => {
            passkey_field(&tessera::said!("passkeys-too-many", max = MAX_PER_MEMBER))
        }
        AddError::AlreadyRegistered => passkey_field(&tessera::said!("passkey-already-yours")),
        AddError::Refused(why) => {
            tracing::info!(reason = %why, "passkey not added");
            AppError(ApiError::with_message(
                ErrorCode::PasskeyRefused,
                tessera::said!("passkey-answer-unchecked"),
            ))
        }
        AddError::NoAccount => AppError::new(ErrorCode::NotAuthenticated),
        other => AppError::internal("adding a passkey", other),
    }
}

/// The first half of adding a passkey: checks the password and keeps the
/// ceremony's state in the session.
pub async fn start_adding_passkey(
    name: &str,
    password: &str,
) -> Result<webauthn_rs_proto::CreationChallengeResponse, AppError> {
    let me = require_user().await?;
    let rp = relying_party()?;
    let (options, pending) =
        tessera::service::passkeys::start_adding(&db()?, &rp, UserId(me.id), name, password)
            .await
            .map_err(add_error)?;
    session()
        .await?
        .insert(PASSKEY_ADDING_KEY, pending)
        .await
        .map_err(|e| AppError::internal("keeping the passkey ceremony", e))?;
    Ok(options)
}

/// The second half: the browser's new credential, checked against the
/// state the first half kept (used once: it leaves the session here).
pub async fn finish_adding_passkey(
    answer: &webauthn_rs_proto::RegisterPublicKeyCredential,
) -> Result<tessera::account::PasskeySummary, AppError> {
    use tessera::service::passkeys::PendingPasskey;
    let me = require_user().await?;
    let rp = relying_party()?;
    let pending = session()
        .await?
        .remove::<PendingPasskey>(PASSKEY_ADDING_KEY)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| {
            AppError(ApiError::with_message(
                ErrorCode::PasskeyRefused,
                tessera::said!("passkey-too-slow"),
            ))
        })?;
    tessera::service::passkeys::finish_adding(
        &db()?,
        &rp,
        UserId(me.id),
        pending,
        answer,
        Utc::now(),
    )
    .await
    .map_err(add_error)
}

/// Removes one of the signed-in member's passkeys.
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    let me = require_user().await?;
    let gone = tessera::service::passkeys::remove(&db()?, UserId(me.id), id)
        .await
        .map_err(|e| AppError::internal("removing a passkey", e))?;
    if gone {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::PasskeyNotFound))
    }
}

/// The first half of signing in with a passkey.
pub async fn start_passkey_sign_in() -> Result<webauthn_rs_proto::RequestChallengeResponse, AppError>
{
    let rp = relying_party()?;
    let (options, state) = tessera::service::passkeys::start_sign_in(&rp)
        .map_err(|e| AppError::internal("starting a passkey sign-in", e))?;
    session()
        .await?
        .insert(PASSKEY_SIGN_IN_KEY, state)
        .await
        .map_err(|e| AppError::internal("keeping the passkey ceremony", e))?;
    Ok(options)
}

/// The second half: signs the passkey's account in on a new session and
/// goes on to `next`.
pub async fn finish_passkey_sign_in(
    answer: &webauthn_rs_proto::PublicKeyCredential,
    next: Option<&str>,
) -> Result<String, AppError> {
    use tessera::service::passkeys::SignInError;
    use webauthn_rs::prelude::DiscoverableAuthentication;
    let rp = relying_party()?;
    let state = session()
        .await?
        .remove::<DiscoverableAuthentication>(PASSKEY_SIGN_IN_KEY)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| AppError::new(ErrorCode::PasskeyRefused))?;
    let member = tessera::service::passkeys::finish_sign_in(&db()?, &rp, state, answer, Utc::now())
        .await
        .map_err(|e| match e {
            SignInError::Refused(why) => {
                tracing::info!(reason = %why, "passkey sign-in refused");
                AppError::new(ErrorCode::PasskeyRefused)
            }
            SignInError::Blocked => AppError::new(ErrorCode::AccountBlocked),
            SignInError::Database(e) => AppError::internal("signing in with a passkey", e),
        })?;
    let member = SessionUser::from(member);
    sign_in_on_a_new_session(&member).await?;
    tracing::info!(user_id = member.id, "signed in with a passkey");
    Ok(after_sign_in(&member, next).await)
}
