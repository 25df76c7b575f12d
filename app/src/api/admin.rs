//! Admin server functions: the catalog's back office and rosters.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tessera::course_input::CourseForm;
pub use tessera::roster::{RefundLine, RefundStanding, Roster, RosterEntry};
use tessera::{CourseId, CourseSummary, Money};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::require_admin,
    chrono::Utc as ChronoUtc,
    sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set, Statement},
    tessera::entity::course,
    tessera::service::roster,
    tessera::{ApiError, CourseStatus, Currency, ErrorCode, FieldError},
};

/// A course as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminCourseRow {
    /// The course.
    pub course: CourseSummary,
    /// Confirmed bookings.
    pub confirmed: i64,
    /// Money taken from confirmed bookings, per currency.
    pub revenue: Vec<Money>,
}

/// What cancelling a course did, for the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCancelSummary {
    /// Bookings cancelled (each person emailed).
    pub bookings_cancelled: usize,
    /// Refunds Stripe accepted.
    pub refunds_requested: usize,
    /// Refunds to be retried (Stripe unreachable).
    pub refunds_owed: usize,
    /// It had been cancelled before.
    pub already_cancelled: bool,
}

#[cfg(feature = "ssr")]
async fn load_course(
    db: &sea_orm::DatabaseConnection,
    id: CourseId,
) -> Result<course::Model, AppError> {
    course::Entity::find_by_id(id.get())
        .one(db)
        .await
        .map_err(|e| AppError::internal("loading a course", e))?
        .ok_or_else(|| AppError::new(ErrorCode::CourseNotFound))
}

#[cfg(feature = "ssr")]
fn summary(m: course::Model) -> Result<CourseSummary, AppError> {
    CourseSummary::try_from(m).map_err(|e| AppError::internal("reading a course", e))
}

/// Every course, drafts included, newest start first, with takings.
#[server(endpoint = "admin_courses")]
pub async fn admin_courses() -> Result<Vec<AdminCourseRow>, AppError> {
    async {
        require_admin().await?;
        let db = db()?;
        let rows = course::Entity::find()
            .order_by_desc(course::Column::StartsAt)
            .all(&db)
            .await
            .map_err(|e| AppError::internal("listing courses", e))?;
        let totals = db
            .query_all(Statement::from_string(
                db.get_database_backend(),
                "SELECT course_id, currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total \
                 FROM bookings WHERE status = 'confirmed' GROUP BY course_id, currency",
            ))
            .await
            .map_err(|e| AppError::internal("summing revenue", e))?;
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            let id = m.id;
            let mut confirmed = 0;
            let mut revenue = Vec::new();
            for t in totals
                .iter()
                .filter(|t| t.try_get::<i64>("", "course_id").ok() == Some(id))
            {
                let n: i64 = t
                    .try_get("", "n")
                    .map_err(|e| AppError::internal("reading totals", e))?;
                let total: i64 = t
                    .try_get("", "total")
                    .map_err(|e| AppError::internal("reading totals", e))?;
                let code: String = t
                    .try_get("", "currency")
                    .map_err(|e| AppError::internal("reading totals", e))?;
                let currency: Currency = code
                    .parse()
                    .map_err(|e| AppError::internal("reading totals", e))?;
                confirmed += n;
                revenue.push(Money::from_minor(total, currency));
            }
            out.push(AdminCourseRow {
                course: summary(m)?,
                confirmed,
                revenue,
            });
        }
        Ok(out)
    }
    .await
    .map_err(with_status)
}

/// One course for the edit form (drafts included).
#[server(endpoint = "admin_course")]
pub async fn admin_course(id: CourseId) -> Result<CourseSummary, AppError> {
    async {
        require_admin().await?;
        summary(load_course(&db()?, id).await?)
    }
    .await
    .map_err(with_status)
}

