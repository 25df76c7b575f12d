//! The `/v1` API: routes, and what every request goes through as on
//! Stripe — a `Request-Id`, the `Authorization: Bearer sk_test_…` check,
//! and `Idempotency-Key` handling for POSTs.

mod checkout;
mod coupons;
mod idempotency;
mod list;
mod resources;
mod session_params;

use super::error::ApiError;
use super::ids::random_token;
use super::model::Origin;
use super::state::SimState;
use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// The `/v1` routes with their middleware.
pub(crate) fn router(state: SimState) -> Router {
    Router::new()
        .route(
            "/v1/checkout/sessions",
            post(checkout::create).get(checkout::list),
        )
        .route("/v1/checkout/sessions/{id}", get(checkout::retrieve))
        .route("/v1/checkout/sessions/{id}/expire", post(checkout::expire))
        .route(
            "/v1/checkout/sessions/{id}/line_items",
            get(checkout::line_items),
        )
        .route("/v1/coupons", post(coupons::create))
        .route(
            "/v1/coupons/{id}",
            get(coupons::retrieve).delete(coupons::delete),
        )
        .route("/v1/payment_intents/{id}", get(resources::payment_intent))
        .route("/v1/charges/{id}", get(resources::charge))
        .route("/v1/refunds", post(resources::create_refund))
        .route("/v1/refunds/{id}", get(resources::refund))
        .route("/v1/events", get(resources::list_events))
        .route("/v1/events/{id}", get(resources::event))
        .route("/v1/{*rest}", axum::routing::any(unrecognized_url))
        // A known path with another method: Stripe's JSON 404, not axum's
        // empty 405.
        .method_not_allowed_fallback(unrecognized_url)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::replay_or_record,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_api_key,
        ))
        .layer(middleware::from_fn(assign_request_id))
        .layer(middleware::from_fn_with_state(state.clone(), slow_answers))
        .with_state(state)
}

/// `SimState::delay_answers`: the request runs to its end on a task of its
/// own (a client giving up does not cancel it, as at Stripe); only the
/// answer waits.
async fn slow_answers(State(state): State<SimState>, request: Request, next: Next) -> Response {
    let delay = state.answer_delay();
    if delay.is_zero() {
        return next.run(request).await;
    }
    let work = tokio::spawn(next.run(request));
    tokio::time::sleep(delay).await;
    match work.await {
        Ok(response) => response,
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The id Stripe gives every request (`Request-Id` header, and `request`
/// on the events it causes).
#[derive(Debug, Clone)]
struct RequestId(String);

async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let id = format!("req_{}", random_token(14));
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("request-id", value);
    }
    response
}

async fn require_api_key(State(state): State<SimState>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match presented {
        Some(key) if same_secret(key, &state.config().api_key) => next.run(request).await,
        Some(key) => {
            ApiError::unauthorized(format!("Invalid API Key provided: {}", redact_key(key)))
                .into_response()
        }
        None => ApiError::unauthorized(
            "You did not provide an API key. You need to provide your API key in the \
             Authorization header, using Bearer auth (e.g. 'Authorization: Bearer \
             YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or \
             we can help at https://support.stripe.com/."
                .to_owned(),
        )
        .into_response(),
    }
}

/// Compares secrets without stopping at the first differing byte.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// `sk_test_abcdef1234` → `sk_test_******1234`, as Stripe echoes bad keys.
fn redact_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let prefix_len = key
        .match_indices('_')
        .nth(1)
        .map(|(at, _)| key[..=at].chars().count())
        .unwrap_or(0)
        .min(chars.len());
    let tail_start = chars.len().saturating_sub(4).max(prefix_len);
    let prefix: String = chars[..prefix_len].iter().collect();
    let tail: String = chars[tail_start..].iter().collect();
    format!("{prefix}{}{tail}", "*".repeat(tail_start - prefix_len))
}

async fn unrecognized_url(request: Request) -> ApiError {
    ApiError::unrecognized_url(request.method().as_str(), request.uri().path())
}

/// The API request behind a change, recorded on the events it causes.
impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Origin {
            request_id: parts
                .extensions
                .get::<RequestId>()
                .map(|RequestId(id)| id.clone()),
            idempotency_key: parts
                .headers
                .get("idempotency-key")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_keys_are_echoed_redacted() {
        assert_eq!(redact_key("sk_test_abcdef1234"), "sk_test_******1234");
        assert_eq!(redact_key("nope"), "nope");
        assert!(same_secret("sk_test_x", "sk_test_x"));
        assert!(!same_secret("sk_test_x", "sk_test_y"));
    }
}
