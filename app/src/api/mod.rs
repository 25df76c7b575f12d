//! Server functions, grouped by area. Bodies run on the server only; the
//! WASM client gets typed stubs that call them over HTTP.

pub mod admin;
pub mod bookings;
pub mod calendar;
pub mod catalog;
pub mod invoices;
pub mod site;
pub mod teaching;
pub mod topics;
pub mod vouchers;
pub mod waitlist;

/// Server-only helpers shared by the server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use leptos::prelude::use_context;
    use sea_orm::DatabaseConnection;

    /// The database pool, provided by the server for every request.
    pub fn db() -> Result<DatabaseConnection, AppError> {
        use_context::<DatabaseConnection>().ok_or_else(|| {
            AppError::internal(
                "server function context",
                "no DatabaseConnection in context",
            )
        })
    }

    /// The Stripe client, provided by the server for every request.
    pub fn gateway() -> Result<tessera::service::payments::StripeGateway, AppError> {
        use_context::<tessera::service::payments::StripeGateway>()
            .ok_or_else(|| AppError::internal("payments", "no StripeGateway in context"))
    }

    /// Gives the response the HTTP status that goes with the error's code
    /// (401, 403, 422, …) and passes the error on. A form sent without
    /// JavaScript keeps its redirect back to its page instead (server_fn
    /// puts the refusal in that URL and the page shows it): a 4xx there
    /// would leave the person looking at raw JSON.
    pub fn with_status(e: AppError) -> AppError {
        if !from_plain_form() {
            set_status(e.code().http_status());
        }
        e
    }

    /// Whether this request is a browser's own form submission (it accepts
    /// HTML), not the server-function client's.
    fn from_plain_form() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        })
    }

    /// Sets the HTTP status of the current response (SSR pages and server
    /// function calls alike).
    pub fn set_status(status: u16) {
        if let (Some(opts), Ok(code)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(status),
        ) {
            opts.set_status(code);
        }
    }
}
