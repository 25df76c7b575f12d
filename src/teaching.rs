//! Instructors and what they see: their public card, the courses they
//! teach, the attendee list at the door, and attendance per meeting.

use crate::course::CourseSummary;
use crate::i18n::Lang;
use crate::ids::{AttendeeId, UserId};
use crate::venue::ZoneAt;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An instructor as course-goers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructorCard {
    pub id: UserId,
    pub name: String,
    /// A few sentences about them (may be empty).
    pub bio: String,
    /// Their photo's path (`/photos/{hash}.jpg`), if they gave one.
    #[serde(default)]
    pub photo: Option<String>,
    /// The language `bio` is in (see `CourseSummary::written_in`).
    #[serde(default)]
    pub bio_in: crate::i18n::Lang,
}

impl InstructorCard {
    /// Their public page.
    pub fn path(&self) -> String {
        format!("/instructors/{}", self.id.get())
    }
}

/// An instructor's public page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstructorProfile {
    pub card: InstructorCard,
    /// Their published courses that have not started, soonest first.
    pub upcoming: Vec<CourseSummary>,
}

/// What an instructor keeps on their profile and which emails they want.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructorSettings {
    pub bio: String,
    /// The language `bio` is written in.
    #[serde(default)]
    pub bio_in: crate::i18n::Lang,
    /// Their bio in other languages.
    #[serde(default)]
    pub other_bios: Vec<(crate::i18n::Lang, String)>,
    /// Their photo's path, if they gave one.
    #[serde(default)]
    pub photo: Option<String>,
    /// A digest on days something changed on their courses.
    pub digest_emails: bool,
    /// The attendee list the day before each meeting.
    pub day_before_emails: bool,
}

/// An instructor's bio in their own language and, optionally, others.
#[derive(Debug, Clone)]
pub struct Bios {
    pub own: Bio,
    pub written_in: crate::i18n::Lang,
    /// Empty ones say "none in this language".
    pub others: Vec<(crate::i18n::Lang, Bio)>,
}

/// A bio as typed: at most [`Bio::MAX_CHARS`] characters, no control
/// characters but line breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bio(String);

impl Bio {
    pub const MAX_CHARS: usize = 1000;

    pub fn parse(input: &str) -> Result<Bio, crate::inputs::Invalid> {
        let text = input.trim().replace("\r\n", "\n");
        if text.chars().count() > Self::MAX_CHARS {
            return Err(crate::inputs::Invalid("bio-too-long"));
        }
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(crate::inputs::Invalid("bio-control-characters"));
        }
        Ok(Bio(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Bio {
    type Error = crate::inputs::Invalid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Bio::parse(&s)
    }
}

impl From<Bio> for String {
    fn from(b: Bio) -> String {
        b.0
    }
}

/// A seat's attendance at one meeting, as marked at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Present,
    Absent,
    /// Take a mark back.
    Unmarked,
}

impl Mark {
    /// The stored value: `None` for no mark.
    pub fn present(self) -> Option<bool> {
        match self {
            Mark::Present => Some(true),
            Mark::Absent => Some(false),
            Mark::Unmarked => None,
        }
    }

    pub fn of(present: Option<bool>) -> Mark {
        match present {
            Some(true) => Mark::Present,
            Some(false) => Mark::Absent,
            None => Mark::Unmarked,
        }
    }

    /// As a form sends it.
    pub fn parse(raw: &str) -> Option<Mark> {
        match raw {
            "present" => Some(Mark::Present),
            "absent" => Some(Mark::Absent),
            "unmarked" => Some(Mark::Unmarked),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Absent => "absent",
            Mark::Unmarked => "unmarked",
        }
    }

    /// For the door list: "Present", "Absent", "Not marked".
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                Mark::Present => "mark-present",
                Mark::Absent => "mark-absent",
                Mark::Unmarked => "mark-unmarked",
            }
        )
    }
}

/// One meeting on the door list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorMeeting {
    /// Names the meeting (its start, as Unix seconds, in forms).
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub starts_zone: ZoneAt,
    /// Attendance can be marked: from the day before it starts.
    pub open: bool,
}

/// One seat on the door list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorSeat {
    pub attendee: AttendeeId,
    /// Who sits in it.
    pub name: String,
    /// Who booked it, when someone else did.
    pub booked_by: Option<String>,
    /// The booking's reference, to tell two people of one name apart.
    pub reference: String,
    /// One mark per meeting, in the meetings' order.
    pub marks: Vec<Mark>,
}

/// A course as its instructor sees it at the door: names and marks, no
/// money and no email addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoorList {
    pub course: CourseSummary,
    pub meetings: Vec<DoorMeeting>,
    /// Confirmed seats, by name.
    pub seats: Vec<DoorSeat>,
}

/// A seat's marks as one line, meetings numbered from 1 ("Meeting 1:
/// present · 2: absent"), or `None` when none is marked.
pub fn attendance_line(marks: &[Mark], lang: Lang) -> Option<String> {
    let marked: Vec<String> = marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let said = match m {
                Mark::Present => crate::t!(lang, "attendance-present"),
                Mark::Absent => crate::t!(lang, "attendance-absent"),
                Mark::Unmarked => return None,
            };
            Some(if marks.len() == 1 {
                said
            } else {
                format!("{}: {said}", i + 1)
            })
        })
        .collect();
    if marked.is_empty() {
        return None;
    }
    let marks_said = marked.join(" · ");
    Some(if marks.len() == 1 {
        crate::t!(lang, "attendance-once", mark = marks_said)
    } else {
        crate::t!(lang, "attendance-meetings", marks = marks_said)
    })
}

/// Marking opens this long before a meeting starts.
pub const MARKING_OPENS_HOURS: i64 = 24;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_reads_as_a_line_numbering_meetings_only_when_there_are_several() {
        assert_eq!(
            attendance_line(&[Mark::Unmarked, Mark::Unmarked], Lang::En),
            None
        );
        assert_eq!(
            attendance_line(&[Mark::Present], Lang::En).as_deref(),
            Some("Attendance: present")
        );
        assert_eq!(
            attendance_line(&[Mark::Present, Mark::Unmarked, Mark::Absent], Lang::En).as_deref(),
            Some("Meeting 1: present · 3: absent")
        );
        assert_eq!(
            attendance_line(&[Mark::Present, Mark::Unmarked, Mark::Absent], Lang::De).as_deref(),
            Some("Termin 1: anwesend · 3: abwesend")
        );
    }

    #[test]
    fn a_bio_keeps_line_breaks_and_refuses_control_characters_and_length() {
        assert_eq!(
            Bio::parse(" Potter.\r\nBaker. ").map(|b| b.0),
            Ok("Potter.\nBaker.".to_owned())
        );
        assert!(Bio::parse("bell\u{7}").is_err());
        assert!(Bio::parse(&"x".repeat(1001)).is_err());
        assert!(Bio::parse(&"x".repeat(1000)).is_ok());
    }
}
