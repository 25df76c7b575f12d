//! Stripe through async-stripe: the simulator by default, Stripe itself with
//! keys. Only the base URL differs. Amounts and currencies always come from
//! our database, never from the browser.

use crate::ids::PaymentId;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    ExpireCheckoutSession, ProductData, RetrieveCheckoutSession,
};
use stripe_checkout::{CheckoutSessionLocale, CheckoutSessionMode};
use stripe_core::refund::CreateRefund;
use stripe_product::coupon::CreateCoupon;

/// Talking to Stripe failed.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// Stripe answered and refused (a 4xx other than 429): our request was wrong.
    #[error("Stripe refused the request ({status}): {message}")]
    Refused {
        status: u16,
        /// Stripe's message.
        message: String,
    },
    /// Stripe could not be reached, timed out, or failed on its side.
    #[error("Stripe is unavailable: {0}")]
    Unavailable(String),
}

/// How long Tessera waits for Stripe's answer to one call before treating
/// Stripe as unavailable (`STRIPE_TIMEOUT_SECONDS`). async-stripe's client
/// has no timeout of its own; without one a slow Stripe held a page forever.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Times one call to Stripe (`tessera_stripe_api_duration_seconds`), gives
/// up after `limit`, and counts a failure in `tessera_stripe_api_errors_total`.
async fn observed<T>(
    operation: &'static str,
    limit: std::time::Duration,
    call: impl std::future::Future<Output = Result<T, GatewayError>>,
) -> Result<T, GatewayError> {
    let started = std::time::Instant::now();
    let result = match tokio::time::timeout(limit, call).await {
        Ok(result) => result,
        Err(_) => Err(GatewayError::Unavailable(format!(
            "no answer from Stripe within {} s",
            limit.as_secs_f64()
        ))),
    };
    metrics::histogram!("tessera_stripe_api_duration_seconds", "operation" => operation)
        .record(started.elapsed().as_secs_f64());
    if result.is_err() {
        metrics::counter!("tessera_stripe_api_errors_total", "operation" => operation).increment(1);
    }
    result
}

fn classify(e: StripeError) -> GatewayError {
    match e {
        StripeError::Stripe(err, status) if (400..500).contains(&status) && status != 429 => {
            GatewayError::Refused {
                status,
                message: err.message.clone().unwrap_or_default(),
            }
        }
        other => GatewayError::Unavailable(other.to_string()),
    }
}

/// Where a Checkout Session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Waiting for the person to pay.
    Open,
    /// Finished (paid, or processing an async payment).
    Complete,
    /// Ended unpaid.
    Expired,
}

/// What Tessera needs to know about a Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFacts {
    /// `cs_…`.
    pub id: String,
    /// The hosted page.
    pub url: Option<String>,
    /// Open, complete or expired.
    pub state: SessionState,
    /// `payment_status == "paid"`.
    pub paid: bool,
    /// Total in minor units.
    pub amount_total: Option<i64>,
    /// Lower-case ISO code.
    pub currency: Option<String>,
    /// Our booking id, from `client_reference_id` (or metadata).
    pub booking_id: Option<i64>,
    /// `pi_…`, once there is one.
    pub payment_intent: Option<String>,
    /// When it expires.
    pub expires_at: i64,
    /// The session is complete but its PaymentIntent has failed since: a
    /// delayed payment (SEPA Direct Debit) the bank refused. Known only when
    /// the PaymentIntent came expanded (`retrieve_session` asks for it).
    pub intent_failed: bool,
    /// The attempt it was made for (`payment_id` in its metadata), recorded
    /// before Stripe was asked.
    pub payment_id: Option<PaymentId>,
}

/// Whether a complete, unpaid session's PaymentIntent status says the
/// delayed payment failed (it went back to needing a payment method, or was
/// canceled) rather than still processing.
fn intent_gave_up(status: &str) -> bool {
    matches!(status, "requires_payment_method" | "canceled")
}

