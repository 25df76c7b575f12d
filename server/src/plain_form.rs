//! A form sent without JavaScript (or outside an island: most of a page is
//! server HTML) posts to its server function, and the browser is sent back
//! to the page it came from (leptos_axum's redirect to the Referer, or the
//! function's own to the same page).
//!
//! - A success: this adds its mark, `__ok=<the function's path>`, and keeps
//!   what the function answered in the session for that page, so it says
//!   what was done as it does after a press inside an island
//!   (`app::components::forms::succeeded`).
//! - A refusal comes back with `__path` and `__err` in that URL (server_fn's
//!   own marks). What was typed, never a password, is kept in the session
//!   and handed to that page's fields once (`app::components::forms::typed`).
//!
//! A redirect elsewhere (Checkout, another page) is left alone.

use app::components::forms::{PlainFormAnswer, Typed};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// The query keys this replaces on the way back: an earlier answer's marks,
/// and the question (`?ask=`) the form answered.
const SPENT: [&str; 4] = ["__ok", "__path", "__err", "ask"];

/// Where a refused form's fields wait for the page it goes back to.
const TYPED_KEY: &str = "tessera.typed";

/// Where a form's answer waits for the page it goes back to.
const ANSWER_KEY: &str = "tessera.answer";

/// An answer larger than this is not kept (ours are a few hundred bytes).
const MOST_ANSWER_BYTES: usize = 64 * 1024;

/// A form larger than this is not a form of ours (the course form with a
/// long description is a few kilobytes).
const MOST_FORM_BYTES: usize = 256 * 1024;

/// Longest value kept of one field.
const MOST_KEPT_CHARS: usize = 10_000;

pub async fn mark_success(mut req: Request, next: Next) -> Response {
    if req.method() == Method::GET
        && let Some(query) = req.uri().query().map(str::to_owned)
        && let Some(session) = req.extensions().get::<Session>().cloned()
    {
        if query.contains("__err=")
            && let Ok(Some(typed)) = session.remove::<Typed>(TYPED_KEY).await
        {
            req.extensions_mut().insert(typed);
        }
        let function = form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "__ok")
            .map(|(_, function)| function.into_owned());
        if let Some(function) = function
            && let Ok(Some(answer)) = session.remove::<PlainFormAnswer>(ANSWER_KEY).await
            && answer.function == function
        {
            req.extensions_mut().insert(answer);
        }
    }
    let from_page = (req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html")))
    .then(|| {
        req.headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .map(|r| (path_of(r).to_owned(), req.uri().path().to_owned()))
    })
    .flatten();
    let Some((page, function)) = from_page else {
        return next.run(req).await;
    };
    let session = req.extensions().get::<Session>().cloned();
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST_FORM_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let typed = typed(&parts.headers, &bytes);
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let back = (res.status() == StatusCode::FOUND)
        .then(|| res.headers().get(header::LOCATION))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .filter(|to| path_of(to) == page)
        .map(str::to_owned);
    let Some(back) = back else {
        return res;
    };
    if back.contains("__err=") {
        if let (Some(session), false) = (session, typed.is_empty())
            && let Err(e) = session.insert(TYPED_KEY, typed).await
        {
            tracing::warn!(error = %e, "keeping a refused form's fields");
        }
        return res;
    }
    let Some(marked) = with_mark(&back, &function) else {
        return res;
    };
    // The answer goes with the mark; the redirect itself needs no body.
    let (mut parts, body) = res.into_parts();
    parts.headers.insert(header::LOCATION, marked);
    parts.headers.remove(header::CONTENT_LENGTH);
    if let (Some(session), Ok(bytes)) =
        (session, axum::body::to_bytes(body, MOST_ANSWER_BYTES).await)
        && let Ok(body) = String::from_utf8(bytes.to_vec())
        && let Err(e) = session
            .insert(ANSWER_KEY, PlainFormAnswer { function, body })
            .await
    {
        tracing::warn!(error = %e, "keeping a form's answer");
    }
    Response::from_parts(parts, Body::empty())
}

/// A form body's fields, but passwords and the form's own plumbing.
fn typed(headers: &axum::http::HeaderMap, body: &[u8]) -> Typed {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Typed::new();
    }
    form_urlencoded::parse(body)
        .filter(|(name, _)| !name.contains("password") && !name.starts_with("__"))
        .map(|(name, value)| {
            (
                name.into_owned(),
                value.chars().take(MOST_KEPT_CHARS).collect(),
            )
        })
        .collect()
}

/// The path of a URL, absolute (`http://host/courses/3?x`) or not.
fn path_of(url: &str) -> &str {
    let rest = url
        .split_once("://")
        .map_or(url, |(_, r)| r.find('/').map_or("/", |at| &r[at..]));
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// `page` with `__ok=function` in its query instead of the spent keys.
fn with_mark(page: &str, function: &str) -> Option<HeaderValue> {
    let (page, fragment) = page.split_once('#').unwrap_or((page, ""));
    let (path, query) = page.split_once('?').unwrap_or((page, ""));
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if !SPENT.contains(&key.as_ref()) {
            kept.append_pair(&key, &value);
        }
    }
    kept.append_pair("__ok", function);
    let mut marked = format!("{path}?{}", kept.finish());
    if !fragment.is_empty() {
        marked.push('#');
        marked.push_str(fragment);
    }
    HeaderValue::from_str(&marked).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_form_keeps_what_was_typed_but_passwords() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let kept = typed(
            &headers,
            b"email=a%40b.example&password=hunter2&form%5Bnew_password%5D=x&form%5Btitle%5D=Pots&__ask=1",
        );
        assert_eq!(kept.get("email").map(String::as_str), Some("a@b.example"));
        assert_eq!(kept.get("form[title]").map(String::as_str), Some("Pots"));
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(typed(&axum::http::HeaderMap::new(), b"email=x").is_empty());
    }

    #[test]
    fn paths_of_absolute_and_relative_urls() {
        assert_eq!(path_of("http://x:3000/courses/3?ask=a#top"), "/courses/3");
        assert_eq!(path_of("/courses/3?ask=a"), "/courses/3");
        assert_eq!(path_of("https://x"), "/");
        assert_eq!(path_of("/bookings#list"), "/bookings");
    }

    #[test]
    fn the_mark_replaces_spent_keys_and_keeps_the_rest() {
        let marked = |page| with_mark(page, "/api/leave_waitlist").expect("a header value");
        assert_eq!(
            marked("http://x/courses/3"),
            "http://x/courses/3?__ok=%2Fapi%2Fleave_waitlist"
        );
        assert_eq!(
            marked("http://x/bookings?ask=leave-3&page=2&__ok=%2Fapi%2Fother#list"),
            "http://x/bookings?page=2&__ok=%2Fapi%2Fleave_waitlist#list"
        );
        assert_eq!(
            marked("http://x/login?__path=%2Fapi%2Flogin&__err=eA&next=%2Fbookings"),
            "http://x/login?next=%2Fbookings&__ok=%2Fapi%2Fleave_waitlist"
        );
    }
}
