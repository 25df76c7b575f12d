//! What a member sees of their own bookings: the dashboard a page at a time,
//! one booking with its payments, and the verdict of the success page (which
//! completes the checkout itself when it arrives before Stripe's webhook).

use crate::entity::{booking, course, payment};
use crate::my_bookings::{
    BookingDetail, BookingView, BookingsPage, DisplayStatus, PAGE_SIZE, PaymentResult, PaymentView,
};
use crate::service::cancel::{Actor, RefundPolicy};
use crate::service::fulfil::{self, Fulfilment};
use crate::service::payments::{GatewayError, StripeGateway};
use crate::venue::{VenueZone, ZoneAt};
use crate::{BookingId, BookingStatus, CourseId, Money, PaymentId, PaymentStatus, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};

/// Why a member's booking, page or payment could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum MyBookingsError {
    /// No such booking or checkout session, or not theirs.
    #[error("booking not found")]
    NotFound,
    /// A page number past anything that can exist.
    #[error("no page {0}")]
    NoSuchPage(usize),
    /// Back from Stripe, but the session is not paid.
    #[error("the payment has not succeeded")]
    NotPaid,
    /// The session's amount, currency or booking are not our payment's.
    #[error("the checkout session does not match its payment")]
    Mismatch,
    /// Stripe could not be asked about the session.
    #[error("the payment provider is unavailable: {0}")]
    ProviderUnavailable(String),
    /// Stripe answered something unusable.
    #[error("retrieving a checkout session: {0}")]
    Provider(GatewayError),
    #[error("loading bookings")]
    Database(#[from] DbErr),
    /// Its course's other dates could not be read.
    #[error(transparent)]
    Catalog(#[from] crate::service::catalog::CatalogError),
}

/// One row of the page query: a booking, its course's shown fields, one
/// of its payments (none if it has none) and the member's number of
/// bookings. A booking with several payments comes once per payment.
#[derive(Debug, FromQueryResult)]
struct DashboardRow {
    id: i64,
    status: BookingStatus,
    amount: i64,
    list_amount: Option<i64>,
    currency: crate::Currency,
    seats: i32,
    hold_expires_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    course_id: i64,
    title: String,
    location: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    time_zone: String,
    course_status: crate::course::CourseStatus,
    payment_id: Option<i64>,
    payment_status: Option<PaymentStatus>,
    total: i64,
    open_places: i64,
}

/// The page's bookings from its rows, each with its payments newest
/// first (what `DisplayStatus::of` reads), in no particular order.
fn fold_dashboard_rows(mut rows: Vec<DashboardRow>) -> Vec<BookingView> {
    rows.sort_unstable_by_key(|r| (r.id, std::cmp::Reverse(r.payment_id)));
    let mut views = Vec::with_capacity(rows.len());
    let mut payments = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        payments.clear();
        payments.extend(row.payment_status);
        while let Some(more) = rows.next_if(|r| r.id == row.id) {
            payments.extend(more.payment_status);
        }
        let zone = VenueZone::stored(&row.time_zone);
        views.push(BookingView {
            id: BookingId(row.id),
            course_id: CourseId(row.course_id),
            course_title: row.title,
            location: row.location,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            starts_zone: ZoneAt::of(zone, row.starts_at),
            ends_zone: ZoneAt::of(zone, row.ends_at),
            status: DisplayStatus::of(row.status, &payments).on_date(row.course_status),
            amount: Money::from_minor(row.amount, row.currency),
            discount: Money::from_minor(
                (row.list_amount.unwrap_or(row.amount) - row.amount).max(0),
                row.currency,
            ),
            seats: u8::try_from(row.seats).unwrap_or(1),
            hold_expires_at: row.hold_expires_at,
            booked_at: row.created_at,
        });
    }
    views
}

