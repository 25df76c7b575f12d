//! Admission control for page renders: at most `PAGE_CONCURRENCY` pages are
//! rendered at once; the rest wait in one first-come, first-served queue.
//!
//! On two cores a few renders in flight keep the CPUs busy (each also waits on
//! the database). Letting fifty run at once only interleaves them: every page
//! takes as long as the slowest, the tail latency grows and memory with it.
//! With a fair queue each person waits their turn and then gets their page at
//! full speed.
//!
//! A page's render continues while its body streams (Leptos streams Suspense
//! content), so the permit is held until the body has been sent. Requests
//! that are not page renders (server functions, the Stripe webhook, static
//! files, health and metrics) never wait here. A page that could not start
//! within [`QUEUE_TIMEOUT`] gets `503 Service Unavailable` with `Retry-After`.

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a page may wait for its turn before the server answers 503.
pub const QUEUE_TIMEOUT: Duration = Duration::from_secs(10);

/// How many pages render at once (`PAGE_CONCURRENCY`; `0` turns the limit off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageConcurrency(Option<usize>);

impl PageConcurrency {
    /// Four per CPU: enough to keep every core busy while renders wait on
    /// the database.
    pub fn default_for_this_machine() -> PageConcurrency {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        PageConcurrency(Some(4 * cpus))
    }

    /// Parses `PAGE_CONCURRENCY`: a whole number, `0` meaning no limit.
    pub fn parse(v: &str) -> Result<PageConcurrency, String> {
        match v.trim().parse::<usize>() {
            Ok(0) => Ok(PageConcurrency(None)),
            Ok(n) if n <= 10_000 => Ok(PageConcurrency(Some(n))),
            _ => Err(format!(
                "{v:?} is not a number of pages (1 to 10000, or 0 for no limit)"
            )),
        }
    }

    /// The limit, if there is one.
    pub fn limit(self) -> Option<usize> {
        self.0
    }
}

/// The shared queue (cheap to clone).
#[derive(Clone, Debug)]
pub struct PageAdmission {
    permits: Option<Arc<Semaphore>>,
}

impl PageAdmission {
    /// A queue admitting `concurrency` pages at once.
    pub fn new(concurrency: PageConcurrency) -> PageAdmission {
        PageAdmission {
            permits: concurrency.limit().map(|n| Arc::new(Semaphore::new(n))),
        }
    }
}

/// Whether a request renders a page (and so waits its turn).
fn is_page(req: &Request) -> bool {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return false;
    }
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
        // Files (`/favicon.ico`, `.ics`, `.csv`) are not pages.
        || last.contains('.'))
}

/// Middleware: pages wait for a permit, in arrival order, and keep it until
/// their body has been sent.
pub async fn admit(State(admission): State<PageAdmission>, req: Request, next: Next) -> Response {
    let Some(permits) = admission.permits.filter(|_| is_page(&req)) else {
        return next.run(req).await;
    };
    let permit = match tokio::time::timeout(QUEUE_TIMEOUT, permits.acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        // The semaphore is never closed; if it were, serve without a limit.
        Ok(Err(_)) => return next.run(req).await,
        Err(_) => {
            tracing::warn!(
                waited_s = QUEUE_TIMEOUT.as_secs(),
                "page not started: too many pages waiting"
            );
            return busy();
        }
    };
    let res = next.run(req).await;
    res.map(|body| {
        Body::new(Admitted {
            body,
            permit: Some(permit),
        })
    })
}

fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, "5"),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "Tessera is very busy right now. Please try again in a few seconds.",
    )
        .into_response()
}

/// A response body that holds its page's permit until it is done.
struct Admitted {
    body: Body,
    permit: Option<OwnedSemaphorePermit>,
}

impl HttpBody for Admitted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            // Done (or failed): the next page may start now, not when the
            // connection gets around to dropping the body.
            this.permit = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_concurrency_is_a_bounded_whole_number() {
        assert_eq!(PageConcurrency::parse("8").map(|c| c.limit()), Ok(Some(8)));
        assert_eq!(PageConcurrency::parse(" 0 ").map(|c| c.limit()), Ok(None));
        for bad in ["-1", "many", "1.5", "", "100000"] {
            assert!(PageConcurrency::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    fn get(path: &str) -> Request {
        Request::get(path).body(Body::empty()).expect("request")
    }

    #[test]
    fn only_page_renders_wait() {
        for page in ["/", "/courses", "/courses/3", "/bookings", "/admin/courses"] {
            assert!(is_page(&get(page)), "{page} is a page");
        }
        for other in [
            "/api/my_bookings",
            "/api/stripe/webhook",
            "/pkg/tessera.wasm",
            "/healthz",
            "/readyz",
            "/metrics",
            "/favicon.ico",
            "/bookings/4/calendar.ics",
        ] {
            assert!(!is_page(&get(other)), "{other} is not a page");
        }
        let post = Request::post("/bookings")
            .body(Body::empty())
            .expect("request");
        assert!(!is_page(&post));
    }
}
