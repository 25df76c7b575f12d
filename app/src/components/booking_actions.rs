//! Buttons that book, retry a payment or release a seat.

use crate::api::bookings::{
    BookCourse, ReleaseBooking, RetryPayment, VoucherPrice, price_with_voucher,
};
use crate::components::ask_first::AskFirst;
use crate::components::forms::Answer;
use crate::components::local_time::CourseTime;
use crate::error::AppError;
use crate::i18n::{lang, t};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use tessera::redirect::encode_query_value;
use tessera::venue::VenueTime;
use tessera::{BookingId, CourseSummary, ErrorCode};

/// `.btn-primary` and `.btn-secondary` are defined in `style/tailwind.css`.
const PRIMARY: &str = crate::components::forms::BUTTON_CLASS;
const SECONDARY: &str = "btn-secondary";

/// A refusal as a friendly box, with a link to the booking when there is one.
#[component]
pub fn ActionError(error: AppError) -> impl IntoView {
    let booking = error.0.field("booking").map(str::to_owned);
    let link = match (error.code(), booking) {
        (ErrorCode::AlreadyBooked, Some(id)) => {
            Some((format!("/bookings/{id}"), "See your booking"))
        }
        _ => None,
    };
    view! {
        <Answer refused=true class="mt-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" attr:data-testid="action-error">
            {error.message().to_owned()}
            {link.map(|(href, text)| view! { " " <a href=href class="font-semibold underline">{text}</a> })}
        </Answer>
    }
}

