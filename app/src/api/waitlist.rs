//! The waiting list: the member's server functions (the admin's is in
//! `admin`).

use crate::error::AppError;
use leptos::prelude::*;
use tessera::waitlist::WaitingPlace;
use tessera::{BookingId, CourseId};

#[cfg(feature = "ssr")]
use self::ssr_impl::*;

/// "Join the waiting list" for `seats` seats (one when not given) on a
/// full course; back to the course page.
#[server(endpoint = "join_waitlist")]
pub async fn join_waitlist(
    course_id: CourseId,
    seats: Option<String>,
    voucher: Option<String>,
) -> Result<u64, AppError> {
    join_impl(course_id, seats, voucher)
        .await
        .map_err(super::ssr::with_status)
}

/// "Leave the waiting list".
#[server(endpoint = "leave_waitlist")]
pub async fn leave_waitlist(course_id: CourseId) -> Result<(), AppError> {
    leave_impl(course_id).await.map_err(super::ssr::with_status)
}

/// "No thanks" to an offered seat: the same as leaving the list, under its
/// own name so that a page reached after either, without JavaScript, answers
/// in the right words.
#[server(endpoint = "decline_offer")]
pub async fn decline_offer(course_id: CourseId) -> Result<(), AppError> {
    leave_impl(course_id).await.map_err(super::ssr::with_status)
}

/// "Take the seat" on a free course's offer (a paid one is paid for).
#[server(endpoint = "accept_offer")]
pub async fn accept_offer(booking_id: BookingId) -> Result<(), AppError> {
    accept_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// The signed-in person's place on one course's list (none when signed out).
#[server(endpoint = "my_place_on")]
pub async fn my_place_on(course_id: CourseId) -> Result<Option<WaitingPlace>, AppError> {
    place_on_impl(course_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Offers the seats a change just freed (on `course`, or the course of
/// `booking`) to the waiting list. A failure is only logged: the sweeper
/// offers them on its next round, and meanwhile "Book" leaves them to the
/// list.
#[cfg(feature = "ssr")]
pub async fn offer_freed_seats(freed: Freed) {
    use tessera::service::waitlist;
    let policy = use_context::<tessera::waitlist::WaitlistPolicy>().unwrap_or_default();
    let Ok(db) = super::ssr::db() else { return };
    let now = chrono::Utc::now();
    let offered = match freed {
        Freed::Course(course) => waitlist::offer_free_seats(&db, course, &policy, now).await,
        Freed::SeatOf(booking) => waitlist::offer_seat_of(&db, booking, &policy, now).await,
    };
    if let Err(e) = offered {
        tracing::warn!(error = %e, "offering freed seats failed; the sweeper retries");
    }
}

/// Ends a declined offer's Checkout Sessions at Stripe, so they can no
/// longer be paid (not fatal: a session also ends by itself, and a payment
/// on it follows the late-payment rule).
#[cfg(feature = "ssr")]
pub async fn end_at_stripe(sessions: Vec<String>) {
    let Ok(gateway) = super::ssr::gateway() else {
        return;
    };
    for sid in sessions {
        if let Err(e) = gateway.expire_session(&sid).await {
            tracing::warn!(error = %e, "could not end a declined offer's checkout session");
        }
    }
}

/// Where seats were freed.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
pub enum Freed {
    /// On this course (its capacity was raised).
    Course(CourseId),
    /// This booking's seat (cancelled or released).
    SeatOf(BookingId),
}

#[cfg(feature = "ssr")]
mod ssr_impl {
    use super::*;
    use crate::api::ssr::db;
    use crate::auth::ssr::require_user;
    use chrono::Utc;
    use tessera::ApiError;
    use tessera::service::waitlist;
    use tessera::waitlist::WaitlistPolicy;
    use tessera::{ErrorCode, UserId};

    fn policy() -> WaitlistPolicy {
        use_context::<WaitlistPolicy>().unwrap_or_default()
    }

    pub(super) async fn join_impl(
        course_id: CourseId,
        seats: Option<String>,
        voucher: Option<String>,
    ) -> Result<u64, AppError> {
        let user = require_user().await?;
        let seats = crate::api::bookings::ssr_impl::seat_count(seats.as_deref())?;
        let voucher = crate::api::bookings::ssr_impl::voucher_code(voucher.as_deref())?;
        let position = waitlist::join_with_voucher(
            &db()?,
            UserId(user.id),
            course_id,
            seats,
            voucher.as_ref(),
            &policy(),
            Utc::now(),
        )
        .await
        .map_err(ApiError::from)?;
        leptos_axum::redirect(&format!("/courses/{course_id}"));
        Ok(position)
    }

    pub(super) async fn leave_impl(course_id: CourseId) -> Result<(), AppError> {
        let user = require_user().await?;
        let (_, sessions) =
            waitlist::leave(&db()?, UserId(user.id), course_id, &policy(), Utc::now())
                .await
                .map_err(ApiError::from)?;
        end_at_stripe(sessions).await;
        // The answer is said where it was pressed (the course's page or
        // the dashboard); without JavaScript the browser goes back there.
        Ok(())
    }

    pub(super) async fn accept_impl(booking_id: BookingId) -> Result<(), AppError> {
        use tessera::service::waitlist::AcceptError;
        let user = require_user().await?;
        match waitlist::accept_free_offer(&db()?, UserId(user.id), booking_id, Utc::now()).await {
            Ok(()) => {
                leptos_axum::redirect(&format!("/bookings/{booking_id}?confirmed=1"));
                Ok(())
            }
            Err(AcceptError::NoOffer) => Err(ErrorCode::NotWaiting.into()),
            Err(AcceptError::NeedsPayment) => Err(ApiError::with_message(
                ErrorCode::BookingNotPending,
                tessera::said!("offer-needs-payment"),
            )
            .into()),
            Err(AcceptError::Database(e)) => Err(AppError::internal("accepting an offer", e)),
        }
    }

    pub(super) async fn place_on_impl(
        course_id: CourseId,
    ) -> Result<Option<WaitingPlace>, AppError> {
        let Some(user) = crate::auth::ssr::auth_session().await?.user else {
            return Ok(None);
        };
        waitlist::place_on(&db()?, UserId(user.id), course_id)
            .await
            .map_err(|e| AppError::internal("loading a waiting-list place", e))
    }
}
