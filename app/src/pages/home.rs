//! The landing page.

use crate::api::catalog::list_courses;
use crate::components::course_card::CourseCard;
use crate::i18n::{lang, t};
use crate::pages::ErrorNotice;
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// What Tessera is, and the next few courses.
#[component]
pub fn HomePage() -> impl IntoView {
    let courses = Resource::new(
        || (),
        |_| {
            list_courses(
                String::new(),
                Default::default(),
                Default::default(),
                1,
                None,
                None,
            )
        },
    );
    let lang = lang();
    view! {
        <Title text="" />
        <Meta name="description" content=t!(lang, "home-description") />
        <section class="rounded-2xl bg-gradient-to-br from-teal-800 to-teal-600 px-6 py-12 text-white shadow-sm sm:px-10">
            <h1 class="max-w-2xl text-3xl font-semibold tracking-tight sm:text-4xl">
                {t!(lang, "home-title")}
            </h1>
            <p class="mt-3 max-w-xl text-teal-50">
                {t!(lang, "home-lead")}
            </p>
            <a href="/courses" class="mt-6 inline-block rounded-lg bg-white px-5 py-2.5 text-sm font-semibold text-teal-800 shadow hover:bg-teal-50">
                {t!(lang, "home-browse")}
            </a>
        </section>
        <section class="mt-10">
            <h2 class="text-xl font-semibold">{t!(lang, "home-coming-up")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(page) => {
                            let now = Utc::now();
                            let upcoming: Vec<_> = page.courses.into_iter().filter(|c| c.bookability(now).is_ok()).take(3).collect();
                            view! {
                                <ul class="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                                    {upcoming.into_iter().map(|c| view! { <CourseCard course=c /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
