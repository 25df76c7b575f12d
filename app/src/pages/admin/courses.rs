//! `/admin/courses`: every course with seats held, capacity and revenue.

use super::StatusPill;
use crate::api::admin::{AdminCourseRow, SetCoursePublished, admin_courses};
use crate::components::guard::RequireUser;
use crate::components::local_time::CourseTime;
use crate::components::pager::{Pager, page_in_url};
use crate::i18n::{format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use tessera::CourseStatus;
use tessera::catalog::PageNumber;

/// The admin course list.
#[component]
pub fn AdminCoursesPage() -> impl IntoView {
    let publish = ServerAction::<SetCoursePublished>::new();
    let page = page_in_url();
    let courses = Resource::new(
        move || (page(), publish.version().get()),
        |(page, _)| admin_courses(page),
    );
    let lang = lang();
    view! {
        <Title text=t!(lang, "admin-title-courses") />
        <RequireUser admin=true>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "admin-courses")}</h1>
                <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
                    <a href="/admin/people" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-people")}</a>
                    <a href="/admin/topics" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-topics")}</a>
                    <a href="/admin/vouchers" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-vouchers")}</a>
                    <a href="/admin/invoices" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-invoices")}</a>
                    <a href="/admin/site" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-site")}</a>
                    <a href="/admin/courses/new" class="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "admin-new-course")}</a>
                </div>
            </div>
            {move || publish.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(p) if p.total == 0 => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">{t!(lang, "admin-no-courses")}</p>
                        }.into_any(),
                        Ok(p) => view! {
                            <p class="mt-2 text-sm text-stone-600" data-testid="admin-course-count">{t!(lang, "admin-course-count", count = p.total)}</p>
                            // `relative`: the visually hidden column labels are
                            // positioned; without it they escape the scroll box and
                            // widen the whole page.
                            <div class="relative mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label=t!(lang, "admin-courses-table")>
                                <table class="min-w-full text-sm" data-testid="admin-courses">
                                    <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                                        <tr>
                                            <th class="px-4 py-3">{t!(lang, "admin-col-course")}</th>
                                            <th class="px-4 py-3">{t!(lang, "admin-col-starts")}</th>
                                            <th class="px-4 py-3">{t!(lang, "admin-col-seats-held")}</th>
                                            <th class="px-4 py-3">{t!(lang, "admin-col-revenue")}</th>
                                            <th class="px-4 py-3"><span class="sr-only">{t!(lang, "admin-col-actions")}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-stone-100">
                                        {p.rows.into_iter().map(|row| view! { <Row row publish /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {(p.last > PageNumber::FIRST).then(|| view! {
                                <Pager page={p.page.get() as usize} last={p.last.get() as usize} path="/admin/courses" />
                            })}
                        }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn Row(row: AdminCourseRow, publish: ServerAction<SetCoursePublished>) -> impl IntoView {
    let lang = lang();
    let c = row.course;
    let id = c.id;
    let ended = c.ends_at <= chrono::Utc::now();
    let revenue = if row.revenue.is_empty() {
        "—".to_owned()
    } else {
        row.revenue
            .iter()
            .map(|m| format::money(lang, *m))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let toggle = match c.status {
        CourseStatus::Draft => Some((true, t!(lang, "admin-publish"))),
        CourseStatus::Published => Some((false, t!(lang, "admin-unpublish"))),
        CourseStatus::Cancelled => None,
    };
    view! {
        <tr data-course-id=id.to_string()>
            <td class="px-4 py-3">
                <a href=format!("/admin/courses/{id}") class="font-medium text-stone-900 hover:text-teal-700">{c.title.clone()}</a>
                <div class="mt-1"><StatusPill status=c.status ended=ended /></div>
            </td>
            <td class="px-4 py-3 text-stone-600"><CourseTime at=c.starts() />{(c.meetings > 1).then(|| view! { <span class="block text-xs text-stone-500">{t!(lang, "meetings", count = c.meetings)}</span> })}</td>
            <td class="px-4 py-3 tabular-nums">{format!("{} / {}", c.seats_held, c.capacity)}{(c.waiting > 0).then(|| view! { <span class="block text-xs text-stone-500" data-testid="admin-waiting">{t!(lang, "admin-waiting", count = c.waiting)}</span> })}</td>
            <td class="px-4 py-3 tabular-nums">{revenue}<span class="block text-xs text-stone-500">{t!(lang, "admin-seats-confirmed", count = row.confirmed)}</span></td>
            <td class="px-4 py-3 text-right whitespace-nowrap">
                <a href=format!("/admin/courses/{id}/roster") class="mr-3 text-teal-700 hover:underline">{t!(lang, "admin-roster")}</a>
                {toggle.map(|(publish_it, label)| view! {
                    <ActionForm action=publish attr:class="inline">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="publish" value=publish_it.to_string() />
                        <button
                            type="submit"
                            class="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold hover:border-teal-600 hover:text-teal-700"
                        >
                            {label}
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}
