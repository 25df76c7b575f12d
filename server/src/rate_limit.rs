//! Rate limits on the endpoints worth guessing at or flooding: sign-in (per
//! client IP, per account from one client, and a softer account-wide
//! slow-down), sign-up and password changes, and booking and checkout (per
//! signed-in member). Everything else, the Stripe webhook and page views
//! included, is never limited.
//!
//! Sign-in is limited on what the server function will parse: it reads a
//! form body whatever the `Content-Type` says, so the limiter reads the
//! `email` of a form body too. The strict per-account limit is keyed on the
//! account *and* the client, so guessing from one place cannot lock the
//! owner out from another; the account-wide limit never refuses, it holds an
//! attempt over it until the bucket would admit it (at most
//! `LOGIN_SLOWDOWN_MAX`), which slows a guesser spread over many addresses.
//!
//! Limits are GCRA buckets (`governor`): "10/minute" allows a burst of 10,
//! then one more every 6 seconds. A refused request gets `429 Too Many
//! Requests`, a `Retry-After` header in whole seconds, and the `rate_limited`
//! [`ApiError`] as JSON, which the server-function client shows like any
//! other error.
//!
//! The buckets live in this process's memory: behind a load balancer each
//! instance counts on its own, so the effective limit is at most the number
//! of instances times the configured one. Keys idle long enough to be full
//! again are dropped every minute, so memory does not grow with every IP or
//! email ever seen.
//!
//! Configuration (a value of `0` turns that limit off):
//!
//! | variable | default |
//! | --- | --- |
//! | `RATE_LIMIT_LOGIN_PER_IP` | `10/minute` |
//! | `RATE_LIMIT_LOGIN_PER_ACCOUNT` | `5/minute` (per account and client) |
//! | `RATE_LIMIT_LOGIN_ACCOUNT_WIDE` | `30/minute` (slows, never refuses) |
//! | `RATE_LIMIT_PASSWORD_CHANGE_PER_MEMBER` | `5/10m` |
//! | `RATE_LIMIT_SIGNUP_PER_IP` | `20/hour` |
//! | `RATE_LIMIT_EMAIL_LINKS_PER_IP` | `20/hour` (asking for a link by email, and using one) |
//! | `RATE_LIMIT_BOOKING_PER_MEMBER` | `20/minute` |
//! | `TRUST_FORWARDED_FOR` | off; `1` keys by the first `X-Forwarded-For` entry |
//!
//! A limit is written `COUNT/PERIOD`, the period being a unit (`second`,
//! `minute`, `hour`, `day`, or `s`, `m`, `h`, `d`) optionally preceded by a
//! number: `10/minute`, `5/10m`, `100/1h`. A bare `COUNT` is per minute.
//!
//! `TRUST_FORWARDED_FOR=1` is only safe behind a proxy that sets
//! `X-Forwarded-For` itself, discarding whatever the client sent; otherwise
//! a client can pick its own key and escape the per-IP limits.

use crate::config::ConfigError;
use app::auth::ssr::AuthSession;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use std::fmt;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tessera::{ApiError, ErrorCode};

/// Sign-in: `email` and `password` in a form body.
pub const LOGIN_PATH: &str = "/api/login";
/// Signing in with a passkey: counted with password sign-ins per client IP
/// (each start also makes a session to hold its challenge).
pub const PASSKEY_SIGN_IN_PATHS: [&str; 2] =
    ["/api/start_passkey_sign_in", "/api/finish_passkey_sign_in"];
