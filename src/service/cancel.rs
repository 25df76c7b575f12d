//! Cancelling a booking. A pending one frees its seat; a confirmed one frees
//! its seat at once and is refunded in full when the policy allows (members:
//! until the cut-off before the start; admins: always). The money is marked
//! refunded when Stripe confirms (`charge.refunded`).

use crate::attendee::AttendeeStatus;
use crate::booking::{BookingEvent, BookingStatus, PaymentStatus, RefundState};
use crate::course::CourseStatus;
use crate::entity::{attendee, booking, course, payment, waitlist_entry};
use crate::ids::{AttendeeId, BookingId, CourseId, PaymentId, UserId};
use crate::money::Money;
use crate::quote::SeatCount;
use crate::service::fulfil::{close_open_payments, no_payment_processing};
use crate::service::notify::{self, Notice, RefundNote};
use crate::service::payments::StripeGateway;
use crate::service::refunds::{self, RefundRequest};
use crate::service::seats;
use crate::service::status::{move_booking, owe_refund};
use crate::waitlist::WaitlistStatus;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};

/// Who is cancelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The booking's owner.
    Member(UserId),
    /// An administrator (refunds regardless of the cut-off).
    Admin,
}

/// When a member's cancellation is still refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefundPolicy {
    /// Full refund until this long before the course starts.
    pub cutoff: Duration,
}

impl Default for RefundPolicy {
    fn default() -> Self {
        RefundPolicy {
            cutoff: Duration::hours(48),
        }
    }
}

impl RefundPolicy {
    /// Whether cancelling at `now` a course starting at `starts_at` is refunded.
    pub fn refundable(&self, actor: Actor, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        actor == Actor::Admin || now < starts_at - self.cutoff
    }

    /// Whether cancelling a booking of date `c` at `now` is refunded: a
    /// date the provider cancelled always is (its people were offered
    /// another date or their money back).
    pub fn refundable_on(&self, actor: Actor, c: &course::Model, now: DateTime<Utc>) -> bool {
        c.status == CourseStatus::Cancelled || self.refundable(actor, c.starts_at, now)
    }
}

/// What cancelling did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cancelled {
    /// A pending booking released; nothing was paid.
    Released,
    /// A confirmed booking cancelled; the refund was requested from Stripe
    /// (`refund_id`), or owed and to be retried when Stripe failed.
    Refunding {
        /// Stripe's refund id, when the request went through.
        refund_id: Option<String>,
    },
    /// Cancelled without a refund (after the cut-off, or a free course).
    NoRefund,
    /// It was already cancelled or expired: nothing changed.
    AlreadyEnded,
}

