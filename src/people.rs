//! The people with accounts, as the admin's `/admin/people` pages show them.

use crate::account::Role;
use crate::venue::{VenueTime, ZoneAt};
use crate::{BookingId, BookingStatus, Money, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// People shown on one page of the list.
pub const PEOPLE_PER_PAGE: u64 = 25;

/// One person in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Whether they followed the link sent to their address.
    pub confirmed: bool,
    pub blocked: bool,
    /// Bookings ever made (any status).
    pub bookings: u64,
    pub joined: DateTime<Utc>,
    /// They teach (an instructor).
    #[serde(default)]
    pub teaches: bool,
}

/// One page of the list, for a search (empty: everybody).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<PersonRow>,
    /// From 1.
    pub page: u64,
    pub has_next: bool,
}

/// One booking on a person's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonBooking {
    pub id: BookingId,
    pub course: String,
    pub starts_at: DateTime<Utc>,
    /// The venue's zone at the start, to show it as the course-goer reads it.
    pub starts_zone: ZoneAt,
    pub seats: i32,
    pub status: BookingStatus,
    pub amount: Money,
}

impl PersonBooking {
    pub fn starts(&self) -> VenueTime {
        VenueTime {
            at: self.starts_at,
            zone: self.starts_zone.clone(),
        }
    }
}

/// A person and their bookings, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub person: PersonRow,
    pub bookings: Vec<PersonBooking>,
}
