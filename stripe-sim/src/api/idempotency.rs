//! `Idempotency-Key` on POST requests, as Stripe honours it: the first
//! answer of a request that began executing is kept for 24 hours, errors
//! included (a refused refund stays refused under its key); the same key
//! with the same endpoint and parameters replays it (same status and body);
//! the same key with anything else is an `idempotency_error`; a key whose
//! first request is still running answers 409. Requests refused by
//! parameter validation, or by a concurrent conflict, are not kept, nor
//! the simulator's own 500s: they stand for an outage in which the request
//! never ran (`SimState::fail_next_refunds`).

use crate::error::{ApiError, Executed};
use crate::form::Form;
use crate::ids::now;
use crate::model::IdempotentResponse;
use crate::state::SimState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest request or response body the simulator buffers.
const BODY_LIMIT: usize = 1 << 20;

pub(crate) async fn replay_or_record(
    State(state): State<SimState>,
    request: Request,
    next: Next,
) -> Response {
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let (Some(key), true) = (key, request.method() == Method::POST) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return ApiError::invalid("body", "The request body is too large.").into_response();
    };
    let form = match Form::parse(&bytes) {
        Ok(form) => form,
        Err(error) => return error.into_response(),
    };
    let fingerprint = format!(
        "{} {}\n{}",
        parts.method,
        parts.uri.path(),
        form.fingerprint()
    );
    {
        let mut store = state.lock().await;
        if let Some(kept) = store.idempotent_response(&key, now()) {
            return if kept.fingerprint == fingerprint {
                replay(kept)
            } else {
                ApiError::idempotency_mismatch(&key).into_response()
            };
        }
        if !store.keys_in_flight.insert(key.clone()) {
            return ApiError::idempotency_in_use().into_response();
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, BODY_LIMIT).await;
    let mut store = state.lock().await;
    store.keys_in_flight.remove(&key);
    let Ok(body) = body else {
        return ApiError::internal("The response could not be buffered.").into_response();
    };
    if parts.status.is_success() || parts.extensions.get::<Executed>().is_some() {
        store.keep_idempotent_response(IdempotentResponse {
            key,
            fingerprint,
            status: parts.status.as_u16(),
            body: String::from_utf8_lossy(&body).into_owned(),
            created: now(),
        });
        if let Err(error) = state.commit(&store).await {
            return ApiError::from(error).into_response();
        }
    }
    Response::from_parts(parts, Body::from(body))
}

fn replay(kept: &IdempotentResponse) -> Response {
    let status = StatusCode::from_u16(kept.status).unwrap_or(StatusCode::OK);
    let mut response = (status, kept.body.clone()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
