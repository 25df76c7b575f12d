//! What an instructor sees of the courses they teach: the list, each
//! course's attendee list at the door, and attendance per meeting. An
//! admin may open any course's list; an instructor only those they are
//! assigned to. Nothing here carries money or email addresses.

use crate::CourseSummary;
use crate::attendee::AttendeeStatus;
use crate::booking::BookingStatus;
use crate::entity::course::CorruptCourse;
use crate::entity::{attendance, attendee, booking, course, course_instructor, user};
use crate::ids::{AttendeeId, BookingId, CourseId, UserId};
use crate::teaching::{DoorList, DoorMeeting, DoorSeat, MARKING_OPENS_HOURS, Mark};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Sees every course's list.
    Admin(UserId),
    /// Sees the lists of the courses they are assigned to.
    Instructor(UserId),
}

impl Viewer {
    pub fn of(id: UserId, role: crate::Role) -> Viewer {
        if role.is_admin() {
            Viewer::Admin(id)
        } else {
            Viewer::Instructor(id)
        }
    }

    fn id(self) -> UserId {
        match self {
            Viewer::Admin(id) | Viewer::Instructor(id) => id,
        }
    }
}

/// Why a door list or a mark was refused.
#[derive(Debug, thiserror::Error)]
pub enum TeachingError {
    #[error("course {0} not found")]
    CourseNotFound(CourseId),
    /// Not a course they teach (also for a seat on one).
    #[error("not a course of theirs")]
    NotTheirs,
    #[error("no such seat")]
    SeatNotFound,
    #[error("no such meeting")]
    MeetingNotFound,
    /// More than a day before the meeting.
    #[error("marking opens at {0}")]
    NotYet(DateTime<Utc>),
    /// The seat's booking is not confirmed, or the seat was cancelled.
    #[error("the seat is not taken")]
    SeatNotTaken,
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
    #[error("loading a door list")]
    Database(#[from] DbErr),
}

/// Whether `viewer` may see `course`'s door list.
async fn may_see(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    course: CourseId,
) -> Result<bool, DbErr> {
    Ok(match viewer {
        Viewer::Admin(_) => true,
        Viewer::Instructor(me) => course_instructor::Entity::find_by_id((course.get(), me.get()))
            .one(db)
            .await?
            .is_some(),
    })
}

/// The courses `me` teaches that have not ended more than a week ago:
/// upcoming (and under way) first, soonest first, then the recent past.
pub async fn courses(
    db: &impl ConnectionTrait,
    me: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<CourseSummary>, TeachingError> {
    let rows = course::Entity::find()
        .filter(
            course::Column::Id.in_subquery(
                Query::select()
                    .column(course_instructor::Column::CourseId)
                    .from(course_instructor::Entity)
                    .and_where(course_instructor::Column::UserId.eq(me.get()))
                    .to_owned(),
            ),
        )
        .filter(course::Column::Status.ne(crate::CourseStatus::Draft))
        .filter(course::Column::EndsAt.gt(now - Duration::days(7)))
        .order_by_asc(course::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    let (upcoming, past): (Vec<_>, Vec<_>) = rows.into_iter().partition(|c| c.ends_at > now);
    let mut out = upcoming
        .into_iter()
        .chain(past.into_iter().rev())
        .map(CourseSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    crate::service::catalog::with_waiting(db, &mut out).await?;
    Ok(out)
}

/// The marks of `seats`, by seat and meeting start.
pub async fn marks_of(
    db: &impl ConnectionTrait,
    seats: &[i64],
) -> Result<HashMap<(i64, DateTime<Utc>), bool>, DbErr> {
    let mut out = HashMap::new();
    for chunk in seats.chunks(500) {
        for row in attendance::Entity::find()
            .filter(attendance::Column::AttendeeId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert((row.attendee_id, row.meeting_starts_at), row.present);
        }
    }
    Ok(out)
}

/// `course`'s door list for `viewer`: its confirmed seats by name, each
/// with its mark at each meeting.
pub async fn door_list(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    course: CourseId,
    now: DateTime<Utc>,
) -> Result<DoorList, TeachingError> {
    let row = course::Entity::find_by_id(course.get())
        .one(db)
        .await?
        .filter(|c| c.status != crate::CourseStatus::Draft || matches!(viewer, Viewer::Admin(_)))
        .ok_or(TeachingError::CourseNotFound(course))?;
    if !may_see(db, viewer, course).await? {
        return Err(TeachingError::NotTheirs);
    }
    let meetings = crate::service::courses::meetings(db, course, &row.time_zone).await?;
    let summary = crate::service::catalog::get_public(db, course)
        .await
        .map_err(|e| match e {
            crate::service::catalog::CatalogError::Database(e) => TeachingError::Database(e),
            crate::service::catalog::CatalogError::Corrupt(e) => TeachingError::Corrupt(e),
        })?
        .map_or_else(|| CourseSummary::try_from(row), Ok)?;
    let seats = attendee::Entity::find()
        .find_also_related(booking::Entity)
        .filter(booking::Column::CourseId.eq(course.get()))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
        .order_by_asc(attendee::Column::Name)
        .order_by_asc(attendee::Column::Id)
        .all(db)
        .await?;
    let bookers: HashMap<i64, String> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                seats
                    .iter()
                    .filter_map(|(_, b)| b.as_ref().map(|b| b.user_id)),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let ids: Vec<i64> = seats.iter().map(|(a, _)| a.id).collect();
    let marks = marks_of(db, &ids).await?;
    let seats = seats
        .into_iter()
        .filter_map(|(a, b)| {
            let b = b?;
            let booker = bookers.get(&b.user_id).cloned();
            Some(DoorSeat {
                attendee: AttendeeId(a.id),
                booked_by: booker.filter(|n| *n != a.name),
                reference: BookingId(b.id).reference(),
                marks: meetings
                    .iter()
                    .map(|m| Mark::of(marks.get(&(a.id, m.starts_at)).copied()))
                    .collect(),
                name: a.name,
            })
        })
        .collect();
    let opens = Duration::hours(MARKING_OPENS_HOURS);
    Ok(DoorList {
        course: summary,
        meetings: meetings
            .into_iter()
            .map(|m| DoorMeeting {
                open: m.starts_at - opens <= now,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                starts_zone: m.starts_zone,
            })
            .collect(),
        seats,
    })
}

/// Marks `seat` at the meeting starting at `meeting` as `mark`: a set,
/// not a toggle, so the same tap sent twice (a retry on a flaky
/// connection) leaves one mark. Answers the course, for the page to go
/// back to.
pub async fn mark(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    seat: AttendeeId,
    meeting: DateTime<Utc>,
    mark: Mark,
    now: DateTime<Utc>,
) -> Result<CourseId, TeachingError> {
    // An instructor is told the same of a seat that does not exist as of
    // one on another course: seat ids are not to be probed.
    let missing = match viewer {
        Viewer::Admin(_) => TeachingError::SeatNotFound,
        Viewer::Instructor(_) => TeachingError::NotTheirs,
    };
    let Some((a, Some(b))) = attendee::Entity::find_by_id(seat.get())
        .find_also_related(booking::Entity)
        .one(db)
        .await?
    else {
        return Err(missing);
    };
    let course = CourseId(b.course_id);
    if !may_see(db, viewer, course).await? {
        return Err(TeachingError::NotTheirs);
    }
    let Some(m) = crate::entity::course_meeting::Entity::find()
        .filter(crate::entity::course_meeting::Column::CourseId.eq(course.get()))
        .filter(crate::entity::course_meeting::Column::StartsAt.eq(meeting))
        .one(db)
        .await?
    else {
        return Err(TeachingError::MeetingNotFound);
    };
    let opens = m.starts_at - Duration::hours(MARKING_OPENS_HOURS);
    if now < opens {
        return Err(TeachingError::NotYet(opens));
    }
    if b.status != BookingStatus::Confirmed || a.status != AttendeeStatus::Active {
        return Err(TeachingError::SeatNotTaken);
    }
    match mark.present() {
        None => {
            attendance::Entity::delete_many()
                .filter(attendance::Column::AttendeeId.eq(a.id))
                .filter(attendance::Column::MeetingStartsAt.eq(m.starts_at))
                .exec(db)
                .await?;
        }
        Some(present) => {
            attendance::Entity::insert(attendance::ActiveModel {
                attendee_id: Set(a.id),
                meeting_starts_at: Set(m.starts_at),
                present: Set(present),
                marked_by: Set(Some(viewer.id().get())),
                marked_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([
                    attendance::Column::AttendeeId,
                    attendance::Column::MeetingStartsAt,
                ])
                .update_columns([
                    attendance::Column::Present,
                    attendance::Column::MarkedBy,
                    attendance::Column::MarkedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
    }
    tracing::info!(
        attendee_id = a.id,
        course_id = course.get(),
        mark = mark.as_str(),
        "attendance marked"
    );
    Ok(course)
}
