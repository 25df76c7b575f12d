//! Configuration from environment variables (and `.env` when present), parsed
//! into types that can only hold usable values.

use std::fmt;
use std::net::SocketAddr;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the site listens (`LEPTOS_SITE_ADDR`).
    pub site_addr: SocketAddr,
    /// The public base URL, without a trailing slash (`PUBLIC_URL`).
    pub public_url: PublicUrl,
    /// The database (`DATABASE_URL`).
    pub database_url: DatabaseUrl,
    /// Connections one instance keeps to PostgreSQL at most
    /// (`DATABASE_POOL_SIZE`, default 20, 1 to 200): several instances
    /// share the server's `max_connections`.
    pub database_pool: u32,
    /// Real Stripe or the simulator.
    pub stripe: StripeMode,
    /// How long one call to Stripe may take before Stripe counts as
    /// unavailable (`STRIPE_TIMEOUT_SECONDS`, default 10, 1 to 80).
    pub stripe_timeout: std::time::Duration,
    /// The compiled site (`LEPTOS_SITE_ROOT`, default `target/site`).
    pub site_root: String,
    /// Log lines as JSON (`LOG_FORMAT=json`).
    pub json_logs: bool,
    /// Whether `PUBLIC_URL` was given (else it follows the bound address).
    pub public_url_explicit: bool,
    /// Members are refunded in full when they cancel at least this many
    /// hours before the start (`REFUND_CUTOFF_HOURS`, default 48).
    pub refund_cutoff_hours: i64,
    /// The site's clock (`SITE_TIME_ZONE`, default Europe/Berlin): the
    /// catalog counts "this week" and chosen days in it.
    pub site_zone: tessera::venue::SiteZone,
    /// How long a waiting-list offer holds its seat and when the list
    /// closes (`WAITLIST_OFFER_HOURS`, default 12;
    /// `WAITLIST_CLOSES_HOURS_BEFORE`, default 2).
    pub waitlist: tessera::waitlist::WaitlistPolicy,
    /// When the reminder email goes out (`REMINDER_HOURS_BEFORE`, default 24).
    pub reminder_before: chrono::Duration,
    /// Where emails go (`SMTP_URL`, `MAIL_DIR`, `MAIL_FROM`).
    pub mail: crate::mail::MailConfig,
    /// Rate limits on sign-in, sign-up and booking (`RATE_LIMIT_*`,
    /// `TRUST_FORWARDED_FOR`; see `rate_limit`).
    pub rate_limits: crate::rate_limit::RateLimits,
    /// `GET /metrics` answers only with `Authorization: Bearer` this token
    /// (`METRICS_TOKEN`); unset, `/metrics` is off (404).
    pub metrics_token: Option<Secret>,
}

/// A secret that never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How Tessera talks to Stripe.
#[derive(Clone, Debug)]
pub enum StripeMode {
    /// No key: the built-in simulator on `addr`.
    Simulated {
        /// Where the simulator listens.
        addr: SocketAddr,
        /// Where it keeps its objects between restarts (`STRIPE_SIM_STATE`,
        /// default `data/stripe-sim.json`; `off` keeps nothing).
        state_file: Option<std::path::PathBuf>,
        /// `STRIPE_WEBHOOK_SECRET` if given (tools that sign their own
        /// events need to know it); generated otherwise.
        webhook_secret: Option<Secret>,
        /// Test switch (`STRIPE_SIM_DUPLICATE_EVENTS=1`): every event is
        /// delivered twice, in shuffled order.
        duplicate_events: bool,
        /// How long a SEPA Direct Debit on the simulator's page processes
        /// before it settles (`STRIPE_SIM_ASYNC_DELAY_MS`, default 10 s).
        async_delay: Option<std::time::Duration>,
        /// Asked for with `STRIPE_SIMULATOR=on` on a site that is not local
        /// (a demo): warned about at start, "Test mode" on every page.
        demo: bool,
    },
    /// A real key, with the webhook secret it requires.
    Live {
        /// `sk_…`.
        secret_key: Secret,
        /// `whsec_…`.
        webhook_secret: Secret,
        /// Override of Stripe's API base (`STRIPE_API_BASE`).
        api_base: Option<String>,
    },
}

