//! Vouchers: the admin's server functions.

use crate::error::AppError;
use leptos::prelude::*;
pub use tessera::voucher::{RedemptionLine, VoucherForm, VoucherLine};

#[cfg(feature = "ssr")]
use {
    super::ssr::{db, with_status},
    crate::auth::ssr::require_admin,
    chrono::Utc,
    tessera::ApiError,
    tessera::service::vouchers,
};

/// Every voucher, newest first, with how often each is used.
#[server(endpoint = "admin_vouchers")]
pub async fn admin_vouchers() -> Result<Vec<VoucherLine>, AppError> {
    async {
        require_admin().await?;
        vouchers::list(&db()?)
            .await
            .map_err(|e| AppError::internal("listing vouchers", e))
    }
    .await
    .map_err(with_status)
}

/// One voucher and every booking that used it.
#[server(endpoint = "admin_voucher")]
pub async fn admin_voucher(id: i64) -> Result<(VoucherLine, Vec<RedemptionLine>), AppError> {
    async {
        require_admin().await?;
        let db = db()?;
        let line = vouchers::get(&db, id)
            .await
            .map_err(|e| AppError::internal("reading a voucher", e))?
            .ok_or_else(|| AppError::new(tessera::ErrorCode::VoucherNotFound))?;
        let uses = vouchers::redemptions(&db, id)
            .await
            .map_err(|e| AppError::internal("reading a voucher's uses", e))?;
        Ok((line, uses))
    }
    .await
    .map_err(with_status)
}

/// The courses the form offers to limit a voucher to.
#[server(endpoint = "voucher_course_choices")]
pub async fn voucher_course_choices(
    id: Option<i64>,
) -> Result<Vec<(tessera::CourseId, String)>, AppError> {
    async {
        require_admin().await?;
        vouchers::course_choices(&db()?, id, Utc::now())
            .await
            .map_err(|e| AppError::internal("listing courses", e))
    }
    .await
    .map_err(with_status)
}

/// Creates a voucher (no `id`) or changes one; lands on the list.
#[server(endpoint = "save_voucher")]
pub async fn save_voucher(id: Option<i64>, form: VoucherForm) -> Result<(), AppError> {
    async {
        require_admin().await?;
        let input = form.parse().map_err(ApiError::validation)?;
        let db = db()?;
        match id {
            Some(id) => vouchers::update(&db, id, &input, Utc::now()).await,
            None => vouchers::create(&db, &input, Utc::now()).await.map(|_| ()),
        }
        .map_err(ApiError::from)?;
        leptos_axum::redirect("/admin/vouchers");
        Ok(())
    }
    .await
    .map_err(with_status)
}

/// Turns a voucher off, or on again.
#[server(endpoint = "set_voucher_disabled")]
pub async fn set_voucher_disabled(id: i64, disabled: bool) -> Result<(), AppError> {
    async {
        require_admin().await?;
        vouchers::set_disabled(&db()?, id, disabled, Utc::now())
            .await
            .map_err(ApiError::from)?;
        Ok(())
    }
    .await
    .map_err(with_status)
}
