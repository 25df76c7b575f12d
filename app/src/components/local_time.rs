//! Times are stored in UTC and shown in the viewer's time zone. The server
//! cannot know that zone, so it renders UTC (marked as such); once the page
//! hydrates, the browser rewrites it in local time.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// How much of the instant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// "Sat 6 Mar 2027, 09:00".
    DateTime,
    /// "09:00".
    Time,
    /// "6 Mar 2027".
    Date,
}

fn pattern(format: TimeFormat) -> &'static str {
    match format {
        TimeFormat::DateTime => "%a %-d %b %Y, %H:%M",
        TimeFormat::Time => "%H:%M",
        TimeFormat::Date => "%-d %b %Y",
    }
}

/// A `<time>` element showing `at` in the viewer's zone after hydration.
///
/// The server renders plain text (UTC, marked as such): no signal or effect
/// per time on every page render. The browser builds the same `<time>` with
/// one text node, so hydration claims it, and switches it to local time.
#[component]
pub fn LocalTime(
    at: DateTime<Utc>,
    #[prop(default = TimeFormat::DateTime)] format: TimeFormat,
) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    {
        view! { <time datetime=machine_text(at)>{utc_text(at, format)}</time> }
    }
    #[cfg(feature = "hydrate")]
    {
        let hydrated = RwSignal::new(false);
        // Effects run only in the browser, after hydration.
        Effect::new(move |_| hydrated.set(true));
        let text = move || {
            if hydrated.get() {
                at.with_timezone(&chrono::Local)
                    .format(pattern(format))
                    .to_string()
            } else {
                utc_text(at, format)
            }
        };
        view! { <time datetime=machine_text(at)>{text}</time> }
    }
}

/// What the server shows (and the browser until it has hydrated): the
/// pattern's text in UTC, marked as such.
fn utc_text(at: DateTime<Utc>, format: TimeFormat) -> String {
    format!("{} UTC", at.format(pattern(format)))
}

/// The `datetime` attribute: RFC 3339 in UTC to the second
/// (`2027-03-06T09:00:00+00:00`).
fn machine_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Minutes west of UTC in the browser's zone at a local `datetime-local`
/// value (so daylight saving is right for that date); 0 on the server.
pub fn browser_offset_at_local(local: &str) -> i64 {
    #[cfg(feature = "hydrate")]
    {
        let offset =
            js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local)).get_timezone_offset();
        if offset.is_nan() { 0 } else { offset as i64 }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = local;
        0
    }
}

/// Minutes west of UTC in the browser's zone at an instant; 0 on the server.
pub fn browser_offset_at(at: DateTime<Utc>) -> i64 {
    #[cfg(feature = "hydrate")]
    {
        let millis = wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64);
        js_sys::Date::new(&millis).get_timezone_offset() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = at;
        0
    }
}

/// The browser's IANA time zone (`Europe/Berlin`), sent with sign-up and
/// sign-in so emails show times in it; empty on the server.
pub fn browser_time_zone() -> String {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn server_text_is_utc_and_says_so() {
        let at = Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap();
        assert_eq!(machine_text(at), "2027-03-06T09:00:00+00:00");
        assert_eq!(
            utc_text(at, TimeFormat::DateTime),
            "Sat 6 Mar 2027, 09:00 UTC"
        );
        assert_eq!(utc_text(at, TimeFormat::Date), "6 Mar 2027 UTC");
    }
}
