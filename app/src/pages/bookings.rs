//! `/bookings` (the dashboard) and `/bookings/{id}` (one booking with its
//! payment history).

use crate::api::bookings::{
    BookingView, BookingsPage as Dashboard, CancelMyBooking, CancelOutcome, DisplayStatus,
    MoveMyBooking, PayToMove, RetryPayment, get_booking_detail, my_bookings,
};
use crate::api::waitlist::{AcceptOffer, DeclineOffer, LeaveWaitlist};
use crate::components::ask_first::AskFirst;
use crate::components::booking_actions::{
    ActionError, AddToCalendar, PendingActions, PendingButtons, PendingPair, Piece, pieces,
    split_around_time,
};
use crate::components::forms::{Answer, succeeded};
use crate::components::guard::RequireUser;
use crate::components::local_time::{CourseTime, LocalTime, TimeFormat};
use crate::components::meetings::MeetingList;
use crate::components::pager::Pager;
use crate::i18n::{Lang, Shown, format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use tessera::waitlist::WaitingPlace;
use tessera::{BookingId, ErrorCode};

/// A status badge.
#[component]
pub fn StatusBadge(status: DisplayStatus) -> impl IntoView {
    view! {
        <span class=status.class() data-testid="status">
            {status.label(lang())}
        </span>
    }
}

/// The dashboard, a page at a time (`?page=2`).
#[component]
pub fn BookingsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
    };
    // One pair of actions for every row; a refusal shows once, above the list.
    let actions = PendingPair::new();
    let released = actions.released();
    // Leaving the list and declining an offer do the same, under two
    // names, so that each is answered in its own words.
    let leave = ServerAction::<LeaveWaitlist>::new();
    let decline = ServerAction::<DeclineOffer>::new();
    let accept = ServerAction::<AcceptOffer>::new();
    let leave_done = succeeded(leave);
    let decline_done = succeeded(decline);
    let bookings = Resource::new(
        move || {
            (
                page(),
                released.get(),
                leave.version().get(),
                decline.version().get(),
                accept.version().get(),
            )
        },
        |(page, ..)| my_bookings(Some(page)),
    );
    let lang = lang();
    let title = t!(lang, "bookings-title");
    view! {
        <Title text=title.clone() />
        <RequireUser>
            <h1 class="text-2xl font-semibold tracking-tight">{title.clone()}</h1>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "bookings-times-note")}</p>
            {move || actions.failure().map(|e| view! { <ActionError error=e /> })}
            {move || leave_done().then(|| view! {
                <Answer attr:data-testid="left-waitlist">
                    {t!(lang, "bookings-left-waitlist")}
                </Answer>
            })}
            {move || decline_done().then(|| view! {
                <Answer attr:data-testid="declined-offer">
                    {t!(lang, "bookings-declined-offer")}
                </Answer>
            })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match bookings.await {
                        Ok(mut p) => {
                            let waiting = std::mem::take(&mut p.waiting);
                            let places = (!waiting.is_empty()).then(|| view! {
                                <WaitingPlaces places=waiting actions leave decline accept />
                            });
                            Either::Left(view! { {places} <BookingList p actions /> })
                        }
                        Err(e) => Either::Right(view! { <div class="mt-6"><ErrorNotice error=e /></div> }),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

/// The bookings of one dashboard page: upcoming, past, then the ended ones
/// folded away, and the pager.
#[component]
fn BookingList(p: Dashboard, actions: PendingPair) -> impl IntoView {
    let lang = lang();
    if p.total == 0 {
        return Either::Left(view! {
            <div class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-10 text-center text-stone-600" data-testid="no-bookings">
                <p class="font-medium">{t!(lang, "bookings-none")}</p>
                <p class="mt-1 text-sm">{t!(lang, "bookings-none-find")}</p>
                <a href="/courses" class="mt-4 inline-block rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "bookings-browse")}</a>
            </div>
        });
    }
    let first = p.page == 1;
    let last = p.page == p.pages;
    // Past courses start on the page where upcoming ones end.
    let show_past = !p.past.is_empty() || last;
    let show_upcoming = !p.upcoming.is_empty() || first;
    Either::Right(view! {
        {show_upcoming.then(|| view! { <Section key="upcoming" title=t!(lang, "bookings-upcoming") items=p.upcoming empty=t!(lang, "bookings-upcoming-none") actions /> })}
        {show_past.then(|| view! { <Section key="past" title=t!(lang, "bookings-past") items=p.past empty=t!(lang, "bookings-past-none") actions /> })}
        {(!p.ended.is_empty()).then(|| {
            let count = p.ended.len();
            view! {
                <details class="mt-8" data-testid="ended-bookings">
                    <summary class="cursor-pointer text-sm font-semibold uppercase tracking-wide text-stone-500">
                        {t!(lang, "bookings-ended", count = count)}
                    </summary>
                    <ul class="mt-3 space-y-3" data-testid="bookings-ended">
                        {p.ended.into_iter().map(|b| view! { <BookingRow b actions /> }).collect_view()}
                    </ul>
                </details>
            }
        })}
        {(p.pages > 1).then(|| view! { <Pager page=p.page last=p.pages path="/bookings" previous=t!(lang, "bookings-newer") next=t!(lang, "bookings-older") /> })}
    })
}

/// Offers first (a seat held until its deadline, in the viewer's time),
/// then the courses they wait for, with their place in line.
#[component]
fn WaitingPlaces(
    places: Vec<WaitingPlace>,
    actions: PendingPair,
    leave: ServerAction<LeaveWaitlist>,
    decline: ServerAction<DeclineOffer>,
    accept: ServerAction<AcceptOffer>,
) -> impl IntoView {
    let failure = move || {
        [leave.value(), decline.value()]
            .into_iter()
            .find_map(|v| v.get().and_then(Result::err))
            .or_else(|| accept.value().get().and_then(Result::err))
    };
    let lang = lang();
    view! {
        <section class="mt-8" data-testid="waiting-list">
            <h2 class="text-sm font-semibold uppercase tracking-wide text-stone-500">{t!(lang, "bookings-waiting-list")}</h2>
            {move || failure().map(|e| view! { <ActionError error=e /> })}
            <ul class="mt-3 space-y-3">
                {places.into_iter().map(|p| {
                    let course = p.course_id.to_string();
                    let kind = if p.offer.is_some() { "offer" } else { "waiting" };
                    view! {
                        <li class="card p-5" data-testid=kind>
                            <a href=format!("/courses/{}", p.course_id) class="booking-title">{p.course_title.clone()}</a>
                            <p class="booking-meta"><CourseTime at=p.starts() /></p>
                            {match p.offer {
                                Some(offer) => {
                                    let free = offer.amount.is_zero();
                                    let booking = offer.booking_id.to_string();
                                    let (before, after) = split_around_time(&t!(lang, "bookings-offer", seats = p.seats, time = "{time}"));
                                    view! {
                                        <p class="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900" data-testid="offer-deadline">
                                            {before}
                                            <LocalTime at=offer.deadline format=TimeFormat::DateTime />
                                            {after}
                                        </p>
                                        <div class="mt-3 button-pair">
                                            {if free {
                                                view! {
                                                    <ActionForm action=accept>
                                                        <input type="hidden" name="booking_id" value=booking.clone() />
                                                        <button type="submit" class="btn-primary" data-testid="take-seat">{t!(lang, "bookings-take-seat", seats = p.seats)}</button>
                                                    </ActionForm>
                                                }.into_any()
                                            } else {
                                                view! { <PayOffer booking=offer.booking_id actions amount=format::money(lang, offer.amount) /> }.into_any()
                                            }}
                                            {let c = course.clone(); view! {
                                            <AskFirst key=format!("decline-{course}") ask=t!(lang, "bookings-decline-offer") ask_class="btn-secondary" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="flex flex-wrap items-center gap-2">
                                                <ActionForm action=decline>
                                                    <input type="hidden" name="course_id" value=c.clone() />
                                                    <button type="submit" class="btn-secondary" data-testid="decline-offer">{t!(lang, "bookings-decline-offer-yes")}</button>
                                                </ActionForm>
                                            </AskFirst>
                                            }}
                                        </div>
                                    }.into_any()
                                }
                                None => view! {
                                    <p class="mt-2 text-sm text-stone-700" data-testid="waitlist-position">{match p.position {
                                        Some(1) | None => t!(lang, "bookings-next-in-line"),
                                        Some(n) => t!(lang, "bookings-number-in-line", position = n),
                                    }}{(p.seats > 1).then(|| format!(" {}", t!(lang, "bookings-asked-for-seats", seats = p.seats)))}</p>
                                    {let c = course.clone(); view! {
                                    <AskFirst key=format!("leave-{course}") ask=t!(lang, "leave-waitlist") ask_class="mt-3 text-sm font-semibold text-stone-600 underline hover:text-rose-700" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900">
                                        <ActionForm action=leave>
                                            <input type="hidden" name="course_id" value=c.clone() />
                                            <button type="submit" class="text-sm font-semibold text-rose-700 underline" data-testid="leave-waitlist">{t!(lang, "leave-waitlist-yes")}</button>
                                        </ActionForm>
                                    </AskFirst>
                                    }}
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Pay" for an offered seat: the same Checkout as any pending booking.
#[component]
fn PayOffer(booking: BookingId, actions: PendingPair, amount: String) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let retry = actions.retry();
    let pay = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        retry.dispatch(RetryPayment {
            booking_id: booking,
        });
    };
    view! {
        <form method="post" action=RetryPayment::url() on:submit=pay>
            <input type="hidden" name="booking_id" value=booking.to_string() />
            <button type="submit" class="btn-primary" data-testid="pay-offer">{t!(lang(), "bookings-pay-offer", amount = amount)}</button>
        </form>
    }
}

#[component]
fn Section(
    /// Names the list for tests: `bookings-{key}`.
    key: &'static str,
    title: String,
    items: Vec<BookingView>,
    empty: String,
    actions: PendingPair,
) -> impl IntoView {
    view! {
        <section class="mt-8">
            <h2 class="text-sm font-semibold uppercase tracking-wide text-stone-500">{title}</h2>
            {if items.is_empty() {
                Either::Left(view! { <p class="mt-3 text-sm text-stone-500">{empty}</p> })
            } else {
                Either::Right(view! {
                    <ul class="mt-3 space-y-3" data-testid=format!("bookings-{key}")>
                        {items.into_iter().map(|b| view! { <BookingRow b actions /> }).collect_view()}
                    </ul>
                })
            }}
        </section>
    }
}

#[component]
fn BookingRow(b: BookingView, actions: PendingPair) -> impl IntoView {
    let past = b.is_past();
    let pending = matches!(
        b.status,
        DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed
    ) && !past;
    let lang = lang();
    let pay_label = t!(
        lang,
        if b.status == DisplayStatus::PaymentFailed {
            "booking-retry-payment"
        } else {
            "booking-pay-now"
        }
    );
    view! {
        <li class="booking card p-5" data-booking-id=b.id.to_string()>
            <div class="booking-head">
                <div>
                    <a href=format!("/bookings/{}", b.id) class="booking-title">{b.course_title.clone()}</a>
                    <p class="booking-meta">
                        <CourseTime at=b.starts() /> " · " {b.location.clone()}
                    </p>
                    <p class="booking-fine">{b.reference()} " · " {t!(lang, "booking-seat-count", seats = b.seats)} " · " {format::money(lang, b.amount)}{(!b.discount.is_zero()).then(|| format!(" {}", t!(lang, "booking-voucher-off", discount = format::money(lang, b.discount))))}</p>
                </div>
                <StatusBadge status=b.status />
            </div>
            {(b.status == DisplayStatus::DateCancelled).then(|| view! {
                <a href=format!("/bookings/{}#date-cancelled", b.id) class="btn-primary mt-4 inline-block">{t!(lang, "booking-choose-date-or-refund")}</a>
            })}
            {pending.then(|| view! {
                <div class="mt-4">
                    {b.hold_expires_at.map(|until| {
                        let (before, after) = split_around_time(&t!(lang, "booking-held-until", seats = b.seats, time = "{time}"));
                        view! {
                            <p class="booking-hold">{before} <LocalTime at=until format=TimeFormat::DateTime /> {after}</p>
                        }
                    })}
                    <PendingButtons booking=b.id pay_label actions />
                </div>
            })}
            {past.then(|| view! {
                <a href=format!("/courses/{}", b.course_id) class="mt-3 inline-block text-sm font-semibold text-teal-700 hover:underline">{t!(lang, "booking-book-again")}</a>
            })}
        </li>
    }
}

/// One booking with its payment history.
#[component]
pub fn BookingDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let just_confirmed = move || query.read().get("confirmed").is_some();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<BookingId>().ok())
            .unwrap_or(BookingId(0))
    };
    let cancel = ServerAction::<CancelMyBooking>::new();
    let cancel_seat = ServerAction::<crate::api::bookings::CancelMySeat>::new();
    let move_to = ServerAction::<MoveMyBooking>::new();
    // The same after a form sent without JavaScript, whose outcome is not
    // known here: the page below says it.
    let (cancelled_by_form, seat_cancelled_by_form, moved_by_form) = (
        succeeded(cancel),
        succeeded(cancel_seat),
        succeeded(move_to),
    );
    // Once cancelled, the box that had focus is gone: focus moves to what
    // happened (the page re-renders with the booking's new state first).
    let cancelled = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(p) = cancelled.get() {
            let _ = p.focus();
        }
    });
    let detail = Resource::new(
        move || {
            (
                id(),
                cancel.version().get(),
                cancel_seat.version().get(),
                move_to.version().get(),
            )
        },
        |(id, ..)| get_booking_detail(id),
    );
    let lang = lang();
    view! {
        <Title text=t!(lang, "booking-title") />
        <RequireUser>
            <a href="/bookings" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "booking-back")}</a>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => {
                            let b = d.booking;
                            let meetings = d.meetings;
                            let (other_dates, moves) = (d.move_to, d.moves);
                            let pending = matches!(b.status, DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed) && !b.is_past();
                            view! {
                                {(just_confirmed() && b.status == DisplayStatus::Confirmed).then(|| view! {
                                    <div role="status" class="mt-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-800">{t!(lang, "booking-confirmed-now")}</div>
                                })}
                                <div class="mt-4 flex flex-wrap items-start justify-between gap-3">
                                    <div>
                                        <h1 class="text-2xl font-semibold tracking-tight">{b.course_title.clone()}</h1>
                                        <p class="mt-1 text-sm text-stone-600">
                                            {match meetings.len() {
                                                n if n > 1 => view! { {format!("{} ", t!(lang, "meetings-first", count = n))} <CourseTime at=b.starts() /> }.into_any(),
                                                _ => view! { <CourseTime at=b.starts() /> " – " <CourseTime at=b.ends() format=TimeFormat::Time /> }.into_any(),
                                            }}
                                            " · " {b.location.clone()}
                                        </p>
                                    </div>
                                    <StatusBadge status=b.status />
                                </div>
                                <dl class="mt-6 grid gap-4 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm grid-cols-2 sm:grid-cols-4">
                                    <div><dt class="text-stone-500">{t!(lang, "booking-reference")}</dt><dd class="font-mono" data-testid="reference">{b.reference()}</dd></div>
                                    <div><dt class="text-stone-500">{t!(lang, "booking-seats")}</dt><dd data-testid="seats">{b.seats.to_string()}</dd></div>
                                    <div><dt class="text-stone-500">{t!(lang, "booking-amount")}</dt><dd>{if b.amount.is_zero() { t!(lang, "price-free") } else { format::money(lang, b.amount) }}</dd></div>
                                    {(!b.discount.is_zero()).then(|| view! {
                                        <div><dt class="text-stone-500">{t!(lang, "booking-voucher")}</dt><dd data-testid="discount">{t!(lang, "booking-discount", discount = format::money(lang, b.discount))}</dd></div>
                                    })}
                                    <div><dt class="text-stone-500">{t!(lang, "booking-booked")}</dt><dd><LocalTime at=b.booked_at format=TimeFormat::DateTime /></dd></div>
                                </dl>
                                {move_to.value().get_untracked().and_then(Result::ok).or_else(|| moved_by_form().then_some(None)).map(|back| view! {
                                    <Answer>
                                        {t!(lang, "booking-moved")}
                                        {back.map(|m| format!(" {}", t!(lang, "booking-moved-back", amount = format::money(lang, m))))}
                                    </Answer>
                                })}
                                {d.offer.map(|offer| view! {
                                    <DateCancelled booking=b.id starts=b.starts() offer refund=d.refund_amount.unwrap_or(b.amount) move_to cancel />
                                })}
                                <MeetingList meetings />
                                <MoveHistory moves />
                                <OtherDates booking=b.id dates=other_dates action=move_to />
                                {(b.status == DisplayStatus::Confirmed && !b.is_past()).then(|| view! {
                                    <p class="mt-4"><AddToCalendar booking=b.id /></p>
                                })}
                                {pending.then(|| view! { <div class="mt-4 max-w-md"><PendingActions booking=b.id /></div> })}
                                {(b.status == DisplayStatus::PaymentProcessing).then(|| view! {
                                    <p role="status" class="mt-4 max-w-md rounded-lg bg-violet-50 px-4 py-3 text-sm text-violet-900" data-testid="processing-note">
                                        {t!(lang, "booking-processing-note")}
                                    </p>
                                })}
                                {move || match cancel_seat.value().get() {
                                    Some(Err(e)) => Some(view! { <div class="mt-4"><ErrorNotice error=e /></div> }.into_any()),
                                    said => said.and_then(Result::ok).map(|o| cancel_message(lang, o)).or_else(|| seat_cancelled_by_form().then(|| t!(lang, "booking-seat-cancelled"))).map(|said| view! {
                                        <p role="status" tabindex="-1" autofocus class="mt-4 rounded-lg bg-sky-50 px-4 py-3 text-sm text-sky-900" data-testid="seat-cancel-result">{said}</p>
                                    }.into_any()),
                                }}
                                {move || match cancel.value().get() {
                                    Some(Err(e)) => Some(view! { <div class="mt-4"><ErrorNotice error=e /></div> }.into_any()),
                                    said => said.and_then(Result::ok).map(|o| cancel_message(lang, o)).or_else(|| cancelled_by_form().then(|| t!(lang, "booking-cancelled"))).map(|said| view! {
                                        <p role="status" tabindex="-1" autofocus node_ref=cancelled class="mt-4 rounded-lg bg-sky-50 px-4 py-3 text-sm text-sky-900" data-testid="cancel-result">{said}</p>
                                    }.into_any()),
                                }}
                                {(b.status == DisplayStatus::Confirmed && !b.is_past()).then(|| view! {
                                    <CancelBox booking=b.id amount=d.refund_amount.unwrap_or(b.amount) refundable=d.refund_if_cancelled cutoff_hours=d.refund_cutoff_hours action=cancel />
                                })}
                                <Attendees attendees=d.attendees.clone() editable=(matches!(b.status, DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed | DisplayStatus::PaymentProcessing | DisplayStatus::Confirmed) && !b.is_past()) seats=b.seats cancel=cancel_seat />
                                <h2 class="mt-8 text-sm font-semibold uppercase tracking-wide text-stone-500">{t!(lang, "booking-payments")}</h2>
                                {if d.payments.is_empty() {
                                    view! { <p class="mt-2 text-sm text-stone-500">{t!(lang, "booking-no-payment")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-2 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white text-sm" data-testid="payments">
                                            {d.payments.into_iter().map(|p| view! {
                                                <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                                                    <span><LocalTime at=p.at format=TimeFormat::DateTime /></span>
                                                    <span>{format::money(lang, p.amount)}</span>
                                                    <span class="capitalize">{p.status.label(lang)}</span>
                                                    {(!p.refunded.is_zero()).then(|| view! { <span class="w-full text-teal-800" data-testid="payment-refunded">{t!(lang, "booking-refunded", amount = format::money(lang, p.refunded))}</span> })}
                                                    {p.failure.map(|f| view! { <span class="w-full text-rose-700">{f}</span> })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <InvoicesBox booking=b.id />
                            }.into_any()
                        }
                        Err(e) if e.code() == ErrorCode::BookingNotFound => view! { <crate::pages::not_found::NotFoundMessage what="booking" /> }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}

/// "Who's coming": one line per seat, each name (and email) correctable
/// until the course starts.
#[component]
fn Attendees(
    attendees: Vec<tessera::attendee::AttendeeView>,
    editable: bool,
    seats: u8,
    cancel: ServerAction<crate::api::bookings::CancelMySeat>,
) -> impl IntoView {
    if attendees.is_empty() {
        return ().into_any();
    }
    // One seat of several can go on its own; the last goes with the booking.
    let one_of_several = seats > 1;
    view! {
        <h2 class="mt-8 text-sm font-semibold uppercase tracking-wide text-stone-500">{t!(lang(), "booking-whos-coming")}</h2>
        <ul class="mt-2 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white text-sm" data-testid="attendees">
            {attendees.into_iter().map(|a| view! { <AttendeeLine attendee=a editable cancellable=editable && one_of_several cancel /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn AttendeeLine(
    attendee: tessera::attendee::AttendeeView,
    editable: bool,
    cancellable: bool,
    cancel: ServerAction<crate::api::bookings::CancelMySeat>,
) -> impl IntoView {
    use crate::api::bookings::NameAttendee;
    let action = ServerAction::<NameAttendee>::new();
    let given = attendee.name.clone();
    let shown = move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .map(|a| a.name)
            .unwrap_or_else(|| given.clone())
    };
    let failure = move || action.value().get().and_then(Result::err);
    let lang = lang();
    let seat = t!(lang, "booking-seat", seat = attendee.position);
    let cancelled = attendee.status == tessera::attendee::AttendeeStatus::Cancelled;
    let email = attendee.email.clone().unwrap_or_default();
    let id = attendee.id;
    view! {
        <li class="px-4 py-3" data-testid="attendee">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <span><span class="text-stone-500">{seat.clone()} ": "</span><span class="font-medium" data-testid="attendee-name">{shown}</span></span>
                {cancelled.then(|| view! { <span class="text-xs text-stone-500">{t!(lang, "booking-seat-line-cancelled")}</span> })}
            </div>
            {tessera::teaching::attendance_line(&attendee.attended, lang).map(|a| view! { <p class="text-xs text-stone-600" data-testid="attended">{a}</p> })}
            {(editable && !cancelled).then(|| {
                let seat = seat.clone();
                view! {
                <details class="mt-1">
                    <summary class="cursor-pointer text-xs font-medium text-teal-700">{t!(lang, "booking-change-attendee")}</summary>
                    <ActionForm action attr:class="mt-2 flex flex-wrap items-end gap-2">
                        <input type="hidden" name="attendee_id" value=id.to_string() />
                        <label class="flex flex-col text-xs text-stone-600">{t!(lang, "booking-attendee-name")}
                            <input name="name" required maxlength="80" value=attendee.name.clone() class="mt-1 rounded-md border border-stone-300 px-2 py-1 text-sm" />
                        </label>
                        <label class="flex flex-col text-xs text-stone-600">{t!(lang, "booking-attendee-email")}
                            <input name="email" type="email" maxlength="254" value=email class="mt-1 rounded-md border border-stone-300 px-2 py-1 text-sm" />
                        </label>
                        <button type="submit" class="btn-secondary" aria-label=t!(lang, "booking-save-seat", seat = seat.clone())>{t!(lang, "booking-save")}</button>
                    </ActionForm>
                    {move || failure().map(|e| view! { <ActionError error=e /> })}
                </details>
            }})}
            {(cancellable && !cancelled).then(|| {
                let seat = seat.clone();
                view! {
                <details class="mt-1">
                    <summary class="cursor-pointer text-xs font-medium text-rose-700">{t!(lang, "booking-cancel-seat")}</summary>
                    <ActionForm action=cancel attr:class="mt-2">
                        <input type="hidden" name="attendee_id" value=id.to_string() />
                        <button type="submit" class="btn-secondary" data-testid="cancel-seat">{t!(lang, "booking-cancel-seat-yes", seat = seat.clone())}</button>
                    </ActionForm>
                </details>
            }})}
        </li>
    }
}

fn cancel_message(lang: Lang, outcome: CancelOutcome) -> String {
    match outcome {
        CancelOutcome::Released => t!(lang, "booking-released"),
        CancelOutcome::Refunding => t!(lang, "booking-cancelled-refunding"),
        CancelOutcome::NoRefund => t!(lang, "booking-cancelled-no-refund"),
        CancelOutcome::AlreadyEnded => t!(lang, "booking-already-ended"),
        CancelOutcome::SeatRefunding(amount) => t!(
            lang,
            "booking-seat-refunding",
            amount = format::money(lang, amount)
        ),
        CancelOutcome::SeatFreed => t!(lang, "booking-seat-freed"),
    }
}

/// "Cancel booking", with the refund policy stated before confirming.
#[component]
fn CancelBox(
    booking: BookingId,
    amount: tessera::Money,
    refundable: bool,
    cutoff_hours: i64,
    action: ServerAction<CancelMyBooking>,
) -> impl IntoView {
    let lang = lang();
    let policy = if amount.is_zero() {
        t!(lang, "booking-cancel-policy-free")
    } else if refundable {
        t!(
            lang,
            "booking-cancel-policy-refund",
            amount = format::money(lang, amount)
        )
    } else {
        t!(
            lang,
            "booking-cancel-policy-no-refund",
            hours = cutoff_hours
        )
    };
    view! {
        <section class="mt-8 max-w-md rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm" data-testid="cancel-box">
            <h2 class="font-semibold">{t!(lang, "booking-cant-make-it")}</h2>
            <p class="mt-1 text-stone-600" data-testid="refund-policy">{policy}</p>
            <AskFirst
                key="cancel"
                ask=t!(lang, "booking-cancel")
                ask_class="mt-3 rounded-lg border border-stone-300 px-4 py-2 font-semibold text-stone-700 hover:border-rose-400 hover:text-rose-700"
                keep_class="rounded-lg px-4 py-2 font-semibold text-stone-600 hover:text-stone-900"
            >
                <ActionForm action>
                    <input type="hidden" name="booking_id" value=booking.to_string() />
                    <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 font-semibold text-white hover:bg-rose-800 aria-disabled:opacity-60" aria-disabled=move || action.pending().get().then_some("true") on:click=move |ev| if action.pending().get_untracked() { ev.prevent_default() }>
                        {t!(lang, "booking-cancel-yes")}
                    </button>
                </ActionForm>
            </AskFirst>
        </section>
    }
    .into_any()
}

/// The provider cancelled this booking's date and offers another: move
/// there, or the money back. No answer by the start is a refund.
#[component]
fn DateCancelled(
    booking: BookingId,
    /// The cancelled date's start: the answer's deadline.
    starts: tessera::venue::VenueTime,
    offer: tessera::my_bookings::MoveOffer,
    /// What taking the refund gives back.
    refund: tessera::Money,
    move_to: ServerAction<MoveMyBooking>,
    cancel: ServerAction<CancelMyBooking>,
) -> impl IntoView {
    let lang = lang();
    let run = offer.run;
    let day = format::venue_time(lang, &run.starts(), Shown::Date);
    let to = run.id;
    let failure = move || move_to.value().get().and_then(Result::err);
    let kept = if refund.is_zero() {
        t!(lang, "booking-date-cancelled-free", time = "{time}")
    } else {
        t!(
            lang,
            "booking-date-cancelled-refund",
            time = "{time}",
            amount = format::money(lang, refund)
        )
    };
    let (kept_before, kept_after) = split_around_time(&kept);
    let (offered_before, offered_after) =
        split_around_time(&t!(lang, "booking-date-offered", time = "{time}"));
    view! {
        <section id="date-cancelled" class="mt-6 max-w-xl rounded-xl border border-amber-300 bg-amber-50 p-5 text-sm" aria-labelledby="date-cancelled-heading" data-testid="date-cancelled">
            <h2 id="date-cancelled-heading" class="font-semibold text-amber-950">{t!(lang, "booking-date-cancelled-heading")}</h2>
            <p class="mt-1 text-amber-950">
                {kept_before} <CourseTime at=starts /> {kept_after}
            </p>
            <p class="mt-3 text-stone-800">
                {offered_before} <strong><CourseTime at=run.starts() /></strong> {offered_after}
                {(run.meetings > 1).then(|| format!(" · {}", t!(lang, "meetings", count = run.meetings)))}
            </p>
            {(!offer.back.is_zero()).then(|| view! {
                <p class="mt-1 text-emerald-800" data-testid="offer-refund">{t!(lang, "booking-offer-costs-less", amount = format::money(lang, offer.back))}</p>
            })}
            {offer.full.then(|| view! {
                <p class="mt-1 text-stone-800" data-testid="offer-full">{t!(lang, "booking-offer-full")}</p>
            })}
            <div class="mt-3 flex flex-wrap items-start gap-3">
                {(!offer.full).then(|| view! {
                    <ActionForm action=move_to>
                        <input type="hidden" name="booking_id" value=booking.to_string() />
                        <input type="hidden" name="to" value=to.to_string() />
                        <button type="submit" class="btn-primary" data-testid="take-offer">{t!(lang, "booking-move-to-day", day = day)}</button>
                    </ActionForm>
                })}
                <AskFirst
                    key="refund-me"
                    ask=t!(lang, if refund.is_zero() { "booking-cancel-my-booking" } else { "booking-refund-me" })
                    ask_class="btn-secondary"
                    keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900"
                    class="flex flex-wrap items-center gap-2"
                >
                    <ActionForm action=cancel>
                        <input type="hidden" name="booking_id" value=booking.to_string() />
                        <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 font-semibold text-white hover:bg-rose-800" data-testid="refund-me">
                            {if refund.is_zero() { t!(lang, "booking-cancel-yes") } else { t!(lang, "booking-refund-yes", amount = format::money(lang, refund)) }}
                        </button>
                    </ActionForm>
                </AskFirst>
            </div>
            {move || failure().map(|e| view! { <ActionError error=e /> })}
        </section>
    }
}

/// Where a booking was before each move.
#[component]
fn MoveHistory(moves: Vec<tessera::my_bookings::MoveView>) -> impl IntoView {
    let lang = lang();
    (!moves.is_empty()).then(|| {
        view! {
            <ul class="mt-4 space-y-1 text-sm text-stone-600" data-testid="moves">
                {moves.into_iter().map(|m| {
                    let sentence = t!(
                        lang,
                        if m.by_admin { "booking-moved-from-by-organiser" } else { "booking-moved-from" },
                        from = "{from}",
                        on = "{on}"
                    );
                    let (from, at) = (m.from_starts(), m.at);
                    view! {
                        <li>
                            {pieces(&sentence, &["{from}", "{on}"]).into_iter().map(|piece| match piece {
                                Piece::Words(words) => words.into_any(),
                                Piece::Mark(0) => view! { <CourseTime at=from.clone() /> }.into_any(),
                                Piece::Mark(_) => view! { <LocalTime at=at format=TimeFormat::Date /> }.into_any(),
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// The course's other dates this booking can move to, each asked first.
#[component]
fn OtherDates(
    booking: BookingId,
    dates: Vec<tessera::my_bookings::MoveOption>,
    action: ServerAction<MoveMyBooking>,
) -> impl IntoView {
    // A dearer date is paid for first: its form leads to Checkout.
    let pay = ServerAction::<PayToMove>::new();
    let failure = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| pay.value().get().and_then(Result::err))
    };
    let lang = lang();
    (!dates.is_empty()).then(|| {
        view! {
            <section class="mt-6 max-w-xl rounded-xl border border-stone-200 bg-white p-5 shadow-sm" aria-labelledby="other-dates-heading">
                <h2 id="other-dates-heading" class="font-semibold">{t!(lang, "booking-move-heading")}</h2>
                <p class="mt-1 text-sm text-stone-600">{t!(lang, "booking-move-lead")}</p>
                <ul class="mt-3 space-y-3" data-testid="other-dates">
                    {dates.into_iter().map(|option| {
                        let (run, back, more) = (option.run, option.back, option.more);
                        let to = run.id;
                        view! {
                            <li class="text-sm">
                                <div class="flex flex-wrap items-center gap-2">
                                    <CourseTime at=run.starts() />
                                    {(run.meetings > 1).then(|| view! { <span class="text-stone-500">{t!(lang, "meetings", count = run.meetings)}</span> })}
                                    <crate::components::course_card::AvailabilityBadge course=run />
                                </div>
                                {(!back.is_zero()).then(|| view! {
                                    <p class="mt-1 text-sm text-emerald-800" data-testid="move-refund">{t!(lang, "booking-move-costs-less", amount = format::money(lang, back))}</p>
                                })}
                                {if more.is_zero() {
                                    view! {
                                        <AskFirst key=format!("move-{to}") ask=t!(lang, "booking-move-here") ask_class="mt-2 btn-secondary" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="mt-2 flex flex-wrap items-center gap-2">
                                            <ActionForm action>
                                                <input type="hidden" name="booking_id" value=booking.to_string() />
                                                <input type="hidden" name="to" value=to.to_string() />
                                                <button type="submit" class="btn-primary" data-testid="move-booking">{t!(lang, "booking-move-yes")}</button>
                                            </ActionForm>
                                        </AskFirst>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="mt-1 text-sm text-stone-700" data-testid="move-costs-more">{t!(lang, "booking-move-costs-more", amount = format::money(lang, more))}</p>
                                        <ActionForm action=pay attr:class="mt-2">
                                            <input type="hidden" name="booking_id" value=booking.to_string() />
                                            <input type="hidden" name="to" value=to.to_string() />
                                            <button type="submit" class="btn-secondary" data-testid="pay-to-move">{t!(lang, "booking-pay-and-move", amount = format::money(lang, more))}</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || failure().map(|e| view! { <ActionError error=e /> })}
            </section>
        }
    })
}

/// The booking's invoices and credit notes, and the name, company and
/// address its buyer wants on them. Saving after an invoice was issued
/// credits it and issues it again.
#[component]
fn InvoicesBox(booking: BookingId) -> impl IntoView {
    use crate::api::invoices::{SaveBillingDetails, booking_invoices};
    use crate::components::forms::{Field, SubmitButton, focus_on_refusal};
    let save = ServerAction::<SaveBillingDetails>::new();
    let docs = Resource::new(
        move || save.version().get(),
        move |_| booking_invoices(booking),
    );
    let failure = move || save.value().get().and_then(Result::err);
    let saved = succeeded(save);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let message = NodeRef::<leptos::html::P>::new();
    focus_on_refusal(
        failure,
        &[
            ("billing_name", "billing_name"),
            ("billing_company", "billing_company"),
            ("billing_address", "billing_address"),
        ],
        message,
    );
    let lang = lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok((docs, billing, issuing)) = docs.await else { return ().into_any() };
                let text = |s: String| Signal::derive(move || s.clone());
                view! {
                    <section class="mt-8" aria-labelledby="invoices-heading" data-testid="invoices-box">
                        <h2 id="invoices-heading" class="text-sm font-semibold uppercase tracking-wide text-stone-500">{t!(lang, "booking-invoices")}</h2>
                        {if docs.is_empty() {
                            view! { <p class="mt-2 text-sm text-stone-500">{t!(lang, if issuing { "booking-invoice-when-paid" } else { "booking-invoice-none" })}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-2 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white text-sm" data-testid="invoice-links">
                                    {docs.into_iter().map(|d| view! {
                                        <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                                            <a href=d.href() rel="external" class="font-semibold text-teal-700 hover:underline">{t!(lang, "booking-invoice-link", kind = d.kind.label(lang), number = d.number.to_string())}</a>
                                            <span class="text-stone-600"><LocalTime at=d.issued_at format=TimeFormat::Date /></span>
                                            <span class="tabular-nums">{format::money(lang, d.total)}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <details class="mt-3 rounded-xl border border-stone-200 bg-white p-4 text-sm" open=failure().is_some() || saved()>
                            <summary class="cursor-pointer font-semibold">{t!(lang, "booking-billing-details")}</summary>
                            <ActionForm action=save attr:novalidate=true attr:class="mt-3 grid gap-3 sm:grid-cols-2">
                                <input type="hidden" name="booking_id" value=booking.to_string() />
                                <Field label=t!(lang, "booking-billing-name") name="billing_name" autocomplete="name" error=field("billing_name") value=text(billing.name.clone()) hint=t!(lang, "booking-billing-name-hint") />
                                <Field label=t!(lang, "booking-billing-company") name="billing_company" autocomplete="organization" error=field("billing_company") value=text(billing.company.clone()) />
                                <div class="sm:col-span-2">
                                    <label for="billing_address" class="block text-sm font-medium text-stone-700">{t!(lang, "booking-billing-address")}</label>
                                    <textarea id="billing_address" name="billing_address" rows="3" autocomplete="street-address" aria-invalid=move || field("billing_address").get().is_some().to_string() class=crate::components::forms::INPUT_CLASS>{billing.address.clone()}</textarea>
                                    {move || field("billing_address").get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
                                </div>
                                {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                                    <p role="alert" tabindex="-1" autofocus node_ref=message class="sm:col-span-2 rounded-lg bg-rose-50 px-3 py-2 text-rose-800">{e.message().to_owned()}</p>
                                })}
                                {move || saved().then(|| save.value().get().and_then(Result::ok).unwrap_or_default()).map(|reissued| view! {
                                    <div class="sm:col-span-2"><Answer attr:data-testid="billing-saved">{if reissued.is_empty() { t!(lang, "booking-billing-saved") } else { t!(lang, "booking-billing-reissued", numbers = reissued.join(", ")) }}</Answer></div>
                                })}
                                <div class="sm:col-span-2">
                                    <SubmitButton pending=save.pending() label=t!(lang, "booking-billing-save") busy=t!(lang, "booking-billing-saving") />
                                </div>
                            </ActionForm>
                        </details>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