/// Sign-up.
pub const SIGNUP_PATH: &str = "/api/signup";
/// Links by email: asking for one (each is an email; the service also sends
/// one account at most three of a kind an hour) and using one.
pub const EMAIL_LINK_PATHS: [&str; 5] = [
    "/api/request_password_reset",
    "/api/reset_password",
    "/api/resend_confirmation",
    "/api/confirm_email",
    "/api/change_email",
];
/// What checks the member's password (worth guessing at): changing it,
/// moving to a new address, adding a passkey.
pub const PASSWORD_CHECK_PATHS: [&str; 3] = [
    "/api/change_password",
    "/api/request_email_change",
    "/api/start_adding_passkey",
];
/// The longest an attempt over the account-wide sign-in budget is held.
pub const LOGIN_SLOWDOWN_MAX: Duration = Duration::from_secs(10);
/// Booking and checkout: each can create a booking, a Checkout Session or a
/// refund, so each counts against the member's booking limit; so does
/// pricing a voucher code, which would otherwise let codes be guessed.
pub const BOOKING_PATHS: [&str; 5] = [
    "/api/book_course",
    "/api/price_with_voucher",
    "/api/retry_payment",
    "/api/release_booking",
    "/api/cancel_booking",
];

/// The largest sign-in body read to find the `email` field.
const MAX_LOGIN_BODY: usize = 16 * 1024;
/// Emails longer than this are keyed by their first this many characters.
const MAX_ACCOUNT_KEY: usize = 320;
/// How often idle keys are dropped.
const CLEANUP_EVERY: Duration = Duration::from_secs(60);

/// One limit: at most `count` requests per `period` (as a burst, refilled
/// evenly over the period).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Requests allowed per period (and the largest burst).
    pub count: NonZeroU32,
    pub period: Duration,
}

impl Limit {
    /// `count` per `period`; `None` when either is zero or the rate is
    /// finer than a nanosecond per request.
    pub fn new(count: u32, period: Duration) -> Option<Limit> {
        let count = NonZeroU32::new(count)?;
        (!(period / count.get()).is_zero()).then_some(Limit { count, period })
    }

    /// Parses `COUNT`, `COUNT/UNIT` or `COUNT/NUNIT`. `Ok(None)` for a count
    /// of 0 (the limit is off).
    pub fn parse(s: &str) -> Result<Option<Limit>, String> {
        let s = s.trim();
        let (count, period) = match s.split_once('/') {
            Some((c, p)) => (c.trim(), parse_period(p)?),
            None => (s, Duration::from_secs(60)),
        };
        let count: u32 = count
            .parse()
            .map_err(|_| format!("{s:?}: {count:?} is not a whole number of requests"))?;
        if count == 0 {
            return Ok(None);
        }
        Limit::new(count, period)
            .map(Some)
            .ok_or_else(|| format!("{s:?}: too many requests for so short a period"))
    }

    fn quota(&self) -> Option<Quota> {
        Quota::with_period(self.period / self.count.get()).map(|q| q.allow_burst(self.count))
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.count, self.period.as_secs_f64())
    }
}

fn parse_period(p: &str) -> Result<Duration, String> {
    let p = p.trim();
    let split = p.find(|c: char| !c.is_ascii_digit()).unwrap_or(p.len());
    let (n, unit) = p.split_at(split);
    let n: u64 = if n.is_empty() {
        1
    } else {
        n.parse()
            .map_err(|_| format!("{p:?} is not a period like minute or 10m"))?
    };
    let unit_secs = match unit.trim().to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        _ => return Err(format!("{p:?} is not a period like minute or 10m")),
    };
    match n.checked_mul(unit_secs) {
        Some(secs) if secs > 0 => Ok(Duration::from_secs(secs)),
        _ => Err(format!("{p:?} is not a usable period")),
    }
}

