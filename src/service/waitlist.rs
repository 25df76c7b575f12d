//! The waiting list: joining and leaving, and handing freed seats to the
//! longest waiting whose request fits as an offer (a pending booking that
//! holds exactly the seats asked for until the offer's deadline), so
//! `seats_held` keeps counting active bookings.
//!
//! While anyone waits, "Book" takes no seat (`service::booking::hold_seat`).
//! A seat freed anywhere (a cancellation, a hold or an offer running out, a
//! capacity raised) is offered by `offer_free_seats`, called after the
//! change commits and by the sweeper, each course's offers made under its
//! row lock so a seat is offered once. What becomes of an offer follows its
//! booking (`service::status::move_booking`): paid, it is accepted; its hold
//! ended, expired; released, declined.

use crate::booking::{BookingEvent, BookingStatus};
use crate::course::{CourseStatus, NotBookable};
use crate::entity::{booking, course, user, waitlist_entry};
use crate::ids::{BookingId, CourseId, PlaceId, UserId};
use crate::money::Money;
use crate::quote::SeatCount;
use crate::service::booking::quote;
use crate::service::fulfil::close_open_payments;
use crate::service::notify::{self, Notice};
use crate::service::seats::{self, Taker, lock_course};
use crate::service::status::move_booking;
use crate::venue::{VenueZone, ZoneAt};
use crate::voucher::{VoucherCode, VoucherRefusal};
use crate::waitlist::{SeatOffer, WaitingPlace, WaitlistLine, WaitlistPolicy, WaitlistStatus};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Why nobody was added to a waiting list.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// No such course, or a draft.
    #[error("course not found")]
    CourseNotFound,
    /// Cancelled or already started.
    #[error("course not bookable: {0:?}")]
    NotBookable(NotBookable),
    /// Too close to the start: the list makes no more offers.
    #[error("the waiting list has closed")]
    Closed,
    /// The seats asked for are free and nobody waits: book them instead.
    #[error("seats are free")]
    SeatsFree,
    /// More seats than one booking may hold on this course.
    #[error("at most {limit} seats in one booking")]
    OverLimit {
        /// The course's limit.
        limit: u8,
    },
    /// They hold seats on the course that are not paid for yet (an offer
    /// would be a second booking awaiting payment).
    #[error("already booked as {0}")]
    AlreadyBooked(BookingId),
    /// They are already on the list.
    #[error("already waiting")]
    AlreadyWaiting,
    /// The member has not confirmed their email address yet.
    #[error("the email address is not confirmed")]
    EmailNotConfirmed,
    /// The voucher code entered cannot be used on this course.
    #[error("voucher refused: {0}")]
    Voucher(VoucherRefusal),
    #[error("joining a waiting list")]
    Database(#[from] DbErr),
}

/// Why a place could not be given up.
#[derive(Debug, thiserror::Error)]
pub enum LeaveError {
    /// They are not on the course's list.
    #[error("not on the waiting list")]
    NotWaiting,
    #[error("leaving a waiting list")]
    Database(#[from] DbErr),
}

/// What leaving did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// Off the list; nothing was held for them.
    Left,
    /// They declined an offer: its seat goes to the next in line.
    Declined {
        /// The offer's booking, now ended.
        booking: BookingId,
    },
}

/// An offer made: whose, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    /// The place on the list.
    pub entry_id: i64,
    /// The booking holding the seat.
    pub booking: BookingId,
    /// The person offered the seats.
    pub user: UserId,
    pub seats: SeatCount,
    /// Until when it is held.
    pub deadline: DateTime<Utc>,
}

