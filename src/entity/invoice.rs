//! An invoice or credit note as issued, with its PDF. Never updated.

use sea_orm::entity::prelude::*;

/// An `invoices` row.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `TS-2026-000123`.
    pub number: String,
    /// `invoice` or `credit_note`.
    pub kind: String,
    pub payment_id: i64,
    pub booking_id: i64,
    /// A credit note's invoice.
    pub refers_to: Option<i64>,
    pub issued_at: DateTimeUtc,
    /// Lower-case ISO code.
    pub currency: String,
    /// Minor units, VAT included; a credit note's is what it gives back.
    pub total: i64,
    pub net: i64,
    pub vat: i64,
    /// `None`: VAT exempt.
    pub vat_rate_bp: Option<i32>,
    pub buyer_name: String,
    /// What it says, as JSON (`service::invoices::Content`).
    pub content: String,
    pub pdf: Vec<u8>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invoice")
            .field("number", &self.number)
            .field("kind", &self.kind)
            .field("total", &self.total)
            .field("pdf_bytes", &self.pdf.len())
            .finish()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