/// The configured limits; `None` means off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Sign-in attempts per client IP (`RATE_LIMIT_LOGIN_PER_IP`).
    pub login_per_ip: Option<Limit>,
    /// Sign-in attempts per account (by email) from one client
    /// (`RATE_LIMIT_LOGIN_PER_ACCOUNT`).
    pub login_per_account: Option<Limit>,
    /// Sign-in attempts per account from anywhere, over which attempts are
    /// slowed (`RATE_LIMIT_LOGIN_ACCOUNT_WIDE`).
    pub login_account_wide: Option<Limit>,
    /// Password changes per member (`RATE_LIMIT_PASSWORD_CHANGE_PER_MEMBER`).
    pub password_change_per_member: Option<Limit>,
    /// Sign-ups per client IP (`RATE_LIMIT_SIGNUP_PER_IP`).
    pub signup_per_ip: Option<Limit>,
    /// Reset links asked for or used per client IP
    /// (`RATE_LIMIT_EMAIL_LINKS_PER_IP`).
    pub email_links_per_ip: Option<Limit>,
    /// Booking and checkout calls per member (`RATE_LIMIT_BOOKING_PER_MEMBER`).
    pub booking_per_member: Option<Limit>,
    /// Key clients by the first `X-Forwarded-For` entry (`TRUST_FORWARDED_FOR=1`).
    pub trust_forwarded_for: bool,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            login_per_ip: Limit::new(10, Duration::from_secs(60)),
            login_per_account: Limit::new(5, Duration::from_secs(60)),
            login_account_wide: Limit::new(30, Duration::from_secs(60)),
            password_change_per_member: Limit::new(5, Duration::from_secs(600)),
            signup_per_ip: Limit::new(20, Duration::from_secs(3600)),
            email_links_per_ip: Limit::new(20, Duration::from_secs(3600)),
            booking_per_member: Limit::new(20, Duration::from_secs(60)),
            trust_forwarded_for: false,
        }
    }
}

impl RateLimits {
    /// Reads the limits from a variable lookup (see the module docs).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<RateLimits, ConfigError> {
        let defaults = RateLimits::default();
        let limit = |var: &'static str, default: Option<Limit>| match get(var) {
            None => Ok(default),
            Some(v) => Limit::parse(&v).map_err(|why| ConfigError::Invalid { var, why }),
        };
        Ok(RateLimits {
            login_per_ip: limit("RATE_LIMIT_LOGIN_PER_IP", defaults.login_per_ip)?,
            login_per_account: limit("RATE_LIMIT_LOGIN_PER_ACCOUNT", defaults.login_per_account)?,
            login_account_wide: limit(
                "RATE_LIMIT_LOGIN_ACCOUNT_WIDE",
                defaults.login_account_wide,
            )?,
            password_change_per_member: limit(
                "RATE_LIMIT_PASSWORD_CHANGE_PER_MEMBER",
                defaults.password_change_per_member,
            )?,
            signup_per_ip: limit("RATE_LIMIT_SIGNUP_PER_IP", defaults.signup_per_ip)?,
            email_links_per_ip: limit(
                "RATE_LIMIT_EMAIL_LINKS_PER_IP",
                defaults.email_links_per_ip,
            )?,
            booking_per_member: limit(
                "RATE_LIMIT_BOOKING_PER_MEMBER",
                defaults.booking_per_member,
            )?,
            trust_forwarded_for: match get("TRUST_FORWARDED_FOR") {
                None => false,
                Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" | "on" => true,
                    "0" | "false" | "no" | "off" => false,
                    _ => {
                        return Err(ConfigError::Invalid {
                            var: "TRUST_FORWARDED_FOR",
                            why: format!("{v:?} is not 1 or 0"),
                        });
                    }
                },
            },
        })
    }
}

type Keyed<K> = DefaultKeyedRateLimiter<K>;

fn keyed<K: Hash + Eq + Clone>(limit: Option<Limit>) -> Option<Keyed<K>> {
    limit.and_then(|l| l.quota()).map(Keyed::keyed)
}

/// `Err(wait)` when `key` is over `limiter`'s limit; always `Ok` when off.
fn check<K: Hash + Eq + Clone>(limiter: &Option<Keyed<K>>, key: &K) -> Result<(), Duration> {
    match limiter {
        None => Ok(()),
        Some(l) => l
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(l.clock().now())),
    }
}

