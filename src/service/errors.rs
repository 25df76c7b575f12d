//! How each service's errors read to a person or an API client: one place
//! maps them to the shared [`ErrorCode`]s, so server functions and handlers
//! only write `?`. Database and other internal failures are logged here and
//! answered `internal`, with no detail.

use crate::course::NotBookable;
use crate::said;
use crate::service::booking::HoldError;
use crate::service::cancel::{CancelCourseError, CancelError};
use crate::service::checkout::CheckoutError;
use crate::service::courses::CourseError;
use crate::service::moves::MoveError;
use crate::service::my_bookings::MyBookingsError;
use crate::service::roster::RosterError;
use crate::service::waitlist::{JoinError, LeaveError};
use crate::{ApiError, ErrorCode, FieldError};

fn internal(what: &str, error: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(%error, "{what} failed");
    ApiError::new(ErrorCode::Internal)
}

fn naming_booking(code: ErrorCode, booking: impl std::fmt::Display) -> ApiError {
    ApiError {
        fields: vec![FieldError {
            field: "booking".into(),
            message: booking.to_string(),
        }],
        ..ApiError::new(code)
    }
}

impl From<crate::voucher::VoucherRefusal> for ApiError {
    /// Said beside the code's field (`voucher`), where it can be fixed.
    fn from(why: crate::voucher::VoucherRefusal) -> ApiError {
        use crate::voucher::VoucherRefusal as R;
        let code = match why {
            R::Unknown => ErrorCode::VoucherUnknown,
            R::Disabled => ErrorCode::VoucherDisabled,
            R::NotYetValid => ErrorCode::VoucherNotYetValid,
            R::Expired => ErrorCode::VoucherExpired,
            R::NotForThisCourse => ErrorCode::VoucherNotForCourse,
            R::WrongCurrency => ErrorCode::VoucherWrongCurrency,
            R::UsedUp => ErrorCode::VoucherUsedUp,
            R::AlreadyUsedByYou => ErrorCode::VoucherAlreadyUsed,
        };
        let mut e = ApiError::new(code);
        e.fields.push(crate::FieldError {
            field: "voucher".into(),
            message: code.message(crate::i18n::current()),
        });
        e
    }
}

impl From<crate::service::vouchers::VoucherAdminError> for ApiError {
    fn from(e: crate::service::vouchers::VoucherAdminError) -> ApiError {
        use crate::service::vouchers::VoucherAdminError as E;
        let field = |field: &str, message: String| {
            ApiError::validation(vec![crate::FieldError {
                field: field.to_owned(),
                message,
            }])
        };
        match e {
            E::CodeTaken => field("code", said!("voucher-code-taken")),
            E::UnknownCourse(_) => field("courses", said!("voucher-course-gone")),
            E::BelowUses { used } => {
                field("max_redemptions", said!("voucher-below-uses", used = used))
            }
            E::NotFound => ApiError::new(ErrorCode::VoucherNotFound),
            E::Database(e) => internal("saving a voucher", &e),
        }
    }
}

impl From<crate::service::vouchers::UseError> for ApiError {
    fn from(e: crate::service::vouchers::UseError) -> ApiError {
        match e {
            crate::service::vouchers::UseError::Refused(why) => why.into(),
            crate::service::vouchers::UseError::Database(e) => internal("using a voucher", &e),
        }
    }
}

impl From<HoldError> for ApiError {
    fn from(e: HoldError) -> ApiError {
        match e {
            HoldError::CourseNotFound => ApiError::new(ErrorCode::CourseNotFound),
            HoldError::NotBookable(reason) => {
                let code = match reason {
                    NotBookable::Cancelled => ErrorCode::CourseCancelled,
                    NotBookable::Started | NotBookable::Ended => ErrorCode::CourseStarted,
                    NotBookable::Full => ErrorCode::CapacityFull,
                    NotBookable::Draft | NotBookable::Unpayable => ErrorCode::CourseNotBookable,
                };
                ApiError::with_message(code, said!(reason.message_id()))
            }
            HoldError::CapacityFull => ApiError::new(ErrorCode::CapacityFull),
            HoldError::NotEnoughSeats { left } => ApiError::with_message(
                ErrorCode::NotEnoughSeats,
                said!("seats-only-left-to-book", left = left),
            ),
            HoldError::OverLimit { limit } => ApiError::with_message(
                ErrorCode::TooManySeats,
                said!("seats-over-limit", limit = limit),
            ),
            HoldError::WaitingList => ApiError::new(ErrorCode::WaitingList),
            HoldError::EmailNotConfirmed => ApiError::new(ErrorCode::EmailNotConfirmed),
            HoldError::AlreadyBooked(id) => naming_booking(ErrorCode::AlreadyBooked, id),
            HoldError::Voucher(why) => why.into(),
            HoldError::Database(e) => internal("holding a seat", &e),
        }
    }
}

