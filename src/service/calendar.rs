//! Calendar files (RFC 5545) for confirmed bookings: one event per meeting
//! with UTC times, UIDs that stay the same for the booking, the course title
//! and location, and a link back to the booking. Tessera's own words in
//! them ("Your booking (2 seats)") are in the reader's language; the
//! course's title and description as the admin wrote them.

use crate::course::Meeting;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

/// One booked course, as a calendar event.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEvent<'a> {
    /// The language of the person whose calendar it is.
    pub lang: Lang,
    /// The booking (makes the UID), or the course when `teaching`.
    pub booking_id: i64,
    /// The person teaches the course rather than booked it.
    pub teaching: bool,
    /// The site's host, for the UID's right-hand side (`tessera.example`).
    pub host: &'a str,
    /// The course title.
    pub title: &'a str,
    /// The course description.
    pub description: &'a str,
    /// Where it happens.
    pub location: &'a str,
    /// The booking's page.
    pub url: &'a str,
    /// How many seats the booking holds.
    pub seats: u8,
    /// The course's meetings, first first: one event each.
    pub meetings: &'a [Meeting],
    /// How many times the booking moved: calendar apps replace an entry
    /// whose UID they know when its `SEQUENCE` is higher.
    pub sequence: u32,
    /// The booking was cancelled: the file takes its entries out of the
    /// calendar (`METHOD:CANCEL`, one version on from the last one sent).
    pub cancelled: bool,
    /// When this file was made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
}

impl CalendarEvent<'_> {
    /// The UID of the booking's `n`th meeting (from 1): stable for the
    /// booking, so re-importing updates the same entries instead of adding
    /// more. The first meeting's is the booking's own, as before courses
    /// met several times.
    pub fn uid(&self, n: usize) -> String {
        let kind = if self.teaching { "teaching" } else { "booking" };
        match n {
            1 => format!("{kind}-{}@{}", self.booking_id, self.host),
            n => format!("{kind}-{}-{n}@{}", self.booking_id, self.host),
        }
    }

    /// The `.ics` text: CRLF line ends, long lines folded at 75 octets.
    pub fn to_ics(&self) -> String {
        let method = if self.cancelled { "CANCEL" } else { "PUBLISH" };
        let mut lines = header(method);
        self.push_events(&mut lines);
        lines.push("END:VCALENDAR".to_owned());
        folded(&lines)
    }

    /// Its events (one per meeting), as unfolded lines.
    fn push_events(&self, lines: &mut Vec<String>) {
        let lang = self.lang;
        let ours = if self.teaching {
            crate::t!(lang, "ics-you-teach", url = self.url)
        } else {
            crate::t!(lang, "ics-your-booking", seats = self.seats, url = self.url)
        };
        let description = format!("{}\n\n{ours}", self.description);
        let count = self.meetings.len();
        for (i, meeting) in self.meetings.iter().enumerate() {
            let n = i + 1;
            let summary = match count {
                1 => self.title.to_owned(),
                _ => crate::t!(
                    lang,
                    "ics-meeting-of",
                    title = self.title,
                    number = n,
                    count = count
                ),
            };
            lines.extend([
                "BEGIN:VEVENT".to_owned(),
                format!("UID:{}", escape(&self.uid(n))),
                format!("SEQUENCE:{}", self.sequence + u32::from(self.cancelled)),
                format!("DTSTAMP:{}", utc(self.stamp)),
                format!("DTSTART:{}", utc(meeting.starts_at)),
                format!("DTEND:{}", utc(meeting.ends_at)),
                format!("SUMMARY:{}", escape(&summary)),
                format!("DESCRIPTION:{}", escape(&description)),
                format!(
                    "LOCATION:{}",
                    escape(meeting.place.as_deref().unwrap_or(self.location))
                ),
                format!("URL:{}", self.url),
                if self.cancelled {
                    "STATUS:CANCELLED".to_owned()
                } else {
                    "STATUS:CONFIRMED".to_owned()
                },
                "TRANSP:OPAQUE".to_owned(),
                "END:VEVENT".to_owned(),
            ]);
        }
    }
}

/// A calendar that apps subscribe to (`webcal://`) and poll: every event
/// of `bookings`, named `name`, asking to be polled every few hours.
pub fn feed(name: &str, bookings: &[CalendarEvent<'_>]) -> String {
    let mut lines = header("PUBLISH");
    lines.extend([
        format!("X-WR-CALNAME:{}", escape(name)),
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H".to_owned(),
        "X-PUBLISHED-TTL:PT4H".to_owned(),
    ]);
    for b in bookings {
        b.push_events(&mut lines);
    }
    lines.push("END:VCALENDAR".to_owned());
    folded(&lines)
}

fn header(method: &str) -> Vec<String> {
    vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Tessera//Course bookings//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{method}"),
    ]
}

fn folded(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        fold(&mut out, line);
    }
    out
}