/// `http(s)://host[:port]` without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Parses a base URL.
    pub fn parse(s: &str) -> Result<PublicUrl, ConfigError> {
        let trimmed = s.trim().trim_end_matches('/');
        let uri: http::Uri = trimmed.parse().map_err(|_| ConfigError::Invalid {
            var: "PUBLIC_URL",
            why: format!("{s:?} is not a URL"),
        })?;
        match (uri.scheme_str(), uri.host()) {
            (Some("http" | "https"), Some(_)) => Ok(PublicUrl(trimmed.to_owned())),
            _ => Err(ConfigError::Invalid {
                var: "PUBLIC_URL",
                why: format!("{s:?} must start with http:// or https:// and name a host"),
            }),
        }
    }

    /// The base, e.g. `http://127.0.0.1:3000`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether cookies must be `Secure` and HSTS sent.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// Whether the site is only reachable from this machine: plain http on
    /// `localhost`, 127.0.0.0/8 or `[::1]`. Only such a site runs on the
    /// simulator without being told to.
    pub fn is_loopback(&self) -> bool {
        let Some(rest) = self.0.strip_prefix("http://") else {
            return false;
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let Ok(uri) = authority.parse::<http::uri::Authority>() else {
            return false;
        };
        let host = uri.host().trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// Which database, and its URL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path?mode=rwc` (or `sqlite::memory:`).
    Sqlite(String),
    /// `postgres://…`.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a URL and refuses other schemes.
    pub fn parse(s: &str) -> Result<DatabaseUrl, ConfigError> {
        let s = s.trim();
        if s.starts_with("sqlite:") {
            Ok(DatabaseUrl::Sqlite(s.to_owned()))
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(s.to_owned()))
        } else {
            Err(ConfigError::Invalid {
                var: "DATABASE_URL",
                why: "must start with sqlite: or postgres://".to_owned(),
            })
        }
    }

    /// The URL itself.
    pub fn as_str(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(s) | DatabaseUrl::Postgres(s) => s,
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    // Postgres URLs can carry a password: show only the scheme and host part.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(s) => write!(f, "{s}"),
            DatabaseUrl::Postgres(s) => {
                let host = s.rsplit_once('@').map(|(_, h)| h).unwrap_or("…");
                write!(f, "postgres://…@{host}")
            }
        }
    }
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The variable is set to something unusable.
    #[error("{var}: {why}")]
    Invalid {
        /// The variable.
        var: &'static str,
        /// What is wrong.
        why: String,
    },
    /// A variable that must accompany another is missing.
    #[error("{0}")]
    Missing(&'static str),
}

impl Config {
    /// Until when a member's cancellation is refunded.
    pub fn refund_policy(&self) -> tessera::service::cancel::RefundPolicy {
        tessera::service::cancel::RefundPolicy {
            cutoff: chrono::Duration::hours(self.refund_cutoff_hours),
        }
    }

