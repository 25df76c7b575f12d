//! Admin server functions: the catalog's back office and rosters.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::CourseId;
use tessera::catalog::PageNumber;
pub use tessera::course::{AdminCoursePage, AdminCourseRow, CourseToEdit};
use tessera::course_input::CourseForm;
#[cfg(feature = "ssr")]
use tessera::roster::RosterRows;
pub use tessera::roster::{RefundLine, RefundStanding, Roster, RosterEntry};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::require_admin,
    chrono::Utc as ChronoUtc,
    tessera::ApiError,
    tessera::service::{courses, roster},
};

/// What cancelling a course did, for the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCancelSummary {
    /// Bookings cancelled (each person emailed).
    pub bookings_cancelled: usize,
    /// Refunds Stripe accepted.
    pub refunds_requested: usize,
    /// Refunds to be retried (Stripe unreachable).
    pub refunds_owed: usize,
    /// It had been cancelled before.
    pub already_cancelled: bool,
    /// Confirmed bookings offered another date instead.
    #[serde(default)]
    pub moves_offered: usize,
}

/// Every course, drafts included, newest start first, with takings, a
/// page at a time (missing means the first).
#[server(endpoint = "admin_courses")]
pub async fn admin_courses(page: Option<PageNumber>) -> Result<AdminCoursePage, AppError> {
    async {
        require_admin().await?;
        Ok(courses::list_with_takings(&db()?, page.unwrap_or_default())
            .await
            .map_err(ApiError::from)?)
    }
    .await
    .map_err(with_status)
}

/// One course for the edit form (drafts included).
#[server(endpoint = "admin_course")]
pub async fn admin_course(id: CourseId) -> Result<CourseToEdit, AppError> {
    async {
        require_admin().await?;
        Ok(courses::to_edit(&db()?, id).await.map_err(ApiError::from)?)
    }
    .await
    .map_err(with_status)
}

/// Creates (as a draft) or updates a course; answers with its id.
#[server(endpoint = "save_course")]
pub async fn save_course(
    id: Option<CourseId>,
    run_of: Option<CourseId>,
    form: CourseForm,
) -> Result<CourseId, AppError> {
    async {
        require_admin().await?;
        let save_as = match (id, run_of) {
            (None, None) => courses::SaveAs::New,
            (None, Some(source)) => courses::SaveAs::AnotherRunOf(source),
            (Some(id), None) => courses::SaveAs::Existing(id),
            (Some(_), Some(_)) => {
                return Err(AppError(ApiError::with_message(
                    tessera::ErrorCode::Validation,
                    tessera::said!("course-change-or-add"),
                )));
            }
        };
        let draft = form.parse().map_err(ApiError::validation)?;
        let saved = courses::save(&db()?, save_as, draft, ChronoUtc::now())
            .await
            .map_err(ApiError::from)?;
        // A raised capacity frees seats for whoever waits.
        use crate::api::waitlist::{Freed, offer_freed_seats};
        offer_freed_seats(Freed::Course(saved)).await;
        leptos_axum::redirect("/admin/courses");
        Ok(saved)
    }
    .await
    .map_err(with_status)
}

/// Publishes a draft or takes a published course back to draft.
#[server(endpoint = "set_course_published")]
pub async fn set_course_published(id: CourseId, publish: bool) -> Result<(), AppError> {
    async {
        require_admin().await?;
        Ok(
            courses::set_published(&db()?, id, publish, ChronoUtc::now())
                .await
                .map_err(ApiError::from)?,
        )
    }
    .await
    .map_err(with_status)
}

/// An admin takes someone off a course's waiting list (an open offer of
/// theirs ends; its seat goes to the next in line).
#[server(endpoint = "remove_from_waitlist")]
pub async fn remove_from_waitlist(entry_id: i64) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let policy = use_context::<tessera::waitlist::WaitlistPolicy>().unwrap_or_default();
        let sessions = tessera::service::waitlist::remove(
            &db()?,
            tessera::PlaceId(entry_id),
            &policy,
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        crate::api::waitlist::end_at_stripe(sessions).await;
        Ok(())
    }
    .await
    .map_err(with_status)
}

