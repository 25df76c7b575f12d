//! `/bookings`: the member's dashboard. Booking itself arrives with the
//! booking-and-payment work; until then the list is honestly empty.

use crate::components::guard::RequireUser;
use leptos::prelude::*;
use leptos_meta::Title;

/// The dashboard.
#[component]
pub fn BookingsPage() -> impl IntoView {
    view! {
        <Title text="My bookings" />
        <RequireUser>
            <h1 class="text-2xl font-semibold tracking-tight">"My bookings"</h1>
            <div class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-10 text-center text-stone-600" data-testid="no-bookings">
                <p class="font-medium">"You have no bookings yet."</p>
                <p class="mt-1 text-sm">"Find a course you like in the catalog."</p>
                <a href="/courses" class="mt-4 inline-block rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">"Browse courses"</a>
            </div>
        </RequireUser>
    }
}
