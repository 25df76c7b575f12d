//! Accounts: who is signed in, signing up, signing in, changing a password.
//! Signing out is a plain `POST /logout` form handled by the server.

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::{Role, UserId};

/// The signed-in person, as the interface sees them (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    /// Their (lower-cased) email.
    pub email: String,
    /// The name they gave.
    pub display_name: String,
    pub role: Role,
    /// Whether they followed the link sent to their address (no booking
    /// until they have).
    pub email_confirmed: bool,
    /// The zone emails show times in.
    pub time_zone: String,
    /// They teach (an instructor): `/teaching` is theirs.
    #[serde(default)]
    pub teaches: bool,
}

impl CurrentUser {
    /// Whether the admin pages are theirs to use.
    pub fn is_admin(&self) -> bool {
        self.role.is_admin()
    }
}

/// The signed-in person, if any.
#[server(endpoint = "who_am_i")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    let auth = ssr::auth_session().await?;
    let Some(user) = auth.user else {
        return Ok(None);
    };
    let teaches = tessera::service::instructors::teaches(&crate::api::ssr::db()?, UserId(user.id))
        .await
        .map_err(|e| AppError::internal("checking an instructor", e))?;
    Ok(Some(CurrentUser {
        teaches,
        ..user.view()
    }))
}

/// Creates an account and sends it a link to confirm its address (which
/// signs it in and goes on to `next`); moves on to "check your inbox". A
/// taken address is answered the same, and its owner is told instead.
#[server(endpoint = "signup")]
pub async fn signup(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
    time_zone: Option<String>,
) -> Result<(), AppError> {
    let outcome = ssr::signup(
        &email,
        &display_name,
        &password,
        next.as_deref(),
        time_zone.as_deref(),
    )
    .await;
    outcome.map_err(crate::api::ssr::with_status)
}

