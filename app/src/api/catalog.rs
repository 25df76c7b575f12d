//! The public catalog.

use crate::error::AppError;
use leptos::prelude::*;
use tessera::CourseId;
#[cfg(feature = "ssr")]
use tessera::catalog::{CatalogFilter, PageNumber};
use tessera::catalog::{CatalogNarrowing, CatalogPage, CatalogSort, CatalogWhen};
use tessera::course::CoursePage;

#[cfg(feature = "ssr")]
use {
    super::ssr::*,
    tessera::service::catalog,
    tessera::{ApiError, ErrorCode, FieldError},
};

/// One page of the catalog (see `tessera::catalog`). The filter and page
/// arrive as plain text and number so that a bad one is refused with its
/// reason, not as a malformed request.
#[server(endpoint = "list_courses")]
pub async fn list_courses(
    q: String,
    sort: CatalogSort,
    when: CatalogWhen,
    page: u32,
    instructor: Option<tessera::UserId>,
    narrow: Option<CatalogNarrowing>,
) -> Result<CatalogPage, AppError> {
    let field = |field: &str, message: String| FieldError {
        field: field.to_owned(),
        message,
    };
    let filter = CatalogFilter::parse(&q).map_err(|e| field("q", e.to_string()));
    let page = PageNumber::new(page).map_err(|e| field("page", e.to_string()));
    let (filter, page) = match (filter, page) {
        (Ok(filter), Ok(page)) => (filter, page),
        (filter, page) => {
            let fields: Vec<FieldError> =
                [filter.err(), page.err()].into_iter().flatten().collect();
            // The first reason is the message: the catalog has no form to
            // show field errors beside.
            let message = fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            let refusal = ApiError {
                code: ErrorCode::Validation,
                message,
                fields,
            };
            return Err(with_status(refusal.into()));
        }
    };
    let db = db()?;
    let mut query = tessera::catalog::CatalogQuery {
        filter,
        sort,
        when,
        page,
        instructor,
        ..Default::default()
    };
    if let Some(narrow) = narrow {
        narrow.apply(&mut query);
    }
    let zone = use_context::<tessera::venue::SiteZone>().unwrap_or_default();
    let mut page = catalog::page(&db, &query, chrono::Utc::now(), zone.0)
        .await
        .map_err(|e| AppError::internal("list_courses", e))?;
    tessera::service::texts::courses_in(&db, crate::i18n::lang(), &mut page.courses)
        .await
        .map_err(|e| AppError::internal("list_courses", e))?;
    Ok(page)
}

/// Every topic, for the catalog's menu.
#[server(endpoint = "catalog_topics")]
pub async fn catalog_topics() -> Result<Vec<tessera::topic::Topic>, AppError> {
    tessera::service::topics::all(&db()?)
        .await
        .map_err(|e| AppError::internal("catalog_topics", e))
}

/// One course's page, or `course_not_found` (drafts are not public).
#[server(endpoint = "get_course")]
pub async fn get_course(id: CourseId) -> Result<CoursePage, AppError> {
    let db = db()?;
    let refunds = use_context::<tessera::service::cancel::RefundPolicy>().unwrap_or_default();
    match catalog::course_page(&db, id, &refunds, chrono::Utc::now()).await {
        Ok(Some(mut course)) => {
            let lang = crate::i18n::lang();
            let texts = async {
                use tessera::service::texts::{bios_in, courses_in};
                courses_in(&db, lang, std::slice::from_mut(&mut course.course)).await?;
                courses_in(&db, lang, &mut course.other_runs).await?;
                bios_in(&db, lang, &mut course.instructors).await
            };
            texts
                .await
                .map_err(|e| AppError::internal("get_course", e))?;
            let origin = use_context::<crate::api::calendar::PublicOrigin>();
            course.share_image = course
                .course
                .picture
                .as_ref()
                .zip(origin)
                .map(|(p, origin)| format!("{}{}", origin.0, p.largest()));
            Ok(course)
        }
        Ok(None) => {
            set_status(404);
            Err(ErrorCode::CourseNotFound.into())
        }
        Err(e) => Err(AppError::internal("get_course", e)),
    }
}
