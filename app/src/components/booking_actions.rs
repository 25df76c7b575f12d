//! Buttons that book, retry a payment or release a seat.

use crate::api::bookings::{
    BookCourse, ReleaseBooking, RetryPayment, VoucherPrice, price_with_voucher,
};
use crate::components::ask_first::AskFirst;
use crate::components::forms::Answer;
use crate::components::local_time::CourseTime;
use crate::error::AppError;
use crate::i18n::{Lang, format, lang, t};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::redirect::encode_query_value;
use tessera::venue::VenueTime;
use tessera::{BookingId, CourseSummary, ErrorCode, Money};

/// `.btn-primary` and `.btn-secondary` are defined in `style/tailwind.css`.
const PRIMARY: &str = crate::components::forms::BUTTON_CLASS;
const SECONDARY: &str = "btn-secondary";

/// A refusal as a friendly box, with a link to the booking when there is one.
#[component]
pub fn ActionError(error: AppError) -> impl IntoView {
    view! { <Refusal error see_booking=t!(lang(), "book-see-your-booking") /> }
}

/// [`ActionError`] with its link's words handed in: what an island shows
/// (the browser build has no translations).
#[component]
fn Refusal(error: AppError, see_booking: String) -> impl IntoView {
    let booking = error.0.field("booking").map(str::to_owned);
    let link = match (error.code(), booking) {
        (ErrorCode::AlreadyBooked, Some(id)) => Some(format!("/bookings/{id}")),
        _ => None,
    };
    view! {
        <Answer refused=true class="mt-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" attr:data-testid="action-error">
            {error.message().to_owned()}
            {link.map(|href| view! { " " <a href=href class="font-semibold underline">{see_booking}</a> })}
        </Answer>
    }
}

/// The button's words for `seats` seats costing `total` together: "Book —
/// €49.00", "Book 3 seats — €147.00", "Book for free". The course page
/// writes them for the list price; a voucher's quote for its own.
pub fn book_label(lang: Lang, seats: u8, total: Money) -> String {
    if total.is_zero() {
        t!(lang, "book-label-free", seats = seats)
    } else {
        t!(
            lang,
            "book-label",
            seats = seats,
            total = format::money(lang, total)
        )
    }
}

/// The answer under an applied voucher code: "SPRING26: €29.40 off. You
/// pay €117.60."
pub fn voucher_said(lang: Lang, code: &str, discount: Money, total: Money) -> String {
    t!(
        lang,
        "book-voucher-applied",
        code = code,
        discount = format::money(lang, discount),
        total = format::money(lang, total)
    )
}

/// The booking box's words in the page's language, its prices written
/// out: an island is handed its words, so the browser build carries no
/// translations and no number formats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookWords {
    /// The button for 1, 2, … seats at the list price.
    labels: Vec<String>,
    /// "€49.00 a seat", beside the seats (none when free).
    per_seat: Option<String>,
    seats: String,
    have_voucher: String,
    voucher_code: String,
    apply: String,
    /// On the button while the seats are held.
    holding: String,
    /// Under the button, signed in.
    hint: String,
    /// Under the button, signed out.
    signed_out_hint: String,
    whos_coming: String,
    /// For seat 1, 2, …: "Seat 2: name".
    seat_names: Vec<String>,
    /// For seat 1, 2, …: "Seat 2: email (optional)".
    seat_emails: Vec<String>,
    /// For seat 1, 2, …: "Guest 2", a seat's name when left blank.
    guests: Vec<String>,
    see_booking: String,
}

impl BookWords {
    /// The words for `course`, up to `most` seats.
    fn new(lang: Lang, course: &CourseSummary, most: u8) -> BookWords {
        let unit = course.price.money();
        let free = course.price.is_free();
        let hint = match (free, most > 1) {
            (true, false) => "book-hint-free-one",
            (true, true) => "book-hint-free-many",
            (false, false) => "book-hint-pay-one",
            (false, true) => "book-hint-pay-many",
        };
        BookWords {
            labels: (1..=most)
                .map(|n| {
                    let total = unit.checked_mul(i64::from(n)).unwrap_or(unit);
                    book_label(lang, n, total)
                })
                .collect(),
            per_seat: (!free).then(|| t!(lang, "book-per-seat", price = format::money(lang, unit))),
            seats: t!(lang, "book-seats"),
            have_voucher: t!(lang, "book-have-voucher"),
            voucher_code: t!(lang, "book-voucher-code"),
            apply: t!(lang, "book-apply"),
            holding: t!(lang, "book-holding"),
            hint: t!(lang, hint),
            signed_out_hint: t!(lang, "book-signed-out-hint"),
            whos_coming: t!(lang, "book-whos-coming"),
            seat_names: (1..=most)
                .map(|n| t!(lang, "book-seat-name", seat = n))
                .collect(),
            seat_emails: (1..=most)
                .map(|n| t!(lang, "book-seat-email", seat = n))
                .collect(),
            guests: (1..=most)
                .map(|n| t!(lang, "book-guest", guest = n))
                .collect(),
            see_booking: t!(lang, "book-see-your-booking"),
        }
    }
}

