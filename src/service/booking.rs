//! Holding a seat: the one place that creates bookings. Capacity is guarded
//! by a conditional update inside the transaction that inserts the booking,
//! so `seats_held = count(active bookings) ≤ capacity` holds under any load.

use crate::attendee::{Attendee, Party};
use crate::booking::BookingStatus;
use crate::course::{CourseStatus, NotBookable};
use crate::entity::{booking, course};
use crate::ids::{BookingId, CourseId, UserId};
use crate::money::{Money, Price};
use crate::quote::{Quote, SeatCount};
use crate::service::seats::{self, Taker};
use crate::service::vouchers::{self, UseError};
use crate::voucher::{VoucherCode, VoucherRefusal};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

/// How long a seat is held while its person pays. The Checkout Session ends
/// at the same instant; Stripe wants at least 30 minutes from when it
/// receives the request, so the hold is 31 minutes to leave room for the
/// round trip.
pub const HOLD: Duration = Duration::minutes(31);

/// The longest a seat stays held for one booking, however often its person
/// presses "Book" or "Retry payment" again: twice the hold, counted from
/// when the seat was first taken (the booking's creation).
pub const MAX_HOLD_LIFE: Duration = Duration::minutes(62);

/// Where a renewed hold ends: a full hold from `now`, but never past the
/// booking's whole allowance.
pub fn renewed_hold_end(first_taken: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (now + HOLD).min(first_taken + MAX_HOLD_LIFE)
}

/// Renews a pending booking's hold for another payment attempt, if it is
/// still pending (the write decides: a payment that confirmed it meanwhile
/// wins). Within the booking's whole allowance and never shortened; a
/// waiting-list offer's hold is never moved: it ends at the offer's
/// deadline, however late its person pays.
pub async fn renew_hold(
    db: &impl ConnectionTrait,
    b: &booking::Model,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let offer = crate::service::waitlist::is_offer(db, BookingId(b.id)).await?;
    let end = renewed_hold_end(b.created_at, now);
    let mut update = booking::Entity::update_many()
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment));
    if !offer {
        // Never shortened: the later of the hold as it is and `end`.
        update = update.col_expr(
            booking::Column::HoldExpiresAt,
            Expr::case(
                booking::Column::HoldExpiresAt.gt(end),
                Expr::col(booking::Column::HoldExpiresAt),
            )
            .finally(end)
            .into(),
        );
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}
/// What holding a seat produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hold {
    /// A new pending booking; the seat is held until `hold_expires_at`.
    New(booking::Model),
    /// The person already had a pending booking on this course: it is
    /// resumed (and its hold renewed) instead of making another.
    Resumed(booking::Model),
    /// A free course: confirmed at once, no payment.
    ConfirmedFree(booking::Model),
}

impl Hold {
    /// The booking, whichever way it came.
    pub fn booking(&self) -> &booking::Model {
        match self {
            Hold::New(b) | Hold::Resumed(b) | Hold::ConfirmedFree(b) => b,
        }
    }
}

