//! A page that never finishes rendering is rendered again: a counted
//! safety net, not a fix.
//!
//! The stalls this was written for (the PostgreSQL test runs' timeouts, one
//! fresh application's first page in about forty) came from Leptos listing
//! an application's routes: that switches resource loading off for the
//! whole process, and a page another application in the same process was
//! rendering then waited forever (leptos-rs/leptos#4773). The route list is
//! now made once per process (`application::route_list`), and
//! `tests/api/rendering.rs` shows pages finishing while applications are
//! built. Should a render still stall (Leptos' `<Suspense/>` has had
//! lost-wake-up bugs under load: #4673, #4851), a `GET` that has produced
//! no response after [`STALL_AFTER`] is dropped and run once more; if that
//! stalls too, the person gets a 503 asking them to reload instead of a
//! page that spins until their browser gives up. Pages with effects are
//! never run twice. Each stall is logged and counted
//! (`tessera_page_render_stalls_total`); it should stay at 0.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long a page may take to start its response before it is rendered
/// again. Far above any real render (milliseconds), so only a stall trips it.
pub const STALL_AFTER: Duration = Duration::from_secs(5);

/// Pages whose render does something besides showing: `/payment/success`
/// fulfils the payment (and may ask Stripe for a refund). A stall there is
/// answered 503 (the person reloads, which fulfilment takes as a repeat),
/// never rendered a second time by us.
pub const PAGES_WITH_EFFECTS: &[&str] = &["/payment/success"];

/// Middleware: `GET`/`HEAD` requests that stall are run once more, except
/// [`PAGES_WITH_EFFECTS`]. The state is the stall limit ([`STALL_AFTER`] in
/// the application).
pub async fn rerun_stalled_pages(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    if PAGES_WITH_EFFECTS.contains(&request.uri().path()) {
        return match tokio::time::timeout(limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => stalled_for_good("page render with effects stalled; answered 503"),
        };
    }
    // A GET's body carries nothing; the head is all a second run needs.
    let (parts, _body) = request.into_parts();
    let first = next
        .clone()
        .run(Request::from_parts(parts.clone(), Body::empty()));
    if let Ok(response) = tokio::time::timeout(limit, first).await {
        return response;
    }
    metrics::counter!("tessera_page_render_stalls_total").increment(1);
    tracing::warn!(path = %parts.uri.path(), "page render stalled; rendering it again");
    let second = next.run(Request::from_parts(parts.clone(), Body::empty()));
    match tokio::time::timeout(limit, second).await {
        Ok(response) => response,
        Err(_) => stalled_for_good("page render stalled twice; answered 503"),
    }
}

fn stalled_for_good(why: &'static str) -> Response {
    metrics::counter!("tessera_page_render_stalls_total").increment(1);
    tracing::error!("{why}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "This page is taking too long. Please reload it.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::{get, post};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    /// A page whose first `stalls` renders never finish.
    fn app(stalls: usize) -> (Router, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let page = {
            let calls = calls.clone();
            move || {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < stalls {
                        std::future::pending::<()>().await;
                    }
                    "rendered"
                }
            }
        };
        let router = Router::new()
            .route("/", get(page.clone()))
            .route("/payment/success", get(page.clone()))
            .route("/form", post(page))
            .layer(axum::middleware::from_fn_with_state(
                Duration::from_millis(100),
                rerun_stalled_pages,
            ));
        (router, calls)
    }

    async fn call(router: Router, method: Method, uri: &str) -> (StatusCode, String) {
        let response = router
            .oneshot(
                Request::builder()
                    .method(method)
                    .uri(uri)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn a_stalled_page_is_rendered_again() {
        let (router, calls) = app(1);
        assert_eq!(
            call(router, Method::GET, "/").await,
            (StatusCode::OK, "rendered".to_owned())
        );
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_page_that_stalls_twice_asks_for_a_reload() {
        let (router, calls) = app(usize::MAX);
        let (status, body) = call(router, Method::GET, "/").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("reload"), "{body}");
        assert_eq!(calls.load(Ordering::SeqCst), 2, "not a third time");
    }

    #[tokio::test]
    async fn a_page_with_effects_is_never_rendered_twice() {
        let (router, calls) = app(1);
        let (status, body) = call(router, Method::GET, "/payment/success?session_id=cs_1").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body.contains("reload"), "{body}");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "fulfilment ran once");
    }

    #[tokio::test]
    async fn a_healthy_page_is_rendered_once() {
        let (router, calls) = app(0);
        assert_eq!(call(router, Method::GET, "/").await.0, StatusCode::OK);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_post_is_never_repeated() {
        let (router, calls) = app(1);
        let slow = tokio::time::timeout(
            Duration::from_millis(500),
            call(router, Method::POST, "/form"),
        );
        assert!(slow.await.is_err(), "a stalled POST is left alone");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
