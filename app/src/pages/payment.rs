//! Back from Stripe: `/payment/success?session_id=…` and `/payment/cancel?booking=…`.

use crate::api::bookings::{DisplayStatus, check_payment, get_booking_detail};
use crate::components::booking_actions::{AddToCalendar, PendingActions, Piece, pieces};
use crate::components::guard::RequireUser;
use crate::components::local_time::{CourseTime, LocalTime, TimeFormat};
use crate::i18n::{format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use tessera::{BookingId, ErrorCode};

/// The confirmation page.
#[component]
pub fn PaymentSuccessPage() -> impl IntoView {
    let query = use_query_map();
    let session = move || query.read().get("session_id").unwrap_or_default();
    let result = Resource::new(session, check_payment);
    let lang = lang();
    view! {
        <Title text=t!(lang, "payment-title") />
        <RequireUser>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(r) if r.moved => {
                            let b = r.booking;
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-emerald-200 bg-white p-8 text-center shadow-sm" data-testid="moved">
                                    <p class="text-sm font-semibold uppercase tracking-wide text-emerald-700">{t!(lang, "payment-received")}</p>
                                    <h1 class="mt-2 text-2xl font-semibold">{t!(lang, "payment-moved-heading")}</h1>
                                    <p class="mt-4 text-lg font-medium">{b.course_title.clone()}</p>
                                    <p class="mt-1 text-stone-600"><CourseTime at=b.starts() /> " · " {b.location.clone()}</p>
                                    <p class="mt-4 text-sm text-stone-600">{r.difference.map(|m| t!(lang, "payment-moved-difference", amount = format::money(lang, m)))}</p>
                                    <div class="mt-8 flex flex-wrap items-center justify-center gap-x-6 gap-y-3">
                                        <a href=format!("/bookings/{}", b.id) class="inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "payment-see-booking")}</a>
                                        <AddToCalendar booking=b.id />
                                    </div>
                                </section>
                            }.into_any()
                        }
                        Ok(r) if r.refunded_no_seat && r.difference.is_some() => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-amber-200 bg-white p-8 text-center shadow-sm" data-testid="move-refused">
                                <h1 class="text-2xl font-semibold">{t!(lang, "payment-move-refused-heading")}</h1>
                                <p class="mt-3 text-stone-600">{t!(lang, "payment-move-refused", amount = format::money(lang, r.difference.unwrap_or(r.booking.amount)))}</p>
                                <a href=format!("/bookings/{}", r.booking.id) class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "payment-see-booking")}</a>
                            </section>
                        }.into_any(),
                        Ok(r) if r.confirmed => {
                            let b = r.booking;
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-emerald-200 bg-white p-8 text-center shadow-sm" data-testid="confirmation">
                                    <p class="text-sm font-semibold uppercase tracking-wide text-emerald-700">{t!(lang, "payment-received")}</p>
                                    <h1 class="mt-2 text-2xl font-semibold">{t!(lang, "payment-booked-heading")}</h1>
                                    <p class="mt-4 text-lg font-medium">{b.course_title.clone()}</p>
                                    <p class="mt-1 text-stone-600"><CourseTime at=b.starts() /> " · " {b.location.clone()}</p>
                                    <dl class="mt-6 grid grid-cols-2 gap-4 text-sm">
                                        <div><dt class="text-stone-500">{t!(lang, "payment-amount-paid")}</dt><dd class="font-semibold" data-testid="amount-paid">{format::money(lang, b.amount)}</dd></div>
                                        <div><dt class="text-stone-500">{t!(lang, "payment-booking-reference")}</dt><dd class="font-mono font-semibold" data-testid="reference">{b.reference()}</dd></div>
                                    </dl>
                                    <div class="mt-8 flex flex-wrap items-center justify-center gap-x-6 gap-y-3">
                                        <a href="/bookings" class="inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "payment-see-my-bookings")}</a>
                                        <AddToCalendar booking=b.id />
                                    </div>
                                </section>
                            }.into_any()
                        }
                        Ok(r) if r.refunded_no_seat => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-amber-200 bg-white p-8 text-center shadow-sm">
                                <h1 class="text-2xl font-semibold">{t!(lang, "payment-seat-gone-heading")}</h1>
                                <p class="mt-3 text-stone-600">{t!(lang, "payment-seat-gone", amount = format::money(lang, r.booking.amount))}</p>
                                <a href="/courses" class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "payment-find-another")}</a>
                            </section>
                        }.into_any(),
                        Ok(r) => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-stone-200 bg-white p-8 text-center shadow-sm" data-testid="processing">
                                <h1 class="text-2xl font-semibold">{t!(lang, "payment-processing-heading")}</h1>
                                <p class="mt-3 text-stone-600">{t!(lang, "payment-processing")}</p>
                                <a href=format!("/bookings/{}", r.booking.id) class="mt-6 inline-block text-sm font-semibold text-teal-700 hover:underline">{t!(lang, "payment-see-booking")}</a>
                            </section>
                        }.into_any(),
                        Err(e) if e.code() == ErrorCode::PaymentNotSucceeded => view! {
                            <section class="mx-auto max-w-lg text-center">
                                <h1 class="text-2xl font-semibold">{t!(lang, "payment-not-through-heading")}</h1>
                                <p class="mt-3 text-stone-600">{t!(lang, "payment-still-waiting")}</p>
                                <a href="/bookings" class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "payment-go-to-bookings")}</a>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}