/// "Book" on a course page, with how many seats when one booking may hold
/// more than one; signed-out visitors are sent to sign in first. An island:
/// the seats, the voucher's price and the way to Checkout run in the
/// browser. `me` is the signed-in member's name; `seats_asked` and
/// `voucher_asked` come from the address ("Apply" without JavaScript comes
/// back with the code and seats there; with it, it sets `applied` in place).
#[island]
pub fn BookButton(
    course: CourseSummary,
    me: Option<String>,
    seats_asked: Option<u8>,
    voucher_asked: Option<String>,
) -> impl IntoView {
    let action = ServerAction::<BookCourse>::new();
    let id = course.id;
    let unit = course.price.money();
    let most = course.seats_bookable().max(1);
    let start = seats_asked.filter(|n| (1..=most).contains(n)).unwrap_or(1);
    let (seats, set_seats) = signal(start);
    let applied = RwSignal::new(voucher_asked.unwrap_or_default());
    let code_input = NodeRef::<leptos::html::Input>::new();
    // The price with the code, as the server quotes it.
    let price = Resource::new(
        move || (applied.get(), seats.get()),
        move |(code, n)| async move {
            if code.trim().is_empty() {
                return None;
            }
            Some(price_with_voucher(id, Some(n.to_string()), code).await)
        },
    );
    let apply = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(input) = code_input.get() {
            applied.set(input.value());
        }
    };
    let free = course.price.is_free();
    let label = move |priced: Option<VoucherPrice>| {
        let n = seats.get();
        let total = priced
            .map(|p| p.total)
            .unwrap_or_else(|| unit.checked_mul(i64::from(n)).unwrap_or(unit));
        match (free || total.is_zero(), n) {
            (true, 1) => "Book for free".to_owned(),
            (true, n) => format!("Book {n} seats for free"),
            (false, 1) => format!("Book — {total}"),
            (false, n) => format!("Book {n} seats — {total}"),
        }
    };
    let failure = move || action.value().get().and_then(Result::err);
    let code_error = move || {
        failure()
            .and_then(|e| e.0.field("voucher").map(str::to_owned))
            .or_else(|| {
                price.get().flatten().and_then(Result::err).map(|e| {
                    e.0.field("voucher")
                        .map(str::to_owned)
                        .unwrap_or_else(|| e.message().to_owned())
                })
            })
    };
    let hint = match (course.price.is_free(), most > 1) {
        (true, false) => "It's free: your seat is confirmed at once.",
        (true, true) => "It's free: your seats are confirmed at once.",
        (false, false) => {
            "Your seat is held for 30 minutes while you pay; if a payment fails, you can try again while it is held."
        }
        (false, true) => {
            "Your seats are held for 30 minutes while you pay; if a payment fails, you can try again while they are held."
        }
    };
    let per_seat = (!course.price.is_free()).then(|| format!("{unit} a seat"));
    let signed_in = me.is_some();
    view! {
        {move || {
            let per_seat = per_seat.clone();
            let me = me.clone();
            match signed_in {
                true => view! {
                    <ActionForm action>
                        <input type="hidden" name="course_id" value=id.to_string() />
                        {(most > 1).then(|| view! {
                            <label class="mb-3 flex items-center gap-3 text-sm text-stone-700">
                                <span class="font-medium">"Seats"</span>
                                <select
                                    name="seats"
                                    class="rounded-md border border-stone-300 bg-white px-2 py-1.5"
                                    data-testid="seats"
                                    on:change=move |ev| {
                                        set_seats.set(event_target_value(&ev).parse().unwrap_or(1));
                                    }
                                >
                                    {(1..=most).map(|n| view! { <option value=n.to_string() selected=n == start>{n.to_string()}</option> }).collect_view()}
                                </select>
                                {per_seat.map(|p| view! { <span class="text-stone-500">{p}</span> })}
                            </label>
                        })}
                        {(most > 1).then(|| view! { <WhoIsComing most seats me=me.unwrap_or_default() /> })}
                        // Most people have no code: folded, one Tab stop
                        // before "Book" (open once one is applied).
                        {(!free).then(|| view! {
                            <details class="mb-3 text-sm" open=!applied.get_untracked().is_empty()>
                                <summary class="cursor-pointer font-medium text-teal-800">"Have a voucher code?"</summary>
                                <label for="voucher" class="mt-2 block font-medium text-stone-700">"Voucher code"</label>
                                <div class="mt-1 flex gap-2">
                                    <input
                                        id="voucher"
                                        name="voucher"
                                        type="text"
                                        autocomplete="off"
                                        autocapitalize="characters"
                                        spellcheck="false"
                                        maxlength="32"
                                        class="min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-1.5 uppercase text-stone-900 focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-rose-500"
                                        node_ref=code_input
                                        value=applied.get_untracked()
                                        aria-invalid=move || if code_error().is_some() { "true" } else { "false" }
                                        aria-describedby="voucher-error"
                                        data-testid="voucher"
                                    />
                                    // Without JavaScript: the page again, priced with the code.
                                    <button type="submit" formmethod="get" formaction=format!("/courses/{id}") formnovalidate class="btn-secondary w-auto shrink-0" on:click=apply data-testid="apply-voucher">"Apply"</button>
                                </div>
                                <Transition fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        let priced = price.await.and_then(Result::ok);
                                        view! {
                                            <p id="voucher-error" class="mt-1 text-rose-700" data-field-error="voucher">{code_error()}</p>
                                            {priced.map(|p| view! {
                                                <p class="mt-1 text-emerald-800" data-testid="voucher-applied" role="status">
                                                    {format!("{}: {} off. You pay {}.", p.code, p.discount, p.total)}
                                                </p>
                                            })}
                                        }
                                    })}
                                </Transition>
                            </details>
                        })}
                        <button type="submit" class=PRIMARY disabled=move || action.pending().get() data-testid="book">
                            <Transition fallback=move || label(None)>
                                {move || Suspend::new(async move {
                                    let priced = price.await.and_then(Result::ok);
                                    if action.pending().get() { "Holding your seats…".to_owned() } else { label(priced) }
                                })}
                            </Transition>
                        </button>
                    </ActionForm>
                    <p class="mt-2 text-xs text-stone-500">{hint}</p>
                }.into_any(),
                // Signed out: an account first, then on to Checkout by
                // itself (the seats ride along in `next`).
                false => view! {
                    {(most > 1).then(|| view! {
                        <label class="mb-3 flex items-center gap-3 text-sm text-stone-700">
                            <span class="font-medium">"Seats"</span>
                            <select
                                class="rounded-md border border-stone-300 bg-white px-2 py-1.5"
                                data-testid="seats"
                                on:change=move |ev| {
                                    set_seats.set(event_target_value(&ev).parse().unwrap_or(1));
                                }
                            >
                                {(1..=most).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                            </select>
                            {per_seat.map(|p| view! { <span class="text-stone-500">{p}</span> })}
                        </label>
                    })}
                    <a
                        href=move || {
                            let seats = tessera::SeatCount::new(i64::from(seats.get())).unwrap_or(tessera::SeatCount::ONE);
                            let intent = tessera::intent::Intent::Book { course: id, seats };
                            format!("/signup?next={}", encode_query_value(&intent.path()))
                        }
                        class=PRIMARY
                        data-testid="book"
                    >
                        {move || label(None)}
                    </a>
                    <p class="mt-2 text-xs text-stone-500">"Create an account or sign in, and you go straight on to payment."</p>
                }.into_any(),
            }
        }}
        {move || failure().map(|e| view! { <ActionError error=e /> })}
    }
    .into_any()
}

