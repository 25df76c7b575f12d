//! Stripe-style identifiers and secrets (`cs_test_…`, `pi_…`, `whsec_…`) and
//! the simulator's clock.

use rand::Rng;
use rand::distr::Alphanumeric;
use std::time::{SystemTime, UNIX_EPOCH};

/// A new id with Stripe's prefix, e.g. `new_id("pi")` → `pi_3Q…` (24 random
/// base-62 characters, as Stripe's are).
pub(crate) fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_token(24))
}

/// `len` random base-62 characters.
pub(crate) fn random_token(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    now_ms() / 1000
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_the_prefix_and_differ() {
        let a = new_id("cs_test");
        assert!(a.starts_with("cs_test_") && a.len() == "cs_test_".len() + 24);
        assert_ne!(a, new_id("cs_test"));
    }
}
