//! `/account`: who you are, and changing your password.

use crate::auth::ChangePassword;
use crate::components::forms::{BUTTON_CLASS, Field};
use crate::components::guard::{RequireUser, signed_in};
use leptos::prelude::*;
use leptos_meta::Title;

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let user = signed_in();
    let action = ServerAction::<ChangePassword>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    view! {
        <Title text="Your account" />
        <RequireUser>
            <div class="mx-auto max-w-md">
                <h1 class="text-2xl font-semibold tracking-tight">"Your account"</h1>
                {move || user.get().map(|u| view! {
                    <p class="mt-1 text-sm text-stone-600">{format!("{} · {}", u.display_name, u.email)}</p>
                })}
                <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                    <h2 class="font-semibold">"Change password"</h2>
                    <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" error=field("current_password") />
                    <Field label="New password" name="new_password" kind="password" autocomplete="new-password" error=field("new_password") hint="At least 10 characters. You'll be signed out everywhere else." />
                    {move || done().then(|| view! { <p role="status" class="text-sm text-emerald-700">"Password changed. Other sessions have been signed out."</p> })}
                    <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>"Change password"</button>
                </ActionForm>
            </div>
        </RequireUser>
    }
}
