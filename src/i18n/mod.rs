//! The reader's language. Every word a page, an email or a refusal shows
//! comes from `locales/<tag>/*.ftl` (Project Fluent), looked up here by
//! message id; prices, dates and times are written by [`format`]. Adding a
//! language is a folder of `.ftl` files and a variant of [`Lang`].

pub mod format;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static MESSAGES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around placeholders: pages and emails
        // set direction themselves, and the marks would show in plain text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language Tessera speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 tag: `<html lang>`, `Content-Language`, the cookie, the
    /// account's column, the folder under `locales/`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Whose conventions prices, dates and times follow. English is written
    /// the British way (day before month, a 24-hour clock, "CET"), as the
    /// site always has for its European course providers.
    pub fn formats_tag(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::De => "de",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => langid!("en"),
            Lang::De => langid!("de"),
        }
    }

    /// `de`, `de-AT`, `EN`: the language a tag names, if Tessera speaks it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The best of ours for an `Accept-Language` header, English when it
    /// names none of them (RFC 4647 filtering, by quality).
    pub fn negotiate(accept_language: &str) -> Lang {
        // fluent-langneg goes by order alone; browsers list by quality, but
        // the header may not, so order by `q` first (and drop `q=0`: "not this").
        let mut weighted: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0 && !tag.is_empty()).then_some((q, tag))
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let requested: Vec<LanguageIdentifier> = weighted
            .iter()
            .filter_map(|(_, tag)| tag.parse().ok())
            .collect();
        let available: Vec<LanguageIdentifier> = Lang::ALL.iter().map(|l| l.langid()).collect();
        let default = Lang::default().langid();
        fluent_langneg::negotiate_languages(
            &requested,
            &available,
            Some(&default),
            fluent_langneg::NegotiationStrategy::Filtering,
        )
        .first()
        .and_then(|id| Lang::parse(&id.to_string()))
        .unwrap_or_default()
    }

    /// The language's own name, for the switcher ("Deutsch").
    pub fn own_name(self) -> String {
        tr(self, "language-name")
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static ANSWERING_IN: Lang;
}

/// The language of the request being answered: what refusals and field
/// errors are written in where they are made, deep in a service that has
/// no other reason to know it. English outside a request (jobs, the CLI).
pub fn current() -> Lang {
    #[cfg(feature = "ssr")]
    {
        ANSWERING_IN.try_with(|lang| *lang).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::default()
    }
}

/// Runs `work` answering in `lang` (see [`current`]).
#[cfg(feature = "ssr")]
pub async fn answering_in<F: std::future::Future>(lang: Lang, work: F) -> F::Output {
    ANSWERING_IN.scope(lang, work).await
}

/// A value put into a message: text as it is, or a number that may choose
/// the message's plural form.
pub struct Arg(FluentValue<'static>);

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg(FluentValue::from(text.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg(FluentValue::from(text))
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg(FluentValue::from(text.clone()))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg(FluentValue::from(n))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

/// The message `id` in `lang`.
pub fn tr(lang: Lang, id: &str) -> String {
    MESSAGES.lookup(&lang.langid(), id)
}

/// The message `id` in `lang`, its placeholders filled from `args`.
pub fn tr_with(
    lang: Lang,
    id: &str,
    args: impl IntoIterator<Item = (&'static str, Arg)>,
) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .into_iter()
        .map(|(name, Arg(value))| (Cow::Borrowed(name), value))
        .collect();
    MESSAGES.lookup_with_args(&lang.langid(), id, &args)
}

/// `t!(lang, "seats-left")`, `t!(lang, "seats-left", count = n)`: a
/// message in the reader's language.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:expr) => {
        $crate::i18n::tr($lang, $id)
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_with(
            $lang,
            $id,
            [$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// `said!("seats-too-many", left = n)`: a message in the language of the
/// request being answered ([`current`]), for refusals made in services.
#[macro_export]
macro_rules! said {
    ($($message:tt)+) => {
        $crate::t!($crate::i18n::current(), $($message)+)
    };
}

#[cfg(test)]
mod tests;
