//! Browser-facing protections, as axum middleware:
//!
//! - [`csrf`]: state-changing requests must come from Tessera's own pages
//!   (their `Origin`, or `Referer` when there is no `Origin`, is the public
//!   origin). The Stripe webhook is exempt: Stripe signs it.
//! - [`security_headers`]: a Content-Security-Policy with a fresh nonce per
//!   request (Leptos stamps it on its hydration scripts, see
//!   [`provide_leptos_nonce`]), `nosniff`, a referrer policy, no framing,
//!   and HSTS when the public URL is https.
//! - [`request_id`] and [`request_span`]: every request has an
//!   `x-request-id` (the caller's when it is a sane token, else a UUID), it
//!   is echoed in the response, and every log line inside the request
//!   carries it.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tessera::{ApiError, ErrorCode};
use tower_http::request_id::{MakeRequestId, MakeRequestUuid, RequestId};

/// The request id header, read from the request and set on the response.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Where real Stripe hosts Checkout (the browser is redirected there).
pub const STRIPE_CHECKOUT_ORIGIN: &str = "https://checkout.stripe.com";

/// The one route that takes cross-site POSTs: Stripe signs its events.
const WEBHOOK_PATH: &str = "/api/stripe/webhook";

/// What the middleware needs to know about the site: its public origin,
/// where forms may lead, and whether HSTS applies. Cheap to clone.
#[derive(Clone, Debug)]
pub struct SecurityPolicy(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    /// `scheme://host[:port]` of the public URL, normalised.
    origin: String,
    /// Whether to send `Strict-Transport-Security`.
    hsts: bool,
    /// The `form-action` sources after `'self'` (Stripe Checkout).
    form_action: Vec<String>,
    /// Extra `connect-src` sources (cargo-leptos' live-reload socket).
    connect: Vec<String>,
}

impl SecurityPolicy {
    /// A policy for the site served at `public_url` (the effective public
    /// URL: `PUBLIC_URL`, or `http://{bound address}`), whose forms may also
    /// lead the browser to `checkout_origins` (Stripe Checkout, or the
    /// simulator's hosted pages). URLs are reduced to their origins.
    pub fn new<S: AsRef<str>>(public_url: &str, checkout_origins: &[S]) -> SecurityPolicy {
        let origin = origin_of(public_url)
            .unwrap_or_else(|| public_url.trim_end_matches('/').to_ascii_lowercase());
        let mut form_action: Vec<String> = Vec::new();
        for url in checkout_origins {
            if let Some(o) = origin_of(url.as_ref())
                && o != origin
                && !form_action.contains(&o)
            {
                form_action.push(o);
            }
        }
        SecurityPolicy(Arc::new(Inner {
            hsts: origin.starts_with("https://"),
            origin,
            form_action,
            connect: Vec::new(),
        }))
    }

    /// The same policy, also letting pages open cargo-leptos' live-reload
    /// websocket on `port` (only under `cargo leptos watch`).
    pub fn with_live_reload(self, port: u32) -> SecurityPolicy {
        let mut inner = Inner {
            origin: self.0.origin.clone(),
            hsts: self.0.hsts,
            form_action: self.0.form_action.clone(),
            connect: self.0.connect.clone(),
        };
        inner.connect.push(format!("ws://*:{port}"));
        inner.connect.push(format!("wss://*:{port}"));
        SecurityPolicy(Arc::new(inner))
    }

    /// The public origin that state-changing requests must come from.
    pub fn origin(&self) -> &str {
        &self.0.origin
    }

    /// Whether responses carry `Strict-Transport-Security`.
    pub fn hsts(&self) -> bool {
        self.0.hsts
    }

