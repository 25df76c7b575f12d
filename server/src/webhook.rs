//! `POST /api/stripe/webhook`: Stripe's events, verified over the raw body,
//! then applied by `tessera::service::stripe_events` (exactly once in
//! effect).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use stripe_webhook::{Webhook, WebhookError};
use tessera::service::payments::StripeGateway;
use tessera::service::stripe_events::{Applied, apply, storable};

/// What the webhook needs.
#[derive(Clone)]
pub struct WebhookState {
    /// The pool.
    pub db: DatabaseConnection,
    /// `whsec_…`.
    pub secret: Arc<str>,
    /// For refunds owed when a payment finds no seat.
    pub gateway: StripeGateway,
}

/// Verifies the signature and parses the event with Stripe's own library
/// (5 minutes' tolerance, any `v1` may match), then applies it.
pub async fn stripe_webhook(
    State(state): State<WebhookState>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let Some(signature) = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return (StatusCode::BAD_REQUEST, "missing Stripe-Signature");
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return (StatusCode::BAD_REQUEST, "body is not UTF-8");
    };
    let event = match Webhook::construct_event(text, signature, &state.secret) {
        Ok(event) if storable(text, &event) => event,
        Ok(_) | Err(WebhookError::BadParse(_)) => {
            return (StatusCode::BAD_REQUEST, "not a Stripe event");
        }
        Err(e) => {
            tracing::warn!(error = %e, "webhook signature refused");
            return (StatusCode::BAD_REQUEST, "bad signature");
        }
    };
    match apply(&state.db, &state.gateway, &event).await {
        Ok(Applied::Duplicate) => (StatusCode::OK, "duplicate"),
        Ok(Applied::Done(_)) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(event_id = %event.id, error = %e, "webhook not applied; Stripe will retry");
            (StatusCode::INTERNAL_SERVER_ERROR, "try again")
        }
    }
}
