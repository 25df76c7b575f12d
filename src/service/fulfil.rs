//! Applying what Stripe reports: a paid session confirms its booking, an
//! expired one frees the seat, a decline is recorded, a refund is noted.
//! Every function runs inside the caller's transaction and is idempotent:
//! applying the same fact twice changes nothing the second time, and no
//! fact moves a booking or payment backwards.

use crate::booking::{BookingEvent, BookingStatus, PaymentStatus};
use crate::entity::{booking, payment};
use crate::ids::{BookingId, CourseId, PaymentId};
use crate::service::notify::{self, Notice};
use crate::service::payments::{SessionFacts, SessionState, StripeGateway};
use crate::service::refunds;
use crate::service::seats::{self, Taker};
use crate::service::status::{FailureNote, PaymentFacts, move_booking, move_payment, owe_refund};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, TransactionTrait,
};

/// What fulfilling a session did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fulfilment {
    /// The booking is now confirmed.
    Confirmed(i64),
    /// It already was (a repeat).
    AlreadyConfirmed(i64),
    /// The difference of a move to a dearer date was paid: the booking
    /// moved.
    Moved(i64),
    /// Not paid (yet), and nothing to record.
    NotPaid,
    /// The session is complete and its delayed payment (SEPA Direct Debit)
    /// is processing: the booking keeps its seat until the bank answers.
    Processing(i64),
    /// The delayed payment failed after the session completed.
    PaymentFailed,
    /// This payment was recorded before (a repeated event or a revisited
    /// success page) and its booking is not confirmed: it was decided then
    /// (a refund owed then is the reconciler's), so nothing is done now.
    AlreadyRecorded(i64),
    /// Paid, but the booking had no seat at that moment (the hold had ended
    /// and the course was full, the booking was cancelled, or it was already
    /// paid): the payment is marked `refund: owed` in this transaction, to be
    /// asked of Stripe after commit and retried until Stripe takes it.
    RefundOwed {
        /// The payment row.
        payment_id: i64,
    },
    /// Amount, currency or booking do not match our payment row.
    Mismatch,
    /// Not a session of ours.
    Unknown,
}

impl Fulfilment {
    /// The outcome recorded with the Stripe event.
    pub fn outcome(&self) -> &'static str {
        match self {
            Fulfilment::Confirmed(_) => "confirmed",
            Fulfilment::AlreadyConfirmed(_) => "already_confirmed",
            Fulfilment::Moved(_) => "moved",
            Fulfilment::NotPaid => "not_paid",
            Fulfilment::Processing(_) => "processing",
            Fulfilment::PaymentFailed => "payment_failed",
            Fulfilment::AlreadyRecorded(_) => "already_recorded",
            Fulfilment::RefundOwed { .. } => "refund_owed",
            Fulfilment::Mismatch => METADATA_MISMATCH,
            Fulfilment::Unknown => "unknown_session",
        }
    }
}

/// Commits the transaction a checkout was fulfilled in, then asks Stripe at
/// once for a refund the fulfilment made owed (money that found no seat).
/// Every path that completes a checkout (the webhook, the success page, the
/// reconciler) ends here. If Stripe cannot be asked now the refund stays
/// owed and the reconciler asks again, so that is logged, not returned.
pub async fn commit_completion(
    txn: DatabaseTransaction,
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    outcome: Fulfilment,
    now: DateTime<Utc>,
) -> Result<Fulfilment, DbErr> {
    txn.commit().await?;
    if let Fulfilment::RefundOwed { payment_id } = outcome
        && let Err(e) = refunds::settle(db, gateway, PaymentId(payment_id), now).await
    {
        tracing::error!(payment_id, error = %e, "owed refund not asked yet; the reconciler will");
    }
    Ok(outcome)
}

