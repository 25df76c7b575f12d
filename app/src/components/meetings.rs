//! A course's meetings, listed at the venue's clock.

use crate::i18n::{lang, t};
use leptos::prelude::*;
use tessera::course::Meeting;

/// Every meeting, numbered, with its place where it is not the course's
/// location; nothing for a course that meets once (its start and end say
/// it all).
#[component]
pub fn MeetingList(meetings: Vec<Meeting>) -> impl IntoView {
    let lang = lang();
    (meetings.len() > 1).then(|| {
        view! {
            <section class="mt-6" aria-labelledby="meetings-heading">
                <h2 id="meetings-heading" class="text-lg font-semibold">{t!(lang, "meetings", count = meetings.len())}</h2>
                <ol class="mt-2 list-decimal space-y-1 pl-6 text-sm text-stone-700" data-testid="meetings">
                    {meetings.into_iter().map(|m| view! {
                        <li>
                            <time datetime=m.starts_at.to_rfc3339()>{m.when(lang)}</time>
                            {m.place.map(|p| view! { <span class="text-stone-500">" · " {p}</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}
