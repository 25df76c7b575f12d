//! A member's own bookings as they see them: the dashboard's rows, a
//! booking's detail and the success page's verdict. Shared by the service
//! that loads them (`service::my_bookings`) and the pages that show them.

use crate::i18n::Lang;
use crate::venue::{VenueTime, ZoneAt};
use crate::{BookingId, BookingStatus, CourseId, Money, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a booking is shown: the booking's state refined by its payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisplayStatus {
    /// Seat held, waiting for payment.
    PendingPayment,
    /// Seat held, the last attempt failed: retry.
    PaymentFailed,
    /// Seat held while a delayed payment (SEPA Direct Debit) is processing:
    /// nothing to do but wait (no retry, which could charge twice).
    PaymentProcessing,
    /// Paid (or free): the seat is theirs.
    Confirmed,
    /// Confirmed on a date the provider cancelled: another date or the
    /// money back is theirs to choose.
    DateCancelled,
    Cancelled,
    /// Cancelled and the money went back.
    Refunded,
    /// The hold ended unpaid.
    Expired,
}

impl DisplayStatus {
    /// Cancelled, refunded or expired: the booking holds no seat.
    pub fn is_ended(self) -> bool {
        matches!(
            self,
            DisplayStatus::Cancelled | DisplayStatus::Refunded | DisplayStatus::Expired
        )
    }

    /// The badge's words.
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                DisplayStatus::PendingPayment => "status-pending-payment",
                DisplayStatus::PaymentFailed => "status-payment-failed",
                DisplayStatus::PaymentProcessing => "status-payment-processing",
                DisplayStatus::Confirmed => "status-confirmed",
                DisplayStatus::DateCancelled => "status-date-cancelled",
                DisplayStatus::Cancelled => "status-cancelled",
                DisplayStatus::Refunded => "status-refunded",
                DisplayStatus::Expired => "status-expired",
            }
        )
    }

    /// The badge's classes (`.badge` is in `style/tailwind.css`) and colours.
    pub fn class(self) -> &'static str {
        match self {
            DisplayStatus::PendingPayment => "badge badge-pending",
            DisplayStatus::PaymentFailed | DisplayStatus::DateCancelled => "badge badge-failed",
            DisplayStatus::PaymentProcessing => "badge badge-processing",
            DisplayStatus::Confirmed => "badge badge-confirmed",
            DisplayStatus::Refunded => "badge badge-refunded",
            DisplayStatus::Cancelled | DisplayStatus::Expired => "badge badge-closed",
        }
    }

    /// From the booking's status and its payments' (newest first).
    pub fn of(status: BookingStatus, payments: &[PaymentStatus]) -> DisplayStatus {
        match status {
            BookingStatus::PendingPayment if payments.contains(&PaymentStatus::Processing) => {
                DisplayStatus::PaymentProcessing
            }
            BookingStatus::PendingPayment
                if matches!(
                    payments.first(),
                    Some(PaymentStatus::Failed | PaymentStatus::DebitFailed)
                ) =>
            {
                DisplayStatus::PaymentFailed
            }
            BookingStatus::PendingPayment => DisplayStatus::PendingPayment,
            BookingStatus::Confirmed => DisplayStatus::Confirmed,
            BookingStatus::Cancelled if payments.contains(&PaymentStatus::Refunded) => {
                DisplayStatus::Refunded
            }
            BookingStatus::Cancelled => DisplayStatus::Cancelled,
            BookingStatus::Expired => DisplayStatus::Expired,
        }
    }

    /// As shown when its date may have been cancelled by the provider.
    pub fn on_date(self, date: crate::course::CourseStatus) -> DisplayStatus {
        match (self, date) {
            (DisplayStatus::Confirmed, crate::course::CourseStatus::Cancelled) => {
                DisplayStatus::DateCancelled
            }
            (status, _) => status,
        }
    }
}

/// A booking as its owner sees it. Times travel as milliseconds since the
/// epoch: this is the bulk of the dashboard's hydration data, and numbers
/// need neither formatting nor escaping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: BookingId,
    pub course_id: CourseId,
    pub course_title: String,
    pub location: String,
    /// Start (UTC).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub ends_at: DateTime<Utc>,
    /// The venue's zone at the start.
    pub starts_zone: ZoneAt,
    /// The venue's zone at the end.
    pub ends_zone: ZoneAt,
    pub status: DisplayStatus,
    /// What all its seats cost at booking time (what is charged).
    pub amount: Money,
    /// What a voucher took off (zero without one).
    pub discount: Money,
    /// How many seats it holds.
    pub seats: u8,
    /// When the seat hold ends (pending only).
    #[serde(with = "chrono::serde::ts_milliseconds_option")]
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// When it was made.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub booked_at: DateTime<Utc>,
}

impl BookingView {
    /// The course's start at the venue.
    pub fn starts(&self) -> VenueTime {
        VenueTime {
            at: self.starts_at,
            zone: self.starts_zone.clone(),
        }
    }

    /// The course's end at the venue.
    pub fn ends(&self) -> VenueTime {
        VenueTime {
            at: self.ends_at,
            zone: self.ends_zone.clone(),
        }
    }

