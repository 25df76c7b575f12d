//! Moving a confirmed booking, all its seats, to another date (run) of the
//! same course. The seats are taken on the new run and given back on the
//! old one in one transaction, by conditional writes: the booking moves
//! only if it is still confirmed, on the run it was read on, with the seats
//! it was read with; the new run's seats are taken only if that many are
//! free and nobody waits for them. So it is never on both runs, never on
//! neither, and two people moving into a run's last seat cannot both have
//! it. Moves between runs of one price only, for now.

use crate::booking::BookingStatus;
use crate::course::{CourseStatus, NotBookable};
use crate::entity::{booking, booking_move, course};
use crate::ids::{BookingId, CourseId};
use crate::money::Money;
use crate::quote::SeatCount;
use crate::service::cancel::{Actor, RefundPolicy};
use crate::service::notify::{self, Notice};
use crate::service::seats::{self, Taker};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};

/// Why a booking could not be moved. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// No such booking (or not the member's).
    #[error("booking {0} not found")]
    NotFound(BookingId),
    /// No such run.
    #[error("course {0} not found")]
    RunNotFound(CourseId),
    /// Only a confirmed booking moves (also: it changed meanwhile).
    #[error("booking {0} is not confirmed")]
    NotConfirmed(BookingId),
    /// The run is not another date of the booking's course.
    #[error("course {0} is not another date of the booking's course")]
    NotAnotherDate(CourseId),
    /// The run cannot take bookings (a draft, cancelled, started or over).
    #[error("course {0} is not open: {1:?}")]
    RunNotOpen(CourseId, NotBookable),
    /// Past the refund cut-off of the run the member would leave.
    #[error("booking {booking}: moving closed at {closed_at}")]
    TooLate {
        booking: BookingId,
        closed_at: DateTime<Utc>,
    },
    /// The runs' prices differ (a move settles no money yet).
    #[error("the runs cost {from} and {to} a seat")]
    PriceDiffers { from: Money, to: Money },
    /// Not enough seats free on the run, or people wait for them: its
    /// waiting list is the way in.
    #[error("course {0} has no room for the booking's seats")]
    RunFull(CourseId),
    #[error("moving a booking")]
    Database(#[from] DbErr),
}

/// What a move did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub booking: BookingId,
    /// The run it left (its seats are free now: its waiting list's).
    pub from: CourseId,
    pub to: CourseId,
    pub seats: SeatCount,
}

/// Moves booking `id` to run `to`, as `actor` at `now`. A member moves
/// their own booking until the refund cut-off of the run they leave; an
/// admin at any time before the new run starts.
#[tracing::instrument(name = "move_booking_to_run", skip_all, fields(booking_id = id.get(), to = to.get(), ?actor))]
pub async fn move_to_run(
    db: &DatabaseConnection,
    policy: RefundPolicy,
    id: BookingId,
    to: CourseId,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<Moved, MoveError> {
    // Read to decide what to try; every fact the decision rests on is
    // written into the conditions of the writes below.
    let b = booking::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .filter(|b| match actor {
            Actor::Member(user) => b.user_id == user.get(),
            Actor::Admin => true,
        })
        .ok_or(MoveError::NotFound(id))?;
    if b.status != BookingStatus::Confirmed {
        return Err(MoveError::NotConfirmed(id));
    }
    let from = course::Entity::find_by_id(b.course_id)
        .one(db)
        .await?
        .ok_or(MoveError::NotFound(id))?;
    let target = course::Entity::find_by_id(to.get())
        .one(db)
        .await?
        .ok_or(MoveError::RunNotFound(to))?;
    if target.id == from.id || target.first_run() != from.first_run() {
        return Err(MoveError::NotAnotherDate(to));
    }
    let not_open = match target.status {
        CourseStatus::Draft => Some(NotBookable::Draft),
        CourseStatus::Cancelled => Some(NotBookable::Cancelled),
        CourseStatus::Published if target.ends_at <= now => Some(NotBookable::Ended),
        CourseStatus::Published if target.starts_at <= now => Some(NotBookable::Started),
        CourseStatus::Published => None,
    };
    if let Some(why) = not_open {
        return Err(MoveError::RunNotOpen(to, why));
    }
    let closed_at = from.starts_at - policy.cutoff;
    if matches!(actor, Actor::Member(_)) && now >= closed_at {
        return Err(MoveError::TooLate {
            booking: id,
            closed_at,
        });
    }
    if (target.price, target.currency) != (from.price, from.currency) {
        return Err(MoveError::PriceDiffers {
            from: Money::from_minor(from.price, from.currency),
            to: Money::from_minor(target.price, target.currency),
        });
    }
    let seat_count = b.seat_count();

    let txn = db.begin().await?;
    // The booking first: it is still confirmed, on the run it was read on,
    // with its seats (a cancellation, a cancelled seat or another move
    // meanwhile makes this change nothing). The database's trigger moves
    // its copy of the start along.
    let moved = booking::Entity::update_many()
        .col_expr(booking::Column::CourseId, Expr::value(target.id))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(id.get()))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(booking::Column::CourseId.eq(from.id))
        .filter(booking::Column::Seats.eq(b.seats))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        txn.rollback().await?;
        return Err(MoveError::NotConfirmed(id));
    }
    // The same rules as "Book" on the new run (published, not started,
    // seats free, nobody waiting for them).
    if !seats::take(&txn, CourseId(target.id), seat_count, Taker::Booking, now).await? {
        txn.rollback().await?;
        return Err(MoveError::RunFull(to));
    }
    seats::give_back(&txn, CourseId(from.id), seat_count, now).await?;
    let record = booking_move::ActiveModel {
        booking_id: Set(b.id),
        from_course_id: Set(from.id),
        to_course_id: Set(target.id),
        seats: Set(b.seats),
        moved_by: Set(match actor {
            Actor::Member(_) => "member".to_owned(),
            Actor::Admin => "admin".to_owned(),
        }),
        moved_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    notify::queue(
        &txn,
        Notice::BookingMoved {
            booking_id: b.id,
            move_id: record.id,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(from = from.id, "booking moved to another date");
    Ok(Moved {
        booking: id,
        from: CourseId(from.id),
        to,
        seats: seat_count,
    })
}

/// How many times booking `id` moved.
pub async fn count(db: &impl sea_orm::ConnectionTrait, id: BookingId) -> Result<u32, DbErr> {
    use sea_orm::PaginatorTrait;
    let n = booking_move::Entity::find()
        .filter(booking_move::Column::BookingId.eq(id.get()))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A booking's moves, first first.
pub async fn history(
    db: &impl sea_orm::ConnectionTrait,
    id: BookingId,
) -> Result<Vec<booking_move::Model>, DbErr> {
    booking_move::Entity::find()
        .filter(booking_move::Column::BookingId.eq(id.get()))
        .order_by_asc(booking_move::Column::Id)
        .all(db)
        .await
}
