//! Course pictures over HTTP: `POST /admin/courses/{id}/picture` (a plain
//! multipart form with the file and what it shows, so it works without
//! JavaScript; answered with a redirect back to the course's edit page
//! saying what happened), `POST /admin/courses/{id}/picture/remove`, and
//! `GET /pictures/{hash}-{width}.jpg` (public, cached for a year: the name
//! changes with the picture).

use crate::roster_csv::refused_unless_admin;
use app::auth::ssr::AuthSession;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use tessera::CourseId;
use tessera::picture::{BadAlt, PictureAlt, parse_file};
use tessera::service::course_pictures::{self, PictureError};

/// Back to the course's edit page with `outcome` (read by its picture box).
fn back(id: CourseId, outcome: &str) -> Response {
    Redirect::to(&format!("/admin/courses/{id}?picture={outcome}#picture")).into_response()
}

fn course_id(raw: &str) -> Option<CourseId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(CourseId)
}

pub async fn upload(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Response {
    let Some(id) = course_id(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if auth.user.is_none() {
        return Redirect::to(&format!("/login?next=/admin/courses/{id}")).into_response();
    }
    if let Some(refused) = refused_unless_admin(&auth) {
        return refused;
    }
    let (mut upload, mut alt) = (None, String::new());
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("picture") => match field.bytes().await {
                Ok(bytes) => upload = Some(bytes.to_vec()).filter(|b| !b.is_empty()),
                // Over the body limit, or the connection broke.
                Err(_) => return back(id, "too_big"),
            },
            Ok(Some(field)) if field.name() == Some("alt") => match field.text().await {
                Ok(text) => alt = text,
                Err(_) => return back(id, "too_big"),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return back(id, "too_big"),
        }
    }
    let alt = match PictureAlt::parse(&alt) {
        Ok(alt) => alt,
        Err(BadAlt::Missing) => return back(id, "alt_missing"),
        Err(BadAlt::TooLong) => return back(id, "alt_too_long"),
        Err(BadAlt::ControlCharacters) => return back(id, "alt_control"),
    };
    match course_pictures::set(&db, id, upload, alt, Utc::now()).await {
        Ok(()) => back(id, "saved"),
        Err(PictureError::TooBig) => back(id, "too_big"),
        Err(PictureError::NotAPicture) => back(id, "not_a_picture"),
        Err(PictureError::TooSmall) => back(id, "too_small"),
        Err(PictureError::Missing) => back(id, "missing"),
        Err(PictureError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(PictureError::Database(e)) => {
            tracing::error!(error = %e, "storing a course picture");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn remove(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = course_id(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if auth.user.is_none() {
        return Redirect::to(&format!("/login?next=/admin/courses/{id}")).into_response();
    }
    if let Some(refused) = refused_unless_admin(&auth) {
        return refused;
    }
    match course_pictures::remove(&db, id, Utc::now()).await {
        Ok(()) => back(id, "removed"),
        Err(PictureError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "removing a course picture");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn serve(State(db): State<DatabaseConnection>, Path(file): Path<String>) -> Response {
    let Some((hash, width)) = parse_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    crate::photo::immutable_jpeg(
        course_pictures::jpeg(&db, hash, width).await,
        "loading a course picture",
    )
}
