//! `/v1/checkout/sessions`: create (mode `payment` with `price_data` line
//! items, optionally a coupon), retrieve, list, expire, and list line items.

use super::list::{CreatedFilter, Page};
use super::session_params::new_session;
use crate::error::ApiError;
use crate::form::Form;
use crate::ledger;
use crate::model::{Origin, Session};
use crate::render;
use crate::state::SimState;
use crate::store::Store;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use serde_json::Value;

/// `POST /v1/checkout/sessions`.
pub(crate) async fn create(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(&body)?;
    let now = state.effects(Origin::default()).now();
    let mut store = state.lock().await;
    let session = new_session(&form, now, &store)?;
    store.sessions.push(session.clone());
    state.commit(&store).await?;
    Ok(Json(expanded(
        &store,
        &session,
        &form,
        "",
        state.public_base(),
    )?))
}

/// `GET /v1/checkout/sessions/{id}`.
pub(crate) async fn retrieve(
    State(state): State<SimState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(query.unwrap_or_default().as_bytes())?;
    form.only(&["expand"])?;
    let store = state.lock().await;
    let session = find(&store, &id)?;
    Ok(Json(expanded(
        &store,
        session,
        &form,
        "",
        state.public_base(),
    )?))
}

/// `GET /v1/checkout/sessions/{id}/line_items`.
pub(crate) async fn line_items(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let store = state.lock().await;
    Ok(Json(render::line_items(find(&store, &id)?)))
}

/// `GET /v1/checkout/sessions` with `payment_intent`, `status` and
/// `created` filters.
pub(crate) async fn list(
    State(state): State<SimState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(query.unwrap_or_default().as_bytes())?;
    let mut allowed = Page::PARAMS.to_vec();
    allowed.extend(["payment_intent", "status", "created"]);
    form.only(&allowed)?;
    let page = Page::parse(&form)?;
    let payment_intent = form.field("payment_intent").opt_str()?;
    let status = form.field("status").opt_str()?;
    if let Some(status) = status
        && !["open", "complete", "expired"].contains(&status)
    {
        return Err(ApiError::invalid(
            "status",
            format!("Invalid status: must be one of open, complete, or expired (got '{status}')"),
        ));
    }
    let created = CreatedFilter::parse(&form.field("created"))?;
    let store = state.lock().await;
    let matching: Vec<&Session> = store
        .sessions
        .iter()
        .rev()
        .filter(|s| payment_intent.is_none_or(|pi| s.payment_intent.as_deref() == Some(pi)))
        .filter(|s| status.is_none_or(|st| s.status.as_str() == st))
        .filter(|s| created.admits(s.created))
        .collect();
    let (data, has_more) = page.apply(matching, |s| &s.id, "checkout.session")?;
    let data = data
        .into_iter()
        .map(|s| expanded(&store, s, &form, "data.", state.public_base()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(render::list(data, has_more, "/v1/checkout/sessions")))
}

/// `POST /v1/checkout/sessions/{id}/expire`: only while `open`.
pub(crate) async fn expire(
    State(state): State<SimState>,
    Path(id): Path<String>,
    origin: Origin,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(&body)?;
    form.only(&["expand"])?;
    let fx = state.effects(origin);
    let mut store = state.lock().await;
    let session =
        ledger::expire_session(&mut store, &id, &fx).map_err(|e| e.into_api_error(&id))?;
    state.commit(&store).await?;
    Ok(Json(expanded(
        &store,
        &session,
        &form,
        "",
        state.public_base(),
    )?))
}

fn find<'a>(store: &'a Store, id: &str) -> Result<&'a Session, ApiError> {
    store
        .session(id)
        .ok_or_else(|| ApiError::not_found("checkout.session", id, "session"))
}

/// The session's JSON with `expand[]` applied (`line_items`,
/// `payment_intent`, `total_details.breakdown`; in lists prefixed with
/// `data.`). The other fields
/// Stripe expands are ids the simulator never sets: they stay null.
/// Anything else is refused, as Stripe refuses it.
fn expanded(
    store: &Store,
    session: &Session,
    form: &Form,
    prefix: &str,
    public_base: &str,
) -> Result<Value, ApiError> {
    let mut json = render::session(session, public_base);
    for field in form.field("expand").list()? {
        let path = field.req_str()?;
        match path.strip_prefix(prefix) {
            Some("line_items") => json["line_items"] = render::line_items(session),
            Some("payment_intent") => {
                if let Some(intent) = session
                    .payment_intent
                    .as_deref()
                    .and_then(|id| store.payment_intent(id))
                {
                    json["payment_intent"] = render::payment_intent(intent);
                }
            }
            Some("total_details.breakdown") => {
                json["total_details"]["breakdown"] = render::total_details_breakdown(session);
            }
            Some("customer" | "invoice" | "payment_link" | "setup_intent" | "subscription") => {}
            _ => {
                return Err(ApiError::invalid(
                    field.name(),
                    format!("This property cannot be expanded ({path})."),
                ));
            }
        }
    }
    Ok(json)
}
