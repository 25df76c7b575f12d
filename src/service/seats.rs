//! The seat ledger: the one place `courses.seats_held` changes. Seats are
//! taken and given back in whole bookings (n at once, all or none) by a
//! conditional update of the course row, inside the caller's transaction,
//! so `seats_held = Σ seats of active bookings ≤ capacity` holds whatever
//! runs at the same time.

use crate::quote::SeatCount;
use crate::service::sql;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

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

/// The condition on `waitlist_entries` of `Taker::Booking`: nobody waits.
const NOBODY_WAITING: &str = "NOT EXISTS (SELECT 1 FROM waitlist_entries w \
     WHERE w.course_id = courses.id AND w.status = 'waiting')";

/// Takes `seats` seats on `course_id` for `taker` if that many are free
/// (and the taker's rules allow); answers whether it did.
pub async fn take(
    db: &impl ConnectionTrait,
    course_id: i64,
    seats: SeatCount,
    taker: Taker,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let n = seats.as_i32();
    let mut values: Vec<sea_orm::Value> = vec![n.into(), now.into(), course_id.into(), n.into()];
    let rules = match taker {
        Taker::Booking => {
            values.push(now.into());
            format!(" AND status = 'published' AND starts_at > ? AND {NOBODY_WAITING}")
        }
        Taker::LatePayment => format!(" AND status = 'published' AND {NOBODY_WAITING}"),
        Taker::Offer => " AND status = 'published'".to_owned(),
    };
    let text = format!(
        "UPDATE courses SET seats_held = seats_held + ?, updated_at = ? \
         WHERE id = ? AND seats_held + ? <= capacity{rules}"
    );
    Ok(db.execute(sql(db, &text, values)).await?.rows_affected() == 1)
}

/// Gives back `seats` seats on `course_id` (a booking ended, or seats of it
/// were cancelled). Never below zero: a ledger that would go there is
/// logged, not obeyed.
pub async fn give_back(
    db: &impl ConnectionTrait,
    course_id: i64,
    seats: SeatCount,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let n = seats.as_i32();
    let given = db
        .execute(sql(
            db,
            "UPDATE courses SET seats_held = seats_held - ?, updated_at = ? \
             WHERE id = ? AND seats_held >= ?",
            vec![n.into(), now.into(), course_id.into(), n.into()],
        ))
        .await?
        .rows_affected();
    if given == 0 {
        tracing::error!(
            course_id,
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
pub async fn lock_course(db: &impl ConnectionTrait, course_id: i64) -> Result<(), DbErr> {
    db.execute(sql(
        db,
        "UPDATE courses SET seats_held = seats_held WHERE id = ?",
        vec![course_id.into()],
    ))
    .await?;
    Ok(())
}