/// Everyone booked on a course, a page at a time (missing means the first).
#[server(endpoint = "course_roster")]
pub async fn course_roster(id: CourseId, page: Option<PageNumber>) -> Result<Roster, AppError> {
    async {
        require_admin().await?;
        roster::load_roster(
            &db()?,
            id,
            RosterRows::Page(page.unwrap_or_default()),
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))
    }
    .await
    .map_err(with_status)
}

/// Cancels a whole course: every active booking is cancelled and refunded in
/// full, and each person emailed; or, with `offer` (another date's id),
/// each confirmed booking is offered that date instead of the refund.
/// Answers what was done.
#[server(endpoint = "cancel_course")]
pub async fn cancel_course(
    id: CourseId,
    offer: Option<String>,
) -> Result<CourseCancelSummary, AppError> {
    async {
        require_admin().await?;
        use tessera::service::cancel::{self, Cancellation};
        // The form's "refund everyone" is an empty choice.
        let how = match offer.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            None => Cancellation::RefundEveryone,
            Some(o) => Cancellation::OfferMove(o.parse::<CourseId>().map_err(|_| {
                AppError(ApiError::validation(vec![tessera::FieldError {
                    field: "offer".into(),
                    message: tessera::said!("cancel-choose-offer"),
                }]))
            })?),
        };
        let done =
            cancel::cancel_course(&db()?, &super::ssr::gateway()?, id, how, ChronoUtc::now())
                .await
                .map_err(|e| AppError(ApiError::from(e)))?;
        tracing::info!(course_id = id.get(), ?done, "admin cancelled a course");
        Ok(CourseCancelSummary {
            bookings_cancelled: done.bookings_cancelled,
            refunds_requested: done.refunds_requested,
            refunds_owed: done.refunds_owed,
            already_cancelled: done.already_cancelled,
            moves_offered: done.moves_offered,
        })
    }
    .await
    .map_err(with_status)
}