/// Why no seat was held.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    /// No such course, or a draft.
    #[error("course not found")]
    CourseNotFound,
    /// Cancelled or already started.
    #[error("course not bookable: {0:?}")]
    NotBookable(NotBookable),
    /// Every seat is held.
    #[error("course is full")]
    CapacityFull,
    /// Fewer seats are left than were asked for.
    #[error("only {left} seats left")]
    NotEnoughSeats {
        /// How many are left.
        left: i32,
    },
    /// More seats than one booking may hold on this course.
    #[error("at most {limit} seats in one booking")]
    OverLimit {
        /// The course's limit.
        limit: u8,
    },
    /// People are waiting for seats: any freed seat is theirs first.
    #[error("people are waiting for seats")]
    WaitingList,
    /// The member has not confirmed their email address yet.
    #[error("the email address is not confirmed")]
    EmailNotConfirmed,
    /// The voucher entered takes nothing off (unknown, used up…).
    #[error("voucher refused: {0}")]
    Voucher(#[from] VoucherRefusal),
    /// The person has a booking on the course awaiting payment for a
    /// different number of seats (one unpaid booking per person and course;
    /// the same request again resumes it).
    #[error("already booked as {0}")]
    AlreadyBooked(BookingId),
    #[error("holding a seat")]
    Database(#[from] DbErr),
}

impl From<UseError> for HoldError {
    fn from(e: UseError) -> HoldError {
        match e {
            UseError::Refused(why) => HoldError::Voucher(why),
            UseError::Database(e) => HoldError::Database(e),
        }
    }
}

/// What `seats` seats on `course` cost: the one price quote that booking,
/// Checkout, waiting-list offers and the amount check at fulfilment use.
pub fn quote(course: &course::Model, seats: SeatCount) -> Result<Quote, NotBookable> {
    Price::new(Money::from_minor(course.price, course.currency))
        .ok_or(NotBookable::Unpayable)
        .and_then(|unit| Quote::new(unit, seats).map_err(|_| NotBookable::Unpayable))
}

/// Holds `seats` seats on `course` for `user` at `now`: all of them or none,
/// the member in the first and guests in the others.
pub async fn hold_seat(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    seats: SeatCount,
    now: DateTime<Utc>,
) -> Result<Hold, HoldError> {
    hold_party(db, user, course_id, &Party::of(seats), None, now).await
}

/// Holds a party's seats for the people it names (a seat left unnamed: the
/// member if it is the first, a guest otherwise), at the price `voucher`
/// leaves if one was entered (its use counted in the same transaction).
pub async fn hold_party(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    party: &Party,
    voucher: Option<&VoucherCode>,
    now: DateTime<Utc>,
) -> Result<Hold, HoldError> {
    let (seats, named) = (party.seats, party.named.as_slice());
    // A pending booking found to resume may end just then; the next round
    // sees it ended and holds new seats.
    for _ in 0..3 {
        if let Some(hold) = hold_once(db, user, course_id, seats, named, voucher, now).await? {
            return Ok(hold);
        }
    }
    Err(HoldError::Database(DbErr::Custom(
        "the booking to resume kept changing".to_owned(),
    )))
}

/// One round of `hold_seat`; `None` when a booking to resume ended meanwhile.
///
/// The transaction starts with a write on the course row, so on
/// SQLite it takes the write lock at once (and waits its turn under the busy
/// timeout) instead of failing on a read-to-write upgrade; on PostgreSQL
/// what is read next (the waiting list, the person's bookings, the seats
/// left) stays as read until commit.
async fn hold_once(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    seats: SeatCount,
    named: &[Option<Attendee>],
    voucher: Option<&VoucherCode>,
    now: DateTime<Utc>,
) -> Result<Option<Hold>, HoldError> {
    let txn = db.begin().await?;
    seats::lock_course(&txn, course_id).await?;
    if !crate::service::email_address::is_confirmed(&txn, user).await? {
        txn.rollback().await?;
        return Err(HoldError::EmailNotConfirmed);
    }
    // Paid bookings do not stand in the way (a member may book again, for
    // a friend); an unpaid one does: "Book" pressed twice resumes it.
    let unpaid = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user.get()))
        .filter(booking::Column::CourseId.eq(course_id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .one(&txn)
        .await?;
    if let Some(b) = unpaid {
        txn.rollback().await?;
        if b.seats != seats.as_i32() {
            return Err(HoldError::AlreadyBooked(BookingId(b.id)));
        }
        if renew_hold(db, &b, now).await? {
            let resumed = booking::Entity::find_by_id(b.id).one(db).await?;
            if let Some(r) = resumed.filter(|r| r.status == BookingStatus::PendingPayment) {
                return Ok(Some(Hold::Resumed(r)));
            }
        }
        // Paid or ended meanwhile: a new round holds new seats.
        return Ok(None);
    }

    let course = course::Entity::find_by_id(course_id.get())
        .one(&txn)
        .await?;
    let course = match course {
        Some(c) if c.status != CourseStatus::Draft => c,
        _ => {
            txn.rollback().await?;
            return Err(HoldError::CourseNotFound);
        }
    };
    let refusal = match course.status {
        CourseStatus::Cancelled => Some(HoldError::NotBookable(NotBookable::Cancelled)),
        _ if course.starts_at <= now => Some(HoldError::NotBookable(NotBookable::Started)),
        _ if seats.as_i32() > course.seats_per_booking => Some(HoldError::OverLimit {
            limit: u8::try_from(course.seats_per_booking).unwrap_or(1),
        }),
        _ => None,
    };
    if let Some(refusal) = refusal {
        txn.rollback().await?;
        return Err(refusal);
    }
    let quote = match quote(&course, seats) {
        Ok(q) => q,
        Err(why) => {
            txn.rollback().await?;
            return Err(HoldError::NotBookable(why));
        }
    };
    let (quote, voucher) = match voucher {
        None => (quote, None),
        Some(code) => match vouchers::usable(&txn, code, &course, seats, Some(user), now).await {
            Ok((found, discounted)) => (discounted, Some(found)),
            Err(e) => {
                txn.rollback().await?;
                return Err(e.into());
            }
        },
    };
    if !seats::take(&txn, CourseId(course.id), seats, Taker::Booking, now).await? {
        // Seats freed while people wait are theirs (offered in turn).
        let queue = crate::entity::waitlist_entry::Entity::find()
            .filter(crate::entity::waitlist_entry::Column::CourseId.eq(course_id.get()))
            .filter(
                crate::entity::waitlist_entry::Column::Status
                    .eq(crate::waitlist::WaitlistStatus::Waiting),
            )
            .one(&txn)
            .await?;
        txn.rollback().await?;
        let left = (course.capacity - course.seats_held).max(0);
        return Err(if queue.is_some() {
            HoldError::WaitingList
        } else if left == 0 {
            HoldError::CapacityFull
        } else {
            HoldError::NotEnoughSeats { left }
        });
    }
    let free = quote.is_free();
    let inserted = booking::ActiveModel {
        user_id: Set(user.get()),
        course_id: Set(course_id.get()),
        status: Set(if free {
            BookingStatus::Confirmed
        } else {
            BookingStatus::PendingPayment
        }),
        amount: Set(quote.total().minor()),
        list_amount: Set((!quote.discount().is_zero()).then_some(quote.list().minor())),
        currency: Set(course.currency),
        seats: Set(seats.as_i32()),
        hold_expires_at: Set((!free).then_some(now + HOLD)),
        confirmed_at: Set(free.then_some(now)),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(found) = &voucher
        && let Err(e) = vouchers::redeem(&txn, found, BookingId(inserted.id), user, now).await
    {
        txn.rollback().await?;
        return Err(e.into());
    }
    crate::service::attendees::seat(&txn, &inserted, named, now).await?;
    if free {
        crate::service::notify::queue_confirmed(&txn, BookingId(inserted.id), now).await?;
    }
    txn.commit().await?;
    metrics::counter!("tessera_bookings_created_total").increment(1);
    Ok(Some(if free {
        Hold::ConfirmedFree(inserted)
    } else {
        Hold::New(inserted)
    }))
}

/// Ends the holds on `course_id` that ran out before `now` (the sweeper's
/// work, done on demand when a course looks full). Their Checkout Sessions
/// ended at the same instant at Stripe. A hold whose payment is processing
/// (SEPA Direct Debit) stays. Returns how many seats were freed.
pub async fn expire_due_holds(
    db: &DatabaseConnection,
    course_id: CourseId,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let due = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(course_id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::PendingPayment))
        .filter(booking::Column::HoldExpiresAt.lt(now))
        .filter(crate::service::fulfil::no_payment_processing())
        .all(db)
        .await?;
    let mut freed = 0;
    for b in due {
        if crate::service::fulfil::end_hold(db, BookingId(b.id), now)
            .await?
            .is_some()
        {
            freed += 1;
        }
    }
    Ok(freed)
}