/// What applying one of Stripe's facts about an unpaid or refunded payment
/// did; recorded with the event (`as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Nothing to change (a stale or repeated fact).
    Ignored,
    /// Not a session of ours.
    UnknownSession,
    /// Not a payment of ours.
    UnknownPayment,
    /// The attempt failed; the booking stays pending.
    PaymentFailed,
    /// A delayed payment failed after the hold had ended: the booking expired.
    PaymentFailedHoldEnded,
    /// The attempt expired; another is still open for the booking.
    PaymentExpired,
    /// The hold ended: the booking expired and its seat was freed.
    BookingExpired,
    /// Already marked refunded.
    AlreadyRefunded,
    /// The payment is refunded (and its booking cancelled if it paid for it).
    Refunded,
}

impl Settled {
    /// The outcome recorded with the Stripe event.
    pub fn as_str(self) -> &'static str {
        match self {
            Settled::Ignored => "ignored",
            Settled::UnknownSession => "unknown_session",
            Settled::UnknownPayment => "unknown_payment",
            Settled::PaymentFailed => "payment_failed",
            Settled::PaymentFailedHoldEnded => "payment_failed_hold_ended",
            Settled::PaymentExpired => "payment_expired",
            Settled::BookingExpired => "booking_expired",
            Settled::AlreadyRefunded => "already_refunded",
            Settled::Refunded => "refunded",
        }
    }
}

/// The failure code recorded on a payment whose direct debit the bank
/// refused (`PaymentStatus::DebitFailed`, which decides what may follow).
pub const DELAYED_FAILURE: &str = "async_payment_failed";

/// The failure code recorded on a payment whose session does not match it.
const METADATA_MISMATCH: &str = "payment_metadata_mismatch";

/// Stripe's delayed-notification payment method types: their payments
/// succeed or fail days after the Checkout Session completed.
pub const DELAYED_METHODS: &[&str] = &[
    "sepa_debit",
    "us_bank_account",
    "bacs_debit",
    "au_becs_debit",
    "acss_debit",
    "boleto",
    "konbini",
    "oxxo",
    "multibanco",
    "customer_balance",
];

/// The condition (on `bookings`) that no payment of the booking is
/// processing. Holds with a processing payment are never ended for time:
/// a SEPA Direct Debit can take days to succeed or fail.
pub fn no_payment_processing() -> SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(payment::Entity)
            .and_where(
                Expr::col((payment::Entity, payment::Column::BookingId))
                    .equals((booking::Entity, booking::Column::Id)),
            )
            .and_where(
                Expr::col((payment::Entity, payment::Column::Status)).eq(PaymentStatus::Processing),
            )
            .to_owned(),
    )
    .not()
}

/// Stripe ids longer than our columns are not Stripe's: not stored.
fn fits(id: &str) -> Option<String> {
    (!id.is_empty() && id.chars().count() <= 255).then(|| id.to_owned())
}

