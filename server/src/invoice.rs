//! `GET /invoices/{number}.pdf`: an invoice or credit note as issued, for
//! its buyer or an admin; `GET /admin/invoices.csv?year=2026`: the year's
//! documents for the bookkeeper.

use crate::roster_csv::{csv_field, refused_unless_admin};
use app::auth::ssr::AuthSession;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use tessera::ErrorCode;
use tessera::invoice::{InvoiceKind, InvoiceSummary};
use tessera::service::invoices::{self, Reader};

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, tessera::said!("invoice-not-found")).into_response()
}

fn failed(what: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "{what}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal.message(tessera::i18n::current()),
    )
        .into_response()
}

/// The PDF. Signed out: to sign-in, and back here after. Someone else's
/// (or no such number): 404, the same answer, so numbers cannot be probed.
pub async fn invoice_pdf(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Path(file): Path<String>,
) -> Response {
    let Some(number) = file.strip_suffix(".pdf") else {
        return not_found();
    };
    let Some(user) = &auth.user else {
        let back = format!("/invoices/{file}");
        return Redirect::to(&format!(
            "/login?next={}",
            tessera::redirect::encode_query_value(&back)
        ))
        .into_response();
    };
    let reader = if user.role.is_admin() {
        Reader::Admin
    } else {
        Reader::Member(tessera::UserId(user.id))
    };
    match invoices::pdf(&db, number, reader).await {
        Ok(Some(pdf)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{number}.pdf\""),
                ),
                // Not kept by the browser: a shared computer's next user must
                // not find it in the cache after sign-out.
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            pdf,
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(e) => failed("reading an invoice", e),
    }
}

/// The year asked for.
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// The whole file, CRLF line endings as RFC 4180 says: a row per document,
/// amounts in decimal, credit notes with their invoice's number.
pub fn invoices_to_csv(docs: &[InvoiceSummary]) -> String {
    let mut out = String::from(
        "number,kind,issued_at_utc,booking,buyer,net,vat,vat_rate_percent,total,currency,corrects\r\n",
    );
    for d in docs {
        let row = [
            d.number.clone(),
            match d.kind {
                InvoiceKind::Invoice => "invoice",
                InvoiceKind::CreditNote => "credit_note",
            }
            .to_owned(),
            d.issued_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            d.booking.clone(),
            d.buyer_name.clone(),
            d.net.decimal_string(),
            d.vat.decimal_string(),
            d.vat_rate.map_or_else(
                || "exempt".to_owned(),
                |r| format!("{}.{:02}", r.bp() / 100, r.bp() % 100),
            ),
            d.total.decimal_string(),
            d.total.currency().code().to_owned(),
            d.refers_to.clone().unwrap_or_default(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// The handler (admins only).
pub async fn invoices_csv(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Query(q): Query<YearQuery>,
) -> Response {
    if let Some(refused) = refused_unless_admin(&auth) {
        return refused;
    }
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()));
    let Some((from, to)) = invoices::year_span(year) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            tessera::said!("invoice-year-unknown"),
        )
            .into_response();
    };
    match invoices::issued_between(&db, from, to).await {
        Ok(docs) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"invoices-{year}.csv\""),
                ),
            ],
            invoices_to_csv(&docs),
        )
            .into_response(),
        Err(e) => failed("listing invoices", e),
    }
}
