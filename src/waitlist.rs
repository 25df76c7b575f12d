//! The waiting list of a full course: who waits, in which order, and the
//! offers that hand them freed seats with a deadline.

use crate::i18n::Lang;
use crate::ids::{BookingId, CourseId};
use crate::money::Money;
use crate::venue::{VenueTime, ZoneAt};
use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Where a place on a waiting list is in its life.
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
pub enum WaitlistStatus {
    /// In the queue.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "waiting"))]
    Waiting,
    /// A seat is held for them until the offer's deadline.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "offered"))]
    Offered,
    /// They took the seat (paid, or a free course accepted).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "accepted"))]
    Accepted,
    /// They said "No thanks" to an offer.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "declined"))]
    Declined,
    /// The offer's deadline passed unpaid.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "expired"))]
    Expired,
    /// They left the list before any offer.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "left"))]
    Left,
    /// An admin took them off the list.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "removed"))]
    Removed,
    /// Still waiting when the list closed before the start.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "closed"))]
    Closed,
}

impl WaitlistStatus {
    /// Still on the list: waiting, or holding an offer.
    pub fn is_open(self) -> bool {
        matches!(self, WaitlistStatus::Waiting | WaitlistStatus::Offered)
    }

    /// How the roster's history names it.
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                WaitlistStatus::Waiting => "waitlist-status-waiting",
                WaitlistStatus::Offered => "waitlist-status-offered",
                WaitlistStatus::Accepted => "waitlist-status-accepted",
                WaitlistStatus::Declined => "waitlist-status-declined",
                WaitlistStatus::Expired => "waitlist-status-expired",
                WaitlistStatus::Left => "waitlist-status-left",
                WaitlistStatus::Removed => "waitlist-status-removed",
                WaitlistStatus::Closed => "waitlist-status-closed",
            }
        )
    }
}

/// How long an offer lasts and when the list stops making them
/// (`WAITLIST_OFFER_HOURS`, `WAITLIST_CLOSES_HOURS_BEFORE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitlistPolicy {
    /// How long an offered seat waits for its person.
    pub offer_for: Duration,
    /// No offers this close to the start; no offer runs past it.
    pub closes_before: Duration,
}

impl Default for WaitlistPolicy {
    fn default() -> Self {
        WaitlistPolicy {
            offer_for: Duration::hours(12),
            closes_before: Duration::hours(2),
        }
    }
}

impl WaitlistPolicy {
    /// When the list of a course starting at `starts_at` stops offering.
    pub fn closes_at(&self, starts_at: DateTime<Utc>) -> DateTime<Utc> {
        starts_at - self.closes_before
    }

    /// The deadline of an offer made at `now` to someone living in `zone`:
    /// `offer_for` later, but one that would fall in their night (after
    /// 22:00, before 08:00) moves to 09:00 that morning, so nobody loses a
    /// seat in their sleep; never past the cut-off. `None` once the cut-off
    /// has passed (no more offers).
    pub fn offer_deadline<Z: TimeZone>(
        &self,
        now: DateTime<Utc>,
        starts_at: DateTime<Utc>,
        zone: &Z,
    ) -> Option<DateTime<Utc>> {
        let closes = self.closes_at(starts_at);
        let due = now + self.offer_for;
        let local = due.with_timezone(zone).naive_local();
        let minutes = local.hour() * 60 + local.minute();
        let night =
            minutes > 22 * 60 || (minutes == 22 * 60 && local.second() > 0) || minutes < 8 * 60;
        let morning = if local.hour() >= 22 {
            local.date().succ_opt()
        } else {
            Some(local.date())
        };
        let due = match morning.and_then(|day| day.and_hms_opt(9, 0, 0)) {
            Some(nine) if night => zone
                .from_local_datetime(&nine)
                .earliest()
                .map_or(due, |t| t.with_timezone(&Utc)),
            _ => due,
        };
        (now < closes).then(|| due.min(closes))
    }
}

/// Seats held for someone from the waiting list (as many as they asked for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatOffer {
    /// The pending booking holding the seats.
    pub booking_id: BookingId,
    pub deadline: DateTime<Utc>,
    /// What the seats cost together (zero: taken with one button).
    pub amount: Money,
}

