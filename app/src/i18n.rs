//! The reader's language in the app. The server picks it for each request
//! (`server/src/language.rs`) and every page is drawn in it; islands are
//! handed their words as props, so the browser build carries no
//! translations and nothing changes language as a page comes to life.

pub use tessera::i18n::Lang;
pub use tessera::i18n::format::{self, Shown};
pub use tessera::t;

use leptos::prelude::*;

/// The language this page is drawn in.
pub fn lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Lang>().copied())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag))
            .unwrap_or_default()
    }
}

/// `lang` for text written in `written` (a course's title, a bio) where the
/// page is in another language: screen readers and hyphenation follow it.
pub fn marked(written: Lang) -> Option<&'static str> {
    (written != lang()).then(|| written.tag())
}
