//! `/admin/courses/{id}/roster`: who is coming, with a CSV export; cancel
//! and refund one booking, or cancel the whole course; where refunds stand.

use crate::api::admin::{
    AdminCancelBooking, AdminCancelSeat, AdminMoveBooking, CancelCourse, RefundLine,
    RefundStanding, RemoveFromWaitlist, RosterEntry, course_roster,
};
use crate::api::bookings::CancelOutcome;
use crate::components::ask_first::AskFirst;
use crate::components::booking_actions::{ActionError, split_around_time};
use crate::components::forms::{Answer, succeeded};
use crate::components::guard::RequireUser;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::components::pager::{Pager, page_in_url};
use crate::i18n::{Lang, Shown, format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use tessera::waitlist::{WaitlistLine, WaitlistStatus};
use tessera::{BookingStatus, CourseId, CourseStatus};

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
    let cancel_course = ServerAction::<CancelCourse>::new();
    let cancel_booking = ServerAction::<AdminCancelBooking>::new();
    let cancel_seat = ServerAction::<AdminCancelSeat>::new();
    let remove = ServerAction::<RemoveFromWaitlist>::new();
    let move_booking = ServerAction::<AdminMoveBooking>::new();
    let page = page_in_url();
    // A form sent without JavaScript comes back with its success (what
    // `succeeded` says before any press here) or its refusal (the action's
    // value) already there: that is the one pressed last.
    let course_ok = succeeded(cancel_course)();
    let seat_ok = succeeded(cancel_seat)();
    let booking_ok = succeeded(cancel_booking)();
    let move_ok = succeeded(move_booking)();
    let remove_ok = succeeded(remove)();
    let first = [
        (
            course_ok || cancel_course.value().with_untracked(Option::is_some),
            Pressed::Course,
        ),
        (
            booking_ok || cancel_booking.value().with_untracked(Option::is_some),
            Pressed::Booking,
        ),
        (
            seat_ok || cancel_seat.value().with_untracked(Option::is_some),
            Pressed::Seat,
        ),
        (
            remove_ok || remove.value().with_untracked(Option::is_some),
            Pressed::Remove,
        ),
        (
            move_ok || move_booking.value().with_untracked(Option::is_some),
            Pressed::Move,
        ),
    ]
    .into_iter()
    .find_map(|(answered, pressed)| answered.then_some(pressed));
    // One answer at a time: to the action pressed last.
    let pressed_last = RwSignal::new(first);
    for (version, pressed) in [
        (cancel_course.version(), Pressed::Course),
        (cancel_booking.version(), Pressed::Booking),
        (cancel_seat.version(), Pressed::Seat),
        (remove.version(), Pressed::Remove),
        (move_booking.version(), Pressed::Move),
    ] {
        Effect::new(move |_| {
            if version.get() > 0 {
                pressed_last.set(Some(pressed));
            }
        });
    }
    let lang = lang();
    let answer = move |pressed: Pressed| {
        match pressed {
        Pressed::Course => cancel_course.value().get().map(|r| match r {
            Ok(done) => view! {
                <Answer attr:data-testid="course-cancel-result">
                    {if done.already_cancelled {
                        t!(lang, "admin-course-already-cancelled")
                    } else {
                        let bookings = t!(lang, "admin-bookings-count", count = done.bookings_cancelled);
                        let refunds = t!(lang, "admin-refunds-count", count = done.refunds_requested);
                        let owed = if done.refunds_owed > 0 { t!(lang, "admin-refunds-owed", count = done.refunds_owed) } else { String::new() };
                        if done.moves_offered > 0 {
                            t!(lang, "admin-course-cancelled-with-moves", moves = t!(lang, "admin-bookings-count", count = done.moves_offered), bookings = bookings, refunds = refunds, owed = owed)
                        } else {
                            t!(lang, "admin-course-cancelled", bookings = bookings, refunds = refunds, owed = owed)
                        }
                    }}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| course_ok.then(|| view! { <Answer attr:data-testid="course-cancel-result">{t!(lang, "admin-course-cancelled-plain")}</Answer> }.into_any())),
        Pressed::Seat => cancel_seat.value().get().map(|r| match r {
            Ok(outcome) => view! {
                <Answer attr:data-testid="seat-cancel-result">
                    {match outcome {
                        CancelOutcome::SeatRefunding(amount) => t!(lang, "admin-seat-cancelled-refunding", amount = format::money(lang, amount)),
                        CancelOutcome::SeatFreed => t!(lang, "admin-seat-cancelled-nothing"),
                        CancelOutcome::Refunding => t!(lang, "admin-seat-last-refunded"),
                        CancelOutcome::AlreadyEnded => t!(lang, "admin-seat-already-cancelled"),
                        CancelOutcome::Released | CancelOutcome::NoRefund => t!(lang, "admin-seat-last"),
                    }}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| seat_ok.then(|| view! { <Answer attr:data-testid="seat-cancel-result">{t!(lang, "admin-seat-cancelled")}</Answer> }.into_any())),
        Pressed::Booking => cancel_booking.value().get().map(|r| match r {
            Ok(outcome) => view! {
                <Answer attr:data-testid="booking-cancel-result">
                    {t!(lang, match outcome {
                        CancelOutcome::Released => "admin-booking-cancelled-unpaid",
                        CancelOutcome::Refunding => "admin-booking-cancelled-refunding",
                        CancelOutcome::NoRefund => "admin-booking-cancelled-nothing",
                        CancelOutcome::AlreadyEnded => "admin-booking-already-ended",
                        CancelOutcome::SeatRefunding(_) => "admin-seat-cancelled-share",
                        CancelOutcome::SeatFreed => "admin-seat-cancelled-nothing",
                    })}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| booking_ok.then(|| view! { <Answer attr:data-testid="booking-cancel-result">{t!(lang, "admin-booking-cancelled")}</Answer> }.into_any())),
        Pressed::Move => move_booking.value().get().map(|r| match r {
            Ok(back) => view! {
                <Answer attr:data-testid="booking-move-result">
                    {t!(lang, "admin-booking-moved")}
                    {back.map(|m| format!(" {}", t!(lang, "admin-booking-moved-back", amount = format::money(lang, m))))}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| move_ok.then(|| view! { <Answer attr:data-testid="booking-move-result">{t!(lang, "admin-booking-moved")}</Answer> }.into_any())),
        Pressed::Remove => remove.value().get().map(|r| match r {
            Ok(()) => view! {
                <Answer attr:data-testid="waitlist-remove-result">
                    {t!(lang, "admin-waitlist-removed")}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| remove_ok.then(|| view! { <Answer attr:data-testid="waitlist-remove-result">{t!(lang, "admin-waitlist-removed")}</Answer> }.into_any())),
    }
    };
    let roster = Resource::new(
        move || {
            (
                id(),
                page(),
                cancel_course.version().get(),
                cancel_booking.version().get(),
                cancel_seat.version().get(),
                remove.version().get(),
                move_booking.version().get(),
            )
        },
        |(id, page, ..)| course_roster(id, page),
    );
    view! {
        <Title text=t!(lang, "admin-title-roster") />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match roster.await {
                        Ok(r) => {
                            let csv = format!("/admin/courses/{}/roster.csv", r.course.id);
                            let path = format!("/admin/courses/{}/roster", r.course.id);
                            let count = usize::try_from(r.course.seats_held).unwrap_or(0);
                            let bookings = usize::try_from(r.active).unwrap_or(usize::MAX);
                            let paid = usize::try_from(r.paid).unwrap_or(usize::MAX);
                            let (page, last) = (r.page.get() as usize, r.last.get() as usize);
                            let cancelled = r.course.status == CourseStatus::Cancelled;
                            // Another date offered instead of a refund: the same currency only.
                            let currency = r.course.price.money().currency();
                            let offerable: Vec<_> = r.other_dates.iter().filter(|d| d.price.money().currency() == currency).cloned().collect();
                            view! {
                                <div class="mt-4 flex flex-wrap items-end justify-between gap-4">
                                    <div>
                                        <h1 class="text-2xl font-semibold tracking-tight">
                                            {r.course.title.clone()}
                                            {cancelled.then(|| view! { <span class="ml-3 rounded-full bg-rose-100 px-2.5 py-0.5 align-middle text-xs font-semibold text-rose-800" data-testid="course-cancelled">{t!(lang, "admin-status-cancelled")}</span> })}
                                        </h1>
                                        <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-roster-seats-held", held = count, capacity = r.course.capacity)}</p>
                                    </div>
                                    <a href=csv rel="external" download="" class="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:border-teal-600 hover:text-teal-700">{t!(lang, "admin-download-csv")}</a>
                                </div>
                                {move || pressed_last.get().and_then(answer)}
                                {(cancelled && bookings > 0).then(|| view! {
                                    <p class="mt-4 max-w-2xl rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="offers-open">
                                        {t!(lang, "admin-offers-open", count = bookings)}
                                    </p>
                                })}
                                {if r.entries.is_empty() {
                                    view! { <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">{t!(lang, "admin-nobody-booked")}</p> }.into_any()
                                } else {
                                    view! {
                                        <EntryTable entries=r.entries action=cancel_booking seat_action=cancel_seat other_dates=r.other_dates move_action=move_booking />
                                        {(last > 1).then(|| view! { <Pager page last path /> })}
                                    }.into_any()
                                }}
                                {(!r.waitlist.is_empty()).then(|| view! { <WaitlistTable lines=r.waitlist action=remove /> })}
                                {(!r.refunds.is_empty()).then(|| view! { <RefundTable refunds=r.refunds /> })}
                                {(!cancelled).then(|| view! { <CancelCourseBox course=r.course.id bookings paid=paid dates=offerable action=cancel_course /> })}
                            }.into_any()
                        }
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn EntryTable(
    entries: Vec<RosterEntry>,
    action: ServerAction<AdminCancelBooking>,
    seat_action: ServerAction<AdminCancelSeat>,
    other_dates: Vec<tessera::CourseSummary>,
    move_action: ServerAction<AdminMoveBooking>,
) -> impl IntoView {
    let lang = lang();
    view! {
        <div class="relative mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label=t!(lang, "admin-roster-table")>
            <table class="min-w-full text-sm" data-testid="roster">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">{t!(lang, "admin-col-name")}</th><th class="px-4 py-3">{t!(lang, "admin-col-email")}</th><th class="px-4 py-3">{t!(lang, "admin-col-status")}</th><th class="px-4 py-3">{t!(lang, "admin-col-seats")}</th><th class="px-4 py-3">{t!(lang, "admin-col-amount")}</th><th class="px-4 py-3">{t!(lang, "admin-col-booked")}</th><th class="px-4 py-3">{t!(lang, "admin-col-reference")}</th><th class="px-4 py-3"><span class="sr-only">{t!(lang, "admin-col-actions")}</span></th></tr>
                </thead>
                <tbody class="divide-y divide-stone-100">
                    {entries.into_iter().map(|e| {
                        let label = t!(lang, if e.status == BookingStatus::Confirmed && !e.amount.is_zero() { "admin-cancel-refund" } else { "admin-cancel" });
                        // One row per seat; the booking's own cells span them.
                        let seats = e.seat_lines();
                        let span = seats.len().to_string();
                        let group = seats.len() > 1;
                        seats.into_iter().enumerate().map(|(i, seat)| {
                            // Who booked, said once: on the booker's own seat the size
                            // of the group, on the others whose guest they are.
                            let booker = if i == 0 && seat.name == e.name {
                                group.then(|| t!(lang, "admin-booked-seats", count = e.seats))
                            } else {
                                Some(t!(lang, "admin-guest-of", name = &e.name))
                            };
                            // An attendee's own address; the booker's on the first seat.
                            let email = seat.email.clone().unwrap_or_else(|| if i == 0 { e.email.clone() } else { String::new() });
                            view! {
                                <tr>
                                    <td class="min-w-40 px-4 py-3 font-medium">
                                        {seat.name}
                                        {booker.map(|b| view! { <span class="block text-xs font-normal text-stone-500">{b}</span> })}
                                        {tessera::teaching::attendance_line(&seat.attendance, lang).map(|a| view! { <span class="block text-xs font-normal text-stone-600" data-testid="roster-attendance">{a}</span> })}
                                        {seat.id.filter(|_| group).map(|attendee| view! { <span class="mt-1 block"><SeatCancelButton attendee action=seat_action /></span> })}
                                    </td>
                                    <td class="px-4 py-3 text-stone-600">{email}</td>
                                    {(i == 0).then(|| view! {
                                        <td class="px-4 py-3" rowspan=span.clone()>{e.status.label(lang)}</td>
                                        <td class="px-4 py-3 tabular-nums" rowspan=span.clone() data-testid="roster-seats">{e.seats.to_string()}</td>
                                        <td class="px-4 py-3 tabular-nums" rowspan=span.clone()>
                                            {format::money(lang, e.amount)}
                                            {(!e.discount.is_zero()).then(|| view! { <span class="block text-xs text-stone-500" data-testid="roster-discount">{t!(lang, "admin-amount-off", amount = format::money(lang, e.discount))}</span> })}
                                        </td>
                                        <td class="px-4 py-3 text-stone-600" rowspan=span.clone()><LocalTime at=e.booked_at format=TimeFormat::DateTime /></td>
                                        <td class="px-4 py-3 font-mono text-xs" rowspan=span.clone()>{e.reference.clone()}</td>
                                        <td class="px-4 py-3 text-right" rowspan=span.clone()>
                                            <ConfirmButton label=label.clone() booking=e.booking_id action=action />
                                            {(e.status == BookingStatus::Confirmed && !other_dates.is_empty()).then(|| view! {
                                                <MoveButton booking=e.booking_id dates=other_dates.clone() action=move_action />
                                            })}
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A small button that asks once more before cancelling one seat of a
/// group booking (its share refunded; the booking keeps the others).
#[component]
fn SeatCancelButton(attendee: i64, action: ServerAction<AdminCancelSeat>) -> impl IntoView {
    let lang = lang();
    view! {
        <AskFirst key=format!("seat-{attendee}") ask=t!(lang, "admin-cancel-seat") ask_class="text-xs font-medium text-rose-700 underline" keep=t!(lang, "admin-keep") keep_class="rounded-md px-2 py-0.5 text-xs text-stone-600" class="inline-flex gap-1">
            <ActionForm action attr:class="inline">
                <input type="hidden" name="attendee_id" value=attendee.to_string() />
                <button type="submit" class="rounded-md bg-rose-700 px-2 py-0.5 text-xs font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>{t!(lang, "admin-confirm")}</button>
            </ActionForm>
        </AskFirst>
    }
}

/// "Move…": another date of the course for this booking, and whether the
/// price difference is waived.
#[component]
fn MoveButton(
    booking: tessera::BookingId,
    dates: Vec<tessera::CourseSummary>,
    action: ServerAction<AdminMoveBooking>,
) -> impl IntoView {
    let lang = lang();
    view! {
        <AskFirst key=format!("move-{booking}") ask=t!(lang, "admin-move-ask") ask_class="mt-2 rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-teal-600 hover:text-teal-700" keep=t!(lang, "admin-keep") keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="mt-2 flex flex-col items-end gap-1">
            <ActionForm action attr:class="flex flex-col items-end gap-1 text-left text-xs">
                <input type="hidden" name="booking_id" value=booking.to_string() />
                <label for=format!("move-to-{booking}") class="font-medium text-stone-700">{t!(lang, "admin-move-to")}</label>
                <select id=format!("move-to-{booking}") name="to" class="max-w-56 rounded-md border border-stone-300 px-2 py-1 text-xs">
                    {dates.clone().into_iter().map(|d| {
                        let text = date_choice(lang, &d, format::money(lang, d.price.money()));
                        view! { <option value=d.id.to_string()>{text}</option> }
                    }).collect_view()}
                </select>
                <label for=format!("move-waive-{booking}") class="flex items-center gap-1 text-stone-700">
                    <input id=format!("move-waive-{booking}") type="checkbox" name="waive" value="1" />
                    {t!(lang, "admin-move-waive")}
                </label>
                <button type="submit" class="rounded-md bg-teal-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-teal-800 disabled:opacity-60" data-testid="admin-move" disabled=move || action.pending().get()>{t!(lang, "admin-move-booking")}</button>
            </ActionForm>
        </AskFirst>
    }
}

/// A small button that asks once more before cancelling a booking.
#[component]
fn ConfirmButton(
    label: String,
    booking: tessera::BookingId,
    action: ServerAction<AdminCancelBooking>,
) -> impl IntoView {
    let lang = lang();
    view! {
        <AskFirst key=format!("booking-{booking}") ask=label ask_class="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-rose-400 hover:text-rose-700" keep=t!(lang, "admin-keep") keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="inline-flex gap-1">
            <ActionForm action attr:class="inline">
                <input type="hidden" name="booking_id" value=booking.to_string() />
                <button type="submit" class="rounded-md bg-rose-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>{t!(lang, "admin-confirm")}</button>
            </ActionForm>
        </AskFirst>
    }
}

/// The waiting list: offers with their deadlines, the queue in order, and
/// what became of everyone else.
#[component]
fn WaitlistTable(
    lines: Vec<WaitlistLine>,
    action: ServerAction<RemoveFromWaitlist>,
) -> impl IntoView {
    let waiting = lines
        .iter()
        .filter(|l| l.status == WaitlistStatus::Waiting)
        .count();
    let lang = lang();
    view! {
        <h2 class="mt-10 text-lg font-semibold">{t!(lang, "admin-waiting-list")}</h2>
        <p class="mt-1 text-sm text-stone-600" data-testid="waitlist-count">{t!(lang, "admin-waitlist-count", count = waiting)}</p>
        <div class="relative mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label=t!(lang, "admin-waitlist-table")>
            <table class="min-w-full text-sm" data-testid="waitlist-table">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">"#"</th><th class="px-4 py-3">{t!(lang, "admin-col-name")}</th><th class="px-4 py-3">{t!(lang, "admin-col-email")}</th><th class="px-4 py-3">{t!(lang, "admin-col-seats")}</th><th class="px-4 py-3">{t!(lang, "admin-col-joined")}</th><th class="px-4 py-3">{t!(lang, "admin-col-status")}</th><th class="px-4 py-3"><span class="sr-only">{t!(lang, "admin-col-actions")}</span></th></tr>
                </thead>
                <tbody class="divide-y divide-stone-100">
                    {lines.into_iter().map(|l| {
                        let open = l.status.is_open();
                        let entry = l.entry_id.to_string();
                        view! {
                            <tr data-testid="waitlist-row">
                                <td class="px-4 py-3 tabular-nums">{l.position.map(|p| p.to_string()).unwrap_or_default()}</td>
                                <td class="px-4 py-3 font-medium">{l.name}</td>
                                <td class="px-4 py-3 text-stone-600">{l.email}</td>
                                <td class="px-4 py-3 tabular-nums" data-testid="waitlist-seats">{l.seats}</td>
                                <td class="px-4 py-3 whitespace-nowrap"><LocalTime at=l.joined_at format=TimeFormat::DateTime /></td>
                                <td class="px-4 py-3 whitespace-nowrap" data-testid="waitlist-status">
                                    {l.status.label(lang)}
                                    {(l.status == WaitlistStatus::Offered).then(|| l.offer_expires_at.map(|at| {
                                        let (before, after) = split_around_time(&t!(lang, "admin-offer-until", time = "{time}"));
                                        view! {
                                            <span class="block text-xs text-stone-500">{before} <LocalTime at=at format=TimeFormat::DateTime /> {after}</span>
                                        }
                                    }))}
                                    {(l.status == WaitlistStatus::Waiting).then(|| l.passed_over.map(|(at, free)| {
                                        let (before, after) = split_around_time(&t!(lang, "admin-passed-over", free = free, seats = l.seats, time = "{time}"));
                                        view! {
                                            <span class="block text-xs text-amber-800" data-testid="passed-over">
                                                {before}
                                                <LocalTime at=at format=TimeFormat::DateTime />
                                                {after}
                                            </span>
                                        }
                                    }))}
                                </td>
                                <td class="px-4 py-3 text-right">
                                    {open.then(|| view! {
                                        {let e = entry.clone(); view! {
                                        <AskFirst key=format!("remove-{entry}") ask=t!(lang, "admin-remove") ask_class="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-rose-400 hover:text-rose-700" keep=t!(lang, "admin-keep") keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="inline-flex gap-1">
                                            <ActionForm action attr:class="inline">
                                                <input type="hidden" name="entry_id" value=e.clone() />
                                                <button type="submit" class="rounded-md bg-rose-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-rose-800">{t!(lang, "admin-remove-yes")}</button>
                                            </ActionForm>
                                        </AskFirst>
                                        }}
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RefundTable(refunds: Vec<RefundLine>) -> impl IntoView {
    let lang = lang();
    view! {
        <h2 class="mt-10 text-lg font-semibold">{t!(lang, "admin-refunds-heading")}</h2>
        <div class="relative mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label=t!(lang, "admin-refunds-table")>
            <table class="min-w-full text-sm" data-testid="refunds">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">{t!(lang, "admin-col-name")}</th><th class="px-4 py-3">{t!(lang, "admin-col-email")}</th><th class="px-4 py-3">{t!(lang, "admin-col-paid")}</th><th class="px-4 py-3">{t!(lang, "admin-col-refunded")}</th><th class="px-4 py-3">{t!(lang, "admin-col-refund")}</th><th class="px-4 py-3">{t!(lang, "admin-col-reference")}</th></tr>
                </thead>
                <tbody class="divide-y divide-stone-100">
                    {refunds.into_iter().map(|r| {
                        let tone = match r.state {
                            RefundStanding::Refunded => "text-teal-800",
                            RefundStanding::FailedRetrying | RefundStanding::Refused => "font-semibold text-rose-700",
                            _ => "text-stone-700",
                        };
                        view! {
                            <tr>
                                <td class="px-4 py-3 font-medium">{r.name}</td>
                                <td class="px-4 py-3 text-stone-600">{r.email}</td>
                                <td class="px-4 py-3 tabular-nums">{format::money(lang, r.amount)}</td>
                                <td class="px-4 py-3 tabular-nums" data-testid="refunded">{(!r.refunded.is_zero()).then(|| format::money(lang, r.refunded))}</td>
                                <td class=format!("px-4 py-3 {tone}") data-testid="refund-state">{r.state.label(lang)}</td>
                                <td class="px-4 py-3 font-mono text-xs">{r.reference}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CancelCourseBox(
    course: CourseId,
    bookings: usize,
    paid: usize,
    /// Other dates that can be offered instead of a refund.
    dates: Vec<tessera::CourseSummary>,
    action: ServerAction<CancelCourse>,
) -> impl IntoView {
    let offerable = !dates.is_empty() && bookings > 0;
    let lang = lang();
    let what = t!(
        lang,
        "admin-cancel-course-what",
        bookings = t!(lang, "admin-cancel-course-bookings", count = bookings),
        paid = if paid == 0 {
            String::new()
        } else {
            format!(" {}", t!(lang, "admin-cancel-course-paid", count = paid))
        },
        offer = if offerable {
            format!(", {}", t!(lang, "admin-cancel-course-offer"))
        } else {
            String::new()
        },
    );
    let cancelling = t!(lang, "admin-cancelling");
    let confirm = t!(
        lang,
        if offerable {
            "admin-cancel-course-yes"
        } else {
            "admin-cancel-course-yes-refund"
        }
    );
    view! {
        <section class="mt-10 max-w-xl rounded-xl border border-rose-200 bg-white p-5 text-sm shadow-sm" data-testid="cancel-course">
            <h2 class="font-semibold text-rose-800">{t!(lang, "admin-cancel-course-heading")}</h2>
            <p class="mt-1 text-stone-600">{what}</p>
            <AskFirst key="cancel-course" ask=t!(lang, "admin-cancel-course-ask") ask_class="mt-3 rounded-lg border border-rose-300 px-4 py-2 font-semibold text-rose-700 hover:bg-rose-50" keep_class="rounded-lg px-4 py-2 font-semibold text-stone-600 hover:text-stone-900">
                <ActionForm action>
                    <input type="hidden" name="id" value=course.to_string() />
                    {offerable.then(|| view! {
                        <div class="mb-3">
                            <label for="cancel-offer" class="block text-stone-700">{t!(lang, "admin-cancel-course-offer-label")}</label>
                            <select id="cancel-offer" name="offer" aria-describedby="cancel-offer-help" class="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1.5" data-testid="cancel-offer">
                                <option value="">{t!(lang, "admin-cancel-course-no-offer")}</option>
                                {dates.into_iter().map(|d| {
                                    let label = date_choice(lang, &d, format::price(lang, d.price));
                                    view! { <option value=d.id.to_string()>{label}</option> }
                                }).collect_view()}
                            </select>
                            <p id="cancel-offer-help" class="mt-1 text-xs text-stone-500">{t!(lang, "admin-cancel-course-offer-help")}</p>
                        </div>
                    })}
                    <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { cancelling.clone() } else { confirm.clone() }}
                    </button>
                </ActionForm>
            </AskFirst>
        </section>
    }
}

/// The roster's actions, for answering the last one pressed.
#[derive(Clone, Copy)]
enum Pressed {
    Course,
    Booking,
    Seat,
    Remove,
    Move,
}

/// Another date of the course, as a choice in a menu: "Sat, 12 Dec 2026,
/// 18:00 CET · €49.00 · 6 seats left".
fn date_choice(lang: Lang, d: &tessera::CourseSummary, price: String) -> String {
    format!(
        "{} · {price} · {}",
        format::venue_time(lang, &d.starts(), Shown::DateTime),
        t!(lang, "seats-left", count = d.seats_left())
    )
}