/// Takes the locks of a payment's booking and then of the payment before
/// reading either: concurrent work on the same payment (the webhook and the
/// success page, or two events) then runs one after the other and each sees
/// what the other did. The booking comes first because cancelling and
/// ending a hold take it first too (then the course, then the payments), so
/// on PostgreSQL they wait for each other instead of deadlocking. On SQLite
/// the first write takes the database lock up front, so the transaction
/// waits its turn instead of failing on a read-to-write upgrade.
pub(crate) async fn lock_payment(
    db: &impl ConnectionTrait,
    which: SimpleExpr,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    booking::Entity::update_many()
        .col_expr(
            booking::Column::UpdatedAt,
            Expr::col(booking::Column::UpdatedAt).into(),
        )
        .filter(
            booking::Column::Id.in_subquery(
                Query::select()
                    .column(payment::Column::BookingId)
                    .from(payment::Entity)
                    .and_where(which.clone())
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    payment::Entity::update_many()
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(which)
        .exec(db)
        .await?;
    Ok(())
}

/// The payment of a Checkout Session, locked (see `lock_payment`). A
/// session Tessera never heard back about (Stripe's answer was lost or came
/// too late) still names the attempt it was made for, recorded before
/// Stripe was asked (`payment_id` in its metadata): it is recorded on that
/// attempt now, so no session of ours is ever unknown.
async fn locked_by_session(
    db: &impl ConnectionTrait,
    session_id: &str,
    payment_id: Option<PaymentId>,
    now: DateTime<Utc>,
) -> Result<Option<payment::Model>, DbErr> {
    lock_payment(
        db,
        payment::Column::StripeCheckoutSessionId.eq(session_id),
        now,
    )
    .await?;
    let found = payment::Entity::find()
        .filter(payment::Column::StripeCheckoutSessionId.eq(session_id))
        .one(db)
        .await?;
    if found.is_some() {
        return Ok(found);
    }
    let (Some(id), Some(sid)) = (payment_id, fits(session_id)) else {
        return Ok(None);
    };
    lock_payment(db, payment::Column::Id.eq(id), now).await?;
    payment::Entity::update_many()
        .col_expr(payment::Column::StripeCheckoutSessionId, Expr::value(sid))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(id))
        .filter(payment::Column::StripeCheckoutSessionId.is_null())
        .exec(db)
        .await?;
    payment::Entity::find()
        .filter(payment::Column::Id.eq(id))
        .filter(payment::Column::StripeCheckoutSessionId.eq(session_id))
        .one(db)
        .await
}

/// Confirms the booking a paid session belongs to.
#[tracing::instrument(name = "fulfil_checkout", skip_all, fields(session_id = %facts.id, booking_id = ?facts.booking_id))]
pub async fn fulfil_checkout(
    db: &impl ConnectionTrait,
    facts: &SessionFacts,
    now: DateTime<Utc>,
) -> Result<Fulfilment, DbErr> {
    let Some(pay) = locked_by_session(db, &facts.id, facts.payment_id, now).await? else {
        return Ok(Fulfilment::Unknown);
    };
    let matches = facts.amount_total == Some(pay.amount)
        && facts.currency.as_deref() == Some(pay.currency.stripe_code())
        && facts.booking_id == Some(pay.booking_id);
    if !matches {
        tracing::error!(payment_id = pay.id, session_id = %facts.id, "payment_metadata_mismatch: session does not match our payment row");
        payment::Entity::update_many()
            .col_expr(payment::Column::FailureCode, Expr::value(METADATA_MISMATCH))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(pay.id))
            .exec(db)
            .await?;
        return Ok(Fulfilment::Mismatch);
    }
    if !facts.paid {
        // Complete but unpaid: a delayed-notification payment, processing
        // or (when the PaymentIntent says so) already failed.
        return match facts.state {
            SessionState::Complete if facts.intent_failed => {
                let pi = facts.payment_intent.clone().unwrap_or_default();
                fail_delayed(db, pay, &pi, None, now).await?;
                Ok(Fulfilment::PaymentFailed)
            }
            SessionState::Complete => mark_processing(db, pay, facts, now).await,
            SessionState::Open | SessionState::Expired => Ok(Fulfilment::NotPaid),
        };
    }
    let (pay_id, booking_id) = (pay.id, pay.booking_id);
    let payment_intent = facts
        .payment_intent
        .clone()
        .or_else(|| pay.stripe_payment_intent_id.clone())
        .unwrap_or_default();
    let recorded = move_payment(
        db,
        PaymentId(pay_id),
        &[
            PaymentStatus::Open,
            PaymentStatus::Processing,
            PaymentStatus::Failed,
            PaymentStatus::Expired,
            PaymentStatus::DebitFailed,
        ],
        PaymentStatus::Succeeded,
        PaymentFacts {
            payment_intent: Some(&payment_intent),
            failure: FailureNote::Clear,
        },
        now,
    )
    .await?;
    if recorded.is_none() {
        // Recorded before: what was owed was decided then. Deciding again
        // would refund a payment whose booking was cancelled after it was
        // paid, which the cancellation policy may have refused.
        let confirmed = booking::Entity::find_by_id(booking_id)
            .one(db)
            .await?
            .is_some_and(|b| b.status == BookingStatus::Confirmed);
        return Ok(if confirmed {
            Fulfilment::AlreadyConfirmed(booking_id)
        } else {
            Fulfilment::AlreadyRecorded(booking_id)
        });
    }
    // The money arrived for a booking without a seat: owed back, recorded
    // with the payment itself.
    let refund_owed = async || {
        owe_refund(db, PaymentId(pay_id), now).await?;
        Ok::<_, DbErr>(Fulfilment::RefundOwed { payment_id: pay_id })
    };
    if let Some(to) = pay.moves_to {
        // The difference of a move: the booking moves now, or the money
        // found no move to pay for and goes back.
        return match crate::service::moves::complete_paid_move(db, &pay, CourseId(to), now).await? {
            Some(_) => {
                crate::service::invoices::issue_for_payment(db, PaymentId(pay_id), now).await?;
                Ok(Fulfilment::Moved(booking_id))
            }
            None => {
                tracing::warn!(
                    booking_id,
                    payment_id = pay_id,
                    "a move's difference paid, the move no longer possible: refund owed"
                );
                refund_owed().await
            }
        };
    }
    if move_booking(
        db,
        BookingId(booking_id),
        BookingEvent::PaymentSucceeded,
        None,
        now,
    )
    .await?
    .is_some()
    {
        // Before the email, which carries it.
        crate::service::invoices::issue_for_payment(db, PaymentId(pay_id), now).await?;
        notify::queue_confirmed(db, BookingId(booking_id), now).await?;
        tracing::info!(booking_id, payment_id = pay_id, "booking confirmed");
        return Ok(Fulfilment::Confirmed(booking_id));
    }
    // Not pending: paid twice for one seat, or after the hold ended or the
    // booking was cancelled. A late payment keeps its money only if its
    // booking expired, its person holds no other seat here, and a seat is
    // still free to take.
    let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await? else {
        return Ok(Fulfilment::Unknown);
    };
    let other_active = booking::Entity::find()
        .filter(booking::Column::UserId.eq(b.user_id))
        .filter(booking::Column::CourseId.eq(b.course_id))
        .filter(booking::Column::Id.ne(b.id))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .one(db)
        .await?;
    if other_active.is_none()
        && seats::take(
            db,
            CourseId(b.course_id),
            b.seat_count(),
            Taker::LatePayment,
            now,
        )
        .await?
    {
        if move_booking(
            db,
            BookingId(booking_id),
            BookingEvent::LatePayment,
            None,
            now,
        )
        .await?
        .is_some()
        {
            crate::service::invoices::issue_for_payment(db, PaymentId(pay_id), now).await?;
            notify::queue_confirmed(db, BookingId(booking_id), now).await?;
            tracing::info!(booking_id, "late payment confirmed: a seat was still free");
            return Ok(Fulfilment::Confirmed(booking_id));
        }
        seats::give_back(db, CourseId(b.course_id), b.seat_count(), now).await?;
    }
    tracing::warn!(
        booking_id,
        payment_id = pay_id,
        "paid without a seat: refund owed"
    );
    refund_owed().await
}

