//! An instructor's pages: `/teaching` (the courses they teach) and
//! `/teaching/{id}` (a course's list at the door, with attendance per
//! meeting); and `/instructors/{id}`, an instructor's public page.

use crate::api::teaching::{
    course_door_list, mark_attendance, public_instructor, teaching_courses,
};
use crate::components::booking_actions::split_around_time;
use crate::components::course_card::CourseCard;
use crate::components::guard::RequireUser;
use crate::components::local_time::CourseTime;
use crate::error::AppError;
use crate::i18n::{Lang, Shown, format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tessera::teaching::{DoorList, DoorSeat, Mark};
use tessera::{CourseId, UserId};

/// Gives a page loaded first the refusal's status (403, 404).
fn refused(e: &AppError) {
    #[cfg(feature = "ssr")]
    crate::api::ssr::set_status(e.code().http_status());
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}

/// `/teaching`.
#[component]
pub fn TeachingPage() -> impl IntoView {
    let courses = Resource::new(|| (), |_| teaching_courses());
    let lang = lang();
    view! {
        <Title text=t!(lang, "teaching-title") />
        <RequireUser>
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "teaching-your-courses")}</h1>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "teaching-lead")}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-6 text-sm text-stone-600">{t!(lang, "teaching-no-courses")}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white shadow-sm" data-testid="teaching">
                                {list.into_iter().map(|c| {
                                    let href = format!("/teaching/{}", c.id);
                                    let waiting = (c.waiting > 0).then(|| format!(" · {}", t!(lang, "teaching-waiting", count = c.waiting)));
                                    let cancelled = (c.status == tessera::CourseStatus::Cancelled).then(|| format!(" · {}", t!(lang, "teaching-cancelled")));
                                    view! {
                                        <li class="px-4 py-3 text-sm">
                                            <a href=href class="font-medium text-teal-700 hover:underline">{c.title.clone()}</a>
                                            <p class="text-stone-600"><CourseTime at=c.starts() /></p>
                                            <p class="text-stone-600">{t!(lang, "teaching-seats-taken", held = c.seats_held, capacity = c.capacity)}{waiting}{cancelled}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => {
                            refused(&e);
                            view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any()
                        }
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

/// `/teaching/{id}`: who is coming, by name, to mark at the door.
#[component]
pub fn DoorListPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok())
            .unwrap_or(CourseId(0))
    });
    let chosen = Memo::new(move |_| {
        query
            .read()
            .get("meeting")
            .and_then(|m| m.parse::<i64>().ok())
    });
    // Loaded again for another meeting's tab: marks made since show.
    let list = Resource::new(
        move || (id.get(), chosen.get()),
        |(id, _)| course_door_list(id),
    );
    let lang = lang();
    view! {
        <Title text=t!(lang, "teaching-door-title") />
        <RequireUser>
            <a href="/teaching" class="text-sm font-medium text-teal-700 hover:underline print:hidden">{t!(lang, "teaching-back")}</a>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    let chosen = chosen.get();
                    Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Door list chosen /> }.into_any(),
                        Err(e) => {
                            refused(&e);
                            view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any()
                        }
                    }
                })}}
            </Transition>
        </RequireUser>
    }
}

/// The meeting shown: the one asked for, else the last one that has
/// opened for marking, else the first.
fn meeting_shown(list: &DoorList, chosen: Option<i64>) -> usize {
    chosen
        .and_then(|t| {
            list.meetings
                .iter()
                .position(|m| m.starts_at.timestamp() == t)
        })
        .or_else(|| list.meetings.iter().rposition(|m| m.open))
        .unwrap_or(0)
}

