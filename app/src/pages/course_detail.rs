//! `/courses/{id}`: everything about one course.

use crate::api::bookings::{BookingView, DisplayStatus, my_booking_on};
use crate::api::catalog::get_course;
use crate::api::waitlist::{JoinWaitlist, LeaveWaitlist, my_place_on};
use crate::components::ask_first::AskFirst;
use crate::components::booking_actions::ActionError;
use crate::components::booking_actions::{BookButton, RefundRule};
use crate::components::course_card::AvailabilityBadge;
use crate::components::forms::Answer;
use crate::components::guard::signed_in;
use crate::components::local_time::CourseTime;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::components::meetings::MeetingList;
use crate::i18n::{format, lang, t};
use crate::pages::not_found::NotFoundMessage;
use crate::pages::{ErrorNotice, Loading};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use tessera::course::{HeldWhilePaying, NotBookable};
use tessera::redirect::encode_query_value;
use tessera::waitlist::WaitingPlace;
use tessera::{CourseId, CourseSummary, ErrorCode};

/// A short answer inside the booking box.
const ANSWER: &str = "mb-3 rounded-lg bg-teal-50 px-3 py-2 text-sm font-medium text-teal-900";

/// The course page.
#[component]
pub fn CourseDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<CourseId>().ok())
    };
    let join = ServerAction::<JoinWaitlist>::new();
    let leave = ServerAction::<LeaveWaitlist>::new();
    // Joining or leaving changes the page: its resources follow.
    let key = move || (id(), join.version().get(), leave.version().get());
    let course = Resource::new(key, |(id, ..)| async move {
        match id {
            Some(id) => get_course(id).await,
            None => {
                #[cfg(feature = "ssr")]
                crate::api::ssr::set_status(404);
                Err(ErrorCode::CourseNotFound.into())
            }
        }
    });
    // Whether the person already holds a seat here, or waits for one
    // (neither when signed out).
    let mine = Resource::new(key, |(id, ..)| async move {
        match id {
            Some(id) => (
                my_booking_on(id).await.ok().flatten(),
                my_place_on(id).await.ok().flatten(),
            ),
            None => (None, None),
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                let (course, (mine, place)) = (course.await, mine.await);
                match course {
                    Ok(page) => view! { <CourseDetail course=page.course meetings=page.meetings other_runs=page.other_runs instructors=page.instructors share_image=page.share_image refund_until=page.refund_until held=page.held_while_paying mine place join leave /> }.into_any(),
                    Err(e) if e.code() == ErrorCode::CourseNotFound => view! { <NotFoundMessage what="course" /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The start of a bio, to a word's end, for the course page.
fn bio_snippet(bio: &str) -> String {
    const MOST: usize = 200;
    if bio.chars().count() <= MOST {
        return bio.to_owned();
    }
    let cut: String = bio.chars().take(MOST).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Where "← All courses" leads: the catalog view the visitor came from
/// (its filter, order and page, as the browser's `Referer` names it; same
/// site only), else the catalog.
fn catalog_href() -> String {
    #[cfg(feature = "ssr")]
    if let Some(came_from) = use_context::<http::request::Parts>().and_then(|parts| {
        let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
        let host = parts.headers.get(http::header::HOST)?.to_str().ok()?;
        let (_, rest) = referer.split_once("://")?;
        let path = rest.strip_prefix(host)?;
        (path == "/courses" || path.starts_with("/courses?")).then(|| path.to_owned())
    }) {
        return came_from;
    }
    "/courses".to_owned()
}

#[component]
fn CourseDetail(
    course: CourseSummary,
    meetings: Vec<tessera::course::Meeting>,
    other_runs: Vec<CourseSummary>,
    instructors: Vec<tessera::teaching::InstructorCard>,
    share_image: Option<String>,
    refund_until: chrono::DateTime<Utc>,
    held: Option<HeldWhilePaying>,
    mine: Option<BookingView>,
    place: Option<WaitingPlace>,
    join: ServerAction<JoinWaitlist>,
    leave: ServerAction<LeaveWaitlist>,
) -> impl IntoView {
    let bookable = course.bookability(Utc::now());
    let query = use_query_map();
    // The answer to a press on this page, said above what it changed.
    let joined = crate::components::forms::succeeded(join)();
    let left = crate::components::forms::succeeded(leave)() && place.is_none();
    let written = crate::i18n::marked(course.written_in);
    let description = course.description.clone();
    let summary: String = description.chars().take(150).collect();
    let lang = lang();
    view! {
        <Title text=course.title.clone() />
        <Meta name="description" content=summary.clone() />
        // What a shared link previews.
        <Meta property="og:type" content="website" />
        <Meta property="og:title" content=course.title.clone() />
        <Meta property="og:description" content=summary.clone() />
        <Meta name="twitter:card" content=if share_image.is_some() { "summary_large_image" } else { "summary" } />
        <Meta name="twitter:title" content=course.title.clone() />
        <Meta name="twitter:description" content=summary />
        {share_image.map(|src| view! {
            <Meta property="og:image" content=src.clone() />
            <Meta name="twitter:image" content=src />
        })}
        {course.picture.clone().map(|p| view! {
            <Meta property="og:image:alt" content=p.alt />
        })}
        <a href=catalog_href() class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
        <article class="mt-4 grid gap-8 lg:grid-cols-3">
            <div class="lg:col-span-2">
                {course.picture.clone().map(|p| view! {
                    // The page's largest element: fetched first, not lazily.
                    <img src=p.smallest() srcset=p.srcset() sizes="(min-width: 1024px) 42rem, 100vw" width="960" height="640" alt=p.alt.clone() fetchpriority="high" class="mb-6 aspect-[3/2] w-full rounded-xl object-cover" data-testid="course-picture" />
                })}
                <h1 class="text-3xl font-semibold tracking-tight" lang=written>{course.title.clone()}</h1>
                {(!instructors.is_empty()).then(|| view! {
                    <p class="mt-2 text-stone-700" data-testid="taught-by">
                        {t!(lang, "taught-by")} " "
                        {instructors.iter().enumerate().map(|(i, teacher)| view! {
                            {(i > 0).then(|| if i + 1 == instructors.len() { format!(" {} ", t!(lang, "and")) } else { ", ".to_owned() })}
                            <a href=teacher.path() class="font-medium text-teal-700 hover:underline">{teacher.name.clone()}</a>
                        }).collect_view()}
                    </p>
                })}
                <div class="mt-6 space-y-4 whitespace-pre-line leading-relaxed text-stone-700" lang=written>{description}</div>
                <MeetingList meetings />
                {(!instructors.is_empty()).then(|| view! {
                    <section class="mt-8" aria-labelledby="teachers-heading">
                        <h2 id="teachers-heading" class="text-lg font-semibold">{t!(lang, "your-instructors", count = instructors.len())}</h2>
                        <ul class="mt-3 space-y-4">
                            {instructors.iter().map(|teacher| view! {
                                <li class="flex gap-3">
                                    {teacher.photo.clone().map(|src| view! {
                                        <img src=src alt="" width="56" height="56" loading="lazy" class="h-14 w-14 shrink-0 rounded-full object-cover" />
                                    })}
                                    <div>
                                        <a href=teacher.path() class="font-medium text-teal-700 hover:underline">{teacher.name.clone()}</a>
                                        <p class="mt-1 text-sm text-stone-600" lang=crate::i18n::marked(teacher.bio_in)>{bio_snippet(&teacher.bio)}</p>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
                <OtherRuns runs=other_runs />
            </div>
            <aside class="h-fit rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
                <p class="text-3xl font-semibold text-teal-800" data-testid="price">{format::price(lang, course.price)}</p>
                <dl class="mt-4 space-y-3 text-sm">
                    <div>
                        <dt class="font-medium text-stone-500">{t!(lang, "starts")}</dt>
                        <dd>
                            {(course.meetings > 1).then(|| format!("{} ", t!(lang, "meetings-first", count = course.meetings)))}
                            <CourseTime at=course.starts() />
                        </dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">{t!(lang, "ends")}</dt>
                        <dd><CourseTime at=course.ends() /></dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">{t!(lang, "where")}</dt>
                        <dd>
                            {course.location.clone()}
                            {tessera::venue::map_link(&course.location).map(|href| view! {
                                " · " <a href=href rel="noopener noreferrer" class="font-medium text-teal-700 hover:underline" data-testid="map-link">{t!(lang, "show-on-map")}</a>
                            })}
                        </dd>
                    </div>
                    <div>
                        <dt class="font-medium text-stone-500">{t!(lang, "seats")}</dt>
                        <dd class="flex items-center gap-2">
                            {t!(lang, "seats-of", left = course.seats_left(), capacity = course.capacity)}
                            <AvailabilityBadge course=course.clone() />
                        </dd>
                    </div>
                </dl>
                <div class="mt-5 border-t border-stone-100 pt-4 text-sm">
                    // A paid booking still lets them book (or wait) for
                    // someone else; an unpaid one is to be paid first.
                    {let paid = mine.as_ref().is_some_and(|b| b.status == DisplayStatus::Confirmed);
                    let more = paid.then(|| view! {
                        <p class="mt-5 border-t border-stone-100 pt-4 font-medium text-stone-700">{t!(lang, "booking-for-someone-else")}</p>
                    });
                    match (mine, place, bookable) {
                        (Some(b), ..) if !paid => view! { <YourBooking booking=b /> }.into_any(),
                        (mine, place, bookable) => {
                            let next = match (place, bookable) {
                                (Some(place), _) => view! {
                                    {more}
                                    <YourPlace course=course.id place leave joined />
                                }.into_any(),
                                (None, Ok(())) => view! {
                                    {more}
                                    <BookButton
                                        course=course.clone()
                                        me=signed_in().get_untracked().map(|u| u.display_name)
                                        seats_asked=query.read_untracked().get("seats").and_then(|s| s.parse().ok())
                                        voucher_asked=query.read_untracked().get("voucher")
                                    />
                                    <RefundRule course=course.clone() refund_until />
                                }.into_any(),
                                (None, Err(NotBookable::Full)) => view! {
                                    {more}
                                    <p class="font-medium text-stone-700" data-testid="booking-status">{t!(lang, NotBookable::Full.message_id())}</p>
                                    {(course.waiting == 0).then(|| view! { <WhenSeatsFree held /> })}
                                    <JoinTheList course=course.id waiting=course.waiting most=course.seats_per_booking free=course.price.is_free() join />
                                }.into_any(),
                                (None, Err(reason)) => view! {
                                    <p class="font-medium text-stone-700" data-testid="booking-status">{t!(lang, reason.message_id())}</p>
                                }.into_any(),
                            };
                            view! {
                                {left.then(|| view! {
                                    <Answer class=ANSWER attr:data-testid="left-waitlist">{t!(lang, "left-waitlist")}</Answer>
                                })}
                                {mine.map(|b| view! { <YourBooking booking=b /> })}
                                {next}
                            }.into_any()
                        }
                    }}
                </div>
            </aside>
        </article>
    }
}

/// In place of "Book" on a course the person already holds a seat on.
#[component]
fn YourBooking(booking: BookingView) -> impl IntoView {
    let href = format!("/bookings/{}", booking.id);
    let lang = lang();
    let seats = booking.seats;
    let (line, link) = match booking.status {
        DisplayStatus::Confirmed => (
            t!(lang, "your-booking-confirmed", seats = seats),
            t!(lang, "view-your-booking"),
        ),
        DisplayStatus::PaymentProcessing => (
            t!(lang, "your-booking-processing"),
            t!(lang, "view-your-booking"),
        ),
        DisplayStatus::DateCancelled => (
            t!(lang, "your-booking-date-cancelled"),
            t!(lang, "choose-on-your-booking"),
        ),
        _ => (
            t!(lang, "your-booking-held", seats = seats),
            t!(lang, "complete-your-booking"),
        ),
    };
    view! {
        <div data-testid="your-booking">
            <p class="font-medium text-stone-800">{line}</p>
            <a href=href class="btn-primary mt-3 inline-block">{link}</a>
        </div>
    }
}

/// Under "This course is full": whether a seat may still free up.
#[component]
fn WhenSeatsFree(held: Option<HeldWhilePaying>) -> impl IntoView {
    let text = "text-stone-600";
    let lang = lang();
    match held {
        Some(h) => {
            let (before, after) = crate::components::booking_actions::split_around_time(&t!(
                lang,
                "seats-held-while-paying",
                seats = h.seats,
                time = "{time}"
            ));
            view! {
                <p class=format!("mt-2 {text}") data-testid="seats-may-free">
                    {before} <LocalTime at=h.first_ends format=TimeFormat::Time /> {after}
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class=format!("mt-2 {text}") data-testid="seats-may-free">
                {t!(lang, "every-seat-paid")}
            </p>
        }
        .into_any(),
    }
}

/// "Join the waiting list" under a full course; signed-out visitors are
/// sent to sign in and back.
#[component]
fn JoinTheList(
    course: CourseId,
    waiting: u64,
    most: u8,
    free: bool,
    join: ServerAction<JoinWaitlist>,
) -> impl IntoView {
    let user = signed_in();
    let lang = lang();
    let queue = t!(lang, "waiting-now", count = waiting);
    let failure = move || join.value().get().and_then(Result::err);
    view! {
        <div class="mt-4" data-testid="waitlist">
            <p class="text-stone-600">
                {queue} " " {t!(lang, "waitlist-how")}
            </p>
            {move || match user.get() {
                Some(_) => view! {
                    <ActionForm action=join attr:class="mt-3">
                        <input type="hidden" name="course_id" value=course.to_string() />
                        {(most > 1).then(|| view! {
                            <label class="mb-3 flex items-center gap-3 text-sm text-stone-700">
                                <span class="font-medium">{t!(lang, "seats-wanted")}</span>
                                <select name="seats" class="rounded-md border border-stone-300 bg-white px-2 py-1.5" data-testid="waitlist-seats">
                                    {(1..=most).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                                </select>
                            </label>
                        })}
                        {(!free).then(|| view! {
                        <label class="mb-3 block text-sm text-stone-700">
                            <span class="font-medium">{t!(lang, "voucher-code")}</span>
                            <span class="text-stone-500">" " {t!(lang, "waitlist-voucher-hint")}</span>
                            <input name="voucher" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32" data-testid="waitlist-voucher"
                                class="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-1.5 uppercase focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600" />
                        </label>
                        })}
                        <button type="submit" class="btn-primary" data-testid="join-waitlist"
                            aria-disabled=move || join.pending().get().then_some("true")>
                            {let (joining, join_label) = (t!(lang, "joining"), t!(lang, "join-waitlist"));
                            move || if join.pending().get() { joining.clone() } else { join_label.clone() }}
                        </button>
                    </ActionForm>
                }.into_any(),
                None => view! {
                    <a
                        href=format!("/signup?next={}", encode_query_value(&tessera::intent::Intent::Wait { course, seats: tessera::SeatCount::ONE }.path()))
                        class="btn-primary mt-3"
                        data-testid="join-waitlist"
                    >
                        {t!(lang, "join-waitlist")}
                    </a>
                    <p class="mt-2 text-xs text-stone-500">{t!(lang, "waitlist-sign-in-first")}</p>
                }.into_any(),
            }}
            {move || failure().map(|e| view! { <ActionError error=e /> })}
        </div>
    }
}

/// In place of "Book" for someone on the course's waiting list.
#[component]
fn YourPlace(
    course: CourseId,
    place: WaitingPlace,
    leave: ServerAction<LeaveWaitlist>,
    joined: bool,
) -> impl IntoView {
    let lang = lang();
    let line = match place.position {
        Some(1) => t!(lang, "waitlist-next", seats = place.seats),
        Some(n) => t!(lang, "waitlist-number", position = n, seats = place.seats),
        None => t!(lang, "waitlist-held", seats = place.seats),
    };
    let failure = move || leave.value().get().and_then(Result::err);
    view! {
        <div data-testid="your-place">
            {joined.then(|| view! {
                <Answer class=ANSWER attr:data-testid="joined-waitlist">{t!(lang, "joined-waitlist")}</Answer>
            })}
            <p class="font-medium text-stone-800" data-testid="waitlist-position">{line}</p>
            <p class="mt-1 text-stone-600">{t!(lang, "waitlist-we-email")}</p>
            <AskFirst key=format!("leave-{course}") ask=t!(lang, "leave-waitlist") ask_class="btn-secondary mt-3" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900">
                <ActionForm action=leave>
                    <input type="hidden" name="course_id" value=course.to_string() />
                    <button type="submit" class="btn-secondary" data-testid="leave-waitlist">{t!(lang, "leave-waitlist-yes")}</button>
                </ActionForm>
            </AskFirst>
            {move || failure().map(|e| view! { <ActionError error=e /> })}
        </div>
    }
}

/// The same course on other dates, each with its seats ("Also on").
#[component]
fn OtherRuns(runs: Vec<CourseSummary>) -> impl IntoView {
    let lang = lang();
    (!runs.is_empty()).then(|| {
        view! {
            <section class="mt-6" aria-labelledby="other-runs-heading">
                <h2 id="other-runs-heading" class="text-lg font-semibold">{t!(lang, "also-on")}</h2>
                <ul class="mt-2 space-y-2 text-sm" data-testid="other-runs">
                    {runs.into_iter().map(|run| view! {
                        <li class="flex flex-wrap items-center gap-2">
                            <a href=format!("/courses/{}", run.id) class="font-medium text-teal-700 hover:underline">
                                <CourseTime at=run.starts() />
                            </a>
                            {(run.meetings > 1).then(|| view! { <span class="text-stone-500">{t!(lang, "meetings", count = run.meetings)}</span> })}
                            <span class="text-stone-600">{format::price(lang, run.price)}</span>
                            <AvailabilityBadge course=run />
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
