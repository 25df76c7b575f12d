//! `/v1/coupons`: create (a percentage or a fixed amount off), retrieve and
//! delete, validated as Stripe validates them.

use crate::error::ApiError;
use crate::form::Form;
use crate::ids::random_token;
use crate::model::{Coupon, CouponDuration, Origin};
use crate::render;
use crate::state::SimState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use serde_json::Value;

const CREATE_PARAMS: &[&str] = &[
    "id",
    "amount_off",
    "currency",
    "percent_off",
    "duration",
    "duration_in_months",
    "max_redemptions",
    "name",
    "metadata",
    "redeem_by",
    "expand",
    "applies_to",
    "currency_options",
];

/// Stripe's longest coupon name.
const MAX_NAME_CHARS: usize = 40;

/// `POST /v1/coupons`.
pub(crate) async fn create(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(&body)?;
    let now = state.effects(Origin::default()).now();
    let mut coupon = new_coupon(&form, now)?;
    no_expansions(&form)?;
    let mut store = state.lock().await;
    match form.field("id").opt_str()? {
        Some(id) if store.coupon(id).is_some() => {
            return Err(ApiError::with_code(
                "resource_already_exists",
                Some("id"),
                "Coupon already exists.",
            )
            .executed());
        }
        Some(id) => coupon.id = id.to_owned(),
        None => {
            while coupon.id.is_empty() || store.coupon(&coupon.id).is_some() {
                coupon.id = random_token(8);
            }
        }
    }
    store.coupons.push(coupon.clone());
    state.commit(&store).await?;
    Ok(Json(render::coupon(&coupon, now)))
}

/// `GET /v1/coupons/{id}`.
pub(crate) async fn retrieve(
    State(state): State<SimState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let form = Form::parse(query.unwrap_or_default().as_bytes())?;
    form.only(&["expand"])?;
    no_expansions(&form)?;
    let now = state.effects(Origin::default()).now();
    let store = state.lock().await;
    let coupon = store
        .coupon(&id)
        .ok_or_else(|| ApiError::not_found("coupon", &id, "coupon"))?;
    Ok(Json(render::coupon(coupon, now)))
}

/// `DELETE /v1/coupons/{id}`: the coupon can no longer be applied; sessions
/// that already took it keep their discount, as at Stripe.
pub(crate) async fn delete(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let mut store = state.lock().await;
    let at = store
        .coupons
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ApiError::not_found("coupon", &id, "coupon"))?;
    store.coupons.remove(at);
    state.commit(&store).await?;
    Ok(Json(render::deleted_coupon(&id)))
}

/// A coupon has no expandable fields: any `expand[]` is refused.
fn no_expansions(form: &Form) -> Result<(), ApiError> {
    if let Some(field) = form.field("expand").list()?.first() {
        let path = field.req_str()?;
        return Err(ApiError::invalid(
            field.name(),
            format!("This property cannot be expanded ({path})."),
        ));
    }
    Ok(())
}

/// Validates a create request as Stripe does; the id is left empty for the
/// caller to fill in (the one asked for, or a fresh one).
fn new_coupon(form: &Form, now: i64) -> Result<Coupon, ApiError> {
    form.only(CREATE_PARAMS)?;
    for unsupported in ["applies_to", "currency_options"] {
        if form.field(unsupported).is_present() {
            return Err(ApiError::invalid(
                unsupported,
                format!("The Stripe simulator does not support `{unsupported}` on coupons."),
            ));
        }
    }
    if let Some(id) = form.field("id").opt_str()?
        && (id.chars().count() > 200 || id.contains(['/', '?', '#']) || id.trim() != id)
    {
        return Err(ApiError::invalid(
            "id",
            "Invalid coupon id: use at most 200 characters, without slashes, `?`, `#`, or \
             surrounding spaces.",
        ));
    }
    let amount_off = form.field("amount_off").opt_i64()?;
    let percent_off = form.field("percent_off").opt_f64()?;
    match (amount_off, percent_off) {
        (Some(_), Some(_)) => {
            return Err(ApiError::with_code(
                "parameters_exclusive",
                Some("percent_off"),
                "You may only specify one of these parameters: amount_off, percent_off.",
            ));
        }
        (None, None) => {
            return Err(ApiError::with_code(
                "parameter_missing",
                Some("percent_off"),
                "One of the following params should be provided for this request: amount_off or \
                 percent_off.",
            ));
        }
        (Some(off), None) if off < 1 => {
            return Err(ApiError::invalid(
                "amount_off",
                "This value must be greater than or equal to 1.",
            ));
        }
        (None, Some(percent)) if !(percent > 0.0 && percent <= 100.0) => {
            return Err(ApiError::invalid(
                "percent_off",
                "percent_off must be greater than 0 and less than or equal to 100.",
            ));
        }
        _ => {}
    }
    let currency = form
        .field("currency")
        .opt_str()?
        .map(str::to_ascii_lowercase);
    if let Some(currency) = &currency
        && !crate::money::SUPPORTED.contains(&currency.as_str())
    {
        return Err(ApiError::invalid(
            "currency",
            format!(
                "Invalid currency: {currency}. Stripe currently supports these currencies: {}",
                crate::money::SUPPORTED.join(", ")
            ),
        ));
    }
    if amount_off.is_some() && currency.is_none() {
        return Err(ApiError::missing("currency"));
    }
    let duration = match form.field("duration").opt_str()? {
        None | Some("once") => CouponDuration::Once,
        Some("forever") => CouponDuration::Forever,
        Some("repeating") => CouponDuration::Repeating,
        Some(other) => {
            return Err(ApiError::invalid(
                "duration",
                format!(
                    "Invalid duration: must be one of forever, once, or repeating (got '{other}')"
                ),
            ));
        }
    };
    let duration_in_months = form.field("duration_in_months").opt_i64()?;
    match (duration, duration_in_months) {
        (CouponDuration::Repeating, None) => return Err(ApiError::missing("duration_in_months")),
        (CouponDuration::Repeating, Some(months)) if months < 1 => {
            return Err(ApiError::invalid(
                "duration_in_months",
                "This value must be greater than or equal to 1.",
            ));
        }
        (CouponDuration::Once | CouponDuration::Forever, Some(_)) => {
            return Err(ApiError::invalid(
                "duration_in_months",
                "duration_in_months can only be set when duration is repeating.",
            ));
        }
        _ => {}
    }
    let max_redemptions = form.field("max_redemptions").opt_i64()?;
    if max_redemptions.is_some_and(|max| max < 1) {
        return Err(ApiError::invalid(
            "max_redemptions",
            "This value must be greater than or equal to 1.",
        ));
    }
    let name = form.field("name").opt_str()?;
    if name.is_some_and(|name| name.chars().count() > MAX_NAME_CHARS) {
        return Err(ApiError::invalid(
            "name",
            "name must be at most 40 characters.",
        ));
    }
    let redeem_by = form.field("redeem_by").opt_i64()?;
    if redeem_by.is_some_and(|by| by <= now) {
        return Err(ApiError::invalid(
            "redeem_by",
            "redeem_by must be in the future.",
        ));
    }
    Ok(Coupon {
        id: String::new(),
        created: now,
        amount_off,
        currency,
        percent_off,
        duration,
        duration_in_months,
        max_redemptions,
        name: name.map(str::to_owned),
        metadata: form.field("metadata").string_map()?,
        redeem_by,
        times_redeemed: 0,
    })
}
