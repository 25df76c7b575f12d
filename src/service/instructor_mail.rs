//! Emails to instructors: the attendee list the day before each meeting,
//! and a digest on days something changed on their courses. Each is
//! queued once (the outbox key names the instructor and the meeting or the
//! day, whichever instance gets there first) and only to instructors who
//! have not switched it off on `/account`.

use crate::booking::BookingStatus;
use crate::course::CourseStatus;
use crate::entity::{
    booking, course, course_instructor, course_meeting, email_outbox, instructor, user,
    waitlist_entry,
};
use crate::i18n::Lang;
use crate::i18n::format::{self, Shown};
use crate::ids::{CourseId, UserId};
use crate::service::notify::{self, Letter, SITE, TeachingDayBefore, TeachingDigest};
use crate::service::teaching::{self, Viewer};
use crate::t;
use crate::venue::{VenueTime, VenueZone, ZoneAt};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// The day-before list goes out this long before a meeting.
pub const DAY_BEFORE: Duration = Duration::hours(24);

/// Instructors who want `wants` and are not blocked, by id.
async fn recipients(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
    wants: impl Fn(&instructor::Model) -> bool,
) -> Result<HashMap<i64, user::Model>, DbErr> {
    let ids: Vec<i64> = ids.into_iter().collect();
    let wanting: Vec<i64> = instructor::Entity::find()
        .filter(instructor::Column::UserId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .filter(|i| wants(i))
        .map(|i| i.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(wanting))
        .filter(user::Column::BlockedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Which of `keys` the outbox holds already.
async fn queued_already(db: &impl ConnectionTrait, keys: &[String]) -> Result<Vec<String>, DbErr> {
    email_outbox::Entity::find()
        .select_only()
        .column(email_outbox::Column::DedupeKey)
        .filter(email_outbox::Column::DedupeKey.is_in(keys.iter().cloned()))
        .into_tuple::<Option<String>>()
        .all(db)
        .await
        .map(|keys| keys.into_iter().flatten().collect())
}

/// Queues the attendee list for every meeting of a published course that
/// starts within a day, to each of its instructors who wants it. Answers
/// how many were queued.
pub async fn queue_day_before(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let meetings = course_meeting::Entity::find()
        .filter(course_meeting::Column::StartsAt.gt(now))
        .filter(course_meeting::Column::StartsAt.lte(now + DAY_BEFORE))
        .all(db)
        .await?;
    if meetings.is_empty() {
        return Ok(0);
    }
    let teachers = course_instructor::Entity::find()
        .filter(course_instructor::Column::CourseId.is_in(meetings.iter().map(|m| m.course_id)))
        .all(db)
        .await?;
    let mut due = Vec::new();
    for m in &meetings {
        for t in teachers.iter().filter(|t| t.course_id == m.course_id) {
            let key = format!(
                "teaching_day_before:{}:{}:{}",
                t.user_id,
                m.course_id,
                m.starts_at.timestamp()
            );
            due.push((key, t.user_id, m));
        }
    }
    let keys: Vec<String> = due.iter().map(|(k, ..)| k.clone()).collect();
    let done = queued_already(db, &keys).await?;
    due.retain(|(k, ..)| !done.contains(k));
    if due.is_empty() {
        return Ok(0);
    }
    let people = recipients(db, due.iter().map(|(_, u, _)| *u), |i| i.day_before_emails).await?;
    let mut queued = 0;
    for (key, user_id, m) in due {
        let Some(to) = people.get(&user_id) else {
            continue;
        };
        let Some(c) = course::Entity::find_by_id(m.course_id).one(db).await? else {
            continue;
        };
        if c.status != CourseStatus::Published {
            continue;
        }
        let list = match teaching::door_list(
            db,
            Viewer::Admin(UserId(user_id)),
            CourseId(c.id),
            now,
        )
        .await
        {
            Ok(list) => list,
            Err(teaching::TeachingError::Database(e)) => return Err(e),
            Err(e) => {
                tracing::warn!(error = %e, course_id = c.id, "no day-before list");
                continue;
            }
        };
        let n = list
            .meetings
            .iter()
            .position(|x| x.starts_at == m.starts_at)
            .map_or(1, |i| i + 1);
        let zone = VenueZone::stored(&c.time_zone);
        let lang = notify::lang_of(to);
        let starts = VenueTime {
            at: m.starts_at,
            zone: ZoneAt::of(zone, m.starts_at),
        };
        let letter = Letter {
            lang,
            name: to.display_name.clone(),
            title: c.title.clone(),
            details: None,
            link: format!(
                "{SITE}/teaching/{}?meeting={}",
                c.id,
                m.starts_at.timestamp()
            ),
            tz: None,
            this: TeachingDayBefore {
                when: format::venue_time(lang, &starts, Shown::DateTime),
                place: m.place.clone().unwrap_or_else(|| c.location.clone()),
                meeting: (list.meetings.len() > 1).then(|| {
                    t!(
                        lang,
                        "email-day-before-meeting-of",
                        number = n,
                        count = list.meetings.len()
                    )
                }),
                people: list
                    .seats
                    .iter()
                    .map(|s| match &s.booked_by {
                        Some(b) => t!(
                            lang,
                            "email-day-before-booked-by",
                            name = s.name.as_str(),
                            by = b.as_str()
                        ),
                        None => s.name.clone(),
                    })
                    .collect(),
            },
        };
        let email = notify::email(to.email.clone(), &letter, Vec::new())?;
        if notify::write(db, email, key, now).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        tracing::info!(queued, "instructors' day-before lists queued");
    }
    Ok(queued)
}

/// What changed on one course in a day.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Changes {
    booked: i64,
    seats: i64,
    cancelled: i64,
    joined: i64,
}

impl Changes {
    /// "Pottery (12 Dec 2026): 2 new bookings (3 seats), 1 cancellation; 7
    /// of 10 seats taken", in `lang`.
    fn line(&self, c: &course::Model, lang: Lang) -> Option<String> {
        let mut parts = Vec::new();
        if self.booked > 0 {
            parts.push(t!(
                lang,
                "email-digest-booked",
                bookings = self.booked,
                seats = self.seats
            ));
        }
        if self.cancelled > 0 {
            parts.push(t!(lang, "email-digest-cancelled", count = self.cancelled));
        }
        if self.joined > 0 {
            parts.push(t!(lang, "email-digest-joined", count = self.joined));
        }
        if parts.is_empty() {
            return None;
        }
        let starts = VenueTime {
            at: c.starts_at,
            zone: ZoneAt::of(VenueZone::stored(&c.time_zone), c.starts_at),
        };
        Some(t!(
            lang,
            "email-digest-line",
            title = c.title.as_str(),
            day = format::venue_time(lang, &starts, Shown::Date),
            changes = parts.join(", "),
            taken = c.seats_held,
            capacity = c.capacity
        ))
    }
}

/// Queues, for each instructor who wants it, a digest of what changed on
/// their courses on the UTC day before `now`'s: new confirmed bookings,
/// cancellations and people joining the waiting list. Nothing changed,
/// nothing is sent. Answers how many were queued.
pub async fn queue_digests(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let end = now.date_naive().and_time(NaiveTime::MIN).and_utc();
    let start = end - Duration::days(1);
    let day = start.format("%Y-%m-%d").to_string();
    let links = course_instructor::Entity::find().all(db).await?;
    let people = recipients(db, links.iter().map(|l| l.user_id), |i| i.digest_emails).await?;
    let keys: Vec<String> = people
        .keys()
        .map(|u| format!("teaching_digest:{u}:{day}"))
        .collect();
    let done = queued_already(db, &keys).await?;
    let courses: HashMap<i64, course::Model> = course::Entity::find()
        .filter(course::Column::Id.is_in(links.iter().map(|l| l.course_id)))
        .filter(course::Column::EndsAt.gt(start))
        .filter(course::Column::Status.ne(CourseStatus::Draft))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ids: Vec<i64> = courses.keys().copied().collect();
    let mut changes: HashMap<i64, Changes> = HashMap::new();
    for b in booking::Entity::find()
        .filter(booking::Column::CourseId.is_in(ids.iter().copied()))
        .filter(
            sea_orm::Condition::any()
                .add(
                    booking::Column::ConfirmedAt
                        .gte(start)
                        .and(booking::Column::ConfirmedAt.lt(end)),
                )
                .add(
                    booking::Column::CancelledAt
                        .gte(start)
                        .and(booking::Column::CancelledAt.lt(end)),
                ),
        )
        .all(db)
        .await?
    {
        let c = changes.entry(b.course_id).or_default();
        let confirmed_then = b.confirmed_at.is_some_and(|t| t >= start && t < end);
        let cancelled_then = b.cancelled_at.is_some_and(|t| t >= start && t < end);
        if confirmed_then && !cancelled_then {
            c.booked += 1;
            c.seats += i64::from(b.seats);
        }
        if cancelled_then && b.status == BookingStatus::Cancelled && b.confirmed_at.is_some() {
            c.cancelled += 1;
        }
    }
    for w in waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::CourseId.is_in(ids.iter().copied()))
        .filter(waitlist_entry::Column::JoinedAt.gte(start))
        .filter(waitlist_entry::Column::JoinedAt.lt(end))
        .all(db)
        .await?
    {
        changes.entry(w.course_id).or_default().joined += 1;
    }
    let mut queued = 0;
    for (user_id, to) in &people {
        let key = format!("teaching_digest:{user_id}:{day}");
        if done.contains(&key) {
            continue;
        }
        let mut theirs: Vec<&course::Model> = links
            .iter()
            .filter(|l| l.user_id == *user_id)
            .filter_map(|l| courses.get(&l.course_id))
            .collect();
        theirs.sort_by_key(|c| (c.starts_at, c.id));
        let lang = notify::lang_of(to);
        let lines: Vec<String> = theirs
            .into_iter()
            .filter_map(|c| changes.get(&c.id).and_then(|ch| ch.line(c, lang)))
            .collect();
        if lines.is_empty() {
            continue;
        }
        let letter = Letter {
            lang,
            name: to.display_name.clone(),
            title: String::new(),
            details: None,
            link: format!("{SITE}/teaching"),
            tz: None,
            this: TeachingDigest {
                day: t!(
                    lang,
                    "email-digest-on",
                    date = format::utc_time(lang, start, Shown::Date)
                ),
                courses: lines,
            },
        };
        let email = notify::email(to.email.clone(), &letter, Vec::new())?;
        if notify::write(db, email, key, now).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        tracing::info!(queued, "instructors' digests queued");
    }
    Ok(queued)
}
