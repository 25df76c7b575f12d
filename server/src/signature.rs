//! Verifying Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex>`
//! where `v1` is HMAC-SHA256 of `"{t}.{body}"` keyed with the endpoint's
//! `whsec_…` secret, as Stripe's own libraries check it. Used for real
//! Stripe and the simulator alike.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a `Stripe-Signature` header was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The header has no `t=` timestamp, or it is not an integer.
    #[error("the Stripe-Signature header has no valid timestamp")]
    MissingTimestamp,
    /// The header has no `v1=` signature.
    #[error("the Stripe-Signature header has no v1 signature")]
    MissingSignature,
    /// No `v1` signature matches the payload and secret.
    #[error("no signature matches the payload")]
    Mismatch,
    /// The signature is valid but its timestamp is outside the tolerance.
    #[error("the signature timestamp {timestamp} is outside the tolerance")]
    OutsideTolerance {
        /// The header's `t`.
        timestamp: i64,
    },
}

/// Checks a `Stripe-Signature` header as Stripe's libraries do: any `v1`
/// may match (secret rotation), compared in constant time; then the
/// timestamp must be within `tolerance_secs` of `now`.
pub fn verify_signature(
    payload: &str,
    header: &str,
    secret: &str,
    now: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for pair in header.split(',') {
        match pair.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => candidates.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    if candidates.is_empty() {
        return Err(SignatureError::MissingSignature);
    }
    let expected = mac(payload, secret, timestamp);
    let matches = candidates.iter().any(|candidate| {
        hex::decode(candidate).is_ok_and(|bytes| expected.clone().verify_slice(&bytes).is_ok())
    });
    if !matches {
        return Err(SignatureError::Mismatch);
    }
    // `abs_diff`: `now - timestamp` overflows for timestamps near i64's ends.
    if now.abs_diff(timestamp) > tolerance_secs.unsigned_abs() {
        return Err(SignatureError::OutsideTolerance { timestamp });
    }
    Ok(())
}

/// The keyed MAC over `"{t}.{payload}"`, ready to verify.
fn mac(payload: &str, secret: &str, t: i64) -> HmacSha256 {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail here.
    // The fallback keeps this total without a panic path.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| <HmacSha256 as KeyInit>::new(&Default::default()));
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use stripe_sim::sign;

    const SECRET: &str = "whsec_test";

    #[test]
    fn a_signed_payload_verifies() {
        let header = sign("{\"a\":1}", SECRET, 1_700_000_000);
        assert_eq!(
            verify_signature("{\"a\":1}", &header, SECRET, 1_700_000_100, 300),
            Ok(())
        );
    }

    #[test]
    fn any_v1_may_match() {
        let good = sign("body", SECRET, 10);
        let v1 = good.split_once(",v1=").map(|(_, v)| v).unwrap_or_default();
        let header = format!("t=10,v1={},v1={v1},v0=zz", "00".repeat(32));
        assert_eq!(verify_signature("body", &header, SECRET, 10, 300), Ok(()));
    }

    #[test]
    fn a_changed_body_or_secret_fails() {
        let header = sign("body", SECRET, 10);
        assert_eq!(
            verify_signature("body!", &header, SECRET, 10, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature("body", &header, "whsec_other", 10, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn an_old_timestamp_fails() {
        let header = sign("body", SECRET, 10);
        assert_eq!(
            verify_signature("body", &header, SECRET, 311, 300),
            Err(SignatureError::OutsideTolerance { timestamp: 10 })
        );
    }

    #[test]
    fn malformed_headers_fail() {
        assert_eq!(
            verify_signature("b", "v1=00", SECRET, 0, 300),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            verify_signature("b", "t=1", SECRET, 0, 300),
            Err(SignatureError::MissingSignature)
        );
    }
}
