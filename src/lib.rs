//! Tessera's booking and payment domain, shared by the server and the WASM
//! client: money, typed ids, validated inputs, the booking state machine and
//! the error codes people see. No I/O here; it compiles for
//! `wasm32-unknown-unknown` and the host alike. Server-only parts (the
//! sea-orm entities) sit behind the `ssr` feature.

pub mod account;
pub mod attendee;
pub mod booking;
pub mod catalog;
pub mod course;
pub mod course_input;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod inputs;
pub mod intent;
pub mod invoice;
pub mod money;
pub mod my_bookings;
pub mod people;
pub mod picture;
pub mod quote;
pub mod redirect;
pub mod roster;
pub mod site;
pub mod teaching;
pub mod topic;
pub mod venue;
pub mod voucher;
pub mod waitlist;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod service;

pub use account::Role;
pub use booking::{BookingEvent, BookingStatus, IllegalTransition, PaymentStatus};
pub use course::{CourseStatus, CourseSummary};
pub use error::{ApiError, ErrorCode, FieldError};
pub use ids::{AttendeeId, BookingId, CourseId, PaymentId, PlaceId, TopicId, UserId};
pub use inputs::{Capacity, CourseTitle, DateRange, DisplayName, Email, Password};
pub use money::{Currency, Money, MoneyError, Price};
pub use quote::{Quote, SeatCount};
