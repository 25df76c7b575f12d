//! The frame around every page: header, main column, footer.

use leptos::prelude::*;
use leptos_router::components::A;

/// Header with navigation, the page in the middle, a footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <div class="flex min-h-screen flex-col">
            <header class="border-b border-stone-200 bg-white/90 backdrop-blur">
                <nav class="mx-auto flex max-w-5xl items-center justify-between px-4 py-3" aria-label="Main">
                    <A href="/" attr:class="flex items-center gap-2 text-lg font-semibold tracking-tight text-stone-900">
                        <span aria-hidden="true" class="grid h-7 w-7 place-items-center rounded-md bg-teal-700 text-sm font-bold text-white">"T"</span>
                        "Tessera"
                    </A>
                    <div class="flex items-center gap-5 text-sm font-medium text-stone-600">
                        <A href="/courses" attr:class="hover:text-teal-700">"Courses"</A>
                    </div>
                </nav>
            </header>
            <main class="mx-auto w-full max-w-5xl flex-1 px-4 py-8">{children()}</main>
            <footer class="border-t border-stone-200 py-6 text-center text-xs text-stone-500">
                "Tessera — book a seat, pay securely, keep your ticket."
            </footer>
        </div>
    }
}
