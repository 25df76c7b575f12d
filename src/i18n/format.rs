//! Prices, dates and times as each language writes them ("49,00 €" /
//! "€49.00"; "Sa., 12.12.2026, 18:00 MEZ" / "Sat, 12 Dec 2026, 18:00 CET"),
//! by ICU4X from CLDR's data rather than rules of our own. Formatters are
//! built once per thread and language: building one loads its data.

use super::Lang;
use crate::money::Money;
use crate::venue::VenueTime;
use chrono::{DateTime, Utc};
use fixed_decimal::Decimal;
use icu_datetime::DateTimeFormatter;
use icu_datetime::NoCalendarFormatter;
use icu_datetime::fieldsets::{self, T, YMD, YMDET, zone::SpecificShort};
use icu_datetime::input::DateTime as IcuDateTime;
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyCode;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale_core::Locale;
use icu_time::zone::{IanaParser, UtcOffset};
use icu_time::{ZonedDateTime, zone::TimeZoneInfo, zone::models::AtTime};
use std::cell::OnceCell;
use writeable::Writeable;

/// How much of an instant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    /// "Sat, 12 Dec 2026, 18:00 CET".
    #[default]
    DateTime,
    /// "18:00 CET".
    Time,
    /// "12 Dec 2026".
    Date,
}

struct Formats {
    number: DecimalFormatter,
    money: CurrencyFormatter,
    date_time: DateTimeFormatter<YMDET>,
    time: DateTimeFormatter<T>,
    date: DateTimeFormatter<YMD>,
    zone: NoCalendarFormatter<SpecificShort>,
}

impl Formats {
    fn new(lang: Lang) -> Option<Formats> {
        let locale: Locale = lang.formats_tag().parse().ok()?;
        let minutes = TimePrecision::Minute;
        Some(Formats {
            number: DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?,
            money: CurrencyFormatter::try_new((&locale).into(), Default::default()).ok()?,
            date_time: DateTimeFormatter::try_new(
                (&locale).into(),
                YMDET::medium().with_time_precision(minutes),
            )
            .ok()?,
            time: DateTimeFormatter::try_new(
                (&locale).into(),
                T::medium().with_time_precision(minutes),
            )
            .ok()?,
            date: DateTimeFormatter::try_new((&locale).into(), fieldsets::YMD::medium()).ok()?,
            zone: NoCalendarFormatter::try_new((&locale).into(), SpecificShort).ok()?,
        })
    }
}

thread_local! {
    static FORMATS: [OnceCell<Option<Formats>>; Lang::ALL.len()] = const { [const { OnceCell::new() }; Lang::ALL.len()] };
}

fn with_formats<R>(lang: Lang, f: impl FnOnce(&Formats) -> R) -> Option<R> {
    let index = Lang::ALL.iter().position(|l| *l == lang)?;
    FORMATS.with(|all| {
        all[index]
            .get_or_init(|| Formats::new(lang))
            .as_ref()
            .map(f)
    })
}

/// A whole number: "1,250" / "1.250".
pub fn number(lang: Lang, n: u64) -> String {
    with_formats(lang, |f| {
        f.number
            .format(&Decimal::from(n))
            .write_to_string()
            .into_owned()
    })
    .unwrap_or_else(|| n.to_string())
}

/// An amount with its currency: "49,00 €", "€49.00", "5.000 ¥".
pub fn money(lang: Lang, amount: Money) -> String {
    let currency = amount.currency();
    let mut value = Decimal::from(amount.minor());
    value.multiply_pow10(-(currency.exponent() as i16));
    let code = tinystr::TinyAsciiStr::<3>::try_from_str(currency.code()).ok();
    with_formats(lang, |f| {
        code.map(|code| {
            f.money
                .format_fixed_decimal(&value, CurrencyCode(code))
                .write_to_string()
                .into_owned()
        })
    })
    .flatten()
    .unwrap_or_else(|| amount.to_string())
}

/// A course's price: the amount, or "Free" ("Kostenlos").
pub fn price(lang: Lang, price: crate::money::Price) -> String {
    if price.is_free() {
        super::tr(lang, "price-free")
    } else {
        money(lang, price.money())
    }
}

/// A course's time at its venue, the zone named: "Sa., 12.12.2026, 18:00
/// MEZ", "Sat, 12 Dec 2026, 18:00 CET".
pub fn venue_time(lang: Lang, at: &VenueTime, shown: Shown) -> String {
    zoned(at.at, at.zone.offset_seconds, &at.zone.name)
        .and_then(|zoned| {
            with_formats(lang, |f| {
                let zone = || zone_name(f, &zoned.zone, &at.zone.abbreviation);
                match shown {
                    Shown::DateTime => {
                        format!(
                            "{} {}",
                            f.date_time.format(&zoned).write_to_string(),
                            zone()
                        )
                    }
                    Shown::Time => {
                        format!("{} {}", f.time.format(&zoned).write_to_string(), zone())
                    }
                    Shown::Date => f.date.format(&zoned).write_to_string().into_owned(),
                }
            })
        })
        .unwrap_or_else(|| at.at.to_rfc3339())
}

/// The zone as the language names it ("MEZ", "CET"). CLDR gives each
/// language short names only for the zones its readers know by one, and
/// an offset ("GMT+9") for the rest; there the tz database's abbreviation
/// ("JST") says more, as the site always said it.
fn zone_name(f: &Formats, zone: &TimeZoneInfo<AtTime>, abbreviation: &str) -> String {
    let named = f.zone.format(zone).write_to_string().into_owned();
    let known = !abbreviation.is_empty() && abbreviation.chars().all(|c| c.is_ascii_alphabetic());
    if named.starts_with("GMT") && known {
        abbreviation.to_owned()
    } else {
        named
    }
}

/// An instant in UTC, named as such: what the server shows until the
/// browser turns it to the reader's clock.
pub fn utc_time(lang: Lang, at: DateTime<Utc>, shown: Shown) -> String {
    venue_time(
        lang,
        &VenueTime {
            at,
            zone: crate::venue::ZoneAt::utc(),
        },
        shown,
    )
}

fn zoned(
    at: DateTime<Utc>,
    offset_seconds: i32,
    zone_name: &str,
) -> Option<ZonedDateTime<icu_calendar::Iso, TimeZoneInfo<AtTime>>> {
    let offset = UtcOffset::try_from_seconds(offset_seconds).ok()?;
    let local =
        ZonedDateTime::from_epoch_milliseconds_and_utc_offset(at.timestamp_millis(), offset);
    let zone = IanaParser::new()
        .parse(zone_name)
        .with_offset(Some(offset))
        .at_date_time_iso(IcuDateTime {
            date: local.date,
            time: local.time,
        });
    Some(ZonedDateTime {
        date: local.date,
        time: local.time,
        zone,
    })
}

/// `start` without the zone that ends `end` too, which names it once for
/// both ("Sat, 6 Mar 2027, 10:00" before "18:00 CET"); as it is where the
/// zones differ (the clocks changed between them).
pub fn without_zone<'a>(start: &'a str, end: &str) -> &'a str {
    end.rsplit_once(' ')
        .and_then(|(_, zone)| start.strip_suffix(zone))
        .map(str::trim_end)
        .unwrap_or(start)
}