/// How many wait on a course (offers not counted).
async fn waiting_on(db: &impl ConnectionTrait, course_id: i64) -> Result<u64, DbErr> {
    waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.eq(course_id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .count(db)
        .await
}

/// A waiting place's position: 1 for the head of the list.
pub async fn position(
    db: &impl ConnectionTrait,
    entry: &waitlist_entry::Model,
) -> Result<u64, DbErr> {
    let ahead = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.eq(entry.course_id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .filter(
            Condition::any()
                .add(waitlist_entry::Column::JoinedAt.lt(entry.joined_at))
                .add(
                    Condition::all()
                        .add(waitlist_entry::Column::JoinedAt.eq(entry.joined_at))
                        .add(waitlist_entry::Column::Id.lt(entry.id)),
                ),
        )
        .count(db)
        .await?;
    Ok(ahead + 1)
}

/// The person's open place on a course's list, if any.
pub async fn open_place(
    db: &impl ConnectionTrait,
    user: UserId,
    course_id: CourseId,
) -> Result<Option<waitlist_entry::Model>, DbErr> {
    waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(user.get()))
        .filter(waitlist_entry::Column::CourseId.eq(course_id.get()))
        .filter(
            waitlist_entry::Column::Status
                .is_in([WaitlistStatus::Waiting, WaitlistStatus::Offered]),
        )
        .one(db)
        .await
}

/// Whether a pending booking holds a waiting-list offer.
pub async fn is_offer(db: &impl ConnectionTrait, booking_id: BookingId) -> Result<bool, DbErr> {
    Ok(waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::BookingId.eq(booking_id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Offered))
        .one(db)
        .await?
        .is_some())
}