struct Limiters {
    login_ip: Option<Keyed<IpAddr>>,
    login_account: Option<Keyed<(String, Option<IpAddr>)>>,
    login_account_wide: Option<Keyed<String>>,
    password_member: Option<Keyed<i64>>,
    signup_ip: Option<Keyed<IpAddr>>,
    email_link_ip: Option<Keyed<IpAddr>>,
    booking_member: Option<Keyed<i64>>,
    trust_forwarded_for: bool,
}

impl Limiters {
    fn retain_recent(&self) {
        fn clean<K: Hash + Eq + Clone>(l: &Option<Keyed<K>>) {
            if let Some(l) = l {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        clean(&self.login_ip);
        clean(&self.login_account);
        clean(&self.login_account_wide);
        clean(&self.password_member);
        clean(&self.signup_ip);
        clean(&self.email_link_ip);
        clean(&self.booking_member);
    }
}

/// The limiters' state, shared by the middleware's clones.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Limiters>,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter").finish_non_exhaustive()
    }
}

impl RateLimiter {
    /// Empty buckets for `limits`. Inside a Tokio runtime, a task drops idle
    /// keys every minute for as long as the limiter is in use.
    pub fn new(limits: &RateLimits) -> RateLimiter {
        let inner = Arc::new(Limiters {
            login_ip: keyed(limits.login_per_ip),
            login_account: keyed(limits.login_per_account),
            login_account_wide: keyed(limits.login_account_wide),
            password_member: keyed(limits.password_change_per_member),
            signup_ip: keyed(limits.signup_per_ip),
            email_link_ip: keyed(limits.email_links_per_ip),
            booking_member: keyed(limits.booking_per_member),
            trust_forwarded_for: limits.trust_forwarded_for,
        });
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                rt.spawn(clean_up(Arc::downgrade(&inner)));
            }
            Err(_) => tracing::warn!("rate limits: no runtime, idle keys are never dropped"),
        }
        RateLimiter { inner }
    }
}

