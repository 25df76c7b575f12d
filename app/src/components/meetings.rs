//! A course's meetings, listed at the venue's clock.

use crate::i18n::{Lang, Shown, format, lang, t};
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
                            <time datetime=m.starts_at.to_rfc3339()>{when(lang, &m)}</time>
                            {m.place.map(|p| view! { <span class="text-stone-500">" · " {p}</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// "Tue, 12 Jan 2027, 18:00–20:00 CET" ("Di., 12.01.2027, 18:00–20:00
/// MEZ"); across midnight or a change of the clocks, both ends in full.
fn when(lang: Lang, m: &Meeting) -> String {
    let (starts, ends) = (m.starts(), m.ends());
    let start = format::venue_time(lang, &starts, Shown::DateTime);
    let end_time = format::venue_time(lang, &ends, Shown::Time);
    let same_day =
        starts.local().date_naive() == ends.local().date_naive() && m.starts_zone == m.ends_zone;
    // The zone is named once, after the end: the start's words without it.
    let zone = end_time.rsplit_once(' ').map(|(_, zone)| zone);
    let start_without_zone = zone
        .filter(|_| same_day)
        .and_then(|zone| start.strip_suffix(zone))
        .map(str::trim_end);
    match start_without_zone {
        Some(start) => format!("{start}–{end_time}"),
        None => format!(
            "{start} – {}",
            format::venue_time(lang, &ends, Shown::DateTime)
        ),
    }
}