/// The `i`th of a list of words per seat (from 0).
fn nth(list: &[String], i: u8) -> String {
    list.get(usize::from(i)).cloned().unwrap_or_default()
}

/// "Book" on a course page, with how many seats when one booking may hold
/// more than one; signed-out visitors are sent to sign in first. `me` is
/// the signed-in member's name; `seats_asked` and `voucher_asked` come from
/// the address ("Apply" without JavaScript comes back with the code and
/// seats there; with it, it sets `applied` in place). Its words are written
/// here, on the server, for [`BookForm`].
#[component]
pub fn BookButton(
    course: CourseSummary,
    me: Option<String>,
    seats_asked: Option<u8>,
    voucher_asked: Option<String>,
) -> impl IntoView {
    let most = course.seats_bookable().max(1);
    let words = BookWords::new(lang(), &course, most);
    view! { <BookForm course me seats_asked voucher_asked words /> }
}

/// [`BookButton`]'s island: the seats, the voucher's price and the way to
/// Checkout run in the browser.
#[island]
fn BookForm(
    course: CourseSummary,
    me: Option<String>,
    seats_asked: Option<u8>,
    voucher_asked: Option<String>,
    words: BookWords,
) -> impl IntoView {
    let action = ServerAction::<BookCourse>::new();
    let id = course.id;
    let most = course.seats_bookable().max(1);
    let start = seats_asked.filter(|n| (1..=most).contains(n)).unwrap_or(1);
    let (seats, set_seats) = signal(start);
    let applied = RwSignal::new(voucher_asked.unwrap_or_default());
    let code_input = NodeRef::<leptos::html::Input>::new();
    let words = StoredValue::new(words);
    // The price with the code, as the server quotes it (and words it).
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
        match priced {
            Some(p) => p.label,
            None => words.with_value(|w| nth(&w.labels, n.saturating_sub(1))),
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
    let signed_in = me.is_some();
    // One of the words, for a view (the view may be drawn again).
    let word = move |pick: fn(&BookWords) -> String| words.with_value(pick);
    view! {
        {move || {
            let per_seat = words.with_value(|w| w.per_seat.clone());
            let me = me.clone();
            match signed_in {
                true => view! {
                    <ActionForm action>
                        <input type="hidden" name="course_id" value=id.to_string() />
                        {(most > 1).then(|| view! {
                            <label class="mb-3 flex items-center gap-3 text-sm text-stone-700">
                                <span class="font-medium">{word(|w| w.seats.clone())}</span>
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
                        {(most > 1).then(|| view! { <WhoIsComing most seats me=me.unwrap_or_default() words /> })}
                        // Most people have no code: folded, one Tab stop
                        // before "Book" (open once one is applied).
                        {(!free).then(|| view! {
                            <details class="mb-3 text-sm" open=!applied.get_untracked().is_empty()>
                                <summary class="cursor-pointer font-medium text-teal-800">{word(|w| w.have_voucher.clone())}</summary>
                                <label for="voucher" class="mt-2 block font-medium text-stone-700">{word(|w| w.voucher_code.clone())}</label>
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
                                    <button type="submit" formmethod="get" formaction=format!("/courses/{id}") formnovalidate class="btn-secondary w-auto shrink-0" on:click=apply data-testid="apply-voucher">{word(|w| w.apply.clone())}</button>
                                </div>
                                <Transition fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        let priced = price.await.and_then(Result::ok);
                                        view! {
                                            <p id="voucher-error" class="mt-1 text-rose-700" data-field-error="voucher">{code_error()}</p>
                                            {priced.map(|p| view! {
                                                <p class="mt-1 text-emerald-800" data-testid="voucher-applied" role="status">
                                                    {p.said}
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
                                    if action.pending().get() { word(|w| w.holding.clone()) } else { label(priced) }
                                })}
                            </Transition>
                        </button>
                    </ActionForm>
                    <p class="mt-2 text-xs text-stone-500">{word(|w| w.hint.clone())}</p>
                }.into_any(),
                // Signed out: an account first, then on to Checkout by
                // itself (the seats ride along in `next`).
                false => view! {
                    {(most > 1).then(|| view! {
                        <label class="mb-3 flex items-center gap-3 text-sm text-stone-700">
                            <span class="font-medium">{word(|w| w.seats.clone())}</span>
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
                    <p class="mt-2 text-xs text-stone-500">{word(|w| w.signed_out_hint.clone())}</p>
                }.into_any(),
            }
        }}
        {move || failure().map(|e| view! { <Refusal error=e see_booking=word(|w| w.see_booking.clone()) /> })}
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

/// A part of a sentence with several marks in it ([`pieces`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words, as they are.
    Words(String),
    /// Where the mark `marks[i]` stood.
    Mark(usize),
}

/// A sentence cut at each of `marks` ("{from}", "{on}"), in the order its
/// language puts them: for a sentence around several `<time>`s or a
/// `<strong>`.
pub fn pieces(sentence: &str, marks: &[&str]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = sentence;
    loop {
        let next = marks
            .iter()
            .enumerate()
            .filter(|(_, mark)| !mark.is_empty())
            .filter_map(|(i, mark)| rest.find(mark).map(|at| (at, i, mark.len())))
            .min();
        let Some((at, i, len)) = next else {
            if !rest.is_empty() {
                out.push(Piece::Words(rest.to_owned()));
            }
            return out;
        };
        if at > 0 {
            out.push(Piece::Words(rest[..at].to_owned()));
        }
        out.push(Piece::Mark(i));
        rest = &rest[at + len..];
    }
}

/// A name (and an optional email) for each seat chosen: the first seat is
/// the member's unless named otherwise, the others "Guest 2", … unless
/// named; all can be changed on the booking's page until the start. Rows
/// past the chosen count stay in the form, hidden (the server reads as many
/// as seats were booked). Part of [`BookForm`]: its words come in `words`.
#[component]
fn WhoIsComing(
    most: u8,
    seats: ReadSignal<u8>,
    me: String,
    words: StoredValue<BookWords>,
) -> impl IntoView {
    let (legend, names, emails, guests) = words.with_value(|w| {
        (
            w.whos_coming.clone(),
            w.seat_names.clone(),
            w.seat_emails.clone(),
            w.guests.clone(),
        )
    });
    // One seat is the member's own: nothing to ask until there are two.
    view! {
        <fieldset class=move || { if seats.get() < 2 { "hidden" } else { "mb-3 space-y-2 text-sm" } } data-testid="attendee-fields">
            <legend class="mb-1 font-medium text-stone-700">{legend}</legend>
            {(0..most).map(|i| {
                let placeholder = {
                    if i == 0 {
                        me.clone()
                    } else {
                        nth(&guests, i)
                    }
                };
                view! {
                    <div class=move || { if i >= seats.get() { "hidden" } else { "grid gap-2 sm:grid-cols-2" } }>
                        <label class="flex flex-col text-xs text-stone-600">
                            {nth(&names, i)}
                            <input name=format!("attendees[{i}][name]") maxlength="80" placeholder=placeholder autocomplete="off" class="mt-1 rounded-md border border-stone-300 px-2 py-1.5 text-sm" />
                        </label>
                        <label class="flex flex-col text-xs text-stone-600">
                            {nth(&emails, i)}
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
    /// "Retry payment" unless named otherwise.
    #[prop(optional, into)]
    pay_label: Option<String>,
) -> impl IntoView {
    let actions = PendingPair::new();
    let pay_label = pay_label.unwrap_or_else(|| t!(lang(), "booking-retry-payment"));
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
    #[prop(into)] pay_label: String,
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
    let lang = lang();
    let opening = t!(lang, "booking-opening-payment");
    let release_yes = t!(lang, "booking-release-seat-yes");
    view! {
        <div class="button-pair">
            <form method="post" action=RetryPayment::url() on:submit=pay>
                <input type="hidden" name="booking_id" value=id.clone() />
                <button type="submit" class=PRIMARY disabled=move || paying.get()>
                    {move || if paying.get() { opening.clone() } else { pay_label.clone() }}
                </button>
            </form>
            // Releasing gives the seat away: asked first.
            <AskFirst key=format!("release-{booking}") ask=t!(lang, "booking-release-seat") ask_class=SECONDARY keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="flex flex-wrap items-center gap-2">
                <form method="post" action=ReleaseBooking::url() on:submit=release_it>
                    <input type="hidden" name="booking_id" value=id.clone() />
                    <button type="submit" class=SECONDARY disabled=move || releasing.get()>{release_yes}</button>
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
            {t!(lang(), "booking-add-to-calendar")}
        </a>
    }
}
