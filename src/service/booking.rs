//! Holding a seat: the one place that creates bookings. Capacity is guarded
//! by a conditional update inside the transaction that inserts the booking,
//! so `seats_held = count(active bookings) ≤ capacity` holds under any load.

use crate::booking::BookingStatus;
use crate::course::{CourseStatus, NotBookable};
use crate::entity::{booking, course};
use crate::ids::{BookingId, CourseId, UserId};
use crate::service::sql;
use chrono::{DateTime, Duration, Utc};
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
    /// People are waiting for seats: any freed seat is theirs first.
    #[error("people are waiting for seats")]
    WaitingList,
    /// The person already has a confirmed seat.
    #[error("already booked as {0}")]
    AlreadyBooked(BookingId),
    /// The database failed.
    #[error("holding a seat")]
    Database(#[from] DbErr),
}

/// Holds a seat on `course` for `user` at `now`.
///
/// The transaction starts with a write on the course row, so on
/// SQLite it takes the write lock at once (and waits its turn under the busy
/// timeout) instead of failing on a read-to-write upgrade.
pub async fn hold_seat(
    db: &DatabaseConnection,
    user: UserId,
    course_id: CourseId,
    now: DateTime<Utc>,
) -> Result<Hold, HoldError> {
    let txn = db.begin().await?;
    // The course row's lock first (a no-op write), so the conditional update
    // below reads the waiting list as it is once it holds the lock (on
    // PostgreSQL a statement that waited for a row keeps its older view of
    // other tables).
    txn.execute(sql(
        &txn,
        "UPDATE courses SET seats_held = seats_held WHERE id = ?",
        vec![course_id.get().into()],
    ))
    .await?;
    let held = txn
        .execute(sql(
            &txn,
            "UPDATE courses SET seats_held = seats_held + 1, updated_at = ? \
             WHERE id = ? AND status = 'published' AND starts_at > ? AND seats_held < capacity \
             AND NOT EXISTS (SELECT 1 FROM waitlist_entries w \
                             WHERE w.course_id = courses.id AND w.status = 'waiting')",
            vec![now.into(), course_id.get().into(), now.into()],
        ))
        .await?
        .rows_affected()
        == 1;

    let existing = booking::Entity::find()
        .filter(booking::Column::UserId.eq(user.get()))
        .filter(booking::Column::CourseId.eq(course_id.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .one(&txn)
        .await?;
    if let Some(b) = existing {
        // Their seat is already counted: give back the one just taken.
        txn.rollback().await?;
        return match b.status {
            BookingStatus::Confirmed => Err(HoldError::AlreadyBooked(BookingId(b.id))),
            _ => {
                // Never shortened (a waiting-list offer runs to its deadline).
                let end = renewed_hold_end(b.created_at, now).max(b.hold_expires_at.unwrap_or(now));
                let mut active: booking::ActiveModel = b.into();
                active.hold_expires_at = Set(Some(end));
                active.updated_at = Set(now);
                Ok(Hold::Resumed(active.update(db).await?))
            }
        };
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
    if !held {
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
        return Err(match course.status {
            CourseStatus::Cancelled => HoldError::NotBookable(NotBookable::Cancelled),
            _ if course.starts_at <= now => HoldError::NotBookable(NotBookable::Started),
            _ if queue.is_some() => HoldError::WaitingList,
            _ => HoldError::CapacityFull,
        });
    }

    let free = course.price == 0;
    let price = crate::money::Money::from_minor(course.price, course.currency);
    if !free && crate::money::Price::chargeable(price).is_err() {
        txn.rollback().await?;
        return Err(HoldError::NotBookable(NotBookable::Unpayable));
    }
    let inserted = booking::ActiveModel {
        user_id: Set(user.get()),
        course_id: Set(course_id.get()),
        status: Set(if free {
            BookingStatus::Confirmed
        } else {
            BookingStatus::PendingPayment
        }),
        amount: Set(course.price),
        currency: Set(course.currency),
        hold_expires_at: Set((!free).then_some(now + HOLD)),
        confirmed_at: Set(free.then_some(now)),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if free {
        crate::service::notify::queue(
            &txn,
            crate::service::notify::Notice::BookingConfirmed {
                booking_id: inserted.id,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    metrics::counter!("tessera_bookings_created_total").increment(1);
    Ok(if free {
        Hold::ConfirmedFree(inserted)
    } else {
        Hold::New(inserted)
    })
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
        .filter(sea_orm::sea_query::Expr::cust(
            crate::service::fulfil::NO_PAYMENT_PROCESSING,
        ))
        .all(db)
        .await?;
    let mut freed = 0;
    for b in due {
        if crate::service::fulfil::end_hold(db, b.id, now)
            .await?
            .is_some()
        {
            freed += 1;
        }
    }
    Ok(freed)
}
