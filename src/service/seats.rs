//! The seat ledger: the one place `courses.seats_held` changes. Seats are
//! taken and given back in whole bookings (n at once, all or none) by a
//! conditional update of the course row, inside the caller's transaction,
//! so `seats_held = Σ seats of active bookings ≤ capacity` holds whatever
//! runs at the same time.

use crate::course::CourseStatus;
use crate::entity::{course, waitlist_entry};
use crate::ids::CourseId;
use crate::quote::SeatCount;
use crate::waitlist::WaitlistStatus;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Who may take seats, beyond "they are free".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taker {
    /// Anyone pressing "Book": the course is published and has not
    /// started, and nobody is waiting (freed seats are the waiting list's).
    Booking,
    /// A payment that arrived after its hold ended: the same rules, except
    /// that a course that started meanwhile still keeps a paid seat.
    LatePayment,
    /// The waiting list's offer to the head of the list: the list itself
    /// is the queue, so waiting people do not hold it back.
    Offer,
}

/// The condition (on `courses`) of `Taker::Booking`: nobody waits.
fn nobody_waiting() -> SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(waitlist_entry::Entity)
            .and_where(
                Expr::col((waitlist_entry::Entity, waitlist_entry::Column::CourseId))
                    .equals((course::Entity, course::Column::Id)),
            )
            .and_where(
                Expr::col((waitlist_entry::Entity, waitlist_entry::Column::Status))
                    .eq(WaitlistStatus::Waiting),
            )
            .to_owned(),
    )
    .not()
}

/// Takes `seats` seats on `course_id` for `taker` if that many are free
/// (and the taker's rules allow); answers whether it did.
pub async fn take(
    db: &impl ConnectionTrait,
    course_id: CourseId,
    seats: SeatCount,
    taker: Taker,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let n = seats.as_i32();
    let mut update = course::Entity::update_many()
        .col_expr(
            course::Column::SeatsHeld,
            Expr::col(course::Column::SeatsHeld).add(n),
        )
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(course_id))
        .filter(
            Expr::col(course::Column::SeatsHeld).lte(Expr::col(course::Column::Capacity).sub(n)),
        )
        .filter(course::Column::Status.eq(CourseStatus::Published));
    update = match taker {
        Taker::Booking => update
            .filter(course::Column::StartsAt.gt(now))
            .filter(nobody_waiting()),
        Taker::LatePayment => update.filter(nobody_waiting()),
        Taker::Offer => update,
    };
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Gives back `seats` seats on `course_id` (a booking ended, or seats of it
/// were cancelled). Never below zero: a ledger that would go there is
/// logged, not obeyed.
pub async fn give_back(
    db: &impl ConnectionTrait,
    course_id: CourseId,
    seats: SeatCount,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let n = seats.as_i32();
    let given = course::Entity::update_many()
        .col_expr(
            course::Column::SeatsHeld,
            Expr::col(course::Column::SeatsHeld).sub(n),
        )
        .col_expr(course::Column::UpdatedAt, Expr::value(now))
        .filter(course::Column::Id.eq(course_id))
        .filter(course::Column::SeatsHeld.gte(n))
        .exec(db)
        .await?
        .rows_affected;
    if given == 0 {
        tracing::error!(
            course_id = course_id.get(),
            seats = n,
            "seat ledger: giving back more seats than are held"
        );
    }
    Ok(())
}

/// Takes the course row's lock without changing it, so what is read next
/// (the waiting list, the bookings) stays as it is until commit. On SQLite
/// the write also takes the database lock at once instead of failing later
/// on a read-to-write upgrade.
pub async fn lock_course(db: &impl ConnectionTrait, course_id: CourseId) -> Result<(), DbErr> {
    course::Entity::update_many()
        .col_expr(
            course::Column::SeatsHeld,
            Expr::col(course::Column::SeatsHeld).into(),
        )
        .filter(course::Column::Id.eq(course_id))
        .exec(db)
        .await?;
    Ok(())
}