#[component]
fn Door(list: DoorList, chosen: Option<i64>) -> impl IntoView {
    let lang = lang();
    let course = list.course.clone();
    let shown = meeting_shown(&list, chosen);
    let Some(meeting) = list.meetings.get(shown).cloned() else {
        return view! { <p class="mt-6 text-sm text-stone-600">{t!(lang, "teaching-no-meetings")}</p> }
            .into_any();
    };
    let many = list.meetings.len() > 1;
    let tabs = list.meetings.iter().enumerate().map(|(i, m)| {
        let href = format!("/teaching/{}?meeting={}", course.id, m.starts_at.timestamp());
        let current = (i == shown).then_some("page");
        view! {
            <a href=href aria-current=current class="rounded-full border border-stone-300 px-3 py-1 text-sm aria-[current=page]:border-teal-700 aria-[current=page]:bg-teal-700 aria-[current=page]:text-white">
                {format!("{} · {}", i + 1, m.starts_zone_text(lang))}
            </a>
        }
    }).collect_view();
    // "Meeting 2 of 3: " before the time, where there are several.
    let (before, after) = if many {
        split_around_time(&t!(
            lang,
            "teaching-meeting-of",
            number = shown + 1,
            count = course.meetings,
            time = "{time}"
        ))
    } else {
        (String::new(), String::new())
    };
    let words = DoorWords::new(lang, list.seats.len(), course.waiting);
    view! {
        <h1 class="mt-4 text-2xl font-semibold tracking-tight">{course.title.clone()}</h1>
        <p class="mt-1 text-sm text-stone-600">
            {before}
            <CourseTime at=tessera::venue::VenueTime { at: meeting.starts_at, zone: meeting.starts_zone.clone() } />
            {after}
            " · " {course.location.clone()}
        </p>
        <DoorMarks seats=list.seats meeting=meeting.starts_at.timestamp() at=shown open=meeting.open words>
            {many.then(|| view! { <nav class="mt-3 flex flex-wrap gap-2 print:hidden" aria-label=t!(lang, "teaching-meetings")>{tabs}</nav> })}
            {(!meeting.open).then(|| view! {
                <p class="mt-3 rounded-lg bg-stone-100 px-3 py-2 text-sm text-stone-700">{t!(lang, "teaching-opens")}</p>
            })}
        </DoorMarks>
        <p class="mt-4 text-xs text-stone-500 print:hidden">{t!(lang, "teaching-how-to-mark")}</p>
    }.into_any()
}

/// The door list's words in the page's language, for its island: counts
/// already written, `{n}` and `{name}` filled in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorWords {
    /// "3 people".
    people: String,
    /// "{n} marked present".
    marked_present: String,
    /// "2 on the waiting list", when anyone waits.
    waiting: Option<String>,
    nobody: String,
    present: String,
    absent: String,
    not_marked: String,
    /// "Booked by {name}".
    booked_by: String,
    saving: String,
}

impl DoorWords {
    fn new(lang: Lang, people: usize, waiting: u64) -> DoorWords {
        DoorWords {
            people: t!(lang, "teaching-people", count = people),
            marked_present: t!(lang, "teaching-marked-present", number = "{n}"),
            waiting: (waiting > 0).then(|| t!(lang, "teaching-on-waiting-list", count = waiting)),
            nobody: t!(lang, "teaching-nobody-booked"),
            present: Mark::Present.label(lang),
            absent: Mark::Absent.label(lang),
            not_marked: Mark::Unmarked.label(lang),
            booked_by: t!(lang, "teaching-booked-by", name = "{name}"),
            saving: t!(lang, "teaching-saving"),
        }
    }
}

