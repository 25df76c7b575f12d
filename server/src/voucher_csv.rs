//! `GET /admin/vouchers/{id}/redemptions.csv`: who used a voucher, a row
//! per booking.

use crate::roster_csv::csv_field;
use app::auth::ssr::AuthSession;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use tessera::ErrorCode;
use tessera::voucher::RedemptionLine;

/// The whole file, CRLF line endings as RFC 4180 says.
pub fn uses_to_csv(code: &str, uses: &[RedemptionLine]) -> String {
    let mut out = String::from(
        "code,booking,course,name,email,seats,list_price,discount,paid,currency,status,used_at,given_back\r\n",
    );
    for u in uses {
        let row = [
            code.to_owned(),
            u.booking_id.to_string(),
            u.course_title.clone(),
            u.member_name.clone(),
            u.member_email.clone(),
            u.seats.to_string(),
            u.list.decimal_string(),
            u.discount.decimal_string(),
            u.paid.decimal_string(),
            u.paid.currency().code().to_owned(),
            u.booking_status.as_str().to_owned(),
            u.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            if u.returned { "yes" } else { "no" }.to_owned(),
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
pub async fn voucher_uses_csv(
    auth: AuthSession,
    State(db): State<DatabaseConnection>,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = crate::roster_csv::refused_unless_admin(&auth) {
        return refused;
    }
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            ErrorCode::VoucherNotFound.message(tessera::i18n::current()),
        )
            .into_response()
    };
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let found = match tessera::service::vouchers::get(&db, id).await {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(),
        Err(e) => return failed(id, &e),
    };
    match tessera::service::vouchers::redemptions(&db, id).await {
        Ok(uses) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"voucher-{}.csv\"", found.code),
                ),
            ],
            uses_to_csv(&found.code, &uses),
        )
            .into_response(),
        Err(e) => failed(id, &e),
    }
}

fn failed(id: i64, e: &sea_orm::DbErr) -> Response {
    tracing::error!(voucher_id = id, error = %e, "voucher export failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal.message(tessera::i18n::current()),
    )
        .into_response()
}
