//! The booking life from DESIGN.md as a pure state machine: the services
//! write a booking's status only through [`BookingEvent::transition`], and a
//! payment's only through [`PaymentStatus::to`].
//!
//! ```text
//! (none) ─book─▶ pending_payment ─paid─▶ confirmed ─cancel / refunded─▶ cancelled
//!                   │  │ ▲ payment failed (stays pending)   ▲
//!                   │  └─cancel─▶ cancelled                   │ late payment,
//!                   └─hold ends / session expired─▶ expired ──┘ a seat still free
//! ```

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum BookingStatus {
    /// A seat is held while the person pays.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending_payment"))]
    PendingPayment,
    /// Paid (or free) and the seat is theirs.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "confirmed"))]
    Confirmed,
    /// Cancelled by the person, an admin, or the course's cancellation.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
    /// The hold ended without payment; the seat was freed.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "expired"))]
    Expired,
}

/// Something that happens to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingEvent {
    /// Stripe (or the success page) reports the payment succeeded.
    PaymentSucceeded,
    /// The payment succeeded after the hold had ended, and a seat could
    /// still be taken for it.
    LatePayment,
    /// A payment attempt failed; the person may retry.
    PaymentFailed,
    /// The hold ran out or the Checkout Session expired.
    HoldExpired,
    /// The person or an admin cancels it.
    Cancel,
    /// The course was cancelled.
    CourseCancelled,
    /// The money that confirmed it went back (a refund made in Stripe's
    /// dashboard, say): the seat goes with it.
    Refunded,
}

impl BookingEvent {
    pub const ALL: [BookingEvent; 7] = [
        BookingEvent::PaymentSucceeded,
        BookingEvent::LatePayment,
        BookingEvent::PaymentFailed,
        BookingEvent::HoldExpired,
        BookingEvent::Cancel,
        BookingEvent::CourseCancelled,
        BookingEvent::Refunded,
    ];

    /// The status change this event makes, read off [`BookingStatus::apply`]:
    /// the statuses it moves a booking out of, and the one it moves it to.
    /// `None` for an event that changes no status (a failed payment).
    pub fn transition(self) -> Option<(Vec<BookingStatus>, BookingStatus)> {
        let mut target = None;
        let mut sources = Vec::new();
        for from in BookingStatus::ALL {
            if let Ok(to) = from.apply(self)
                && to != from
            {
                sources.push(from);
                target = Some(to);
            }
        }
        target.map(|to| (sources, to))
    }
}

/// A payment status change the payment life does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} payment cannot become {to:?}")]
pub struct IllegalPaymentTransition {
    /// The status it had.
    pub from: PaymentStatus,
    /// The status refused.
    pub to: PaymentStatus,
}

/// A transition the booking life does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from} booking cannot take {event:?}")]
pub struct IllegalTransition {
    /// The state it was in.
    pub from: BookingStatus,
    /// The event refused.
    pub event: BookingEvent,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 4] = [
        BookingStatus::PendingPayment,
        BookingStatus::Confirmed,
        BookingStatus::Cancelled,
        BookingStatus::Expired,
    ];

    /// The state after `event`, or the refusal. Terminal states refuse all.
    pub fn apply(self, event: BookingEvent) -> Result<BookingStatus, IllegalTransition> {
        use BookingEvent as E;
        use BookingStatus as S;
        match (self, event) {
            (S::PendingPayment, E::PaymentSucceeded) | (S::Expired, E::LatePayment) => {
                Ok(S::Confirmed)
            }
            (S::PendingPayment, E::PaymentFailed) => Ok(S::PendingPayment),
            (S::PendingPayment, E::HoldExpired) => Ok(S::Expired),
            (S::PendingPayment | S::Confirmed, E::Cancel | E::CourseCancelled)
            | (S::Confirmed, E::Refunded) => Ok(S::Cancelled),
            (from, event) => Err(IllegalTransition { from, event }),
        }
    }

    /// Whether this booking holds a seat (and counts against capacity).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            BookingStatus::PendingPayment | BookingStatus::Confirmed
        )
    }

    /// Whether nothing can happen to it any more.
    pub fn is_terminal(self) -> bool {
        !self.is_active()
    }

    /// The value stored in the database and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::PendingPayment => "pending_payment",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Expired => "expired",
        }
    }

    /// The words on a status badge.
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                BookingStatus::PendingPayment => "status-pending-payment",
                BookingStatus::Confirmed => "status-confirmed",
                BookingStatus::Cancelled => "status-cancelled",
                BookingStatus::Expired => "status-expired",
            }
        )
    }
}

