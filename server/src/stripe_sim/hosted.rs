//! The hosted checkout page at a session's `url` (`/c/pay/{id}`): line
//! items, total, email and card fields; Stripe's test cards decide the
//! outcome. Plain HTML, no JavaScript, so any HTTP client can pay.

use super::error::SimError;
use super::form::looks_like_email;
use super::ids::new_id;
use super::ledger::{self, Attempt, TestCard};
use super::model::{Card, Origin, Session, SessionStatus};
use super::page::{self, PayView};
use super::render;
use super::state::{Effects, SimState};
use super::store::Store;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;

/// The hosted page's form fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PayForm {
    email: String,
    card_number: String,
    card_expiry: String,
    card_cvc: String,
}

/// `GET /c/pay/{id}`: the payment form, or the session's final state.
pub(crate) async fn show(State(state): State<SimState>, Path(id): Path<String>) -> Response {
    let fx = state.effects(Origin::default());
    let mut store = state.lock().await;
    let session = match current_session(&state, &mut store, &id, &fx).await {
        Ok(Some(session)) => session,
        Ok(None) => return not_found(),
        Err(error) => return failure(error),
    };
    if session.status != SessionStatus::Open {
        return respond(StatusCode::OK, page::closed(&session));
    }
    let view = PayView {
        email: session.customer_email.clone().unwrap_or_default(),
        error: None,
    };
    respond(StatusCode::OK, page::pay(&session, &view))
}

/// `POST /c/pay/{id}`: pay with a test card. Success redirects (303) to
/// `success_url`; a decline shows the message and the form again.
pub(crate) async fn pay(
    State(state): State<SimState>,
    Path(id): Path<String>,
    Form(form): Form<PayForm>,
) -> Response {
    let fx = state.effects(Origin::default());
    let mut store = state.lock().await;
    let session = match current_session(&state, &mut store, &id, &fx).await {
        Ok(Some(session)) => session,
        Ok(None) => return not_found(),
        Err(error) => return failure(error),
    };
    if session.status != SessionStatus::Open {
        return respond(StatusCode::OK, page::closed(&session));
    }
    let email = form.email.trim().to_owned();
    let (card, details) = match read_card(&form, &email) {
        Ok(card) => card,
        Err(message) => {
            let view = PayView {
                email,
                error: Some(message.to_owned()),
            };
            return respond(StatusCode::OK, page::pay(&session, &view));
        }
    };
    let attempt = ledger::attempt_payment(&mut store, &id, &card, details, &email, &fx);
    if let Err(error) = state.commit(&store).await {
        return failure(error);
    }
    match attempt {
        None => not_found(),
        Some(Attempt::Paid(paid)) => redirect_after_payment(&paid, state.public_base()),
        Some(Attempt::Declined(message)) => {
            let view = PayView {
                email,
                error: Some(message),
            };
            respond(StatusCode::PAYMENT_REQUIRED, page::pay(&session, &view))
        }
        Some(Attempt::NotOpen(closed)) => respond(StatusCode::OK, page::closed(&closed)),
    }
}

/// The session, expired first if its deadline has passed and the expiry
/// task has not got to it yet.
async fn current_session(
    state: &SimState,
    store: &mut Store,
    id: &str,
    fx: &Effects,
) -> Result<Option<Session>, SimError> {
    let Some(session) = store.session(id).cloned() else {
        return Ok(None);
    };
    if session.status != SessionStatus::Open || fx.now() < session.expires_at {
        return Ok(Some(session));
    }
    let expired = ledger::expire_session(store, id, fx).ok();
    state.commit(store).await?;
    Ok(expired.or(Some(session)))
}

/// The form's email and card, checked as Stripe's page checks them.
fn read_card(form: &PayForm, email: &str) -> Result<(TestCard, Card), &'static str> {
    if !looks_like_email(email) {
        return Err("Your email address is incomplete.");
    }
    let card = TestCard::from_number(&form.card_number).ok_or("Your card number is incorrect.")?;
    let (exp_month, exp_year) = expiry(&form.card_expiry)?;
    let cvc = form.card_cvc.trim();
    if !(cvc.is_empty() || (cvc.len() == 3 && cvc.bytes().all(|b| b.is_ascii_digit()))) {
        return Err("Your card's security code is incomplete.");
    }
    let digits: String = form
        .card_number
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let details = Card {
        payment_method: new_id("pm"),
        brand: "visa".to_owned(),
        last4: digits[digits.len().saturating_sub(4)..].to_owned(),
        exp_month,
        exp_year,
    };
    Ok((card, details))
}

/// 303 to `success_url` with `{CHECKOUT_SESSION_ID}` filled in, or to the
/// session's own page (which then shows "Payment complete").
fn redirect_after_payment(session: &Session, public_base: &str) -> Response {
    let target = match &session.success_url {
        Some(url) => url.replace("{CHECKOUT_SESSION_ID}", &session.id),
        None => render::hosted_url(public_base, &session.id),
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response()
}

/// `MM / YY`, `MM/YY` or `MM/YYYY`; empty means a valid date three years out.
fn expiry(raw: &str) -> Result<(i64, i64), &'static str> {
    let this_year = i64::from(chrono::Utc::now().year());
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok((12, this_year + 3));
    }
    let incomplete = "Your card's expiration date is incomplete.";
    let (month, year) = compact.split_once('/').ok_or(incomplete)?;
    let month: i64 = month.parse().map_err(|_| incomplete)?;
    let year: i64 = match year.len() {
        2 => 2000 + year.parse::<i64>().map_err(|_| incomplete)?,
        4 => year.parse().map_err(|_| incomplete)?,
        _ => return Err(incomplete),
    };
    if !(1..=12).contains(&month) {
        return Err("Your card's expiration month is invalid.");
    }
    if year < this_year {
        return Err("Your card's expiration year is in the past.");
    }
    Ok((month, year))
}

fn respond(status: StatusCode, html: String) -> Response {
    (status, Html(html)).into_response()
}

fn not_found() -> Response {
    respond(StatusCode::NOT_FOUND, page::not_found())
}

fn failure(error: SimError) -> Response {
    tracing::error!(%error, "stripe simulator could not save a payment");
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        page::message(
            "Something went wrong",
            "The simulator could not save this payment.",
        ),
    )
}

/// `GET /`: what this server is.
pub(crate) async fn index() -> Html<String> {
    Html(page::message(
        "Simulated Stripe",
        "This is Tessera's Stripe simulator: the Stripe API under /v1 and hosted checkout pages. \
         Test mode only; no real payments.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_dates_are_read_like_stripe_checkout() {
        let year = i64::from(chrono::Utc::now().year());
        assert_eq!(expiry(""), Ok((12, year + 3)));
        assert_eq!(
            expiry(&format!("04 / {}", (year + 1) % 100)),
            Ok((4, year + 1))
        );
        assert!(expiry("13/40").is_err());
        assert!(expiry("01/2001").is_err());
        assert!(expiry("garbage").is_err());
    }
}
