//! `GET /sitemap.xml`: the catalog and every published course not yet
//! over, for search engines (robots.txt points here).

use crate::calendar::SiteUrl;
use axum::Extension;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn sitemap(
    State(db): State<DatabaseConnection>,
    Extension(site): Extension<SiteUrl>,
) -> Response {
    let courses = match tessera::service::catalog::sitemap_entries(&db, chrono::Utc::now()).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "sitemap");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                tessera::said!("try-again-soon"),
            )
                .into_response();
        }
    };
    let base = xml_escape(site.0.trim_end_matches('/'));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.push_str(&format!(
        "<url><loc>{base}/</loc></url>\n<url><loc>{base}/courses</loc></url>\n"
    ));
    for (id, changed) in courses {
        xml.push_str(&format!(
            "<url><loc>{base}/courses/{id}</loc><lastmod>{}</lastmod></url>\n",
            changed.format("%Y-%m-%d")
        ));
    }
    xml.push_str("</urlset>\n");
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        xml,
    )
        .into_response()
}
