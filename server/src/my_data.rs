//! `GET /account/my-data.json`: everything stored about the signed-in
//! member, as a file to keep (`service::my_data`).

use crate::calendar::SiteUrl;
use app::auth::ssr::AuthSession;
use axum::Extension;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use tessera::{ErrorCode, UserId};

pub async fn my_data(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Extension(site): Extension<SiteUrl>,
) -> Response {
    let refuse = |status: StatusCode, code: ErrorCode| {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            code.message(tessera::i18n::current()),
        )
            .into_response()
    };
    let Some(user) = auth.user else {
        return refuse(StatusCode::UNAUTHORIZED, ErrorCode::NotAuthenticated);
    };
    let data = tessera::service::my_data::export(&db, UserId(user.id), &site.0, Utc::now()).await;
    let json = match data.map(|d| d.map(|d| serde_json::to_vec_pretty(&d))) {
        Ok(Some(Ok(json))) => json,
        Ok(None) => return refuse(StatusCode::UNAUTHORIZED, ErrorCode::NotAuthenticated),
        Ok(Some(Err(e))) => {
            tracing::error!(error = %e, "encoding a member's data");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal);
        }
        Err(e) => {
            tracing::error!(error = %e, "loading a member's data");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal);
        }
    };
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tessera-my-data.json\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        json,
    )
        .into_response()
}
