//! Loading a course's roster: its active bookings, and the money on it that
//! went or must go back.

use crate::attendee::AttendeeStatus;
use crate::booking::RefundState as Owed;
use crate::catalog::PageNumber;
use crate::entity::course::CorruptCourse;
use crate::entity::{attendee, booking, course, payment, user};
use crate::roster::{
    ROSTER_PAGE_SIZE, RefundLine, RefundStanding, Roster, RosterEntry, RosterRows, RosterSeat,
};
use crate::teaching::Mark;
use crate::{BookingId, BookingStatus, CourseId, CourseSummary, Money, PaymentStatus};
use sea_orm::sea_query::{Expr, Order};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Why a roster could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// No such course.
    #[error("course {0} not found")]
    CourseNotFound(CourseId),
    /// The course's row cannot be read.
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
    #[error("loading a roster")]
    Database(#[from] DbErr),
}

impl From<crate::service::catalog::CatalogError> for RosterError {
    fn from(e: crate::service::catalog::CatalogError) -> RosterError {
        use crate::service::catalog::CatalogError;
        match e {
            CatalogError::Database(e) => RosterError::Database(e),
            CatalogError::Corrupt(e) => RosterError::Corrupt(e),
        }
    }
}

/// The active seats of `bookings`, by booking, first seat first.
async fn seats_of(
    db: &DatabaseConnection,
    bookings: impl Iterator<Item = i64>,
    meetings: &[chrono::DateTime<chrono::Utc>],
) -> Result<HashMap<i64, Vec<RosterSeat>>, DbErr> {
    let ids: Vec<i64> = bookings.collect();
    let mut out: HashMap<i64, Vec<RosterSeat>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = attendee::Entity::find()
            .filter(attendee::Column::BookingId.is_in(chunk.iter().copied()))
            .filter(attendee::Column::Status.eq(AttendeeStatus::Active))
            .find_also_related(booking::Entity)
            .order_by_asc(attendee::Column::BookingId)
            .order_by_asc(attendee::Column::Position)
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|(a, _)| a.id).collect();
        let marks = crate::service::teaching::marks_of(db, &ids).await?;
        for (a, b) in rows {
            let currency = b.map_or(crate::Currency::Eur, |b| b.currency);
            let attendance = meetings
                .iter()
                .map(|m| Mark::of(marks.get(&(a.id, *m)).copied()))
                .collect();
            out.entry(a.booking_id).or_default().push(RosterSeat {
                id: Some(a.id),
                name: a.name,
                email: a.email,
                share: Money::from_minor(a.share, currency),
                attendance,
            });
        }
    }
    Ok(out)
}

