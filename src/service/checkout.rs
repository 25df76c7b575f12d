//! From "Book" to a Checkout URL: hold the seat, record the payment attempt,
//! ask Stripe for a session. A free course confirms without Stripe.

use crate::attendee::Party;
use crate::booking::{BookingStatus, PaymentStatus};
use crate::entity::{booking, course, payment};
use crate::ids::{BookingId, CourseId, PaymentId, UserId};
use crate::service::booking::{HOLD, Hold, HoldError, expire_due_holds, hold_party, renew_hold};
use crate::service::fulfil::close_open_payments;
use crate::service::payments::{CheckoutRequest, GatewayError, StripeGateway};
use crate::service::status::{FailureNote, PaymentFacts, move_payment};
use crate::voucher::VoucherCode;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};

/// Where to send the browser next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Pay on Stripe's page.
    Pay {
        /// The booking being paid for.
        booking: BookingId,
        /// The Checkout Session's URL.
        url: String,
    },
    /// Nothing to pay (a free course): the booking is confirmed.
    Confirmed(BookingId),
    /// A delayed payment for this booking (SEPA Direct Debit) is still
    /// processing: no new Checkout Session, which could charge twice.
    Processing(BookingId),
}

/// Why checkout could not start.
#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    /// No seat (full, not bookable, already booked…).
    #[error(transparent)]
    Hold(#[from] HoldError),
    /// No such pending booking of this person's.
    #[error("no pending booking {0}")]
    NotPending(BookingId),
    /// Stripe could not be reached: the hold was ended (nothing booked);
    /// booking again works once Stripe answers.
    #[error("payment provider unavailable for booking {booking}: {reason}")]
    ProviderUnavailable {
        /// The booking whose seat stays held.
        booking: BookingId,
        /// What went wrong.
        reason: String,
    },
    /// Stripe refused our request (a bug on our side).
    #[error("Stripe refused the checkout: {0}")]
    Refused(String),
    #[error("starting checkout")]
    Database(#[from] DbErr),
}

/// What "Book" asks for: seats on a course for a party, and the voucher
/// code typed beside it.
#[derive(Debug, Clone, Copy)]
pub struct BookingRequest<'a> {
    pub course: CourseId,
    pub party: &'a Party,
    pub voucher: Option<&'a VoucherCode>,
}

/// "Book": holds a seat and returns where to go next.
#[tracing::instrument(name = "book", skip_all, fields(user_id = user.get(), course_id = request.course.get()))]
pub async fn book(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    user: UserId,
    email: &str,
    request: BookingRequest<'_>,
    now: DateTime<Utc>,
) -> Result<NextStep, CheckoutError> {
    let BookingRequest {
        course,
        party,
        voucher,
    } = request;
    let hold = match hold_party(db, user, course, party, voucher, now).await {
        // Too few seats? Holds that ran out may not have been swept yet:
        // end them and try once more.
        Err(HoldError::CapacityFull | HoldError::NotEnoughSeats { .. })
            if expire_due_holds(db, course, now).await? > 0 =>
        {
            hold_party(db, user, course, party, voucher, now).await?
        }
        other => other?,
    };
    match hold {
        Hold::ConfirmedFree(b) => Ok(NextStep::Confirmed(BookingId(b.id))),
        Hold::New(b) | Hold::Resumed(b) => pay_for(db, gateway, &b, email, now).await,
    }
}

