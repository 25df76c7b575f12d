//! Invoices: a member's on their booking, the admin's list, and who sells.

use crate::error::AppError;
use leptos::prelude::*;
use tessera::BookingId;
pub use tessera::invoice::{BillingDetails, InvoiceSummary, OperatorDetails, SellerForm};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::{require_admin, require_user},
    chrono::Utc,
    tessera::service::invoices::{self, BillingError},
    tessera::{ApiError, ErrorCode, FieldError, UserId},
};

#[cfg(feature = "ssr")]
fn refused(e: tessera::invoice::FieldInvalid) -> AppError {
    AppError(ApiError::validation(vec![FieldError {
        field: e.field.into(),
        message: e.message,
    }]))
}

/// Booking `booking_id`'s invoices and credit notes, and what its buyer
/// wants on them; its own member only.
#[server(endpoint = "booking_invoices")]
pub async fn booking_invoices(
    booking_id: BookingId,
) -> Result<(Vec<InvoiceSummary>, BillingDetails, bool), AppError> {
    async {
        let me = require_user().await?;
        let db = db()?;
        if !invoices::owns(&db, UserId(me.id), booking_id)
            .await
            .map_err(|e| AppError::internal("reading a booking", e))?
        {
            return Err(AppError::new(ErrorCode::BookingNotFound));
        }
        let docs = invoices::of_booking(&db, booking_id)
            .await
            .map_err(|e| AppError::internal("reading invoices", e))?;
        let billing = invoices::billing(&db, booking_id)
            .await
            .map_err(|e| AppError::internal("reading billing details", e))?
            .unwrap_or_default();
        let issuing = invoices::operator(&db)
            .await
            .map_err(|e| AppError::internal("reading the operator", e))?
            .can_invoice();
        Ok((docs, billing, issuing))
    }
    .await
    .map_err(with_status)
}

/// Saves the name, company and address for booking `booking_id`'s
/// invoices; an invoice already issued is credited and issued again.
#[server(endpoint = "save_billing_details")]
pub async fn save_billing_details(
    booking_id: BookingId,
    billing_name: String,
    billing_company: String,
    billing_address: String,
) -> Result<Vec<String>, AppError> {
    async {
        let me = require_user().await?;
        let details = BillingDetails::parse(&billing_name, &billing_company, &billing_address)
            .map_err(refused)?;
        match invoices::save_billing(&db()?, UserId(me.id), booking_id, &details, Utc::now()).await
        {
            Ok(saved) => Ok(saved.reissued),
            Err(BillingError::NotFound) => Err(AppError::new(ErrorCode::BookingNotFound)),
            Err(BillingError::Refunded) => Err(AppError::new(ErrorCode::InvoiceLocked)),
            Err(BillingError::Db(e)) => Err(AppError::internal("saving billing details", e)),
        }
    }
    .await
    .map_err(with_status)
}

/// Who runs the site (admins).
#[server(endpoint = "seller_details")]
pub async fn seller_details() -> Result<OperatorDetails, AppError> {
    async {
        require_admin().await?;
        invoices::operator(&db()?)
            .await
            .map_err(|e| AppError::internal("reading the operator", e))
    }
    .await
    .map_err(with_status)
}

/// Saves who runs the site (admins).
#[server(endpoint = "save_seller_details")]
pub async fn save_seller_details(form: SellerForm) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let details = form.parse().map_err(refused)?;
        invoices::save_operator(&db()?, &details, Utc::now())
            .await
            .map_err(|e| AppError::internal("saving the operator", e))
    }
    .await
    .map_err(with_status)
}

/// The documents issued in `year` (this year when `None`), newest first.
#[server(endpoint = "admin_invoices")]
pub async fn admin_invoices(year: Option<i32>) -> Result<(i32, Vec<InvoiceSummary>), AppError> {
    async {
        require_admin().await?;
        let year = year.unwrap_or_else(|| chrono::Datelike::year(&Utc::now()));
        let (from, to) = invoices::year_span(year).ok_or_else(|| {
            AppError(ApiError::with_message(
                ErrorCode::Validation,
                tessera::said!("invoice-year-unknown"),
            ))
        })?;
        let mut docs = invoices::issued_between(&db()?, from, to)
            .await
            .map_err(|e| AppError::internal("listing invoices", e))?;
        docs.reverse();
        Ok((year, docs))
    }
    .await
    .map_err(with_status)
}