/// The rule before the money: until when cancelling is refunded, at the
/// venue's clock (and the reader's, once the page runs). Server HTML
/// beside the booking box.
#[component]
pub fn RefundRule(course: CourseSummary, refund_until: DateTime<Utc>) -> impl IntoView {
    let lang = lang();
    (!course.price.is_free()).then(|| {
        let until = VenueTime {
            at: refund_until,
            zone: course.starts_zone.clone(),
        };
        let hours = (course.starts_at - refund_until).num_hours();
        view! {
            <p class="mt-2 text-xs text-stone-600" data-testid="refund-rule">
                {if refund_until > chrono::Utc::now() {
                    let (before, after) = split_around_time(&t!(lang, "refund-until", time = "{time}"));
                    view! { {before} <CourseTime at=until /> {after} }.into_any()
                } else {
                    view! { {t!(lang, "refund-none", hours = hours)} }.into_any()
                }}
            </p>
        }
    })
}

/// A sentence around a `<time>`: the words before `{time}` and after.
pub fn split_around_time(sentence: &str) -> (String, String) {
    match sentence.split_once("{time}") {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (sentence.to_owned(), String::new()),
    }
}

/// A name (and an optional email) for each seat chosen: the first seat is
/// the member's unless named otherwise, the others "Guest 2", … unless
/// named; all can be changed on the booking's page until the start. Rows
/// past the chosen count stay in the form, hidden (the server reads as many
/// as seats were booked).
#[component]
fn WhoIsComing(most: u8, seats: ReadSignal<u8>, me: String) -> impl IntoView {
    // One seat is the member's own: nothing to ask until there are two.
    view! {
        <fieldset class=move || { if seats.get() < 2 { "hidden" } else { "mb-3 space-y-2 text-sm" } } data-testid="attendee-fields">
            <legend class="mb-1 font-medium text-stone-700">"Who's coming"</legend>
            {(0..most).map(|i| {
                let placeholder = {
                    if i == 0 {
                        me.clone()
                    } else {
                        format!("Guest {}", i + 1)
                    }
                };
                view! {
                    <div class=move || { if i >= seats.get() { "hidden" } else { "grid gap-2 sm:grid-cols-2" } }>
                        <label class="flex flex-col text-xs text-stone-600">
                            {format!("Seat {}: name", i + 1)}
                            <input name=format!("attendees[{i}][name]") maxlength="80" placeholder=placeholder autocomplete="off" class="mt-1 rounded-md border border-stone-300 px-2 py-1.5 text-sm" />
                        </label>
                        <label class="flex flex-col text-xs text-stone-600">
                            {format!("Seat {}: email (optional)", i + 1)}
                            <input name=format!("attendees[{i}][email]") type="email" maxlength="254" autocomplete="off" class="mt-1 rounded-md border border-stone-300 px-2 py-1.5 text-sm" />
                        </label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// "Retry payment" and "Release my seat" for a pending booking, with their
/// refusals shown below.
#[component]
pub fn PendingActions(
    booking: BookingId,
    #[prop(default = "Retry payment")] pay_label: &'static str,
) -> impl IntoView {
    let actions = PendingPair::new();
    view! {
        <PendingButtons booking pay_label actions />
        {move || actions.failure().map(|e| view! { <ActionError error=e /> })}
    }
    .into_any()
}

/// The retry and release actions of a page, shared by all its pending
/// bookings, with their "in flight" flags made once (every `pending()` call
/// makes a new memo).
#[derive(Clone, Copy)]
pub struct PendingPair {
    retry: ServerAction<RetryPayment>,
    release: ServerAction<ReleaseBooking>,
    paying: Memo<bool>,
    releasing: Memo<bool>,
}

impl PendingPair {
    /// A new pair, owned by the calling component.
    pub fn new() -> PendingPair {
        let retry = ServerAction::<RetryPayment>::new();
        let release = ServerAction::<ReleaseBooking>::new();
        PendingPair {
            retry,
            release,
            paying: retry.pending(),
            releasing: release.pending(),
        }
    }

    /// The latest refusal of either action.
    pub fn failure(&self) -> Option<AppError> {
        self.retry
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| self.release.value().get().and_then(Result::err))
    }

    /// The retry action ("Pay now" elsewhere on the page shares it).
    pub fn retry(&self) -> ServerAction<RetryPayment> {
        self.retry
    }

    /// Bumps each time a seat is released (lists refetch on it).
    pub fn released(&self) -> ReadSignal<usize> {
        self.release.version().read_only()
    }
}

impl Default for PendingPair {
    fn default() -> Self {
        PendingPair::new()
    }
}

/// The two buttons alone, driven by actions the caller owns (a list shares
/// one pair between its rows and shows refusals once). Plain forms that post
/// to the server functions, so they work before the page has hydrated.
#[component]
pub fn PendingButtons(
    booking: BookingId,
    pay_label: &'static str,
    actions: PendingPair,
) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let PendingPair {
        retry,
        release,
        paying,
        releasing,
    } = actions;
    let pay = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        retry.dispatch(RetryPayment {
            booking_id: booking,
        });
    };
    let release_it = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        release.dispatch(ReleaseBooking {
            booking_id: booking,
        });
    };
    let id = booking.to_string();
    view! {
        <div class="button-pair">
            <form method="post" action=RetryPayment::url() on:submit=pay>
                <input type="hidden" name="booking_id" value=id.clone() />
                <button type="submit" class=PRIMARY disabled=move || paying.get()>
                    {move || if paying.get() { "Opening the payment page…" } else { pay_label }}
                </button>
            </form>
            // Releasing gives the seat away: asked first.
            <AskFirst key=format!("release-{booking}") ask="Release my seat" ask_class=SECONDARY keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="flex flex-wrap items-center gap-2">
                <form method="post" action=ReleaseBooking::url() on:submit=release_it>
                    <input type="hidden" name="booking_id" value=id.clone() />
                    <button type="submit" class=SECONDARY disabled=move || releasing.get()>"Yes, release my seat"</button>
                </form>
            </AskFirst>
        </div>
    }
}

/// "Add to calendar": the booking's `.ics` file. `download` makes the router
/// leave the click to the browser (the file is not a page).
#[component]
pub fn AddToCalendar(booking: BookingId) -> impl IntoView {
    view! {
        <a
            href=format!("/bookings/{booking}/calendar.ics")
            download=""
            class="text-sm font-semibold text-teal-700 hover:underline"
            data-testid="add-to-calendar"
        >
            "Add to calendar"
        </a>
    }
}
