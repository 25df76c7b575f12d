//! Black-box tests of the `tessera` server: the real router over HTTP, on a
//! fresh database per test (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

mod accounts;
mod admin;
mod booking;
mod cancel;
mod catalog;
mod faults;
mod health;
mod migrations;
mod payments;
mod seed;
mod startup;
mod support;
mod webhooks;