    /// Reads `.env` (if present) and the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        // An empty variable counts as unset, except the Stripe key: set but
        // empty is a deployment mistake, refused rather than simulated.
        Config::from_lookup(|k| {
            std::env::var(k)
                .ok()
                .filter(|v| k == "STRIPE_SECRET_KEY" || !v.trim().is_empty())
        })
    }

    /// Builds a configuration from any variable lookup (tests use a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr = |var: &'static str, default: &str| -> Result<SocketAddr, ConfigError> {
            let v = get(var).unwrap_or_else(|| default.to_owned());
            v.trim().parse().map_err(|_| ConfigError::Invalid {
                var,
                why: format!("{v:?} is not an address like 127.0.0.1:3000"),
            })
        };
        let site_addr = addr("LEPTOS_SITE_ADDR", "127.0.0.1:3000")?;
        let public_url = match get("PUBLIC_URL") {
            Some(u) => PublicUrl::parse(&u)?,
            None => PublicUrl::parse(&format!("http://{site_addr}"))?,
        };
        let database_url = DatabaseUrl::parse(
            &get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/tessera.db?mode=rwc".to_owned()),
        )?;
        let database_pool = match get("DATABASE_POOL_SIZE") {
            None => 20,
            Some(v) => match v.trim().parse::<u32>() {
                Ok(n) if (1..=200).contains(&n) => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        var: "DATABASE_POOL_SIZE",
                        why: format!("{v:?} is not a number from 1 to 200"),
                    });
                }
            },
        };
        let simulator_asked = match get("STRIPE_SIMULATOR") {
            None => false,
            Some(v) => match v.trim().to_ascii_lowercase().as_str() {
                "on" | "1" | "true" => true,
                "off" | "0" | "false" => false,
                _ => {
                    return Err(ConfigError::Invalid {
                        var: "STRIPE_SIMULATOR",
                        why: format!("{v:?} is not on or off"),
                    });
                }
            },
        };
        let stripe = match get("STRIPE_SECRET_KEY") {
            Some(key) if key.trim().is_empty() => {
                return Err(ConfigError::Missing(
                    "STRIPE_SECRET_KEY is set but empty: give the key (sk_live_… / sk_test_…), or unset it and set STRIPE_SIMULATOR=on for a site that takes no money",
                ));
            }
            None if !simulator_asked && !public_url.is_loopback() => {
                return Err(ConfigError::Missing(
                    "STRIPE_SECRET_KEY is not set and PUBLIC_URL is not a local address: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to take payments, or STRIPE_SIMULATOR=on for a demo site that takes no money",
                ));
            }
            None => StripeMode::Simulated {
                demo: simulator_asked && !public_url.is_loopback(),
                addr: addr("STRIPE_SIM_ADDR", "127.0.0.1:12111")?,
                state_file: match get("STRIPE_SIM_STATE") {
                    Some(v) if v.trim() == "off" => None,
                    Some(v) => Some(v.trim().into()),
                    None => Some("data/stripe-sim.json".into()),
                },
                webhook_secret: get("STRIPE_WEBHOOK_SECRET").map(Secret::new),
                duplicate_events: get("STRIPE_SIM_DUPLICATE_EVENTS")
                    .is_some_and(|v| v == "1" || v == "true"),
                async_delay: match get("STRIPE_SIM_ASYNC_DELAY_MS") {
                    None => None,
                    Some(v) => Some(std::time::Duration::from_millis(
                        v.trim().parse::<u64>().map_err(|_| ConfigError::Invalid {
                            var: "STRIPE_SIM_ASYNC_DELAY_MS",
                            why: format!("{v:?} is not a number of milliseconds"),
                        })?,
                    )),
                },
            },
            Some(key) => {
                if !(key.starts_with("sk_") || key.starts_with("rk_")) {
                    return Err(ConfigError::Invalid {
                        var: "STRIPE_SECRET_KEY",
                        why: "must be a Stripe secret key (sk_test_… or sk_live_…)".to_owned(),
                    });
                }
                let webhook_secret = get("STRIPE_WEBHOOK_SECRET").ok_or(ConfigError::Missing(
                    "STRIPE_WEBHOOK_SECRET must be set when STRIPE_SECRET_KEY is (see README: Using real Stripe)",
                ))?;
                if !webhook_secret.starts_with("whsec_") {
                    return Err(ConfigError::Invalid {
                        var: "STRIPE_WEBHOOK_SECRET",
                        why: "must be a webhook signing secret (whsec_…)".to_owned(),
                    });
                }
                StripeMode::Live {
                    secret_key: Secret::new(key),
                    webhook_secret: Secret::new(webhook_secret),
                    api_base: get("STRIPE_API_BASE"),
                }
            }
        };
        Ok(Config {
            rate_limits: crate::rate_limit::RateLimits::from_lookup(&get)?,
            mail: crate::mail::MailConfig::from_lookup(&get)?,
            site_addr,
            public_url,
            database_url,
            database_pool,
            stripe,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            json_logs: get("LOG_FORMAT").is_some_and(|v| v.eq_ignore_ascii_case("json")),
            public_url_explicit: get("PUBLIC_URL").is_some(),
            metrics_token: match get("METRICS_TOKEN") {
                None => None,
                Some(t) if t.trim().is_empty() => None,
                Some(t) if t.trim().len() >= 16 => Some(Secret::new(t.trim())),
                Some(_) => {
                    return Err(ConfigError::Invalid {
                        var: "METRICS_TOKEN",
                        why: "must be at least 16 characters (unset or empty: /metrics is off)"
                            .to_owned(),
                    });
                }
            },
            waitlist: tessera::waitlist::WaitlistPolicy {
                offer_for: chrono::Duration::hours(hours(
                    get("WAITLIST_OFFER_HOURS"),
                    "WAITLIST_OFFER_HOURS",
                    12,
                    // A Checkout Session lasts 24 hours at most.
                    1..=24,
                )?),
                closes_before: chrono::Duration::hours(hours(
                    get("WAITLIST_CLOSES_HOURS_BEFORE"),
                    "WAITLIST_CLOSES_HOURS_BEFORE",
                    2,
                    0..=8760,
                )?),
            },
            stripe_timeout: match get("STRIPE_TIMEOUT_SECONDS") {
                None => tessera::service::payments::DEFAULT_TIMEOUT,
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|s| (1..=80).contains(s))
                    .map(std::time::Duration::from_secs)
                    .ok_or(ConfigError::Invalid {
                        var: "STRIPE_TIMEOUT_SECONDS",
                        why: format!("{v:?} is not a number of seconds (1 to 80)"),
                    })?,
            },
            reminder_before: chrono::Duration::hours(hours(
                get("REMINDER_HOURS_BEFORE"),
                "REMINDER_HOURS_BEFORE",
                24,
                1..=720,
            )?),
            refund_cutoff_hours: match get("REFUND_CUTOFF_HOURS") {
                None => 48,
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|h| (0..=24 * 365).contains(h))
                    .ok_or(ConfigError::Invalid {
                        var: "REFUND_CUTOFF_HOURS",
                        why: format!("{v:?} is not a number of hours (0 to 8760)"),
                    })?,
            },
            site_zone: match get("SITE_TIME_ZONE") {
                None => tessera::venue::SiteZone::default(),
                Some(v) => tessera::venue::VenueZone::parse(&v)
                    .map(tessera::venue::SiteZone)
                    .ok_or(ConfigError::Invalid {
                        var: "SITE_TIME_ZONE",
                        why: format!("{v:?} is not a time zone like Europe/Berlin"),
                    })?,
            },
        })
    }
}

