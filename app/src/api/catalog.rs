//! The public catalog.

use crate::error::AppError;
use leptos::prelude::*;
use tessera::{CourseId, CourseSummary};

#[cfg(feature = "ssr")]
use {super::ssr::*, tessera::ErrorCode, tessera::service::catalog};

/// Courses in the catalog: published and cancelled, upcoming first.
#[server(endpoint = "list_courses")]
pub async fn list_courses() -> Result<Vec<CourseSummary>, AppError> {
    let db = db()?;
    catalog::list_public(&db)
        .await
        .map_err(|e| AppError::internal("list_courses", e))
}

/// One course, or `course_not_found` (drafts are not public).
#[server(endpoint = "get_course")]
pub async fn get_course(id: CourseId) -> Result<CourseSummary, AppError> {
    let db = db()?;
    match catalog::get_public(&db, id).await {
        Ok(Some(course)) => Ok(course),
        Ok(None) => {
            set_status(404);
            Err(ErrorCode::CourseNotFound.into())
        }
        Err(e) => Err(AppError::internal("get_course", e)),
    }
}
