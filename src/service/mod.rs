//! Server-side use cases over the database. Each takes a connection (or a
//! transaction) and returns its own error type.

pub mod booking;
pub mod catalog;
pub mod checkout;
pub mod fulfil;
pub mod payments;
