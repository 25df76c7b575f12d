//! Server-side use cases over the database. Each takes a connection (or a
//! transaction) and returns its own error type.

pub mod account_deletion;
pub mod account_links;
pub mod accounts;
pub mod attendees;
pub mod booking;
pub mod calendar;
pub mod calendar_feed;
pub mod cancel;
pub mod catalog;
pub mod checkout;
pub mod courses;
pub mod devices;
pub mod email_address;
pub mod errors;
pub mod fulfil;
pub mod housekeeping;
pub mod instructor_mail;
pub mod instructors;
pub mod moves;
pub mod my_bookings;
pub mod my_data;
pub mod notify;
pub mod passkeys;
pub mod password_reset;
pub mod payments;
pub mod people;
pub mod refunds;
pub mod reminders;
pub mod roster;
pub mod seats;
pub mod status;
pub mod stripe_events;
pub mod teaching;
pub mod vouchers;
pub mod waitlist;
