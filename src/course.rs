//! Courses as the catalog shows them.

use crate::ids::CourseId;
use crate::money::Price;
use crate::venue::{VenueTime, ZoneAt};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Whether a course is visible and bookable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum CourseStatus {
    /// Being prepared by an admin; not in the catalog.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    /// In the catalog.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "published"))]
    Published,
    /// Called off; shown as cancelled, never bookable.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 3] = [
        CourseStatus::Draft,
        CourseStatus::Published,
        CourseStatus::Cancelled,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Draft => "draft",
            CourseStatus::Published => "published",
            CourseStatus::Cancelled => "cancelled",
        }
    }
}

impl FromStr for CourseStatus {
    type Err = crate::booking::UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CourseStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| crate::booking::UnknownStatus(s.to_owned()))
    }
}

/// Why a course cannot be booked right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotBookable {
    /// Not published yet.
    Draft,
    /// Called off.
    Cancelled,
    /// Under way.
    Started,
    Ended,
    /// Every seat is held.
    Full,
    /// Its price is outside what Stripe charges in its currency (saved
    /// before prices were checked): nobody could pay for it.
    Unpayable,
}

impl NotBookable {
    /// The sentence shown instead of the "Book" button: its id in `locales/`.
    pub fn message_id(self) -> &'static str {
        match self {
            NotBookable::Draft => "not-bookable-draft",
            NotBookable::Cancelled => "not-bookable-cancelled",
            NotBookable::Started => "not-bookable-started",
            NotBookable::Ended => "not-bookable-ended",
            NotBookable::Full => "not-bookable-full",
            NotBookable::Unpayable => "not-bookable-unpayable",
        }
    }
}

/// Seats of a full course held by people who are still paying: each frees
/// up if its hold ends unpaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldWhilePaying {
    /// How many seats.
    pub seats: u32,
    /// When the first of those holds ends.
    pub first_ends: DateTime<Utc>,
}

/// A course's own page: the course and, when it is full, what may yet free
/// a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoursePage {
    pub course: CourseSummary,
    /// A member who cancels before this gets their money back (the refund
    /// policy's cut-off before the start).
    pub refund_until: DateTime<Utc>,
    /// Holds that may end unpaid; `None` unless the course is full.
    pub held_while_paying: Option<HeldWhilePaying>,
    /// Every meeting, first first.
    pub meetings: Vec<Meeting>,
    /// The same course on other dates that can still be booked or waited
    /// for, soonest first.
    #[serde(default)]
    pub other_runs: Vec<CourseSummary>,
    /// Who teaches it.
    #[serde(default)]
    pub instructors: Vec<crate::teaching::InstructorCard>,
    /// Its picture's widest file as a whole address, for share previews.
    #[serde(default)]
    pub share_image: Option<String>,
}

/// A course as its edit form starts: the course and its meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseToEdit {
    /// Its own title and description are `course`'s, in `course.written_in`.
    pub course: CourseSummary,
    /// Its title and description in other languages.
    #[serde(default)]
    pub texts: Vec<CourseText>,
    /// `None`: the seller's rate.
    pub vat_rate: Option<crate::invoice::VatRate>,
    #[serde(default)]
    pub topic: Option<crate::TopicId>,
    /// First first.
    pub meetings: Vec<Meeting>,
}

/// A course's title and description in a language other than its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseText {
    pub lang: crate::i18n::Lang,
    pub title: String,
    pub description: String,
}

/// One meeting of a course, at the venue's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The venue's zone at the start.
    pub starts_zone: ZoneAt,
    /// The venue's zone at the end.
    pub ends_zone: ZoneAt,
    /// Where, when not at the course's location.
    pub place: Option<String>,
}

impl Meeting {
    /// The start at the venue.
    pub fn starts(&self) -> VenueTime {
        VenueTime {
            at: self.starts_at,
            zone: self.starts_zone.clone(),
        }
    }

    /// The end at the venue.
    pub fn ends(&self) -> VenueTime {
        VenueTime {
            at: self.ends_at,
            zone: self.ends_zone.clone(),
        }
    }

