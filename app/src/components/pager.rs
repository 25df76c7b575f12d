//! "Page 2 of 7" with links to the pages either side, for lists paged by
//! the server (`?page=N`).

use crate::i18n::{lang, t};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tessera::catalog::PageNumber;

/// The page the URL asks for (`?page=N`); none when missing or out of range.
pub fn page_in_url() -> impl Fn() -> Option<PageNumber> + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .and_then(|p| PageNumber::new(p).ok())
    }
}

/// Links to the neighbouring pages of `path` (a path without a query).
#[component]
pub fn Pager(
    page: usize,
    last: usize,
    #[prop(into)] path: String,
    /// "← Previous" unless named otherwise.
    #[prop(optional, into)]
    previous: Option<String>,
    /// "Next →" unless named otherwise.
    #[prop(optional, into)]
    next: Option<String>,
) -> impl IntoView {
    let lang = lang();
    let previous = previous.unwrap_or_else(|| t!(lang, "page-previous"));
    let next = next.unwrap_or_else(|| t!(lang, "page-next"));
    let link = "rounded-lg border border-stone-300 bg-white px-3 py-1.5 font-semibold text-stone-700 hover:border-teal-600 hover:text-teal-700";
    let to = move |n: usize| format!("{path}?page={n}");
    view! {
        <nav class="mt-8 flex items-center justify-between text-sm" aria-label=t!(lang, "pages") data-testid="pager">
            {(page > 1).then(|| view! { <a href=to(page - 1) class=link rel="prev">{previous}</a> })}
            <span class="text-stone-500">{t!(lang, "pager-page-of", page = page, last = last)}</span>
            {(page < last).then(|| view! { <a href=to(page + 1) class=link rel="next">{next}</a> })}
        </nav>
    }
}