async fn clean_up(limiters: Weak<Limiters>) {
    let mut every = tokio::time::interval(CLEANUP_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every.tick().await;
    loop {
        every.tick().await;
        match limiters.upgrade() {
            Some(l) => l.retain_recent(),
            None => break,
        }
    }
}

/// The middleware (with [`RateLimiter`] as its state, through
/// `axum::middleware::from_fn_with_state`): checks the request against its
/// limits; a request over one gets 429. Place it inside the auth layer: it
/// reads the signed-in member from the request's `AuthSession`.
pub async fn limit(State(limiter): State<RateLimiter>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let l = &limiter.inner;
    let path = req.uri().path();
    if path == LOGIN_PATH {
        let ip = client_ip(&req, l.trust_forwarded_for);
        if let Some(ip) = ip
            && let Err(wait) = check(&l.login_ip, &ip)
        {
            return too_many("login_per_ip", wait);
        }
        if l.login_account.is_some() || l.login_account_wide.is_some() {
            let (parts, body) = req.into_parts();
            let bytes = match axum::body::to_bytes(body, MAX_LOGIN_BODY).await {
                Ok(b) => b,
                Err(_) => {
                    return refuse(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        ApiError::with_message(
                            ErrorCode::Validation,
                            tessera::said!("request-malformed"),
                        ),
                    );
                }
            };
            if let Some(account) = account_key(&bytes) {
                if let Err(wait) = check(&l.login_account, &(account.clone(), ip)) {
                    return too_many("login_per_account", wait);
                }
                if let Some(wide) = &l.login_account_wide
                    && wide.check_key(&account).is_err()
                {
                    // Waits its turn in the account's budget; past the
                    // longest wait it goes ahead anyway (never refused).
                    metrics::counter!("tessera_login_slowed_total").increment(1);
                    let turn = wide.until_key_ready(&account);
                    if tokio::time::timeout(LOGIN_SLOWDOWN_MAX, turn)
                        .await
                        .is_err()
                    {
                        tracing::info!(
                            "sign-in slowed to the longest wait: account-wide budget spent"
                        );
                    }
                }
            }
            return next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
        }
    } else if PASSKEY_SIGN_IN_PATHS.contains(&path) {
        if let Some(ip) = client_ip(&req, l.trust_forwarded_for)
            && let Err(wait) = check(&l.login_ip, &ip)
        {
            return too_many("login_per_ip", wait);
        }
    } else if path == SIGNUP_PATH {
        if let Some(ip) = client_ip(&req, l.trust_forwarded_for)
            && let Err(wait) = check(&l.signup_ip, &ip)
        {
            return too_many("signup_per_ip", wait);
        }
    } else if EMAIL_LINK_PATHS.contains(&path) {
        if let Some(ip) = client_ip(&req, l.trust_forwarded_for)
            && let Err(wait) = check(&l.email_link_ip, &ip)
        {
            return too_many("email_links_per_ip", wait);
        }
    } else if BOOKING_PATHS.contains(&path) {
        if let Some(member) = member(&req)
            && let Err(wait) = check(&l.booking_member, &member)
        {
            return too_many("booking_per_member", wait);
        }
    } else if PASSWORD_CHECK_PATHS.contains(&path)
        && let Some(member) = member(&req)
        && let Err(wait) = check(&l.password_member, &member)
    {
        return too_many("password_change_per_member", wait);
    }
    next.run(req).await
}

/// The signed-in member (signed out: the server function answers 401 itself).
fn member(req: &Request) -> Option<i64> {
    req.extensions()
        .get::<AuthSession>()
        .and_then(|a| a.user.as_ref())
        .map(|u| u.id)
}

/// The client's address: the first `X-Forwarded-For` entry when trusted and
/// well-formed, else the TCP peer. IPv6 clients are keyed by their /64,
/// which is what one subscriber usually gets.
fn client_ip(req: &Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    let forwarded = trust_forwarded_for
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(parse_forwarded);
    let ip = forwarded.or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    })?;
    Some(match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let prefix = v6.to_bits() & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from_bits(prefix))
        }
        v4 => v4,
    })
}

fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The sign-in form's `email`, trimmed and lower-cased. The body is read as
/// a form whatever its `Content-Type`, as the server function reads it.
fn account_key(body: &Bytes) -> Option<String> {
    let email = form_urlencoded::parse(body)
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.into_owned())?;
    let key: String = email
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_ACCOUNT_KEY)
        .collect();
    (!key.is_empty()).then_some(key)
}

