//! `/courses`: the catalog. Filter, order and page live in the URL and are
//! applied by the server (`tessera::catalog`), so Back, reload and shared
//! links keep them, and the page works the same before hydration.

use crate::api::catalog::{catalog_topics, list_courses};
use crate::components::course_card::CourseCard;
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use tessera::catalog::{
    CatalogDates, CatalogFilter, CatalogNarrowing, CatalogPage, CatalogQuery, CatalogSort,
    CatalogWhen, MatchCount, PageNumber,
};
use tessera::topic::TopicSlug;

/// The catalog view (filter, order, page) last shown in this tab, so that
/// "← All courses" on a course page goes back to it. Only navigation inside
/// the app sets it: a course page loaded on its own links the plain catalog,
/// the same on the server and after hydration.
#[derive(Clone, Copy)]
pub struct LastCatalogView(RwSignal<Option<String>>);

/// Puts the (empty) last view in context, once for the app.
pub fn provide_last_catalog_view() {
    provide_context(LastCatalogView(RwSignal::new(None)));
}

/// Where "← All courses" leads.
pub fn catalog_href() -> Signal<String> {
    let last = use_context::<LastCatalogView>();
    Signal::derive(move || {
        last.and_then(|l| l.0.get())
            .unwrap_or_else(|| "/courses".to_owned())
    })
}

