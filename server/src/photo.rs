//! Instructors' photos over HTTP: `POST /account/photo` (a plain
//! multipart form, so it works without JavaScript; answered with a
//! redirect back to `/account` saying what happened),
//! `POST /account/photo/remove`, and `GET /photos/{hash}.jpg` (public,
//! cached for a year: the name changes with the picture).

use app::auth::ssr::AuthSession;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use tessera::UserId;
use tessera::service::photos::{self, PhotoError};

/// Back to the account page with `outcome` (read by its teaching box).
fn back(outcome: &str) -> Response {
    Redirect::to(&format!("/account?photo={outcome}#teaching-profile")).into_response()
}

pub async fn upload(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    mut form: Multipart,
) -> Response {
    let Some(user) = auth.user else {
        return Redirect::to("/login?next=/account").into_response();
    };
    let mut upload = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => match field.bytes().await {
                Ok(bytes) => upload = Some(bytes.to_vec()),
                // Over the body limit, or the connection broke.
                Err(_) => return back("too_big"),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return back("too_big"),
        }
    }
    let Some(upload) = upload.filter(|u| !u.is_empty()) else {
        return back("missing");
    };
    match photos::set(&db, UserId(user.id), upload, Utc::now()).await {
        Ok(_) => back("saved"),
        Err(PhotoError::TooBig) => back("too_big"),
        Err(PhotoError::NotAPicture) => back("not_a_picture"),
        Err(PhotoError::NotAnInstructor) => StatusCode::FORBIDDEN.into_response(),
        Err(PhotoError::Database(e)) => {
            tracing::error!(error = %e, "storing a photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn remove(auth: AuthSession, State(db): State<DatabaseConnection>) -> Response {
    let Some(user) = auth.user else {
        return Redirect::to("/login?next=/account").into_response();
    };
    match photos::remove(&db, UserId(user.id), Utc::now()).await {
        Ok(()) => back("removed"),
        Err(e) => {
            tracing::error!(error = %e, "removing a photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn serve(State(db): State<DatabaseConnection>, Path(file): Path<String>) -> Response {
    let Some(hash) = file.strip_suffix(".jpg").and_then(photos::parse_hash) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    immutable_jpeg(photos::jpeg(&db, hash).await, "loading a photo")
}

/// A picture named by its content: cached for a year, as it never
/// changes under its name.
pub fn immutable_jpeg(found: Result<Option<Vec<u8>>, sea_orm::DbErr>, what: &str) -> Response {
    match found {
        Ok(Some(jpeg)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            jpeg,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "{what}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
