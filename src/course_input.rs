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
    crate::said,
    crate::venue::VenueZone,
};

/// The course form's fields, as strings, exactly as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    pub title: String,
    /// Description (plain text, blank lines separate paragraphs).
    pub description: String,
    /// The language `title` and `description` are written in (blank:
    /// English).
    #[serde(default)]
    pub language: String,
    /// The same in other languages, each optional; rows left blank are
    /// skipped.
    #[serde(default)]
    pub texts: Vec<TextForm>,
    pub location: String,
    /// Price as a decimal ("49", "49.50").
    pub price: String,
    /// ISO 4217 code.
    pub currency: String,
    pub capacity: String,
    /// How many seats one booking may hold (blank: 6).
    #[serde(default)]
    pub seats_per_booking: String,
    /// Its meetings, in any order; rows left blank are skipped.
    #[serde(default)]
    pub meetings: Vec<MeetingForm>,
    /// The venue's IANA time zone (`Europe/Amsterdam`).
    #[serde(default)]
    pub time_zone: String,
    /// VAT in percent, prices including it (blank: the seller's rate).
    #[serde(default)]
    pub vat_rate: String,
    /// The id of the topic it is filed under (blank: none).
    #[serde(default)]
    pub topic: String,
}

/// A title and description in one more language (`texts[0][lang]`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextForm {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// One meeting's row of the course form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingForm {
    /// `YYYY-MM-DDTHH:MM` at the venue (an `<input type="datetime-local">`).
    #[serde(default)]
    pub starts_at: String,
    /// Same format.
    #[serde(default)]
    pub ends_at: String,
    /// Where, when not at the course's location (blank: there).
    #[serde(default)]
    pub place: String,
}

#[cfg(feature = "ssr")]
impl MeetingForm {
    fn is_blank(&self) -> bool {
        [&self.starts_at, &self.ends_at, &self.place]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// The form field of one meeting's input: `meetings[2][starts_at]` (the
/// row as submitted, blank rows counted).
pub fn meeting_field(row: usize, input: &str) -> String {
    format!("meetings[{row}][{input}]")
}

/// Most meetings one course may have.
pub const MAX_MEETINGS: usize = 60;

/// One meeting ready to be stored.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingDraft {
    pub dates: DateRange,
    /// Where, when not at the course's location.
    pub place: Option<String>,
    /// The form's row it came from, to say where a refusal belongs.
    pub row: usize,
}

/// A course's meetings: at least one, first first, none overlapping the
/// next.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule(Vec<MeetingDraft>);

#[cfg(feature = "ssr")]
impl Schedule {
    /// The meetings, first first.
    pub fn meetings(&self) -> &[MeetingDraft] {
        &self.0
    }

    /// From the first meeting's start to the last one's end: the course's
    /// own start and end.
    pub fn span(&self) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        let first = self.0.first().map(|m| m.dates.starts_at());
        let last = self.0.iter().map(|m| m.dates.ends_at()).max();
        match (first, last) {
            (Some(first), Some(last)) => (first, last),
            // Never: a schedule has a meeting.
            _ => (chrono::DateTime::UNIX_EPOCH, chrono::DateTime::UNIX_EPOCH),
        }
    }

    /// How many meetings (at least one).
    pub fn count(&self) -> usize {
        self.0.len()
    }
}

/// A course ready to be stored.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq)]
pub struct CourseDraft {
    pub title: CourseTitle,
    /// Description, trimmed, at most 5,000 characters.
    pub description: String,
    /// What `title` and `description` are written in.
    pub language: crate::i18n::Lang,
    /// Other languages' titles and descriptions, each language once.
    pub texts: Vec<crate::course::CourseText>,
    /// Location, trimmed, 1–200 characters.
    pub location: String,
    /// Price (≥ 0).
    pub price: Price,
    /// Seats (> 0).
    pub capacity: Capacity,
    /// How many seats one booking may hold.
    pub seats_per_booking: SeatCount,
    /// When it meets.
    pub schedule: Schedule,
    /// The venue's time zone.
    pub zone: VenueZone,
    /// `None`: the seller's rate.
    pub vat_rate: Option<crate::invoice::VatRate>,
    /// The topic it is filed under (the service checks it exists).
    pub topic: Option<crate::TopicId>,
}

