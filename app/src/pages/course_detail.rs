//! `/courses/{id}`: everything about one course.

use crate::api::bookings::{BookingView, DisplayStatus, my_booking_on};
use crate::api::catalog::get_course;
use crate::components::booking_actions::BookButton;
use crate::components::course_card::AvailabilityBadge;
use crate::components::local_time::CourseTime;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::components::suspend::suspend;
use crate::pages::not_found::NotFoundMessage;
use crate::pages::{ErrorNotice, Loading};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use tessera::course::{HeldWhilePaying, NotBookable};
use tessera::{CourseId, CourseSummary, ErrorCode};

/// The course page.
#[component]
pub fn CourseDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok())
    };
    let course = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_course(id).await,
            None => {
                #[cfg(feature = "ssr")]
                crate::api::ssr::set_status(404);
                Err(ErrorCode::CourseNotFound.into())
            }
        }
    });
    // Whether the person already holds a seat here (none when signed out).
    let mine = Resource::new(id, |id| async move {
        match id {
            Some(id) => my_booking_on(id).await.ok().flatten(),
            None => None,
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || suspend(async move {
                let (course, mine) = (course.await, mine.await);
                match course {
                    Ok(page) => view! { <CourseDetail course=page.course held=page.held_while_paying mine /> }.into_any(),
                    Err(e) if e.code() == ErrorCode::CourseNotFound => view! { <NotFoundMessage what="course" /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CourseDetail(
    course: CourseSummary,
    held: Option<HeldWhilePaying>,
    mine: Option<BookingView>,
) -> impl IntoView {
    let bookable = course.bookability(Utc::now());
    let description = course.description.clone();
    let summary: String = description.chars().take(150).collect();
    view! {
        <Title text=course.title.clone() />
        <Meta name="description" content=summary />
        <a href=crate::pages::courses::catalog_href() class="text-sm font-medium text-teal-700 hover:underline">"← All courses"</a>
        <article class="mt-4 grid gap-8 lg:grid-cols-3">
            <div class="lg:col-span-2">
                <h1 class="text-3xl font-semibold tracking-tight">{course.title.clone()}</h1>
                <div class="mt-6 space-y-4 whitespace-pre-line leading-relaxed text-stone-700">{description}</div>
            </div>
            <aside class="h-fit rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
                <p class="text-3xl font-semibold text-teal-800" data-testid="price">{course.price.to_string()}</p>
                <dl class="mt-4 space-y-3 text-sm">
                    <div>
                        <dt class="font-medium text-stone-500">"Starts"</dt>
                        <dd><CourseTime at=course.starts() /></dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">"Ends"</dt>
                        <dd><CourseTime at=course.ends() /></dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">"Where"</dt>
                        <dd>{course.location.clone()}</dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">"Seats"</dt>
                        <dd class="flex items-center gap-2">
                            {format!("{} of {} left", course.seats_left(), course.capacity)}
                            <AvailabilityBadge course=course.clone() />
                        </dd>
                    </div>
                </dl>
                <div class="mt-5 border-t border-stone-100 pt-4 text-sm">
                    {match (mine, bookable) {
                        (Some(b), _) => view! { <YourBooking booking=b /> }.into_any(),
                        (None, Ok(())) => view! { <BookButton course=course.clone() /> }.into_any(),
                        (None, Err(reason)) => view! {
                            <p class="font-medium text-stone-700" data-testid="booking-status">{reason.reason()}</p>
                            {(reason == NotBookable::Full).then(|| view! { <WhenSeatsFree held /> })}
                        }.into_any(),
                    }}
                </div>
            </aside>
        </article>
    }
}

/// In place of "Book" on a course the person already holds a seat on.
#[component]
fn YourBooking(booking: BookingView) -> impl IntoView {
    let href = format!("/bookings/{}", booking.id);
    let (line, link) = match booking.status {
        DisplayStatus::Confirmed => ("You're booked on this course.", "View your booking"),
        DisplayStatus::PaymentProcessing => (
            "You're booked; your payment is being processed.",
            "View your booking",
        ),
        _ => ("Your seat is held until you pay.", "Complete your booking"),
    };
    view! {
        <div data-testid="your-booking">
            <p class="font-medium text-stone-800">{line}</p>
            <a href=href class="btn-primary mt-3 inline-block">{link}</a>
        </div>
    }
}

/// Under "This course is full": whether a seat may still free up.
#[component]
fn WhenSeatsFree(held: Option<HeldWhilePaying>) -> impl IntoView {
    let text = "text-stone-600";
    match held {
        Some(h) => {
            let seats = if h.seats == 1 {
                "One seat is".to_owned()
            } else {
                format!("{} seats are", h.seats)
            };
            view! {
                <p class=format!("mt-2 {text}") data-testid="seats-may-free">
                    {seats} " held by people still paying. If a payment isn't made, its seat comes free again: the first by "
                    <LocalTime at=h.first_ends format=TimeFormat::Time /> ". Check back then."
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class=format!("mt-2 {text}") data-testid="seats-may-free">
                "Every seat is taken and paid for; one comes free only if someone cancels."
            </p>
        }
        .into_any(),
    }
}
