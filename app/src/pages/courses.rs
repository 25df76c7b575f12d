//! `/courses`: the catalog. Filter, order and page live in the URL and are
//! applied by the server (`tessera::catalog`), so Back, reload and shared
//! links keep them, and the page works the same before hydration.

use crate::api::catalog::list_courses;
use crate::components::course_card::CourseCard;
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use tessera::catalog::{
    CatalogFilter, CatalogPage, CatalogQuery, CatalogSort, CatalogWhen, MatchCount, PageNumber,
};

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
            )
            .await;
            (q, page)
        },
    );
    let initial = query.get_untracked();
    let navigate = use_navigate();
    let go = move |q: CatalogQuery, replace: bool| {
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
    // The filter text this page last put in the URL: a URL that says
    // otherwise came from Back or Forward, and the field follows it.
    let typed = StoredValue::new(initial.filter.clone());
    let from_fields = move || {
        let mut q = query.get_untracked();
        if let Some(input) = filter_input.get_untracked() {
            q.filter = CatalogFilter::from_url(&input.value());
        }
        if let Some(select) = sort_select.get_untracked() {
            q.sort = CatalogSort::from_param(&select.value());
        }
        q.page = PageNumber::FIRST;
        typed.set_value(q.filter.clone());
        q
    };
    let go_typed = go.clone();
    Effect::new(move |ran_before: Option<()>| {
        let q = query.get();
        let (Some(input), Some(select)) = (filter_input.get(), sort_select.get()) else {
            return;
        };
        if ran_before.is_none() {
            // Typed or chosen before the page hydrated: keep it and apply it.
            let wanted = from_fields();
            if wanted != q {
                go_typed(wanted, true);
            }
            return;
        }
        if typed.get_value() != q.filter {
            input.set_value(q.filter.as_str());
            typed.set_value(q.filter.clone());
        }
        if select.value() != q.sort.as_param() {
            select.set_value(q.sort.as_param());
        }
    });
    let go_input = go.clone();
    let go_sort = go.clone();
    let go_submit = go.clone();
    let past = initial.when == CatalogWhen::Past;
    view! {
        <Title text=if past { "Past courses" } else { "Courses" } />
        <Meta name="description" content="Upcoming courses with dates, places, prices and the seats left; book and pay online." />
        <div class="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight">
                    {if past { "Past courses" } else { "Courses" }}
                </h1>
                <p class="mt-1 text-sm text-stone-600">"Course times are at the venue's local time."</p>
            </div>
            // A plain GET form: without JavaScript, Enter or "Apply" loads the
            // filtered page; with it, the list follows every keystroke.
            <form
                method="get"
                action="/courses"
                role="search"
                class="flex items-end gap-3"
                on:submit=move |ev| {
                    ev.prevent_default();
                    go_submit(from_fields(), false);
                }
            >
                // Side by side, the filter shrinks before the row outgrows a phone.
                <label class="flex min-w-0 flex-1 flex-col text-xs font-medium text-stone-600 sm:flex-none">
                    "Filter"
                    <input
                        type="search"
                        name="q"
                        node_ref=filter_input
                        maxlength=CatalogFilter::MAX_CHARS
                        value=initial.filter.as_str().to_owned()
                        placeholder="Search courses"
                        class="mt-1 w-full rounded-lg border sm:w-56 border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"
                        on:input=move |_| go_input(from_fields(), true)
                    />
                </label>
                <label class="flex flex-col text-xs font-medium text-stone-600">
                    "Sort by"
                    <select
                        name="sort"
                        node_ref=sort_select
                        class="mt-1 rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"
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
                {past.then(|| view! { <input type="hidden" name="when" value="past" /> })}
                {initial.instructor.map(|id| view! { <input type="hidden" name="instructor" value=id.to_string() /> })}
                // Only without JavaScript is there anything to press.
                <noscript inner_html=r#"<button type="submit" class="rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800">Apply</button>"# />
            </form>
        </div>
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

/// The courses on this page, how many match, and the way to the others.
#[component]
fn Results(page: CatalogPage, query: CatalogQuery) -> impl IntoView {
    let filtered = !query.filter.is_empty();
    let past = query.when == CatalogWhen::Past;
    let count = match page.matching {
        MatchCount::Exactly(0) => String::new(),
        n if filtered => format!("{} match “{}”", n.text(), query.filter.as_str()),
        n => n.text(),
    };
    let empty = page.courses.is_empty();
    let first_page = query.page == PageNumber::FIRST;
    let previous = query.page.previous().map(|p| query.on_page(p).href());
    let next = page
        .has_next
        .then(|| query.page.next())
        .flatten()
        .map(|p| query.on_page(p).href());
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
                    "No course matches “" {query.filter.as_str().to_owned()} "”."
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
