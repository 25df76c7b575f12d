//! `GET /metrics`: Prometheus text with Tessera's series. The recorder is
//! process-wide and tests run in parallel, so database gauges are checked
//! exactly and counters only for presence or growth.

use crate::support::{TestApp, pay, spawn_app, spawn_app_with};
use std::time::Duration;
use tessera_server::seed::seed;

const PASSWORD: &str = "correct horse battery";

/// The scrape's body, after checking status and content type.
async fn scrape(app: &TestApp) -> String {
    let res = app
        .client
        .get(format!("{}/metrics", app.address))
        .bearer_auth(crate::support::METRICS_TOKEN)
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status(), 200);
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("text/plain"), "{ct}");
    res.text().await.expect("body")
}

/// The sum of the samples of `name` whose labels include all of `labels`,
/// or `None` when there is no such sample.
fn value(body: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut found = None;
    for line in body.lines().filter(|l| !l.starts_with('#')) {
        let Some((series, v)) = line.rsplit_once(' ') else {
            continue;
        };
        let (n, l) = match series.split_once('{') {
            Some((n, l)) => (n, l.trim_end_matches('}')),
            None => (series, ""),
        };
        let wanted = labels
            .iter()
            .all(|(k, v)| l.split(',').any(|pair| pair == format!("{k}=\"{v}\"")));
        if n == name && wanted {
            let v: f64 = v.parse().expect("a number");
            found = Some(found.unwrap_or(0.0) + v);
        }
    }
    found
}

/// One scrape's value of `name` with `labels` (0 when absent).
pub async fn sample(app: &TestApp, name: &str, labels: &[(&str, &str)]) -> f64 {
    value(&scrape(app).await, name, labels).unwrap_or(0.0)
}

fn bookings(body: &str, status: &str) -> f64 {
    value(body, "tessera_bookings", &[("status", status)])
        .unwrap_or_else(|| panic!("tessera_bookings{{status=\"{status}\"}} in\n{body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_prometheus_text_with_the_named_series() {
    let app = spawn_app().await;
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
    let body = scrape(&app).await;
    for status in ["pending_payment", "confirmed", "cancelled", "expired"] {
        assert_eq!(bookings(&body, status), 0.0, "a fresh database");
    }
    assert_eq!(
        value(&body, "tessera_email_outbox_pending", &[]),
        Some(0.0),
        "{body}"
    );
    for line in [
        "# TYPE tessera_bookings gauge",
        "# TYPE tessera_email_outbox_pending gauge",
        "# TYPE http_request_duration_seconds histogram",
    ] {
        assert!(body.contains(line), "{line} in\n{body}");
    }
    assert!(
        value(
            &body,
            "http_request_duration_seconds_count",
            &[("method", "GET"), ("route", "/healthz"), ("status", "200")]
        )
        .is_some_and(|n| n >= 1.0),
        "{body}"
    );
    assert!(value(&body, "tessera_bookings_created_total", &[]).is_some());
    for op in [
        "create_session",
        "retrieve_session",
        "expire_session",
        "refund",
    ] {
        assert!(
            value(
                &body,
                "tessera_stripe_api_errors_total",
                &[("operation", op)]
            )
            .is_some(),
            "{op} in\n{body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_are_labelled_by_pattern_and_the_rest_is_other() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    let c = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let (status, _) = app.get(&format!("/courses/{}", c.id)).await;
    assert_eq!(status, 200);
    let (status, _) = app.get("/no/such/page/at/all").await;
    assert_eq!(status, 404);
    let body = scrape(&app).await;
    assert!(
        value(
            &body,
            "http_request_duration_seconds_count",
            &[("route", "/courses/{id}"), ("status", "200")]
        )
        .is_some(),
        "{body}"
    );
    assert!(
        value(
            &body,
            "http_request_duration_seconds_count",
            &[("route", "other"), ("status", "404")]
        )
        .is_some(),
        "{body}"
    );
    assert!(
        !body.contains(&format!("route=\"/courses/{}\"", c.id)) && !body.contains("/no/such/page"),
        "raw paths never become labels"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booking_and_paying_move_the_series() {
    let app = spawn_app().await;
    seed(&app.db).await.expect("seed");
    assert_eq!(app.signup("ada@example.com", PASSWORD).await.status(), 200);
    let before = scrape(&app).await;
    let pending_before = bookings(&before, "pending_payment");
    let confirmed_before = bookings(&before, "confirmed");
    let created_before = value(&before, "tessera_bookings_created_total", &[]).unwrap_or(0.0);
    let stripe_before = value(
        &before,
        "tessera_stripe_api_duration_seconds_count",
        &[("operation", "create_session")],
    )
    .unwrap_or(0.0);

    let seats_before = value(
        &before,
        "tessera_booked_seats",
        &[("status", "pending_payment")],
    )
    .unwrap_or(0.0);
    let c = crate::support::course_named(&app.db, "Sourdough Bread Masterclass").await;
    let res = app
        .post_form(
            "/api/book_course",
            &[("course_id", &c.id.to_string()), ("seats", "3")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let url = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();

    let after = scrape(&app).await;
    assert_eq!(bookings(&after, "pending_payment"), pending_before + 1.0);
    assert_eq!(
        value(
            &after,
            "tessera_booked_seats",
            &[("status", "pending_payment")]
        ),
        Some(seats_before + 3.0),
        "one booking, three seats"
    );
    assert_eq!(bookings(&after, "confirmed"), confirmed_before);
    assert!(
        value(&after, "tessera_bookings_created_total", &[]).unwrap_or(0.0) >= created_before + 1.0,
        "{after}"
    );
    assert!(
        value(
            &after,
            "tessera_stripe_api_duration_seconds_count",
            &[("operation", "create_session")]
        )
        .unwrap_or(0.0)
            >= stripe_before + 1.0,
        "{after}"
    );
    assert!(
        value(
            &after,
            "http_request_duration_seconds_count",
            &[
                ("method", "POST"),
                ("route", "/api/book_course"),
                ("status", "200")
            ]
        )
        .is_some_and(|n| n >= 1.0),
        "{after}"
    );
    assert!(after.contains("http_request_duration_seconds_bucket{"));

    assert_eq!(pay(&url, "4242 4242 4242 4242").await.status(), 303);
    let mut last = String::new();
    for _ in 0..100 {
        last = scrape(&app).await;
        let event_seen = value(
            &last,
            "tessera_webhook_events_total",
            &[("type", "checkout.session.completed")],
        )
        .is_some_and(|n| n >= 1.0);
        if event_seen && bookings(&last, "confirmed") == confirmed_before + 1.0 {
            assert_eq!(bookings(&last, "pending_payment"), pending_before);
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the paid booking never showed in /metrics:\n{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_token_and_are_off_without_one() {
    let app = spawn_app().await;
    let url = format!("{}/metrics", app.address);
    let anonymous = app.client.get(&url).send().await.expect("scrape");
    assert_eq!(anonymous.status(), 401, "no token, no metrics");
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("test-metrics-token-012345678X")
        .send()
        .await
        .expect("scrape");
    assert_eq!(wrong.status(), 401);
    assert!(!wrong.text().await.expect("body").contains("tessera_"));

    // Without METRICS_TOKEN the route is off for everyone.
    let off = spawn_app_with(&[("METRICS_TOKEN", "")]).await;
    let res = off
        .client
        .get(format!("{}/metrics", off.address))
        .bearer_auth(crate::support::METRICS_TOKEN)
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status(), 404);
}
