//! Back from Stripe: `/payment/success?session_id=…` and `/payment/cancel?booking=…`.

use crate::api::bookings::{DisplayStatus, check_payment, get_booking_detail};
use crate::components::booking_actions::{AddToCalendar, PendingActions};
use crate::components::guard::RequireUser;
use crate::components::local_time::{CourseTime, LocalTime, TimeFormat};
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
    view! {
        <Title text="Payment" />
        <RequireUser>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(r) if r.moved => {
                            let b = r.booking;
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-emerald-200 bg-white p-8 text-center shadow-sm" data-testid="moved">
                                    <p class="text-sm font-semibold uppercase tracking-wide text-emerald-700">"Payment received"</p>
                                    <h1 class="mt-2 text-2xl font-semibold">"Your booking has moved"</h1>
                                    <p class="mt-4 text-lg font-medium">{b.course_title.clone()}</p>
                                    <p class="mt-1 text-stone-600"><CourseTime at=b.starts() /> " · " {b.location.clone()}</p>
                                    <p class="mt-4 text-sm text-stone-600">{r.difference.map(|m| format!("You paid {m} for the difference. The date you left has your seats back, and the calendar file has the new date."))}</p>
                                    <div class="mt-8 flex flex-wrap items-center justify-center gap-x-6 gap-y-3">
                                        <a href=format!("/bookings/{}", b.id) class="inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">"See the booking"</a>
                                        <AddToCalendar booking=b.id />
                                    </div>
                                </section>
                            }.into_any()
                        }
                        Ok(r) if r.refunded_no_seat && r.difference.is_some() => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-amber-200 bg-white p-8 text-center shadow-sm" data-testid="move-refused">
                                <h1 class="text-2xl font-semibold">"Sorry — that date filled up while you paid."</h1>
                                <p class="mt-3 text-stone-600">{format!("Your booking stays on its date, and we're refunding the {} you paid. It usually arrives within 5–10 days.", r.difference.unwrap_or(r.booking.amount))}</p>
                                <a href=format!("/bookings/{}", r.booking.id) class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">"See the booking"</a>
                            </section>
                        }.into_any(),
                        Ok(r) if r.confirmed => {
                            let b = r.booking;
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-emerald-200 bg-white p-8 text-center shadow-sm" data-testid="confirmation">
                                    <p class="text-sm font-semibold uppercase tracking-wide text-emerald-700">"Payment received"</p>
                                    <h1 class="mt-2 text-2xl font-semibold">"You're booked!"</h1>
                                    <p class="mt-4 text-lg font-medium">{b.course_title.clone()}</p>
                                    <p class="mt-1 text-stone-600"><CourseTime at=b.starts() /> " · " {b.location.clone()}</p>
                                    <dl class="mt-6 grid grid-cols-2 gap-4 text-sm">
                                        <div><dt class="text-stone-500">"Amount paid"</dt><dd class="font-semibold" data-testid="amount-paid">{b.amount.to_string()}</dd></div>
                                        <div><dt class="text-stone-500">"Booking reference"</dt><dd class="font-mono font-semibold" data-testid="reference">{b.reference()}</dd></div>
                                    </dl>
                                    <div class="mt-8 flex flex-wrap items-center justify-center gap-x-6 gap-y-3">
                                        <a href="/bookings" class="inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">"See my bookings"</a>
                                        <AddToCalendar booking=b.id />
                                    </div>
                                </section>
                            }.into_any()
                        }
                        Ok(r) if r.refunded_no_seat => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-amber-200 bg-white p-8 text-center shadow-sm">
                                <h1 class="text-2xl font-semibold">"Sorry — the last seat went while you paid."</h1>
                                <p class="mt-3 text-stone-600">{format!("Your hold had ended and the course filled up, so we're refunding {} in full. It usually arrives within 5–10 days.", r.booking.amount)}</p>
                                <a href="/courses" class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">"Find another course"</a>
                            </section>
                        }.into_any(),
                        Ok(r) => view! {
                            <section class="mx-auto max-w-lg rounded-2xl border border-stone-200 bg-white p-8 text-center shadow-sm" data-testid="processing">
                                <h1 class="text-2xl font-semibold">"Your payment is processing"</h1>
                                <p class="mt-3 text-stone-600">"We'll confirm your booking as soon as your bank does. Your seat is held meanwhile."</p>
                                <a href=format!("/bookings/{}", r.booking.id) class="mt-6 inline-block text-sm font-semibold text-teal-700 hover:underline">"See the booking"</a>
                            </section>
                        }.into_any(),
                        Err(e) if e.code() == ErrorCode::PaymentNotSucceeded => view! {
                            <section class="mx-auto max-w-lg text-center">
                                <h1 class="text-2xl font-semibold">"Your payment hasn't gone through yet."</h1>
                                <p class="mt-3 text-stone-600">"Your booking is still waiting for payment."</p>
                                <a href="/bookings" class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white hover:bg-teal-800">"Go to my bookings"</a>
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
    view! {
        <Title text="Payment not completed" />
        <RequireUser>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) if matches!(d.booking.status, DisplayStatus::PendingPayment | DisplayStatus::PaymentFailed) => {
                            let b = d.booking;
                            view! {
                                <section class="mx-auto max-w-lg rounded-2xl border border-stone-200 bg-white p-8 shadow-sm" data-testid="payment-cancelled">
                                    <h1 class="text-2xl font-semibold">"Payment not completed"</h1>
                                    <p class="mt-3 text-stone-600">
                                        "You haven't been charged. Your seat on " <strong>{b.course_title.clone()}</strong>
                                        {b.hold_expires_at.map(|t| view! { " is held until " <LocalTime at=t format=TimeFormat::Time /> })}
                                        "."
                                    </p>
                                    <div class="mt-6"><PendingActions booking=b.id /></div>
                                </section>
                            }.into_any()
                        }
                        Ok(d) => view! {
                            <section class="mx-auto max-w-lg text-center">
                                <h1 class="text-2xl font-semibold">{if d.booking.status == DisplayStatus::PaymentProcessing {
                                    "Your payment for this booking is processing.".to_owned()
                                } else {
                                    format!("This booking is {}.", d.booking.status.label().to_lowercase())
                                }}</h1>
                                <a href=format!("/bookings/{}", d.booking.id) class="mt-6 inline-block text-sm font-semibold text-teal-700 hover:underline">"See the booking"</a>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}