impl fmt::Display for BookingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored status string that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for BookingStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BookingStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

/// The state of one Checkout attempt.
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
pub enum PaymentStatus {
    /// The Checkout Session is open.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "open"))]
    Open,
    /// The session is complete but the money is not there yet: a
    /// delayed-notification method (SEPA Direct Debit) that can take days
    /// to succeed or fail. The seat stays held meanwhile.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "processing"))]
    Processing,
    /// Paid.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "succeeded"))]
    Succeeded,
    /// The attempt failed (declined card and so on).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "failed"))]
    Failed,
    /// The session expired unpaid.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "expired"))]
    Expired,
    /// The money went back.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "refunded"))]
    Refunded,
    /// A delayed payment (SEPA Direct Debit) failed after its session
    /// completed: the bank refused it. It never processes again; only
    /// Stripe reporting the money arrived after all moves it on.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "debit_failed"))]
    DebitFailed,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 7] = [
        PaymentStatus::Open,
        PaymentStatus::Processing,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
        PaymentStatus::Expired,
        PaymentStatus::Refunded,
        PaymentStatus::DebitFailed,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Open => "open",
            PaymentStatus::Processing => "processing",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Refunded => "refunded",
            PaymentStatus::DebitFailed => "debit_failed",
        }
    }

    /// How a booking's payment history names it (lower case in English).
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                PaymentStatus::Open => "payment-status-open",
                PaymentStatus::Processing => "payment-status-processing",
                PaymentStatus::Succeeded => "payment-status-succeeded",
                PaymentStatus::Failed => "payment-status-failed",
                PaymentStatus::Expired => "payment-status-expired",
                PaymentStatus::Refunded => "payment-status-refunded",
                PaymentStatus::DebitFailed => "payment-status-debit-failed",
            }
        )
    }

    /// The status after moving to `next`, or the refusal. Staying put is
    /// allowed (a second decline records its details on a failed attempt).
    pub fn to(self, next: PaymentStatus) -> Result<PaymentStatus, IllegalPaymentTransition> {
        if self == next || self.can_become(next) {
            Ok(next)
        } else {
            Err(IllegalPaymentTransition {
                from: self,
                to: next,
            })
        }
    }

    /// Whether `next` may follow this status. Payments only move forward:
    /// open → processing | succeeded | failed | expired, failed → processing
    /// | succeeded | expired (a decline leaves the session payable),
    /// processing → succeeded | debit failed (a processing payment cannot
    /// expire: its session is complete; open and failed may become debit
    /// failed too when that event is the first to arrive), debit failed →
    /// succeeded (Stripe says the money came after all), expired →
    /// succeeded (the person paid just
    /// as the hold ended: the late-payment rule decides whether it keeps a
    /// seat or is owed back), succeeded → refunded.
    pub fn can_become(self, next: PaymentStatus) -> bool {
        use PaymentStatus as P;
        matches!(
            (self, next),
            (
                P::Open,
                P::Processing | P::Succeeded | P::Failed | P::Expired
            ) | (P::Failed, P::Processing | P::Succeeded | P::Expired)
                | (P::Open | P::Failed | P::Processing, P::DebitFailed)
                | (P::Processing | P::DebitFailed, P::Succeeded)
                | (P::Expired, P::Succeeded)
                | (P::Succeeded, P::Refunded)
        )
    }
}

/// Where a payment's refund is. Recorded in the same transaction as the
/// fact that owes it, so money is never kept without a seat just because
/// Stripe could not be reached at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum RefundState {
    /// Owed and not yet taken by Stripe: the reconciler asks until it is.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "owed"))]
    Owed,
    /// Stripe took the request; `charge.refunded` marks the payment refunded.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "requested"))]
    Requested,
    /// Stripe refused it (not retried): an admin must look.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "refused"))]
    Refused,
}

