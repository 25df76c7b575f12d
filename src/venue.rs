//! Course times at the venue. A course happens at its venue's local time, so
//! its times are shown in the venue's zone, named ("Sun 6 Dec 2026, 09:00
//! CET"). The server works out the zone's offset and abbreviation at each
//! instant ([`ZoneAt`]) and sends them with the course: the browser build
//! carries no time-zone database, and both ends render the same text.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use serde::{Deserialize, Serialize};

/// A time zone's offset from UTC and its abbreviation at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneAt {
    /// Seconds east of UTC (Tokyo: 32,400).
    pub offset_seconds: i32,
    /// "CET", "JST", or "+03" where the zone has no abbreviation.
    pub abbreviation: String,
    /// The IANA name ("Europe/Berlin"), from which each language names the
    /// zone its own way ("MEZ").
    pub name: String,
}

impl ZoneAt {
    /// UTC itself.
    pub fn utc() -> ZoneAt {
        ZoneAt {
            offset_seconds: 0,
            abbreviation: "UTC".to_owned(),
            name: "UTC".to_owned(),
        }
    }

    /// The offset as chrono's type (UTC if out of range, which no zone is).
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.offset_seconds).unwrap_or_else(|| Utc.fix())
    }

    /// `zone` at `at`.
    #[cfg(feature = "ssr")]
    pub fn of(zone: VenueZone, at: DateTime<Utc>) -> ZoneAt {
        let local = at.with_timezone(&zone.0);
        ZoneAt {
            offset_seconds: local.offset().fix().local_minus_utc(),
            abbreviation: local.format("%Z").to_string(),
            name: zone.name().to_owned(),
        }
    }
}

/// An instant as it reads at the venue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueTime {
    pub at: DateTime<Utc>,
    /// The venue's zone then.
    pub zone: ZoneAt,
}

impl VenueTime {
    /// The venue's wall-clock time.
    pub fn local(&self) -> DateTime<FixedOffset> {
        self.at.with_timezone(&self.zone.offset())
    }

    /// The wall-clock time in `pattern` (chrono's `format`), zone named.
    pub fn text(&self, pattern: &str) -> String {
        format!(
            "{} {}",
            self.local().format(pattern),
            self.zone.abbreviation
        )
    }

    /// What a viewer whose zone is `viewer` at this instant reads instead,
    /// or `None` when their clock says the same: "Sat 5 Dec, 21:00" when
    /// the date differs, else "21:00".
    pub fn elsewhere(&self, viewer: FixedOffset) -> Option<String> {
        if viewer.local_minus_utc() == self.zone.offset_seconds {
            return None;
        }
        let theirs = self.at.with_timezone(&viewer);
        let pattern = if theirs.date_naive() == self.local().date_naive() {
            "%H:%M"
        } else {
            "%a %-d %b, %H:%M"
        };
        Some(theirs.format(pattern).to_string())
    }
}

/// A venue's time zone: an IANA name this build knows (`Asia/Tokyo`).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VenueZone(pub chrono_tz::Tz);

#[cfg(feature = "ssr")]
impl VenueZone {
    /// Parses an IANA name; anything unknown is refused.
    pub fn parse(name: &str) -> Option<VenueZone> {
        name.trim().parse::<chrono_tz::Tz>().ok().map(VenueZone)
    }

    /// A stored name, or UTC if the stored name is not one this build knows
    /// (the form refuses those, so only a hand-edited row has one).
    pub fn stored(name: &str) -> VenueZone {
        VenueZone::parse(name).unwrap_or(VenueZone(chrono_tz::Tz::UTC))
    }

    /// The IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The instant a wall-clock time at the venue names. In the hour that
    /// clocks skip it names none (`None`); in the hour they repeat, the
    /// earlier one.
    pub fn instant(self, local: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
        use chrono::TimeZone;
        self.0
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// The site's own clock (`SITE_TIME_ZONE`): the catalog counts "this
/// week" and chosen days in it.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteZone(pub VenueZone);

#[cfg(feature = "ssr")]
impl Default for SiteZone {
    fn default() -> Self {
        SiteZone(VenueZone(chrono_tz::Tz::Europe__Berlin))
    }
}

/// Zones the course form suggests (any IANA name is accepted).
pub const SUGGESTED_ZONES: [&str; 24] = [
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Brussels",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Vienna",
    "Europe/Zurich",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
];

/// An OpenStreetMap search for a course's location (no tracking, no key),
/// or none for a course held online.
pub fn map_link(location: &str) -> Option<String> {
    let place = location.trim();
    let online = place.to_ascii_lowercase();
    if place.is_empty() || online.starts_with("online") || online.starts_with("http") {
        return None;
    }
    Some(format!(
        "https://www.openstreetmap.org/search?query={}",
        crate::redirect::encode_query_value(place)
    ))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_place_links_to_a_map_search_and_online_courses_do_not() {
        assert_eq!(
            super::map_link("Studio 4, Utrecht").as_deref(),
            Some("https://www.openstreetmap.org/search?query=Studio%204%2C%20Utrecht")
        );
        assert_eq!(super::map_link("Online (Zoom)"), None);
        assert_eq!(super::map_link("  "), None);
    }

    use super::*;
    use chrono::TimeZone;

    fn tokyo_ten_am() -> VenueTime {
        VenueTime {
            at: Utc.with_ymd_and_hms(2026, 12, 6, 1, 0, 0).unwrap(),
            zone: ZoneAt {
                offset_seconds: 9 * 3600,
                abbreviation: "JST".into(),
                name: "Asia/Tokyo".into(),
            },
        }
    }

    #[test]
    fn a_venue_time_reads_as_the_venue_clock_with_its_zone() {
        assert_eq!(
            tokyo_ten_am().text("%a %-d %b %Y, %H:%M"),
            "Sun 6 Dec 2026, 10:00 JST"
        );
    }

    #[test]
    fn a_viewer_elsewhere_gets_their_own_clock_and_date() {
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(
            tokyo_ten_am().elsewhere(new_york).as_deref(),
            Some("Sat 5 Dec, 20:00")
        );
        let seoul = FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(tokyo_ten_am().elsewhere(seoul), None, "same clock");
        let bangkok = FixedOffset::east_opt(7 * 3600).unwrap();
        assert_eq!(tokyo_ten_am().elsewhere(bangkok).as_deref(), Some("08:00"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_server_knows_each_zone_at_each_instant() {
        let amsterdam = VenueZone::parse("Europe/Amsterdam").unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 12, 6, 8, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2027, 7, 6, 8, 0, 0).unwrap();
        assert_eq!(
            ZoneAt::of(amsterdam, winter),
            ZoneAt {
                offset_seconds: 3600,
                abbreviation: "CET".into(),
                name: "Europe/Amsterdam".into(),
            }
        );
        assert_eq!(ZoneAt::of(amsterdam, summer).abbreviation, "CEST");
        assert!(VenueZone::parse("Mars/Olympus").is_none());
        assert_eq!(VenueZone::stored("Mars/Olympus").name(), "UTC");
        // 02:30 on the last Sunday of March does not exist in Amsterdam.
        let skipped = chrono::NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(amsterdam.instant(skipped), None);
        let tokyo = VenueZone::parse("Asia/Tokyo").unwrap();
        let ten = chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(
            tokyo.instant(ten),
            Some(Utc.with_ymd_and_hms(2026, 12, 6, 1, 0, 0).unwrap())
        );
    }
}
