//! A course as an admin types it, parsed into values that can only be valid.
//! The form travels from the browser; the rule runs on the server, which
//! has the time-zone database.

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::error::FieldError,
    crate::inputs::{Capacity, CourseTitle, DateRange},
    crate::money::{Currency, Money, Price, PriceError},
    crate::quote::{DEFAULT_SEATS_PER_BOOKING, MAX_SEATS_PER_BOOKING, SeatCount},
    crate::venue::VenueZone,
};

/// The course form's fields, as strings, exactly as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    pub title: String,
    /// Description (plain text, blank lines separate paragraphs).
    pub description: String,
    pub location: String,
    /// Price as a decimal ("49", "49.50").
    pub price: String,
    /// ISO 4217 code.
    pub currency: String,
    pub capacity: String,
    /// How many seats one booking may hold (blank: 6).
    #[serde(default)]
    pub seats_per_booking: String,
    /// `YYYY-MM-DDTHH:MM` at the venue (an `<input type="datetime-local">`).
    pub starts_at: String,
    /// Same format.
    pub ends_at: String,
    /// The venue's IANA time zone (`Europe/Amsterdam`).
    #[serde(default)]
    pub time_zone: String,
}

/// A course ready to be stored.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct CourseDraft {
    pub title: CourseTitle,
    /// Description, trimmed, at most 5,000 characters.
    pub description: String,
    /// Location, trimmed, 1–200 characters.
    pub location: String,
    /// Price (≥ 0).
    pub price: Price,
    /// Seats (> 0).
    pub capacity: Capacity,
    /// How many seats one booking may hold.
    pub seats_per_booking: SeatCount,
    /// When (ends after starts).
    pub dates: DateRange,
    /// The venue's time zone.
    pub zone: VenueZone,
}

