//! The admin pages: course list, create/edit form, roster, people, vouchers, invoices, topics.

pub mod course_form;
pub mod courses;
pub mod invoices;
pub mod people;
pub mod roster;
pub mod topics;
pub mod vouchers;

use leptos::prelude::*;

/// A small status pill for a course.
#[component]
pub fn StatusPill(
    status: tessera::CourseStatus,
    /// The course is over: a published one says so rather than
    /// "Published".
    #[prop(optional)]
    ended: bool,
) -> impl IntoView {
    let (text, class) = match status {
        tessera::CourseStatus::Draft => ("Draft", "bg-stone-200 text-stone-700"),
        tessera::CourseStatus::Published if ended => ("Ended", "bg-stone-100 text-stone-600"),
        tessera::CourseStatus::Published => ("Published", "bg-emerald-100 text-emerald-800"),
        tessera::CourseStatus::Cancelled => ("Cancelled", "bg-rose-100 text-rose-800"),
    };
    view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {class}")>{text}</span> }
}
