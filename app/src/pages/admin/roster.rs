//! `/admin/courses/{id}/roster`: who is coming, with a CSV export.

use crate::api::admin::course_roster;
use crate::components::guard::RequireUser;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use tessera::CourseId;

/// The roster page.
#[component]
pub fn RosterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok())
            .unwrap_or(CourseId(0))
    };
    let roster = Resource::new(id, course_roster);
    view! {
        <Title text="Admin · Roster" />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">"← All courses"</a>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match roster.await {
                        Ok(r) => {
                            let csv = format!("/admin/courses/{}/roster.csv", r.course.id);
                            let count = r.entries.len();
                            view! {
                                <div class="mt-4 flex items-end justify-between gap-4">
                                    <div>
                                        <h1 class="text-2xl font-semibold tracking-tight">{r.course.title.clone()}</h1>
                                        <p class="mt-1 text-sm text-stone-600">{format!("{count} of {} seats held", r.course.capacity)}</p>
                                    </div>
                                    <a href=csv rel="external" download="" class="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:border-teal-600 hover:text-teal-700">"Download CSV"</a>
                                </div>
                                {if r.entries.is_empty() {
                                    view! { <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">"Nobody has booked yet."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
                                            <table class="min-w-full text-sm" data-testid="roster">
                                                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                                                    <tr><th class="px-4 py-3">"Name"</th><th class="px-4 py-3">"Email"</th><th class="px-4 py-3">"Status"</th><th class="px-4 py-3">"Amount"</th><th class="px-4 py-3">"Booked"</th><th class="px-4 py-3">"Reference"</th></tr>
                                                </thead>
                                                <tbody class="divide-y divide-stone-100">
                                                    {r.entries.into_iter().map(|e| view! {
                                                        <tr>
                                                            <td class="px-4 py-3 font-medium">{e.name}</td>
                                                            <td class="px-4 py-3 text-stone-600">{e.email}</td>
                                                            <td class="px-4 py-3">{e.status.label()}</td>
                                                            <td class="px-4 py-3 tabular-nums">{e.amount.to_string()}</td>
                                                            <td class="px-4 py-3 text-stone-600"><LocalTime at=e.booked_at format=TimeFormat::DateTime /></td>
                                                            <td class="px-4 py-3 font-mono text-xs">{e.reference}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}