/// "Retry payment" on a pending booking of `user`'s.
#[tracing::instrument(name = "retry_payment", skip_all, fields(user_id = user.get(), booking_id = booking.get()))]
pub async fn retry(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    user: UserId,
    email: &str,
    booking: BookingId,
    now: DateTime<Utc>,
) -> Result<NextStep, CheckoutError> {
    // Who owns it, when it was made and its price never change.
    let b = booking::Entity::find_by_id(booking.get())
        .one(db)
        .await?
        .filter(|b| b.user_id == user.get())
        .ok_or(CheckoutError::NotPending(booking))?;
    if processing(db, b.id).await? {
        return Ok(NextStep::Processing(booking));
    }
    if b.amount == 0 {
        // A free seat held for someone (a waiting-list offer on a free
        // course) has nothing to pay: taking it confirms it.
        use crate::service::waitlist::{AcceptError, accept_free_offer};
        return match accept_free_offer(db, user, booking, now).await {
            Ok(()) => Ok(NextStep::Confirmed(booking)),
            Err(AcceptError::Database(e)) => Err(e.into()),
            Err(AcceptError::NoOffer | AcceptError::NeedsPayment) => {
                Err(CheckoutError::NotPending(booking))
            }
        };
    }
    if !renew_hold(db, &b, now).await? {
        return Err(CheckoutError::NotPending(booking));
    }
    let Some(b) = booking::Entity::find_by_id(booking.get()).one(db).await? else {
        return Err(CheckoutError::NotPending(booking));
    };
    pay_for(db, gateway, &b, email, now).await
}

/// Records the Checkout Session Stripe made for attempt `payment`;
/// answers where the person pays.
pub(crate) async fn record_session(
    db: &DatabaseConnection,
    payment: PaymentId,
    session: &crate::service::payments::SessionFacts,
) -> Result<String, DbErr> {
    payment::Entity::update_many()
        .col_expr(
            payment::Column::StripeCheckoutSessionId,
            Expr::value(session.id.clone()),
        )
        .col_expr(
            payment::Column::CheckoutUrl,
            Expr::value(session.url.clone()),
        )
        .col_expr(payment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(payment::Column::Id.eq(payment))
        .exec(db)
        .await?;
    Ok(session.url.clone().unwrap_or_default())
}

/// Whether a delayed payment of the booking (SEPA Direct Debit) is still
/// processing: then no new Checkout Session is made, which could charge twice.
async fn processing(db: &DatabaseConnection, booking_id: i64) -> Result<bool, DbErr> {
    Ok(payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Processing))
        .one(db)
        .await?
        .is_some())
}