    /// "Tue, 12 Jan 2027, 18:00–20:00 CET" ("Di., 12.01.2027, 18:00–20:00
    /// MEZ"); across midnight or a change of the clocks, both ends in full.
    pub fn when(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::format::{Shown, venue_time, without_zone};
        let (starts, ends) = (self.starts(), self.ends());
        let start = venue_time(lang, &starts, Shown::DateTime);
        let same_day = starts.local().date_naive() == ends.local().date_naive()
            && self.starts_zone == self.ends_zone;
        if same_day {
            let end = venue_time(lang, &ends, Shown::Time);
            format!("{}–{end}", without_zone(&start, &end))
        } else {
            format!("{start} – {}", venue_time(lang, &ends, Shown::DateTime))
        }
    }
}

/// A course as the catalog lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseSummary {
    pub id: CourseId,
    pub title: String,
    /// Description (plain text).
    pub description: String,
    /// Where it takes place.
    pub location: String,
    /// Price per seat.
    pub price: Price,
    /// Seats in all.
    pub capacity: i32,
    /// Seats held by active bookings.
    pub seats_held: i32,
    /// How many seats one booking may hold.
    pub seats_per_booking: u8,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The venue's IANA time zone.
    pub time_zone: String,
    /// The venue's zone at the start.
    pub starts_zone: ZoneAt,
    /// The venue's zone at the end (differs across a daylight-saving change).
    pub ends_zone: ZoneAt,
    /// Draft, published or cancelled.
    pub status: CourseStatus,
    /// How many times it meets (`starts_at` is the first meeting's start,
    /// `ends_at` the last one's end).
    #[serde(default = "one_meeting")]
    pub meetings: u16,
    /// People on its waiting list (offers not counted).
    #[serde(default)]
    pub waiting: u64,
    /// Other dates of the same course open for booking (the catalog shows
    /// one card per course).
    #[serde(default)]
    pub more_dates: u16,
    /// The name of the topic it is filed under.
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub picture: Option<crate::picture::CoursePicture>,
    /// The language `title` and `description` are in: the reader's where
    /// the course has them in it, else the course's own (and the page marks
    /// them with it).
    #[serde(default)]
    pub written_in: crate::i18n::Lang,
}

fn one_meeting() -> u16 {
    1
}

impl CourseSummary {
    /// The start at the venue.
    pub fn starts(&self) -> VenueTime {
        VenueTime {
            at: self.starts_at,
            zone: self.starts_zone.clone(),
        }
    }

    /// The end at the venue.
    pub fn ends(&self) -> VenueTime {
        VenueTime {
            at: self.ends_at,
            zone: self.ends_zone.clone(),
        }
    }

    /// Seats still free.
    pub fn seats_left(&self) -> i32 {
        (self.capacity - self.seats_held).max(0)
    }

    /// The most seats one booking can take now: the course's limit, or
    /// what is left when that is less.
    pub fn seats_bookable(&self) -> u8 {
        u8::try_from(
            self.seats_left()
                .clamp(0, i32::from(self.seats_per_booking)),
        )
        .unwrap_or(0)
    }

    /// Whether a person could book it at `now`, or why not.
    pub fn bookability(&self, now: DateTime<Utc>) -> Result<(), NotBookable> {
        match self.status {
            CourseStatus::Draft => Err(NotBookable::Draft),
            CourseStatus::Cancelled => Err(NotBookable::Cancelled),
            CourseStatus::Published if self.ends_at <= now => Err(NotBookable::Ended),
            CourseStatus::Published if self.starts_at <= now => Err(NotBookable::Started),
            CourseStatus::Published if !self.price.is_free() && !self.price.is_chargeable() => {
                Err(NotBookable::Unpayable)
            }
            // A seat freed while people wait is theirs: full to anyone else.
            CourseStatus::Published if self.seats_left() == 0 || self.waiting > 0 => {
                Err(NotBookable::Full)
            }
            CourseStatus::Published => Ok(()),
        }
    }
}

/// Courses a page of the admin's list holds.
pub const ADMIN_PAGE_SIZE: u32 = 50;

/// One page of the admin's course list, newest start first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCoursePage {
    /// This page's courses.
    pub rows: Vec<AdminCourseRow>,
    /// Which page this is (past the end, the last).
    pub page: crate::catalog::PageNumber,
    /// The last page (1 when there are no courses).
    pub last: crate::catalog::PageNumber,
    /// Courses in all, drafts and cancelled ones included.
    pub total: u64,
}

