//! Times are stored in UTC. A course's times are shown at its venue's clock
//! with the zone named ([`CourseTime`]), plus the viewer's own clock where it
//! differs once the page has hydrated. Other times (a hold's expiry, when a
//! booking was made) are the viewer's own: the server cannot know that zone,
//! so it renders UTC (marked as such) and the browser rewrites it
//! ([`LocalTime`]).

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use tessera::venue::VenueTime;

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

/// A course time at the venue ("Sun 6 Dec 2026, 10:00 JST"); after
/// hydration, where the viewer's clock differs, theirs beside it
/// ("(Sat 5 Dec, 20:00 your time)"). Server and browser render the same
/// venue text, so nothing changes under the reader's eyes but the addition.
#[component]
pub fn CourseTime(
    at: VenueTime,
    #[prop(default = TimeFormat::DateTime)] format: TimeFormat,
) -> impl IntoView {
    let text = at.text(pattern(format));
    let yours = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    {
        use chrono::Offset as _;
        let at = at.clone();
        Effect::new(move |_| {
            let viewer = at.at.with_timezone(&chrono::Local).offset().fix();
            yours.set(at.elsewhere(viewer));
        });
    }
    view! {
        <time datetime=machine_text(at.at)>{text}</time>
        {move || yours.get().map(|t| view! { <span class="your-time text-stone-500">" (" {t} " your time)"</span> })}
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

/// The browser's IANA time zone (`Europe/Berlin`), sent with sign-up and
/// sign-in so emails show times in it, and a new course's default venue
/// zone; empty on the server.
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