/// A complete session whose delayed payment is still on its way: the
/// payment is marked processing (from open, or from a card decline earlier
/// on the same session) while its booking is pending.
async fn mark_processing(
    db: &impl ConnectionTrait,
    pay: payment::Model,
    facts: &SessionFacts,
    now: DateTime<Utc>,
) -> Result<Fulfilment, DbErr> {
    let booking_id = pay.booking_id;
    let pending = booking::Entity::find_by_id(booking_id)
        .one(db)
        .await?
        .is_some_and(|b| b.status == BookingStatus::PendingPayment);
    if !pending {
        return Ok(Fulfilment::NotPaid);
    }
    let moved = move_payment(
        db,
        PaymentId(pay.id),
        &[PaymentStatus::Open, PaymentStatus::Failed],
        PaymentStatus::Processing,
        PaymentFacts {
            payment_intent: facts.payment_intent.as_deref(),
            failure: FailureNote::Clear,
        },
        // A delayed payment that failed (`debit_failed`) never processes
        // again: a stale `completed` arriving after the failure changes
        // nothing.
        now,
    )
    .await?;
    match moved {
        Some(_) => {
            tracing::info!(
                booking_id,
                payment_id = pay.id,
                "delayed payment processing: the seat stays held"
            );
            Ok(Fulfilment::Processing(booking_id))
        }
        None if pay.status == PaymentStatus::Processing => Ok(Fulfilment::Processing(booking_id)),
        None => Ok(Fulfilment::NotPaid),
    }
}

