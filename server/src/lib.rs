//! The `tessera` binary's library: configuration, database, router, CLI
//! and the background jobs (the Stripe simulator is its own crate,
//! `tessera-stripe-sim`). `Application::build` is used by `main` and by the
//! integration tests alike.

pub mod application;
pub mod assets;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod db;
pub mod guard;
pub mod health;
pub mod invoice;
pub mod jobs;
pub mod language;
pub mod mail;
pub mod metrics;
pub mod my_data;
pub mod pay_link;
pub mod photo;
pub mod picture;
pub mod plain_form;
pub mod rate_limit;
pub mod roster_csv;
pub mod security;
pub mod seed;
pub mod sessions;
pub mod sitemap;
pub mod telemetry;
pub mod voucher_csv;
pub mod webhook;

pub use application::Application;
pub use config::Config;
