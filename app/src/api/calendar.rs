//! The member's private calendar feed: its address, and a new one.

use crate::error::AppError;
use leptos::prelude::*;

/// The site's public origin (`https://tessera.example`), provided by the
/// server: the feed's address is shown whole.
#[derive(Debug, Clone)]
pub struct PublicOrigin(pub std::sync::Arc<str>);

/// The signed-in member's feed address (`https://…/calendar/….ics`), if
/// they made one.
#[server(endpoint = "calendar_feed")]
pub async fn calendar_feed() -> Result<Option<String>, AppError> {
    async {
        let user = crate::auth::ssr::require_user().await?;
        let token =
            tessera::service::calendar_feed::token_of(&super::ssr::db()?, tessera::UserId(user.id))
                .await
                .map_err(|e| AppError::internal("reading a calendar feed", e))?;
        Ok(token.map(|t| address(&t)))
    }
    .await
    .map_err(super::ssr::with_status)
}

/// A new feed address for the signed-in member (the old one stops
/// working); answers it.
#[server(endpoint = "reset_calendar_feed")]
pub async fn reset_calendar_feed() -> Result<String, AppError> {
    async {
        let user = crate::auth::ssr::require_user().await?;
        let token = tessera::service::calendar_feed::reset(
            &super::ssr::db()?,
            tessera::UserId(user.id),
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| AppError::internal("making a calendar feed", e))?;
        Ok(address(&token))
    }
    .await
    .map_err(super::ssr::with_status)
}

#[cfg(feature = "ssr")]
fn address(token: &tessera::service::calendar_feed::FeedToken) -> String {
    let origin = use_context::<PublicOrigin>()
        .map(|o| o.0.to_string())
        .unwrap_or_default();
    format!("{origin}{}", token.path())
}
