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

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.into(),
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
            ErrorCode::NotAuthenticated.message(tessera::i18n::current()),
        );
    };
    let not_found = || {
        refuse(
            StatusCode::NOT_FOUND,
            ErrorCode::BookingNotFound.message(tessera::i18n::current()),
        )
    };
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
                ErrorCode::Internal.message(tessera::i18n::current()),
            );
        }
    };
    if b.status != BookingStatus::Confirmed {
        return refuse(
            StatusCode::CONFLICT,
            tessera::said!("calendar-not-confirmed"),
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
                ErrorCode::Internal.message(tessera::i18n::current()),
            );
        }
    };
    let sequence = u32::try_from(b.calendar_sequence).unwrap_or(0);
    let url = format!("{}/bookings/{}", site.0, b.id);
    let ics = CalendarEvent {
        lang: tessera::i18n::current(),
        booking_id: b.id,
        teaching: false,
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

/// `GET /calendar/{token}.ics`: a member's private feed, for calendar apps
/// to poll. No session: the address is the key. A poll with the current
/// `ETag` answers 304 with no body (`If-Modified-Since` alone is not
/// trusted: a course's meetings can change without a booking's row).
pub async fn feed_calendar(
    State(db): State<DatabaseConnection>,
    Extension(site): Extension<SiteUrl>,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> Response {
    use tessera::service::calendar_feed::{self, FeedToken, Site};
    // One answer for every address that is not a feed's.
    let not_found = || refuse(StatusCode::NOT_FOUND, tessera::said!("calendar-not-here"));
    let Some(token) = file.strip_suffix(".ics").and_then(FeedToken::parse) else {
        return not_found();
    };
    let site_ref = Site {
        url: &site.0,
        host: site.host(),
    };
    let feed = match calendar_feed::feed(&db, &token, site_ref, Utc::now()).await {
        Ok(Some(feed)) => feed,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "loading a calendar feed");
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal.message(tessera::i18n::current()),
            );
        }
    };
    let last_modified = feed
        .last_modified
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let unchanged = headers.get(header::IF_NONE_MATCH).is_some_and(|tags| {
        tags.to_str().is_ok_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == feed.etag || t.trim() == "*")
        })
    });
    let validators = [
        (header::ETAG, feed.etag.clone()),
        (header::LAST_MODIFIED, last_modified),
        // Polled by apps: always asked again, answered 304 when unchanged.
        (header::CACHE_CONTROL, "private, no-cache".to_owned()),
    ];
    if unchanged {
        return (StatusCode::NOT_MODIFIED, validators).into_response();
    }
    (
        validators,
        [(
            header::CONTENT_TYPE,
            "text/calendar; charset=utf-8".to_owned(),
        )],
        feed.ics,
    )
        .into_response()
}