/// The dashboard page query: upcoming bookings soonest first, then past
/// ones latest first, `PAGE_SIZE` from `skip`. Each booking carries its
/// course's start (`course_starts_at`, kept in step by the database's
/// triggers), so the page's ids come from two ranges of one index
/// (`user_id, course_starts_at, id`): the first `skip + PAGE_SIZE`
/// upcoming ones forwards and as many past ones backwards, with no join
/// and no sort of the member's whole history. Only the page's bookings
/// are then joined with their course and their payments, and each row
/// carries the member's total (an uncorrelated subquery, run once), so
/// one statement answers the whole page. The outer query does not keep
/// the order: the caller sorts the page's bookings. SQLite wants a
/// compound's ordered, limited parts wrapped as subqueries. The outer
/// select's column names are `DashboardRow`'s fields.
const DASHBOARD_SQL: &str = "\
    SELECT b.id, b.status, b.amount, b.list_amount, b.currency, b.seats, b.hold_expires_at, b.created_at, \
           b.course_id, c.title, c.location, c.starts_at, c.ends_at, c.time_zone, c.status AS course_status, \
           p.id AS payment_id, p.status AS payment_status, \
           (SELECT COUNT(*) FROM bookings WHERE user_id = $1) AS total, \
           (SELECT COUNT(*) FROM waitlist_entries \
            WHERE user_id = $1 AND status IN ('waiting', 'offered')) AS open_places \
    FROM ( \
      SELECT id FROM ( \
        SELECT 0 AS g, s, id FROM ( \
          SELECT course_starts_at AS s, id FROM bookings \
          WHERE user_id = $1 AND course_starts_at > $2 \
          ORDER BY course_starts_at, id LIMIT $3) AS upcoming \
        UNION ALL \
        SELECT 1 AS g, s, id FROM ( \
          SELECT course_starts_at AS s, id FROM bookings \
          WHERE user_id = $1 AND course_starts_at <= $2 \
          ORDER BY course_starts_at DESC, id DESC LIMIT $3) AS past \
      ) AS mine \
      ORDER BY g, CASE WHEN g = 0 THEN s END, CASE WHEN g = 0 THEN id END, s DESC, id DESC \
      LIMIT $4 OFFSET $5 \
    ) AS pg \
    JOIN bookings b ON b.id = pg.id \
    JOIN courses c ON c.id = b.course_id \
    LEFT JOIN payments p ON p.booking_id = b.id";

/// [`DASHBOARD_SQL`] with one page's values (`$n`, which SQLite reads too).
fn dashboard_statement(
    db: &impl ConnectionTrait,
    member: UserId,
    now: DateTime<Utc>,
    skip: i64,
) -> sea_orm::Statement {
    let reach = skip + PAGE_SIZE as i64;
    let user_id = member.get();
    sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        DASHBOARD_SQL,
        [
            user_id.into(),
            now.into(),
            reach.into(),
            (PAGE_SIZE as i64).into(),
            skip.into(),
        ],
    )
}

/// The member's bookings, page `page` (from 1): upcoming soonest first,
/// then past latest first; on each page the cancelled and expired ones are
/// set apart. A page past the last shows the last.
pub async fn page(
    db: &DatabaseConnection,
    member: UserId,
    page: usize,
    now: DateTime<Utc>,
) -> Result<BookingsPage, MyBookingsError> {
    let mut page = page.max(1);
    // A typed page number far past any member's bookings would overflow
    // the offset (and the database's 64-bit one): refused, not wrapped.
    let skip_of = |page: usize| {
        (page - 1)
            .checked_mul(PAGE_SIZE)
            .and_then(|skip| skip.checked_add(PAGE_SIZE))
            .and_then(|reach| i64::try_from(reach).ok())
            .map(|reach| reach - PAGE_SIZE as i64)
    };
    let skip = skip_of(page).ok_or(MyBookingsError::NoSuchPage(page))?;
    let fetch = |skip: i64| {
        DashboardRow::find_by_statement(dashboard_statement(db, member, now, skip)).all(db)
    };
    let mut rows = fetch(skip).await?;
    if rows.is_empty() && page > 1 {
        // Past the last page (bookings went away, or a typed URL): the
        // total comes only with rows, so count, then show the last page.
        let total = booking::Entity::find()
            .filter(booking::Column::UserId.eq(member.get()))
            .count(db)
            .await?;
        page = (total as usize).div_ceil(PAGE_SIZE).max(1);
        rows = fetch(skip_of(page).unwrap_or(0)).await?;
    }
    let total = rows.first().map_or(0, |r| r.total.max(0) as usize);
    // The rows say whether any waiting-list place is open, so most pages
    // skip that query (its SQL is built per call); without rows, ask.
    let any_places = rows.first().is_none_or(|r| r.open_places > 0);
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let (mut ended, active): (Vec<_>, Vec<_>) = fold_dashboard_rows(rows)
        .into_iter()
        .partition(|b| b.status.is_ended());
    let (mut past, mut upcoming): (Vec<_>, Vec<_>) =
        active.into_iter().partition(|b| b.starts_at <= now);
    upcoming.sort_by_key(|b| (b.starts_at, b.id));
    past.sort_by_key(|b| std::cmp::Reverse((b.starts_at, b.id)));
    ended.sort_by_key(|b| std::cmp::Reverse((b.starts_at, b.id)));
    let waiting = if any_places {
        crate::service::waitlist::places_of(db, member).await?
    } else {
        Vec::new()
    };
    // An offer's booking is shown once, with the offer under the waiting
    // list (its own buttons and deadline), not again among the upcoming.
    upcoming.retain(|b| {
        !waiting
            .iter()
            .any(|p| p.offer.as_ref().is_some_and(|o| o.booking_id == b.id))
    });
    Ok(BookingsPage {
        upcoming,
        past,
        ended,
        page,
        pages,
        total,
        waiting,
    })
}

