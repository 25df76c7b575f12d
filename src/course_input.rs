//! A course as an admin types it, parsed into values that can only be valid.
//! Shared by the browser (instant feedback) and the server (the rule).

use crate::error::FieldError;
use crate::inputs::{Capacity, CourseTitle, DateRange};
use crate::money::{Currency, Money, Price, PriceError};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// The course form's fields, as strings, exactly as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    /// Title.
    pub title: String,
    /// Description (plain text, blank lines separate paragraphs).
    pub description: String,
    /// Where.
    pub location: String,
    /// Price as a decimal ("49", "49.50").
    pub price: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Seats.
    pub capacity: String,
    /// `YYYY-MM-DDTHH:MM` in the admin's zone (an `<input type="datetime-local">`).
    pub starts_at: String,
    /// Same format.
    pub ends_at: String,
    /// The admin's zone at `starts_at`, as JavaScript's `getTimezoneOffset()`
    /// (minutes to add to local time to get UTC); empty means UTC.
    #[serde(default)]
    pub tz_offset: String,
    /// The same at `ends_at` (differs across a daylight-saving change);
    /// empty means the same as `tz_offset`.
    #[serde(default)]
    pub tz_offset_end: String,
}

/// A course ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseDraft {
    /// Title.
    pub title: CourseTitle,
    /// Description, trimmed, at most 5,000 characters.
    pub description: String,
    /// Location, trimmed, 1–200 characters.
    pub location: String,
    /// Price (≥ 0).
    pub price: Price,
    /// Seats (> 0).
    pub capacity: Capacity,
    /// When (ends after starts).
    pub dates: DateRange,
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.to_owned(),
    }
}

/// Parses a `datetime-local` value in a zone given as minutes west of UTC.
pub fn parse_local_datetime(value: &str, tz_offset_minutes: i64) -> Option<DateTime<Utc>> {
    let v = value.trim();
    let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    if !(-24 * 60..=24 * 60).contains(&tz_offset_minutes) {
        return None;
    }
    // Checked: near chrono's last (or first) representable day the shift
    // would overflow, and `+` panics.
    naive
        .and_utc()
        .checked_add_signed(Duration::minutes(tz_offset_minutes))
}

/// Formats a UTC instant for a `datetime-local` input in the given zone.
pub fn format_local_datetime(at: DateTime<Utc>, tz_offset_minutes: i64) -> String {
    (at - Duration::minutes(tz_offset_minutes))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

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
        let offset = self.tz_offset.trim().parse::<i64>().unwrap_or(0);
        let offset_end = self.tz_offset_end.trim().parse::<i64>().unwrap_or(offset);
        let starts = parse_local_datetime(&self.starts_at, offset);
        if starts.is_none() {
            errors.push(err("starts_at", "Enter the start date and time."));
        }
        let ends = parse_local_datetime(&self.ends_at, offset_end);
        if ends.is_none() {
            errors.push(err("ends_at", "Enter the end date and time."));
        }
        let dates = match (starts, ends) {
            (Some(s), Some(e)) => DateRange::new(s, e)
                .map_err(|e| errors.push(err("ends_at", e.0)))
                .ok(),
            _ => None,
        };
        match (title, price, capacity, dates) {
            (Some(title), Some(price), Some(capacity), Some(dates)) if errors.is_empty() => {
                Ok(CourseDraft {
                    title,
                    description,
                    location,
                    price,
                    capacity,
                    dates,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
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
            starts_at: "2027-03-01T09:00".into(),
            ends_at: "2027-03-01T12:00".into(),
            tz_offset: "-60".into(),
            tz_offset_end: String::new(),
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
        let at = parse_local_datetime("2027-03-01T09:30", 300).expect("valid");
        assert_eq!(format_local_datetime(at, 300), "2027-03-01T09:30");
    }
}