/// A delayed payment (SEPA Direct Debit) failed after its session completed,
/// as `checkout.session.async_payment_failed` (or the PaymentIntent, or
/// Stripe when asked) reports. The payment is marked failed with the
/// reason; its booking stays pending so the person can retry while the hold
/// runs, or expires (seat freed) when the hold has ended meanwhile. The
/// person is emailed. The caller has locked the payment row.
pub async fn fail_delayed(
    db: &impl ConnectionTrait,
    pay: payment::Model,
    payment_intent: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    let (payment_id, booking_id) = (pay.id, pay.booking_id);
    let message = reason
        .filter(|r| !r.trim().is_empty())
        .unwrap_or("Your bank did not complete the direct debit.");
    let failed = move_payment(
        db,
        PaymentId(payment_id),
        &[
            PaymentStatus::Open,
            PaymentStatus::Processing,
            PaymentStatus::Failed,
        ],
        PaymentStatus::DebitFailed,
        PaymentFacts {
            payment_intent: Some(payment_intent),
            failure: FailureNote::Record(DELAYED_FAILURE, message),
        },
        now,
    )
    .await?;
    if failed.is_none() {
        return Ok(Settled::Ignored);
    }
    let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await? else {
        return Ok(Settled::PaymentFailed);
    };
    // A booking already cancelled or expired was told so at the time.
    if b.status != BookingStatus::PendingPayment {
        return Ok(Settled::PaymentFailed);
    }
    let mut outcome = Settled::PaymentFailed;
    if b.hold_expires_at.is_none_or(|end| end <= now)
        && end_pending_hold(db, BookingId(booking_id), now, false).await? == Settled::BookingExpired
    {
        // Other attempts still open (none, normally: no new session is made
        // while a payment processes) end with the booking; their sessions
        // end at Stripe at their own expiry.
        let others = payment::Entity::find()
            .filter(payment::Column::BookingId.eq(booking_id))
            .filter(payment::Column::Id.ne(payment_id))
            .filter(payment::Column::Status.eq(PaymentStatus::Open))
            .all(db)
            .await?;
        for other in others {
            expire_payment(db, other.id, now).await?;
        }
        outcome = Settled::PaymentFailedHoldEnded;
    }
    notify::queue(db, Notice::DelayedPaymentFailed { payment_id }, now).await?;
    tracing::info!(
        booking_id,
        payment_id,
        outcome = outcome.as_str(),
        "delayed payment failed"
    );
    Ok(outcome)
}

/// `checkout.session.async_payment_failed`: the delayed payment of this
/// session failed (see `fail_delayed`).
pub async fn fail_delayed_session(
    db: &impl ConnectionTrait,
    facts: &SessionFacts,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    let Some(pay) = locked_by_session(db, &facts.id, facts.payment_id, now).await? else {
        return Ok(Settled::UnknownSession);
    };
    let pi = facts.payment_intent.clone().unwrap_or_default();
    fail_delayed(db, pay, &pi, None, now).await
}

/// A session ended unpaid: its payment is expired, and the booking too
/// (seat freed) unless another attempt for it is still open.
pub async fn expire_checkout(
    db: &impl ConnectionTrait,
    session_id: &str,
    payment_id: Option<PaymentId>,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    let Some(pay) = locked_by_session(db, session_id, payment_id, now).await? else {
        return Ok(Settled::UnknownSession);
    };
    let booking_id = pay.booking_id;
    expire_payment(db, pay.id, now).await?;
    let still_open = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Open))
        .one(db)
        .await?;
    if still_open.is_some() {
        return Ok(Settled::PaymentExpired);
    }
    // Only a hold that has run out ends with its session: a session Tessera
    // ended early (a seat of the booking cancelled, an attempt replaced)
    // leaves the hold to its end, when the person may still pay.
    end_pending_hold_if(
        db,
        BookingId(booking_id),
        Some(booking::Column::HoldExpiresAt.lte(now)),
        now,
        true,
    )
    .await
}

