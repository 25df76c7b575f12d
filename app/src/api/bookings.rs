//! Booking and paying: the member's server functions.

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::{BookingId, BookingStatus, CourseId, Money, PaymentStatus};

#[cfg(feature = "ssr")]
use self::ssr_impl::*;

/// How a booking is shown: the booking's state refined by its payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisplayStatus {
    /// Seat held, waiting for payment.
    PendingPayment,
    /// Seat held, the last attempt failed: retry.
    PaymentFailed,
    /// Seat held while a delayed payment (SEPA Direct Debit) is processing:
    /// nothing to do but wait (no retry, which could charge twice).
    PaymentProcessing,
    /// Paid (or free): the seat is theirs.
    Confirmed,
    /// Cancelled.
    Cancelled,
    /// Cancelled and the money went back.
    Refunded,
    /// The hold ended unpaid.
    Expired,
}

impl DisplayStatus {
    /// The badge's words.
    pub fn label(self) -> &'static str {
        match self {
            DisplayStatus::PendingPayment => "Pending payment",
            DisplayStatus::PaymentFailed => "Payment failed — retry",
            DisplayStatus::PaymentProcessing => "Payment processing",
            DisplayStatus::Confirmed => "Confirmed",
            DisplayStatus::Cancelled => "Cancelled",
            DisplayStatus::Refunded => "Refunded",
            DisplayStatus::Expired => "Expired",
        }
    }

    /// The badge's classes (`.badge` is in `style/tailwind.css`) and colours.
    pub fn class(self) -> &'static str {
        match self {
            DisplayStatus::PendingPayment => "badge badge-pending",
            DisplayStatus::PaymentFailed => "badge badge-failed",
            DisplayStatus::PaymentProcessing => "badge badge-processing",
            DisplayStatus::Confirmed => "badge badge-confirmed",
            DisplayStatus::Refunded => "badge badge-refunded",
            DisplayStatus::Cancelled | DisplayStatus::Expired => "badge badge-closed",
        }
    }

    /// From the booking's status and its payments' (newest first).
    pub fn of(status: BookingStatus, payments: &[PaymentStatus]) -> DisplayStatus {
        match status {
            BookingStatus::PendingPayment if payments.contains(&PaymentStatus::Processing) => {
                DisplayStatus::PaymentProcessing
            }
            BookingStatus::PendingPayment if payments.first() == Some(&PaymentStatus::Failed) => {
                DisplayStatus::PaymentFailed
            }
            BookingStatus::PendingPayment => DisplayStatus::PendingPayment,
            BookingStatus::Confirmed => DisplayStatus::Confirmed,
            BookingStatus::Cancelled if payments.contains(&PaymentStatus::Refunded) => {
                DisplayStatus::Refunded
            }
            BookingStatus::Cancelled => DisplayStatus::Cancelled,
            BookingStatus::Expired => DisplayStatus::Expired,
        }
    }
}

/// A booking as its owner sees it. Times travel as milliseconds since the
/// epoch: this is the bulk of the dashboard's hydration data, and numbers
/// need neither formatting nor escaping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingView {
    /// Id.
    pub id: BookingId,
    /// The course.
    pub course_id: CourseId,
    /// Its title.
    pub course_title: String,
    /// Where.
    pub location: String,
    /// Start (UTC).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub ends_at: DateTime<Utc>,
    /// The badge.
    pub status: DisplayStatus,
    /// The price at booking time.
    pub amount: Money,
    /// When the seat hold ends (pending only).
    #[serde(with = "chrono::serde::ts_milliseconds_option")]
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// When it was made.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub booked_at: DateTime<Utc>,
}

impl BookingView {
    /// `TS-000042`, what the member quotes.
    pub fn reference(&self) -> String {
        self.id.reference()
    }

    /// Whether the course is over or under way.
    pub fn is_past(&self) -> bool {
        self.starts_at <= Utc::now()
    }
}

/// One payment attempt, for the booking's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    /// Open, succeeded, failed, expired or refunded.
    pub status: PaymentStatus,
    /// The amount.
    pub amount: Money,
    /// Why it failed, in Stripe's words.
    pub failure: Option<String>,
    /// When it started.
    pub at: DateTime<Utc>,
}

/// A booking with its payment history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingDetail {
    /// The booking.
    pub booking: BookingView,
    /// Attempts, newest first.
    pub payments: Vec<PaymentView>,
    /// Whether cancelling now would be refunded in full.
    pub refund_if_cancelled: bool,
    /// The policy's cut-off, in hours before the start.
    pub refund_cutoff_hours: i64,
}

