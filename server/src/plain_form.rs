//! A form sent without JavaScript (or before its page has hydrated) posts to
//! its server function, and the browser is sent back to the page it came
//! from (leptos_axum's redirect to the Referer, or the function's own to
//! the same page). A refusal comes back with `__path` and `__err` in that
//! URL (server_fn's own marks); this adds the success's mark, `__ok=<the
//! function's path>`, so the page can say what was done as it does after a
//! press with JavaScript (`app::components::forms::succeeded`). A redirect
//! elsewhere (Checkout, another page) is left alone.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The query keys this replaces on the way back: an earlier answer's marks,
/// and the question (`?ask=`) the form answered.
const SPENT: [&str; 4] = ["__ok", "__path", "__err", "ask"];

pub async fn mark_success(req: Request, next: Next) -> Response {
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
    let mut res = next.run(req).await;
    let Some((page, function)) = from_page else {
        return res;
    };
    let marked = (res.status() == StatusCode::FOUND)
        .then(|| res.headers().get(header::LOCATION))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .filter(|to| path_of(to) == page && !to.contains("__err="))
        .and_then(|to| with_mark(to, &function));
    if let Some(marked) = marked {
        res.headers_mut().insert(header::LOCATION, marked);
    }
    res
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
