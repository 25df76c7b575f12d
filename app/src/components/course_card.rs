//! A course as a card in the catalog.

use crate::components::local_time::{LocalTime, TimeFormat};
use chrono::Utc;
use leptos::prelude::*;
use tessera::CourseSummary;
use tessera::course::NotBookable;

/// Seats left, or why it cannot be booked, as a small badge.
#[component]
pub fn AvailabilityBadge(course: CourseSummary) -> impl IntoView {
    let (text, class) = match course.bookability(Utc::now()) {
        Ok(()) if course.seats_left() <= 3 => (
            format!("Only {} left", course.seats_left()),
            "bg-amber-100 text-amber-800",
        ),
        Ok(()) => (format!("{} seats left", course.seats_left()), "bg-emerald-100 text-emerald-800"),
        Err(NotBookable::Full) => ("Full".to_owned(), "bg-rose-100 text-rose-800"),
        Err(NotBookable::Started) => ("Past".to_owned(), "bg-stone-200 text-stone-700"),
        Err(NotBookable::Cancelled) => ("Cancelled".to_owned(), "bg-stone-200 text-stone-700"),
        Err(NotBookable::Draft) => ("Draft".to_owned(), "bg-stone-200 text-stone-700"),
    };
    view! {
        <span class=format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold {class}")>
            {text}
        </span>
    }
}

/// One course in the list.
#[component]
pub fn CourseCard(course: CourseSummary) -> impl IntoView {
    let href = format!("/courses/{}", course.id);
    let summary: String = course.description.chars().take(160).collect();
    let ellipsis = if course.description.chars().count() > 160 { "…" } else { "" };
    view! {
        <li class="course-card group rounded-xl border border-stone-200 bg-white p-5 shadow-sm transition hover:border-teal-600 hover:shadow-md">
            <a href=href class="flex h-full flex-col gap-3">
                <div class="flex items-start justify-between gap-3">
                    <h2 class="course-title text-lg font-semibold leading-snug text-stone-900 group-hover:text-teal-800">
                        {course.title.clone()}
                    </h2>
                    <span class="course-price shrink-0 text-lg font-semibold text-teal-800">{course.price.to_string()}</span>
                </div>
                <p class="text-sm text-stone-600">{summary}{ellipsis}</p>
                <div class="mt-auto flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-600">
                    <span class="inline-flex items-center gap-1">
                        <span aria-hidden="true">"📅"</span>
                        <LocalTime at=course.starts_at format=TimeFormat::DateTime />
                    </span>
                    <span class="inline-flex items-center gap-1">
                        <span aria-hidden="true">"📍"</span>
                        {course.location.clone()}
                    </span>
                    <AvailabilityBadge course=course.clone() />
                </div>
            </a>
        </li>
    }
}
