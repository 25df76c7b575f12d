//! "Page 2 of 7" with links to the pages either side, for lists paged by
//! the server (`?page=N`).

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
    #[prop(default = "← Previous")] previous: &'static str,
    #[prop(default = "Next →")] next: &'static str,
) -> impl IntoView {
    let link = "rounded-lg border border-stone-300 bg-white px-3 py-1.5 font-semibold text-stone-700 hover:border-teal-600 hover:text-teal-700";
    let to = move |n: usize| format!("{path}?page={n}");
    view! {
        <nav class="mt-8 flex items-center justify-between text-sm" aria-label="Pages" data-testid="pager">
            {(page > 1).then(|| view! { <a href=to(page - 1) class=link rel="prev">{previous}</a> })}
            <span class="text-stone-500">{format!("Page {page} of {last}")}</span>
            {(page < last).then(|| view! { <a href=to(page + 1) class=link rel="next">{next}</a> })}
        </nav>
    }
}
