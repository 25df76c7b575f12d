//! The admin pages: course list, create/edit form, roster, people, vouchers, invoices, topics.

pub mod course_form;
pub mod courses;
pub mod invoices;
pub mod people;
pub mod roster;
pub mod topics;
pub mod vouchers;

use crate::i18n::{lang, t};
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
    let lang = lang();
    let (id, class) = match status {
        tessera::CourseStatus::Draft => ("admin-status-draft", "bg-stone-200 text-stone-700"),
        tessera::CourseStatus::Published if ended => {
            ("admin-status-ended", "bg-stone-100 text-stone-600")
        }
        tessera::CourseStatus::Published => {
            ("admin-status-published", "bg-emerald-100 text-emerald-800")
        }
        tessera::CourseStatus::Cancelled => ("admin-status-cancelled", "bg-rose-100 text-rose-800"),
    };
    view! { <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {class}")>{t!(lang, id)}</span> }
}

/// A sentence around a link (or any element): the words before `{link}`
/// and after. The message is asked for with `link = "{link}"`.
pub fn split_around_link(sentence: &str) -> (String, String) {
    match sentence.split_once("{link}") {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (sentence.to_owned(), String::new()),
    }
}
