//! `/courses`: the catalog. Filter, order and page live in the URL and are
//! applied by the server (`tessera::catalog`), so Back, reload and shared
//! links keep them, and the page works the same before hydration.

use crate::api::catalog::{catalog_topics, list_courses};
use crate::components::course_card::CourseCard;
use crate::i18n::{Lang, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use tessera::catalog::{
    CatalogDates, CatalogFilter, CatalogNarrowing, CatalogPage, CatalogQuery, CatalogSort,
    CatalogWhen, MatchCount, PageNumber,
};
use tessera::topic::{Topic, TopicSlug};

/// The catalog page.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let params = use_query_map();
    let query = params.with_untracked(|p| CatalogQuery::from_url(|k| p.get_str(k)));
    let courses = {
        let q = query.clone();
        Resource::new(
            || (),
            move |_| {
                let q = q.clone();
                async move {
                    list_courses(
                        q.filter.as_str().to_owned(),
                        q.sort,
                        q.when,
                        q.page.get(),
                        q.instructor,
                        Some(CatalogNarrowing::of(&q)),
                    )
                    .await
                }
            },
        )
    };
    let topics = Resource::new(|| (), |_| catalog_topics());
    let past = query.when == CatalogWhen::Past;
    let form_query = query.clone();
    let lang = lang();
    let title = t!(
        lang,
        if past {
            "catalog-title-past"
        } else {
            "catalog-title"
        }
    );
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=t!(lang, "catalog-description") />
        <div>
            <h1 class="text-2xl font-semibold tracking-tight">{title}</h1>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "catalog-times-note")}</p>
        </div>
        <Suspense fallback=|| ()>
            {move || {
                let query = form_query.clone();
                Suspend::new(async move {
                    let topics = topics.await.unwrap_or_default();
                    view! { <CatalogForm query topics words=CatalogWords::new(lang) /> }
                })
            }}
        </Suspense>
        // What the form replaces as it changes (`show`).
        <div id=RESULTS>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match courses.await {
                            Ok(page) => view! { <Results page query /> }.into_any(),
                            Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The element holding the courses the form found.
const RESULTS: &str = "catalog-results";

/// The form's words in the page's language: an island is handed its
/// words, so the browser build carries no translations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogWords {
    find: String,
    search: String,
    placeholder: String,
    topic: String,
    any_topic: String,
    when: String,
    /// Each named span's URL value and label.
    dates: Vec<(String, String)>,
    from: String,
    to: String,
    sort_by: String,
    /// Each order's URL value and label.
    sorts: Vec<(String, String)>,
    seats_only: String,
    apply: String,
}

impl CatalogWords {
    fn new(lang: Lang) -> CatalogWords {
        CatalogWords {
            find: t!(lang, "catalog-find"),
            search: t!(lang, "catalog-search"),
            placeholder: t!(lang, "catalog-search-placeholder"),
            topic: t!(lang, "catalog-topic"),
            any_topic: t!(lang, "catalog-any-topic"),
            when: t!(lang, "catalog-when"),
            dates: CatalogDates::PRESETS
                .into_iter()
                .map(|(value, id)| (value.to_owned(), t!(lang, id)))
                .collect(),
            from: t!(lang, "catalog-from"),
            to: t!(lang, "catalog-to"),
            sort_by: t!(lang, "catalog-sort-by"),
            sorts: CatalogSort::ALL
                .into_iter()
                .map(|s| (s.as_param().to_owned(), s.label(lang)))
                .collect(),
            seats_only: t!(lang, "catalog-seats-only"),
            apply: t!(lang, "catalog-apply"),
        }
    }
}

