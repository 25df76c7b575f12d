//! Black-box tests of the `tessera` server: the real router over HTTP, on a
//! fresh database per test (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod admin;
mod after_sale;
mod async_payments;
mod booking;
mod calendar_feed;
mod cancel;
mod catalog;
mod dashboard;
mod delivery;
mod devices;
mod email_address;
mod faults;
mod finding;
mod first_booking;
mod health;
mod holes;
mod invariants;
mod invoices;
mod languages;
mod limits;
mod mail;
mod meetings;
mod metrics;
mod migrations;
mod moves;
mod no_js;
mod passkeys;
mod password_reset;
mod payments;
mod people;
mod pictures;
mod races;
mod reminders;
mod rendering;
mod robust;
mod seats;
mod security;
mod seed;
mod sessions;
mod site;
mod smtp;
mod startup;
mod support;
mod teaching;
mod vouchers;
mod waitlist;
mod webhooks;
mod your_data;