/// An admin cancels one booking and refunds it in full, whatever the
/// cut-off (a paid booking), or releases its seat (a pending one).
/// An admin cancels one seat of a booking (its share refunded whatever the
/// cut-off); the last seat cancels the booking.
#[server(endpoint = "admin_cancel_seat")]
pub async fn admin_cancel_seat(
    attendee_id: i64,
) -> Result<crate::api::bookings::CancelOutcome, AppError> {
    async {
        require_admin().await?;
        use tessera::service::cancel::{self, Actor, RefundPolicy};
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let (outcome, booking) = cancel::cancel_seat(
            &db()?,
            &super::ssr::gateway()?,
            policy,
            tessera::AttendeeId(attendee_id),
            Actor::Admin,
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        use crate::api::waitlist::{Freed, offer_freed_seats};
        offer_freed_seats(Freed::SeatOf(booking)).await;
        Ok(crate::api::bookings::seat_outcome(outcome))
    }
    .await
    .map_err(with_status)
}

#[server(endpoint = "admin_cancel_booking")]
pub async fn admin_cancel_booking(
    booking_id: tessera::BookingId,
) -> Result<crate::api::bookings::CancelOutcome, AppError> {
    async {
        require_admin().await?;
        use crate::api::bookings::CancelOutcome;
        use tessera::service::cancel::{self, Actor, Cancelled, RefundPolicy};
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let outcome = cancel::cancel_booking(
            &db()?,
            &super::ssr::gateway()?,
            policy,
            booking_id,
            Actor::Admin,
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        use crate::api::waitlist::{Freed, offer_freed_seats};
        offer_freed_seats(Freed::SeatOf(booking_id)).await;
        Ok(match outcome {
            Cancelled::Released => CancelOutcome::Released,
            Cancelled::Refunding { .. } => CancelOutcome::Refunding,
            Cancelled::NoRefund => CancelOutcome::NoRefund,
            Cancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
        })
    }
    .await
    .map_err(with_status)
}

/// An admin moves a confirmed booking to another date of its course, at
/// any time before that date starts: a cheaper date gives the difference
/// back unless `waive`; a dearer one needs `waive` (the person pays nothing
/// more). Answers what goes back.
#[server(endpoint = "admin_move_booking")]
pub async fn admin_move_booking(
    booking_id: tessera::BookingId,
    to: tessera::CourseId,
    waive: Option<String>,
) -> Result<Option<tessera::Money>, AppError> {
    async {
        require_admin().await?;
        use tessera::service::cancel::{Actor, RefundPolicy};
        use tessera::service::moves::{MoveRequest, Settle, move_to_run};
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let settle = if waive.is_some_and(|w| !w.is_empty()) {
            Settle::Waive
        } else {
            Settle::Difference
        };
        let moved = move_to_run(
            &db()?,
            &super::ssr::gateway()?,
            policy,
            MoveRequest {
                booking: booking_id,
                to,
                actor: Actor::Admin,
                settle,
            },
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        use crate::api::waitlist::{Freed, offer_freed_seats};
        offer_freed_seats(Freed::Course(moved.from)).await;
        Ok(moved.refund)
    }
    .await
    .map_err(with_status)
}

/// People with accounts whose name or email contains `q`, a page at a time.
#[server(endpoint = "list_people")]
pub async fn list_people(
    q: Option<String>,
    page: Option<PageNumber>,
) -> Result<tessera::people::PeoplePage, AppError> {
    async {
        require_admin().await?;
        tessera::service::people::list(
            &db()?,
            q.as_deref().unwrap_or_default(),
            page.unwrap_or_default(),
        )
        .await
        .map_err(|e| AppError::internal("listing people", e))
    }
    .await
    .map_err(with_status)
}

/// One person and their bookings.
#[server(endpoint = "person_detail")]
pub async fn person_detail(id: tessera::UserId) -> Result<tessera::people::PersonDetail, AppError> {
    async {
        require_admin().await?;
        tessera::service::people::detail(&db()?, id)
            .await
            .map_err(|e| AppError::internal("loading a person", e))?
            .ok_or_else(|| AppError::new(tessera::ErrorCode::PersonNotFound))
    }
    .await
    .map_err(with_status)
}

/// Invites `email` (called `name` if new) to be an admin.
#[server(endpoint = "invite_admin")]
pub async fn invite_admin(email: String, name: String) -> Result<(), AppError> {
    invite(email, name, Invitee::Admin).await
}

/// Invites `email` (called `name` if new) to teach.
#[server(endpoint = "invite_instructor")]
pub async fn invite_instructor(email: String, name: String) -> Result<(), AppError> {
    invite(email, name, Invitee::Instructor).await
}

#[cfg(feature = "ssr")]
use tessera::service::people::Invitee;

#[cfg(feature = "ssr")]
async fn invite(email: String, name: String, invitee: Invitee) -> Result<(), AppError> {
    async {
        use tessera::service::people::InviteError;
        let me = require_admin().await?;
        tessera::service::people::invite(
            &db()?,
            &me.display_name,
            &email,
            &name,
            invitee,
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| match e {
            InviteError::Invalid(fields) => ApiError::validation(fields).into(),
            InviteError::AlreadyAdmin => ApiError::validation(vec![tessera::FieldError {
                field: "email".into(),
                message: tessera::said!("invite-already-admin"),
            }])
            .into(),
            InviteError::AlreadyInstructor => ApiError::validation(vec![tessera::FieldError {
                field: "email".into(),
                message: tessera::said!("invite-already-instructor"),
            }])
            .into(),
            InviteError::TooMany => AppError(ApiError::with_message(
                tessera::ErrorCode::RateLimited,
                tessera::said!("invites-too-many"),
            )),
            InviteError::Database(e) => AppError::internal("inviting an admin", e),
        })
    }
    .await
    .map_err(with_status)
}

/// Blocks (or unblocks) a member: blocked, they are signed out everywhere
/// and cannot sign in; their bookings stay.
#[server(endpoint = "set_member_blocked")]
pub async fn set_member_blocked(id: tessera::UserId, blocked: bool) -> Result<(), AppError> {
    async {
        use tessera::service::people::BlockError;
        require_admin().await?;
        tessera::service::people::set_blocked(&db()?, id, blocked, ChronoUtc::now())
            .await
            .map(|_| ())
            .map_err(|e| match e {
                BlockError::NotFound => AppError::new(tessera::ErrorCode::PersonNotFound),
                BlockError::NotAMember => AppError(ApiError::with_message(
                    tessera::ErrorCode::Forbidden,
                    tessera::said!("block-only-members"),
                )),
                BlockError::Database(e) => AppError::internal("blocking a member", e),
            })
    }
    .await
    .map_err(with_status)
}