/// Signs in and sends the browser to `next` (a local path) or the catalog.
/// Unknown email and wrong password get the same answer.
#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
    time_zone: Option<String>,
) -> Result<(), AppError> {
    ssr::login(&email, &password, next.as_deref(), time_zone.as_deref())
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Changes the signed-in person's password; every other session of theirs
/// ends, this one stays signed in.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    ssr::change_password(&current_password, &new_password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Sends a link to set a new password to the account with `email`, if
/// there is one, and moves on to "check your inbox", which says the same
/// whether an account has that address or not.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    ssr::request_password_reset(&email)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Sets a new password through the link `token` came in, signs its account
/// in (every other session of it ends) and moves on to the bookings.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    ssr::reset_password(&token, &password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Whether a reset link still works (unknown, used and expired links do
/// not), so its page can say so before a new password is typed.
#[server(endpoint = "reset_link_works")]
pub async fn reset_link_works(token: String) -> Result<bool, AppError> {
    ssr::reset_link_works(&token).await
}

/// Signs in through the link sent at sign-up, confirming the address, and
/// goes on to `next` (a local path) or the catalog.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String, next: Option<String>) -> Result<(), AppError> {
    ssr::confirm_email(&token, next.as_deref())
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Sends the signed-in member's confirmation link again.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation() -> Result<(), AppError> {
    ssr::resend_confirmation()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Asks to move the signed-in member's account to `new_email`: a link goes
/// there, a notice to the old address.
#[server(endpoint = "request_email_change")]
pub async fn request_email_change(new_email: String, password: String) -> Result<(), AppError> {
    ssr::request_email_change(&new_email, &password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Moves the account to the address the link `token` was sent to, signs it
/// in there and goes on to the account page.
#[server(endpoint = "change_email")]
pub async fn change_email(token: String) -> Result<(), AppError> {
    ssr::change_email(&token)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Whether a confirmation (`purpose` "confirm") or email change ("change")
/// link still works, so its page can say so before it is used.
#[server(endpoint = "account_link_works")]
pub async fn account_link_works(token: String, purpose: String) -> Result<bool, AppError> {
    ssr::account_link_works(&token, &purpose).await
}

/// What deleting the signed-in member's account would do to each of their
/// active bookings.
#[server(endpoint = "deletion_preview")]
pub async fn deletion_preview() -> Result<Vec<tessera::account::DeletionLine>, AppError> {
    ssr::deletion_preview()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Deletes the signed-in member's account (after cancelling its active
/// bookings under the usual policy), signs out and goes to the home page.
#[server(endpoint = "delete_account")]
pub async fn delete_account(confirm_password: String) -> Result<(), AppError> {
    ssr::delete_account(&confirm_password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Accepts an invitation to be an admin: sets `password`, signs in and goes
/// to the admin pages.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String) -> Result<(), AppError> {
    ssr::accept_invitation(&token, &password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Sets the signed-in member's name and time zone.
#[server(endpoint = "update_profile")]
pub async fn update_profile(display_name: String, time_zone: String) -> Result<(), AppError> {
    ssr::update_profile(&display_name, &time_zone)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Ends every other session of the signed-in member; this one stays.
#[server(endpoint = "sign_out_everywhere_else")]
pub async fn sign_out_everywhere_else() -> Result<(), AppError> {
    ssr::sign_out_everywhere_else()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Where the signed-in member is signed in, this device marked.
#[server(endpoint = "signed_in_devices")]
pub async fn signed_in_devices() -> Result<Vec<tessera::account::SignedInDevice>, AppError> {
    ssr::signed_in_devices()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Whether this site offers passkeys (it does unless reached by an IP
/// address).
#[server(endpoint = "passkeys_offered")]
pub async fn passkeys_offered() -> Result<bool, AppError> {
    Ok(leptos::prelude::use_context::<ssr::Passkeys>().is_some_and(|p| p.0.is_some()))
}

/// The signed-in member's passkeys.
#[server(endpoint = "my_passkeys")]
pub async fn my_passkeys() -> Result<Vec<tessera::account::PasskeySummary>, AppError> {
    ssr::my_passkeys()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Starts adding a passkey called `name` (the password confirms it is the
/// member): the options the browser creates the credential with.
#[server(endpoint = "start_adding_passkey")]
pub async fn start_adding_passkey(
    passkey_name: String,
    account_password: String,
) -> Result<webauthn_rs_proto::CreationChallengeResponse, AppError> {
    ssr::start_adding_passkey(&passkey_name, &account_password)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Finishes adding a passkey with the credential the browser created.
#[server(endpoint = "finish_adding_passkey", input = leptos::server_fn::codec::Json)]
pub async fn finish_adding_passkey(
    answer: webauthn_rs_proto::RegisterPublicKeyCredential,
) -> Result<tessera::account::PasskeySummary, AppError> {
    ssr::finish_adding_passkey(&answer)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Removes one of the signed-in member's passkeys.
#[server(endpoint = "remove_passkey")]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    ssr::remove_passkey(id)
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Starts signing in with a passkey: the options the browser asks the
/// member's authenticator with.
#[server(endpoint = "start_passkey_sign_in")]
pub async fn start_passkey_sign_in() -> Result<webauthn_rs_proto::RequestChallengeResponse, AppError>
{
    ssr::start_passkey_sign_in()
        .await
        .map_err(crate::api::ssr::with_status)
}

/// Signs in with the passkey's answer; answers where to go next (`next`
/// if it is a local path, else the catalog).
#[server(endpoint = "finish_passkey_sign_in", input = leptos::server_fn::codec::Json)]
pub async fn finish_passkey_sign_in(
    answer: webauthn_rs_proto::PublicKeyCredential,
    next: Option<String>,
) -> Result<String, AppError> {
    ssr::finish_passkey_sign_in(&answer, next.as_deref())
        .await
        .map_err(crate::api::ssr::with_status)
}
