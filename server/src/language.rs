//! Which language each request is answered in, and switching it.
//!
//! The reader's choice on this browser (a cookie) comes first, then the
//! signed-in member's (the account), then what the browser asks for
//! (`Accept-Language`). The answer says which it is (`Content-Language`);
//! addresses stay the same in every language.

use app::auth::ssr::AuthSession;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, http::HeaderMap};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tessera::UserId;
use tessera::i18n::Lang;
use tessera::redirect::LocalPath;

/// The cookie that keeps a reader's choice (a year; not a secret).
pub const COOKIE: &str = "tessera_lang";

/// Puts the request's [`Lang`] among its extensions (pages and server
/// functions read it there) and names it on the answer.
pub async fn choose(auth: AuthSession, mut req: Request, next: Next) -> Response {
    let lang = chosen(req.headers())
        .or_else(|| auth.user.as_ref().and_then(|u| u.language))
        .unwrap_or_else(|| asked_for(req.headers()));
    req.extensions_mut().insert(lang);
    let mut res = tessera::i18n::answering_in(lang, next.run(req)).await;
    // Pages are in it; built files, pictures and feeds are the same in
    // every language and stay cacheable as they are.
    let page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if page {
        let headers = res.headers_mut();
        headers
            .entry(header::CONTENT_LANGUAGE)
            .or_insert(HeaderValue::from_static(lang.tag()));
        // A shared cache must not give one reader's language to another.
        headers.append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    res
}

/// What the browser asks for (`Accept-Language`).
fn asked_for(headers: &HeaderMap) -> Lang {
    Lang::negotiate(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
}

/// The language for an answer given before the account is known: this
/// browser's choice, else what it asks for.
pub fn of_browser(headers: &HeaderMap) -> Lang {
    chosen(headers).unwrap_or_else(|| asked_for(headers))
}

/// The language this browser chose, if it did.
fn chosen(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .and_then(Lang::parse)
}

#[derive(Deserialize)]
pub struct Switch {
    lang: String,
    /// The page the switcher was on.
    #[serde(default)]
    back: String,
}

/// `POST /language`: the header's switcher. Remembered on this browser,
/// and on the account for a member (so every device and every email
/// follows); back to the same page, now in that language.
pub async fn switch(
    State(db): State<DatabaseConnection>,
    auth: AuthSession,
    Form(form): Form<Switch>,
    secure_cookies: bool,
) -> Response {
    let Some(lang) = Lang::parse(&form.lang).filter(|l| l.tag() == form.lang.trim()) else {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_LANGUAGE, tessera::i18n::current().tag())],
            tessera::said!(
                "unsupported-language",
                languages = Lang::ALL.map(Lang::tag).join(", ")
            ),
        )
            .into_response();
    };
    if let Some(user) = &auth.user
        && let Err(e) = tessera::service::accounts::set_language(&db, UserId(user.id), lang).await
    {
        tracing::warn!(user_id = user.id, error = %e, "could not store the language");
    }
    let back = LocalPath::or(Some(&form.back), "/");
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        lang.tag(),
        if secure_cookies { "; Secure" } else { "" }
    );
    let mut res = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, value);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_among_others_and_anything_else_is_ignored() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tessera_lang=de; b=2"),
        );
        assert_eq!(chosen(&h), Some(Lang::De));
        h.insert(header::COOKIE, HeaderValue::from_static("tessera_lang=xx"));
        assert_eq!(chosen(&h), None);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("tessera_language=de"),
        );
        assert_eq!(chosen(&h), None);
    }
}
