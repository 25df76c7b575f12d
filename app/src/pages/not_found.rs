//! The 404 page.

use crate::i18n::{lang, t};
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path that is not a page, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::ssr::set_status(404);
    view! { <NotFoundMessage what="page" /> }
}

/// "We couldn't find that …" (`what`: `page`, `course`, `booking`), with a
/// way back to the catalog.
#[component]
pub fn NotFoundMessage(what: &'static str) -> impl IntoView {
    let lang = lang();
    let title = match what {
        "course" => "not-found-course",
        "booking" => "not-found-booking",
        _ => "not-found-page",
    };
    view! {
        <Title text=t!(lang, "not-found") />
        <section class="mx-auto max-w-md py-16 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-teal-700">"404"</p>
            <h1 class="mt-2 text-2xl font-semibold">{t!(lang, title)}</h1>
            <p class="mt-2 text-stone-600">{t!(lang, "not-found-why")}</p>
            <a href="/courses" class="mt-6 inline-block rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">
                {t!(lang, "not-found-browse")}
            </a>
        </section>
    }
}