/// What cancelling did, as the person is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CancelOutcome {
    /// A pending booking released.
    Released,
    /// Cancelled; the refund is on its way.
    Refunding,
    /// Cancelled without a refund.
    NoRefund,
    /// It had already ended.
    AlreadyEnded,
}

/// Cancels one of the signed-in person's bookings, refunding it in full
/// when the policy allows.
#[server(endpoint = "cancel_booking")]
pub async fn cancel_my_booking(booking_id: BookingId) -> Result<CancelOutcome, AppError> {
    cancel_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// What the success page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentResult {
    /// The booking.
    pub booking: BookingView,
    /// Paid and confirmed.
    pub confirmed: bool,
    /// A delayed payment (SEPA Direct Debit) is processing: the seat is held
    /// until the bank answers.
    pub processing: bool,
    /// Paid after the seat was gone: the money is on its way back.
    pub refunded_no_seat: bool,
}

/// "Book": holds a seat and sends the browser to pay (or, for a free
/// course, to the confirmed booking).
#[server(endpoint = "book_course")]
pub async fn book_course(course_id: CourseId) -> Result<(), AppError> {
    book_course_impl(course_id)
        .await
        .map_err(super::ssr::with_status)
}

/// "Retry payment" for a pending booking: a new Checkout Session.
#[server(endpoint = "retry_payment")]
pub async fn retry_payment(booking_id: BookingId) -> Result<(), AppError> {
    retry_payment_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// "Release my seat": cancels a pending booking and frees the seat.
#[server(endpoint = "release_booking")]
pub async fn release_booking(booking_id: BookingId) -> Result<(), AppError> {
    release_booking_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Bookings per dashboard page.
pub const PAGE_SIZE: usize = 20;

/// One page of the dashboard: upcoming courses first (soonest first), then
/// past ones (latest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookingsPage {
    /// This page's upcoming bookings.
    pub upcoming: Vec<BookingView>,
    /// This page's past bookings.
    pub past: Vec<BookingView>,
    /// The page (1-based).
    pub page: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// Bookings in all.
    pub total: usize,
}

/// The signed-in person's bookings, a page at a time (`page` from 1;
/// missing means the first).
#[server(endpoint = "my_bookings")]
pub async fn my_bookings(page: Option<usize>) -> Result<BookingsPage, AppError> {
    my_bookings_impl(page.unwrap_or(1))
        .await
        .map_err(super::ssr::with_status)
}

/// One booking of theirs with its payments.
#[server(endpoint = "booking_detail")]
pub async fn get_booking_detail(booking_id: BookingId) -> Result<BookingDetail, AppError> {
    booking_detail_impl(booking_id)
        .await
        .map_err(super::ssr::with_status)
}

/// Back from Stripe: confirms the booking from the session (even before the
/// webhook arrives) and says what happened.
#[server(endpoint = "payment_result")]
pub async fn check_payment(session_id: String) -> Result<PaymentResult, AppError> {
    payment_result_impl(session_id)
        .await
        .map_err(super::ssr::with_status)
}

#[cfg(feature = "ssr")]
mod ssr_impl {
    use super::*;
    use crate::api::ssr::{db, gateway};
    use crate::auth::ssr::require_user;
    use leptos::prelude::use_context;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
    use tessera::entity::{booking, course, payment};
    use tessera::service::cancel::{self, Actor, RefundPolicy};
    use tessera::service::checkout::{self, CheckoutError, NextStep};
    use tessera::service::fulfil::{self, Fulfilment};
    use tessera::service::payments::GatewayError;
    use tessera::{ApiError, ErrorCode, FieldError};

    fn checkout_error(e: CheckoutError) -> AppError {
        AppError(ApiError::from(e))
    }

    fn go(next: NextStep) {
        match next {
            NextStep::Pay { url, .. } => leptos_axum::redirect(&url),
            NextStep::Confirmed(id) => {
                leptos_axum::redirect(&format!("/bookings/{id}?confirmed=1"))
            }
            NextStep::Processing(id) => leptos_axum::redirect(&format!("/bookings/{id}")),
        }
    }

    pub(super) async fn book_course_impl(course_id: CourseId) -> Result<(), AppError> {
        let user = require_user().await?;
        let next = checkout::book(
            &db()?,
            &gateway()?,
            tessera::UserId(user.id),
            &user.email,
            course_id,
            Utc::now(),
        )
        .await
        .map_err(checkout_error)?;
        go(next);
        Ok(())
    }

    pub(super) async fn retry_payment_impl(booking_id: BookingId) -> Result<(), AppError> {
        let user = require_user().await?;
        let next = checkout::retry(
            &db()?,
            &gateway()?,
            tessera::UserId(user.id),
            &user.email,
            booking_id,
            Utc::now(),
        )
        .await
        .map_err(checkout_error)?;
        go(next);
        Ok(())
    }

    pub(super) async fn release_booking_impl(booking_id: BookingId) -> Result<(), AppError> {
        let user = require_user().await?;
        let db = db()?;
        let b = booking::Entity::find_by_id(booking_id.get())
            .one(&db)
            .await
            .map_err(|e| AppError::internal("loading a booking", e))?
            .filter(|b| b.user_id == user.id)
            .ok_or_else(|| AppError::new(ErrorCode::BookingNotFound))?;
        if b.status != BookingStatus::PendingPayment {
            return Err(AppError::new(ErrorCode::BookingNotPending));
        }
        // Releasing is cancelling a booking that has nothing to refund.
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        cancel::cancel_booking(
            &db,
            &gateway()?,
            policy,
            booking_id,
            Actor::Member(tessera::UserId(user.id)),
            Utc::now(),
        )
        .await
        .map_err(|e| AppError::internal("releasing a seat", e))?;
        leptos_axum::redirect("/bookings");
        Ok(())
    }

    async fn views(
        db: &sea_orm::DatabaseConnection,
        rows: Vec<(booking::Model, Option<course::Model>)>,
    ) -> Result<Vec<BookingView>, AppError> {
        let ids: Vec<i64> = rows.iter().map(|(b, _)| b.id).collect();
        let pays = payment::Entity::find()
            .filter(payment::Column::BookingId.is_in(ids))
            .order_by_desc(payment::Column::Id)
            .all(db)
            .await
            .map_err(|e| AppError::internal("loading payments", e))?;
        Ok(rows
            .into_iter()
            .filter_map(|(b, c)| {
                let c = c?;
                let statuses: Vec<PaymentStatus> = pays
                    .iter()
                    .filter(|p| p.booking_id == b.id)
                    .map(|p| p.status)
                    .collect();
                Some(BookingView {
                    id: BookingId(b.id),
                    course_id: CourseId(c.id),
                    course_title: c.title,
                    location: c.location,
                    starts_at: c.starts_at,
                    ends_at: c.ends_at,
                    status: DisplayStatus::of(b.status, &statuses),
                    amount: Money::from_minor(b.amount, b.currency),
                    hold_expires_at: b.hold_expires_at,
                    booked_at: b.created_at,
                })
            })
            .collect())
    }

    /// One row of the page query: a booking, its course's shown fields, one
    /// of its payments (none if it has none) and the member's number of
    /// bookings. A booking with several payments comes once per payment.
    /// Read by column name (reading by position saved 2% of a page's
    /// instructions and tied this struct to the query's column order).
    #[derive(Debug, sea_orm::FromQueryResult)]
    struct DashboardRow {
        id: i64,
        status: BookingStatus,
        amount: i64,
        currency: tessera::Currency,
        hold_expires_at: Option<DateTime<Utc>>,
        created_at: DateTime<Utc>,
        course_id: i64,
        title: String,
        location: String,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        payment_id: Option<i64>,
        payment_status: Option<PaymentStatus>,
        total: i64,
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
            views.push(BookingView {
                id: BookingId(row.id),
                course_id: CourseId(row.course_id),
                course_title: row.title,
                location: row.location,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                status: DisplayStatus::of(row.status, &payments),
                amount: Money::from_minor(row.amount, row.currency),
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
        SELECT b.id, b.status, b.amount, b.currency, b.hold_expires_at, b.created_at, \
               b.course_id, c.title, c.location, c.starts_at, c.ends_at, \
               p.id AS payment_id, p.status AS payment_status, \
               (SELECT COUNT(*) FROM bookings WHERE user_id = ?) AS total \
        FROM ( \
          SELECT id FROM ( \
            SELECT 0 AS g, s, id FROM ( \
              SELECT course_starts_at AS s, id FROM bookings \
              WHERE user_id = ? AND course_starts_at > ? \
              ORDER BY course_starts_at, id LIMIT ?) AS upcoming \
            UNION ALL \
            SELECT 1 AS g, s, id FROM ( \
              SELECT course_starts_at AS s, id FROM bookings \
              WHERE user_id = ? AND course_starts_at <= ? \
              ORDER BY course_starts_at DESC, id DESC LIMIT ?) AS past \
          ) AS mine \
          ORDER BY g, CASE WHEN g = 0 THEN s END, CASE WHEN g = 0 THEN id END, s DESC, id DESC \
          LIMIT ? OFFSET ? \
        ) AS pg \
        JOIN bookings b ON b.id = pg.id \
        JOIN courses c ON c.id = b.course_id \
        LEFT JOIN payments p ON p.booking_id = b.id";

    /// [`DASHBOARD_SQL`] for `db`'s backend (placeholders rewritten once)
    /// with one page's values.
    fn dashboard_statement(
        db: &impl sea_orm::ConnectionTrait,
        user_id: i64,
        now: DateTime<Utc>,
        skip: usize,
    ) -> sea_orm::Statement {
        use std::sync::OnceLock;
        static BUILT: [OnceLock<String>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let backend = db.get_database_backend();
        let slot = match backend {
            sea_orm::DatabaseBackend::Postgres => 0,
            sea_orm::DatabaseBackend::Sqlite => 1,
            sea_orm::DatabaseBackend::MySql => 2,
        };
        let text = BUILT[slot].get_or_init(|| tessera::service::sql(db, DASHBOARD_SQL, vec![]).sql);
        let skip = skip as i64;
        let reach = skip + PAGE_SIZE as i64;
        sea_orm::Statement::from_sql_and_values(
            backend,
            text.as_str(),
            [
                user_id.into(),
                user_id.into(),
                now.into(),
                reach.into(),
                user_id.into(),
                now.into(),
                reach.into(),
                (PAGE_SIZE as i64).into(),
                skip.into(),
            ],
        )
    }

    pub(super) async fn my_bookings_impl(page: usize) -> Result<BookingsPage, AppError> {
        use sea_orm::{FromQueryResult, PaginatorTrait};
        let user = require_user().await?;
        let db = db()?;
        let now = Utc::now();
        let failed = |e| AppError::internal("loading bookings", e);
        let mut page = page.max(1);
        // A typed page number far past any member's bookings would overflow
        // the offset (and the database's 64-bit one): refused, not wrapped.
        let skip_of = |page: usize| {
            (page - 1)
                .checked_mul(PAGE_SIZE)
                .filter(|skip| i64::try_from(skip + PAGE_SIZE).is_ok())
        };
        if skip_of(page).is_none() {
            return Err(ApiError::validation(vec![FieldError {
                field: "page".into(),
                message: "There is no page with that number.".into(),
            }])
            .into());
        }
        let fetch = |page: usize| {
            let stmt = dashboard_statement(&db, user.id, now, skip_of(page).unwrap_or(0));
            DashboardRow::find_by_statement(stmt).all(&db)
        };
        let mut rows = fetch(page).await.map_err(failed)?;
        if rows.is_empty() && page > 1 {
            // Past the last page (bookings went away, or a typed URL): the
            // total comes only with rows, so count, then show the last page.
            let total = booking::Entity::find()
                .filter(booking::Column::UserId.eq(user.id))
                .count(&db)
                .await
                .map_err(failed)?;
            page = (total as usize).div_ceil(PAGE_SIZE).max(1);
            rows = fetch(page).await.map_err(failed)?;
        }
        let total = rows.first().map_or(0, |r| r.total.max(0) as usize);
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let (mut past, mut upcoming): (Vec<_>, Vec<_>) = fold_dashboard_rows(rows)
            .into_iter()
            .partition(BookingView::is_past);
        upcoming.sort_by_key(|b| (b.starts_at, b.id));
        past.sort_by_key(|b| std::cmp::Reverse((b.starts_at, b.id)));
        Ok(BookingsPage {
            upcoming,
            past,
            page,
            pages,
            total,
        })
    }

    async fn own_booking(
        db: &sea_orm::DatabaseConnection,
        user_id: i64,
        id: BookingId,
    ) -> Result<BookingView, AppError> {
        let row = booking::Entity::find_by_id(id.get())
            .find_also_related(course::Entity)
            .one(db)
            .await
            .map_err(|e| AppError::internal("loading a booking", e))?
            .filter(|(b, _)| b.user_id == user_id)
            .ok_or_else(|| AppError::new(ErrorCode::BookingNotFound))?;
        views(db, vec![row])
            .await?
            .pop()
            .ok_or_else(|| AppError::new(ErrorCode::BookingNotFound))
    }

    pub(super) async fn booking_detail_impl(id: BookingId) -> Result<BookingDetail, AppError> {
        let user = require_user().await?;
        let db = db()?;
        let booking = own_booking(&db, user.id, id).await?;
        let payments = payment::Entity::find()
            .filter(payment::Column::BookingId.eq(id.get()))
            .order_by_desc(payment::Column::Id)
            .all(&db)
            .await
            .map_err(|e| AppError::internal("loading payments", e))?
            .into_iter()
            .map(|p| PaymentView {
                status: p.status,
                amount: Money::from_minor(p.amount, p.currency),
                failure: p
                    .failure_message
                    .filter(|_| p.status == PaymentStatus::Failed),
                at: p.created_at,
            })
            .collect();
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let refund_if_cancelled = booking.status == DisplayStatus::Confirmed
            && policy.refundable(
                Actor::Member(tessera::UserId(user.id)),
                booking.starts_at,
                Utc::now(),
            );
        Ok(BookingDetail {
            booking,
            payments,
            refund_if_cancelled,
            refund_cutoff_hours: policy.cutoff.num_hours(),
        })
    }

    pub(super) async fn cancel_impl(id: BookingId) -> Result<CancelOutcome, AppError> {
        let user = require_user().await?;
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let outcome = cancel::cancel_booking(
            &db()?,
            &gateway()?,
            policy,
            id,
            Actor::Member(tessera::UserId(user.id)),
            Utc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        Ok(match outcome {
            cancel::Cancelled::Released => CancelOutcome::Released,
            cancel::Cancelled::Refunding { .. } => CancelOutcome::Refunding,
            cancel::Cancelled::NoRefund => CancelOutcome::NoRefund,
            cancel::Cancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
        })
    }

    pub(super) async fn payment_result_impl(session_id: String) -> Result<PaymentResult, AppError> {
        let user = require_user().await?;
        let db = db()?;
        // No session id holds U+0000, and PostgreSQL cannot compare with one.
        if session_id.contains('\0') {
            return Err(AppError::new(ErrorCode::BookingNotFound));
        }
        let pay = payment::Entity::find()
            .filter(payment::Column::StripeCheckoutSessionId.eq(session_id.as_str()))
            .one(&db)
            .await
            .map_err(|e| AppError::internal("loading a payment", e))?
            .ok_or_else(|| AppError::new(ErrorCode::BookingNotFound))?;
        // Only the session's owner may see (or fulfil) it.
        let booking = own_booking(&db, user.id, BookingId(pay.booking_id)).await?;
        let facts = gateway()?
            .retrieve_session(&session_id)
            .await
            .map_err(|e| match e {
                GatewayError::Unavailable(_) => {
                    AppError::new(ErrorCode::PaymentProviderUnavailable)
                }
                other => AppError::internal("retrieving a checkout session", other),
            })?;
        let txn = db
            .begin()
            .await
            .map_err(|e| AppError::internal("fulfilling", e))?;
        let outcome = fulfil::fulfil_checkout(&txn, &facts, Utc::now())
            .await
            .map_err(|e| AppError::internal("fulfilling", e))?;
        txn.commit()
            .await
            .map_err(|e| AppError::internal("fulfilling", e))?;
        let refunded_no_seat = match outcome {
            Fulfilment::RefundOwed { .. } => true,
            // Recorded first by the webhook: a refund owed on a payment whose
            // booking was never confirmed is one for a missing seat.
            Fulfilment::AlreadyRecorded(booking_id) => {
                let failed = |e| AppError::internal("loading a payment", e);
                let refund_owed = payment::Entity::find_by_id(pay.id)
                    .one(&db)
                    .await
                    .map_err(failed)?
                    .is_some_and(|p| p.refund.is_some());
                let never_confirmed = booking::Entity::find_by_id(booking_id)
                    .one(&db)
                    .await
                    .map_err(failed)?
                    .is_some_and(|b| b.confirmed_at.is_none());
                refund_owed && never_confirmed
            }
            _ => false,
        };
        if let Fulfilment::RefundOwed { payment_id } = outcome {
            // Owed whatever happens here: the reconciler retries.
            tessera::service::refunds::settle(&db, &gateway()?, payment_id, Utc::now())
                .await
                .map_err(|e| AppError::internal("asking for an owed refund", e))?;
        }
        if outcome == Fulfilment::Mismatch {
            return Err(AppError::new(ErrorCode::PaymentMetadataMismatch));
        }
        let processing = matches!(outcome, Fulfilment::Processing(_));
        if !facts.paid && !processing {
            return Err(AppError::new(ErrorCode::PaymentNotSucceeded));
        }
        let booking = own_booking(&db, user.id, booking.id).await?;
        Ok(PaymentResult {
            confirmed: booking.status == DisplayStatus::Confirmed,
            processing,
            booking,
            refunded_no_seat,
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
                currency: tessera::Currency::Eur,
                hold_expires_at: Some(t),
                created_at: t,
                course_id: id,
                title: format!("Course {id}"),
                location: "Here".into(),
                starts_at: t,
                ends_at: t,
                payment_id: payment.map(|(pid, _)| pid),
                payment_status: payment.map(|(_, s)| s),
                total: 4,
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
}
