//! `/courses`: the catalog, with a filter and sort that run in the browser.

use crate::api::catalog::list_courses;
use crate::components::course_card::CourseCard;
use crate::components::loaded::Loaded;
use crate::components::suspend::suspend;
use crate::hydration::page_resource;
use crate::pages::{ErrorNotice, Loading};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Title;
use std::cmp::Ordering;
use tessera::CourseSummary;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Upcoming first, soonest first (the server's order).
    Date,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Most seats left first.
    SeatsLeft,
}

impl SortBy {
    fn from_value(v: &str) -> SortBy {
        match v {
            "price-asc" => SortBy::PriceAsc,
            "price-desc" => SortBy::PriceDesc,
            "seats" => SortBy::SeatsLeft,
            _ => SortBy::Date,
        }
    }
}

/// Orders prices within a currency. Amounts in different currencies are not
/// comparable without exchange rates, so courses are grouped by currency
/// (by code) and sorted by amount inside each group.
fn compare_price(a: &CourseSummary, b: &CourseSummary, descending: bool) -> Ordering {
    let (ma, mb) = (a.price.money(), b.price.money());
    let by_amount = ma.minor().cmp(&mb.minor());
    ma.currency()
        .code()
        .cmp(mb.currency().code())
        .then(if descending {
            by_amount.reverse()
        } else {
            by_amount
        })
}

/// Keeps the courses matching `query` (title, description, location) in the
/// chosen order. Bookable courses stay ahead of past and cancelled ones.
pub fn filter_and_sort(list: &[CourseSummary], query: &str, sort: SortBy) -> Vec<CourseSummary> {
    let q = query.trim().to_lowercase();
    let mut items: Vec<CourseSummary> = list
        .iter()
        .filter(|c| {
            q.is_empty()
                || c.title.to_lowercase().contains(&q)
                || c.description.to_lowercase().contains(&q)
                || c.location.to_lowercase().contains(&q)
        })
        .cloned()
        .collect();
    if sort != SortBy::Date {
        let now = Utc::now();
        items.sort_by(|a, b| {
            let rank = |c: &CourseSummary| c.bookability(now).is_err();
            rank(a).cmp(&rank(b)).then_with(|| match sort {
                SortBy::PriceAsc => compare_price(a, b, false),
                SortBy::PriceDesc => compare_price(a, b, true),
                SortBy::SeatsLeft => b.seats_left().cmp(&a.seats_left()),
                SortBy::Date => Ordering::Equal,
            })
        });
    }
    items
}

/// The catalog page.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let courses = page_resource(|| (), |_| list_courses());
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(SortBy::Date);
    view! {
        <Title text="Courses" />
        <div class="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight">"Courses"</h1>
                <p class="mt-1 text-sm text-stone-600">"Times are shown in your time zone."</p>
            </div>
            // Side by side, the filter shrinks before the row outgrows a phone.
            <div class="flex gap-3">
                <label class="flex min-w-0 flex-1 flex-col text-xs font-medium text-stone-600 sm:flex-none">
                    "Filter"
                    <input
                        type="search"
                        name="q"
                        placeholder="Title, topic or place"
                        class="mt-1 w-full rounded-lg border sm:w-56 border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600/20"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <label class="flex flex-col text-xs font-medium text-stone-600">
                    "Sort by"
                    <select
                        name="sort"
                        class="mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none"
                        on:change=move |ev| sort.set(SortBy::from_value(&event_target_value(&ev)))
                    >
                        <option value="date">"Date"</option>
                        <option value="price-asc">"Price: low to high"</option>
                        <option value="price-desc">"Price: high to low"</option>
                        <option value="seats">"Seats left"</option>
                    </select>
                </label>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || suspend(async move {
                Loaded(match courses.await {
                    Ok(list) => view! { <CourseList list query sort /> }.into_any(),
                    Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                })
            })}
        </Suspense>
    }
}

#[component]
fn CourseList(
    list: Vec<CourseSummary>,
    query: RwSignal<String>,
    sort: RwSignal<SortBy>,
) -> impl IntoView {
    if list.is_empty() {
        return view! {
            <div class="mt-8 rounded-xl border border-dashed border-stone-300 bg-white p-10 text-center text-stone-600">
                <p class="font-medium">"No courses are on offer yet."</p>
                <p class="mt-1 text-sm">"Check back soon — new dates are added regularly."</p>
            </div>
        }
        .into_any();
    }
    let visible = Memo::new(move |_| filter_and_sort(&list, &query.get(), sort.get()));
    view! {
        <p class="mt-6 text-sm text-stone-500" data-testid="course-count">
            {move || {
                let n = visible.with(Vec::len);
                if n == 1 { "1 course".to_owned() } else { format!("{n} courses") }
            }}
        </p>
        <ul class="mt-3 grid gap-4 sm:grid-cols-2" data-testid="course-list">
            <For each=move || visible.get() key=|c| c.id let:course>
                <CourseCard course />
            </For>
        </ul>
        <Show when=move || visible.with(Vec::is_empty)>
            <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                "No course matches “" {move || query.get()} "”."
            </p>
        </Show>
    }
    .into_any()
}
