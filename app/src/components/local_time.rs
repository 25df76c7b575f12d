//! Times are stored in UTC. A course's times are shown at its venue's clock
//! with the zone named ([`CourseTime`]), plus the viewer's own clock where it
//! differs once the page runs. Other times (a hold's expiry, when a booking
//! was made) are the viewer's own: the server cannot know that zone, so it
//! renders UTC (marked as such) and the browser rewrites it ([`LocalTime`]).

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

impl TimeFormat {
    /// The name carried in `data-local`, read back by [`localize`].
    fn name(self) -> &'static str {
        match self {
            TimeFormat::DateTime => "datetime",
            TimeFormat::Time => "time",
            TimeFormat::Date => "date",
        }
    }

    #[cfg(any(feature = "hydrate", test))]
    fn from_name(name: &str) -> TimeFormat {
        match name {
            "time" => TimeFormat::Time,
            "date" => TimeFormat::Date,
            _ => TimeFormat::DateTime,
        }
    }
}

fn pattern(format: TimeFormat) -> &'static str {
    match format {
        TimeFormat::DateTime => "%a %-d %b %Y, %H:%M",
        TimeFormat::Time => "%H:%M",
        TimeFormat::Date => "%-d %b %Y",
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
        <time datetime=machine_text(at.at) data-venue-offset=at.zone.offset_seconds>{text}</time>
        {move || yours.get().map(|t| view! { <span class="your-time text-stone-500">" (" {t} " your time)"</span> })}
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
    let running = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| running.set(true));
    let text = move || {
        if running.get() {
            at.with_timezone(&chrono::Local)
                .format(pattern(format))
                .to_string()
        } else {
            utc_text(at, format)
        }
    };
    view! { <time datetime=machine_text(at) data-local=format.name()>{text}</time> }
}

/// Rewrites the times under `root` that are server HTML (an island's are
/// its own) to the viewer's clock: a [`LocalTime`] in their zone, a
/// [`CourseTime`] with theirs beside it where it differs. One pass over the
/// page does what a component per time would, without their code and data.
#[cfg(feature = "hydrate")]
pub fn localize(root: &web_sys::Element) {
    use chrono::Offset as _;
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
            if el.closest("leptos-island").ok().flatten().is_some() {
                continue;
            }
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
        el.set_text_content(Some(
            &at.with_timezone(&chrono::Local)
                .format(pattern(format))
                .to_string(),
        ));
        let _ = el.remove_attribute("data-local");
    });
    each("time[data-venue-offset]", &|el, at| {
        let offset_seconds = el
            .get_attribute("data-venue-offset")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let _ = el.remove_attribute("data-venue-offset");
        let venue = VenueTime {
            at,
            zone: tessera::venue::ZoneAt {
                offset_seconds,
                abbreviation: String::new(),
            },
        };
        let viewer = at.with_timezone(&chrono::Local).offset().fix();
        let Some(theirs) = venue.elsewhere(viewer) else {
            return;
        };
        let Some(doc) = el.owner_document() else {
            return;
        };
        if let Ok(span) = doc.create_element("span") {
            span.set_class_name("your-time text-stone-500");
            span.set_text_content(Some(&format!(" ({theirs} your time)")));
            let _ = el.after_with_node_1(&span);
        }
    });
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
        for f in [TimeFormat::DateTime, TimeFormat::Time, TimeFormat::Date] {
            assert_eq!(TimeFormat::from_name(f.name()), f);
        }
    }

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