#[cfg(feature = "ssr")]
fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.into(),
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
            .map_err(|e| errors.push(err("title", e.to_string())))
            .ok();
        const CONTROL: &str = "text-control-characters";
        let description = parse_description(&self.description)
            .map_err(|e| errors.push(err("description", e)))
            .unwrap_or_default();
        let language = match self.language.trim() {
            "" => Some(crate::i18n::Lang::En),
            tag => crate::i18n::Lang::ALL.into_iter().find(|l| l.tag() == tag),
        };
        if language.is_none() {
            errors.push(err("language", said!("course-language-choose")));
        }
        let mut texts: Vec<crate::course::CourseText> = Vec::new();
        for (i, row) in self.texts.iter().enumerate() {
            let field = |name: &str| format!("texts[{i}][{name}]");
            if row.title.trim().is_empty() && row.description.trim().is_empty() {
                continue;
            }
            let lang = crate::i18n::Lang::ALL
                .into_iter()
                .find(|l| l.tag() == row.lang.trim());
            let Some(lang) =
                lang.filter(|l| Some(*l) != language && !texts.iter().any(|t| t.lang == *l))
            else {
                errors.push(err(&field("title"), said!("course-text-language-twice")));
                continue;
            };
            let title = CourseTitle::parse(&row.title)
                .map_err(|e| errors.push(err(&field("title"), e.to_string())))
                .ok();
            let description = parse_description(&row.description)
                .map_err(|e| errors.push(err(&field("description"), e)))
                .ok();
            if let (Some(title), Some(description)) = (title, description) {
                texts.push(crate::course::CourseText {
                    lang,
                    title: title.as_str().to_owned(),
                    description,
                });
            }
        }
        let location = self.location.trim().to_owned();
        if location.is_empty() {
            errors.push(err("location", said!("course-location-empty")));
        } else if location.chars().count() > 200 {
            errors.push(err("location", said!("course-location-too-long")));
        } else if location.chars().any(char::is_control) {
            errors.push(err("location", said!(CONTROL)));
        }
        let currency = self
            .currency
            .parse::<Currency>()
            .map_err(|_| errors.push(err("currency", said!("course-currency-choose"))))
            .ok();
        let price = currency.and_then(|c| {
            let refused = |errors: &mut Vec<_>, why: String| {
                errors.push(err("price", why));
                None
            };
            let lang = crate::i18n::current();
            match Money::parse_decimal(&self.price, c).map(Price::chargeable) {
                Some(Ok(p)) => Some(p),
                None | Some(Err(PriceError::Negative)) => refused(
                    &mut errors,
                    if c.exponent() == 0 {
                        said!("course-price-whole-units")
                    } else {
                        said!("course-price-decimal")
                    },
                ),
                Some(Err(PriceError::BelowMinimum(min))) => refused(
                    &mut errors,
                    said!(
                        "course-price-below-minimum",
                        min = crate::i18n::format::money(lang, min),
                        currency = c.code(),
                    ),
                ),
                Some(Err(PriceError::AboveMaximum(max))) => refused(
                    &mut errors,
                    said!(
                        "course-price-above-maximum",
                        max = crate::i18n::format::money(lang, max),
                    ),
                ),
            }
        });
        let capacity = Capacity::parse(&self.capacity)
            .map_err(|e| errors.push(err("capacity", e.to_string())))
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
                    said!("course-seats-per-booking", max = MAX_SEATS_PER_BOOKING),
                ));
            }
            parsed
        };
        let zone = VenueZone::parse(&self.time_zone);
        if zone.is_none() {
            errors.push(err("time_zone", said!("course-time-zone-choose")));
        }
        let schedule = zone.and_then(|zone| parse_schedule(&self.meetings, zone, &mut errors));
        let vat_rate = match self.vat_rate.trim() {
            "" => None,
            typed => crate::invoice::VatRate::parse_percent(typed)
                .map_err(|e| errors.push(err("vat_rate", e.to_string())))
                .ok(),
        };
        let topic = match self.topic.trim() {
            "" => None,
            typed => typed
                .parse::<crate::TopicId>()
                .map_err(|_| errors.push(err("topic", said!("course-topic-choose"))))
                .ok(),
        };
        match (title, price, capacity, seats_per_booking, schedule, zone) {
            (
                Some(title),
                Some(price),
                Some(capacity),
                Some(seats_per_booking),
                Some(schedule),
                Some(zone),
            ) if errors.is_empty() => Ok(CourseDraft {
                title,
                description,
                language: language.unwrap_or_default(),
                texts,
                location,
                price,
                capacity,
                seats_per_booking,
                schedule,
                zone,
                vat_rate,
                topic,
            }),
            _ => Err(errors),
        }
    }
}

/// A description as typed: trimmed, at most 5,000 characters; control
/// characters (U+0000 above all: PostgreSQL cannot store it) are refused,
/// line breaks and tabs are text.
#[cfg(feature = "ssr")]
fn parse_description(typed: &str) -> Result<String, String> {
    let description = typed.trim().to_owned();
    if description.chars().count() > 5000 {
        Err(said!("course-description-too-long"))
    } else if description
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err(said!("text-control-characters"))
    } else {
        Ok(description)
    }
}

