//! Where a member is signed in. Each signed-in session holds a random
//! device key naming one `signed_in_devices` row; the row is written when
//! the session is first seen signed in and its `last_seen_at` refreshed at
//! most every [`SEEN_EVERY`], so a busy member costs one write per few
//! minutes, not one per request. Whatever ends sessions (signing out,
//! "sign out everywhere else", a new password, blocking, deletion) deletes
//! their rows in the same breath, and rows of sessions that expired unseen
//! are swept.

use crate::UserId;
use crate::account::SignedInDevice;
use crate::entity::signed_in_device;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde::{Deserialize, Serialize};

/// How stale `last_seen_at` may get while the session is in use.
pub const SEEN_EVERY: Duration = Duration::minutes(5);

/// A session unused this long has expired (the session layer's inactivity
/// limit is 14 days); its row goes with it.
pub const FORGOTTEN_AFTER: Duration = Duration::days(15);

/// The key a session keeps: 32 hex digits.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceKey(String);

impl DeviceKey {
    pub fn new() -> DeviceKey {
        let mut bytes = [0_u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        DeviceKey(hex::encode(bytes))
    }
}

impl Default for DeviceKey {
    fn default() -> Self {
        DeviceKey::new()
    }
}

impl TryFrom<String> for DeviceKey {
    type Error = &'static str;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        if raw.len() == 32 && raw.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(DeviceKey(raw))
        } else {
            Err("not a device key")
        }
    }
}

impl From<DeviceKey> for String {
    fn from(k: DeviceKey) -> String {
        k.0
    }
}

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey(…)")
    }
}

/// What a session remembers about its device row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeenDevice {
    pub key: DeviceKey,
    /// When `last_seen_at` was last written.
    pub written_at: DateTime<Utc>,
}

impl SeenDevice {
    /// Whether `last_seen_at` should be written again.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        now - self.written_at >= SEEN_EVERY
    }
}

/// Records a newly signed-in session of `member` seen from `user_agent`.
pub async fn signed_in(
    db: &impl ConnectionTrait,
    member: UserId,
    user_agent: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SeenDevice, DbErr> {
    let key = DeviceKey::new();
    signed_in_device::ActiveModel {
        user_id: Set(member.get()),
        device_key: Set(key.0.clone()),
        device: Set(describe(user_agent.unwrap_or(""))),
        signed_in_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(SeenDevice {
        key,
        written_at: now,
    })
}

/// Moves the session's `last_seen_at` to `now`. A row that is gone (its
/// session was ended elsewhere a moment ago) stays gone.
pub async fn seen(
    db: &impl ConnectionTrait,
    key: &DeviceKey,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    signed_in_device::Entity::update_many()
        .col_expr(signed_in_device::Column::LastSeenAt, Expr::value(now))
        .filter(signed_in_device::Column::DeviceKey.eq(key.0.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// The member's signed-in devices, most recently seen first; `current` is
/// the one asking.
pub async fn list(
    db: &impl ConnectionTrait,
    member: UserId,
    current: Option<&DeviceKey>,
) -> Result<Vec<SignedInDevice>, DbErr> {
    Ok(signed_in_device::Entity::find()
        .filter(signed_in_device::Column::UserId.eq(member.get()))
        .order_by_desc(signed_in_device::Column::LastSeenAt)
        .order_by_desc(signed_in_device::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| SignedInDevice {
            this_device: current.is_some_and(|k| k.0 == row.device_key),
            device: row.device,
            signed_in_at: row.signed_in_at,
            last_seen_at: row.last_seen_at,
        })
        .collect())
}

/// Forgets the session holding `key` (it signed out).
pub async fn forget(db: &impl ConnectionTrait, key: &DeviceKey) -> Result<(), DbErr> {
    signed_in_device::Entity::delete_many()
        .filter(signed_in_device::Column::DeviceKey.eq(key.0.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets every session of `member` but `keep`'s (they were all ended).
pub async fn forget_all_but(
    db: &impl ConnectionTrait,
    member: UserId,
    keep: Option<&DeviceKey>,
) -> Result<(), DbErr> {
    let mut delete = signed_in_device::Entity::delete_many()
        .filter(signed_in_device::Column::UserId.eq(member.get()));
    if let Some(keep) = keep {
        delete = delete.filter(signed_in_device::Column::DeviceKey.ne(keep.0.as_str()));
    }
    delete.exec(db).await?;
    Ok(())
}

/// Forgets sessions nobody has used for [`FORGOTTEN_AFTER`].
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(signed_in_device::Entity::delete_many()
        .filter(signed_in_device::Column::LastSeenAt.lt(now - FORGOTTEN_AFTER))
        .exec(db)
        .await?
        .rows_affected)
}

/// "Firefox on Linux" from a User-Agent, coarse on purpose: enough for a
/// member to tell their phone from their laptop, nothing that fingerprints.
pub fn describe(user_agent: &str) -> String {
    let has = |s: &str| user_agent.contains(s);
    // Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
    let browser = if has("Edg/") {
        "Edge"
    } else if has("OPR/") {
        "Opera"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        "A browser"
    };
    let system = if has("iPhone") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Android") {
        "Android"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Mac OS X") || has("Macintosh") {
        "Mac"
    } else if has("Windows") {
        "Windows"
    } else if has("Linux") {
        "Linux"
    } else {
        return browser.to_owned();
    };
    format!("{browser} on {system}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_browsers_people_use() {
        let cases = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
                "Firefox on Linux",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
                "Safari on Mac",
            ),
            ("curl/8.5.0", "A browser"),
            ("", "A browser"),
        ];
        for (ua, want) in cases {
            assert_eq!(describe(ua), want, "{ua}");
        }
    }

    #[test]
    fn a_device_key_is_32_hex_digits_and_nothing_else() {
        let key = DeviceKey::new();
        assert_eq!(String::from(key.clone()).len(), 32);
        assert!(DeviceKey::try_from(String::from(key)).is_ok());
        for bad in ["", "zz", &"g".repeat(32), &"a".repeat(33)] {
            assert!(DeviceKey::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