/// Ends a pending booking's hold and frees its seat, and tells the person;
/// anything else (and a booking whose payment is processing) is left alone.
pub async fn expire_booking(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    end_pending_hold(db, booking_id, now, true).await
}

async fn end_pending_hold(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    now: DateTime<Utc>,
    tell: bool,
) -> Result<Settled, DbErr> {
    end_pending_hold_if(db, booking_id, None, now, tell).await
}

/// `end_pending_hold` when `also` (on `bookings`) holds too.
async fn end_pending_hold_if(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    also: Option<SimpleExpr>,
    now: DateTime<Utc>,
    tell: bool,
) -> Result<Settled, DbErr> {
    let condition = match also {
        Some(also) => no_payment_processing().and(also),
        None => no_payment_processing(),
    };
    let ended = move_booking(
        db,
        booking_id,
        BookingEvent::HoldExpired,
        Some(condition),
        now,
    )
    .await?;
    if ended.is_none() {
        return Ok(Settled::Ignored);
    }
    if let Some(b) = booking::Entity::find_by_id(booking_id.get())
        .one(db)
        .await?
    {
        seats::give_back(db, CourseId(b.course_id), b.seat_count(), now).await?;
    }
    if tell {
        notify::queue(
            db,
            Notice::HoldExpired {
                booking_id: booking_id.get(),
            },
            now,
        )
        .await?;
    }
    tracing::info!(
        booking_id = booking_id.get(),
        "hold ended: booking expired, seat freed"
    );
    Ok(Settled::BookingExpired)
}

/// Marks a booking's still-payable attempts (open, or declined: Stripe keeps
/// a session open after a decline) as expired, and answers the Checkout
/// Session ids of those it expired, so the caller can end them at Stripe
/// after committing. An attempt paid meanwhile is left as it is.
pub async fn close_open_payments(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    let open = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .filter(payment::Column::Status.is_in([PaymentStatus::Open, PaymentStatus::Failed]))
        .all(db)
        .await?;
    let mut sessions = Vec::with_capacity(open.len());
    for p in open {
        if expire_payment(db, p.id, now).await? {
            sessions.extend(p.stripe_checkout_session_id);
        }
    }
    Ok(sessions)
}

/// Marks one attempt expired (it can no longer be paid) if it still could
/// be paid; answers whether it did.
async fn expire_payment(
    db: &impl ConnectionTrait,
    payment_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let from = move_payment(
        db,
        PaymentId(payment_id),
        &[PaymentStatus::Open, PaymentStatus::Failed],
        PaymentStatus::Expired,
        PaymentFacts::default(),
        now,
    )
    .await?;
    Ok(from.is_some())
}

