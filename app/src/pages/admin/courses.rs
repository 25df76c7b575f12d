//! `/admin/courses`: every course with seats held, capacity and revenue.

use super::StatusPill;
use crate::api::admin::{AdminCourseRow, SetCoursePublished, admin_courses};
use crate::components::guard::RequireUser;
use crate::components::local_time::CourseTime;
use crate::components::pager::{Pager, page_in_url};
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
    view! {
        <Title text="Admin · Courses" />
        <RequireUser admin=true>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">"Courses"</h1>
                <div class="flex flex-wrap items-center gap-x-4 gap-y-2">
                    <a href="/admin/people" class="text-sm font-medium text-teal-700 hover:underline">"People"</a>
                    <a href="/admin/topics" class="text-sm font-medium text-teal-700 hover:underline">"Topics"</a>
                    <a href="/admin/vouchers" class="text-sm font-medium text-teal-700 hover:underline">"Vouchers"</a>
                    <a href="/admin/invoices" class="text-sm font-medium text-teal-700 hover:underline">"Invoices"</a>
                    <a href="/admin/site" class="text-sm font-medium text-teal-700 hover:underline">"Site"</a>
                    <a href="/admin/courses/new" class="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">"New course"</a>
                </div>
            </div>
            {move || publish.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(p) if p.total == 0 => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">"No courses yet. Create the first one."</p>
                        }.into_any(),
                        Ok(p) => view! {
                            <p class="mt-2 text-sm text-stone-600" data-testid="admin-course-count">{match p.total {
                                1 => "1 course".to_owned(),
                                n => format!("{n} courses"),
                            }}</p>
                            // `relative`: the visually hidden column labels are
                            // positioned; without it they escape the scroll box and
                            // widen the whole page.
                            <div class="relative mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label="Courses table">
                                <table class="min-w-full text-sm" data-testid="admin-courses">
                                    <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                                        <tr>
                                            <th class="px-4 py-3">"Course"</th>
                                            <th class="px-4 py-3">"Starts"</th>
                                            <th class="px-4 py-3">"Seats held"</th>
                                            <th class="px-4 py-3">"Revenue"</th>
                                            <th class="px-4 py-3"><span class="sr-only">"Actions"</span></th>
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
    let c = row.course;
    let id = c.id;
    let ended = c.ends_at <= chrono::Utc::now();
    let revenue = if row.revenue.is_empty() {
        "—".to_owned()
    } else {
        row.revenue
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let toggle = match c.status {
        CourseStatus::Draft => Some((true, "Publish")),
        CourseStatus::Published => Some((false, "Unpublish")),
        CourseStatus::Cancelled => None,
    };
    view! {
        <tr data-course-id=id.to_string()>
            <td class="px-4 py-3">
                <a href=format!("/admin/courses/{id}") class="font-medium text-stone-900 hover:text-teal-700">{c.title.clone()}</a>
                <div class="mt-1"><StatusPill status=c.status ended=ended /></div>
            </td>
            <td class="px-4 py-3 text-stone-600"><CourseTime at=c.starts() />{tessera::course::meetings_phrase(c.meetings).map(|n| view! { <span class="block text-xs text-stone-500">{n}</span> })}</td>
            <td class="px-4 py-3 tabular-nums">{format!("{} / {}", c.seats_held, c.capacity)}{(c.waiting > 0).then(|| view! { <span class="block text-xs text-stone-500" data-testid="admin-waiting">{format!("{} waiting", c.waiting)}</span> })}</td>
            <td class="px-4 py-3 tabular-nums">{revenue}<span class="block text-xs text-stone-500">{match row.confirmed { 1 => "1 seat confirmed".to_owned(), n => format!("{n} seats confirmed") }}</span></td>
            <td class="px-4 py-3 text-right whitespace-nowrap">
                <a href=format!("/admin/courses/{id}/roster") class="mr-3 text-teal-700 hover:underline">"Roster"</a>
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
