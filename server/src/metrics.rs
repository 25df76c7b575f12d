//! Prometheus metrics: `GET /metrics` in the text exposition format.
//!
//! Process-local series (request latency, webhook events, Stripe calls,
//! bookings created) are recorded through the `metrics` facade into one
//! Prometheus recorder per process. Series about the data (bookings by
//! status, emails waiting in the outbox) are counted in the database at
//! scrape time, so every instance behind a load balancer reports the same,
//! correct figures.
//!
//! | series | kind | labels |
//! | --- | --- | --- |
//! | `http_request_duration_seconds` | histogram | `method`, `route`, `status` |
//! | `tessera_bookings` | gauge (database) | `status` |
//! | `tessera_email_outbox_pending` | gauge (database) | |
//! | `tessera_webhook_events_total` | counter | `type`, `outcome` |
//! | `tessera_stripe_api_duration_seconds` | histogram | `operation` |
//! | `tessera_stripe_api_errors_total` | counter | `operation` |
//! | `tessera_bookings_created_total` | counter | |
//! | `tessera_rate_limited_total` | counter | `limit` |

use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The Prometheus text format's content type.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The `route` label of requests that matched no route (static files, 404s),
/// so that the label's values stay a small, fixed set.
pub const OTHER_ROUTE: &str = "other";

/// Latency buckets for our own responses, in seconds.
const HTTP_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Latency buckets for calls to Stripe, in seconds.
const STRIPE_BUCKETS: [f64; 10] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// The Stripe operations `StripeGateway` performs: their error counters start
/// at zero, so `rate()` works from the first error on.
const STRIPE_OPERATIONS: [&str; 4] = [
    "create_session",
    "retrieve_session",
    "expire_session",
    "refund",
];

/// The booking statuses reported by `tessera_bookings`, always all of them.
const BOOKING_STATUSES: [&str; 4] = ["pending_payment", "confirmed", "cancelled", "expired"];

/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide Prometheus recorder (the first call does; later
/// calls, e.g. from many applications built in one test process, reuse it)
/// and returns a handle that renders it.
pub fn install() -> PrometheusHandle {
    HANDLE.get_or_init(install_once).clone()
}

fn install_once() -> PrometheusHandle {
    let configured = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("http_request_duration_seconds".to_owned()),
            &HTTP_BUCKETS,
        )
        .and_then(|b| {
            b.set_buckets_for_metric(
                Matcher::Full("tessera_stripe_api_duration_seconds".to_owned()),
                &STRIPE_BUCKETS,
            )
        });
    let builder = match configured {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "metrics: histogram buckets refused; summaries instead");
            PrometheusBuilder::new()
        }
    };
    // Keep a recorder to render either way; if another recorder was installed
    // first, ours renders only the database gauges.
    let recorder = builder.build_recorder();
    let handle = recorder.handle();
    if let Err(e) = metrics::set_global_recorder(recorder) {
        tracing::warn!(error = %e, "metrics: another recorder is installed; /metrics shows database gauges only");
    }
    describe();
    let upkeep = handle.clone();
    if let Err(e) = std::thread::Builder::new()
        .name("metrics-upkeep".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            }
        })
    {
        tracing::warn!(error = %e, "metrics: upkeep thread did not start");
    }
    handle
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_histogram};
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request (until the response head), by method, route and status."
    );
    describe_counter!(
        "tessera_webhook_events_total",
        "Stripe webhook events received, by event type and outcome."
    );
    describe_histogram!(
        "tessera_stripe_api_duration_seconds",
        Unit::Seconds,
        "Time taken by calls to the Stripe API, by operation."
    );
    describe_counter!(
        "tessera_stripe_api_errors_total",
        "Calls to the Stripe API that failed, by operation."
    );
    describe_counter!(
        "tessera_bookings_created_total",
        "Bookings created by this process (seat held or free booking confirmed)."
    );
    describe_counter!(
        "tessera_rate_limited_total",
        "Requests refused with 429 by a rate limit, by limit."
    );
    for operation in STRIPE_OPERATIONS {
        metrics::counter!("tessera_stripe_api_errors_total", "operation" => operation).increment(0);
    }
    metrics::counter!("tessera_bookings_created_total").increment(0);
}

