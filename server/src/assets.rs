//! `/pkg/…`: the compiled JavaScript, WebAssembly and CSS. A release build
//! (`make build`) names each file after a hash of its content and writes a
//! Brotli and a gzip copy beside it; the file the browser can take is sent
//! (`Accept-Encoding`, `Vary: Accept-Encoding`). Hashed names never change
//! content, so browsers keep them for a year without asking again; without
//! hashes (`cargo leptos watch`) they ask every time (a 304 when unchanged).

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// How long a browser keeps an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetNames {
    /// Named after their content: kept a year, never revalidated.
    Hashed,
    /// Plain names: revalidated on every use.
    Plain,
}

impl AssetNames {
    fn cache_control(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            AssetNames::Hashed => "public, max-age=31536000, immutable",
            AssetNames::Plain => "no-cache",
        })
    }
}

/// Only a file found is kept: a 404 kept for a year would outlive the
/// deployment that is about to serve that file.
fn cache_control_of(names: AssetNames) -> impl Fn(&Response<Body>) -> Option<HeaderValue> + Clone {
    move |response| {
        let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
        Some(if found {
            names.cache_control()
        } else {
            HeaderValue::from_static("no-store")
        })
    }
}

/// The `/pkg` routes, serving `site_root/pkg`, and the favicon.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &Path, names: AssetNames) -> Router<S> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    // Every page names the icon: asked once a day, not on every page.
    let icon = Router::new()
        .route_service(
            "/favicon.svg",
            ServeFile::new(site_root.join("favicon.svg")),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        ));
    Router::new()
        .nest_service("/pkg", files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            cache_control_of(names),
        ))
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .merge(icon)
}