    /// `TS-000042`, what the member quotes.
    pub fn reference(&self) -> String {
        self.id.reference()
    }

    /// Whether the course is over or under way.
    pub fn is_past(&self) -> bool {
        self.starts_at <= Utc::now()
    }
}

/// One payment attempt, for the booking's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    /// Open, succeeded, failed, expired or refunded.
    pub status: PaymentStatus,
    pub amount: Money,
    /// Why it failed, in Stripe's words.
    pub failure: Option<String>,
    /// What Stripe reports refunded of it so far (zero when nothing).
    pub refunded: Money,
    /// When it started.
    pub at: DateTime<Utc>,
}

/// A booking with its payment history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingDetail {
    pub booking: BookingView,
    /// The course's meetings, first first.
    #[serde(default)]
    pub meetings: Vec<crate::course::Meeting>,
    /// Other dates of the course it can move to now (confirmed, before the
    /// cut-off, the same price or less), soonest first.
    #[serde(default)]
    pub move_to: Vec<MoveOption>,
    /// Each time it moved, first first.
    #[serde(default)]
    pub moves: Vec<MoveView>,
    /// Its date was cancelled and another offered instead of the refund.
    #[serde(default)]
    pub offer: Option<MoveOffer>,
    /// Attempts, newest first.
    pub payments: Vec<PaymentView>,
    /// Who sits in its seats, first seat first.
    #[serde(default)]
    pub attendees: Vec<crate::attendee::AttendeeView>,
    /// What cancelling now would give back: what is left of the payment
    /// (seats refunded on their own are not given again).
    #[serde(default)]
    pub refund_amount: Option<crate::Money>,
    /// Whether cancelling now would be refunded in full.
    pub refund_if_cancelled: bool,
    /// The policy's cut-off, in hours before the start.
    pub refund_cutoff_hours: i64,
}

/// Another date a booking can move to, and what moving there gives back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveOption {
    pub run: crate::CourseSummary,
    /// The difference a cheaper date gives back (zero at the same price).
    pub back: crate::Money,
    /// The difference a dearer date asks for first (zero otherwise).
    #[serde(default = "no_money")]
    pub more: crate::Money,
}

/// A cancelled date's offer: move to `run`, or take the refund, until
/// `until` (the cancelled date's start; no answer by then is a refund).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveOffer {
    pub run: crate::CourseSummary,
    /// What moving gives back because the offered date costs less.
    pub back: crate::Money,
    pub until: DateTime<Utc>,
    /// The offered date has no room for the booking's seats now: only the
    /// refund is left.
    #[serde(default)]
    pub full: bool,
}

fn no_money() -> crate::Money {
    crate::Money::zero(crate::Currency::Eur)
}

/// One move of a booking to another date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveView {
    /// When it moved.
    pub at: DateTime<Utc>,
    /// The start of the date it left, at that venue.
    pub from_starts_at: DateTime<Utc>,
    pub from_zone: ZoneAt,
    /// Moved by an admin (else by the member).
    pub by_admin: bool,
}

impl MoveView {
    /// The start of the date it left, at the venue.
    pub fn from_starts(&self) -> VenueTime {
        VenueTime {
            at: self.from_starts_at,
            zone: self.from_zone.clone(),
        }
    }
}

/// What cancelling did, as the person is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CancelOutcome {
    /// A pending booking released.
    Released,
    /// Cancelled; the refund is on its way.
    Refunding,
    /// Cancelled without a refund.
    NoRefund,
    /// It had already ended.
    AlreadyEnded,
    /// One seat of several cancelled; its share is on its way back.
    SeatRefunding(crate::Money),
    /// One seat of several cancelled, nothing to give back for it.
    SeatFreed,
}

/// What the success page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentResult {
    pub booking: BookingView,
    /// Paid and confirmed.
    pub confirmed: bool,
    /// A delayed payment (SEPA Direct Debit) is processing: the seat is held
    /// until the bank answers.
    pub processing: bool,
    /// Paid after the seat was gone: the money is on its way back.
    pub refunded_no_seat: bool,
    /// The difference of a move to a dearer date was paid: the booking
    /// moved.
    #[serde(default)]
    pub moved: bool,
    /// What was paid, when it was the difference of a move.
    #[serde(default)]
    pub difference: Option<crate::Money>,
}

/// Bookings per dashboard page.
pub const PAGE_SIZE: usize = 20;

/// One page of the dashboard: upcoming courses first (soonest first), then
/// past ones (latest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingsPage {
    /// This page's upcoming bookings.
    pub upcoming: Vec<BookingView>,
    /// This page's past bookings (the course has started).
    pub past: Vec<BookingView>,
    /// This page's cancelled and expired bookings, whenever their course.
    pub ended: Vec<BookingView>,
    /// The page (1-based).
    pub page: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// Bookings in all.
    pub total: usize,
    /// Their open places on waiting lists (offers first), on every page:
    /// the same answer as the bookings, so the dashboard is one request.
    pub waiting: Vec<crate::waitlist::WaitingPlace>,
}
