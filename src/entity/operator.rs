//! Who runs the site: the seller on invoices, the contact on every page.

use sea_orm::entity::prelude::*;

/// The one `operator_details` row (id 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "operator_details")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub name: String,
    /// Lines separated by newlines.
    pub address: String,
    pub email: String,
    pub phone: String,
    pub vat_id: String,
    /// `TS` in `TS-2026-000123`.
    pub invoice_prefix: String,
    /// Basis points: 1900 is 19 %.
    pub default_vat_rate_bp: i32,
    /// When set, invoices charge no VAT and say this instead.
    pub vat_exempt_note: Option<String>,
    /// Markdown.
    pub imprint_md: String,
    pub privacy_md: String,
    pub terms_md: String,
    pub updated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