/// A Checkout Session for a pending booking: the open one if it still has
/// time left, else a new one (older open sessions are expired at Stripe so
/// they can no longer be paid).
pub async fn pay_for(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    b: &booking::Model,
    email: &str,
    now: DateTime<Utc>,
) -> Result<NextStep, CheckoutError> {
    let id = BookingId(b.id);
    if processing(db, b.id).await? {
        return Ok(NextStep::Processing(id));
    }
    // Attempts whose session may still be payable: open ones, and declined
    // ones (Stripe keeps a session open after a decline).
    let open = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .filter(payment::Column::Status.is_in([PaymentStatus::Open, PaymentStatus::Failed]))
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?;
    if let Some(current) = open.first().filter(|p| p.status == PaymentStatus::Open)
        && let (Some(url), Some(expires)) = (&current.checkout_url, current.expires_at)
        && expires > now + Duration::minutes(5)
    {
        return Ok(NextStep::Pay {
            booking: id,
            url: url.clone(),
        });
    }
    let course = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(CheckoutError::NotPending(id))?;
    // Stripe takes 30 minutes to 24 hours.
    let expires_at = b
        .hold_expires_at
        .unwrap_or(now + HOLD)
        .max(now + HOLD - Duration::seconds(30))
        .min(now + Duration::hours(24));
    // The attempt is recorded before Stripe is asked (its id is the
    // session's idempotency key and metadata), and only while the booking
    // is still pending: its lock is taken first. Older attempts close in
    // the same transaction, so when their sessions end at Stripe (below)
    // the expiry finds this one open and leaves the booking's hold alone.
    let txn = db.begin().await?;
    let pending = booking::Entity::update_many()
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !pending {
        txn.rollback().await?;
        return Err(CheckoutError::NotPending(id));
    }
    // Its seats and price as they are now that its row is locked (a seat
    // cancelled a moment ago changed both).
    let Some(b) = booking::Entity::find_by_id(b.id).one(&txn).await? else {
        txn.rollback().await?;
        return Err(CheckoutError::NotPending(id));
    };
    let b = &b;
    let older = close_open_payments(&txn, BookingId(b.id), now).await?;
    let row = payment::ActiveModel {
        booking_id: Set(b.id),
        stripe_checkout_session_id: Set(None),
        stripe_payment_intent_id: Set(None),
        checkout_url: Set(None),
        amount: Set(b.amount),
        currency: Set(b.currency),
        status: Set(PaymentStatus::Open),
        failure_code: Set(None),
        failure_message: Set(None),
        expires_at: Set(Some(expires_at)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    crate::service::cancel::expire_sessions(gateway, b.id, &older).await;
    let code = crate::service::vouchers::code_of(db, BookingId(b.id)).await?;
    let terms = crate::service::legal::has_terms(db).await?;
    let lang = crate::service::accounts::language_of(db, crate::UserId(b.user_id)).await?;
    // Stripe's page names the course as the member reads it.
    let title = crate::service::texts::titles_in(db, lang, [course.id])
        .await?
        .remove(&course.id)
        .unwrap_or_else(|| course.title.clone());
    let request = CheckoutRequest {
        payment_id: row.id,
        booking_id: b.id,
        user_id: b.user_id,
        course_id: b.course_id,
        course_title: &title,
        course_starts_at: course.starts_at,
        venue_zone: &course.time_zone,
        email,
        amount: b.amount,
        list_amount: b.list_amount.unwrap_or(b.amount),
        voucher: code.as_deref(),
        seats: b.seat_count(),
        currency: b.currency.stripe_code(),
        expires_at,
        terms,
        lang,
    };
    let result = gateway.create_session(&request).await;
    match result {
        Ok(session) => {
            let url = record_session(db, PaymentId(row.id), &session).await?;
            // Confirmed (or ended) while Stripe was asked: nobody has this
            // session's page yet, so it ends unpaid instead of being handed out.
            let still_pending = booking::Entity::find_by_id(b.id)
                .one(db)
                .await?
                .is_some_and(|now_b| now_b.status == BookingStatus::PendingPayment);
            if !still_pending {
                let sessions =
                    crate::service::fulfil::close_open_payments(db, BookingId(b.id), now).await?;
                crate::service::cancel::expire_sessions(gateway, b.id, &sessions).await;
                return Err(CheckoutError::NotPending(id));
            }
            tracing::info!(booking_id = b.id, session_id = %session.id, "checkout session created");
            Ok(NextStep::Pay { booking: id, url })
        }
        Err(e) => {
            let (code, reason) = match &e {
                GatewayError::Unavailable(r) => ("provider_unavailable", r.clone()),
                GatewayError::Refused { message, .. } => ("provider_refused", message.clone()),
            };
            move_payment(
                db,
                PaymentId(row.id),
                &[PaymentStatus::Open],
                PaymentStatus::Failed,
                PaymentFacts {
                    payment_intent: None,
                    failure: FailureNote::Record(code, "The payment page could not be opened."),
                },
                now,
            )
            .await?;
            // No way to pay, so no seat kept from anyone: the hold ends at
            // once (pressing "Book" again takes a seat if one is free). A
            // waiting-list offer keeps its seat to its deadline instead.
            if !crate::service::waitlist::is_offer(db, BookingId(b.id)).await? {
                crate::service::fulfil::end_hold(db, BookingId(b.id), now).await?;
            }
            match e {
                GatewayError::Unavailable(_) => {
                    tracing::warn!(booking_id = b.id, error = %e, "checkout session not created; the seat is released");
                    Err(CheckoutError::ProviderUnavailable {
                        booking: id,
                        reason,
                    })
                }
                GatewayError::Refused { .. } => {
                    tracing::error!(booking_id = b.id, error = %e, "Stripe refused the checkout; the seat is released");
                    Err(CheckoutError::Refused(reason))
                }
            }
        }
    }
}