/// Loads a roster: a page of it for the roster page, everyone for the CSV
/// export. Confirmed bookings first, then pending ones, by booking time,
/// ordered and paged by the database.
pub async fn load_roster(
    db: &DatabaseConnection,
    id: CourseId,
    rows: RosterRows,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Roster, RosterError> {
    let row = course::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .ok_or(RosterError::CourseNotFound(id))?;
    // Where its bookings can be moved (not wanted in the CSV).
    let other_dates = match rows {
        RosterRows::Page(_) => crate::service::catalog::other_runs(db, &row, now).await?,
        RosterRows::Everyone => Vec::new(),
    };
    let meetings: Vec<chrono::DateTime<chrono::Utc>> =
        crate::service::courses::meetings(db, id, &row.time_zone)
            .await?
            .into_iter()
            .map(|m| m.starts_at)
            .collect();
    let course = CourseSummary::try_from(row)?;
    let active = booking::Entity::find()
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::Confirmed, BookingStatus::PendingPayment]),
        );
    let (count, paid): (i64, Option<i64>) = active
        .clone()
        .select_only()
        .column_as(booking::Column::Id.count(), "n")
        .column_as(
            Expr::cust(
                "CAST(SUM(CASE WHEN status = 'confirmed' AND amount > 0 THEN 1 ELSE 0 END) AS BIGINT)",
            ),
            "paid",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    let count = u64::try_from(count).unwrap_or(0);
    let last = PageNumber::last_of(count, ROSTER_PAGE_SIZE);
    let ordered = active
        .order_by(
            Expr::cust("CASE WHEN bookings.status = 'confirmed' THEN 0 ELSE 1 END"),
            Order::Asc,
        )
        .order_by_asc(booking::Column::CreatedAt)
        .order_by_asc(booking::Column::Id);
    let (page, ordered) = match rows {
        RosterRows::Everyone => (PageNumber::FIRST, ordered),
        RosterRows::Page(page) => {
            let page = page.min(last);
            let ordered = ordered
                .offset(page.offset_of(ROSTER_PAGE_SIZE))
                .limit(u64::from(ROSTER_PAGE_SIZE));
            (page, ordered)
        }
    };
    let rows = ordered.find_also_related(user::Entity).all(db).await?;
    let mut seats = seats_of(db, rows.iter().map(|(b, _)| b.id), &meetings).await?;
    let entries = rows
        .into_iter()
        .filter_map(|(b, u)| {
            let attendees = seats.remove(&b.id).unwrap_or_default();
            u.map(|u| RosterEntry {
                booking_id: BookingId(b.id),
                reference: BookingId(b.id).reference(),
                name: u.display_name,
                email: u.email,
                status: b.status,
                amount: Money::from_minor(b.amount, b.currency),
                discount: b.discount(),
                seats: b.seat_count().get(),
                attendees,
                booked_at: b.created_at,
            })
        })
        .collect();
    let refunds = load_refunds(db, id).await?;
    let waitlist = crate::service::waitlist::roster_lines(db, id).await?;
    Ok(Roster {
        course,
        entries,
        page,
        last,
        active: count,
        paid: paid.map_or(0, |n| u64::try_from(n).unwrap_or(0)),
        refunds,
        waitlist,
        other_dates,
        meetings,
    })
}

/// Paid money on a course that went or must go back, and paid bookings
/// cancelled without a refund: cancelled bookings' payments, and any
/// payment with a refund owed or made (money that arrived without a seat).
async fn load_refunds(db: &DatabaseConnection, id: CourseId) -> Result<Vec<RefundLine>, DbErr> {
    let paid = payment::Entity::find()
        .find_also_related(booking::Entity)
        .filter(booking::Column::CourseId.eq(id.get()))
        .filter(payment::Column::Status.is_in([PaymentStatus::Succeeded, PaymentStatus::Refunded]))
        .order_by_desc(payment::Column::UpdatedAt)
        .all(db)
        .await?;
    let ids: Vec<i64> = paid.iter().map(|(p, _)| p.id).collect();
    let refunded = crate::service::refunds::amounts_refunded(db, &ids).await?;
    let shown: Vec<(payment::Model, booking::Model)> = paid
        .into_iter()
        .filter_map(|(p, b)| b.map(|b| (p, b)))
        .filter(|(p, b)| {
            b.status == BookingStatus::Cancelled
                || p.refund.is_some()
                || p.status == PaymentStatus::Refunded
                || refunded.contains_key(&p.id)
        })
        .collect();
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(shown.iter().map(|(_, b)| b.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(shown
        .into_iter()
        .filter_map(|(p, b)| {
            let u = people.get(&b.user_id)?;
            let kept = b.status == BookingStatus::Confirmed;
            let state = match (p.status, p.refund) {
                (PaymentStatus::Refunded, _) => RefundStanding::Refunded,
                (_, Some(Owed::Requested)) => RefundStanding::Requested,
                (_, Some(Owed::Owed)) => RefundStanding::FailedRetrying,
                (_, Some(Owed::Refused)) => RefundStanding::Refused,
                (_, None) if kept => RefundStanding::PartlyRefunded,
                (_, None) => RefundStanding::NotRefunded,
            };
            Some(RefundLine {
                reference: BookingId(b.id).reference(),
                name: u.display_name.clone(),
                email: u.email.clone(),
                amount: Money::from_minor(p.amount, p.currency),
                refunded: Money::from_minor(refunded.get(&p.id).copied().unwrap_or(0), p.currency),
                state,
            })
        })
        .collect())
}