/// 429 with `Retry-After` (whole seconds, at least 1) and `rate_limited`.
fn too_many(limit: &'static str, wait: Duration) -> Response {
    let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    metrics::counter!("tessera_rate_limited_total", "limit" => limit).increment(1);
    tracing::info!(limit, retry_after = secs, "rate limited");
    let mut res = refuse(
        StatusCode::TOO_MANY_REQUESTS,
        ApiError::new(ErrorCode::RateLimited),
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
    res
}

fn refuse(status: StatusCode, error: ApiError) -> Response {
    let body = serde_json::to_string(&error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn per(count: u32, secs: u64) -> Option<Limit> {
        Limit::new(count, Duration::from_secs(secs))
    }

    #[test]
    fn limits_parse() {
        assert_eq!(Limit::parse("10/minute"), Ok(per(10, 60)));
        assert_eq!(Limit::parse("5/10m"), Ok(per(5, 600)));
        assert_eq!(Limit::parse(" 5 / 10 minutes "), Ok(per(5, 600)));
        assert_eq!(Limit::parse("100/1h"), Ok(per(100, 3600)));
        assert_eq!(Limit::parse("3/s"), Ok(per(3, 1)));
        assert_eq!(Limit::parse("7/day"), Ok(per(7, 86_400)));
        assert_eq!(Limit::parse("12"), Ok(per(12, 60)));
        assert_eq!(Limit::parse("0"), Ok(None));
        assert_eq!(Limit::parse("0/hour"), Ok(None));
        for bad in [
            "",
            "x",
            "-1/minute",
            "5/fortnight",
            "5/0m",
            "5/",
            "4294967295/1s",
        ] {
            assert!(Limit::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn config_defaults_overrides_and_errors() {
        let from = |vars: &[(&str, &str)]| {
            let map: HashMap<String, String> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            RateLimits::from_lookup(|k| map.get(k).cloned())
        };
        assert_eq!(from(&[]).ok(), Some(RateLimits::default()));
        let c = from(&[
            ("RATE_LIMIT_LOGIN_PER_IP", "0"),
            ("RATE_LIMIT_BOOKING_PER_MEMBER", "2/minute"),
            ("TRUST_FORWARDED_FOR", "1"),
        ])
        .expect("valid");
        assert_eq!(c.login_per_ip, None);
        assert_eq!(c.booking_per_member, per(2, 60));
        assert!(c.trust_forwarded_for);
        let err = from(&[("RATE_LIMIT_SIGNUP_PER_IP", "lots")]).expect_err("refused");
        assert!(
            err.to_string().starts_with("RATE_LIMIT_SIGNUP_PER_IP"),
            "{err}"
        );
        assert!(from(&[("TRUST_FORWARDED_FOR", "maybe")]).is_err());
    }

    #[test]
    fn a_bucket_refuses_past_its_burst_and_says_how_long_to_wait() {
        let limiter = keyed::<i64>(per(2, 60));
        assert!(check(&limiter, &1).is_ok());
        assert!(check(&limiter, &1).is_ok());
        let wait = check(&limiter, &1).expect_err("third is over");
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert!(check(&limiter, &2).is_ok(), "other keys are unaffected");
        assert!(check(&keyed::<i64>(None), &1).is_ok());
    }

    #[test]
    fn client_ips_from_peer_or_trusted_forwarded_for() {
        let req = |xff: Option<&str>, peer: &str| {
            let mut r = Request::new(Body::empty());
            if let Some(x) = xff {
                r.headers_mut()
                    .insert("x-forwarded-for", x.parse().expect("header"));
            }
            r.extensions_mut()
                .insert(ConnectInfo(peer.parse::<SocketAddr>().expect("addr")));
            r
        };
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        let r = req(Some("203.0.113.9, 10.0.0.1"), "10.0.0.2:5000");
        assert_eq!(client_ip(&r, false), Some(ip("10.0.0.2")));
        assert_eq!(client_ip(&r, true), Some(ip("203.0.113.9")));
        let r = req(Some("garbage"), "10.0.0.2:5000");
        assert_eq!(client_ip(&r, true), Some(ip("10.0.0.2")));
        let r = req(None, "[2001:db8:1:2:3:4:5:6]:443");
        assert_eq!(client_ip(&r, false), Some(ip("2001:db8:1:2::")));
        let r = req(None, "[::ffff:192.0.2.1]:443");
        assert_eq!(client_ip(&r, false), Some(ip("192.0.2.1")));
    }

    #[test]
    fn account_keys_are_lower_cased_emails_of_a_form_body() {
        let body = Bytes::from_static(b"email=%20Ada%40Example.COM&password=x");
        assert_eq!(account_key(&body).as_deref(), Some("ada@example.com"));
        assert_eq!(account_key(&Bytes::from_static(b"password=x")), None);
        // A JSON body is no form the server function could sign in with.
        let json = Bytes::from_static(br#"{"email":"ADA@example.com"}"#);
        assert_eq!(account_key(&json), None);
    }

    #[test]
    fn refusals_are_our_error_json() {
        let res = too_many("test", Duration::from_millis(1500));
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            res.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("2")
        );
        let res = too_many("test", Duration::ZERO);
        assert_eq!(
            res.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("1")
        );
    }
}