/// The page Stripe's "Back" leads to: the booking is still pending.
#[component]
pub fn PaymentCancelPage() -> impl IntoView {
    let query = use_query_map();
    let id = move || {
        query
            .read()
            .get("booking")
            .and_then(|s| s.parse::<BookingId>().ok())
            .unwrap_or(BookingId(0))
    };
    let detail = Resource::new(id, get_booking_detail);
    let lang = lang();
    view! {
        <Title text=t!(lang, "payment-not-completed") />
        <RequireUser>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) if matches!(d.booking.status, DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed) => {
                            let b = d.booking;
                            let held = b.hold_expires_at;
                            let sentence = match held {
                                Some(_) => t!(lang, "payment-not-charged-held", course = "{course}", time = "{time}"),
                                None => t!(lang, "payment-not-charged", course = "{course}"),
                            };
                            let title = b.course_title.clone();
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-stone-200 bg-white p-8 shadow-sm" data-testid="payment-cancelled">
                                    <h1 class="text-2xl font-semibold">{t!(lang, "payment-not-completed")}</h1>
                                    <p class="mt-3 text-stone-600">
                                        {pieces(&sentence, &["{course}", "{time}"]).into_iter().map(|piece| match piece {
                                            Piece::Words(words) => words.into_any(),
                                            Piece::Mark(0) => view! { <strong>{title.clone()}</strong> }.into_any(),
                                            Piece::Mark(_) => held.map(|until| view! { <LocalTime at=until format=TimeFormat::Time /> }).into_any(),
                                        }).collect_view()}
                                    </p>
                                    <div class="mt-6"><PendingActions booking=b.id /></div>
                                </section>
                            }.into_any()
                        }
                        Ok(d) => view! {
                            <section class="mx-auto max-w-lg text-center">
                                <h1 class="text-2xl font-semibold">{t!(lang, match d.booking.status {
                                    DisplayStatus::PaymentProcessing => "payment-booking-processing",
                                    DisplayStatus::Confirmed => "payment-booking-is-confirmed",
                                    DisplayStatus::DateCancelled => "payment-booking-is-date-cancelled",
                                    DisplayStatus::Cancelled => "payment-booking-is-cancelled",
                                    DisplayStatus::Refunded => "payment-booking-is-refunded",
                                    DisplayStatus::Expired => "payment-booking-is-expired",
                                    // Answered above.
                                    DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed => "payment-still-waiting",
                                })}</h1>
                                <a href=format!("/bookings/{}", d.booking.id) class="mt-6 inline-block text-sm font-semibold text-teal-700 hover:underline">{t!(lang, "payment-see-booking")}</a>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}
