//! Error codes with their HTTP status and the sentence a person sees.
//! Internal details never travel in these: they go to the server's log.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every error a person or an API client can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Sign-in needed.
    NotAuthenticated,
    /// Signed in, but not allowed.
    Forbidden,
    /// One or more fields are wrong (see the field errors).
    Validation,
    /// No such course.
    CourseNotFound,
    /// The course exists but cannot be booked now (a draft, full, unpayable…).
    CourseNotBookable,
    /// The course has started (or ended): nothing about it can change now.
    CourseStarted,
    /// The course has been cancelled.
    CourseCancelled,
    /// The booking is not waiting for payment any more.
    BookingNotPending,
    /// Every seat is held.
    CapacityFull,
    /// Fewer seats are left than were asked for (the message says how many).
    NotEnoughSeats,
    /// More seats than one booking may hold on this course.
    TooManySeats,
    /// The person already has a confirmed booking for this course.
    AlreadyBooked,
    /// No such booking (or not theirs).
    BookingNotFound,
    /// Stripe has not (yet) taken the money.
    PaymentNotSucceeded,
    /// A payment's amount, currency or booking did not match ours.
    PaymentMetadataMismatch,
    /// Stripe could not be reached.
    PaymentProviderUnavailable,
    /// Stripe refused to take this payment at all.
    PaymentRefused,
    /// People wait for this course's seats: join the waiting list.
    WaitingList,
    /// The person is already on the course's waiting list.
    AlreadyWaiting,
    /// The course has free seats and nobody waits: book instead.
    SeatsFree,
    /// Too close to the start: the waiting list takes nobody new.
    WaitingListClosed,
    /// The person is not on the course's waiting list.
    NotWaiting,
    /// A link to set a new password that is unknown, used or expired.
    ResetLinkInvalid,
    /// A link to confirm or change an address that is unknown, used or expired.
    LinkInvalid,
    /// The account's address is not confirmed yet: no booking until it is.
    EmailNotConfirmed,
    /// An admin blocked the account.
    AccountBlocked,
    /// No such account.
    PersonNotFound,
    /// The passkey did not verify, or is no passkey of any account here.
    PasskeyRefused,
    /// The member has no passkey with that id.
    PasskeyNotFound,
    /// The site is reached by an IP address, where browsers offer none.
    PasskeysUnavailable,
    /// No voucher has that code.
    VoucherUnknown,
    /// No such voucher (an admin's link).
    VoucherNotFound,
    /// No such topic (an admin's link or form).
    TopicNotFound,
    /// The voucher was turned off.
    VoucherDisabled,
    /// The voucher's validity has not begun.
    VoucherNotYetValid,
    /// The voucher's validity has ended.
    VoucherExpired,
    /// Every use of the voucher is taken.
    VoucherUsedUp,
    /// The member used this once-per-member voucher before.
    VoucherAlreadyUsed,
    /// The voucher is limited to other courses.
    VoucherNotForCourse,
    /// The voucher takes an amount off in another currency.
    VoucherWrongCurrency,
    /// Only a confirmed booking can be moved to another date.
    BookingNotConfirmed,
    /// The course asked for is not another date of the booking's course.
    NotAnotherDate,
    /// Past the time a booking may still be moved.
    MoveClosed,
    /// The other date has another price (moves settle no money yet).
    MovePriceDiffers,
    /// Money went back on the booking: its invoice is corrected by asking.
    InvoiceLocked,
    /// Too many requests.
    RateLimited,
    /// Anything else; details are in the log.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 47] = [
        ErrorCode::NotAuthenticated,
        ErrorCode::Forbidden,
        ErrorCode::Validation,
        ErrorCode::CourseNotFound,
        ErrorCode::CourseNotBookable,
        ErrorCode::CourseStarted,
        ErrorCode::CourseCancelled,
        ErrorCode::BookingNotPending,
        ErrorCode::CapacityFull,
        ErrorCode::NotEnoughSeats,
        ErrorCode::TooManySeats,
        ErrorCode::AlreadyBooked,
        ErrorCode::BookingNotFound,
        ErrorCode::PaymentNotSucceeded,
        ErrorCode::PaymentMetadataMismatch,
        ErrorCode::PaymentProviderUnavailable,
        ErrorCode::PaymentRefused,
        ErrorCode::WaitingList,
        ErrorCode::AlreadyWaiting,
        ErrorCode::SeatsFree,
        ErrorCode::WaitingListClosed,
        ErrorCode::NotWaiting,
        ErrorCode::ResetLinkInvalid,
        ErrorCode::LinkInvalid,
        ErrorCode::EmailNotConfirmed,
        ErrorCode::AccountBlocked,
        ErrorCode::PersonNotFound,
        ErrorCode::PasskeyRefused,
        ErrorCode::PasskeyNotFound,
        ErrorCode::PasskeysUnavailable,
        ErrorCode::VoucherUnknown,
        ErrorCode::VoucherNotFound,
        ErrorCode::TopicNotFound,
        ErrorCode::VoucherDisabled,
        ErrorCode::VoucherNotYetValid,
        ErrorCode::VoucherExpired,
        ErrorCode::VoucherUsedUp,
        ErrorCode::VoucherAlreadyUsed,
        ErrorCode::VoucherNotForCourse,
        ErrorCode::VoucherWrongCurrency,
        ErrorCode::BookingNotConfirmed,
        ErrorCode::NotAnotherDate,
        ErrorCode::MoveClosed,
        ErrorCode::MovePriceDiffers,
        ErrorCode::InvoiceLocked,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
    ];

    /// The snake_case code, as in DESIGN.md and API responses.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotAuthenticated => "not_authenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Validation => "validation",
            ErrorCode::CourseNotFound => "course_not_found",
            ErrorCode::CourseNotBookable => "course_not_bookable",
            ErrorCode::CourseStarted => "course_started",
            ErrorCode::CourseCancelled => "course_cancelled",
            ErrorCode::BookingNotPending => "booking_not_pending",
            ErrorCode::CapacityFull => "capacity_full",
            ErrorCode::NotEnoughSeats => "not_enough_seats",
            ErrorCode::TooManySeats => "too_many_seats",
            ErrorCode::AlreadyBooked => "already_booked",
            ErrorCode::BookingNotFound => "booking_not_found",
            ErrorCode::PaymentNotSucceeded => "payment_not_succeeded",
            ErrorCode::PaymentMetadataMismatch => "payment_metadata_mismatch",
            ErrorCode::PaymentProviderUnavailable => "payment_provider_unavailable",
            ErrorCode::PaymentRefused => "payment_refused",
            ErrorCode::WaitingList => "waiting_list",
            ErrorCode::AlreadyWaiting => "already_waiting",
            ErrorCode::SeatsFree => "seats_free",
            ErrorCode::WaitingListClosed => "waiting_list_closed",
            ErrorCode::NotWaiting => "not_waiting",
            ErrorCode::ResetLinkInvalid => "reset_link_invalid",
            ErrorCode::LinkInvalid => "link_invalid",
            ErrorCode::EmailNotConfirmed => "email_not_confirmed",
            ErrorCode::AccountBlocked => "account_blocked",
            ErrorCode::PersonNotFound => "person_not_found",
            ErrorCode::PasskeyRefused => "passkey_refused",
            ErrorCode::PasskeyNotFound => "passkey_not_found",
            ErrorCode::PasskeysUnavailable => "passkeys_unavailable",
            ErrorCode::VoucherUnknown => "voucher_unknown",
            ErrorCode::VoucherNotFound => "voucher_not_found",
            ErrorCode::TopicNotFound => "topic_not_found",
            ErrorCode::VoucherDisabled => "voucher_disabled",
            ErrorCode::VoucherNotYetValid => "voucher_not_yet_valid",
            ErrorCode::VoucherExpired => "voucher_expired",
            ErrorCode::VoucherUsedUp => "voucher_used_up",
            ErrorCode::VoucherAlreadyUsed => "voucher_already_used",
            ErrorCode::VoucherNotForCourse => "voucher_not_for_course",
            ErrorCode::VoucherWrongCurrency => "voucher_wrong_currency",
            ErrorCode::BookingNotConfirmed => "booking_not_confirmed",
            ErrorCode::NotAnotherDate => "not_another_date",
            ErrorCode::MoveClosed => "move_closed",
            ErrorCode::MovePriceDiffers => "move_price_differs",
            ErrorCode::InvoiceLocked => "invoice_locked",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status that goes with it.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::NotAuthenticated => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::Validation | ErrorCode::TooManySeats => 422,
            ErrorCode::CourseNotFound | ErrorCode::BookingNotFound => 404,
            ErrorCode::CourseNotBookable
            | ErrorCode::CourseStarted
            | ErrorCode::CourseCancelled
            | ErrorCode::BookingNotPending
            | ErrorCode::CapacityFull
            | ErrorCode::NotEnoughSeats
            | ErrorCode::AlreadyBooked
            | ErrorCode::WaitingList
            | ErrorCode::AlreadyWaiting
            | ErrorCode::SeatsFree
            | ErrorCode::WaitingListClosed => 409,
            ErrorCode::NotWaiting => 404,
            ErrorCode::PaymentNotSucceeded => 402,
            ErrorCode::PaymentMetadataMismatch => 422,
            ErrorCode::PaymentProviderUnavailable => 503,
            ErrorCode::PaymentRefused => 502,
            ErrorCode::ResetLinkInvalid | ErrorCode::LinkInvalid => 410,
            ErrorCode::EmailNotConfirmed | ErrorCode::AccountBlocked => 403,
            // Passkeys do not exist at an IP address (and no 5xx: the
            // server is not at fault).
            ErrorCode::PersonNotFound
            | ErrorCode::PasskeyNotFound
            | ErrorCode::PasskeysUnavailable => 404,
            ErrorCode::PasskeyRefused => 401,
            ErrorCode::VoucherUnknown
            | ErrorCode::VoucherDisabled
            | ErrorCode::VoucherNotYetValid
            | ErrorCode::VoucherExpired
            | ErrorCode::VoucherNotForCourse
            | ErrorCode::VoucherWrongCurrency => 422,
            ErrorCode::VoucherUsedUp | ErrorCode::VoucherAlreadyUsed => 409,
            ErrorCode::VoucherNotFound => 404,
            ErrorCode::TopicNotFound => 404,
            ErrorCode::NotAnotherDate => 422,
            ErrorCode::BookingNotConfirmed
            | ErrorCode::MoveClosed
            | ErrorCode::MovePriceDiffers
            | ErrorCode::InvoiceLocked => 409,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// A friendly sentence for the person, in their language.
    pub fn message(self, lang: Lang) -> String {
        crate::i18n::tr(lang, &self.message_id())
    }

    /// Its sentence's id in `locales/*/errors.ftl`.
    fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field's problem, for showing next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name.
    pub field: String,
    /// What is wrong, in words for the person.
    pub message: String,
}

