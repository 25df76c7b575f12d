//! One module per page.

pub mod account;
pub mod admin;
pub mod bookings;
pub mod course_detail;
pub mod courses;
pub mod home;
pub mod legal;
pub mod login;
pub mod not_found;
pub mod payment;
pub mod teaching;

use crate::error::AppError;
use crate::i18n::{lang, t};
use leptos::prelude::*;

/// A friendly box for a server function's refusal.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <div role="alert" class="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            {error.message().to_owned()}
        </div>
    }
}

/// A placeholder while data loads (only seen on client-side navigation).
#[component]
pub fn Loading() -> impl IntoView {
    let lang = lang();
    view! { <p class="animate-pulse text-sm text-stone-500">{t!(lang, "loading-notice")}</p> }
}
