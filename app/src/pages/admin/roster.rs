//! `/admin/courses/{id}/roster`: who is coming, with a CSV export; cancel
//! and refund one booking, or cancel the whole course; where refunds stand.

use crate::api::admin::{
    AdminCancelBooking, AdminCancelSeat, AdminMoveBooking, CancelCourse, RefundLine,
    RefundStanding, RemoveFromWaitlist, RosterEntry, course_roster,
};
use crate::api::bookings::CancelOutcome;
use crate::components::ask_first::AskFirst;
use crate::components::booking_actions::ActionError;
use crate::components::forms::{Answer, succeeded};
use crate::components::guard::RequireUser;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::components::pager::{Pager, page_in_url};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use tessera::quote::seats_phrase;
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
    let answer = move |pressed: Pressed| {
        match pressed {
        Pressed::Course => cancel_course.value().get().map(|r| match r {
            Ok(done) => view! {
                <Answer attr:data-testid="course-cancel-result">
                    {if done.already_cancelled {
                        "This course was already cancelled.".to_owned()
                    } else {
                        format!(
                            "Course cancelled. {}{} cancelled and emailed; {} requested{}.",
                            if done.moves_offered > 0 { format!("{} offered the other date (each emailed to choose); ", count_of(done.moves_offered, "booking", "bookings")) } else { String::new() },
                            count_of(done.bookings_cancelled, "booking", "bookings"),
                            count_of(done.refunds_requested, "refund", "refunds"),
                            if done.refunds_owed > 0 { format!(", {} to be retried (Stripe unreachable)", done.refunds_owed) } else { String::new() },
                        )
                    }}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| course_ok.then(|| view! { <Answer attr:data-testid="course-cancel-result">"Course cancelled; its bookings are cancelled and their people emailed."</Answer> }.into_any())),
        Pressed::Seat => cancel_seat.value().get().map(|r| match r {
            Ok(outcome) => view! {
                <Answer attr:data-testid="seat-cancel-result">
                    {match outcome {
                        CancelOutcome::SeatRefunding(amount) => format!("Seat cancelled; {amount} is being refunded."),
                        CancelOutcome::SeatFreed => "Seat cancelled; nothing to refund.".to_owned(),
                        CancelOutcome::Refunding => "That was the booking's last seat: the booking is cancelled and what was left refunded.".to_owned(),
                        CancelOutcome::AlreadyEnded => "That seat had already been cancelled.".to_owned(),
                        CancelOutcome::Released | CancelOutcome::NoRefund => "That was the booking's last seat: the booking is cancelled.".to_owned(),
                    }}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| seat_ok.then(|| view! { <Answer attr:data-testid="seat-cancel-result">"Seat cancelled."</Answer> }.into_any())),
        Pressed::Booking => cancel_booking.value().get().map(|r| match r {
            Ok(outcome) => view! {
                <Answer attr:data-testid="booking-cancel-result">
                    {match outcome {
                        CancelOutcome::Released => "Booking cancelled; nothing had been paid.",
                        CancelOutcome::Refunding => "Booking cancelled; a full refund has been requested.",
                        CancelOutcome::NoRefund => "Booking cancelled; nothing to refund.",
                        CancelOutcome::AlreadyEnded => "That booking had already ended.",
                        CancelOutcome::SeatRefunding(_) => "Seat cancelled; its share has been refunded.",
                        CancelOutcome::SeatFreed => "Seat cancelled; nothing to refund.",
                    }}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| booking_ok.then(|| view! { <Answer attr:data-testid="booking-cancel-result">"Booking cancelled."</Answer> }.into_any())),
        Pressed::Move => move_booking.value().get().map(|r| match r {
            Ok(back) => view! {
                <Answer attr:data-testid="booking-move-result">
                    "Booking moved; its person is emailed with the new date."
                    {back.map(|m| format!(" {m} of the difference is being refunded."))}
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| move_ok.then(|| view! { <Answer attr:data-testid="booking-move-result">"Booking moved; its person is emailed with the new date."</Answer> }.into_any())),
        Pressed::Remove => remove.value().get().map(|r| match r {
            Ok(()) => view! {
                <Answer attr:data-testid="waitlist-remove-result">
                    "Taken off the waiting list; a seat they were offered goes to the next person."
                </Answer>
            }.into_any(),
            Err(e) => view! { <ActionError error=e /> }.into_any(),
        }).or_else(|| remove_ok.then(|| view! { <Answer attr:data-testid="waitlist-remove-result">"Taken off the waiting list; a seat they were offered goes to the next person."</Answer> }.into_any())),
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
        <Title text="Admin · Roster" />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">"← All courses"</a>
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
                                            {cancelled.then(|| view! { <span class="ml-3 rounded-full bg-rose-100 px-2.5 py-0.5 align-middle text-xs font-semibold text-rose-800" data-testid="course-cancelled">"Cancelled"</span> })}
                                        </h1>
                                        <p class="mt-1 text-sm text-stone-600">{format!("{count} of {} {} held", r.course.capacity, if r.course.capacity == 1 { "seat" } else { "seats" })}</p>
                                    </div>
                                    <a href=csv rel="external" download="" class="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:border-teal-600 hover:text-teal-700">"Download CSV"</a>
                                </div>
                                {move || pressed_last.get().and_then(answer)}
                                {(cancelled && bookings > 0).then(|| view! {
                                    <p class="mt-4 max-w-2xl rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="offers-open">
                                        {format!("{} still on this date {} been offered another date and not answered yet. Whoever has not answered by the start is refunded in full.", count_of(bookings, "booking", "bookings"), if bookings == 1 { "has" } else { "have" })}
                                    </p>
                                })}
                                {if r.entries.is_empty() {
                                    view! { <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">"Nobody is booked."</p> }.into_any()
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
    view! {
        <div class="relative mt-6 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label="Roster table">
            <table class="min-w-full text-sm" data-testid="roster">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">"Name"</th><th class="px-4 py-3">"Email"</th><th class="px-4 py-3">"Status"</th><th class="px-4 py-3">"Seats"</th><th class="px-4 py-3">"Amount"</th><th class="px-4 py-3">"Booked"</th><th class="px-4 py-3">"Reference"</th><th class="px-4 py-3"><span class="sr-only">"Actions"</span></th></tr>
                </thead>
                <tbody class="divide-y divide-stone-100">
                    {entries.into_iter().map(|e| {
                        let label = if e.status == BookingStatus::Confirmed && !e.amount.is_zero() { "Cancel & refund" } else { "Cancel" };
                        // One row per seat; the booking's own cells span them.
                        let seats = e.seat_lines();
                        let span = seats.len().to_string();
                        let group = seats.len() > 1;
                        seats.into_iter().enumerate().map(|(i, seat)| {
                            // Who booked, said once: on the booker's own seat the size
                            // of the group, on the others whose guest they are.
                            let booker = if i == 0 && seat.name == e.name {
                                group.then(|| format!("booked {} seats", e.seats))
                            } else {
                                Some(format!("with {}", e.name))
                            };
                            // An attendee's own address; the booker's on the first seat.
                            let email = seat.email.clone().unwrap_or_else(|| if i == 0 { e.email.clone() } else { String::new() });
                            view! {
                                <tr>
                                    <td class="min-w-40 px-4 py-3 font-medium">
                                        {seat.name}
                                        {booker.map(|b| view! { <span class="block text-xs font-normal text-stone-500">{b}</span> })}
                                        {tessera::teaching::attendance_line(&seat.attendance).map(|a| view! { <span class="block text-xs font-normal text-stone-600" data-testid="roster-attendance">{a}</span> })}
                                        {seat.id.filter(|_| group).map(|attendee| view! { <span class="mt-1 block"><SeatCancelButton attendee action=seat_action /></span> })}
                                    </td>
                                    <td class="px-4 py-3 text-stone-600">{email}</td>
                                    {(i == 0).then(|| view! {
                                        <td class="px-4 py-3" rowspan=span.clone()>{e.status.label()}</td>
                                        <td class="px-4 py-3 tabular-nums" rowspan=span.clone() data-testid="roster-seats">{e.seats.to_string()}</td>
                                        <td class="px-4 py-3 tabular-nums" rowspan=span.clone()>
                                            {e.amount.to_string()}
                                            {(!e.discount.is_zero()).then(|| view! { <span class="block text-xs text-stone-500" data-testid="roster-discount">{format!("{} off", e.discount)}</span> })}
                                        </td>
                                        <td class="px-4 py-3 text-stone-600" rowspan=span.clone()><LocalTime at=e.booked_at format=TimeFormat::DateTime /></td>
                                        <td class="px-4 py-3 font-mono text-xs" rowspan=span.clone()>{e.reference.clone()}</td>
                                        <td class="px-4 py-3 text-right" rowspan=span.clone()>
                                            <ConfirmButton label=label booking=e.booking_id action=action />
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
    view! {
        <AskFirst key=format!("seat-{attendee}") ask="Cancel seat" ask_class="text-xs font-medium text-rose-700 underline" keep="Keep" keep_class="rounded-md px-2 py-0.5 text-xs text-stone-600" class="inline-flex gap-1">
            <ActionForm action attr:class="inline">
                <input type="hidden" name="attendee_id" value=attendee.to_string() />
                <button type="submit" class="rounded-md bg-rose-700 px-2 py-0.5 text-xs font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>"Confirm"</button>
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
    view! {
        <AskFirst key=format!("move-{booking}") ask="Move…" ask_class="mt-2 rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-teal-600 hover:text-teal-700" keep="Keep" keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="mt-2 flex flex-col items-end gap-1">
            <ActionForm action attr:class="flex flex-col items-end gap-1 text-left text-xs">
                <input type="hidden" name="booking_id" value=booking.to_string() />
                <label for=format!("move-to-{booking}") class="font-medium text-stone-700">"Move to"</label>
                <select id=format!("move-to-{booking}") name="to" class="max-w-56 rounded-md border border-stone-300 px-2 py-1 text-xs">
                    {dates.clone().into_iter().map(|d| {
                        let text = format!("{} · {} · {} left", d.starts().text("%a %-d %b %Y, %H:%M"), d.price.money(), seats_phrase(i64::from(d.seats_left())));
                        view! { <option value=d.id.to_string()>{text}</option> }
                    }).collect_view()}
                </select>
                <label for=format!("move-waive-{booking}") class="flex items-center gap-1 text-stone-700">
                    <input id=format!("move-waive-{booking}") type="checkbox" name="waive" value="1" />
                    "Waive the price difference"
                </label>
                <button type="submit" class="rounded-md bg-teal-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-teal-800 disabled:opacity-60" data-testid="admin-move" disabled=move || action.pending().get()>"Move booking"</button>
            </ActionForm>
        </AskFirst>
    }
}

/// A small button that asks once more before cancelling a booking.
#[component]
fn ConfirmButton(
    label: &'static str,
    booking: tessera::BookingId,
    action: ServerAction<AdminCancelBooking>,
) -> impl IntoView {
    view! {
        <AskFirst key=format!("booking-{booking}") ask=label ask_class="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-rose-400 hover:text-rose-700" keep="Keep" keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="inline-flex gap-1">
            <ActionForm action attr:class="inline">
                <input type="hidden" name="booking_id" value=booking.to_string() />
                <button type="submit" class="rounded-md bg-rose-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>"Confirm"</button>
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
    view! {
        <h2 class="mt-10 text-lg font-semibold">"Waiting list"</h2>
        <p class="mt-1 text-sm text-stone-600" data-testid="waitlist-count">{match waiting {
            0 => "Nobody is waiting.".to_owned(),
            1 => "1 person is waiting.".to_owned(),
            n => format!("{n} people are waiting."),
        }}</p>
        <div class="relative mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label="Waiting list table">
            <table class="min-w-full text-sm" data-testid="waitlist-table">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">"#"</th><th class="px-4 py-3">"Name"</th><th class="px-4 py-3">"Email"</th><th class="px-4 py-3">"Seats"</th><th class="px-4 py-3">"Joined"</th><th class="px-4 py-3">"Status"</th><th class="px-4 py-3"><span class="sr-only">"Actions"</span></th></tr>
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
                                    {l.status.label()}
                                    {(l.status == WaitlistStatus::Offered).then(|| l.offer_expires_at.map(|t| view! {
                                        <span class="block text-xs text-stone-500">"until " <LocalTime at=t format=TimeFormat::DateTime /></span>
                                    }))}
                                    {(l.status == WaitlistStatus::Waiting).then(|| l.passed_over.map(|(at, free)| view! {
                                        <span class="block text-xs text-amber-800" data-testid="passed-over">
                                            {format!("Passed over: {} free, asks for {} · ", seats_phrase(i64::from(free)), l.seats)}
                                            <LocalTime at=at format=TimeFormat::DateTime />
                                        </span>
                                    }))}
                                </td>
                                <td class="px-4 py-3 text-right">
                                    {open.then(|| view! {
                                        {let e = entry.clone(); view! {
                                        <AskFirst key=format!("remove-{entry}") ask="Remove" ask_class="rounded-md border border-stone-300 px-2.5 py-1 text-xs font-semibold text-stone-700 hover:border-rose-400 hover:text-rose-700" keep="Keep" keep_class="rounded-md px-2 py-1 text-xs text-stone-600" class="inline-flex gap-1">
                                            <ActionForm action attr:class="inline">
                                                <input type="hidden" name="entry_id" value=e.clone() />
                                                <button type="submit" class="rounded-md bg-rose-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-rose-800">"Yes, remove"</button>
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
    view! {
        <h2 class="mt-10 text-lg font-semibold">"Cancelled and refunded"</h2>
        <div class="relative mt-3 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm" tabindex="0" role="region" aria-label="Refunds table">
            <table class="min-w-full text-sm" data-testid="refunds">
                <thead class="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
                    <tr><th class="px-4 py-3">"Name"</th><th class="px-4 py-3">"Email"</th><th class="px-4 py-3">"Paid"</th><th class="px-4 py-3">"Refunded"</th><th class="px-4 py-3">"Refund"</th><th class="px-4 py-3">"Reference"</th></tr>
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
                                <td class="px-4 py-3 tabular-nums">{r.amount.to_string()}</td>
                                <td class="px-4 py-3 tabular-nums" data-testid="refunded">{(!r.refunded.is_zero()).then(|| r.refunded.to_string())}</td>
                                <td class=format!("px-4 py-3 {tone}") data-testid="refund-state">{r.state.label()}</td>
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
    view! {
        <section class="mt-10 max-w-xl rounded-xl border border-rose-200 bg-white p-5 text-sm shadow-sm" data-testid="cancel-course">
            <h2 class="font-semibold text-rose-800">"Cancel this course"</h2>
            <p class="mt-1 text-stone-600">
                {format!(
                    "This cancels {}{}{}. Everyone booked is emailed, and the course shows as cancelled in the catalog. It can't be undone.",
                    match bookings { 1 => "the 1 active booking".to_owned(), n => format!("all {n} active bookings") },
                    match paid { 0 => String::new(), 1 => " and refunds the 1 paid one in full".to_owned(), n => format!(" and refunds the {n} paid ones in full") },
                    if offerable { ", unless you offer another date instead" } else { "" },
                )}
            </p>
            <AskFirst key="cancel-course" ask="Cancel course…" ask_class="mt-3 rounded-lg border border-rose-300 px-4 py-2 font-semibold text-rose-700 hover:bg-rose-50" keep_class="rounded-lg px-4 py-2 font-semibold text-stone-600 hover:text-stone-900">
                <ActionForm action>
                    <input type="hidden" name="id" value=course.to_string() />
                    {offerable.then(|| view! {
                        <div class="mb-3">
                            <label for="cancel-offer" class="block text-stone-700">"Instead of refunding, offer another date"</label>
                            <select id="cancel-offer" name="offer" aria-describedby="cancel-offer-help" class="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1.5" data-testid="cancel-offer">
                                <option value="">"No: cancel and refund everyone now"</option>
                                {dates.into_iter().map(|d| {
                                    let label = format!("{} · {} · {} left", d.starts().text("%a %-d %b %Y, %H:%M"), d.price, seats_phrase(i64::from(d.seats_left())));
                                    view! { <option value=d.id.to_string()>{label}</option> }
                                }).collect_view()}
                            </select>
                            <p id="cancel-offer-help" class="mt-1 text-xs text-stone-500">"Each confirmed booking keeps its seats and its person chooses: move to that date (at no extra cost; a cheaper date refunds the difference) or a full refund. No answer by this date's start means a refund. Unpaid bookings are cancelled now."</p>
                        </div>
                    })}
                    <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Cancelling…" } else if offerable { "Yes, cancel the course" } else { "Yes, cancel the course and refund everyone" }}
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

/// "1 booking", "3 bookings".
fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