impl From<crate::service::attendees::RenameError> for ApiError {
    fn from(e: crate::service::attendees::RenameError) -> ApiError {
        use crate::service::attendees::RenameError;
        match e {
            RenameError::NotFound(_) => ApiError::new(ErrorCode::BookingNotFound),
            RenameError::Started => {
                ApiError::with_message(ErrorCode::CourseStarted, said!("attendees-started"))
            }
            RenameError::Database(e) => internal("renaming an attendee", &e),
        }
    }
}

impl From<CheckoutError> for ApiError {
    fn from(e: CheckoutError) -> ApiError {
        match e {
            CheckoutError::Hold(h) => h.into(),
            // Someone else's booking reads as no booking at all.
            CheckoutError::NotPending(_) => ApiError::new(ErrorCode::BookingNotFound),
            CheckoutError::ProviderUnavailable { booking, reason } => {
                tracing::warn!(booking_id = %booking, %reason, "payment provider unavailable");
                ApiError::with_message(
                    ErrorCode::PaymentProviderUnavailable,
                    said!("provider-unavailable-nothing-booked"),
                )
            }
            CheckoutError::Refused(reason) => {
                tracing::error!(%reason, "Stripe refused a checkout");
                ApiError::new(ErrorCode::PaymentRefused)
            }
            CheckoutError::Database(e) => internal("checkout", &e),
        }
    }
}

impl From<CancelError> for ApiError {
    fn from(e: CancelError) -> ApiError {
        match e {
            CancelError::NotFound(_) => ApiError::new(ErrorCode::BookingNotFound),
            CancelError::PaymentProcessing(_) => ApiError::with_message(
                ErrorCode::BookingNotPending,
                said!("cancel-payment-processing"),
            ),
            CancelError::Started(_) => {
                ApiError::with_message(ErrorCode::CourseStarted, said!("cancel-started"))
            }
            CancelError::NotPending(_) => ApiError::new(ErrorCode::BookingNotPending),
            CancelError::Database(e) => internal("cancelling a booking", &e),
        }
    }
}

impl From<CancelCourseError> for ApiError {
    fn from(e: CancelCourseError) -> ApiError {
        match e {
            CancelCourseError::NotFound(_) => ApiError::new(ErrorCode::CourseNotFound),
            CancelCourseError::Ended(_) => {
                ApiError::with_message(ErrorCode::CourseStarted, said!("cancel-course-ended"))
            }
            CancelCourseError::NoReplacement(_) => ApiError::validation(vec![FieldError {
                field: "offer".into(),
                message: said!("cancel-no-replacement"),
            }]),
            CancelCourseError::Database(e) => internal("cancelling a course", &e),
        }
    }
}

impl From<crate::service::topics::TopicError> for ApiError {
    fn from(e: crate::service::topics::TopicError) -> ApiError {
        use crate::service::topics::TopicError as E;
        match e {
            E::Taken(other) => ApiError::validation(vec![FieldError {
                field: "name".into(),
                message: said!("topic-taken", other = other.to_string()),
            }]),
            E::NotFound => ApiError::new(ErrorCode::TopicNotFound),
            E::Database(e) => internal("changing topics", &e),
        }
    }
}

impl From<CourseError> for ApiError {
    fn from(e: CourseError) -> ApiError {
        match e {
            CourseError::NotFound(_) => ApiError::new(ErrorCode::CourseNotFound),
            CourseError::CapacityBelowHeld(held) => ApiError::validation(vec![FieldError {
                field: "capacity".into(),
                message: said!("capacity-below-held", held = held),
            }]),
            CourseError::NoSuchTopic => ApiError::validation(vec![FieldError {
                field: "topic".into(),
                message: said!("course-topic-gone"),
            }]),
            CourseError::Cancelled(_) => ApiError::with_message(
                ErrorCode::CourseCancelled,
                said!("course-cancelled-no-publish"),
            ),
            CourseError::MeetingInPast { row } => ApiError::validation(vec![FieldError {
                field: crate::course_input::meeting_field(row, "starts_at"),
                message: said!("meeting-in-past"),
            }]),
            other => internal("changing a course", &other),
        }
    }
}

impl From<MoveError> for ApiError {
    fn from(e: MoveError) -> ApiError {
        match e {
            MoveError::NotFound(_) => ApiError::new(ErrorCode::BookingNotFound),
            MoveError::RunNotFound(_) => ApiError::new(ErrorCode::CourseNotFound),
            MoveError::NotConfirmed(_) => ApiError::new(ErrorCode::BookingNotConfirmed),
            MoveError::NotAnotherDate(_) => ApiError::new(ErrorCode::NotAnotherDate),
            MoveError::RunNotOpen(_, why) => {
                ApiError::with_message(ErrorCode::CourseNotBookable, said!(why.message_id()))
            }
            MoveError::TooLate { .. } => ApiError::new(ErrorCode::MoveClosed),
            MoveError::PriceDiffers { .. } => ApiError::new(ErrorCode::MovePriceDiffers),
            MoveError::DifferenceDue(more) => ApiError::with_message(
                ErrorCode::MovePriceDiffers,
                said!(
                    "move-difference-due",
                    more = crate::i18n::format::money(crate::i18n::current(), more)
                ),
            ),
            MoveError::ProviderUnavailable(reason) => {
                tracing::warn!(%reason, "payment provider unavailable");
                ApiError::with_message(
                    ErrorCode::PaymentProviderUnavailable,
                    said!("provider-unavailable-nothing-changed"),
                )
            }
            MoveError::ProviderRefused(reason) => {
                tracing::error!(%reason, "Stripe refused a checkout");
                ApiError::new(ErrorCode::PaymentRefused)
            }
            MoveError::RunFull(_) => {
                ApiError::with_message(ErrorCode::CapacityFull, said!("move-run-full"))
            }
            MoveError::Database(e) => internal("moving a booking", &e),
        }
    }
}