/// The door list's count and rows, an island: a tap marks at once and is
/// saved in the background (retried on a lost connection); without
/// JavaScript each mark is a plain form. `children` sit between the count
/// and the rows.
// Lazy: its code is a chunk fetched by the pages that have it.
#[island(lazy)]
fn DoorMarks(
    seats: Vec<DoorSeat>,
    meeting: i64,
    at: usize,
    open: bool,
    words: DoorWords,
    children: Children,
) -> impl IntoView {
    let count = seats.len();
    // Each seat's mark as shown: what was loaded, then each tap at once
    // (before the server answers), back to the last saved one if refused.
    let marks = RwSignal::new(
        seats
            .iter()
            .map(|s| {
                let mark = s.marks.get(at).copied().unwrap_or(Mark::Unmarked);
                (s.attendee.get(), mark)
            })
            .collect::<HashMap<i64, Mark>>(),
    );
    let present = move || marks.with(|m| m.values().filter(|m| **m == Mark::Present).count());
    let rows = seats
        .into_iter()
        .map(|seat| {
            let words = words.clone();
            view! { <SeatRow seat meeting at open marks words /> }
        })
        .collect_view();
    let marked_present = words.marked_present.clone();
    view! {
        <p class="mt-1 text-sm text-stone-600" data-testid="door-count">
            {format!("{} · ", words.people)}
            {move || marked_present.replace("{n}", &present().to_string())}
            {words.waiting.clone().map(|w| format!(" · {w}"))}
        </p>
        {children()}
        {if count == 0 {
            view! { <p class="mt-6 text-sm text-stone-600">{words.nobody.clone()}</p> }.into_any()
        } else {
            view! {
                <ul class="mt-4 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white shadow-sm" data-testid="door-list">
                    {rows}
                </ul>
            }.into_any()
        }}
    }
}

trait StartsText {
    fn starts_zone_text(&self, lang: Lang) -> String;
}

impl StartsText for tessera::teaching::DoorMeeting {
    fn starts_zone_text(&self, lang: Lang) -> String {
        // Two meetings on one day are told apart by their time.
        format::venue_time(
            lang,
            &tessera::venue::VenueTime {
                at: self.starts_at,
                zone: self.starts_zone.clone(),
            },
            Shown::DateTime,
        )
    }
}

/// Sends a mark, trying again on a lost connection: a mark is a value set,
/// not a toggle, so a retry that the server had already received changes
/// nothing.
async fn send_mark(seat: i64, meeting: i64, mark: Mark) -> Result<(), AppError> {
    let mut tries = 0;
    loop {
        match mark_attendance(seat, meeting, mark.as_str().to_owned()).await {
            Err(e) if e.code() == tessera::ErrorCode::Internal && tries < 3 => {
                tries += 1;
                pause(tries * 1500).await;
            }
            done => return done,
        }
    }
}

#[cfg(feature = "hydrate")]
async fn pause(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(
            move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            },
            std::time::Duration::from_millis(u64::from(ms)),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(not(feature = "hydrate"))]
async fn pause(_ms: u32) {}

