//! Times are stored in UTC. A course's times are shown at its venue's clock
//! with the zone named ([`CourseTime`]), plus the viewer's own clock where it
//! differs once the page runs. Other times (a hold's expiry, when a booking
//! was made) are the viewer's own: the server cannot know that zone, so it
//! renders UTC (marked as such) and the browser rewrites it ([`LocalTime`]).

#[cfg(any(feature = "ssr", test))]
use crate::i18n::format;
use crate::i18n::{Shown, lang};
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
    /// "Sat 6 Mar, 09:00": the viewer's time on another day than the venue's.
    DayTime,
}

impl TimeFormat {
    /// The name carried in `data-local`, read back by [`localize`].
    fn name(self) -> &'static str {
        match self {
            TimeFormat::DateTime => "datetime",
            TimeFormat::Time => "time",
            TimeFormat::Date => "date",
            TimeFormat::DayTime => "daytime",
        }
    }

    #[cfg(any(feature = "hydrate", test))]
    fn from_name(name: &str) -> TimeFormat {
        match name {
            "time" => TimeFormat::Time,
            "date" => TimeFormat::Date,
            "daytime" => TimeFormat::DayTime,
            _ => TimeFormat::DateTime,
        }
    }
}

impl From<TimeFormat> for Shown {
    fn from(format: TimeFormat) -> Shown {
        match format {
            TimeFormat::DateTime => Shown::DateTime,
            TimeFormat::Time => Shown::Time,
            TimeFormat::Date => Shown::Date,
            TimeFormat::DayTime => Shown::DateTime,
        }
    }
}

/// A course time at the venue ("Sun 6 Dec 2026, 10:00 JST"); once the page
/// runs, where the viewer's clock differs, theirs beside it ("(Sat 5 Dec,
/// 20:00 your time)"). The venue's offset rides along so the browser needs
/// no time-zone database. In server HTML [`localize`] adds the reader's
/// time; inside an island, the component itself.
#[component]
pub fn CourseTime(
    at: VenueTime,
    #[prop(default = TimeFormat::DateTime)] format: TimeFormat,
) -> impl IntoView {
    // On the server ICU writes it; an island drawing it anew in the browser
    // has the browser write it (its `Intl`, the same CLDR data), so the
    // WASM links no formatting data.
    #[cfg(feature = "ssr")]
    let text = format::venue_time(lang(), &at, format.into());
    #[cfg(not(feature = "ssr"))]
    let text = browser::text(at.at, format, lang().formats_tag(), Some(&at.zone.name));
    view! {
        <time datetime=machine_text(at.at) data-venue-offset=at.zone.offset_seconds>{text}</time>
    }
}

/// A `<time>` showing `at` in the viewer's zone once the page runs; the
/// server cannot know that zone, so it writes UTC and says so. In server
/// HTML [`localize`] rewrites it; inside an island, the component itself.
#[component]
pub fn LocalTime(
    at: DateTime<Utc>,
    #[prop(default = TimeFormat::DateTime)] format: TimeFormat,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = format::utc_time(lang(), at, format.into());
    #[cfg(not(feature = "ssr"))]
    let text = browser::text(at, format, lang().formats_tag(), None);
    view! { <time datetime=machine_text(at) data-local=format.name()>{text}</time> }
}

/// Rewrites the times under `root` to the viewer's clock: a [`LocalTime`]
/// in their zone, a [`CourseTime`] with theirs beside it where it differs.
/// One pass over the page does what a component per time would, without
/// their code and data. The browser's own `Intl` writes them, in the
/// page's language, so this build carries no formatting data.
#[cfg(feature = "hydrate")]
pub fn localize(root: &web_sys::Element) {
    use chrono::Offset as _;
    let locale = crate::i18n::lang().formats_tag();
    let each = |selector: &str, f: &dyn Fn(web_sys::Element, DateTime<Utc>)| {
        let Ok(found) = root.query_selector_all(selector) else {
            return;
        };
        for i in 0..found.length() {
            let Some(el) = found
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            else {
                continue;
            };
            let at = el
                .get_attribute("datetime")
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
            if let Some(at) = at {
                f(el, at.with_timezone(&Utc));
            }
        }
    };
    each("time[data-local]", &|el, at| {
        let format = TimeFormat::from_name(&el.get_attribute("data-local").unwrap_or_default());
        el.set_text_content(Some(&browser::text(at, format, locale, None)));
        let _ = el.remove_attribute("data-local");
    });
    each("time[data-venue-offset]", &|el, at| {
        let venue_offset = el
            .get_attribute("data-venue-offset")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0);
        let _ = el.remove_attribute("data-venue-offset");
        let viewer = at.with_timezone(&chrono::Local).offset().fix();
        if viewer.local_minus_utc() == venue_offset {
            return;
        }
        // The day too when it is another day for the viewer.
        let venue_day = (at + chrono::Duration::seconds(i64::from(venue_offset))).date_naive();
        let theirs = if at.with_timezone(&viewer).date_naive() == venue_day {
            browser::text(at, TimeFormat::Time, locale, None)
        } else {
            browser::text(at, TimeFormat::DayTime, locale, None)
        };
        let Some(doc) = el.owner_document() else {
            return;
        };
        if let Ok(span) = doc.create_element("span") {
            span.set_class_name("your-time text-stone-500");
            let words = YOUR_TIME.with_borrow(|w| w.replace("{time}", &theirs));
            span.set_text_content(Some(&format!(" ({words})")));
            let _ = el.after_with_node_1(&span);
        }
    });
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// How the page's language says "{time} your time" (from [`set_your_time`]).
    static YOUR_TIME: std::cell::RefCell<String> =
        std::cell::RefCell::new("{time} your time".to_owned());
}

