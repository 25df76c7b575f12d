//! Who a person is to Tessera.

use serde::{Deserialize, Serialize};

/// What a signed-in person may do.
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
pub enum Role {
    /// Books and pays for courses.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "member"))]
    Member,
    /// Also runs the catalog and sees rosters.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
}

impl Role {
    /// Whether this role may use the admin pages.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

/// What deleting an account would do to one of its active bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionLine {
    pub booking_id: crate::BookingId,
    /// The course's title.
    pub title: String,
    pub seats: i32,
    pub outcome: DeletionOutcome,
}

/// How a booking ends when its account is deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeletionOutcome {
    /// Cancelled, and this much goes back to the card it was paid with.
    Refund(crate::Money),
    /// Cancelled without a refund: the course starts within the cut-off
    /// (or it was free).
    NoRefund,
    /// Not paid yet: the held seats are let go.
    NothingPaid,
    /// The course has started: the booking stays as it is.
    Kept,
}

/// A device (a browser session) a member is signed in on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInDevice {
    /// "Firefox on Linux".
    pub device: String,
    pub signed_in_at: chrono::DateTime<chrono::Utc>,
    /// To within a few minutes.
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    /// The one this list is being read on.
    pub this_device: bool,
}

/// A passkey as its owner sees it (no key material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeySummary {
    pub id: i64,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}