#[component]
fn SeatRow(
    seat: DoorSeat,
    meeting: i64,
    at: usize,
    open: bool,
    marks: RwSignal<HashMap<i64, Mark>>,
    words: DoorWords,
) -> impl IntoView {
    let id = seat.attendee.get();
    let saved = RwSignal::new(seat.marks.get(at).copied().unwrap_or(Mark::Unmarked));
    let mark = Signal::derive(move || {
        marks
            .with(|m| m.get(&id).copied())
            .unwrap_or(Mark::Unmarked)
    });
    // Local: the retry pause awaits a browser timer.
    let send = Action::new_local(move |wanted: &Mark| {
        let wanted = *wanted;
        async move { (wanted, send_mark(id, meeting, wanted).await) }
    });
    // Saved: the new last saved mark. Refused or lost: back to it.
    Effect::new(move |_| match send.value().get() {
        Some((wanted, Ok(()))) => saved.set(wanted),
        Some((_, Err(_))) => marks.update(|m| {
            m.insert(id, saved.get_untracked());
        }),
        None => {}
    });
    // One mark in flight per seat: a later tap is never overtaken by an
    // earlier one's retry.
    let busy = send.pending();
    let button = move |this: Mark, label: String, on: &'static str| {
        let pressed = move || mark.get() == this;
        // Pressing the pressed one takes the mark back.
        let sends = move || if pressed() { Mark::Unmarked } else { this };
        view! {
            <form method="post" action=mark_url() class="inline"
                on:submit=move |ev| {
                    ev.prevent_default();
                    // Not disabled (the focus would fall to the page): a
                    // tap while one is saving waits for the next.
                    if busy.get_untracked() {
                        return;
                    }
                    let wanted = sends();
                    marks.update(|m| { m.insert(id, wanted); });
                    send.dispatch(wanted);
                }>
                <input type="hidden" name="seat" value=id.to_string() />
                <input type="hidden" name="meeting" value=meeting.to_string() />
                <input type="hidden" name="mark" value=move || sends().as_str() />
                <button type="submit" disabled=!open aria-pressed=move || pressed().to_string()
                    class=move || format!("min-h-11 min-w-24 rounded-lg border px-3 py-2 text-sm font-semibold disabled:opacity-50 {}", if pressed() { on } else { "border-stone-300 bg-white text-stone-800 hover:border-teal-600" })>
                    {label}
                </button>
            </form>
        }
    };
    let DoorWords {
        present,
        absent,
        not_marked,
        booked_by,
        saving,
        ..
    } = words;
    let status = {
        let (present, absent) = (present.clone(), absent.clone());
        move || match mark.get() {
            Mark::Present => present.clone(),
            Mark::Absent => absent.clone(),
            Mark::Unmarked => not_marked.clone(),
        }
    };
    let saving = format!(" · {saving}");
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 px-4 py-3" data-testid="seat">
            <div class="min-w-0">
                <p class="font-medium" data-testid="seat-name">{seat.name.clone()}</p>
                <p class="text-xs text-stone-500">
                    {seat.booked_by.clone().map(|b| format!("{} · ", booked_by.replace("{name}", &b)))}
                    {seat.reference.clone()}
                    " · " <span data-testid="mark">{status}</span>
                    {move || busy.get().then(|| saving.clone())}
                </p>
                {move || send.value().get().and_then(|(_, r)| r.err()).map(|e| view! {
                    <p role="alert" class="text-xs text-rose-700">{e.message().to_owned()}</p>
                })}
            </div>
            <div class="flex gap-2 print:hidden">
                {button(Mark::Present, present, "border-emerald-700 bg-emerald-700 text-white")}
                {button(Mark::Absent, absent, "border-rose-700 bg-rose-700 text-white")}
            </div>
        </li>
    }
}

fn mark_url() -> &'static str {
    use leptos::server_fn::ServerFn;
    crate::api::teaching::MarkAttendance::PATH
}

/// `/instructors/{id}`.
#[component]
pub fn InstructorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .map_or(UserId(0), UserId)
    });
    let profile = Resource::new(move || id.get(), public_instructor);
    let lang = lang();
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => {
                        let name = p.card.name.clone();
                        view! {
                            <Title text=name.clone() />
                            <div class="flex items-center gap-4">
                                {p.card.photo.clone().map(|src| view! {
                                    <img src=src alt=t!(lang, "teaching-photo-alt", name = &name) width="96" height="96" class="h-24 w-24 rounded-full object-cover" data-testid="instructor-photo" />
                                })}
                                <div>
                                    <p class="text-sm font-semibold uppercase tracking-wide text-teal-800">{t!(lang, "teaching-instructor")}</p>
                                    <h1 class="mt-1 text-2xl font-semibold tracking-tight">{name.clone()}</h1>
                                </div>
                            </div>
                            <p class="mt-3 max-w-prose whitespace-pre-line text-stone-700" lang=crate::i18n::marked(p.card.bio_in) data-testid="bio">{p.card.bio.clone()}</p>
                            <h2 class="mt-8 font-semibold">{t!(lang, "teaching-upcoming")}</h2>
                            <a href=format!("/courses?instructor={}", p.card.id) class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "teaching-find-courses", name = &p.card.name)}</a>
                            {if p.upcoming.is_empty() {
                                view! { <p class="mt-2 text-sm text-stone-600">{t!(lang, "teaching-none-upcoming")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-3 grid gap-4 sm:grid-cols-2">
                                        {p.upcoming.into_iter().map(|course| view! { <CourseCard course /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(e) => {
                        refused(&e);
                        view! { <ErrorNotice error=e /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
