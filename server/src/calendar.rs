//! `GET /bookings/{id}/calendar.ics`: a confirmed booking as calendar
//! events (one per meeting), for its owner only.

use app::auth::ssr::AuthSession;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::{DatabaseConnection, EntityTrait};
use std::sync::Arc;
use tessera::entity::{booking, course};
use tessera::service::calendar::CalendarEvent;
use tessera::{BookingId, BookingStatus, CourseId, ErrorCode};

/// The site's public base URL (links and UIDs in calendar files).
#[derive(Clone, Debug)]
pub struct SiteUrl(pub Arc<str>);

impl SiteUrl {
    /// `tessera.example` from `https://tessera.example:8443`.
    pub fn host(&self) -> &str {
        tessera::service::notify::host_of(&self.0)
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_owned(),
    )
        .into_response()
}

pub async fn booking_calendar(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Extension(site): Extension<SiteUrl>,
    Path(id): Path<String>,
) -> Response {
    let Some(user) = auth.user else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            ErrorCode::NotAuthenticated.message(),
        );
    };
    let not_found = || refuse(StatusCode::NOT_FOUND, ErrorCode::BookingNotFound.message());
    let Ok(id) = id.parse::<BookingId>() else {
        return not_found();
    };
    let found = booking::Entity::find_by_id(id.get())
        .find_also_related(course::Entity)
        .one(&db)
        .await;
    let (b, c) = match found {
        Ok(Some((b, Some(c)))) if b.user_id == user.id => (b, c),
        Ok(_) => return not_found(),
        Err(e) => {
            tracing::error!(booking_id = id.get(), error = %e, "loading a booking for its calendar file");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal.message(),
            );
        }
    };
    if b.status != BookingStatus::Confirmed {
        return refuse(
            StatusCode::CONFLICT,
            "Only a confirmed booking has a calendar entry.",
        );
    }
    let meetings = match tessera::service::courses::meetings(&db, CourseId(c.id), &c.time_zone)
        .await
    {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(booking_id = id.get(), error = %e, "loading a course's meetings for a calendar file");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal.message(),
            );
        }
    };
    let sequence = u32::try_from(b.calendar_sequence).unwrap_or(0);
    let url = format!("{}/bookings/{}", site.0, b.id);
    let ics = CalendarEvent {
        booking_id: b.id,
        host: site.host(),
        title: &c.title,
        description: &c.description,
        location: &c.location,
        url: &url,
        seats: b.seat_count().get(),
        meetings: &meetings,
        sequence,
        cancelled: false,
        stamp: Utc::now(),
    }
    .to_ics();
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"booking-{}.ics\"", id.reference()),
            ),
        ],
        ics,
    )
        .into_response()
}
