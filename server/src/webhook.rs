//! `POST /api/stripe/webhook`: Stripe's events, verified over the raw body,
//! then applied by `tessera::service::stripe_events` (exactly once in
//! effect).

use crate::signature::verify_signature;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tessera::service::payments::StripeGateway;
use tessera::service::stripe_events::{Applied, apply, parse_event};

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

/// How far a signature's timestamp may be from now.
pub const TOLERANCE_SECS: i64 = 300;

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
    if let Err(e) = verify_signature(
        text,
        signature,
        &state.secret,
        Utc::now().timestamp(),
        TOLERANCE_SECS,
    ) {
        tracing::warn!(error = %e, "webhook signature refused");
        return (StatusCode::BAD_REQUEST, "bad signature");
    }
    let Some(event) = parse_event(&body) else {
        return (StatusCode::BAD_REQUEST, "not a Stripe event");
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