    /// The `Content-Security-Policy` value for one response.
    pub fn content_security_policy(&self, nonce: &CspNonce) -> String {
        let n = nonce.as_str();
        let mut connect = String::from("'self'");
        for source in &self.0.connect {
            connect.push(' ');
            connect.push_str(source);
        }
        let mut form_action = String::from("'self'");
        for source in &self.0.form_action {
            form_action.push(' ');
            form_action.push_str(source);
        }
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{n}' 'wasm-unsafe-eval'; \
             style-src 'self' 'nonce-{n}'; img-src 'self' data:; connect-src {connect}; \
             form-action {form_action}; frame-ancestors 'none'; base-uri 'self'; \
             object-src 'none'"
        )
    }
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased and
/// without the scheme's default port, as browsers write `Origin`. `None`
/// for anything else (including the `null` origin).
pub fn origin_of(url: &str) -> Option<String> {
    let uri: http::Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let host = uri.host()?.to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(match uri.port_u16() {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// Methods that change nothing, by HTTP's rules and ours.
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses state-changing requests that did not come from Tessera's own
/// pages: their `Origin` (or, without one, their `Referer`'s origin) must
/// be the public origin. `POST /api/stripe/webhook` is exempt. A refusal is
/// a 403 whose JSON body a server function client decodes as our error.
pub async fn csrf(State(policy): State<SecurityPolicy>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) || (req.method() == Method::POST && req.uri().path() == WEBHOOK_PATH) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let origin = headers.get(header::ORIGIN);
    let seen = match origin {
        Some(value) => value.to_str().ok().and_then(origin_of),
        None => headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(origin_of),
    };
    if seen.as_deref() == Some(policy.origin()) {
        return next.run(req).await;
    }
    // Only the Origin header and the Referer's origin are logged: a full
    // Referer can carry a query string (e.g. a Checkout session id).
    tracing::warn!(
        origin = ?origin.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        referer_origin = ?origin.is_none().then_some(seen).flatten(),
        expected = %policy.origin(),
        method = %req.method(),
        path = %req.uri().path(),
        "refused a state-changing request from another origin (PUBLIC_URL must be the address browsers use)"
    );
    // Refused before the account is known: the browser's choice or its
    // header says the language.
    forbidden(crate::language::of_browser(req.headers()))
}

/// The 403 answer, shaped like every other `ApiError`.
fn forbidden(lang: tessera::i18n::Lang) -> Response {
    let error = ApiError::with_message(ErrorCode::Forbidden, tessera::t!(lang, "request-not-ours"));
    let body = serde_json::to_string(&error).unwrap_or_else(|_| {
        r#"{"code":"forbidden","message":"You don't have access to this page."}"#.to_owned()
    });
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// A fresh Content-Security-Policy nonce (128 random bits, hex), put in
/// the request's extensions by [`security_headers`] for the renderer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(Arc<str>);

impl CspNonce {
    /// 16 bytes from the thread's CSPRNG, as 32 hex digits.
    pub fn generate() -> CspNonce {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        CspNonce(Arc::from(hex::encode(bytes)))
    }

    /// The nonce as it appears in the header and the `nonce` attributes.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Makes Leptos use this request's [`CspNonce`] for its inline scripts
/// (hydration, streamed resources). Call it in the context closure given to
/// `leptos_axum`, which provides the request's `Parts` first (and its own
/// random nonce, replaced here).
pub fn provide_leptos_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Sets the security headers on every response, with a fresh CSP nonce
/// that the page's inline scripts carry.
pub async fn security_headers(
    State(policy): State<SecurityPolicy>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::generate();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    match HeaderValue::from_str(&policy.content_security_policy(&nonce)) {
        Ok(csp) => {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        // Unreachable with origins parsed from URLs; logged, never silent.
        Err(e) => tracing::error!(error = %e, "the Content-Security-Policy is not a header value"),
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if policy.hsts() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Whether a caller's request id is safe to log and echo: 1 to 64 of
/// `[A-Za-z0-9._-]`.
pub fn is_sane_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Gives every request an `x-request-id`: the caller's when it is sane
/// ([`is_sane_request_id`]), else a new UUID. It replaces the request's
/// header (so [`request_span`] sees it), is stored as tower-http's
/// [`RequestId`] extension, and is returned on the response.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(&X_REQUEST_ID)
        .filter(|v| v.to_str().is_ok_and(is_sane_request_id))
        .cloned();
    let id = match given {
        Some(value) => Some(RequestId::new(value)),
        None => MakeRequestUuid.make_request_id(&req),
    };
    let Some(id) = id else {
        return next.run(req).await;
    };
    let value = id.header_value().clone();
    req.headers_mut()
        .insert(X_REQUEST_ID.clone(), value.clone());
    req.extensions_mut().insert(id);
    let mut res = next.run(req).await;
    res.headers_mut().insert(X_REQUEST_ID.clone(), value);
    res
}

/// A page that reflects its query (the catalog's search, a `next` link)
/// beside a signed-in member's own data is sent uncompressed: compressed,
/// its size would tell a page that chose the query whether a guess at that
/// data was right, a letter at a time (BREACH). Asking for no encoding here
/// keeps the compression layer away from it.
pub async fn no_compression_with_query(mut req: Request, next: Next) -> Response {
    let signed_in = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.contains("tessera_session="));
    // Built files (`/pkg`) hold no one's data and keep their precompression.
    let reflects =
        req.uri().query().is_some_and(|q| !q.is_empty()) && !req.uri().path().starts_with("/pkg/");
    if signed_in && reflects {
        req.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    next.run(req).await
}

/// The span every request's log lines sit in (for `TraceLayer`'s
/// `make_span_with`): request id, method and path. Never the query string,
/// which can hold a Checkout session id, nor a calendar feed's address,
/// whose path is its key.
pub fn request_span<B>(req: &http::Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %logged_path(req.uri().path()),
    )
}

/// A path as logs may show it.
fn logged_path(path: &str) -> &str {
    if path.starts_with("/calendar/") {
        "/calendar/…"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feeds_address_is_never_logged() {
        let token = "0123456789abcdef".repeat(4);
        assert_eq!(
            logged_path(&format!("/calendar/{token}.ics")),
            "/calendar/…"
        );
        assert_eq!(logged_path("/bookings/7"), "/bookings/7");
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            origin_of("http://127.0.0.1:3100").as_deref(),
            Some("http://127.0.0.1:3100")
        );
        assert_eq!(
            origin_of("HTTPS://Tessera.Example:443/courses?x=1").as_deref(),
            Some("https://tessera.example")
        );
        assert_eq!(
            origin_of("http://tessera.example:80/").as_deref(),
            Some("http://tessera.example")
        );
        assert_eq!(
            origin_of("https://tessera.example:8443/a").as_deref(),
            Some("https://tessera.example:8443")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("/courses"), None);
        assert_eq!(origin_of("ftp://tessera.example"), None);
    }

    #[test]
    fn policy_from_urls() {
        let p = SecurityPolicy::new(
            "https://tessera.example/",
            &[STRIPE_CHECKOUT_ORIGIN, "https://api.stripe.com/v1"],
        );
        assert_eq!(p.origin(), "https://tessera.example");
        assert!(p.hsts());
        let csp = p.content_security_policy(&CspNonce(Arc::from("abc")));
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(
            csp.contains("form-action 'self' https://checkout.stripe.com https://api.stripe.com;")
        );
        assert!(csp.contains("connect-src 'self';"));
        let dev = SecurityPolicy::new("http://127.0.0.1:3000", &["http://127.0.0.1:12111"])
            .with_live_reload(3001);
        assert!(!dev.hsts());
        let csp = dev.content_security_policy(&CspNonce(Arc::from("abc")));
        assert!(csp.contains("connect-src 'self' ws://*:3001 wss://*:3001;"));
        assert!(csp.contains("form-action 'self' http://127.0.0.1:12111;"));
    }

    #[test]
    fn request_ids() {
        assert!(is_sane_request_id("abc-DEF_1.2"));
        assert!(is_sane_request_id(&"a".repeat(64)));
        assert!(!is_sane_request_id(&"a".repeat(65)));
        assert!(!is_sane_request_id(""));
        assert!(!is_sane_request_id("a b"));
        assert!(!is_sane_request_id("a\"b"));
    }

    #[test]
    fn nonces_are_fresh() {
        let (a, b) = (CspNonce::generate(), CspNonce::generate());
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, b);
    }
}