/// Unfolds an `.ics` text and folds it again, for text changed after it was
/// made (the site's URL filled in): lines stay within 75 octets.
pub fn refold(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + 16);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        fold(&mut out, line);
    }
    out
}

/// `20270306T090000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into pieces of at most 75 octets (never splitting
/// a UTF-8 character), each continuation starting with a space.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn meeting(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Meeting {
        Meeting {
            starts_at,
            ends_at,
            starts_zone: crate::venue::ZoneAt::utc(),
            ends_zone: crate::venue::ZoneAt::utc(),
            place: None,
        }
    }

    fn one_day() -> Vec<Meeting> {
        vec![meeting(
            Utc.with_ymd_and_hms(2027, 3, 6, 9, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2027, 3, 6, 17, 0, 0).unwrap(),
        )]
    }

    fn event<'a>(
        title: &'a str,
        description: &'a str,
        meetings: &'a [Meeting],
    ) -> CalendarEvent<'a> {
        CalendarEvent {
            lang: Lang::En,
            booking_id: 42,
            teaching: false,
            host: "tessera.example",
            title,
            description,
            location: "Room 3, 1 Main St",
            url: "https://tessera.example/bookings/42",
            seats: 1,
            meetings,
            sequence: 0,
            cancelled: false,
            stamp: Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
        }
    }

    #[test]
    fn each_meeting_is_an_event_of_its_own_at_its_own_place() {
        let mut meetings = one_day();
        meetings.push(Meeting {
            place: Some("Garden studio".into()),
            ..meeting(
                Utc.with_ymd_and_hms(2027, 3, 13, 9, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2027, 3, 13, 12, 0, 0).unwrap(),
            )
        });
        let ics = event("Pottery", "", &meetings).to_ics();
        assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 2);
        assert!(ics.contains("UID:booking-42@tessera.example\r\n"));
        assert!(ics.contains("UID:booking-42-2@tessera.example\r\n"));
        assert!(ics.contains("SUMMARY:Pottery (2 of 2)\r\n"));
        assert!(ics.contains("DTSTART:20270313T090000Z\r\nDTEND:20270313T120000Z\r\n"));
        assert!(ics.contains("LOCATION:Garden studio\r\n"));
        assert!(ics.contains("LOCATION:Room 3\\, 1 Main St\r\n"));
    }

    #[test]
    fn tessera_s_own_words_are_in_the_reader_s_language() {
        let mut meetings = one_day();
        meetings.push(meetings[0].clone());
        let english = CalendarEvent {
            seats: 2,
            ..event("Pottery", "Clay.", &meetings)
        }
        .to_ics()
        .replace("\r\n ", "");
        assert!(
            english.contains("SUMMARY:Pottery (2 of 2)\r\n"),
            "{english}"
        );
        assert!(
            english.contains(
                "DESCRIPTION:Clay.\\n\\nYour booking (2 seats): https://tessera.example/bookings/42\r\n"
            ),
            "{english}"
        );
        let german = CalendarEvent {
            lang: Lang::De,
            seats: 2,
            ..event("Töpfern", "Ton.", &meetings)
        }
        .to_ics()
        .replace("\r\n ", "");
        assert!(german.contains("SUMMARY:Töpfern (2 von 2)\r\n"), "{german}");
        assert!(
            german.contains(
                "DESCRIPTION:Ton.\\n\\nIhre Buchung (2 Plätze): https://tessera.example/bookings/42\r\n"
            ),
            "{german}"
        );
    }

    #[test]
    fn a_cancelled_booking_takes_every_entry_out_one_version_on() {
        let mut meetings = one_day();
        meetings.push(meetings[0].clone());
        let ics = CalendarEvent {
            sequence: 2,
            cancelled: true,
            ..event("Pottery", "", &meetings)
        }
        .to_ics();
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert_eq!(ics.matches("STATUS:CANCELLED\r\n").count(), 2);
        assert_eq!(ics.matches("SEQUENCE:3\r\n").count(), 2);
        assert!(!ics.contains("STATUS:CONFIRMED"));
    }

    #[test]
    fn times_are_utc_and_lines_end_in_crlf() {
        let ics = event("Rust; the basics", "Bring a laptop, please", &one_day()).to_ics();
        assert!(ics.contains("DTSTART:20270306T090000Z\r\n"));
        assert!(ics.contains("DTEND:20270306T170000Z\r\n"));
        assert!(ics.contains("UID:booking-42@tessera.example\r\n"));
        assert!(ics.contains("SUMMARY:Rust\\; the basics\r\n"));
        assert!(ics.contains("LOCATION:Room 3\\, 1 Main St\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn refolding_after_a_change_keeps_lines_short() {
        let ics = event("Title", "", &one_day()).to_ics();
        let longer = ics.replace("tessera.example", &"x".repeat(120));
        let refolded = refold(&longer);
        for line in refolded.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(refolded.replace("\r\n ", ""), longer.replace("\r\n ", ""));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let long = "Ünïcödé ".repeat(40);
        let ics = event(&long, "", &one_day()).to_ics();
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", long)));
    }
}