/// One of the member's bookings as the dashboard shows it.
async fn own_booking(
    db: &impl ConnectionTrait,
    member: UserId,
    id: BookingId,
) -> Result<BookingView, MyBookingsError> {
    let (b, c) = booking::Entity::find_by_id(id.get())
        .find_also_related(course::Entity)
        .one(db)
        .await?
        .filter(|(b, _)| b.user_id == member.get())
        .and_then(|(b, c)| Some((b, c?)))
        .ok_or(MyBookingsError::NotFound)?;
    let statuses: Vec<PaymentStatus> = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(b.id))
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.status)
        .collect();
    let zone = VenueZone::stored(&c.time_zone);
    Ok(BookingView {
        id: BookingId(b.id),
        course_id: CourseId(c.id),
        course_title: c.title,
        location: c.location,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        starts_zone: ZoneAt::of(zone, c.starts_at),
        ends_zone: ZoneAt::of(zone, c.ends_at),
        status: DisplayStatus::of(b.status, &statuses).on_date(c.status),
        amount: Money::from_minor(b.amount, b.currency),
        discount: b.discount(),
        seats: b.seat_count().get(),
        hold_expires_at: b.hold_expires_at,
        booked_at: b.created_at,
    })
}

/// The member's active booking on `course`, if any: the one awaiting
/// payment, else the latest paid one.
pub async fn active_on(
    db: &DatabaseConnection,
    member: UserId,
    course: CourseId,
) -> Result<Option<BookingView>, MyBookingsError> {
    let active = booking::Entity::find()
        .filter(booking::Column::UserId.eq(member.get()))
        .filter(booking::Column::CourseId.eq(course.get()))
        .filter(
            booking::Column::Status
                .is_in([BookingStatus::PendingPayment, BookingStatus::Confirmed]),
        )
        // 'pending_payment' sorts after 'confirmed'.
        .order_by_desc(booking::Column::Status)
        .order_by_desc(booking::Column::Id)
        .one(db)
        .await?;
    match active {
        Some(b) => Ok(Some(own_booking(db, member, BookingId(b.id)).await?)),
        None => Ok(None),
    }
}

