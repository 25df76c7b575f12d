//! Booking and paying: the member's server functions.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::{BookingId, CourseId};

pub use tessera::my_bookings::*;

#[cfg(feature = "ssr")]
use self::ssr_impl::*;

/// Cancels one of the signed-in person's bookings, refunding it in full
/// when the policy allows.
#[server(endpoint = "cancel_booking")]
pub async fn cancel_my_booking(booking_id: BookingId) -> Result<CancelOutcome, AppError> {
    cancel_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Moves one of the signed-in person's confirmed bookings, all its seats,
/// to another date of the same course (at the same price).
#[server(endpoint = "move_booking")]
pub async fn move_my_booking(
    booking_id: BookingId,
    to: tessera::CourseId,
) -> Result<Option<tessera::Money>, AppError> {
    move_impl(booking_id, to)
        .await
        .map_err(super::ssr::with_status)
}

/// "Pay the difference and move": Checkout for what a dearer date costs
/// more; the booking moves when Stripe reports it paid.
#[server(endpoint = "pay_to_move")]
pub async fn pay_to_move(booking_id: BookingId, to: tessera::CourseId) -> Result<(), AppError> {
    pay_to_move_impl(booking_id, to)
        .await
        .map_err(super::ssr::with_status)
}

/// One seat's attendee as typed on the course page (both may be blank: the
/// first seat is the member's, the others guests').
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttendeeForm {
    #[serde(default)]
    pub name: String,
    /// Their email (optional).
    #[serde(default)]
    pub email: String,
}

/// "Book": holds `seats` seats (one when not given) for the attendees
/// named, and sends the browser to pay (or, for a free course, to the
/// confirmed booking).
#[server(endpoint = "book_course")]
pub async fn book_course(
    course_id: CourseId,
    seats: Option<String>,
    attendees: Option<Vec<AttendeeForm>>,
    voucher: Option<String>,
) -> Result<(), AppError> {
    book_course_impl(course_id, seats, attendees.unwrap_or_default(), voucher)
        .await
        .map_err(super::ssr::with_status)
}

/// What `seats` seats on a course cost with the voucher `voucher`: the
/// price the course page shows once a code is applied (the booking takes
/// the same quote again, never this answer).
#[server(endpoint = "price_with_voucher")]
pub async fn price_with_voucher(
    course_id: CourseId,
    seats: Option<String>,
    voucher: String,
) -> Result<VoucherPrice, AppError> {
    price_with_voucher_impl(course_id, seats, voucher)
        .await
        .map_err(super::ssr::with_status)
}

/// A course's price with a voucher, as the course page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoucherPrice {
    /// The code as stored (capitals).
    pub code: String,
    pub list: tessera::Money,
    pub discount: tessera::Money,
    pub total: tessera::Money,
    /// The booking button's words at this price, in the reader's language
    /// ("Book 3 seats — €117.60"): the browser has no translations.
    #[serde(default)]
    pub label: String,
    /// The answer under the code ("SPRING26: €29.40 off. You pay €117.60.").
    #[serde(default)]
    pub said: String,
}