/// The catalog's form: a plain GET form (without JavaScript, Enter or
/// "Apply" loads the filtered page); as an island, the list follows every
/// keystroke and choice, and the address with it.
#[island]
fn CatalogForm(query: CatalogQuery, topics: Vec<Topic>, words: CatalogWords) -> impl IntoView {
    let filter_input = NodeRef::<leptos::html::Input>::new();
    let sort_select = NodeRef::<leptos::html::Select>::new();
    let topic_select = NodeRef::<leptos::html::Select>::new();
    let dates_select = NodeRef::<leptos::html::Select>::new();
    let from_input = NodeRef::<leptos::html::Input>::new();
    let to_input = NodeRef::<leptos::html::Input>::new();
    let seats_box = NodeRef::<leptos::html::Input>::new();
    let initial = query;
    let base = StoredValue::new(initial.clone());
    // The query the fields say.
    let read_fields = move || {
        let mut q = base.get_value();
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
    let shown = StoredValue::new(initial.href());
    let go = move |q: CatalogQuery, replace: bool| {
        let href = q.href();
        shown.set_value(href.clone());
        #[cfg(feature = "hydrate")]
        show::results_of(href, replace);
        #[cfg(not(feature = "hydrate"))]
        let _ = (href, replace);
    };
    // Typed or chosen before the page ran: applied now.
    #[cfg(feature = "hydrate")]
    {
        let first = initial.clone();
        Effect::new(move |_| {
            if filter_input.get().is_some() && read_fields() != first {
                go(from_fields(), true);
            }
        });
        // Back and Forward between the addresses the form wrote load that
        // page (a link to `#main` leaves the address as it is).
        let back = window_event_listener(leptos::ev::popstate, move |_| {
            let location = window().location();
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            if here != shown.get_value() {
                let _ = location.reload();
            }
        });
        on_cleanup(move || back.remove());
    }
    let past = initial.when == CatalogWhen::Past;
    let (from_day, to_day) = initial.dates.days();
    let initial_topic = initial.topic.clone();
    view! {
        <form
            method="get"
            action="/courses"
            role="search"
            aria-label=words.find
            class="mt-4 grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap"
            on:submit=move |ev| {
                ev.prevent_default();
                go(from_fields(), false);
            }
        >
            <label class="col-span-2 flex min-w-0 flex-col text-xs font-medium text-stone-600">
                {words.search}
                <input
                    type="search"
                    name="q"
                    node_ref=filter_input
                    maxlength=CatalogFilter::MAX_CHARS
                    value=initial.filter.as_str().to_owned()
                    placeholder=words.placeholder
                    class=format!("{FIELD} w-full sm:w-72")
                    on:input=move |_| go(from_fields(), true)
                />
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                {words.topic}
                <select name="topic" node_ref=topic_select class=FIELD on:change=move |_| go(from_fields(), false)>
                    <option value="">{words.any_topic}</option>
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
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                {words.when}
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
                        go(from_fields(), false)
                    }
                >
                    {words.dates
                        .into_iter()
                        .map(|(value, label)| {
                            let chosen = value == initial.dates.preset();
                            view! { <option value=value selected=chosen>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                {words.from}
                <input
                    type="date"
                    name="from"
                    node_ref=from_input
                    value=from_day.map(|d| d.to_string()).unwrap_or_default()
                    class=FIELD
                    on:change=move |_| {
                        if let Some(dates) = dates_select.get_untracked() {
                            dates.set_value("");
                        }
                        go(from_fields(), false)
                    }
                />
            </label>
            <label class="flex min-w-0 flex-col text-xs font-medium text-stone-600">
                {words.to}
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
                        go(from_fields(), false)
                    }
                />
            </label>
            <label class="flex flex-col text-xs font-medium text-stone-600">
                {words.sort_by}
                <select
                    name="sort"
                    node_ref=sort_select
                    class=FIELD
                    on:change=move |_| go(from_fields(), false)
                >
                    {words.sorts
                        .into_iter()
                        .map(|(value, label)| {
                            let chosen = value == initial.sort.as_param();
                            view! { <option value=value selected=chosen>{label}</option> }
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
                    on:change=move |_| go(from_fields(), false)
                />
                {words.seats_only}
            </label>
            {past.then(|| view! { <input type="hidden" name="when" value="past" /> })}
            {initial.instructor.map(|id| view! { <input type="hidden" name="instructor" value=id.to_string() /> })}
            // Only without JavaScript is there anything to press.
            <noscript inner_html=format!(
                r#"<button type="submit" class="rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800">{}</button>"#,
                words.apply.replace('&', "&amp;").replace('<', "&lt;")
            ) />
        </form>
    }
}

/// Showing another catalog page's courses in this one, as the form changes.
#[cfg(feature = "hydrate")]
mod show {
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    thread_local! {
        /// The address asked for last: an answer for another (an earlier
        /// keystroke's) that arrives after it is dropped, and asking for it
        /// again while it is shown or on its way asks nothing.
        static WANTED: RefCell<String> = const { RefCell::new(String::new()) };
    }

    /// Fetches `href` and puts its courses in place of these, with its
    /// address (replacing this one as the person types, added to the
    /// history for a choice). Anything going wrong loads `href` whole.
    pub fn results_of(href: String, replace: bool) {
        let asked = WANTED.with(|w| w.replace(href.clone()));
        if asked == href {
            return;
        }
        leptos::task::spawn_local(async move {
            if swap(&href, replace).await.is_none() {
                let _ = window().location().set_href(&href);
            }
        });
    }

    async fn swap(href: &str, replace: bool) -> Option<()> {
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(href))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let html = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        if WANTED.with(|w| *w.borrow() != href) {
            return Some(());
        }
        let fresh = web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .ok()?;
        let doc = document();
        let here = doc.get_element_by_id(super::RESULTS)?;
        let found = fresh.get_element_by_id(super::RESULTS)?;
        // The count is a live region: kept, with the new words, so a
        // screen reader announces them.
        let live = here.query_selector("[role=status]").ok().flatten();
        here.set_inner_html(&found.inner_html());
        if let (Some(live), Some(new)) = (live, here.query_selector("[role=status]").ok().flatten())
        {
            live.set_text_content(new.text_content().as_deref());
            let _ = new.replace_with_with_node_1(&live);
        }
        crate::components::local_time::localize(&here);
        doc.set_title(&fresh.title());
        let history = window().history().ok()?;
        let url = Some(href);
        if replace {
            history
                .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
                .ok()?;
        } else {
            history
                .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
                .ok()?;
        }
        Some(())
    }
}

/// A field of the catalog's form.
const FIELD: &str = "mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";

/// The courses on this page, how many match, and the way to the others.
#[component]
fn Results(page: CatalogPage, query: CatalogQuery) -> impl IntoView {
    let lang = lang();
    let filtered = !query.filter.is_empty();
    let narrowed = query.narrowed();
    let past = query.when == CatalogWhen::Past;
    let count = match page.matching {
        MatchCount::Exactly(0) => String::new(),
        n if filtered => t!(
            lang,
            "catalog-count-match",
            courses = n.text(lang),
            filter = query.filter.as_str()
        ),
        n => n.text(lang),
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
                {t!(lang, "catalog-taught-by", name = name)} " · "
                <a class="font-medium text-teal-800 underline" href=everyone>{t!(lang, "catalog-show-all")}</a>
            </p>
        })}
        // Announced to screen readers as the list changes under the filter.
        <p class="mt-6 min-h-5 text-sm text-stone-500" data-testid="course-count" role="status" aria-live="polite">
            {count}
        </p>
        {if empty && filtered {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    {if query.topic.is_some() || query.seats_left || query.dates != CatalogDates::Any {
                        t!(lang, "catalog-no-match-choices", filter = query.filter.as_str())
                    } else {
                        t!(lang, "catalog-no-match", filter = query.filter.as_str())
                    }}
                    " "
                    <a class="font-medium text-teal-800 underline" href=clear_all.clone()>{t!(lang, "catalog-show-all")}</a>
                </p>
            }
            .into_any()
        } else if empty && narrowed {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    {t!(lang, "catalog-no-match-narrowed")} " "
                    <a class="font-medium text-teal-800 underline" href=clear_all.clone()>{t!(lang, "catalog-show-all")}</a>
                </p>
            }
            .into_any()
        } else if empty && !first_page {
            view! {
                <p class="mt-4 rounded-lg bg-white p-6 text-center text-sm text-stone-600" data-testid="no-match">
                    {t!(lang, "catalog-no-more")} " "
                    <a class="font-medium text-teal-800 underline" href=query.on_page(PageNumber::FIRST).href()>{t!(lang, "catalog-back-to-first")}</a>
                </p>
            }
            .into_any()
        } else if empty {
            view! {
                <div class="mt-8 rounded-xl border border-dashed border-stone-300 bg-white p-10 text-center text-stone-600">
                    <p class="font-medium">
                        {t!(lang, if past { "catalog-none-past" } else { "catalog-none" })}
                    </p>
                    <p class="mt-1 text-sm">{t!(lang, "catalog-check-back")}</p>
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
            <nav aria-label=t!(lang, "pages") class="mt-6 flex items-center justify-between gap-3 text-sm" data-testid="pages">
                {match previous {
                    Some(href) => view! { <a class="rounded-lg border border-stone-300 bg-white px-3 py-2 font-medium text-stone-800 hover:border-teal-600" rel="prev" href=href>{t!(lang, "page-previous")}</a> }.into_any(),
                    None => view! { <span></span> }.into_any(),
                }}
                <span class="text-stone-500">{t!(lang, "page-number", page = query.page.get())}</span>
                {match next {
                    Some(href) => view! { <a class="rounded-lg border border-stone-300 bg-white px-3 py-2 font-medium text-stone-800 hover:border-teal-600" rel="next" href=href>{t!(lang, "page-next")}</a> }.into_any(),
                    None => view! { <span></span> }.into_any(),
                }}
            </nav>
        })}
        <p class="mt-8 text-sm">
            <a class="font-medium text-teal-800 underline" href=other_view data-testid="other-view">
                {t!(lang, if past { "catalog-upcoming-link" } else { "catalog-past-link" })}
            </a>
        </p>
    }
}