/// Ends a pending booking whose hold ran out, in its own transaction: the
/// booking expires, its seat is freed and its attempts closed. Answers the
/// sessions to end at Stripe, or `None` when the booking was not pending.
pub async fn end_hold(
    db: &DatabaseConnection,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>, DbErr> {
    let txn = db.begin().await?;
    if expire_booking(&txn, booking_id, now).await? != Settled::BookingExpired {
        txn.rollback().await?;
        return Ok(None);
    }
    let sessions = close_open_payments(&txn, booking_id, now).await?;
    txn.commit().await?;
    Ok(Some(sessions))
}

/// A payment attempt was declined: recorded on the payment; the booking
/// stays pending so the person can retry. A failure of a delayed payment
/// (`delayed`: the PaymentIntent says a delayed-notification method failed,
/// or the payment was processing) is `fail_delayed`'s.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    payment_id: Option<PaymentId>,
    payment_intent: &str,
    code: &str,
    message: &str,
    delayed: bool,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    match payment_id {
        Some(id) => lock_payment(db, payment::Column::Id.eq(id), now).await?,
        None => {
            lock_payment(
                db,
                payment::Column::StripePaymentIntentId.eq(payment_intent),
                now,
            )
            .await?
        }
    }
    let by_id = match payment_id {
        Some(id) => payment::Entity::find_by_id(id.get()).one(db).await?,
        None => None,
    };
    let pay = match by_id {
        Some(p) => Some(p),
        None => {
            payment::Entity::find()
                .filter(payment::Column::StripePaymentIntentId.eq(payment_intent))
                .one(db)
                .await?
        }
    };
    let Some(pay) = pay else {
        return Ok(Settled::UnknownPayment);
    };
    if delayed || pay.status == PaymentStatus::Processing {
        return fail_delayed(db, pay, payment_intent, Some(message), now).await;
    }
    let failed_id = pay.id;
    let failed = move_payment(
        db,
        PaymentId(failed_id),
        &[PaymentStatus::Open],
        PaymentStatus::Failed,
        PaymentFacts {
            payment_intent: Some(payment_intent),
            failure: FailureNote::Record(code, message),
        },
        now,
    )
    .await?;
    if failed.is_none() {
        return Ok(Settled::Ignored);
    }
    // A declined difference of a move holds no seat to tell about: the
    // booking stays where it was, and Stripe's page says to try again.
    if pay.moves_to.is_none() {
        notify::queue(
            db,
            Notice::PaymentFailed {
                payment_id: failed_id,
            },
            now,
        )
        .await?;
    }
    Ok(Settled::PaymentFailed)
}

/// Money went back (from Tessera or Stripe's dashboard): the payment is
/// refunded; a confirmed booking is cancelled and its seat freed.
pub async fn record_refund(
    db: &impl ConnectionTrait,
    payment_intent: &str,
    now: DateTime<Utc>,
) -> Result<Settled, DbErr> {
    lock_payment(
        db,
        payment::Column::StripePaymentIntentId.eq(payment_intent),
        now,
    )
    .await?;
    let Some(pay) = payment::Entity::find()
        .filter(payment::Column::StripePaymentIntentId.eq(payment_intent))
        .one(db)
        .await?
    else {
        return Ok(Settled::UnknownPayment);
    };
    let (booking_id, refunded_id) = (pay.booking_id, pay.id);
    let from = move_payment(
        db,
        PaymentId(refunded_id),
        &[PaymentStatus::Succeeded],
        PaymentStatus::Refunded,
        PaymentFacts::default(),
        now,
    )
    .await?;
    if from.is_none() {
        return Ok(if pay.status == PaymentStatus::Refunded {
            Settled::AlreadyRefunded
        } else {
            Settled::Ignored
        });
    }
    // Only the payment that confirmed the booking cancels it (another one
    // still kept, not one owed back, means this was a duplicate); the
    // difference of a move never does.
    let other_paid = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(booking_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.is_null())
        .filter(payment::Column::MovesTo.is_null())
        .one(db)
        .await?;
    if pay.moves_to.is_none()
        && other_paid.is_none()
        && move_booking(db, BookingId(booking_id), BookingEvent::Refunded, None, now)
            .await?
            .is_some()
        && let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await?
    {
        seats::give_back(db, CourseId(b.course_id), b.seat_count(), now).await?;
        // What it paid to move goes back with it (the reconciler asks).
        owe_differences(db, BookingId(booking_id), now).await?;
    }
    notify::queue(
        db,
        Notice::RefundIssued {
            payment_id: refunded_id,
        },
        now,
    )
    .await?;
    Ok(Settled::Refunded)
}

/// Marks the kept differences of booking `id`'s moves owed back (its seat
/// is gone); answers them, to be asked of Stripe after commit.
pub async fn owe_differences(
    db: &impl ConnectionTrait,
    id: BookingId,
    now: DateTime<Utc>,
) -> Result<Vec<payment::Model>, DbErr> {
    let kept = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(id.get()))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.is_null())
        .filter(payment::Column::MovesTo.is_not_null())
        .all(db)
        .await?;
    let mut owed = Vec::with_capacity(kept.len());
    for p in kept {
        if owe_refund(db, PaymentId(p.id), now).await? {
            owed.extend(payment::Entity::find_by_id(p.id).one(db).await?);
        }
    }
    Ok(owed)
}