/// One reading of a Checkout Session, whether it came from a webhook or
/// from asking Stripe.
impl From<stripe_checkout::CheckoutSession> for SessionFacts {
    fn from(s: stripe_checkout::CheckoutSession) -> SessionFacts {
        let payment_id = s
            .metadata
            .as_ref()
            .and_then(|m| m.get("payment_id"))
            .and_then(|p| p.parse().ok());
        let booking_id = s
            .client_reference_id
            .clone()
            .or_else(|| {
                s.metadata
                    .as_ref()
                    .and_then(|m| m.get("booking_id").cloned())
            })
            .and_then(|b| b.parse().ok());
        let complete = s.status.as_ref().map(|st| st.as_str()) == Some("complete");
        let paid = s.payment_status.as_str() == "paid";
        let intent_status = s
            .payment_intent
            .as_ref()
            .and_then(|p| p.as_object())
            .map(|pi| pi.status.as_str().to_owned());
        SessionFacts {
            intent_failed: complete
                && !paid
                && intent_status.as_deref().is_some_and(intent_gave_up),
            id: s.id.as_str().to_owned(),
            url: s.url,
            state: match s.status.as_ref().map(|st| st.as_str()) {
                Some("complete") => SessionState::Complete,
                Some("expired") => SessionState::Expired,
                _ => SessionState::Open,
            },
            paid: s.payment_status.as_str() == "paid",
            amount_total: s.amount_total,
            currency: s.currency.map(|c| c.to_string()),
            booking_id,
            payment_intent: s.payment_intent.map(|p| p.id().as_str().to_owned()),
            expires_at: s.expires_at,
            payment_id,
        }
    }
}

/// What a new Checkout Session is for.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    /// Our payment row's id: the idempotency key is derived from it.
    pub payment_id: i64,
    /// The booking paid for.
    pub booking_id: i64,
    /// When the course starts, and the venue's IANA zone: the refund rule
    /// is said at the venue's clock.
    pub course_starts_at: chrono::DateTime<chrono::Utc>,
    pub venue_zone: &'a str,
    pub user_id: i64,
    pub course_id: i64,
    /// Shown on the checkout page.
    pub course_title: &'a str,
    /// Prefills the checkout page.
    pub email: &'a str,
    /// What is charged for all the seats, minor units, from the booking row.
    pub amount: i64,
    /// What they cost before a voucher's discount (`amount` without one).
    pub list_amount: i64,
    /// The voucher's code, named on Stripe's page beside the discount.
    pub voucher: Option<&'a str>,
    /// How many seats: one Checkout line of this quantity.
    pub seats: crate::quote::SeatCount,
    /// Lower-case ISO code, from the booking row.
    pub currency: &'a str,
    /// The hold's end.
    pub expires_at: DateTime<Utc>,
    /// The operator has published terms: Checkout links them.
    pub terms: bool,
    /// The member's language: Checkout's page and our words on it.
    pub lang: crate::i18n::Lang,
}

/// Stripe, as Tessera uses it. Cheap to clone (every page render gets one).
#[derive(Clone)]
pub struct StripeGateway {
    client: std::sync::Arc<Client>,
    public_url: std::sync::Arc<str>,
    timeout: std::time::Duration,
    /// The refund policy, said beside Checkout's pay button.
    refunds: Option<crate::service::cancel::RefundPolicy>,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeGateway")
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl StripeGateway {
    /// A client for `secret_key`, at `api_base` (the simulator) or Stripe's own.
    pub fn new(
        secret_key: &str,
        api_base: Option<&str>,
        public_url: &str,
    ) -> Result<StripeGateway, GatewayError> {
        let mut builder = ClientBuilder::new(secret_key);
        if let Some(base) = api_base {
            builder = builder.url(base.trim_end_matches('/'));
        }
        let client = builder
            .build()
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        Ok(StripeGateway {
            client: std::sync::Arc::new(client),
            public_url: public_url.trim_end_matches('/').into(),
            timeout: DEFAULT_TIMEOUT,
            refunds: None,
        })
    }

    /// The same client, waiting at most `timeout` for each answer.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> StripeGateway {
        self.timeout = timeout;
        self
    }

