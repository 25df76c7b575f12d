//! Who may see what: signed-out visitors are sent to sign in (pages) or told
//! 401 (APIs); members get 403 on admin pages; every response that is not
//! the public catalog says `X-Robots-Tag: noindex`. It also keeps the
//! signed-in member's device list current (`service::devices`).

use app::auth::ssr::{AuthSession, DEVICE_SESSION_KEY};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use tessera::UserId;
use tessera::redirect::encode_query_value;
use tessera::service::devices::{self, SeenDevice};

/// Pages that need a signed-in person.
fn needs_sign_in(path: &str) -> bool {
    const PREFIXES: [&str; 5] = ["/bookings", "/payment", "/admin", "/account", "/teaching"];
    PREFIXES
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

fn is_admin_page(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/")
}

/// The catalog and static assets: everything else is noindex.
fn is_public(path: &str) -> bool {
    path == "/"
        || path == "/courses"
        || path.starts_with("/courses/")
        || path.starts_with("/pkg/")
        || path.starts_with("/photos/")
        || path.starts_with("/instructors/")
        || path == "/favicon.svg"
        || path == "/robots.txt"
}

pub async fn guard(
    State(db): State<DatabaseConnection>,
    auth: AuthSession,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let signed_in = auth.user.is_some();
    if let Some(user) = &auth.user {
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        note_device(&db, &auth, UserId(user.id), user_agent).await;
    }
    let is_admin = auth.user.as_ref().is_some_and(|u| u.role.is_admin());
    if needs_sign_in(&path) && !signed_in {
        let target = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let mut res =
            Redirect::to(&format!("/login?next={}", encode_query_value(target))).into_response();
        res.headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex"));
        return res;
    }
    let mut res = next.run(req).await;
    if is_admin_page(&path) && !is_admin && res.status().is_success() {
        *res.status_mut() = StatusCode::FORBIDDEN;
    }
    if !is_public(&path) {
        res.headers_mut()
            .insert("x-robots-tag", HeaderValue::from_static("noindex"));
        // Pages about a person are never cached by shared caches.
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-store"));
    } else if !path.starts_with("/pkg/") {
        // The catalog's header names whoever is signed in: the browser may
        // keep it, asking each time whether it changed; shared caches not.
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-cache"));
    }
    res
}

/// Records a signed-in session's device the first time it is seen, and
/// when it was last seen every few minutes after. Never fails a request:
/// the list is a courtesy, the session is what signs in.
async fn note_device(
    db: &DatabaseConnection,
    auth: &AuthSession,
    member: UserId,
    user_agent: Option<&str>,
) {
    let now = Utc::now();
    let noted = match auth.session.get::<SeenDevice>(DEVICE_SESSION_KEY).await {
        Ok(Some(seen)) if !seen.is_due(now) => return,
        Ok(Some(seen)) => devices::seen(db, &seen.key, now)
            .await
            .map(|()| SeenDevice {
                key: seen.key,
                written_at: now,
            }),
        Ok(None) | Err(_) => devices::signed_in(db, member, user_agent, now).await,
    };
    match noted {
        Ok(seen) => {
            if let Err(e) = auth.session.insert(DEVICE_SESSION_KEY, seen).await {
                tracing::warn!(error = %e, "could not keep the device key in the session");
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not note the signed-in device"),
    }
}

/// `POST /logout`: ends the session on the server and goes home.
pub async fn logout(State(db): State<DatabaseConnection>, mut auth: AuthSession) -> Response {
    if let Ok(Some(seen)) = auth.session.get::<SeenDevice>(DEVICE_SESSION_KEY).await
        && let Err(e) = devices::forget(&db, &seen.key).await
    {
        tracing::warn!(error = %e, "could not forget the signed-out device");
    }
    if let Err(e) = auth.logout().await {
        tracing::error!(error = %e, "signing out");
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            tessera::ErrorCode::Internal.message(tessera::i18n::current()),
        )
            .into_response();
    }
    Redirect::to("/").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_and_public_paths() {
        assert!(needs_sign_in("/bookings"));
        assert!(needs_sign_in("/bookings/4"));
        assert!(needs_sign_in("/admin/courses"));
        assert!(needs_sign_in("/payment/success"));
        assert!(!needs_sign_in("/bookingsx"));
        assert!(!needs_sign_in("/courses/1"));
        assert!(is_public("/courses/1"));
        assert!(!is_public("/login"));
        assert!(!is_public("/api/list_courses"));
    }
}
