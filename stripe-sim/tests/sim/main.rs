//! The Stripe simulator, driven through async-stripe exactly as the app
//! drives Stripe, plus its hosted page over plain HTTP and its webhooks
//! into a test receiver.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod coupons;
mod debits;
mod errors;
mod expiry;
mod flow;
mod persistence;
mod refunds;
mod sdk;
mod shapes;
mod support;
mod webhooks;
