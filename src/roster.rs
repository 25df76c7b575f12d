//! What an admin sees of a course's people: who holds a seat, and whose
//! money is going (or went) back. Shared by the roster page, its server
//! function and the CSV export.

use crate::i18n::Lang;
use crate::{BookingId, BookingStatus, CourseSummary, Money};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One line of a roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub booking_id: BookingId,
    /// The booking's reference.
    pub reference: String,
    /// The person's name.
    pub name: String,
    pub email: String,
    /// Where the booking is.
    pub status: BookingStatus,
    /// What they paid (or owe).
    pub amount: Money,
    /// What a voucher took off (zero without one).
    #[serde(default = "no_discount")]
    pub discount: Money,
    /// How many seats the booking holds.
    #[serde(default = "one_seat")]
    pub seats: u8,
    /// Who sits in its seats, first seat first (none recorded: the person
    /// who booked sits in its one seat).
    #[serde(default)]
    pub attendees: Vec<RosterSeat>,
    /// When they booked.
    pub booked_at: DateTime<Utc>,
}

fn no_discount() -> Money {
    Money::zero(crate::Currency::Eur)
}

/// One seat of a booking on the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterSeat {
    /// The attendee's id (none for a booking whose seat has no record).
    #[serde(default)]
    pub id: Option<i64>,
    /// Who sits in it.
    pub name: String,
    /// Their own email, if the person who booked gave one.
    pub email: Option<String>,
    /// The seat's share of what the booking cost.
    pub share: Money,
    /// Its attendance at each of the roster's `meetings`.
    #[serde(default)]
    pub attendance: Vec<crate::teaching::Mark>,
}

impl RosterEntry {
    /// The booking's seats as roster lines: its attendees, or the person
    /// who booked in its one seat when none are recorded.
    pub fn seat_lines(&self) -> Vec<RosterSeat> {
        if self.attendees.is_empty() {
            vec![RosterSeat {
                id: None,
                name: self.name.clone(),
                email: None,
                share: self.amount,
                attendance: Vec::new(),
            }]
        } else {
            self.attendees.clone()
        }
    }
}

/// Bookings a page of the roster holds.
pub const ROSTER_PAGE_SIZE: u32 = 100;

/// Which of a roster's bookings to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterRows {
    /// All of them (the CSV export).
    Everyone,
    /// One page of [`ROSTER_PAGE_SIZE`] (the roster page).
    Page(crate::catalog::PageNumber),
}

/// A course and everyone with an active booking on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub course: CourseSummary,
    /// Confirmed first, then pending; by booking time: all of them, or the
    /// page asked for.
    pub entries: Vec<RosterEntry>,
    /// Which page `entries` are (the first when they are everyone).
    pub page: crate::catalog::PageNumber,
    /// The last page.
    pub last: crate::catalog::PageNumber,
    /// Active bookings in all (confirmed and pending).
    pub active: u64,
    /// Confirmed bookings with money paid, in all.
    pub paid: u64,
    /// Cancelled bookings whose money is going (or went) back.
    pub refunds: Vec<RefundLine>,
    /// The waiting list: offers, the queue in order, then its history.
    pub waitlist: Vec<crate::waitlist::WaitlistLine>,
    /// The course's other dates its bookings can be moved to.
    #[serde(default)]
    pub other_dates: Vec<CourseSummary>,
    /// Its meetings' starts, first first: the columns of attendance.
    #[serde(default)]
    pub meetings: Vec<DateTime<Utc>>,
}

/// Where the refund of a cancelled booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundStanding {
    /// Asked of Stripe; waiting for its confirmation.
    Requested,
    /// Owed and not yet taken by Stripe; retried every minute.
    FailedRetrying,
    /// Stripe refused it; needs a person (see the log and Stripe's dashboard).
    Refused,
    /// Stripe confirmed the refund.
    Refunded,
    /// Cancelled after the cut-off: nothing is refunded.
    NotRefunded,
    /// Still booked, but part of the money went back (seats cancelled on
    /// their own, or a refund made in Stripe's dashboard).
    PartlyRefunded,
}

impl RefundStanding {
    /// The label an admin sees.
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                RefundStanding::Requested => "refund-state-requested",
                RefundStanding::FailedRetrying => "refund-state-retrying",
                RefundStanding::Refused => "refund-state-refused",
                RefundStanding::Refunded => "refund-state-refunded",
                RefundStanding::NotRefunded => "refund-state-not-refunded",
                RefundStanding::PartlyRefunded => "refund-state-partly-refunded",
            }
        )
    }
}

/// A paid booking on the roster that was cancelled or partly refunded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundLine {
    /// The booking's reference.
    pub reference: String,
    /// The person's name.
    pub name: String,
    pub email: String,
    /// What was paid.
    pub amount: Money,
    /// What Stripe reports refunded so far.
    pub refunded: Money,
    /// Where the refund stands.
    pub state: RefundStanding,
}

fn one_seat() -> u8 {
    1
}
