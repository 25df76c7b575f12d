//! The hosted checkout page at a session's `url` (`/c/pay/{id}`): line
//! items, total, email and card fields, and for EUR sessions an IBAN field
//! (SEPA Direct Debit); Stripe's test cards and test IBANs decide the
//! outcome. Plain HTML, no JavaScript, so any HTTP client can pay.

use super::error::SimError;
use super::form::looks_like_email;
use super::ids::new_id;
use super::ledger::{self, Attempt, TestCard, TestIban};
use super::model::{Card, IntentStatus, Origin, SepaDebit, Session, SessionStatus};
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
    /// `sepa_debit` (the debit button); absent for the card's "Pay".
    method: String,
    iban: String,
}

impl PayForm {
    /// Whether this is a SEPA Direct Debit: the debit button, or an IBAN
    /// typed with no card number (Enter in the IBAN field submits the
    /// form's first button, "Pay").
    fn is_debit(&self) -> bool {
        self.method == "sepa_debit"
            || (self.method.is_empty()
                && self.card_number.trim().is_empty()
                && !self.iban.trim().is_empty())
    }
}

impl PayView {
    /// The card number and expiry as typed, so a refusal does not make the
    /// payer type them again (the security code is never echoed).
    fn card_typed(form: &PayForm) -> PayView {
        PayView {
            card_number: form.card_number.trim().to_owned(),
            card_expiry: form.card_expiry.trim().to_owned(),
            ..PayView::default()
        }
    }
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
        return closed(&store, &session);
    }
    let view = PayView {
        email: session.customer_email.clone().unwrap_or_default(),
        ..PayView::default()
    };
    respond(StatusCode::OK, page::pay(&session, &view))
}

/// The page of a session that can no longer be paid, saying what became of
/// its payment: a complete session is unpaid while a direct debit is with
/// the bank, and stays unpaid (its PaymentIntent back to
/// `requires_payment_method`) when the bank refuses it.
fn closed(store: &Store, session: &Session) -> Response {
    let intent = session
        .payment_intent
        .as_deref()
        .and_then(|id| store.payment_intent(id))
        .map(|pi| pi.status);
    let outcome = match (session.paid, intent) {
        (true, _) => page::Outcome::Paid,
        (false, Some(IntentStatus::RequiresPaymentMethod | IntentStatus::Canceled)) => {
            page::Outcome::DebitFailed
        }
        (false, _) => page::Outcome::Processing,
    };
    respond(StatusCode::OK, page::closed(session, outcome))
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
        return closed(&store, &session);
    }
    let email = form.email.trim().to_owned();
    let attempt = if form.is_debit() {
        let (iban, account) = match read_debit(&form, &email, &session) {
            Ok(debit) => debit,
            Err(message) => {
                let view = PayView {
                    email,
                    iban: form.iban.trim().to_owned(),
                    sepa_error: Some(message),
                    ..PayView::default()
                };
                return respond(StatusCode::OK, page::pay(&session, &view));
            }
        };
        let delay = state.config().async_settle_after.as_millis();
        let delay = i64::try_from(delay).unwrap_or(i64::MAX);
        ledger::attempt_debit(&mut store, &id, iban, account, &email, delay, &fx)
    } else {
        let (card, details) = match read_card(&form, &email) {
            Ok(card) => card,
            Err(message) => {
                let view = PayView {
                    email,
                    error: Some(message.to_owned()),
                    ..PayView::card_typed(&form)
                };
                return respond(StatusCode::OK, page::pay(&session, &view));
            }
        };
        ledger::attempt_payment(&mut store, &id, &card, details, &email, &fx)
    };
    if let Err(error) = state.commit(&store).await {
        return failure(error);
    }
    match attempt {
        None => not_found(),
        Some(Attempt::Paid(done) | Attempt::Processing(done)) => {
            redirect_after_payment(&done, state.public_base())
        }
        Some(Attempt::Declined(message)) => {
            let view = PayView {
                email,
                error: Some(message),
                ..PayView::card_typed(&form)
            };
            respond(StatusCode::PAYMENT_REQUIRED, page::pay(&session, &view))
        }
        Some(Attempt::NotOpen(session)) => closed(&store, &session),
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

/// The form's email and IBAN for a SEPA Direct Debit, checked as Stripe's
/// page checks them; only Stripe's test IBANs are accepted.
fn read_debit(
    form: &PayForm,
    email: &str,
    session: &Session,
) -> Result<(TestIban, SepaDebit), String> {
    if !session.offers("sepa_debit") {
        return Err("SEPA Direct Debit is not available for this payment.".to_owned());
    }
    if !looks_like_email(email) {
        return Err("Your email address is incomplete.".to_owned());
    }
    let iban = ledger::compact_iban(&form.iban);
    if iban.is_empty() {
        return Err("Your IBAN is incomplete.".to_owned());
    }
    let behaviour = TestIban::from_iban(&iban).ok_or_else(|| {
        format!(
            "This IBAN can't be used in test mode. Use {} (succeeds) or {} (fails).",
            spaced(TestIban::SUCCEEDS),
            spaced(TestIban::FAILS)
        )
    })?;
    let account = SepaDebit {
        payment_method: new_id("pm"),
        // German IBAN: DE, two check digits, the 8-digit bank code, the account.
        bank_code: iban.get(4..12).unwrap_or_default().to_owned(),
        country: iban.get(..2).unwrap_or_default().to_owned(),
        last4: iban[iban.len().saturating_sub(4)..].to_owned(),
        fingerprint: fingerprint(&iban),
        mandate: new_id("mandate"),
    };
    Ok((behaviour, account))
}

/// An IBAN in groups of four, as it is printed.
pub(crate) fn spaced(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stable fingerprint per account, as Stripe gives one per IBAN (FNV-1a,
/// so it is the same across restarts and builds).
fn fingerprint(iban: &str) -> String {
    let hash = iban.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
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
    // Stripe's field takes the digits alone too ("1234" is 12 / 34).
    let (month, year) = match compact.split_once('/') {
        Some(parts) => parts,
        None if compact.len() == 4 || compact.len() == 6 => compact
            .split_at_checked(2)
            .filter(|_| compact.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(incomplete)?,
        None => return Err(incomplete),
    };
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
        let next = (year + 1) % 100;
        assert_eq!(expiry(&format!("04{next:02}")), Ok((4, year + 1)));
        assert_eq!(expiry(&format!("04{}", year + 1)), Ok((4, year + 1)));
        assert!(expiry("0").is_err());
        assert!(expiry("12345").is_err());
        assert!(expiry("ab34").is_err());
    }
}