/// A member's open place on one course's waiting list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingPlace {
    pub course_id: CourseId,
    pub course_title: String,
    pub starts_at: DateTime<Utc>,
    /// The venue's zone at the start.
    pub starts_zone: ZoneAt,
    /// How many seats they wait for (an offer holds exactly these).
    pub seats: u8,
    /// Place in the queue (1: next); `None` while a seat is offered.
    pub position: Option<u64>,
    /// The seat held for them, if one is.
    pub offer: Option<SeatOffer>,
}

impl WaitingPlace {
    /// The start at the venue.
    pub fn starts(&self) -> VenueTime {
        VenueTime {
            at: self.starts_at,
            zone: self.starts_zone.clone(),
        }
    }
}

/// One person on a course's waiting list, or in its history, as the roster
/// shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitlistLine {
    /// The place (an admin removes it by this id).
    pub entry_id: i64,
    /// The person's name.
    pub name: String,
    pub email: String,
    /// Where the place is.
    pub status: WaitlistStatus,
    /// How many seats it asks for.
    pub seats: u8,
    /// When seats last went to someone behind it because this request did
    /// not fit, and how many were free then.
    pub passed_over: Option<(DateTime<Utc>, i32)>,
    /// Place in the queue, for those waiting.
    pub position: Option<u64>,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// An offer's deadline (open or past).
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// When the place closed.
    pub closed_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 6, h, 0, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn an_offer_lasts_its_hours_but_never_past_the_cut_off() {
        let policy = WaitlistPolicy::default();
        let starts = at(20);
        assert_eq!(policy.offer_deadline(at(1), starts, &Utc), Some(at(13)));
        assert_eq!(
            policy.offer_deadline(at(10), starts, &Utc),
            Some(at(18)),
            "cut off two hours before the start"
        );
        assert_eq!(policy.offer_deadline(at(18), starts, &Utc), None);
        assert_eq!(policy.offer_deadline(at(19), starts, &Utc), None);
    }

    /// Berlin in winter is UTC+1.
    fn berlin() -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(3600).expect("an offset")
    }

    fn berlin_at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        berlin()
            .with_ymd_and_hms(2026, 12, day, h, m, 0)
            .single()
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn an_offer_due_in_the_night_waits_for_nine_in_the_morning() {
        let policy = WaitlistPolicy::default();
        let starts = berlin_at(20, 10, 0);
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 17, 58), starts, &berlin()),
            Some(berlin_at(6, 9, 0)),
            "05:58 is in the night: 09:00 the next day"
        );
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 10, 0), starts, &berlin()),
            Some(berlin_at(5, 22, 0)),
            "22:00 is not yet night"
        );
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 10, 1), starts, &berlin()),
            Some(berlin_at(6, 9, 0)),
            "22:01 is"
        );
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 20, 0), starts, &berlin()),
            Some(berlin_at(6, 8, 0)),
            "08:00 is morning already"
        );
        // The night is the person's own: 03:00 in Berlin is 21:00 in New York.
        let new_york = chrono::FixedOffset::west_opt(5 * 3600).expect("an offset");
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 15, 0), starts, &new_york),
            Some(berlin_at(6, 3, 0))
        );
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 15, 0), starts, &berlin()),
            Some(berlin_at(6, 9, 0))
        );
        // Never past the cut-off, two hours before a 07:00 start.
        assert_eq!(
            policy.offer_deadline(berlin_at(5, 17, 58), berlin_at(6, 7, 0), &berlin()),
            Some(berlin_at(6, 5, 0))
        );
    }

    #[test]
    fn only_waiting_and_offered_places_are_open() {
        assert!(WaitlistStatus::Waiting.is_open());
        assert!(WaitlistStatus::Offered.is_open());
        for closed in [
            WaitlistStatus::Accepted,
            WaitlistStatus::Declined,
            WaitlistStatus::Expired,
            WaitlistStatus::Left,
            WaitlistStatus::Removed,
            WaitlistStatus::Closed,
        ] {
            assert!(!closed.is_open(), "{closed:?}");
        }
    }
}
