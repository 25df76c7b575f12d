//! A course as a card in the catalog.

use crate::components::local_time::CourseTime;
use crate::i18n::{format, lang, t};
use chrono::Utc;
use leptos::prelude::*;
use tessera::CourseSummary;
use tessera::course::NotBookable;

/// Seats left, or why it cannot be booked, as a small badge.
#[component]
pub fn AvailabilityBadge(course: CourseSummary) -> impl IntoView {
    let lang = lang();
    let grey = "bg-stone-200 text-stone-700";
    let (text, class) = match course.bookability(Utc::now()) {
        Ok(()) if course.seats_left() <= 3 => (
            t!(lang, "seats-only-left", count = course.seats_left()),
            "bg-amber-100 text-amber-800",
        ),
        Ok(()) => (
            t!(lang, "seats-left", count = course.seats_left()),
            "bg-emerald-100 text-emerald-800",
        ),
        Err(NotBookable::Full) if course.waiting > 0 => (
            t!(lang, "full-waiting", count = course.waiting),
            "bg-rose-100 text-rose-800",
        ),
        Err(NotBookable::Full) => (t!(lang, "full"), "bg-rose-100 text-rose-800"),
        Err(NotBookable::Started) => (t!(lang, "under-way"), grey),
        Err(NotBookable::Ended) => (t!(lang, "past"), grey),
        Err(NotBookable::Cancelled) => (t!(lang, "cancelled"), grey),
        Err(NotBookable::Draft) => (t!(lang, "draft"), grey),
        Err(NotBookable::Unpayable) => (t!(lang, "unavailable"), grey),
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
    let lang = lang();
    let href = format!("/courses/{}", course.id);
    let written = crate::i18n::marked(course.written_in);
    let summary: String = course.description.chars().take(160).collect();
    let ellipsis = if course.description.chars().count() > 160 {
        "…"
    } else {
        ""
    };
    view! {
        // The link is the title alone (a screen reader reads "Sourdough
        // Bread Masterclass, link", not the whole card); its ::after covers
        // the card, so a click anywhere on it follows the link.
        <li class="course-card card group relative p-5 transition focus-within:ring-2 focus-within:ring-teal-600 hover:border-teal-600 hover:shadow-md">
            <div class="flex h-full flex-col gap-3">
                {course.picture.clone().map(|p| view! {
                    <img src=p.smallest() srcset=p.srcset() sizes="(min-width: 640px) 24rem, 100vw" width="480" height="320" alt=p.alt.clone() loading="lazy" decoding="async" class="-mx-5 -mt-5 mb-1 aspect-[3/2] w-[calc(100%+2.5rem)] max-w-none rounded-t-xl object-cover" data-testid="card-picture" />
                })}
                <div class="flex items-start justify-between gap-3">
                    <h2 class="course-title text-lg font-semibold leading-snug text-stone-900 group-hover:text-teal-800">
                        <a href=href lang=written class="after:absolute after:inset-0 after:rounded-xl focus:outline-none">{course.title.clone()}</a>
                    </h2>
                    <span class="course-price shrink-0 text-lg font-semibold text-teal-800">{format::price(lang, course.price)}</span>
                </div>
                {course.topic.clone().map(|topic| view! {
                    <p class="-mt-1 text-xs font-semibold uppercase tracking-wide text-teal-800" data-testid="card-topic">{topic}</p>
                })}
                <p class="text-sm text-stone-600" lang=written>{summary}{ellipsis}</p>
                <div class="mt-auto flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-600">
                    <span class="inline-flex flex-wrap items-center gap-1">
                        <CalendarIcon />
                        {(course.meetings > 1).then(|| format!("{} ", t!(lang, "meetings-from", count = course.meetings)))}
                        <CourseTime at=course.starts() />
                    </span>
                    <span class="inline-flex items-center gap-1">
                        <PinIcon />
                        {course.location.clone()}
                    </span>
                    <AvailabilityBadge course=course.clone() />
                </div>
                {(course.more_dates > 0).then(|| view! {
                    <p class="text-sm font-medium text-teal-800" data-testid="more-dates">
                        {t!(lang, "more-dates", count = course.more_dates)}
                    </p>
                })}
            </div>
        </li>
    }
}

/// A small calendar icon (inline SVG: no icon font, no emoji font needed).
#[component]
pub fn CalendarIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" class="h-4 w-4 text-stone-400" viewBox="0 0 20 20" fill="currentColor">
            <path fill-rule="evenodd" d="M5.75 2a.75.75 0 0 1 .75.75V4h7V2.75a.75.75 0 0 1 1.5 0V4h.25A2.75 2.75 0 0 1 18 6.75v8.5A2.75 2.75 0 0 1 15.25 18H4.75A2.75 2.75 0 0 1 2 15.25v-8.5A2.75 2.75 0 0 1 4.75 4H5V2.75A.75.75 0 0 1 5.75 2Zm-1 5.5c-.69 0-1.25.56-1.25 1.25v6.5c0 .69.56 1.25 1.25 1.25h10.5c.69 0 1.25-.56 1.25-1.25v-6.5c0-.69-.56-1.25-1.25-1.25H4.75Z" clip-rule="evenodd" />
        </svg>
    }
}

/// A small map-pin icon.
#[component]
pub fn PinIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" class="h-4 w-4 text-stone-400" viewBox="0 0 20 20" fill="currentColor">
            <path fill-rule="evenodd" d="m9.69 18.933.003.001C9.89 19.02 10 19 10 19s.11.02.308-.066l.002-.001.006-.003.018-.008a5.741 5.741 0 0 0 .281-.14c.186-.096.446-.24.757-.433.62-.384 1.445-.966 2.274-1.765C15.302 14.988 17 12.493 17 9A7 7 0 1 0 3 9c0 3.492 1.698 5.988 3.355 7.584a13.731 13.731 0 0 0 2.273 1.765 11.842 11.842 0 0 0 .976.544l.062.029.018.008.006.003ZM10 11.25a2.25 2.25 0 1 0 0-4.5 2.25 2.25 0 0 0 0 4.5Z" clip-rule="evenodd" />
        </svg>
    }
}
