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
/// pattern's text in UTC, marked as such. Written digit by digit: a
/// dashboard page shows dozens of times, and chrono's `format` parses its
/// pattern and goes through `fmt` machinery for each one.
fn utc_text(at: DateTime<Utc>, format: TimeFormat) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if !(0..=9999).contains(&at.year()) {
        return format!("{} UTC", at.format(pattern(format)));
    }
    let mut out = String::with_capacity(32);
    let date = |out: &mut String| {
        push_number(out, at.day(), 1);
        out.push(' ');
        out.push_str(MONTHS[at.month0() as usize]);
        out.push(' ');
        push_number(out, at.year() as u32, 4);
    };
    let time = |out: &mut String| {
        push_number(out, at.hour(), 2);
        out.push(':');
        push_number(out, at.minute(), 2);
    };
    match format {
        TimeFormat::DateTime => {
            out.push_str(DAYS[at.weekday().num_days_from_monday() as usize]);
            out.push(' ');
            date(&mut out);
            out.push_str(", ");
            time(&mut out);
        }
        TimeFormat::Time => time(&mut out),
        TimeFormat::Date => date(&mut out),
    }
    out.push_str(" UTC");
    out
}

/// The `datetime` attribute: RFC 3339 in UTC to the second
/// (`2027-03-06T09:00:00+00:00`).
fn machine_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `n` in decimal, zero-padded to at least `width` digits.
fn push_number(out: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for d in digits[..len].iter().rev() {
        out.push(char::from(*d));
    }
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
    fn hand_written_text_matches_chrono() {
        let times = [
            Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2031, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 5, 7).unwrap(),
            Utc.with_ymd_and_hms(999, 10, 11, 12, 13, 14).unwrap(),
        ];
        for at in times {
            for format in [TimeFormat::DateTime, TimeFormat::Time, TimeFormat::Date] {
                assert_eq!(
                    utc_text(at, format),
                    format!("{} UTC", at.format(pattern(format))),
                    "{at} {format:?}"
                );
            }
        }
        assert_eq!(machine_text(times[0]), "2027-03-06T09:00:00+00:00");
        assert_eq!(
            utc_text(times[0], TimeFormat::DateTime),
            "Sat 6 Mar 2027, 09:00 UTC"
        );
    }
}