    /// The same client, telling the payer on Checkout until when cancelling
    /// is refunded under `refunds`.
    pub fn with_refund_policy(
        mut self,
        refunds: crate::service::cancel::RefundPolicy,
    ) -> StripeGateway {
        self.refunds = Some(refunds);
        self
    }

    /// The refund rule for Checkout's pay button, at the venue's clock.
    fn refund_rule(&self, req: &CheckoutRequest<'_>) -> Option<String> {
        let cutoff = self.refunds?.cutoff;
        let until = req.course_starts_at - cutoff;
        if until <= chrono::Utc::now() {
            return Some(crate::t!(
                req.lang,
                "refund-none",
                hours = cutoff.num_hours()
            ));
        }
        let venue = crate::venue::VenueZone::stored(req.venue_zone);
        let at = crate::venue::VenueTime {
            at: until,
            zone: crate::venue::ZoneAt::of(venue, until),
        };
        let time = crate::i18n::format::venue_time(req.lang, &at, Default::default());
        Some(crate::t!(req.lang, "refund-until", time = time))
    }

    /// Creates the Checkout Session for one payment attempt. Sending it again
    /// for the same payment row replays Stripe's first answer.
    pub async fn create_session(
        &self,
        req: &CheckoutRequest<'_>,
    ) -> Result<SessionFacts, GatewayError> {
        let currency: stripe_types::Currency =
            req.currency.parse().map_err(|_| GatewayError::Refused {
                status: 400,
                message: "unknown currency".into(),
            })?;
        // The list price is the quote's: unit price × seats exactly; a
        // voucher's discount comes off it as a coupon, as Stripe shows them.
        let quantity = i64::from(req.seats.get());
        if req.list_amount % quantity != 0 || req.list_amount < req.amount {
            return Err(GatewayError::Refused {
                status: 400,
                message: format!(
                    "{} does not divide into {quantity} seats at or above {}",
                    req.list_amount, req.amount
                ),
            });
        }
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency.clone());
        price.unit_amount = Some(req.list_amount / quantity);
        price.product_data = Some(ProductData::new(req.course_title));
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price_data = Some(price);
        item.quantity = Some(u64::from(req.seats.get()));
        let metadata = HashMap::from([
            ("booking_id".to_owned(), req.booking_id.to_string()),
            ("user_id".to_owned(), req.user_id.to_string()),
            ("course_id".to_owned(), req.course_id.to_string()),
            ("payment_id".to_owned(), req.payment_id.to_string()),
        ]);
        // The PaymentIntent carries our ids too, so a decline event can be
        // matched to its payment without asking Stripe.
        let mut intent =
            stripe_checkout::checkout_session::CreateCheckoutSessionPaymentIntentData::new();
        intent.metadata = Some(metadata.clone());
        let key =
            IdempotencyKey::new(format!("tessera-payment-{}", req.payment_id)).map_err(|e| {
                GatewayError::Refused {
                    status: 400,
                    message: e.to_string(),
                }
            })?;
        let mut request = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Payment)
            .locale(match req.lang {
                crate::i18n::Lang::En => CheckoutSessionLocale::En,
                crate::i18n::Lang::De => CheckoutSessionLocale::De,
            })
            .line_items(vec![item])
            .client_reference_id(req.booking_id.to_string())
            .customer_email(req.email)
            .metadata(metadata)
            .payment_intent_data(intent)
            .expires_at(req.expires_at.timestamp())
            .success_url(format!(
                "{}/payment/success?session_id={{CHECKOUT_SESSION_ID}}",
                self.public_url
            ))
            .cancel_url(format!(
                "{}/payment/cancel?booking={}",
                self.public_url, req.booking_id
            ));
        let discount = req.list_amount - req.amount;
        if discount > 0 {
            let coupon = self.coupon(req, discount, currency).await?;
            request = request.discounts(vec![
                stripe_checkout::checkout_session::CreateCheckoutSessionDiscounts {
                    coupon: Some(coupon),
                    promotion_code: None,
                },
            ]);
        }
        // Beside the pay button: the refund rule, and where the terms are.
        let terms = req.terms.then(|| {
            crate::t!(
                req.lang,
                "checkout-terms",
                address = format!("{}/terms", self.public_url)
            )
        });
        let said: Vec<String> = self.refund_rule(req).into_iter().chain(terms).collect();
        if !said.is_empty() {
            let mut text =
                stripe_checkout::checkout_session::CreateCheckoutSessionCustomText::new();
            text.submit = Some(
                stripe_checkout::checkout_session::CustomTextPositionParam::new(said.join(" ")),
            );
            request = request.custom_text(text);
        }
        let request = request
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key));
        let session = observed("create_session", self.timeout, async {
            request.send(&*self.client).await.map_err(classify)
        })
        .await?;
        Ok(SessionFacts::from(session))
    }

    /// A coupon for one payment attempt's discount: a fixed amount off, once
    /// (the quote computed it; Stripe only subtracts). Answers its id.
    async fn coupon(
        &self,
        req: &CheckoutRequest<'_>,
        discount: i64,
        currency: stripe_types::Currency,
    ) -> Result<String, GatewayError> {
        let key =
            IdempotencyKey::new(format!("tessera-coupon-{}", req.payment_id)).map_err(|e| {
                GatewayError::Refused {
                    status: 400,
                    message: e.to_string(),
                }
            })?;
        let mut coupon = CreateCoupon::new()
            .amount_off(discount)
            .currency(currency)
            .duration(stripe_product::CouponDuration::Once)
            .max_redemptions(1)
            .metadata(HashMap::from([(
                "booking_id".to_owned(),
                req.booking_id.to_string(),
            )]));
        if let Some(code) = req.voucher {
            coupon = coupon.name(code);
        }
        let request = coupon
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key));
        let coupon = observed("create_coupon", self.timeout, async {
            request.send(&*self.client).await.map_err(classify)
        })
        .await?;
        Ok(coupon.id.to_string())
    }

    /// The session as Stripe knows it now, with its PaymentIntent expanded
    /// (so a delayed payment that failed after the session completed is told
    /// apart from one still processing).
    pub async fn retrieve_session(&self, id: &str) -> Result<SessionFacts, GatewayError> {
        observed("retrieve_session", self.timeout, async {
            RetrieveCheckoutSession::new(id)
                .expand(vec!["payment_intent".to_owned()])
                .send(&*self.client)
                .await
                .map_err(classify)
        })
        .await
        .map(SessionFacts::from)
    }

    /// Ends an open session so it can no longer be paid. A session that is
    /// already complete or expired is left as it is (Stripe answers 400).
    pub async fn expire_session(&self, id: &str) -> Result<(), GatewayError> {
        // A session already ended is not an error, so it is not counted as one.
        observed("expire_session", self.timeout, async {
            match ExpireCheckoutSession::new(id)
                .send(&*self.client)
                .await
                .map_err(classify)
            {
                Ok(_) | Err(GatewayError::Refused { status: 400, .. }) => Ok(()),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Refunds `amount` (minor units) of a PaymentIntent, once per `key`:
    /// one seat of several. Answers the refund id.
    pub async fn refund_part(
        &self,
        payment_intent: &str,
        amount: i64,
        key: &str,
    ) -> Result<String, GatewayError> {
        let key = IdempotencyKey::new(key).map_err(|e| GatewayError::Refused {
            status: 400,
            message: e.to_string(),
        })?;
        let request = CreateRefund::new()
            .payment_intent(payment_intent)
            .amount(amount)
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key));
        observed("refund", self.timeout, async {
            request.send(&*self.client).await.map_err(classify)
        })
        .await
        .map(|r| r.id.as_str().to_owned())
    }

    /// Refunds what is left of a PaymentIntent, once per `key`. Answers the
    /// refund id.
    pub async fn refund(&self, payment_intent: &str, key: &str) -> Result<String, GatewayError> {
        let key = IdempotencyKey::new(key).map_err(|e| GatewayError::Refused {
            status: 400,
            message: e.to_string(),
        })?;
        let request = CreateRefund::new()
            .payment_intent(payment_intent)
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key));
        observed("refund", self.timeout, async {
            request.send(&*self.client).await.map_err(classify)
        })
        .await
        .map(|r| r.id.as_str().to_owned())
    }
}