/// A whole number of hours within `range`, `default` when unset.
fn hours(
    value: Option<String>,
    var: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, ConfigError> {
    let Some(v) = value else {
        return Ok(default);
    };
    v.trim()
        .parse::<i64>()
        .ok()
        .filter(|h| range.contains(h))
        .ok_or_else(|| ConfigError::Invalid {
            var,
            why: format!(
                "{v:?} is not a number of hours ({} to {})",
                range.start(),
                range.end()
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_sqlite_and_the_simulator() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url.as_str(), "http://127.0.0.1:3000");
        assert!(matches!(c.database_url, DatabaseUrl::Sqlite(_)));
        assert!(matches!(c.stripe, StripeMode::Simulated { .. }));
    }

    #[test]
    fn the_simulators_debit_delay_is_read_in_milliseconds() {
        let c = config(&[("STRIPE_SIM_ASYNC_DELAY_MS", "300")]).expect("valid");
        let StripeMode::Simulated { async_delay, .. } = c.stripe else {
            panic!("simulated");
        };
        assert_eq!(async_delay, Some(std::time::Duration::from_millis(300)));
        let err = config(&[("STRIPE_SIM_ASYNC_DELAY_MS", "soon")]).expect_err("refused");
        assert!(err.to_string().contains("STRIPE_SIM_ASYNC_DELAY_MS"));
    }

    #[test]
    fn the_simulator_runs_unasked_only_on_a_local_site() {
        for local in [
            "http://127.0.0.1:3000",
            "http://localhost:8080/",
            "http://127.0.0.2:3000/shop",
            "http://[::1]:3000",
        ] {
            let c = config(&[("PUBLIC_URL", local)]).expect(local);
            assert!(
                matches!(c.stripe, StripeMode::Simulated { demo: false, .. }),
                "{local}"
            );
        }
        for public in [
            "https://courses.example.com",
            "https://127.0.0.1:3000",
            "http://courses.example.com",
            "http://0.0.0.0:3000",
            "http://localhost.example.com",
        ] {
            let err = config(&[("PUBLIC_URL", public)]).expect_err(public);
            assert!(err.to_string().starts_with("STRIPE_SECRET_KEY"), "{err}");
            let c =
                config(&[("PUBLIC_URL", public), ("STRIPE_SIMULATOR", "on")]).expect("asked for");
            assert!(
                matches!(c.stripe, StripeMode::Simulated { demo: true, .. }),
                "{public}"
            );
        }
        let err = config(&[("STRIPE_SECRET_KEY", " ")]).expect_err("empty key");
        assert!(err.to_string().starts_with("STRIPE_SECRET_KEY"), "{err}");
        let err = config(&[("STRIPE_SIMULATOR", "maybe")]).expect_err("refused");
        assert!(err.to_string().starts_with("STRIPE_SIMULATOR"), "{err}");
    }

    #[test]
    fn a_real_key_requires_a_webhook_secret() {
        let err = config(&[("STRIPE_SECRET_KEY", "sk_test_123")]).expect_err("must refuse");
        assert!(err.to_string().contains("STRIPE_WEBHOOK_SECRET"));
        let ok = config(&[
            ("STRIPE_SECRET_KEY", "sk_test_123"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_abc"),
        ]);
        assert!(matches!(ok.map(|c| c.stripe), Ok(StripeMode::Live { .. })));
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, val) in [
            ("DATABASE_URL", "mysql://x"),
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("PUBLIC_URL", "ftp://x"),
            ("STRIPE_SECRET_KEY", "pk_test_1"),
            ("DATABASE_POOL_SIZE", "0"),
            ("DATABASE_POOL_SIZE", "many"),
        ] {
            let err = config(&[(var, val)]).expect_err("must refuse");
            assert!(err.to_string().starts_with(var), "{err}");
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let c = config(&[
            ("STRIPE_SECRET_KEY", "sk_test_supersecret"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_supersecret"),
            ("DATABASE_URL", "postgres://u:hunter2@db:5432/x"),
        ])
        .expect("valid");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("supersecret") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