/// One of the member's bookings with its payment attempts, newest first,
/// and whether cancelling it now would be refunded.
pub async fn detail(
    db: &DatabaseConnection,
    policy: RefundPolicy,
    member: UserId,
    id: BookingId,
    now: DateTime<Utc>,
) -> Result<BookingDetail, MyBookingsError> {
    let booking = own_booking(db, member, id).await?;
    let attempts = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(id.get()))
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = attempts.iter().map(|p| p.id).collect();
    let refunded = crate::service::refunds::amounts_refunded(db, &ids).await?;
    let payments = attempts
        .into_iter()
        .map(|p| PaymentView {
            status: p.status,
            amount: Money::from_minor(p.amount, p.currency),
            refunded: Money::from_minor(refunded.get(&p.id).copied().unwrap_or(0), p.currency),
            failure: p
                .failure_message
                .filter(|_| matches!(p.status, PaymentStatus::Failed | PaymentStatus::DebitFailed)),
            at: p.created_at,
        })
        .collect();
    let refund_if_cancelled = booking.status == DisplayStatus::DateCancelled
        || (booking.status == DisplayStatus::Confirmed
            && policy.refundable(Actor::Member(member), booking.starts_at, now));
    let attendees = crate::service::attendees::of_booking(db, booking.id).await?;
    // The booking's own payment, and the differences paid to move it.
    let kept = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(id.get()))
        .filter(payment::Column::Status.eq(PaymentStatus::Succeeded))
        .filter(payment::Column::Refund.is_null())
        .all(db)
        .await?;
    let mut refund_amount: Option<Money> = None;
    for p in &kept {
        let left = crate::service::refunds::refundable_left(db, PaymentId(p.id)).await?;
        let so_far = refund_amount.map_or(0, Money::minor);
        refund_amount = Some(Money::from_minor(so_far + left, p.currency));
    }
    let c = course::Entity::find_by_id(booking.course_id.get())
        .one(db)
        .await?
        .ok_or(MyBookingsError::NotFound)?;
    let meetings = crate::service::courses::meetings(db, booking.course_id, &c.time_zone).await?;
    // What moving to a date whose seats cost `less` less and `price` each
    // gives back, as the move itself reckons it.
    let back = |less: i64, price: i64| {
        crate::service::moves::back_for_booking(
            booking.seats,
            booking.amount.minor(),
            booking.discount.minor(),
            less,
            price,
        )
    };
    let move_to =
        if booking.status == DisplayStatus::Confirmed && now < booking.starts_at - policy.cutoff {
            let runs = crate::service::catalog::other_runs(db, &c, now).await?;
            let paid = refund_amount.map_or(0, Money::minor);
            // A cheaper date gives its difference back, at most what is
            // left of the payment (as the move itself reckons it); a
            // dearer one asks for its difference first.
            runs.into_iter()
                .filter_map(|run| {
                    let price = run.price.money();
                    let per_seat = c.price - price.minor();
                    let seats = i64::from(booking.seats);
                    let money = |m: i64| Money::from_minor(m, c.currency);
                    (price.currency() == c.currency).then(|| crate::my_bookings::MoveOption {
                        back: money(back(per_seat, price.minor()).min(paid)),
                        run,
                        more: money((-per_seat).max(0).saturating_mul(seats)),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
    let paid = refund_amount.map_or(0, Money::minor);
    let offer = match c.replaced_by {
        Some(to) if booking.status == DisplayStatus::DateCancelled && now < c.starts_at => {
            course::Entity::find_by_id(to)
                .one(db)
                .await?
                // Only while the date can still be moved to.
                .filter(|run| {
                    run.status == crate::course::CourseStatus::Published && run.starts_at > now
                })
                .and_then(|run| {
                    let back = back(c.price - run.price, run.price).min(paid);
                    let full = run.seats_held + i32::from(booking.seats) > run.capacity;
                    crate::CourseSummary::try_from(run).ok().map(|run| {
                        crate::my_bookings::MoveOffer {
                            run,
                            back: Money::from_minor(back, c.currency),
                            until: c.starts_at,
                            full,
                        }
                    })
                })
        }
        _ => None,
    };
    let mut moves = Vec::new();
    for m in crate::service::moves::history(db, booking.id).await? {
        if let Some(from) = course::Entity::find_by_id(m.from_course_id).one(db).await? {
            moves.push(crate::my_bookings::MoveView {
                at: m.moved_at,
                from_starts_at: from.starts_at,
                from_zone: ZoneAt::of(VenueZone::stored(&from.time_zone), from.starts_at),
                by_admin: m.moved_by == "admin",
            });
        }
    }
    let seat_ids: Vec<i64> = attendees.iter().map(|a| a.id).collect();
    let marks = crate::service::teaching::marks_of(db, &seat_ids).await?;
    let mut attendees = attendees;
    for a in &mut attendees {
        a.attended = meetings
            .iter()
            .map(|m| crate::teaching::Mark::of(marks.get(&(a.id, m.starts_at)).copied()))
            .collect();
    }
    Ok(BookingDetail {
        booking,
        meetings,
        move_to,
        moves,
        offer,
        payments,
        attendees,
        refund_amount,
        refund_if_cancelled,
        refund_cutoff_hours: policy.cutoff.num_hours(),
    })
}

/// Back from Stripe Checkout with `session_id`: completes the checkout if
/// the webhook has not yet (the same fulfilment, so doing it twice is
/// harmless) and says what became of the member's booking.
pub async fn payment_result(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    member: UserId,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<PaymentResult, MyBookingsError> {
    // No session id holds U+0000, and PostgreSQL cannot compare with one.
    if session_id.contains('\0') {
        return Err(MyBookingsError::NotFound);
    }
    let pay = payment::Entity::find()
        .filter(payment::Column::StripeCheckoutSessionId.eq(session_id))
        .one(db)
        .await?
        .ok_or(MyBookingsError::NotFound)?;
    // Only the session's owner may see (or complete) it.
    let booking_id = own_booking(db, member, BookingId(pay.booking_id)).await?.id;
    let facts = gateway
        .retrieve_session(session_id)
        .await
        .map_err(|e| match e {
            GatewayError::Unavailable(reason) => MyBookingsError::ProviderUnavailable(reason),
            other => MyBookingsError::Provider(other),
        })?;
    let txn = db.begin().await?;
    let outcome = fulfil::fulfil_checkout(&txn, &facts, now).await?;
    let outcome = fulfil::commit_completion(txn, db, gateway, outcome, now).await?;
    let refunded_no_seat = match outcome {
        Fulfilment::RefundOwed { .. } => true,
        // Recorded first by the webhook: a refund owed on a payment whose
        // booking was never confirmed is one for a missing seat.
        Fulfilment::AlreadyRecorded(id) => {
            let refund_owed = payment::Entity::find_by_id(pay.id)
                .one(db)
                .await?
                .is_some_and(|p| p.refund.is_some());
            let never_confirmed = booking::Entity::find_by_id(id)
                .one(db)
                .await?
                .is_some_and(|b| b.confirmed_at.is_none());
            refund_owed && never_confirmed
        }
        _ => false,
    };
    if outcome == Fulfilment::Mismatch {
        return Err(MyBookingsError::Mismatch);
    }
    let processing = matches!(outcome, Fulfilment::Processing(_));
    // Moved now, or by the webhook a moment ago.
    let moved = pay.moves_to.is_some()
        && booking::Entity::find_by_id(booking_id.get())
            .one(db)
            .await?
            .is_some_and(|b| pay.moves_to == Some(b.course_id));
    // A difference owed back: its move could not be made (now or when the
    // webhook came first).
    let refunded_no_seat = refunded_no_seat
        || (pay.moves_to.is_some()
            && !moved
            && payment::Entity::find_by_id(pay.id)
                .one(db)
                .await?
                .is_some_and(|p| p.refund.is_some()));
    if !facts.paid && !processing {
        return Err(MyBookingsError::NotPaid);
    }
    let booking = own_booking(db, member, booking_id).await?;
    Ok(PaymentResult {
        confirmed: booking.status == DisplayStatus::Confirmed,
        processing,
        booking,
        refunded_no_seat,
        moved,
        difference: pay
            .moves_to
            .map(|_| Money::from_minor(pay.amount, pay.currency)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, payment: Option<(i64, PaymentStatus)>) -> DashboardRow {
        let t = Utc::now();
        DashboardRow {
            id,
            status: BookingStatus::PendingPayment,
            amount: 1000,
            list_amount: None,
            currency: crate::Currency::Eur,
            seats: 1,
            hold_expires_at: Some(t),
            created_at: t,
            course_id: id,
            title: format!("Course {id}"),
            location: "Here".into(),
            starts_at: t,
            ends_at: t,
            time_zone: "UTC".into(),
            course_status: crate::course::CourseStatus::Published,
            payment_id: payment.map(|(pid, _)| pid),
            payment_status: payment.map(|(_, s)| s),
            total: 4,
            open_places: 0,
        }
    }

    #[test]
    fn a_booking_with_several_payments_reads_its_newest_first() {
        use PaymentStatus::{Failed, Open, Processing};
        // Rows come in any order, one per payment.
        let views = fold_dashboard_rows(vec![
            row(2, Some((5, Open))),
            row(1, Some((3, Failed))),
            row(3, None),
            row(2, Some((4, Failed))),
            row(1, Some((1, Open))),
            row(4, Some((6, Processing))),
            row(4, Some((7, Failed))),
        ]);
        let statuses: Vec<(i64, DisplayStatus)> =
            views.iter().map(|v| (v.id.get(), v.status)).collect();
        assert_eq!(
            statuses,
            [
                (1, DisplayStatus::PaymentFailed),
                (2, DisplayStatus::PendingPayment),
                (3, DisplayStatus::PendingPayment),
                (4, DisplayStatus::PaymentProcessing),
            ],
            "one view per booking; the newest payment decides a failure"
        );
        assert_eq!(views[0].course_title, "Course 1");
    }
}
