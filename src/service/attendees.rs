//! The people in a booking's seats: named when the booking is made (the
//! first seat after the member, the rest as they were typed or "Guest 2",
//! "Guest 3"…), each with its share of the amount, and renamed by the
//! member until the course starts.

use crate::attendee::{Attendee, AttendeeStatus, AttendeeView};
use crate::booking::BookingStatus;
use crate::entity::course;
use crate::entity::{attendee, booking, user};
use crate::ids::{AttendeeId, BookingId, UserId};
use crate::money::Money;
use crate::quote::Quote;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};

/// Gives each seat of a new booking its attendee and share, in the
/// booking's transaction. `named` may name fewer seats than there are, or
/// leave some unnamed (`None`).
pub async fn seat(
    db: &impl ConnectionTrait,
    b: &booking::Model,
    named: &[Option<Attendee>],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let member = user::Entity::find_by_id(b.user_id)
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let shares = Quote::shares(Money::from_minor(b.amount, b.currency), b.seat_count());
    for (i, share) in shares.into_iter().enumerate() {
        let (name, email) = match named.get(i).and_then(Option::as_ref) {
            Some(a) => (
                a.name.as_str().to_owned(),
                a.email.as_ref().map(|e| e.as_str().to_owned()),
            ),
            None if i == 0 => (member.clone(), None),
            // Named in the booker's language; renamed on the booking's page.
            None => (crate::said!("book-guest", guest = i + 1), None),
        };
        attendee::ActiveModel {
            booking_id: Set(b.id),
            position: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            name: Set(name),
            email: Set(email),
            status: Set(AttendeeStatus::Active),
            share: Set(share.minor()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A booking's seats, first seat first.
pub async fn of_booking(
    db: &impl ConnectionTrait,
    booking: BookingId,
) -> Result<Vec<AttendeeView>, DbErr> {
    Ok(attendee::Entity::find()
        .filter(attendee::Column::BookingId.eq(booking.get()))
        .order_by_asc(attendee::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

fn view(a: attendee::Model) -> AttendeeView {
    AttendeeView {
        id: a.id,
        position: a.position,
        name: a.name,
        email: a.email,
        status: a.status,
        attended: Vec::new(),
    }
}

/// Why a seat could not be renamed.
#[derive(Debug, thiserror::Error)]
pub enum RenameError {
    /// No such seat in an active booking of this member's.
    #[error("attendee {0} not found")]
    NotFound(i64),
    /// The course has started: the roster is what it is.
    #[error("the course has started")]
    Started,
    #[error("renaming an attendee")]
    Database(#[from] DbErr),
}

/// The member corrects who sits in one of their seats, until the course
/// starts. The write itself checks whose seat it is and that the booking
/// is active and its course not started.
pub async fn rename(
    db: &impl ConnectionTrait,
    member: UserId,
    attendee_id: AttendeeId,
    who: &Attendee,
    now: DateTime<Utc>,
) -> Result<AttendeeView, RenameError> {
    // The member's active bookings of courses not started yet.
    let theirs = booking::Entity::find()
        .select_only()
        .column(booking::Column::Id)
        .inner_join(course::Entity)
        .filter(booking::Column::UserId.eq(member.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        .filter(course::Column::StartsAt.gt(now))
        .into_query();
    let changed = attendee::Entity::update_many()
        .col_expr(attendee::Column::Name, Expr::value(who.name.as_str()))
        .col_expr(
            attendee::Column::Email,
            Expr::value(who.email.as_ref().map(|e| e.as_str().to_owned())),
        )
        .col_expr(attendee::Column::UpdatedAt, Expr::value(now))
        .filter(attendee::Column::Id.eq(attendee_id))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
        .filter(attendee::Column::BookingId.in_subquery(theirs))
        .exec(db)
        .await?
        .rows_affected;
    let seat = attendee::Entity::find_by_id(attendee_id.get())
        .find_also_related(booking::Entity)
        .one(db)
        .await?
        .and_then(|(a, b)| b.filter(|b| b.user_id == member.get()).map(|_| a))
        .ok_or(RenameError::NotFound(attendee_id.get()))?;
    if changed == 0 {
        // Theirs, but not changeable: ended, or the course has started.
        let started = booking::Entity::find_by_id(seat.booking_id)
            .find_also_related(crate::entity::course::Entity)
            .one(db)
            .await?
            .and_then(|(_, c)| c)
            .is_some_and(|c| c.starts_at <= now);
        return Err(if started {
            RenameError::Started
        } else {
            RenameError::NotFound(attendee_id.get())
        });
    }
    Ok(view(seat))
}