impl FromStr for PaymentStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingEvent as E;
    use BookingStatus as S;
    use proptest::prelude::*;

    #[test]
    fn paying_confirms_a_pending_booking() {
        assert_eq!(
            S::PendingPayment.apply(E::PaymentSucceeded),
            Ok(S::Confirmed)
        );
    }

    #[test]
    fn a_failed_payment_leaves_the_booking_pending() {
        assert_eq!(
            S::PendingPayment.apply(E::PaymentFailed),
            Ok(S::PendingPayment)
        );
    }

    #[test]
    fn an_expired_hold_is_confirmed_only_by_a_late_payment_with_a_seat() {
        assert!(S::Expired.apply(E::PaymentSucceeded).is_err());
        assert_eq!(S::Expired.apply(E::LatePayment), Ok(S::Confirmed));
        assert!(
            S::Cancelled.apply(E::LatePayment).is_err(),
            "a cancelled booking never revives"
        );
        assert!(S::PendingPayment.apply(E::LatePayment).is_err());
    }

    #[test]
    fn each_event_names_where_it_moves_a_booking_from_and_to() {
        assert_eq!(
            E::PaymentSucceeded.transition(),
            Some((vec![S::PendingPayment], S::Confirmed))
        );
        assert_eq!(
            E::LatePayment.transition(),
            Some((vec![S::Expired], S::Confirmed))
        );
        assert_eq!(
            E::HoldExpired.transition(),
            Some((vec![S::PendingPayment], S::Expired))
        );
        assert_eq!(
            E::Cancel.transition(),
            Some((vec![S::PendingPayment, S::Confirmed], S::Cancelled))
        );
        assert_eq!(
            E::Refunded.transition(),
            Some((vec![S::Confirmed], S::Cancelled))
        );
        assert_eq!(E::PaymentFailed.transition(), None, "no status change");
    }

    #[test]
    fn payments_move_through_to() {
        use PaymentStatus as P;
        assert_eq!(P::Open.to(P::Succeeded), Ok(P::Succeeded));
        assert_eq!(P::Failed.to(P::Failed), Ok(P::Failed));
        assert!(P::Succeeded.to(P::Open).is_err());
        assert!(P::Refunded.to(P::Succeeded).is_err());
    }

    #[test]
    fn confirmed_bookings_can_be_cancelled_but_not_expired() {
        assert_eq!(S::Confirmed.apply(E::Cancel), Ok(S::Cancelled));
        assert!(S::Confirmed.apply(E::HoldExpired).is_err());
        assert!(S::Confirmed.apply(E::PaymentSucceeded).is_err());
    }

    #[test]
    fn statuses_round_trip_through_strings() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        for p in PaymentStatus::ALL {
            assert_eq!(p.as_str().parse::<PaymentStatus>(), Ok(p));
        }
        assert!("paid".parse::<S>().is_err());
    }

    #[test]
    fn payments_never_move_backwards() {
        use PaymentStatus as P;
        assert!(P::Open.can_become(P::Succeeded));
        assert!(!P::Succeeded.can_become(P::Open));
        assert!(!P::Succeeded.can_become(P::Failed));
        assert!(!P::Refunded.can_become(P::Succeeded));
        assert!(!P::Expired.can_become(P::Open));
    }

    #[test]
    fn a_processing_payment_settles_but_never_expires_or_reopens() {
        use PaymentStatus as P;
        assert!(P::Open.can_become(P::Processing));
        assert!(
            P::Failed.can_become(P::Processing),
            "a decline, then a debit"
        );
        assert!(P::Processing.can_become(P::Succeeded));
        assert!(P::Processing.can_become(P::DebitFailed));
        assert!(!P::Processing.can_become(P::Failed));
        assert!(!P::Processing.can_become(P::Expired));
        assert!(
            !P::DebitFailed.can_become(P::Processing),
            "a refused debit is final"
        );
        assert!(!P::DebitFailed.can_become(P::Expired));
        assert!(!P::Processing.can_become(P::Open));
        assert!(!P::Succeeded.can_become(P::Processing));
        assert!(!P::Expired.can_become(P::Processing));
    }

    fn any_event() -> impl Strategy<Value = BookingEvent> {
        proptest::sample::select(E::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn no_sequence_of_events_revives_a_cancelled_booking(events in proptest::collection::vec(any_event(), 0..30)) {
            let mut state = S::PendingPayment;
            let mut was_cancelled = false;
            for e in events {
                if let Ok(next) = state.apply(e) {
                    state = next;
                }
                if was_cancelled {
                    prop_assert_eq!(state, S::Cancelled);
                }
                was_cancelled |= state == S::Cancelled;
            }
        }

        #[test]
        fn ended_bookings_refuse_every_event_but_a_late_payment(e in any_event()) {
            prop_assert!(S::Cancelled.apply(e).is_err());
            prop_assert_eq!(S::Expired.apply(e).is_ok(), e == E::LatePayment);
        }

        #[test]
        fn confirmation_happens_only_through_payment(events in proptest::collection::vec(any_event(), 0..30)) {
            let mut state = S::PendingPayment;
            for e in events {
                if let Ok(next) = state.apply(e) {
                    if next == S::Confirmed && state != S::Confirmed {
                        prop_assert!(matches!(e, E::PaymentSucceeded | E::LatePayment));
                    }
                    state = next;
                }
            }
        }
    }
}