/// Why a booking could not be cancelled.
#[derive(Debug, thiserror::Error)]
pub enum CancelError {
    /// No such booking (or not the member's).
    #[error("booking {0} not found")]
    NotFound(BookingId),
    /// The course has already started.
    #[error("booking {0}: the course has started")]
    Started(BookingId),
    /// Releasing a hold, but the booking is no longer waiting for payment.
    #[error("booking {0} is not pending")]
    NotPending(BookingId),
    /// A bank debit for the whole booking is under way: its seats stay as
    /// they are until it clears.
    #[error("booking {0} has a payment processing")]
    PaymentProcessing(BookingId),
    #[error("cancelling a booking")]
    Database(#[from] DbErr),
}

/// Cancels `id` as `actor` at `now`.
#[tracing::instrument(name = "cancel_booking", skip_all, fields(booking_id = id.get(), ?actor))]
pub async fn cancel_booking(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    id: BookingId,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Cancelled, CancelError> {
    end_as(db, gateway, policy, id, actor, None, now).await
}

/// Ends `id` as `actor` (when `also`, an extra condition on the booking,
/// holds). What it was when it ended (pending or confirmed, and so whether
/// money goes back) is the status writer's answer, never an earlier read:
/// a payment confirming the booking meanwhile is refunded, not kept.
async fn end_as(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    id: BookingId,
    actor: Actor,
    also: Option<SimpleExpr>,
    now: DateTime<Utc>,
) -> Result<Cancelled, CancelError> {
    // Who owns it and which course it is never change: safe to read first.
    let b = booking::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    if let Actor::Member(user) = actor
        && b.user_id != user.get()
    {
        return Err(CancelError::NotFound(id));
    }
    let c = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    if c.starts_at <= now && actor != Actor::Admin {
        return Err(CancelError::Started(id));
    }
    let txn = db.begin().await?;
    let Some(ended) = end_booking(
        &txn,
        &b,
        BookingEvent::Cancel,
        also,
        policy.refundable_on(actor, &c, now),
        now,
    )
    .await?
    else {
        txn.rollback().await?;
        return Ok(Cancelled::AlreadyEnded);
    };
    let note = match (
        ended.refund.as_ref().or(ended.differences.first()),
        ended.was_paid,
    ) {
        (Some(p), _) => RefundNote::Refunding(Money::from_minor(ended.refund_left, p.currency)),
        (None, true) => RefundNote::NotRefunded {
            cutoff_hours: policy.cutoff.num_hours(),
        },
        (None, false) => RefundNote::NothingPaid,
    };
    // A member letting go of an unpaid hold needs no email about it.
    let self_release = matches!(actor, Actor::Member(_)) && !ended.was_confirmed;
    if !self_release {
        notify::queue(
            &txn,
            Notice::BookingCancelled {
                booking_id: b.id,
                refund: note,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    expire_sessions(gateway, b.id, &ended.sessions).await;
    tracing::info!(
        booking_id = b.id,
        refund = ended.refund.is_some(),
        "booking cancelled"
    );
    if !ended.was_confirmed {
        return Ok(Cancelled::Released);
    }
    for p in &ended.differences {
        refunds::request_refund(db, gateway, p, now).await?;
    }
    match ended.refund {
        Some(p) => Ok(Cancelled::Refunding {
            refund_id: match refunds::request_refund(db, gateway, &p, now).await? {
                RefundRequest::Requested(id) => Some(id),
                _ => None,
            },
        }),
        None if !ended.differences.is_empty() => Ok(Cancelled::Refunding { refund_id: None }),
        None => Ok(Cancelled::NoRefund),
    }
}

/// "Release my seat": the member lets go of a hold they have not paid for.
/// Only a booking still pending is released: one whose payment came first
/// is confirmed and stays so (its person may cancel it like any other).
pub async fn release_hold(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    member: UserId,
    id: BookingId,
    now: DateTime<Utc>,
) -> Result<Cancelled, CancelError> {
    match end_as(
        db,
        gateway,
        policy,
        id,
        Actor::Member(member),
        Some(pending_only()),
        now,
    )
    .await?
    {
        Cancelled::AlreadyEnded => Err(CancelError::NotPending(id)),
        done => Ok(done),
    }
}

/// The extra condition of a release: the booking is still unpaid.
fn pending_only() -> SimpleExpr {
    booking::Column::Status.eq(BookingStatus::PendingPayment)
}

/// What cancelling one seat did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatCancelled {
    /// It was the booking's last seat: the booking itself was cancelled.
    Booking(Cancelled),
    /// One seat of several is free; its share goes back (asked of Stripe,
    /// or owed and retried until Stripe takes it).
    Refunding(Money),
    /// Freed without a refund: after the cut-off, free, or not paid yet (a
    /// pending booking's price follows its seats).
    NoRefund,
    /// It was already cancelled, or its booking had ended.
    AlreadyEnded,
}

/// Cancels seat `attendee_id` of a booking as `actor`. The booking keeps
/// its other seats; the freed one goes back to the course, and its share
/// of what was paid goes back under the same policy as a whole booking
/// (never more than is left to refund on the payment). The last seat of a
/// booking cancels the booking. Answers what happened and the booking.
#[tracing::instrument(name = "cancel_seat", skip_all, fields(attendee_id = attendee_id.get(), ?actor))]
pub async fn cancel_seat(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    policy: RefundPolicy,
    attendee_id: AttendeeId,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<(SeatCancelled, BookingId), CancelError> {
    // Whose seat and which booking and course never change: safe to read first.
    let (seat, b) = attendee::Entity::find_by_id(attendee_id.get())
        .find_also_related(booking::Entity)
        .one(db)
        .await?
        .and_then(|(a, b)| Some((a, b?)))
        .ok_or(CancelError::NotFound(BookingId(0)))?;
    let id = BookingId(b.id);
    if let Actor::Member(user) = actor
        && b.user_id != user.get()
    {
        return Err(CancelError::NotFound(id));
    }
    let c = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    if c.starts_at <= now && actor != Actor::Admin {
        return Err(CancelError::Started(id));
    }
    let txn = db.begin().await?;
    // One seat off the booking while it keeps another, and while no bank
    // debit for the whole booking is under way (it would be paid for seats
    // it no longer has): the booking's lock, and the decision, in one write.
    let took = booking::Entity::update_many()
        .col_expr(
            booking::Column::Seats,
            Expr::col(booking::Column::Seats).sub(1),
        )
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        // Still on the date read above (its seat goes back there).
        .filter(booking::Column::CourseId.eq(b.course_id))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .filter(booking::Column::Seats.gt(1))
        .filter(no_payment_processing())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !took {
        txn.rollback().await?;
        let processing = payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .filter(payment::Column::Status.eq(PaymentStatus::Processing))
            .one(db)
            .await?;
        if processing.is_some() {
            return Err(CancelError::PaymentProcessing(id));
        }
        let last = booking::Entity::find_by_id(b.id)
            .one(db)
            .await?
            .is_some_and(|now_b| now_b.status.is_active() && now_b.seats == 1);
        if !last || seat.status != AttendeeStatus::Active {
            return Ok((SeatCancelled::AlreadyEnded, id));
        }
        return Ok((
            SeatCancelled::Booking(end_as(db, gateway, policy, id, actor, None, now).await?),
            id,
        ));
    }
    let freed = attendee::Entity::update_many()
        .col_expr(
            attendee::Column::Status,
            Expr::value(AttendeeStatus::Cancelled),
        )
        .col_expr(attendee::Column::CancelledAt, Expr::value(now))
        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
        .filter(attendee::Column::Id.eq(attendee_id))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !freed {
        txn.rollback().await?;
        return Ok((SeatCancelled::AlreadyEnded, id));
    }
    seats::give_back(&txn, CourseId(b.course_id), SeatCount::ONE, now).await?;
    // The booking as it is now (its row is this transaction's).
    let now_b = booking::Entity::find_by_id(b.id)
        .one(&txn)
        .await?
        .ok_or(CancelError::NotFound(id))?;
    let mut sessions = Vec::new();
    let mut owed = None;
    match now_b.status {
        BookingStatus::PendingPayment => {
            // Unpaid: the price follows the seats (less the seat's share of
            // it, so a discount stays shared as it was), and attempts made
            // for the old count can no longer be paid.
            let before = i64::from(now_b.seats) + 1;
            let list = now_b.list_amount.map(|l| l - l / before);
            booking::Entity::update_many()
                .col_expr(
                    booking::Column::Amount,
                    Expr::value(now_b.amount - seat.share),
                )
                .col_expr(booking::Column::ListAmount, Expr::value(list))
                .col_expr(booking::Column::UpdatedAt, Expr::value(now))
                .filter(booking::Column::Id.eq(b.id))
                .exec(&txn)
                .await?;
            sessions = close_open_payments(&txn, BookingId(b.id), now).await?;
        }
        _ if policy.refundable_on(actor, &c, now) && seat.share > 0 => {
            let paid = payment::Entity::find()
                .filter(payment::Column::BookingId.eq(b.id))
                .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
                .filter(payment::Column::Refund.is_null())
                .filter(payment::Column::MovesTo.is_null())
                .one(&txn)
                .await?;
            if let Some(p) = paid {
                let amount = seat
                    .share
                    .min(refunds::refundable_left(&txn, PaymentId(p.id)).await?);
                if amount > 0 {
                    attendee::Entity::update_many()
                        .col_expr(attendee::Column::Refund, Expr::value(RefundState::Owed))
                        .col_expr(attendee::Column::RefundAmount, Expr::value(amount))
                        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
                        .filter(attendee::Column::Id.eq(attendee_id))
                        .filter(attendee::Column::Refund.is_null())
                        .exec(&txn)
                        .await?;
                    owed = Some(Money::from_minor(amount, p.currency));
                }
            }
        }
        _ => {}
    }
    let note = match owed {
        Some(amount) => RefundNote::Refunding(amount),
        None if now_b.status == BookingStatus::Confirmed
            && seat.share > 0
            && !policy.refundable_on(actor, &c, now) =>
        {
            RefundNote::NotRefunded {
                cutoff_hours: policy.cutoff.num_hours(),
            }
        }
        None => RefundNote::NothingPaid,
    };
    notify::queue(
        &txn,
        Notice::SeatCancelled {
            attendee_id: attendee_id.get(),
            refund: note,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    expire_sessions(gateway, b.id, &sessions).await;
    tracing::info!(
        booking_id = b.id,
        attendee_id = attendee_id.get(),
        refund = owed.is_some(),
        "seat cancelled"
    );
    match owed {
        Some(amount) => {
            refunds::request_seat_refund(db, gateway, attendee_id, now).await?;
            Ok((SeatCancelled::Refunding(amount), id))
        }
        None => Ok((SeatCancelled::NoRefund, id)),
    }
}

/// What ending one booking inside a transaction did.
struct Ended {
    /// It was confirmed (not merely pending).
    was_confirmed: bool,
    /// It had a successful payment.
    was_paid: bool,
    /// The payment to refund after commit, when the refund is due.
    refund: Option<payment::Model>,
    /// What goes back: what is left of that payment (seats refunded on
    /// their own, or money refunded in Stripe's dashboard, are not again),
    /// and of the differences paid to move it.
    refund_left: i64,
    /// Differences paid to move it to dearer dates, owed back with it.
    differences: Vec<payment::Model>,
    /// Checkout Sessions to end at Stripe after commit.
    sessions: Vec<String>,
}

/// Cancels an active booking inside `txn`: the conditional update decides,
/// once, who cancels and from what; the seat is freed, open attempts
/// closed, and the paid attempt marked `refund: owed` when `refund_due`.
/// `None` when the booking was no longer active.
async fn end_booking(
    txn: &impl ConnectionTrait,
    b: &booking::Model,
    event: BookingEvent,
    also: Option<SimpleExpr>,
    refund_due: bool,
    now: DateTime<Utc>,
) -> Result<Option<Ended>, DbErr> {
    // Its seats go back to the date it was read on: a move to another date
    // meanwhile makes this end nothing (the mover has the row).
    let on_its_date = booking::Column::CourseId.eq(b.course_id);
    let also = Some(match also {
        Some(also) => also.and(on_its_date),
        None => on_its_date,
    });
    let Some(from) = move_booking(txn, BookingId(b.id), event, also, now).await? else {
        return Ok(None);
    };
    seats::give_back(txn, CourseId(b.course_id), b.seat_count(), now).await?;
    let sessions = close_open_payments(txn, BookingId(b.id), now).await?;
    let was_confirmed = from == BookingStatus::Confirmed;
    // The payment that paid for the seat: one already owed back (a second
    // payment for the same seat) is not it. The booking's row is this
    // transaction's now, so no payment of it can succeed meanwhile.
    let paid = if was_confirmed {
        payment::Entity::find()
            .filter(payment::Column::BookingId.eq(b.id))
            .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
            .filter(payment::Column::Refund.is_null())
            .filter(payment::Column::MovesTo.is_null())
            .one(txn)
            .await?
    } else {
        None
    };
    let was_paid = paid.is_some();
    // What is left of it to give back (seats refunded on their own and
    // refunds made in Stripe's dashboard are not given again).
    let left = match &paid {
        Some(p) => refunds::refundable_left(txn, PaymentId(p.id)).await?,
        None => 0,
    };
    let (refund, mut refund_left) = match paid {
        Some(p) if refund_due && left > 0 && owe_refund(txn, PaymentId(p.id), now).await? => {
            (payment::Entity::find_by_id(p.id).one(txn).await?, left)
        }
        _ => (None, 0),
    };
    let differences = if was_confirmed && refund_due {
        crate::service::fulfil::owe_differences(txn, BookingId(b.id), now).await?
    } else {
        Vec::new()
    };
    refund_left += differences.iter().map(|p| p.amount).sum::<i64>();
    Ok(Some(Ended {
        was_confirmed,
        was_paid,
        refund,
        refund_left,
        differences,
        sessions,
    }))
}

/// Ends Checkout Sessions at Stripe after the attempts were closed here;
/// one Stripe cannot end now ends by itself at its `expires_at`.
pub(crate) async fn expire_sessions(gateway: &StripeGateway, booking_id: i64, sessions: &[String]) {
    for sid in sessions {
        if let Err(e) = gateway.expire_session(sid).await {
            tracing::warn!(booking_id, error = %e, "could not expire a checkout session");
        }
    }
}

/// What cancelling a course did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CourseCancellation {
    /// Active bookings cancelled (each person emailed).
    pub bookings_cancelled: usize,
    /// Refunds Stripe accepted.
    pub refunds_requested: usize,
    /// Refunds Stripe could not take now; the reconciler retries them.
    pub refunds_owed: usize,
    /// The course had already been cancelled: nothing changed.
    pub already_cancelled: bool,
    /// Confirmed bookings offered the replacement date instead (each
    /// person emailed; they keep their seats until they answer).
    pub moves_offered: usize,
}

/// What becomes of a cancelled date's confirmed bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancellation {
    /// Each is cancelled and refunded in full now.
    RefundEveryone,
    /// Each person may move to this other date of the course or take the
    /// refund, until the cancelled date's start; no answer by then is a
    /// refund.
    OfferMove(CourseId),
}

/// Why a course could not be cancelled.
#[derive(Debug, thiserror::Error)]
pub enum CancelCourseError {
    /// No such course.
    #[error("course {0} not found")]
    NotFound(CourseId),
    /// It is over; there is nothing left to cancel.
    #[error("course {0} has already ended")]
    Ended(CourseId),
    /// A move is offered only before the start, to another date of the same
    /// course that is open and priced in the same currency.
    #[error("course {0} cannot be offered instead")]
    NoReplacement(CourseId),
    #[error("cancelling a course")]
    Database(#[from] DbErr),
}

/// An admin cancels a course: it leaves the catalog as cancelled, every
/// active booking is cancelled, every paid one refunded in full (once: the
/// refund's idempotency key is its payment's), and each person emailed, all
/// in one transaction with the course's change. When another date is
/// offered instead, confirmed bookings stay (with their seats) and each
/// person is asked to move or take the refund (`refund_unanswered` refunds
/// those who have not answered by the start).
#[tracing::instrument(name = "cancel_course", skip_all, fields(course_id = id.get()))]
pub async fn cancel_course(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    id: CourseId,
    how: Cancellation,
    now: DateTime<Utc>,
) -> Result<CourseCancellation, CancelCourseError> {
    let replacement = match how {
        Cancellation::RefundEveryone => None,
        Cancellation::OfferMove(to) => Some(replacement(db, id, to, now).await?),
    };
    let txn = db.begin().await?;
    // The active bookings' locks before the course's: cancelling one booking
    // takes its booking and then the course, so the two wait for each other
    // instead of deadlocking on PostgreSQL.
    booking::Entity::update_many()
        .col_expr(
            booking::Column::UpdatedAt,
            Expr::col(booking::Column::UpdatedAt).into(),
        )
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .exec(&txn)
        .await?;
    // Then the course: one admin's cancellation wins, a second finds it done.
    let changed = course::Entity::update_many()
        .col_expr(course::Column::Status, Expr::value(CourseStatus::Cancelled))
        .col_expr(course::Column::ReplacedBy, Expr::value(replacement))
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(id.get()))
        .filter(course::Column::Status.ne(CourseStatus::Cancelled))
        .filter(course::Column::EndsAt.gt(now))
        // An offer stands only until the start (checked above, and again
        // here against the row as written).
        .filter(match replacement {
            Some(_) => course::Column::StartsAt.gt(now),
            None => Expr::value(true),
        })
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        txn.rollback().await?;
        let c = course::Entity::find_by_id(id.get())
            .one(db)
            .await?
            .ok_or(CancelCourseError::NotFound(id))?;
        if c.status == CourseStatus::Cancelled {
            return Ok(CourseCancellation {
                already_cancelled: true,
                ..Default::default()
            });
        }
        if c.ends_at > now {
            return Err(CancelCourseError::NoReplacement(
                replacement.map_or(id, CourseId),
            ));
        }
        return Err(CancelCourseError::Ended(id));
    }
    let active = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .all(&txn)
        .await?;
    let mut refunds = Vec::new();
    let mut sessions = Vec::new();
    let mut cancelled = 0;
    let mut offered = 0;
    for b in &active {
        // The rows are this transaction's (touched above): what they say
        // now is what they are.
        if replacement.is_some() && b.status == BookingStatus::Confirmed {
            // A payment under way to move it elsewhere ends (paid after
            // all, it is owed back); the calendar entry comes out one
            // version on, so the move that may follow puts it back.
            sessions.push((b.id, close_open_payments(&txn, BookingId(b.id), now).await?));
            booking::Entity::update_many()
                .col_expr(
                    booking::Column::CalendarSequence,
                    crate::service::moves::next_version(),
                )
                .filter(booking::Column::Id.eq(b.id))
                .exec(&txn)
                .await?;
            notify::queue(
                &txn,
                Notice::MoveOffered {
                    booking_id: b.id,
                    course_id: id.get(),
                },
                now,
            )
            .await?;
            offered += 1;
            continue;
        }
        let Some(ended) = end_with_course(&txn, b, None, now).await? else {
            continue;
        };
        cancelled += 1;
        refunds.extend(ended.refund);
        refunds.extend(ended.differences);
        sessions.push((b.id, ended.sessions));
    }
    // Nobody waits for a course that will not happen (offers ended above
    // with their bookings).
    waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Status,
            Expr::value(WaitlistStatus::Removed),
        )
        .col_expr(waitlist_entry::Column::ClosedAt, Expr::value(now))
        .filter(waitlist_entry::Column::CourseId.eq(id.get()))
        .filter(
            waitlist_entry::Column::Status
                .is_in([WaitlistStatus::Waiting, WaitlistStatus::Offered]),
        )
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        course_id = id.get(),
        bookings = cancelled,
        refunds = refunds.len(),
        "course cancelled"
    );
    for (booking_id, s) in &sessions {
        expire_sessions(gateway, *booking_id, s).await;
    }
    let mut out = CourseCancellation {
        bookings_cancelled: cancelled,
        moves_offered: offered,
        ..Default::default()
    };
    for p in &refunds {
        if matches!(
            refunds::request_refund(db, gateway, p, now).await?,
            RefundRequest::Requested(_)
        ) {
            out.refunds_requested += 1;
        } else {
            out.refunds_owed += 1;
        }
    }
    Ok(out)
}

/// Ends booking `b` (when `also` holds) because its date was cancelled:
/// refunded in full, and its person told, inside `txn`.
async fn end_with_course(
    txn: &impl ConnectionTrait,
    b: &booking::Model,
    also: Option<SimpleExpr>,
    now: DateTime<Utc>,
) -> Result<Option<Ended>, DbErr> {
    let Some(ended) = end_booking(txn, b, BookingEvent::CourseCancelled, also, true, now).await?
    else {
        return Ok(None);
    };
    let refund = match ended.refund.as_ref().or(ended.differences.first()) {
        Some(p) => RefundNote::Refunding(Money::from_minor(ended.refund_left, p.currency)),
        None => RefundNote::NothingPaid,
    };
    notify::queue(
        txn,
        Notice::CourseCancelled {
            booking_id: b.id,
            refund,
        },
        now,
    )
    .await?;
    Ok(Some(ended))
}

/// The date `to` offered to the bookings of date `id` when it is cancelled
/// at `now`: another open date of the same course, in the same currency,
/// and `id` has not started.
async fn replacement(
    db: &DatabaseConnection,
    id: CourseId,
    to: CourseId,
    now: DateTime<Utc>,
) -> Result<i64, CancelCourseError> {
    let c = course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(CancelCourseError::NotFound(id))?;
    let Some(target) = course::Entity::find_by_id(to.get()).one(db).await? else {
        return Err(CancelCourseError::NoReplacement(to));
    };
    let fits = target.id != c.id
        && target.first_run() == c.first_run()
        && target.status == CourseStatus::Published
        && target.starts_at > now
        && target.currency == c.currency
        && c.starts_at > now;
    if fits {
        Ok(target.id)
    } else {
        Err(CancelCourseError::NoReplacement(to))
    }
}

/// Refunds, at `now`, every booking still on a cancelled date that has
/// started: its person was offered another date and did not answer. Each
/// ends through the booking's status writer (a move made meanwhile wins,
/// and this one then changes nothing), is refunded in full and emailed.
/// Answers how many ended.
pub async fn refund_unanswered(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    use sea_orm::{JoinType, QuerySelect, RelationTrait};
    let due = booking::Entity::find()
        .join(JoinType::InnerJoin, booking::Relation::Course.def())
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(course::Column::Status.eq(CourseStatus::Cancelled))
        .filter(course::Column::StartsAt.lte(now))
        .limit(100)
        .all(db)
        .await?;
    let mut ended_count = 0;
    for b in &due {
        let txn = db.begin().await?;
        // With the seats it was read with (a seat cancelled meanwhile
        // leaves it to the next round).
        let same_seats = Some(booking::Column::Seats.eq(b.seats));
        let Some(ended) = end_with_course(&txn, b, same_seats, now).await? else {
            txn.rollback().await?;
            continue;
        };
        txn.commit().await?;
        ended_count += 1;
        tracing::info!(
            booking_id = b.id,
            "an unanswered move offer refunded at the start"
        );
        expire_sessions(gateway, b.id, &ended.sessions).await;
        for p in ended.refund.iter().chain(&ended.differences) {
            refunds::request_refund(db, gateway, p, now).await?;
        }
    }
    Ok(ended_count)
}