/// What a person or API client is told when something is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The machine-readable code.
    pub code: ErrorCode,
    /// The sentence to show.
    pub message: String,
    /// Per-field problems (for `validation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// The code with its standard message.
    pub fn new(code: ErrorCode) -> Self {
        ApiError {
            code,
            message: standard_message(code),
            fields: Vec::new(),
        }
    }

    /// The code with a more specific message.
    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A validation error listing each bad field.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        ApiError {
            fields,
            ..ApiError::new(ErrorCode::Validation)
        }
    }

    /// The message for one field, if it has one.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.message.as_str())
    }
}

/// The code's sentence in the language of the request being answered. The
/// browser only receives refusals, never writes them: its build links no
/// translations (they would add 70 KB to the module every page loads).
#[cfg(feature = "ssr")]
fn standard_message(code: ErrorCode) -> String {
    code.message(crate::i18n::current())
}

#[cfg(not(feature = "ssr"))]
fn standard_message(_: ErrorCode) -> String {
    String::new()
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        ApiError::new(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_lists_exactly_the_error_codes_there_are() {
        let design = include_str!("../docs/architecture.md");
        let start = design
            .find("Error codes (shared enum in `src/error.rs`")
            .expect("the design's list of error codes");
        let end = start + design[start..].find("\n\n").expect("the paragraph's end");
        let listed: Vec<&str> = design[start..end]
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            listed, codes,
            "docs/architecture.md lists the codes in order"
        );
    }

    #[test]
    fn every_code_has_a_status_and_a_message() {
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.http_status()), "{code}");
            for lang in Lang::ALL {
                let message = code.message(lang);
                assert!(message.ends_with('.'), "{code} in {lang:?}: {message}");
            }
            let json = serde_json::to_string(&code).expect("serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn validation_errors_name_their_fields() {
        let e = ApiError::validation(vec![FieldError {
            field: "email".into(),
            message: "Enter your email address.".into(),
        }]);
        assert_eq!(e.code.http_status(), 422);
        assert_eq!(e.field("email"), Some("Enter your email address."));
        assert_eq!(e.field("password"), None);
    }
}
