//! A member's private calendar feed: every confirmed booking's meetings
//! as one calendar that apps subscribe to (`webcal://…/calendar/{token}.ics`)
//! and poll, so moves, cancellations and new bookings reach the calendar by
//! themselves. The address is a random token of the member's; resetting it
//! makes the old address answer nothing. The feed holds course times,
//! places and links, never money.

use crate::BookingStatus;
use crate::course::CourseStatus;
use crate::entity::{booking, calendar_feed, course};
use crate::ids::{CourseId, UserId};
use crate::service::calendar::{self, CalendarEvent};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

/// Bookings whose course ended longer ago than this leave the feed.
const KEPT_AFTER_END: Duration = Duration::days(90);
/// At most this many bookings, the latest starts first.
const MOST: u64 = 500;

/// A feed's address: 64 hex digits (32 random bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct FeedToken(String);

impl FeedToken {
    fn new() -> FeedToken {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        FeedToken(hex::encode(bytes))
    }

    /// The part of a feed's path before `.ics`; anything else is no token.
    pub fn parse(raw: &str) -> Option<FeedToken> {
        (raw.len() == 64 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| FeedToken(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Its path on the site.
    pub fn path(&self) -> String {
        format!("/calendar/{}.ics", self.0)
    }
}

impl std::fmt::Debug for FeedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeedToken(…)")
    }
}

/// The member's feed address, if they made one.
pub async fn token_of(
    db: &impl ConnectionTrait,
    member: UserId,
) -> Result<Option<FeedToken>, DbErr> {
    Ok(calendar_feed::Entity::find_by_id(member.get())
        .one(db)
        .await?
        .map(|f| FeedToken(f.token)))
}

/// A new address for the member's feed; the old one, if any, stops
/// working at once.
pub async fn reset(
    db: &impl ConnectionTrait,
    member: UserId,
    now: DateTime<Utc>,
) -> Result<FeedToken, DbErr> {
    let token = FeedToken::new();
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        user_id: Set(member.get()),
        token: Set(token.0.clone()),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(calendar_feed::Column::UserId)
            .update_columns([
                calendar_feed::Column::Token,
                calendar_feed::Column::CreatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    tracing::info!(user_id = member.get(), "calendar feed address made");
    Ok(token)
}

/// A feed as served: the calendar, a validator that changes exactly when
/// its text does, and when the member's bookings last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub ics: String,
    /// A weak `ETag`.
    pub etag: String,
    pub last_modified: DateTime<Utc>,
}

/// Where the site is, for the links and UIDs in the feed.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// `https://tessera.example`.
    pub url: &'a str,
    /// `tessera.example`.
    pub host: &'a str,
}

/// The feed at `token`, or `None` when no feed has that address (or its
/// member is blocked). Confirmed bookings on dates that will happen, from
/// 90 days back; the same UIDs and versions (`SEQUENCE`) as each booking's
/// own calendar file, so an entry imported from an email and the feed's
/// are the same entry. Each event's `DTSTAMP` is its booking's last change,
/// so the same facts give the same text (and `ETag`) whatever else changes
/// on the course (others' seats, say).
pub async fn feed(
    db: &impl ConnectionTrait,
    token: &FeedToken,
    site: Site<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Feed>, DbErr> {
    let Some(owner) = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::Token.eq(token.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(member) = crate::entity::user::Entity::find_by_id(owner.user_id)
        .one(db)
        .await?
        .filter(|u| u.blocked_at.is_none())
    else {
        return Ok(None);
    };
    // Apps poll without the member's cookies: the feed is in the language
    // of their account, the same on every poll.
    let lang = crate::service::notify::lang_of(&member);
    let rows = booking::Entity::find()
        .find_also_related(course::Entity)
        .filter(booking::Column::UserId.eq(owner.user_id))
        .order_by_desc(course::Column::StartsAt)
        .order_by_desc(booking::Column::Id)
        .limit(MOST)
        .all(db)
        .await?;
    // When the member's bookings last changed (a cancellation changes the
    // booking's row though the feed then leaves it out). Informative only:
    // a poll is answered 304 by the `ETag` alone, as a course's meetings
    // can change without any booking's row.
    let mut last_modified = owner.created_at;
    let mut listed = Vec::new();
    for (b, c) in rows {
        let Some(c) = c else { continue };
        last_modified = last_modified.max(b.updated_at);
        if b.status == BookingStatus::Confirmed
            && c.status == CourseStatus::Published
            && c.ends_at > now - KEPT_AFTER_END
        {
            let meetings =
                crate::service::courses::meetings(db, CourseId(c.id), &c.time_zone).await?;
            listed.push((b, c, meetings));
        }
    }
    // The courses they teach, the same way (an instructor's own calendar).
    let taught = course::Entity::find()
        .filter(
            course::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(crate::entity::course_instructor::Column::CourseId)
                    .from(crate::entity::course_instructor::Entity)
                    .and_where(crate::entity::course_instructor::Column::UserId.eq(owner.user_id))
                    .to_owned(),
            ),
        )
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .filter(course::Column::EndsAt.gt(now - KEPT_AFTER_END))
        .order_by_desc(course::Column::StartsAt)
        .limit(MOST)
        .all(db)
        .await?;
    let mut teaching = Vec::new();
    for c in taught {
        // Not `updated_at`: every hold and booking on the course moves it,
        // and the feed would never answer 304. Moved meetings change the
        // text (and the `ETag`) by their own times.
        last_modified = last_modified.max(c.created_at);
        let meetings = crate::service::courses::meetings(db, CourseId(c.id), &c.time_zone).await?;
        teaching.push((c, meetings));
    }
    // Seconds, as `Last-Modified` says them.
    let last_modified = last_modified.trunc_subsecs(0);
    let urls: Vec<String> = listed
        .iter()
        .map(|(b, ..)| format!("{}/bookings/{}", site.url, b.id))
        .collect();
    let teaching_urls: Vec<String> = teaching
        .iter()
        .map(|(c, _)| format!("{}/teaching/{}", site.url, c.id))
        .collect();
    let taught_events = teaching
        .iter()
        .zip(&teaching_urls)
        .map(|((c, meetings), url)| CalendarEvent {
            lang,
            booking_id: c.id,
            teaching: true,
            host: site.host,
            title: &c.title,
            description: &c.description,
            location: &c.location,
            url,
            seats: 1,
            meetings,
            sequence: 0,
            cancelled: false,
            stamp: c.created_at.trunc_subsecs(0),
        });
    let events: Vec<CalendarEvent<'_>> = listed
        .iter()
        .zip(&urls)
        .map(|((b, c, meetings), url)| CalendarEvent {
            lang,
            booking_id: b.id,
            teaching: false,
            host: site.host,
            title: &c.title,
            description: &c.description,
            location: &c.location,
            url,
            seats: b.seat_count().get(),
            meetings,
            sequence: u32::try_from(b.calendar_sequence).unwrap_or(0),
            cancelled: false,
            stamp: b.updated_at.trunc_subsecs(0),
        })
        .chain(taught_events)
        .collect();
    let ics = calendar::feed(&crate::t!(lang, "ics-feed-name"), &events);
    let digest = Sha256::digest(ics.as_bytes());
    // Weak: the same calendar compressed differently is the same to a poll.
    let etag = format!("W/\"{}\"", hex::encode(&digest[..16]));
    Ok(Some(Feed {
        ics,
        etag,
        last_modified,
    }))
}