/// Cancels one seat of one of the signed-in person's bookings (its share
/// refunded when the policy allows); the last seat cancels the booking.
#[server(endpoint = "cancel_seat")]
pub async fn cancel_my_seat(attendee_id: i64) -> Result<CancelOutcome, AppError> {
    cancel_seat_impl(attendee_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Corrects who sits in one of the member's seats (until the course starts).
#[server(endpoint = "name_attendee")]
pub async fn name_attendee(
    attendee_id: i64,
    name: String,
    email: Option<String>,
) -> Result<tessera::attendee::AttendeeView, AppError> {
    name_attendee_impl(attendee_id, name, email.unwrap_or_default())
        .await
        .map_err(super::ssr::with_status)
}

/// "Retry payment" for a pending booking: a new Checkout Session.
#[server(endpoint = "retry_payment")]
pub async fn retry_payment(booking_id: BookingId) -> Result<(), AppError> {
    retry_payment_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// "Release my seat": cancels a pending booking and frees the seat.
#[server(endpoint = "release_booking")]
pub async fn release_booking(booking_id: BookingId) -> Result<(), AppError> {
    release_booking_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// The signed-in person's bookings, a page at a time (`page` from 1;
/// missing means the first).
#[server(endpoint = "my_bookings")]
pub async fn my_bookings(page: Option<usize>) -> Result<BookingsPage, AppError> {
    my_bookings_impl(page.unwrap_or(1))
        .await
        .map_err(super::ssr::with_status)
}

/// The signed-in person's active booking on a course (none when signed
/// out), so the course page can say they are booked.
#[server(endpoint = "my_booking_on")]
pub async fn my_booking_on(course_id: CourseId) -> Result<Option<BookingView>, AppError> {
    my_booking_on_impl(course_id)
        .await
        .map_err(super::ssr::with_status)
}

/// One booking of theirs with its payments.
#[server(endpoint = "booking_detail")]
pub async fn get_booking_detail(booking_id: BookingId) -> Result<BookingDetail, AppError> {
    booking_detail_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Back from Stripe: confirms the booking from the session (even before the
/// webhook arrives) and says what happened.
#[server(endpoint = "payment_result")]
pub async fn check_payment(session_id: String) -> Result<PaymentResult, AppError> {
    payment_result_impl(session_id)
        .await
        .map_err(super::ssr::with_status)
}

#[cfg(feature = "ssr")]
/// What cancelling a seat did, as the person is told.
pub(crate) fn seat_outcome(outcome: tessera::service::cancel::SeatCancelled) -> CancelOutcome {
    match outcome {
        tessera::service::cancel::SeatCancelled::Booking(whole) => match whole {
            tessera::service::cancel::Cancelled::Released => CancelOutcome::Released,
            tessera::service::cancel::Cancelled::Refunding { .. } => CancelOutcome::Refunding,
            tessera::service::cancel::Cancelled::NoRefund => CancelOutcome::NoRefund,
            tessera::service::cancel::Cancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
        },
        tessera::service::cancel::SeatCancelled::Refunding(amount) => {
            CancelOutcome::SeatRefunding(amount)
        }
        tessera::service::cancel::SeatCancelled::NoRefund => CancelOutcome::SeatFreed,
        tessera::service::cancel::SeatCancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr_impl {
    use super::*;
    use crate::api::ssr::{db, gateway};
    use crate::api::waitlist::{Freed, offer_freed_seats};
    use crate::auth::ssr::require_user;
    use chrono::Utc;
    use leptos::prelude::use_context;
    use sea_orm::DatabaseConnection;
    use tessera::ApiError;
    use tessera::service::cancel::{self, Actor, RefundPolicy};
    use tessera::service::checkout::{self, CheckoutError, NextStep};
    use tessera::service::my_bookings;

    /// The attendees named for the first `seats` seats: a seat left blank
    /// is `None` (the member's or a guest's); each refusal names its field.
    fn named_attendees(
        typed: &[AttendeeForm],
        seats: tessera::SeatCount,
    ) -> Result<Vec<Option<tessera::attendee::Attendee>>, AppError> {
        let mut named = Vec::new();
        let mut refused = Vec::new();
        for (i, a) in typed.iter().take(usize::from(seats.get())).enumerate() {
            if a.name.trim().is_empty() && a.email.trim().is_empty() {
                named.push(None);
                continue;
            }
            match tessera::attendee::AttendeeName::parse(&a.name) {
                Err(e) => refused.push(tessera::FieldError {
                    field: format!("attendees[{i}][name]"),
                    message: e.to_string(),
                }),
                Ok(name) => match a.email.trim() {
                    "" => named.push(Some(tessera::attendee::Attendee { name, email: None })),
                    email => match tessera::Email::parse(email) {
                        Ok(email) => named.push(Some(tessera::attendee::Attendee {
                            name,
                            email: Some(email),
                        })),
                        Err(e) => refused.push(tessera::FieldError {
                            field: format!("attendees[{i}][email]"),
                            message: e.to_string(),
                        }),
                    },
                },
            }
        }
        if refused.is_empty() {
            Ok(named)
        } else {
            Err(AppError(ApiError::validation(refused)))
        }
    }

    /// The seats a form asks for: blank means one.
    pub(crate) fn seat_count(typed: Option<&str>) -> Result<tessera::SeatCount, AppError> {
        let typed = typed.map(str::trim).unwrap_or_default();
        if typed.is_empty() {
            return Ok(tessera::SeatCount::ONE);
        }
        typed
            .parse::<i64>()
            .ok()
            .and_then(|n| tessera::SeatCount::new(n).ok())
            .ok_or_else(|| {
                AppError(ApiError::validation(vec![tessera::FieldError {
                    field: "seats".into(),
                    message: tessera::said!(
                        "seats-choose",
                        max = tessera::quote::MAX_SEATS_PER_BOOKING
                    ),
                }]))
            })
    }

    fn checkout_error(e: CheckoutError) -> AppError {
        AppError(ApiError::from(e))
    }

    /// Where the browser goes after a booking step: Checkout, or the booking.
    fn next_url(next: NextStep) -> String {
        match next {
            NextStep::Pay { url, .. } => url,
            NextStep::Confirmed(id) => format!("/bookings/{id}?confirmed=1"),
            NextStep::Processing(id) => format!("/bookings/{id}"),
        }
    }

    fn go(next: NextStep) {
        leptos_axum::redirect(&next_url(next));
    }

    /// Makes the booking or waiting place a visitor asked for before
    /// signing in, for `user` (just signed in on this request): where the
    /// browser goes next.
    pub(crate) async fn carry_out(
        user: &crate::auth::ssr::SessionUser,
        intent: tessera::intent::Intent,
    ) -> Result<String, AppError> {
        use tessera::intent::Intent;
        match intent {
            Intent::Book { course, seats } => {
                let next = checkout::book(
                    &db()?,
                    &gateway()?,
                    tessera::UserId(user.id),
                    &user.email,
                    checkout::BookingRequest {
                        course,
                        party: &tessera::attendee::Party::of(seats),
                        voucher: None,
                    },
                    Utc::now(),
                )
                .await
                .map_err(checkout_error)?;
                Ok(next_url(next))
            }
            Intent::Wait { course, seats } => {
                let policy = use_context::<tessera::waitlist::WaitlistPolicy>().unwrap_or_default();
                tessera::service::waitlist::join(
                    &db()?,
                    tessera::UserId(user.id),
                    course,
                    seats,
                    &policy,
                    Utc::now(),
                )
                .await
                .map_err(ApiError::from)?;
                Ok(format!("/courses/{course}?joined"))
            }
        }
    }

    /// A code as typed: blank is none; anything else must be a code.
    pub(crate) fn voucher_code(
        typed: Option<&str>,
    ) -> Result<Option<tessera::voucher::VoucherCode>, AppError> {
        match typed.map(str::trim).unwrap_or_default() {
            "" => Ok(None),
            typed => tessera::voucher::VoucherCode::parse(typed)
                .map(Some)
                .map_err(|e| {
                    AppError(ApiError::validation(vec![tessera::FieldError {
                        field: "voucher".into(),
                        message: tessera::said!("voucher-check-code", why = e.to_string()),
                    }]))
                }),
        }
    }

    pub(super) async fn price_with_voucher_impl(
        course_id: CourseId,
        seats: Option<String>,
        voucher: String,
    ) -> Result<super::VoucherPrice, AppError> {
        let seats = seat_count(seats.as_deref())?;
        let Some(code) = voucher_code(Some(&voucher))? else {
            return Err(AppError(ApiError::validation(vec![tessera::FieldError {
                field: "voucher".into(),
                message: tessera::said!("voucher-enter-code"),
            }])));
        };
        // Members only, counted with booking (`BOOKING_PATHS`): codes are
        // not for guessing.
        let user = Some(tessera::UserId(require_user().await?.id));
        let quote =
            tessera::service::vouchers::preview(&db()?, &code, course_id, seats, user, Utc::now())
                .await
                .map_err(ApiError::from)?;
        let lang = crate::i18n::lang();
        let (discount, total) = (quote.discount(), quote.total());
        Ok(super::VoucherPrice {
            code: code.as_str().to_owned(),
            list: quote.list(),
            discount,
            total,
            label: crate::components::booking_actions::book_label(lang, seats.get(), total),
            said: crate::components::booking_actions::voucher_said(
                lang,
                code.as_str(),
                discount,
                total,
            ),
        })
    }

    pub(super) async fn book_course_impl(
        course_id: CourseId,
        seats: Option<String>,
        attendees: Vec<AttendeeForm>,
        voucher: Option<String>,
    ) -> Result<(), AppError> {
        let user = require_user().await?;
        let seats = seat_count(seats.as_deref())?;
        let named = named_attendees(&attendees, seats)?;
        let voucher = voucher_code(voucher.as_deref())?;
        let next = checkout::book(
            &db()?,
            &gateway()?,
            tessera::UserId(user.id),
            &user.email,
            checkout::BookingRequest {
                course: course_id,
                party: &tessera::attendee::Party { seats, named },
                voucher: voucher.as_ref(),
            },
            Utc::now(),
        )
        .await
        .map_err(checkout_error)?;
        go(next);
        Ok(())
    }

    pub(super) async fn name_attendee_impl(
        attendee_id: i64,
        name: String,
        email: String,
    ) -> Result<tessera::attendee::AttendeeView, AppError> {
        let user = require_user().await?;
        let named = named_attendees(&[AttendeeForm { name, email }], tessera::SeatCount::ONE)
            .map_err(|AppError(mut e)| {
                for f in &mut e.fields {
                    f.field = f
                        .field
                        .trim_start_matches("attendees[0][")
                        .trim_end_matches(']')
                        .to_owned();
                }
                AppError(e)
            })?;
        let Some(Some(who)) = named.into_iter().next() else {
            return Err(AppError(ApiError::validation(vec![tessera::FieldError {
                field: "name".into(),
                message: tessera::said!("attendee-name-every-seat"),
            }])));
        };
        let seat = tessera::service::attendees::rename(
            &db()?,
            tessera::UserId(user.id),
            tessera::AttendeeId(attendee_id),
            &who,
            Utc::now(),
        )
        .await
        .map_err(ApiError::from)?;
        Ok(seat)
    }

    pub(super) async fn retry_payment_impl(booking_id: BookingId) -> Result<(), AppError> {
        let user = require_user().await?;
        let next = checkout::retry(
            &db()?,
            &gateway()?,
            tessera::UserId(user.id),
            &user.email,
            booking_id,
            Utc::now(),
        )
        .await
        .map_err(checkout_error)?;
        go(next);
        Ok(())
    }

    pub(super) async fn release_booking_impl(booking_id: BookingId) -> Result<(), AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        cancel::release_hold(
            &db()?,
            &gateway()?,
            policy,
            tessera::UserId(user.id),
            booking_id,
            Utc::now(),
        )
        .await
        .map_err(ApiError::from)?;
        offer_freed_seats(Freed::SeatOf(booking_id)).await;
        leptos_axum::redirect("/bookings");
        Ok(())
    }

    pub(super) async fn my_bookings_impl(page: usize) -> Result<BookingsPage, AppError> {
        let user = require_user().await?;
        let db = db()?;
        let mut page = my_bookings::page(&db, tessera::UserId(user.id), page, Utc::now())
            .await
            .map_err(ApiError::from)?;
        let views = page
            .upcoming
            .iter_mut()
            .chain(&mut page.past)
            .chain(&mut page.ended);
        let titles = views.map(|b| (b.course_id, &mut b.course_title)).chain(
            page.waiting
                .iter_mut()
                .map(|w| (w.course_id, &mut w.course_title)),
        );
        in_reader_language(&db, titles).await?;
        Ok(page)
    }

    pub(super) async fn my_booking_on_impl(
        course_id: CourseId,
    ) -> Result<Option<BookingView>, AppError> {
        let Some(user) = crate::auth::ssr::auth_session().await?.user else {
            return Ok(None);
        };
        let db = db()?;
        let mut mine = my_bookings::active_on(&db, tessera::UserId(user.id), course_id)
            .await
            .map_err(ApiError::from)?;
        if let Some(b) = &mut mine {
            in_reader_language(&db, [(b.course_id, &mut b.course_title)]).await?;
        }
        Ok(mine)
    }

    pub(super) async fn booking_detail_impl(id: BookingId) -> Result<BookingDetail, AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let db = db()?;
        let mut detail = my_bookings::detail(&db, policy, tessera::UserId(user.id), id, Utc::now())
            .await
            .map_err(ApiError::from)?;
        let b = &mut detail.booking;
        in_reader_language(&db, [(b.course_id, &mut b.course_title)]).await?;
        Ok(detail)
    }

    pub(super) async fn cancel_impl(id: BookingId) -> Result<CancelOutcome, AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let outcome = cancel::cancel_booking(
            &db()?,
            &gateway()?,
            policy,
            id,
            Actor::Member(tessera::UserId(user.id)),
            Utc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        offer_freed_seats(Freed::SeatOf(id)).await;
        Ok(match outcome {
            cancel::Cancelled::Released => CancelOutcome::Released,
            cancel::Cancelled::Refunding { .. } => CancelOutcome::Refunding,
            cancel::Cancelled::NoRefund => CancelOutcome::NoRefund,
            cancel::Cancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
        })
    }

    pub(super) async fn move_impl(
        id: BookingId,
        to: tessera::CourseId,
    ) -> Result<Option<tessera::Money>, AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let moved = tessera::service::moves::move_to_run(
            &db()?,
            &gateway()?,
            policy,
            tessera::service::moves::MoveRequest {
                booking: id,
                to,
                actor: Actor::Member(tessera::UserId(user.id)),
                settle: tessera::service::moves::Settle::Difference,
            },
            Utc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        // The seats it left are the old date's waiting list's.
        offer_freed_seats(Freed::Course(moved.from)).await;
        Ok(moved.refund)
    }

    pub(super) async fn pay_to_move_impl(
        id: BookingId,
        to: tessera::CourseId,
    ) -> Result<(), AppError> {
        use tessera::service::moves::{PayToMove, pay_to_move};
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let next = pay_to_move(
            &db()?,
            &gateway()?,
            policy,
            id,
            to,
            tessera::UserId(user.id),
            &user.email,
            Utc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        match next {
            PayToMove::Pay { url } => leptos_axum::redirect(&url),
            PayToMove::Moved(moved) => {
                offer_freed_seats(Freed::Course(moved.from)).await;
                leptos_axum::redirect(&format!("/bookings/{id}"));
            }
        }
        Ok(())
    }

    pub(super) async fn cancel_seat_impl(attendee_id: i64) -> Result<CancelOutcome, AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let (outcome, booking) = cancel::cancel_seat(
            &db()?,
            &gateway()?,
            policy,
            tessera::AttendeeId(attendee_id),
            Actor::Member(tessera::UserId(user.id)),
            Utc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        offer_freed_seats(Freed::SeatOf(booking)).await;
        Ok(seat_outcome(outcome))
    }

    pub(super) async fn payment_result_impl(session_id: String) -> Result<PaymentResult, AppError> {
        let user = require_user().await?;
        let db = db()?;
        let mut result = my_bookings::payment_result(
            &db,
            &gateway()?,
            tessera::UserId(user.id),
            &session_id,
            Utc::now(),
        )
        .await
        .map_err(ApiError::from)?;
        let b = &mut result.booking;
        in_reader_language(&db, [(b.course_id, &mut b.course_title)]).await?;
        Ok(result)
    }

    /// Courses' titles in the reader's language, where they have one.
    async fn in_reader_language<'a>(
        db: &DatabaseConnection,
        titles: impl IntoIterator<Item = (CourseId, &'a mut String)>,
    ) -> Result<(), AppError> {
        let mut titles: Vec<(CourseId, &mut String)> = titles.into_iter().collect();
        let ids = titles.iter().map(|(id, _)| id.get());
        let found = tessera::service::texts::titles_in(db, crate::i18n::lang(), ids)
            .await
            .map_err(|e| AppError::internal("course titles", e))?;
        for (id, title) in &mut titles {
            if let Some(theirs) = found.get(&id.get()) {
                title.clone_from(theirs);
            }
        }
        Ok(())
    }
}
