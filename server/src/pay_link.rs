//! `GET /bookings/{id}/pay`: where the button of a seat-offer email leads.
//! For an open, paid offer of the signed-in person's it opens Stripe
//! Checkout for the held seat at once, through the same `checkout::retry`
//! as "Pay now" (which reuses a session with time left, so following the
//! link again takes nothing from an earlier tab); signed out, the person
//! signs in first and comes back here. Anything else (paid already, ended,
//! free, not an offer, not theirs) goes to the booking's page, which says
//! what it is: a GET takes no seat and confirms nothing.

use crate::webhook::WebhookState;
use app::auth::ssr::AuthSession;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::EntityTrait;
use tessera::entity::booking;
use tessera::redirect::encode_query_value;
use tessera::service::checkout::{self, NextStep};
use tessera::{BookingId, BookingStatus, UserId};

fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}

pub async fn pay_link(
    auth: AuthSession,
    State(hook): State<WebhookState>,
    Path(id): Path<String>,
) -> Response {
    let Ok(booking_id) = id.parse::<BookingId>() else {
        return see_other("/bookings");
    };
    let Some(user) = auth.user else {
        let here = format!("/bookings/{booking_id}/pay");
        return see_other(&format!("/login?next={}", encode_query_value(&here)));
    };
    let page = format!("/bookings/{booking_id}");
    let payable = booking::Entity::find_by_id(booking_id.get())
        .one(&hook.db)
        .await
        .ok()
        .flatten()
        .is_some_and(|b| {
            b.user_id == user.id && b.status == BookingStatus::PendingPayment && b.amount > 0
        });
    // Offers only: the link is the offer email's, and a GET opens nothing
    // for any other booking.
    let offer = tessera::service::waitlist::is_offer(&hook.db, booking_id)
        .await
        .unwrap_or(false);
    if !payable || !offer {
        return see_other(&page);
    }
    match checkout::retry(
        &hook.db,
        &hook.gateway,
        UserId(user.id),
        &user.email,
        booking_id,
        Utc::now(),
    )
    .await
    {
        Ok(NextStep::Pay { url, .. }) => see_other(&url),
        Ok(NextStep::Confirmed(_) | NextStep::Processing(_)) => see_other(&page),
        Err(e) => {
            tracing::warn!(booking_id = booking_id.get(), error = %e, "the pay link could not open Checkout");
            see_other(&page)
        }
    }
}