/// The rows' meetings, first first; each problem is said at the row's own
/// field.
#[cfg(feature = "ssr")]
fn parse_schedule(
    rows: &[MeetingForm],
    zone: VenueZone,
    errors: &mut Vec<FieldError>,
) -> Option<Schedule> {
    let filled: Vec<(usize, &MeetingForm)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .collect();
    if filled.is_empty() {
        errors.push(err(&meeting_field(0, "starts_at"), said!("meetings-none")));
        return None;
    }
    if filled.len() > MAX_MEETINGS {
        errors.push(err(
            &meeting_field(filled[MAX_MEETINGS].0, "starts_at"),
            said!("meetings-too-many", max = MAX_MEETINGS),
        ));
        return None;
    }
    let before = errors.len();
    let mut meetings = Vec::with_capacity(filled.len());
    for (row, form) in filled {
        // `missing`: the id of the message that asks for the time.
        let mut at_venue = |input: &str, value: &str, missing: &str| {
            let Some(local) = parse_local_datetime(value) else {
                errors.push(err(&meeting_field(row, input), said!(missing)));
                return None;
            };
            let instant = zone.instant(local);
            if instant.is_none() {
                let lang = crate::i18n::current();
                errors.push(err(
                    &meeting_field(row, input),
                    said!(
                        "meeting-time-skipped",
                        time = local.format("%H:%M").to_string(),
                        date = crate::i18n::format::utc_time(
                            lang,
                            local.and_utc(),
                            crate::i18n::format::Shown::Date,
                        ),
                        zone = zone.name(),
                    ),
                ));
            }
            instant
        };
        let starts = at_venue("starts_at", &form.starts_at, "meeting-start-missing");
        let ends = at_venue("ends_at", &form.ends_at, "meeting-end-missing");
        let place = form.place.trim();
        if place.chars().count() > 200 {
            errors.push(err(
                &meeting_field(row, "place"),
                said!("meeting-place-too-long"),
            ));
        } else if place.chars().any(char::is_control) {
            errors.push(err(
                &meeting_field(row, "place"),
                said!("text-control-characters"),
            ));
        }
        let (Some(starts), Some(ends)) = (starts, ends) else {
            continue;
        };
        match DateRange::new(starts, ends) {
            Ok(dates) => meetings.push(MeetingDraft {
                dates,
                place: (!place.is_empty()).then(|| place.to_owned()),
                row,
            }),
            Err(_) if ends <= starts => errors.push(err(
                &meeting_field(row, "ends_at"),
                said!("meeting-ends-before-start"),
            )),
            Err(_) => errors.push(err(
                &meeting_field(row, "ends_at"),
                said!("meeting-too-long", days = DateRange::MAX_DAYS),
            )),
        }
    }
    meetings.sort_by_key(|m| m.dates.starts_at());
    for pair in meetings.windows(2) {
        if pair[1].dates.starts_at() < pair[0].dates.ends_at() {
            errors.push(err(
                &meeting_field(pair[1].row, "starts_at"),
                said!("meeting-overlaps"),
            ));
        }
    }
    (errors.len() == before).then_some(Schedule(meetings))
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
            meetings: vec![meeting("2027-03-01T09:00", "2027-03-01T12:00")],
            time_zone: "Europe/Berlin".into(),
            vat_rate: String::new(),
            topic: String::new(),
            language: String::new(),
            texts: Vec::new(),
        }
    }

    #[test]
    fn a_course_is_written_in_one_language_and_may_be_in_others() {
        let text = |lang: &str, title: &str| TextForm {
            lang: lang.into(),
            title: title.into(),
            description: "Ton.".into(),
        };
        let german = CourseForm {
            language: "en".into(),
            texts: vec![text("de", "Töpfern für Anfänger"), TextForm::default()],
            ..form()
        };
        let draft = german.parse().expect("valid");
        assert_eq!(draft.language, crate::i18n::Lang::En);
        assert_eq!(
            draft.texts,
            vec![crate::course::CourseText {
                lang: crate::i18n::Lang::De,
                title: "Töpfern für Anfänger".into(),
                description: "Ton.".into(),
            }],
            "the blank row skipped"
        );
        // Written in German alone.
        let only = CourseForm {
            language: "de".into(),
            ..form()
        };
        assert_eq!(only.parse().expect("valid").language, crate::i18n::Lang::De);
        // A language twice, one Tessera does not speak, a text without a title.
        for (language, row) in [
            ("en", text("en", "Pottery again")),
            ("en", text("fr", "Poterie")),
            ("en", text("de", "")),
        ] {
            let refused = CourseForm {
                language: language.into(),
                texts: vec![row],
                ..form()
            };
            assert_eq!(fields(refused), ["texts[0][title]"]);
        }
        let unknown = CourseForm {
            language: "fr".into(),
            ..form()
        };
        assert_eq!(fields(unknown), ["language"]);
    }

    fn meeting(starts_at: &str, ends_at: &str) -> MeetingForm {
        MeetingForm {
            starts_at: starts_at.into(),
            ends_at: ends_at.into(),
            place: String::new(),
        }
    }

    /// The fields refused, in order (none when the form is valid).
    fn fields(form: CourseForm) -> Vec<String> {
        form.parse()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn meetings_are_sorted_blank_rows_skipped_and_the_span_is_first_to_last() {
        let weekly = CourseForm {
            meetings: vec![
                meeting("2027-03-15T18:00", "2027-03-15T20:00"),
                MeetingForm::default(),
                MeetingForm {
                    place: "  Garden studio ".into(),
                    ..meeting("2027-03-01T18:00", "2027-03-01T20:00")
                },
                // Across the change to summer time (28 March): 18:00 CEST.
                meeting("2027-03-29T18:00", "2027-03-29T20:00"),
            ],
            ..form()
        };
        let d = weekly.parse().expect("valid");
        let starts: Vec<String> = d
            .schedule
            .meetings()
            .iter()
            .map(|m| m.dates.starts_at().to_rfc3339())
            .collect();
        assert_eq!(
            starts,
            [
                "2027-03-01T17:00:00+00:00",
                "2027-03-15T17:00:00+00:00",
                "2027-03-29T16:00:00+00:00"
            ]
        );
        let places: Vec<Option<&str>> = d
            .schedule
            .meetings()
            .iter()
            .map(|m| m.place.as_deref())
            .collect();
        assert_eq!(places, [Some("Garden studio"), None, None]);
        let (first, last) = d.schedule.span();
        assert_eq!(first.to_rfc3339(), "2027-03-01T17:00:00+00:00");
        assert_eq!(last.to_rfc3339(), "2027-03-29T18:00:00+00:00");
    }

    #[test]
    fn each_meeting_problem_is_said_at_its_own_row() {
        let none = CourseForm {
            meetings: vec![MeetingForm::default()],
            ..form()
        };
        assert_eq!(fields(none), ["meetings[0][starts_at]"]);
        let overlapping = CourseForm {
            meetings: vec![
                meeting("2027-03-01T09:00", "2027-03-01T12:00"),
                MeetingForm::default(),
                meeting("2027-03-01T11:00", "2027-03-01T13:00"),
                meeting("2027-03-08T09:00", "2027-03-08T08:00"),
                MeetingForm {
                    place: "\u{0}".into(),
                    ..meeting("2027-03-09T09:00", "")
                },
            ],
            ..form()
        };
        assert_eq!(
            fields(overlapping),
            [
                "meetings[3][ends_at]",
                "meetings[4][ends_at]",
                "meetings[4][place]",
                "meetings[2][starts_at]"
            ]
        );
        let too_many = CourseForm {
            meetings: (1..=61)
                .map(|day| {
                    let date = format!("2027-{:02}-{:02}", 1 + day / 28, 1 + day % 28);
                    meeting(&format!("{date}T09:00"), &format!("{date}T10:00"))
                })
                .collect(),
            ..form()
        };
        assert_eq!(fields(too_many), ["meetings[60][starts_at]"]);
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
            d.schedule.span().0.to_rfc3339(),
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
            meetings: vec![meeting("2027-03-01T09:00", "2027-03-01T08:00")],
            ..form()
        };
        assert_eq!(
            fields(bad),
            vec![
                "title",
                "location",
                "price",
                "capacity",
                "meetings[0][ends_at]"
            ]
        );
    }

    #[test]
    fn unknown_currency_and_missing_dates_are_named() {
        let bad = CourseForm {
            currency: "XXX".into(),
            meetings: vec![meeting("", "2027-03-01T12:00")],
            ..form()
        };
        assert_eq!(fields(bad), vec!["currency", "meetings[0][starts_at]"]);
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
            meetings: vec![meeting("2026-12-06T10:00", "2026-12-06T12:00")],
            ..form()
        };
        let d = tokyo.parse().expect("valid");
        assert_eq!(
            d.schedule.span().0.to_rfc3339(),
            "2026-12-06T01:00:00+00:00"
        );
        assert_eq!(d.zone.name(), "Asia/Tokyo");
        let skipped = CourseForm {
            meetings: vec![meeting("2027-03-28T02:30", "2027-03-28T05:00")],
            ..form()
        };
        let e = skipped.parse().expect_err("no such time");
        assert_eq!(e[0].field, "meetings[0][starts_at]");
        assert!(e[0].message.contains("Europe/Berlin"), "{}", e[0].message);
        let nowhere = CourseForm {
            time_zone: "Mars/Olympus".into(),
            ..form()
        };
        assert_eq!(fields(nowhere), vec!["time_zone"]);
    }
}