/// The catalog page.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| CatalogQuery::from_url(|k| p.get_str(k))));
    if let Some(LastCatalogView(last)) = use_context::<LastCatalogView>() {
        Effect::new(move |_| last.set(Some(query.get().href())));
    }
    let courses = Resource::new(
        move || query.get(),
        |q| async move {
            let page = list_courses(
                q.filter.as_str().to_owned(),
                q.sort,
                q.when,
                q.page.get(),
                q.instructor,
                Some(CatalogNarrowing::of(&q)),
            )
            .await;
            (q, page)
        },
    );
    // Loaded once: the menu stays put (and keeps focus) while the list
    // follows it.
    let topics = Resource::new(|| (), |_| catalog_topics());
    let initial = query.get_untracked();
    // The query this page last put in the URL: a URL that says otherwise
    // came from Back, Forward or a link, and the fields follow it; one that
    // says the same came from the fields, which are left as they are (a
    // half-typed date stays).
    let pushed = StoredValue::new(initial.clone());
    let navigate = use_navigate();
    let go = move |q: CatalogQuery, replace: bool| {
        pushed.set_value(q.clone());
        navigate(
            &q.href(),
            NavigateOptions {
                replace,
                scroll: !replace,
                ..Default::default()
            },
        )
    };
    let filter_input = NodeRef::<leptos::html::Input>::new();
    let sort_select = NodeRef::<leptos::html::Select>::new();
    let topic_select = NodeRef::<leptos::html::Select>::new();
    let dates_select = NodeRef::<leptos::html::Select>::new();
    let from_input = NodeRef::<leptos::html::Input>::new();
    let to_input = NodeRef::<leptos::html::Input>::new();
    let seats_box = NodeRef::<leptos::html::Input>::new();
    // The query the fields say, on the page shown.
    let read_fields = move || {
        let mut q = query.get_untracked();
        if let Some(input) = filter_input.get_untracked() {
            q.filter = CatalogFilter::from_url(&input.value());
        }
        if let Some(select) = sort_select.get_untracked() {
            q.sort = CatalogSort::from_param(&select.value());
        }
        if let Some(select) = topic_select.get_untracked() {
            q.topic = TopicSlug::parse(&select.value()).ok();
        }
        if let (Some(dates), Some(from), Some(to)) = (
            dates_select.get_untracked(),
            from_input.get_untracked(),
            to_input.get_untracked(),
        ) {
            let (dates, from, to) = (dates.value(), from.value(), to.value());
            q.dates = CatalogDates::from_url(Some(dates.as_str()), Some(&from), Some(&to));
        }
        if let Some(seats) = seats_box.get_untracked() {
            q.seats_left = seats.checked();
        }
        q
    };
    // A changed field starts again from the first page.
    let from_fields = move || CatalogQuery {
        cursor: None,
        ..read_fields().on_page(PageNumber::FIRST)
    };
    let go_typed = go.clone();
    Effect::new(move |ran_before: Option<()>| {
        let q = query.get();
        let (Some(input), Some(select)) = (filter_input.get(), sort_select.get()) else {
            return;
        };
        if ran_before.is_none() {
            // Typed or chosen before the page hydrated: keep it and apply
            // it (a later page loaded as it is stays that page).
            if read_fields() != q {
                go_typed(from_fields(), true);
            }
            return;
        }
        if pushed.get_value() == q {
            return;
        }
        pushed.set_value(q.clone());
        input.set_value(q.filter.as_str());
        select.set_value(q.sort.as_param());
        if let Some(topic) = topic_select.get_untracked() {
            topic.set_value(q.topic.as_ref().map(TopicSlug::as_str).unwrap_or_default());
        }
        let (from, to) = q.dates.days();
        if let (Some(dates), Some(from_field), Some(to_field)) = (
            dates_select.get_untracked(),
            from_input.get_untracked(),
            to_input.get_untracked(),
        ) {
            dates.set_value(q.dates.preset());
            from_field.set_value(&from.map(|d| d.to_string()).unwrap_or_default());
            to_field.set_value(&to.map(|d| d.to_string()).unwrap_or_default());
        }
        if let Some(seats) = seats_box.get_untracked() {
            seats.set_checked(q.seats_left);
        }
    });
    let go_input = go.clone();
    let go_sort = go.clone();
    let go_submit = go.clone();
    let go_topic = go.clone();
    let go_preset = go.clone();
    let go_days = go.clone();
    let go_seats = go.clone();
    let past = initial.when == CatalogWhen::Past;
    let (from_day, to_day) = initial.dates.days();
    let initial_topic = initial.topic.clone();
    view! {
        <Title text=if past { "Past courses" } else { "Courses" } />
        <Meta name="description" content="Upcoming courses with dates, places, prices and the seats left; book and pay online." />
        <div>
            <h1 class="text-2xl font-semibold tracking-tight">
                {if past { "Past courses" } else { "Courses" }}
            </h1>
            <p class="mt-1 text-sm text-stone-600">"Course times are at the venue's local time."</p>
        </div>
        // A plain GET form: without JavaScript, Enter or "Apply" loads the
        // filtered page; with it, the list follows every keystroke and choice.
        <form
            method="get"
            action="/courses"
            role="search"
            aria-label="Find courses"
            class="mt-4 grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap"
            on:submit=move |ev| {
                ev.prevent_default();
                go_submit(from_fields(), false);
            }
        >
            <label class="col-span-2 flex min-w-0 flex-col text-xs font-medium text-stone-600">
                "Search"
                <input
                    type="search"
                    name="q"
                    node_ref=filter_input
                    maxlength=CatalogFilter::MAX_CHARS
                    value=initial.filter.as_str().to_owned()
                    placeholder="Words from a title, place or description"
                    class=format!("{FIELD} w-full sm:w-72")
                    on:input=move |_| go_input(from_fields(), true)
                />
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                "Topic"
                <Suspense fallback=move || view! { <select name="topic" class=FIELD disabled=true><option>"Any topic"</option></select> }>
                    {
                        let initial_topic = initial_topic.clone();
                        let go_topic = go_topic.clone();
                        move || {
                            let initial_topic = initial_topic.clone();
                            let go_topic = go_topic.clone();
                            Suspend::new(async move {
                                let topics = topics.await.unwrap_or_default();
                                view! {
                                    <select name="topic" node_ref=topic_select class=FIELD on:change=move |_| go_topic(from_fields(), false)>
                                        <option value="">"Any topic"</option>
                                        // A link's topic no longer on the list stays chosen
                                        // (and finds nothing) rather than vanishing.
                                        {initial_topic.clone().filter(|slug| !topics.iter().any(|t| &t.slug == slug)).map(|slug| view! {
                                            <option value=slug.to_string() selected=true>{slug.to_string()}</option>
                                        })}
                                        {topics.into_iter().map(|t| {
                                            let chosen = initial_topic.as_ref() == Some(&t.slug);
                                            view! { <option value=t.slug.to_string() selected=chosen>{t.name}</option> }
                                        }).collect_view()}
                                    </select>
                                }
                            })
                        }
                    }
                </Suspense>
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                "When"
                <select
                    name="dates"
                    node_ref=dates_select
                    class=FIELD
                    on:change=move |_| {
                        // A named span replaces chosen days.
                        if let (Some(from), Some(to)) = (from_input.get_untracked(), to_input.get_untracked()) {
                            from.set_value("");
                            to.set_value("");
                        }
                        go_preset(from_fields(), false)
                    }
                >
                    {CatalogDates::PRESETS
                        .into_iter()
                        .map(|(value, label)| {
                            view! { <option value=value selected=value == initial.dates.preset()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                "From"
                <input
                    type="date"
                    name="from"
                    node_ref=from_input
                    value=from_day.map(|d| d.to_string()).unwrap_or_default()
                    class=FIELD
                    on:change={
                        let go_days = go_days.clone();
                        move |_| {
                            if let Some(dates) = dates_select.get_untracked() {
                                dates.set_value("");
                            }
                            go_days(from_fields(), false)
                        }
                    }
                />
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                "To"
                <input
                    type="date"
                    name="to"
                    node_ref=to_input
                    value=to_day.map(|d| d.to_string()).unwrap_or_default()
                    class=FIELD
                    on:change=move |_| {
                        if let Some(dates) = dates_select.get_untracked() {
                            dates.set_value("");
                        }
                        go_days(from_fields(), false)
                    }
                />
            </label>
            <label class="flex flex-col text-xs font-medium text-stone-600">
                "Sort by"
                <select
                    name="sort"
                    node_ref=sort_select
                    class=FIELD
                    on:change=move |_| go_sort(from_fields(), false)
                >
                    {CatalogSort::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_param() selected=s == initial.sort>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="col-span-2 flex items-center gap-2 py-2 text-sm text-stone-800 sm:col-span-1">
                <input
                    type="checkbox"
                    name="seats"
                    value="left"
                    node_ref=seats_box
                    checked=initial.seats_left
                    class="h-4 w-4 rounded border-stone-300 text-teal-700 focus:ring-teal-600"
                    on:change=move |_| go_seats(from_fields(), false)
                />
                "Seats left only"
            </label>
            {past.then(|| view! { <input type="hidden" name="when" value="past" /> })}
            {initial.instructor.map(|id| view! { <input type="hidden" name="instructor" value=id.to_string() /> })}
            // Only without JavaScript is there anything to press.
            <noscript inner_html=r#"<button type="submit" class="rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800">Apply</button>"# />
        </form>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let (q, page) = courses.await;
                match page {
                    Ok(page) => view! { <Results page query=q /> }.into_any(),
                    Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A field of the catalog's form.
const FIELD: &str = "mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";

/// The courses on this page, how many match, and the way to the others.
#[component]
fn Results(page: CatalogPage, query: CatalogQuery) -> impl IntoView {
    let filtered = !query.filter.is_empty();
    let narrowed = query.narrowed();
    let past = query.when == CatalogWhen::Past;
    let count = match page.matching {
        MatchCount::Exactly(0) => String::new(),
        n if filtered => format!("{} match “{}”", n.text(), query.filter.as_str()),
        n => n.text(),
    };
    let empty = page.courses.is_empty();
    let first_page = query.page == PageNumber::FIRST;
    // Next and Previous say which course the page starts beside, so the
    // database seeks there instead of counting.
    let previous = match page.courses.first() {
        Some(first) => query.previous_page(first),
        None => query.page.previous().map(|p| query.on_page(p)),
    }
    .map(|q| q.href());
    let next = page
        .has_next
        .then(|| page.courses.last().and_then(|last| query.next_page(last)))
        .flatten()
        .map(|q| q.href());
    let other_view = CatalogQuery {
        when: if past {
            CatalogWhen::Upcoming
        } else {
            CatalogWhen::Past
        },
        ..CatalogQuery::default()
    }
    .href();
    let everyone = CatalogQuery {
        instructor: None,
        page: PageNumber::FIRST,
        ..query.clone()
    }
    .href();
    let clear_all = CatalogQuery {
        when: query.when,
        ..CatalogQuery::default()
    }
    .href();
    view! {
        {page.taught_by.clone().map(|name| view! {
            <p class="mt-4 text-sm text-stone-700" data-testid="taught-by-filter">
                "Courses taught by " <strong>{name}</strong> " · "
                <a class="font-medium text-teal-800 underline" href=everyone>"Show every course"</a>
            </p>
        })}
        // Announced to screen readers as the list changes under the filter.
        <p class="mt-6 min-h-5 text-sm text-stone-500" data-testid="course-count" role="status" aria-live="polite">
            {count}
        </p>
        {if empty && filtered {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    "No course matches “" {query.filter.as_str().to_owned()} "”"
                    {(query.topic.is_some() || query.seats_left || query.dates != CatalogDates::Any).then_some(" with these choices")}
                    ". "
                    <a class="font-medium text-teal-800 underline" href=clear_all.clone()>"Show every course"</a>
                </p>
            }
            .into_any()
        } else if empty && narrowed {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    "No course matches these choices. "
                    <a class="font-medium text-teal-800 underline" href=clear_all.clone()>"Show every course"</a>
                </p>
            }
            .into_any()
        } else if empty && !first_page {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    "There are no more courses here. "
                    <a class="font-medium text-teal-800 underline" href=query.on_page(PageNumber::FIRST).href()>"Back to the first page"</a>
                </p>
            }
            .into_any()
        } else if empty {
            view! {
                <div class="mt-8 rounded-xl border border-dashed border-stone-300 bg-white p-10 text-center text-stone-600">
                    <p class="font-medium">
                        {if past { "No course has taken place yet." } else { "No courses are on offer yet." }}
                    </p>
                    <p class="mt-1 text-sm">"Check back soon — new dates are added regularly."</p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <ul class="mt-3 grid gap-4 sm:grid-cols-2" data-testid="course-list">
                    {page.courses.into_iter().map(|course| view! { <CourseCard course /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {(previous.is_some() || next.is_some()).then(|| view! {
            <nav aria-label="Pages" class="mt-6 flex items-center justify-between gap-3 text-sm" data-testid="pages">
                {match previous {
                    Some(href) => view! { <a class="rounded-lg border border-stone-300 bg-white px-3 py-2 font-medium text-stone-800 hover:border-teal-600" rel="prev" href=href>"← Previous"</a> }.into_any(),
                    None => view! { <span></span> }.into_any(),
                }}
                <span class="text-stone-500">{format!("Page {}", query.page.get())}</span>
                {match next {
                    Some(href) => view! { <a class="rounded-lg border border-stone-300 bg-white px-3 py-2 font-medium text-stone-800 hover:border-teal-600" rel="next" href=href>"Next →"</a> }.into_any(),
                    None => view! { <span></span> }.into_any(),
                }}
            </nav>
        })}
        <p class="mt-8 text-sm">
            <a class="font-medium text-teal-800 underline" href=other_view data-testid="other-view">
                {if past { "← Upcoming courses" } else { "Past courses →" }}
            </a>
        </p>
    }
}