impl From<RosterError> for ApiError {
    fn from(e: RosterError) -> ApiError {
        match e {
            RosterError::CourseNotFound(_) => ApiError::new(ErrorCode::CourseNotFound),
            other => internal("loading a roster", &other),
        }
    }
}

impl From<MyBookingsError> for ApiError {
    fn from(e: MyBookingsError) -> ApiError {
        match e {
            MyBookingsError::NotFound => ApiError::new(ErrorCode::BookingNotFound),
            MyBookingsError::NoSuchPage(_) => ApiError::validation(vec![FieldError {
                field: "page".into(),
                message: said!("page-not-there"),
            }]),
            MyBookingsError::NotPaid => ApiError::new(ErrorCode::PaymentNotSucceeded),
            MyBookingsError::Mismatch => ApiError::new(ErrorCode::PaymentMetadataMismatch),
            MyBookingsError::ProviderUnavailable(reason) => {
                tracing::warn!(%reason, "payment provider unavailable");
                ApiError::new(ErrorCode::PaymentProviderUnavailable)
            }
            other => internal("loading a member's bookings", &other),
        }
    }
}

impl From<JoinError> for ApiError {
    fn from(e: JoinError) -> ApiError {
        match e {
            JoinError::CourseNotFound => ApiError::new(ErrorCode::CourseNotFound),
            JoinError::NotBookable(reason) => HoldError::NotBookable(reason).into(),
            JoinError::Closed => ApiError::new(ErrorCode::WaitingListClosed),
            JoinError::SeatsFree => ApiError::new(ErrorCode::SeatsFree),
            JoinError::OverLimit { limit } => HoldError::OverLimit { limit }.into(),
            JoinError::AlreadyBooked(id) => naming_booking(ErrorCode::AlreadyBooked, id),
            JoinError::AlreadyWaiting => ApiError::new(ErrorCode::AlreadyWaiting),
            JoinError::EmailNotConfirmed => ApiError::new(ErrorCode::EmailNotConfirmed),
            JoinError::Voucher(why) => why.into(),
            JoinError::Database(e) => internal("joining a waiting list", &e),
        }
    }
}

impl From<LeaveError> for ApiError {
    fn from(e: LeaveError) -> ApiError {
        match e {
            LeaveError::NotWaiting => ApiError::new(ErrorCode::NotWaiting),
            LeaveError::Database(e) => internal("leaving a waiting list", &e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{BookingId, CourseId};
    use sea_orm::DbErr;

    fn code(e: impl Into<ApiError>) -> ErrorCode {
        e.into().code
    }

    #[test]
    fn each_refusal_has_its_own_code() {
        assert_eq!(code(HoldError::CapacityFull), ErrorCode::CapacityFull);
        assert_eq!(
            code(HoldError::NotBookable(NotBookable::Started)),
            ErrorCode::CourseStarted
        );
        assert_eq!(
            code(HoldError::NotBookable(NotBookable::Cancelled)),
            ErrorCode::CourseCancelled
        );
        assert_eq!(
            code(HoldError::NotBookable(NotBookable::Unpayable)),
            ErrorCode::CourseNotBookable
        );
        let taken: ApiError = HoldError::AlreadyBooked(BookingId(7)).into();
        assert_eq!(
            (taken.code, taken.field("booking")),
            (ErrorCode::AlreadyBooked, Some("7"))
        );
        assert_eq!(
            code(CheckoutError::Refused("amount_too_small".into())),
            ErrorCode::PaymentRefused
        );
        assert_eq!(
            code(CancelError::Started(BookingId(1))),
            ErrorCode::CourseStarted
        );
        assert_eq!(
            code(CancelCourseError::Ended(CourseId(1))),
            ErrorCode::CourseStarted
        );
        assert_eq!(
            code(RosterError::CourseNotFound(CourseId(1))),
            ErrorCode::CourseNotFound
        );
    }

    #[test]
    fn internal_failures_say_nothing_of_themselves() {
        let e: ApiError = CheckoutError::Database(DbErr::Custom("secret table".into())).into();
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(!e.message.contains("secret"));
    }
}