/// The words around the viewer's own time, in the page's language.
#[cfg(feature = "hydrate")]
pub fn set_your_time(words: String) {
    YOUR_TIME.set(words);
}

/// Times written by the browser.
#[cfg(not(feature = "ssr"))]
mod browser {
    use super::TimeFormat;
    use chrono::{DateTime, Utc};

    /// `at` for `locale`, on the viewer's clock, or at `venue` (an IANA
    /// zone) with the zone named.
    #[cfg(feature = "hydrate")]
    pub fn text(
        at: DateTime<Utc>,
        format: TimeFormat,
        locale: &str,
        venue: Option<&str>,
    ) -> String {
        let options = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        };
        if let Some(zone) = venue {
            set("timeZone", zone);
            if format != TimeFormat::Date {
                set("timeZoneName", "short");
            }
        }
        if matches!(format, TimeFormat::DateTime | TimeFormat::DayTime) {
            set("weekday", "short");
        }
        if format != TimeFormat::Time {
            set("day", "numeric");
            set("month", "short");
        }
        if matches!(format, TimeFormat::DateTime | TimeFormat::Date) {
            set("year", "numeric");
        }
        if format != TimeFormat::Date {
            set("hour", "2-digit");
            set("minute", "2-digit");
        }
        let locales = js_sys::Array::of1(&locale.into());
        let formatter = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ));
        formatter
            .format()
            .call1(&wasm_bindgen::JsValue::NULL, &date)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }

    /// Neither server nor browser (a native build without `ssr`, as
    /// `cargo test` of this crate is): the instant as RFC 3339.
    #[cfg(not(feature = "hydrate"))]
    pub fn text(at: DateTime<Utc>, _: TimeFormat, _: &str, _: Option<&str>) -> String {
        at.to_rfc3339()
    }
}

/// The `datetime` attribute: RFC 3339 in UTC to the second
/// (`2027-03-06T09:00:00+00:00`).
fn machine_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The browser's IANA time zone (`Europe/Berlin`).
#[cfg(feature = "hydrate")]
fn browser_time_zone() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|zone| !zone.is_empty())
}

/// Puts the browser's time zone into the fields under `root` marked
/// `data-browser-zone` that still hold what the server wrote (sign-up and
/// sign-in send it so emails show times in it; a new course and a voucher's
/// dates start in it). Without JavaScript they keep the server's value.
#[cfg(feature = "hydrate")]
pub fn fill_browser_zone(root: &web_sys::Element) {
    let Some(zone) = browser_time_zone() else {
        return;
    };
    let Ok(found) = root.query_selector_all("input[data-browser-zone]") else {
        return;
    };
    for i in 0..found.length() {
        let input = found
            .item(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(n).ok());
        if let Some(input) = input
            && input.value() == input.default_value()
        {
            input.set_value(&zone);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_format_survives_the_page() {
        for f in [
            TimeFormat::DateTime,
            TimeFormat::Time,
            TimeFormat::Date,
            TimeFormat::DayTime,
        ] {
            assert_eq!(TimeFormat::from_name(f.name()), f);
        }
    }

    #[test]
    fn server_text_is_utc_and_says_so() {
        let at = Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap();
        assert_eq!(machine_text(at), "2027-03-06T09:00:00+00:00");
        assert_eq!(
            format::utc_time(crate::i18n::Lang::En, at, TimeFormat::DateTime.into()),
            "Sat, 6 Mar 2027, 09:00 UTC"
        );
    }
}