/// A bounded `method` label: the standard methods by name, others as `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Middleware: records `http_request_duration_seconds` for every request.
/// The `route` label is the route's pattern (`/courses/{id}`, `/api/book_course`),
/// never the raw path; unmatched requests count as [`OTHER_ROUTE`]. Streamed
/// pages are timed until their response head is ready.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| OTHER_ROUTE.to_owned());
    let res = next.run(req).await;
    metrics::histogram!(
        "http_request_duration_seconds",
        "method" => method,
        "route" => route,
        "status" => res.status().as_u16().to_string(),
    )
    .record(started.elapsed().as_secs_f64());
    res
}

/// In front of `GET /metrics`: the scraper must send `Authorization: Bearer
/// METRICS_TOKEN`; without a configured token the route is off (404), so
/// counts of bookings and sign-ins are never public by omission.
pub async fn require_token(
    State(token): State<Option<crate::config::Secret>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(token) = token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(sent.as_bytes(), token.expose().as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    next.run(req).await
}

/// Compares in time that depends on the lengths only.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /metrics`: the recorder's series plus the database gauges. If the
/// database does not answer, the process series are still served and the
/// database gauges are left out (their absence is the signal).
pub async fn metrics(State(db): State<DatabaseConnection>) -> Response {
    let mut body = install().render();
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    match database_gauges(&db).await {
        Ok(gauges) => body.push_str(&gauges),
        Err(e) => tracing::warn!(error = %e, "metrics: database gauges unavailable"),
    }
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response()
}

/// `tessera_bookings`, `tessera_booked_seats` and
/// `tessera_email_outbox_pending`, counted now.
async fn database_gauges(db: &DatabaseConnection) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT status, COUNT(*) AS n, CAST(COALESCE(SUM(seats), 0) AS BIGINT) AS seats \
             FROM bookings GROUP BY status",
        ))
        .await?;
    let mut bookings = [0_i64; BOOKING_STATUSES.len()];
    let mut seats = [0_i64; BOOKING_STATUSES.len()];
    for row in rows {
        let status: String = row.try_get("", "status")?;
        if let Some(i) = BOOKING_STATUSES.iter().position(|s| *s == status) {
            bookings[i] = row.try_get("", "n")?;
            seats[i] = row.try_get("", "seats")?;
        }
    }
    let pending: i64 = match db
        .query_one(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM email_outbox WHERE status = 'pending'",
        ))
        .await?
    {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# HELP tessera_bookings Bookings by status, counted in the database at scrape time."
    );
    let _ = writeln!(out, "# TYPE tessera_bookings gauge");
    for (status, n) in BOOKING_STATUSES.iter().zip(bookings) {
        let _ = writeln!(out, "tessera_bookings{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(
        out,
        "# HELP tessera_booked_seats Seats of bookings by status (a booking holds one or several), counted in the database at scrape time."
    );
    let _ = writeln!(out, "# TYPE tessera_booked_seats gauge");
    for (status, n) in BOOKING_STATUSES.iter().zip(seats) {
        let _ = writeln!(out, "tessera_booked_seats{{status=\"{status}\"}} {n}");
    }
    let _ = writeln!(
        out,
        "# HELP tessera_email_outbox_pending Emails waiting to be sent, counted in the database at scrape time."
    );
    let _ = writeln!(out, "# TYPE tessera_email_outbox_pending gauge");
    let _ = writeln!(out, "tessera_email_outbox_pending {pending}");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_secret(b"0123456789abcdef", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcdeX", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcde", b"0123456789abcdef"));
        assert!(!same_secret(b"", b"0123456789abcdef"));
    }

    #[test]
    fn methods_are_a_bounded_set() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::POST), "POST");
        let odd = Method::from_bytes(b"BREW").expect("a method");
        assert_eq!(method_label(&odd), "other");
    }

    #[test]
    fn installing_twice_is_harmless() {
        let a = install();
        let b = install();
        metrics::counter!("tessera_test_install_total").increment(1);
        assert!(a.render().contains("tessera_test_install_total"));
        assert!(b.render().contains("tessera_test_install_total"));
    }
}