#[cfg(feature = "ssr")]
fn err(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// Parses a `datetime-local` value (a wall-clock time, no zone). Years
/// outside 1–9999 are refused: no course is that far off, and the zone
/// arithmetic near chrono's limits would overflow.
pub fn parse_local_datetime(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    (1..=9999).contains(&naive.year()).then_some(naive)
}

/// Formats a wall-clock time for a `datetime-local` input.
pub fn format_local_datetime(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(feature = "ssr")]
impl CourseForm {
    /// Every problem at once, field by field; or the draft.
    pub fn parse(&self) -> Result<CourseDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = CourseTitle::parse(&self.title)
            .map_err(|e| errors.push(err("title", e.0)))
            .ok();
        let description = self.description.trim().to_owned();
        // Control characters (U+0000 above all: PostgreSQL cannot store it)
        // are refused; line breaks and tabs are text.
        const CONTROL: &str = "Remove the control characters from this field.";
        if description.chars().count() > 5000 {
            errors.push(err(
                "description",
                "Use at most 5,000 characters for the description.",
            ));
        } else if description
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            errors.push(err("description", CONTROL));
        }
        let location = self.location.trim().to_owned();
        if location.is_empty() {
            errors.push(err("location", "Say where the course takes place."));
        } else if location.chars().count() > 200 {
            errors.push(err(
                "location",
                "Use at most 200 characters for the location.",
            ));
        } else if location.chars().any(char::is_control) {
            errors.push(err("location", CONTROL));
        }
        let currency = self
            .currency
            .parse::<Currency>()
            .map_err(|_| errors.push(err("currency", "Choose a currency from the list.")))
            .ok();
        let price = currency.and_then(|c| {
            let refused = |errors: &mut Vec<_>, why: String| {
                errors.push(err("price", &why));
                None
            };
            match Money::parse_decimal(&self.price, c).map(Price::chargeable) {
                Some(Ok(p)) => Some(p),
                None | Some(Err(PriceError::Negative)) => refused(
                    &mut errors,
                    if c.exponent() == 0 {
                        "Enter a price of 0 or more, in whole units.".to_owned()
                    } else {
                        "Enter a price of 0 or more, like 49 or 49.50.".to_owned()
                    },
                ),
                Some(Err(PriceError::BelowMinimum(min))) => refused(
                    &mut errors,
                    format!("Stripe charges at least {min} in {}: enter 0 for a free course, or {min} or more.", c.code()),
                ),
                Some(Err(PriceError::AboveMaximum(max))) => refused(
                    &mut errors,
                    format!("Stripe charges at most {max} in one payment."),
                ),
            }
        });
        let capacity = Capacity::parse(&self.capacity)
            .map_err(|e| errors.push(err("capacity", e.0)))
            .ok();
        let per_booking = self.seats_per_booking.trim();
        let seats_per_booking = if per_booking.is_empty() {
            SeatCount::new(i64::from(DEFAULT_SEATS_PER_BOOKING)).ok()
        } else {
            let parsed = per_booking
                .parse::<i64>()
                .ok()
                .and_then(|n| SeatCount::new(n).ok());
            if parsed.is_none() {
                errors.push(err(
                    "seats_per_booking",
                    &format!(
                        "Enter how many seats one booking may hold, from 1 to {MAX_SEATS_PER_BOOKING}."
                    ),
                ));
            }
            parsed
        };
        let zone = VenueZone::parse(&self.time_zone);
        if zone.is_none() {
            errors.push(err(
                "time_zone",
                "Choose the venue's time zone, like Europe/Amsterdam.",
            ));
        }
        let mut at_venue = |field: &str, value: &str, missing: &str| {
            let local = parse_local_datetime(value);
            if local.is_none() {
                errors.push(err(field, missing));
            }
            let (local, zone) = (local?, zone?);
            let instant = zone.instant(local);
            if instant.is_none() {
                errors.push(err(
                    field,
                    &format!(
                        "{} does not exist in {}: the clocks skip that hour.",
                        local.format("%H:%M on %-d %b %Y"),
                        zone.name()
                    ),
                ));
            }
            instant
        };
        let starts = at_venue(
            "starts_at",
            &self.starts_at,
            "Enter the start date and time.",
        );
        let ends = at_venue("ends_at", &self.ends_at, "Enter the end date and time.");
        let dates = match (starts, ends) {
            (Some(s), Some(e)) => DateRange::new(s, e)
                .map_err(|e| errors.push(err("ends_at", e.0)))
                .ok(),
            _ => None,
        };
        match (title, price, capacity, seats_per_booking, dates, zone) {
            (
                Some(title),
                Some(price),
                Some(capacity),
                Some(seats_per_booking),
                Some(dates),
                Some(zone),
            ) if errors.is_empty() => Ok(CourseDraft {
                title,
                description,
                location,
                price,
                capacity,
                seats_per_booking,
                dates,
                zone,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn form() -> CourseForm {
        CourseForm {
            title: "Pottery for beginners".into(),
            description: "Clay.".into(),
            location: "Studio 4".into(),
            price: "49.50".into(),
            currency: "EUR".into(),
            capacity: "8".into(),
            seats_per_booking: String::new(),
            starts_at: "2027-03-01T09:00".into(),
            ends_at: "2027-03-01T12:00".into(),
            time_zone: "Europe/Berlin".into(),
        }
    }

    #[test]
    fn seats_per_booking_defaults_to_six_and_refuses_what_no_booking_could_hold() {
        assert_eq!(form().parse().expect("valid").seats_per_booking.get(), 6);
        let two = CourseForm {
            seats_per_booking: " 2 ".into(),
            ..form()
        };
        assert_eq!(two.parse().expect("valid").seats_per_booking.get(), 2);
        for bad in ["0", "51", "two", "-1"] {
            let refused = CourseForm {
                seats_per_booking: bad.into(),
                ..form()
            }
            .parse()
            .expect_err(bad);
            assert_eq!(
                refused.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
                ["seats_per_booking"],
                "{bad}"
            );
        }
    }

    #[test]
    fn a_good_form_parses_with_times_converted_to_utc() {
        let d = form().parse().expect("valid");
        assert_eq!(d.price.money().minor(), 4950);
        assert_eq!(d.capacity.get(), 8);
        // 09:00 at UTC+1 is 08:00 UTC.
        assert_eq!(
            d.dates.starts_at().to_rfc3339(),
            "2027-03-01T08:00:00+00:00"
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = CourseForm {
            title: "".into(),
            location: "".into(),
            price: "-5".into(),
            capacity: "0".into(),
            starts_at: "2027-03-01T09:00".into(),
            ends_at: "2027-03-01T08:00".into(),
            ..form()
        };
        let fields: Vec<String> = bad
            .parse()
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["title", "location", "price", "capacity", "ends_at"]
        );
    }

    #[test]
    fn unknown_currency_and_missing_dates_are_named() {
        let bad = CourseForm {
            currency: "XXX".into(),
            starts_at: "".into(),
            ..form()
        };
        let fields: Vec<String> = bad
            .parse()
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["currency", "starts_at"]);
    }

    #[test]
    fn local_datetimes_round_trip() {
        let at = parse_local_datetime("2027-03-01T09:30").expect("valid");
        assert_eq!(format_local_datetime(at), "2027-03-01T09:30");
        assert_eq!(parse_local_datetime("+262142-12-31T23:59"), None);
    }

    #[test]
    fn times_are_the_venue_clock_and_a_skipped_hour_is_refused() {
        let tokyo = CourseForm {
            time_zone: "Asia/Tokyo".into(),
            starts_at: "2026-12-06T10:00".into(),
            ends_at: "2026-12-06T12:00".into(),
            ..form()
        };
        let d = tokyo.parse().expect("valid");
        assert_eq!(
            d.dates.starts_at().to_rfc3339(),
            "2026-12-06T01:00:00+00:00"
        );
        assert_eq!(d.zone.name(), "Asia/Tokyo");
        let skipped = CourseForm {
            starts_at: "2027-03-28T02:30".into(),
            ends_at: "2027-03-28T05:00".into(),
            ..form()
        };
        let e = skipped.parse().expect_err("no such time");
        assert_eq!(e[0].field, "starts_at");
        assert!(e[0].message.contains("Europe/Berlin"), "{}", e[0].message);
        let nowhere = CourseForm {
            time_zone: "Mars/Olympus".into(),
            ..form()
        };
        let fields: Vec<String> = nowhere
            .parse()
            .expect_err("unknown zone")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["time_zone"]);
    }
}