/// A course as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCourseRow {
    pub course: CourseSummary,
    /// Confirmed bookings.
    pub confirmed: i64,
    /// Money taken from confirmed bookings, per currency.
    pub revenue: Vec<crate::money::Money>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::money::{Currency, Money};
    use chrono::Duration;

    fn course(status: CourseStatus, seats_held: i32, starts_in: Duration) -> CourseSummary {
        let now = Utc::now();
        CourseSummary {
            id: CourseId(1),
            title: "Pottery".into(),
            description: String::new(),
            location: "Studio".into(),
            price: Price::new(Money::from_minor(4900, Currency::Eur)).expect("valid price"),
            capacity: 10,
            seats_held,
            seats_per_booking: 6,
            starts_at: now + starts_in,
            ends_at: now + starts_in + Duration::hours(2),
            time_zone: "UTC".into(),
            starts_zone: ZoneAt::utc(),
            ends_zone: ZoneAt::utc(),
            status,
            meetings: 1,
            waiting: 0,
            more_dates: 0,
            topic: None,
            picture: None,
            written_in: crate::i18n::Lang::En,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("a time").to_utc()
    }

    fn zone(hours: i32, abbreviation: &str) -> ZoneAt {
        ZoneAt {
            offset_seconds: hours * 3600,
            abbreviation: abbreviation.into(),
            name: "Europe/Berlin".into(),
        }
    }

    #[test]
    fn a_meeting_reads_as_one_day_or_in_full_across_midnight_and_the_clocks() {
        let evening = Meeting {
            starts_at: at("2027-01-12T17:00:00Z"),
            ends_at: at("2027-01-12T19:00:00Z"),
            starts_zone: zone(1, "CET"),
            ends_zone: zone(1, "CET"),
            place: None,
        };
        assert_eq!(evening.when(Lang::En), "Tue, 12 Jan 2027, 18:00–20:00 CET");
        assert_eq!(evening.when(Lang::De), "Di., 12.01.2027, 18:00–20:00 MEZ");
        let weekend = Meeting {
            starts_at: at("2027-03-26T17:00:00Z"),
            ends_at: at("2027-03-28T12:00:00Z"),
            ends_zone: zone(2, "CEST"),
            ..evening.clone()
        };
        assert_eq!(
            weekend.when(Lang::En),
            "Fri, 26 Mar 2027, 18:00 CET – Sun, 28 Mar 2027, 14:00 CEST"
        );
        // The night the clocks go forward: same date, two zones.
        let night = Meeting {
            starts_at: at("2027-03-28T00:00:00Z"),
            ends_at: at("2027-03-28T02:00:00Z"),
            ends_zone: zone(2, "CEST"),
            ..evening
        };
        assert_eq!(
            night.when(Lang::En),
            "Sun, 28 Mar 2027, 01:00 CET – Sun, 28 Mar 2027, 04:00 CEST"
        );
    }

    #[test]
    fn only_published_future_courses_with_seats_are_bookable() {
        let now = Utc::now();
        assert_eq!(
            course(CourseStatus::Published, 3, Duration::days(2)).bookability(now),
            Ok(())
        );
        assert_eq!(
            course(CourseStatus::Draft, 0, Duration::days(2)).bookability(now),
            Err(NotBookable::Draft)
        );
        assert_eq!(
            course(CourseStatus::Cancelled, 0, Duration::days(2)).bookability(now),
            Err(NotBookable::Cancelled)
        );
        assert_eq!(
            course(CourseStatus::Published, 0, -Duration::days(2)).bookability(now),
            Err(NotBookable::Ended),
            "ten days ago is not \"started\""
        );
        assert_eq!(
            course(CourseStatus::Published, 0, -Duration::hours(1)).bookability(now),
            Err(NotBookable::Started),
            "under way (two hours long)"
        );
        assert_eq!(
            course(CourseStatus::Published, 10, Duration::days(2)).bookability(now),
            Err(NotBookable::Full)
        );
        let queued = CourseSummary {
            waiting: 2,
            ..course(CourseStatus::Published, 3, Duration::days(2))
        };
        assert_eq!(
            queued.bookability(now),
            Err(NotBookable::Full),
            "free seats are the waiting list's"
        );
    }

    #[test]
    fn seats_left_never_negative() {
        assert_eq!(
            course(CourseStatus::Published, 12, Duration::days(1)).seats_left(),
            0
        );
    }
}
