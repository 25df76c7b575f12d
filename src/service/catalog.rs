//! Reading the course catalog.

use crate::course::{CourseStatus, CourseSummary};
use crate::entity::course;
use crate::entity::course::CorruptCourse;
use crate::ids::CourseId;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Why the catalog could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The database failed.
    #[error("reading courses from the database")]
    Database(#[from] sea_orm::DbErr),
    /// A stored row breaks an invariant.
    #[error(transparent)]
    Corrupt(#[from] CorruptCourse),
}

/// Published and cancelled courses (the catalog shows both; cancelled ones
/// say so), upcoming first, then past ones most recent first.
pub async fn list_public(db: &impl ConnectionTrait) -> Result<Vec<CourseSummary>, CatalogError> {
    let rows = course::Entity::find()
        .filter(course::Column::Status.is_in([CourseStatus::Published, CourseStatus::Cancelled]))
        .order_by_asc(course::Column::StartsAt)
        .order_by_asc(course::Column::Id)
        .all(db)
        .await?;
    let now = chrono::Utc::now();
    let mut courses = rows
        .into_iter()
        .map(CourseSummary::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    // Upcoming (soonest first) before past (most recent first).
    courses.sort_by(|a, b| {
        let (a_past, b_past) = (a.starts_at <= now, b.starts_at <= now);
        a_past.cmp(&b_past).then_with(|| {
            if a_past {
                b.starts_at.cmp(&a.starts_at)
            } else {
                a.starts_at.cmp(&b.starts_at)
            }
        })
    });
    Ok(courses)
}

/// One course as the public sees it: drafts are hidden (`None`).
pub async fn get_public(
    db: &impl ConnectionTrait,
    id: CourseId,
) -> Result<Option<CourseSummary>, CatalogError> {
    let row = course::Entity::find_by_id(id.get()).one(db).await?;
    match row {
        Some(m) if m.status != CourseStatus::Draft => Ok(Some(CourseSummary::try_from(m)?)),
        _ => Ok(None),
    }
}