/// "Join the waiting list" for `seats` seats on a full course (or one with
/// fewer left than that). Answers the new position.
pub async fn join(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    seats: SeatCount,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<u64, JoinError> {
    join_with_voucher(db, user, course_id, seats, None, policy, now).await
}

/// As [`join`], keeping a voucher code for the offer (checked now, and
/// again when the offer is made; its use is counted only then).
pub async fn join_with_voucher(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    seats: SeatCount,
    voucher: Option<&VoucherCode>,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<u64, JoinError> {
    let txn = db.begin().await?;
    lock_course(&txn, course_id).await?;
    if !crate::service::email_address::is_confirmed(&txn, user).await? {
        return Err(JoinError::EmailNotConfirmed);
    }
    let course = match course::Entity::find_by_id(course_id.get())
        .one(&txn)
        .await?
    {
        Some(c) if c.status != CourseStatus::Draft => c,
        _ => return Err(JoinError::CourseNotFound),
    };
    if course.status == CourseStatus::Cancelled {
        return Err(JoinError::NotBookable(NotBookable::Cancelled));
    }
    if course.starts_at <= now {
        return Err(JoinError::NotBookable(NotBookable::Started));
    }
    if now >= policy.closes_at(course.starts_at) {
        return Err(JoinError::Closed);
    }
    if seats.as_i32() > course.seats_per_booking {
        return Err(JoinError::OverLimit {
            limit: u8::try_from(course.seats_per_booking).unwrap_or(1),
        });
    }
    // Confirmed bookings do not stand in the way: someone booked may wait
    // for more seats (for a friend). Unpaid ones do: one booking awaiting
    // payment per person and course.
    let unpaid = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user.get()))
        .filter(booking::Column::CourseId.eq(course_id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .one(&txn)
        .await?;
    if let Some(b) = unpaid {
        return Err(JoinError::AlreadyBooked(BookingId(b.id)));
    }
    if open_place(&txn, user, course_id).await?.is_some() {
        return Err(JoinError::AlreadyWaiting);
    }
    let waiting = waiting_on(&txn, course.id).await?;
    if waiting == 0 && course.capacity - course.seats_held >= seats.as_i32() {
        return Err(JoinError::SeatsFree);
    }
    if let Some(code) = voucher {
        match crate::service::vouchers::usable(&txn, code, &course, seats, Some(user), now).await {
            Ok(_) => {}
            Err(crate::service::vouchers::UseError::Refused(why)) => {
                return Err(JoinError::Voucher(why));
            }
            Err(crate::service::vouchers::UseError::Database(e)) => return Err(e.into()),
        }
    }
    waitlist_entry::ActiveModel {
        course_id: Set(course.id),
        user_id: Set(user.get()),
        seats: Set(seats.as_i32()),
        passed_over_at: Set(None),
        passed_over_free: Set(None),
        status: Set(WaitlistStatus::Waiting),
        joined_at: Set(now),
        offered_at: Set(None),
        offer_expires_at: Set(None),
        booking_id: Set(None),
        closed_at: Set(None),
        voucher_code: Set(voucher.map(|c| c.as_str().to_owned())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    metrics::counter!("tessera_waitlist_joins_total").increment(1);
    Ok(waiting + 1)
}

/// "Leave the waiting list", or "No thanks" to an offer: the offered seat
/// is freed and goes to the next in line. Answers, with what was done, the
/// Checkout Sessions of a declined offer, for the caller to end at Stripe
/// once committed (so they can no longer be paid).
pub async fn leave(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<(Left, Vec<String>), LeaveError> {
    let txn = db.begin().await?;
    lock_offered_booking(
        &txn,
        waitlist_entry::Column::UserId
            .eq(user.get())
            .and(waitlist_entry::Column::CourseId.eq(course_id.get())),
    )
    .await?;
    let entry = open_place(&txn, user, course_id)
        .await?
        .ok_or(LeaveError::NotWaiting)?;
    let (left, sessions) = end_place(&txn, entry, WaitlistStatus::Left, now).await?;
    txn.commit().await?;
    if let Left::Declined { .. } = left {
        metrics::counter!("tessera_waitlist_offers_declined_total").increment(1);
        offer_after_commit(db, course_id, policy, now).await;
    }
    Ok((left, sessions))
}

/// An admin takes someone off the list; an open offer of theirs ends and
/// its seat goes to the next in line. Answers the declined offer's
/// Checkout Sessions, as `leave` does.
pub async fn remove(
    db: &DatabaseConnection,
    entry_id: PlaceId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<String>, LeaveError> {
    let txn = db.begin().await?;
    lock_offered_booking(&txn, waitlist_entry::Column::Id.eq(entry_id)).await?;
    let entry = waitlist_entry::Entity::find_by_id(entry_id.get())
        .one(&txn)
        .await?
        .filter(|e| e.status.is_open())
        .ok_or(LeaveError::NotWaiting)?;
    let course_id = CourseId(entry.course_id);
    let (_, sessions) = end_place(&txn, entry, WaitlistStatus::Removed, now).await?;
    // Removed, whatever ending the offer's booking wrote.
    waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Status,
            sea_orm::sea_query::Expr::value(WaitlistStatus::Removed),
        )
        .filter(waitlist_entry::Column::Id.eq(entry_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    offer_after_commit(db, course_id, policy, now).await;
    Ok(sessions)
}

/// Offers seats a committed change freed. A failure is only logged: the
/// change stands, and the sweeper offers the seats on its next round (while
/// people wait, "Book" leaves them alone).
async fn offer_after_commit(
    db: &DatabaseConnection,
    course_id: CourseId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) {
    if let Err(e) = offer_free_seats(db, course_id, policy, now).await {
        tracing::warn!(course_id = course_id.get(), error = %e, "offering freed seats failed; the sweeper retries");
    }
}

/// Takes the lock of an open offer's booking first (a no-op write, found
/// through the place matching `place`), in the order the sweeper ending the
/// same offer takes them (booking, place, course): a "No thanks" racing the
/// deadline waits its turn instead of deadlocking. On SQLite the write
/// takes the database lock up front.
async fn lock_offered_booking(db: &impl ConnectionTrait, place: SimpleExpr) -> Result<(), DbErr> {
    let offered = Query::select()
        .column(waitlist_entry::Column::BookingId)
        .from(waitlist_entry::Entity)
        .and_where(waitlist_entry::Column::Status.eq(WaitlistStatus::Offered))
        .and_where(place)
        .to_owned();
    booking::Entity::update_many()
        .col_expr(
            booking::Column::UpdatedAt,
            Expr::col(booking::Column::UpdatedAt).into(),
        )
        .filter(booking::Column::Id.in_subquery(offered))
        .exec(db)
        .await?;
    Ok(())
}

/// Closes an open place: a waiting one as `waiting_ends_as`; an offer by
/// ending its booking (`move_booking` closes the place as declined) and
/// freeing the seat, answering its Checkout Sessions to end at Stripe.
async fn end_place(
    db: &impl ConnectionTrait,
    mut entry: waitlist_entry::Model,
    waiting_ends_as: WaitlistStatus,
    now: DateTime<Utc>,
) -> Result<(Left, Vec<String>), DbErr> {
    if entry.status == WaitlistStatus::Waiting {
        if close_waiting(db, entry.id, waiting_ends_as, now).await? {
            return Ok((Left::Left, Vec::new()));
        }
        // An offer was made to them meanwhile: they decline it.
        match waitlist_entry::Entity::find_by_id(entry.id).one(db).await? {
            Some(now_offered) if now_offered.status == WaitlistStatus::Offered => {
                entry = now_offered;
            }
            _ => return Ok((Left::Left, Vec::new())),
        }
    }
    let Some(booking_id) = entry.booking_id else {
        return Ok((Left::Left, Vec::new()));
    };
    let mut sessions = Vec::new();
    // Only an unpaid offer is declined: one paid meanwhile is a booking.
    if move_booking(
        db,
        BookingId(booking_id),
        BookingEvent::Cancel,
        Some(booking::Column::Status.eq(BookingStatus::PendingPayment)),
        now,
    )
    .await?
    .is_some()
    {
        if let Some(b) = booking::Entity::find_by_id(booking_id).one(db).await? {
            seats::give_back(db, CourseId(entry.course_id), b.seat_count(), now).await?;
        }
        sessions = close_open_payments(db, BookingId(booking_id), now).await?;
    }
    Ok((
        Left::Declined {
            booking: BookingId(booking_id),
        },
        sessions,
    ))
}

/// Why an offer could not be taken with one button.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// No open offer of theirs holds this booking.
    #[error("no open offer")]
    NoOffer,
    /// The seat has a price: it is taken by paying.
    #[error("the offer must be paid")]
    NeedsPayment,
    #[error("accepting an offer")]
    Database(#[from] DbErr),
}

/// "Take the seat" on a free course's offer: confirmed at once (a paid
/// seat is taken by paying, through the same fulfilment as any booking).
pub async fn accept_free_offer(
    db: &DatabaseConnection,
    user: UserId,
    booking: BookingId,
    now: DateTime<Utc>,
) -> Result<(), AcceptError> {
    let txn = db.begin().await?;
    lock_offered_booking(&txn, waitlist_entry::Column::BookingId.eq(booking.get())).await?;
    let b = booking::Entity::find_by_id(booking.get())
        .one(&txn)
        .await?
        .filter(|b| b.user_id == user.get() && b.status == BookingStatus::PendingPayment)
        .ok_or(AcceptError::NoOffer)?;
    if !is_offer(&txn, BookingId(b.id)).await? {
        return Err(AcceptError::NoOffer);
    }
    if b.amount != 0 {
        return Err(AcceptError::NeedsPayment);
    }
    // Nothing to pay: the seat is theirs as if paid.
    if move_booking(
        &txn,
        BookingId(b.id),
        BookingEvent::PaymentSucceeded,
        None,
        now,
    )
    .await?
    .is_some()
    {
        notify::queue_confirmed(&txn, BookingId(b.id), now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Closes a waiting place as `status`; false if it is no longer waiting.
async fn close_waiting(
    db: &impl ConnectionTrait,
    entry_id: i64,
    status: WaitlistStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let closed = close_where(
        db,
        waitlist_entry::Column::Id.eq(entry_id),
        WaitlistStatus::Waiting,
        status,
        now,
    )
    .await?;
    Ok(closed == 1)
}

/// Moves the places matching `which` that are still `from` to `to`,
/// stamping when they closed; answers how many moved.
async fn close_where(
    db: &impl ConnectionTrait,
    which: sea_orm::sea_query::SimpleExpr,
    from: WaitlistStatus,
    to: WaitlistStatus,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Status,
            sea_orm::sea_query::Expr::value(to),
        )
        .col_expr(
            waitlist_entry::Column::ClosedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(which)
        .filter(waitlist_entry::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// What became of an offer when its booking moved to `to` (called by
/// `move_booking`, in the same transaction): paid or accepted, its hold ran
/// out, or let go.
pub(crate) async fn booking_moved(
    db: &impl ConnectionTrait,
    booking_id: BookingId,
    to: BookingStatus,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (status, counter) = match to {
        BookingStatus::Confirmed => (
            WaitlistStatus::Accepted,
            "tessera_waitlist_offers_accepted_total",
        ),
        BookingStatus::Expired => (
            WaitlistStatus::Expired,
            "tessera_waitlist_offers_expired_total",
        ),
        BookingStatus::Cancelled => (WaitlistStatus::Declined, ""),
        BookingStatus::PendingPayment => return Ok(()),
    };
    let closed = close_where(
        db,
        waitlist_entry::Column::BookingId.eq(booking_id),
        WaitlistStatus::Offered,
        status,
        now,
    )
    .await?;
    if closed > 0 && !counter.is_empty() {
        metrics::counter!(counter).increment(1);
    }
    Ok(())
}

/// Offers a course's free seats down its list: each offer goes to the
/// longest waiting whose request fits in the seats free and holds exactly
/// those seats; a place asking for more keeps its position (and is marked
/// passed over). One transaction under the course's row lock, so of two
/// instances, each seat is offered once. Stops at the cut-off, or when no
/// request fits.
pub async fn offer_free_seats(
    db: &DatabaseConnection,
    course_id: CourseId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, DbErr> {
    // A place that leaves while its offer is being made (leaving takes no
    // course lock) rolls the round back; the next round finds the new one.
    for _ in 0..5 {
        if let Some(offers) = offer_once(db, course_id, policy, now).await? {
            return Ok(offers);
        }
    }
    Err(DbErr::Custom(
        "the head of the waiting list kept changing".to_owned(),
    ))
}

/// One round of `offer_free_seats`; `None` (rolled back) when the place
/// chosen stopped waiting while its offer was being made.
async fn offer_once(
    db: &DatabaseConnection,
    course_id: CourseId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Offer>>, DbErr> {
    let txn = db.begin().await?;
    lock_course(&txn, course_id).await?;
    let mut offers = Vec::new();
    loop {
        let Some(course) = course::Entity::find_by_id(course_id.get())
            .one(&txn)
            .await?
        else {
            break;
        };
        let free = course.capacity - course.seats_held;
        if course.status != CourseStatus::Published || free <= 0 {
            break;
        }
        if now >= policy.closes_at(course.starts_at) {
            break;
        }
        let Some(next) = waitlist_entry::Entity::find()
            .filter(waitlist_entry::Column::CourseId.eq(course.id))
            .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
            .filter(waitlist_entry::Column::Seats.lte(free))
            .order_by_asc(waitlist_entry::Column::JoinedAt)
            .order_by_asc(waitlist_entry::Column::Id)
            .limit(1)
            .one(&txn)
            .await?
        else {
            break;
        };
        // Someone holding unpaid seats on the course some other way (a
        // late payment revived their booking) cannot hold a second booking
        // awaiting payment: they keep theirs and leave the list.
        let unpaid = booking::Entity::find()
            .filter(booking::Column::UserId.eq(next.user_id))
            .filter(booking::Column::CourseId.eq(course.id))
            .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
            .one(&txn)
            .await?;
        if unpaid.is_some() {
            close_waiting(&txn, next.id, WaitlistStatus::Left, now).await?;
            continue;
        }
        let Ok(seats) = SeatCount::new(i64::from(next.seats)) else {
            tracing::error!(
                entry_id = next.id,
                seats = next.seats,
                "waiting place asks for an impossible seat count"
            );
            close_waiting(&txn, next.id, WaitlistStatus::Removed, now).await?;
            continue;
        };
        let Ok(quote) = quote(&course, seats) else {
            break;
        };
        // The code given when joining, if it still takes something off.
        let voucher = match next.voucher_code.as_deref().map(VoucherCode::parse) {
            Some(Ok(code)) => {
                match crate::service::vouchers::usable(
                    &txn,
                    &code,
                    &course,
                    seats,
                    Some(UserId(next.user_id)),
                    now,
                )
                .await
                {
                    Ok(found) => Some(found),
                    Err(crate::service::vouchers::UseError::Database(e)) => return Err(e),
                    Err(crate::service::vouchers::UseError::Refused(why)) => {
                        tracing::info!(entry_id = next.id, %why, "the waiting place's voucher no longer applies");
                        None
                    }
                }
            }
            _ => None,
        };
        let quote = voucher.as_ref().map_or(quote, |(_, q)| *q);
        // The deadline at the person's own clock (their night is spared).
        let zone = user::Entity::find_by_id(next.user_id)
            .one(&txn)
            .await?
            .and_then(|u| u.time_zone.parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::Tz::UTC);
        let Some(deadline) = policy.offer_deadline(now, course.starts_at, &zone) else {
            break;
        };
        if !seats::take(&txn, CourseId(course.id), seats, Taker::Offer, now).await? {
            break;
        }
        let held = booking::ActiveModel {
            user_id: Set(next.user_id),
            course_id: Set(course.id),
            status: Set(BookingStatus::PendingPayment),
            amount: Set(quote.total().minor()),
            list_amount: Set((!quote.discount().is_zero()).then_some(quote.list().minor())),
            currency: Set(course.currency),
            seats: Set(seats.as_i32()),
            hold_expires_at: Set(Some(deadline)),
            confirmed_at: Set(None),
            cancelled_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let held = match &voucher {
            None => held,
            Some((found, _)) => {
                match crate::service::vouchers::redeem(
                    &txn,
                    found,
                    BookingId(held.id),
                    UserId(next.user_id),
                    now,
                )
                .await
                {
                    Ok(()) => held,
                    Err(crate::service::vouchers::UseError::Database(e)) => return Err(e),
                    // Used up a moment ago: the offer is at the full price.
                    Err(crate::service::vouchers::UseError::Refused(_)) => {
                        booking::Entity::update_many()
                            .col_expr(booking::Column::Amount, Expr::value(quote.list().minor()))
                            .col_expr(
                                booking::Column::ListAmount,
                                Expr::value(Option::<i64>::None),
                            )
                            .filter(booking::Column::Id.eq(held.id))
                            .exec(&txn)
                            .await?;
                        booking::Entity::find_by_id(held.id)
                            .one(&txn)
                            .await?
                            .ok_or(DbErr::RecordNotFound("the offer's booking".into()))?
                    }
                }
            }
        };
        crate::service::attendees::seat(&txn, &held, &[], now).await?;
        let claimed = waitlist_entry::Entity::update_many()
            .col_expr(
                waitlist_entry::Column::Status,
                sea_orm::sea_query::Expr::value(WaitlistStatus::Offered),
            )
            .col_expr(
                waitlist_entry::Column::OfferedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .col_expr(
                waitlist_entry::Column::OfferExpiresAt,
                sea_orm::sea_query::Expr::value(deadline),
            )
            .col_expr(
                waitlist_entry::Column::BookingId,
                sea_orm::sea_query::Expr::value(held.id),
            )
            .filter(waitlist_entry::Column::Id.eq(next.id))
            .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            // Dropped uncommitted: the seats and the booking are undone.
            return Ok(None);
        }
        pass_over(&txn, &next, free, now).await?;
        notify::queue(
            &txn,
            Notice::SeatOffered {
                booking_id: held.id,
            },
            now,
        )
        .await?;
        offers.push(Offer {
            entry_id: next.id,
            booking: BookingId(held.id),
            user: UserId(next.user_id),
            seats,
            deadline,
        });
    }
    txn.commit().await?;
    if !offers.is_empty() {
        metrics::counter!("tessera_waitlist_offers_made_total").increment(offers.len() as u64);
        tracing::info!(
            course_id = course_id.get(),
            offers = offers.len(),
            "freed seats offered to the waiting list"
        );
    }
    Ok(Some(offers))
}

/// Marks the places ahead of `offered` still waiting as passed over: their
/// requests did not fit in the `free` seats that went to someone behind them.
async fn pass_over(
    db: &impl ConnectionTrait,
    offered: &waitlist_entry::Model,
    free: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let ahead = Condition::any()
        .add(waitlist_entry::Column::JoinedAt.lt(offered.joined_at))
        .add(
            waitlist_entry::Column::JoinedAt
                .eq(offered.joined_at)
                .and(waitlist_entry::Column::Id.lt(offered.id)),
        );
    waitlist_entry::Entity::update_many()
        .col_expr(waitlist_entry::Column::PassedOverAt, Expr::value(now))
        .col_expr(waitlist_entry::Column::PassedOverFree, Expr::value(free))
        .filter(waitlist_entry::Column::CourseId.eq(offered.course_id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .filter(waitlist_entry::Column::Seats.gt(free))
        .filter(ahead)
        .exec(db)
        .await?;
    Ok(())
}

/// Closes the waiting places of courses past their list's cut-off: no
/// offer can come any more, and a seat freed now is anyone's to book
/// ("Book" is held back only while people wait).
pub async fn close_lists_at_cut_off(
    db: &impl ConnectionTrait,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let closes_for = now + policy.closes_before;
    let closing = Query::select()
        .column(course::Column::Id)
        .from(course::Entity)
        .and_where(course::Column::StartsAt.lte(closes_for))
        .to_owned();
    let closed = waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Status,
            Expr::value(WaitlistStatus::Closed),
        )
        .col_expr(waitlist_entry::Column::ClosedAt, Expr::value(now))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .filter(waitlist_entry::Column::CourseId.in_subquery(closing))
        .exec(db)
        .await?
        .rows_affected;
    if closed > 0 {
        tracing::info!(closed, "waiting lists closed at their cut-off");
    }
    Ok(closed)
}

/// Offers the seat a booking just gave back (cancelled, released) to its
/// course's waiting list.
pub async fn offer_seat_of(
    db: &DatabaseConnection,
    booking: BookingId,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<Offer>, DbErr> {
    match booking::Entity::find_by_id(booking.get()).one(db).await? {
        Some(b) => offer_free_seats(db, CourseId(b.course_id), policy, now).await,
        None => Ok(Vec::new()),
    }
}

/// Offers the free seats of every course with people waiting (the
/// sweeper's safety net: seats freed by a webhook or an expired hold).
pub async fn offer_everywhere(
    db: &DatabaseConnection,
    policy: &WaitlistPolicy,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    close_lists_at_cut_off(db, policy, now).await?;
    let courses: Vec<i64> = course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(sea_orm::sea_query::Expr::cust(
            "seats_held < capacity AND EXISTS (SELECT 1 FROM waitlist_entries w \
             WHERE w.course_id = courses.id AND w.status = 'waiting')",
        ))
        .into_tuple()
        .all(db)
        .await?;
    let mut made = 0;
    for id in courses {
        made += offer_free_seats(db, CourseId(id), policy, now).await?.len();
    }
    Ok(made)
}

/// How many wait on each of `courses` (offers not counted); courses with
/// nobody waiting are absent.
pub async fn waiting_counts(
    db: &impl ConnectionTrait,
    courses: &[i64],
) -> Result<HashMap<i64, u64>, DbErr> {
    if courses.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = waitlist_entry::Entity::find()
        .select_only()
        .column(waitlist_entry::Column::CourseId)
        .column_as(waitlist_entry::Column::Id.count(), "waiting")
        .filter(waitlist_entry::Column::CourseId.is_in(courses.iter().copied()))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
        .group_by(waitlist_entry::Column::CourseId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(course, n)| (course, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// A member's open places (waiting or offered), offers first, then by start.
pub async fn places_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<WaitingPlace>, DbErr> {
    let rows = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::UserId.eq(user.get()))
        .filter(
            waitlist_entry::Column::Status
                .is_in([WaitlistStatus::Waiting, WaitlistStatus::Offered]),
        )
        .find_also_related(course::Entity)
        .all(db)
        .await?;
    let mut places = Vec::with_capacity(rows.len());
    for (entry, course) in rows {
        let Some(course) = course else { continue };
        places.push(place(db, &entry, &course).await?);
    }
    places.sort_by_key(|p| (p.offer.is_none(), p.starts_at));
    Ok(places)
}

/// A member's open place on one course's list, if any.
pub async fn place_on(
    db: &impl ConnectionTrait,
    user: UserId,
    course_id: CourseId,
) -> Result<Option<WaitingPlace>, DbErr> {
    let Some(entry) = open_place(db, user, course_id).await? else {
        return Ok(None);
    };
    let Some(course) = course::Entity::find_by_id(course_id.get()).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(place(db, &entry, &course).await?))
}

async fn place(
    db: &impl ConnectionTrait,
    entry: &waitlist_entry::Model,
    course: &course::Model,
) -> Result<WaitingPlace, DbErr> {
    let offer = match (entry.status, entry.booking_id, entry.offer_expires_at) {
        (WaitlistStatus::Offered, Some(booking_id), Some(deadline)) => {
            let amount = booking::Entity::find_by_id(booking_id)
                .one(db)
                .await?
                .map_or(course.price, |b| b.amount);
            Some(SeatOffer {
                booking_id: BookingId(booking_id),
                deadline,
                amount: Money::from_minor(amount, course.currency),
            })
        }
        _ => None,
    };
    let position = match offer {
        Some(_) => None,
        None => Some(position(db, entry).await?),
    };
    Ok(WaitingPlace {
        course_id: CourseId(course.id),
        course_title: course.title.clone(),
        starts_at: course.starts_at,
        starts_zone: ZoneAt::of(VenueZone::stored(&course.time_zone), course.starts_at),
        seats: u8::try_from(entry.seats).unwrap_or(1),
        position,
        offer,
    })
}

/// A course's list for its roster: those waiting in order (with their
/// positions), then everyone else, latest first.
pub async fn roster_lines(
    db: &impl ConnectionTrait,
    course_id: CourseId,
) -> Result<Vec<WaitlistLine>, DbErr> {
    let rows = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.eq(course_id.get()))
        .order_by_asc(waitlist_entry::Column::JoinedAt)
        .order_by_asc(waitlist_entry::Column::Id)
        .find_also_related(crate::entity::user::Entity)
        .all(db)
        .await?;
    let mut waiting = 0;
    let mut lines: Vec<WaitlistLine> = rows
        .into_iter()
        .filter_map(|(e, u)| {
            let u = u?;
            let position = (e.status == WaitlistStatus::Waiting).then(|| {
                waiting += 1;
                waiting
            });
            Some(WaitlistLine {
                entry_id: e.id,
                name: u.display_name,
                email: u.email,
                status: e.status,
                seats: u8::try_from(e.seats).unwrap_or(1),
                passed_over: e.passed_over_at.zip(e.passed_over_free),
                position,
                joined_at: e.joined_at,
                offer_expires_at: e.offer_expires_at,
                closed_at: e.closed_at,
            })
        })
        .collect();
    // Offers, then the queue, then the history (latest first).
    lines.sort_by_key(|l| match l.status {
        WaitlistStatus::Offered => (0, 0, 0),
        WaitlistStatus::Waiting => (1, l.position.unwrap_or(0), 0),
        _ => (
            2,
            0,
            -l.closed_at.map(|t| t.timestamp()).unwrap_or_default(),
        ),
    });
    Ok(lines)
}