/// Creates (as a draft) or updates a course; answers with its id.
#[server(endpoint = "save_course")]
pub async fn save_course(id: Option<CourseId>, form: CourseForm) -> Result<CourseId, AppError> {
    async {
        require_admin().await?;
        let db = db()?;
        let draft = form.parse().map_err(ApiError::validation)?;
        let now = ChronoUtc::now();
        let saved = match id {
            None => course::ActiveModel {
                title: Set(draft.title.as_str().to_owned()),
                description: Set(draft.description),
                location: Set(draft.location),
                price: Set(draft.price.money().minor()),
                currency: Set(draft.price.money().currency()),
                capacity: Set(draft.capacity.get()),
                seats_held: Set(0),
                starts_at: Set(draft.dates.starts_at()),
                ends_at: Set(draft.dates.ends_at()),
                status: Set(CourseStatus::Draft),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&db)
            .await
            .map_err(|e| AppError::internal("creating a course", e))?,
            Some(id) => {
                let current = load_course(&db, id).await?;
                let held = current.seats_held;
                if draft.capacity.get() < held {
                    return Err(ApiError::validation(vec![FieldError {
                        field: "capacity".into(),
                        message: format!(
                            "{held} seats are already held; the capacity can't go below that."
                        ),
                    }])
                    .into());
                }
                let mut active: course::ActiveModel = current.into();
                active.title = Set(draft.title.as_str().to_owned());
                active.description = Set(draft.description);
                active.location = Set(draft.location);
                active.price = Set(draft.price.money().minor());
                active.currency = Set(draft.price.money().currency());
                active.capacity = Set(draft.capacity.get());
                active.starts_at = Set(draft.dates.starts_at());
                active.ends_at = Set(draft.dates.ends_at());
                active.updated_at = Set(now);
                // The database's own check (seats_held ≤ capacity) settles a
                // race with a booking made meanwhile.
                active.update(&db).await.map_err(|e| {
                    if e.to_string().to_lowercase().contains("check") {
                        AppError(ApiError::validation(vec![FieldError {
                            field: "capacity".into(),
                            message: "More seats were booked meanwhile; raise the capacity.".into(),
                        }]))
                    } else {
                        AppError::internal("updating a course", e)
                    }
                })?
            }
        };
        tracing::info!(course_id = saved.id, "course saved");
        Ok(CourseId(saved.id))
    }
    .await
    .map_err(with_status)
}

/// Publishes a draft or takes a published course back to draft.
#[server(endpoint = "set_course_published")]
pub async fn set_course_published(id: CourseId, publish: bool) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let db = db()?;
        let current = load_course(&db, id).await?;
        if current.status == CourseStatus::Cancelled {
            return Err(AppError(ApiError::with_message(
                ErrorCode::CourseCancelled,
                "A cancelled course can't be published again.",
            )));
        }
        let mut active: course::ActiveModel = current.into();
        active.status = Set(if publish {
            CourseStatus::Published
        } else {
            CourseStatus::Draft
        });
        active.updated_at = Set(ChronoUtc::now());
        active
            .update(&db)
            .await
            .map_err(|e| AppError::internal("publishing a course", e))?;
        Ok(())
    }
    .await
    .map_err(with_status)
}

/// Everyone booked on a course.
#[server(endpoint = "course_roster")]
pub async fn course_roster(id: CourseId) -> Result<Roster, AppError> {
    async {
        require_admin().await?;
        roster::load_roster(&db()?, id)
            .await
            .map_err(|e| AppError(ApiError::from(e)))
    }
    .await
    .map_err(with_status)
}

/// Cancels a whole course: every active booking is cancelled and refunded in
/// full, and each person emailed. Answers what was done.
#[server(endpoint = "cancel_course")]
pub async fn cancel_course(id: CourseId) -> Result<CourseCancelSummary, AppError> {
    async {
        require_admin().await?;
        use tessera::service::cancel;
        let done = cancel::cancel_course(&db()?, &super::ssr::gateway()?, id, ChronoUtc::now())
            .await
            .map_err(|e| AppError(ApiError::from(e)))?;
        tracing::info!(course_id = id.get(), ?done, "admin cancelled a course");
        Ok(CourseCancelSummary {
            bookings_cancelled: done.bookings_cancelled,
            refunds_requested: done.refunds_requested,
            refunds_owed: done.refunds_owed,
            already_cancelled: done.already_cancelled,
        })
    }
    .await
    .map_err(with_status)
}

/// An admin cancels one booking and refunds it in full, whatever the
/// cut-off (a paid booking), or releases its seat (a pending one).
#[server(endpoint = "admin_cancel_booking")]
pub async fn admin_cancel_booking(
    booking_id: tessera::BookingId,
) -> Result<crate::api::bookings::CancelOutcome, AppError> {
    async {
        require_admin().await?;
        use crate::api::bookings::CancelOutcome;
        use tessera::service::cancel::{self, Actor, Cancelled, RefundPolicy};
        let policy = use_context::<RefundPolicy>().unwrap_or_default();
        let outcome = cancel::cancel_booking(
            &db()?,
            &super::ssr::gateway()?,
            policy,
            booking_id,
            Actor::Admin,
            ChronoUtc::now(),
        )
        .await
        .map_err(|e| AppError(ApiError::from(e)))?;
        Ok(match outcome {
            Cancelled::Released => CancelOutcome::Released,
            Cancelled::Refunding { .. } => CancelOutcome::Refunding,
            Cancelled::NoRefund => CancelOutcome::NoRefund,
            Cancelled::AlreadyEnded => CancelOutcome::AlreadyEnded,
        })
    }
    .await
    .map_err(with_status)
}
