//! Who runs the site: the footer's contact, the legal pages, and the
//! admin's texts for them.

use crate::error::AppError;
use leptos::prelude::*;
pub use tessera::site::{LegalForm, LegalKind, LegalPage, SiteContact};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::require_admin,
    chrono::Utc,
    tessera::service::legal,
    tessera::{ApiError, FieldError},
};

/// The operator's contact for the footer (none until a name is saved).
#[server(endpoint = "site_contact")]
pub async fn operator_contact() -> Result<Option<SiteContact>, AppError> {
    async {
        legal::contact(&db()?)
            .await
            .map_err(|e| AppError::internal("reading the operator", e))
    }
    .await
    .map_err(with_status)
}

/// The imprint, privacy or terms page.
#[server(endpoint = "legal_page")]
pub async fn read_legal_page(kind: LegalKind) -> Result<LegalPage, AppError> {
    async {
        legal::page(&db()?, kind)
            .await
            .map_err(|e| AppError::internal("reading a legal page", e))
    }
    .await
    .map_err(with_status)
}

/// The three texts as written (admins).
#[server(endpoint = "legal_texts")]
pub async fn legal_texts() -> Result<LegalForm, AppError> {
    async {
        require_admin().await?;
        legal::texts(&db()?)
            .await
            .map_err(|e| AppError::internal("reading the legal texts", e))
    }
    .await
    .map_err(with_status)
}

/// Saves the three texts (admins).
#[server(endpoint = "save_legal_texts")]
pub async fn save_legal_texts(form: LegalForm) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let texts = form.parse().map_err(|(field, e)| {
            AppError(ApiError::validation(vec![FieldError {
                field: field.into(),
                message: e.to_string(),
            }]))
        })?;
        legal::save_texts(&db()?, &texts, Utc::now())
            .await
            .map_err(|e| AppError::internal("saving the legal texts", e))
    }
    .await
    .map_err(with_status)
}
