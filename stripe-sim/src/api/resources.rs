//! PaymentIntents and Charges (retrieve), Refunds (create, retrieve) and
//! Events (retrieve, list).

use super::list::{CreatedFilter, Page};
use crate::error::ApiError;
use crate::form::Form;
use crate::model::{EventRecord, Origin};
use crate::refunds::{self, NewRefund, RefundTarget};
use crate::render;
use crate::state::SimState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use serde_json::Value;

/// `GET /v1/payment_intents/{id}`, with `expand[]`: `latest_charge`
/// becomes the Charge; the other fields Stripe expands are ids the
/// simulator never sets, so they stay null; anything else is refused.
pub(crate) async fn payment_intent(
    State(state): State<SimState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(query.unwrap_or_default().as_bytes())?;
    form.only(&["expand", "client_secret"])?;
    let store = state.lock().await;
    let intent = store
        .payment_intent(&id)
        .ok_or_else(|| ApiError::not_found("payment_intent", &id, "intent"))?;
    let mut json = render::payment_intent(intent);
    for field in form.field("expand").list()? {
        match field.req_str()? {
            "latest_charge" => {
                if let Some(charge) = intent
                    .latest_charge
                    .as_deref()
                    .and_then(|c| store.charge(c))
                {
                    json["latest_charge"] = render::charge(charge);
                }
            }
            "customer"
            | "payment_method"
            | "invoice"
            | "review"
            | "application"
            | "on_behalf_of"
            | "transfer_data.destination" => {}
            path => {
                return Err(ApiError::invalid(
                    field.name(),
                    format!("This property cannot be expanded ({path})."),
                ));
            }
        }
    }
    Ok(Json(json))
}

/// `GET /v1/charges/{id}`.
pub(crate) async fn charge(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.lock().await;
    let charge = store
        .charge(&id)
        .ok_or_else(|| ApiError::not_found("charge", &id, "charge"))?;
    Ok(Json(render::charge(charge)))
}

/// `POST /v1/refunds` with `payment_intent` (or `charge`) and an optional
/// partial `amount`.
pub(crate) async fn create_refund(
    State(state): State<SimState>,
    origin: Origin,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if state.refund_should_fail() {
        return Err(ApiError::internal(
            "An error occurred while processing your request (simulated outage).",
        ));
    }
    let form = Form::parse(&body)?;
    form.only(&[
        "payment_intent",
        "charge",
        "amount",
        "reason",
        "metadata",
        "expand",
    ])?;
    let target = match (
        form.field("payment_intent").opt_str()?,
        form.field("charge").opt_str()?,
    ) {
        (Some(pi), None) => RefundTarget::PaymentIntent(pi.to_owned()),
        (None, Some(ch)) => RefundTarget::Charge(ch.to_owned()),
        (Some(_), Some(_)) => {
            return Err(ApiError::with_code(
                "parameters_exclusive",
                Some("charge"),
                "You cannot specify both `charge` and `payment_intent`.",
            ));
        }
        (None, None) => {
            return Err(ApiError::with_code(
                "parameter_missing",
                Some("payment_intent"),
                "One of the following params should be provided for this request: payment_intent or charge.",
            ));
        }
    };
    let reason = form.field("reason").opt_str()?;
    if let Some(reason) = reason
        && !["duplicate", "fraudulent", "requested_by_customer"].contains(&reason)
    {
        return Err(ApiError::invalid(
            "reason",
            "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
        ));
    }
    let new = NewRefund {
        target,
        amount: form.field("amount").opt_i64()?,
        reason: reason.map(str::to_owned),
        metadata: form.field("metadata").string_map()?,
    };
    let fx = state.effects(origin);
    let mut store = state.lock().await;
    let refund = refunds::refund(&mut store, new, &fx)?;
    state.commit(&store).await?;
    Ok(Json(render::refund(&refund)))
}

/// `GET /v1/refunds/{id}`.
pub(crate) async fn refund(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.lock().await;
    let refund = store
        .refund(&id)
        .ok_or_else(|| ApiError::not_found("refund", &id, "refund"))?;
    Ok(Json(render::refund(refund)))
}

/// `GET /v1/events/{id}`.
pub(crate) async fn event(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.lock().await;
    let event = store
        .event(&id)
        .ok_or_else(|| ApiError::not_found("event", &id, "id"))?;
    Ok(Json(render::event(event)))
}

/// `GET /v1/events` with `type` (`*` wildcards, e.g. `checkout.session.*`),
/// `types[]`, `created` and `delivery_success` filters.
pub(crate) async fn list_events(
    State(state): State<SimState>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(query.unwrap_or_default().as_bytes())?;
    let mut allowed = Page::PARAMS.to_vec();
    allowed.extend(["type", "types", "created", "delivery_success"]);
    form.only(&allowed)?;
    let page = Page::parse(&form)?;
    let mut patterns: Vec<&str> = form.field("type").opt_str()?.into_iter().collect();
    for kind in form.field("types").list()? {
        patterns.push(kind.req_str()?);
    }
    let created = CreatedFilter::parse(&form.field("created"))?;
    let delivered = match form.field("delivery_success").opt_str()? {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(ApiError::invalid(
                "delivery_success",
                format!("Invalid boolean: {other}"),
            ));
        }
    };
    let store = state.lock().await;
    let matching: Vec<&EventRecord> = store
        .events
        .iter()
        .rev()
        .filter(|e| patterns.is_empty() || patterns.iter().any(|p| type_matches(p, &e.kind)))
        .filter(|e| created.admits(e.created))
        .filter(|e| delivered.is_none_or(|d| d == (e.pending_webhooks == 0)))
        .collect();
    let (data, has_more) = page.apply(matching, |e| &e.id, "event")?;
    let data = data.into_iter().map(render::event).collect();
    Ok(Json(render::list(data, has_more, "/v1/events")))
}

/// `checkout.session.*` matches `checkout.session.completed`.
fn type_matches(pattern: &str, kind: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => kind.starts_with(prefix),
        None => pattern == kind,
    }
}
