//! Invoices, and who sells.
//!
//! - `operator_details`: the one row (id 1) naming who runs the site: the
//!   seller on every invoice, the contact on every page, and the texts of
//!   its imprint, privacy and terms pages. Kept in the
//!   database so an admin edits it and every instance reads the same.
//! - `courses.vat_rate_bp`: a course's VAT rate in basis points (1900 is
//!   19 %); `NULL` takes the operator's default.
//! - `invoice_counters`: the last number issued per year. Taking a number
//!   is an update of this row inside the transaction that writes the
//!   invoice, so a rolled-back issue gives its number back: no gaps, and
//!   concurrent issues wait for each other (no duplicates).
//! - `invoices`: invoices and credit notes as issued, with their PDF. No
//!   foreign keys: they are the books, kept when bookings or accounts go.
//! - `billing_details`: the name, company and address a buyer wants on the
//!   invoice of a booking.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OperatorDetails {
    Table,
    Id,
    Name,
    Address,
    Email,
    Phone,
    VatId,
    InvoicePrefix,
    DefaultVatRateBp,
    VatExemptNote,
    ImprintMd,
    PrivacyMd,
    TermsMd,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Courses {
    Table,
    VatRateBp,
}

#[derive(DeriveIden, Clone, Copy)]
enum InvoiceCounters {
    Table,
    Year,
    Last,
}

#[derive(DeriveIden, Clone, Copy)]
enum Invoices {
    Table,
    Id,
    Number,
    Kind,
    PaymentId,
    BookingId,
    RefersTo,
    IssuedAt,
    Currency,
    Total,
    Net,
    Vat,
    VatRateBp,
    BuyerName,
    Content,
    Pdf,
}

#[derive(DeriveIden, Clone, Copy)]
enum BillingDetails {
    Table,
    BookingId,
    Name,
    Company,
    Address,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Bookings {
    Table,
    Id,
}

fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().default("").to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OperatorDetails::Table)
                    .col(
                        ColumnDef::new(OperatorDetails::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(text(OperatorDetails::Name))
                    .col(text(OperatorDetails::Address))
                    .col(text(OperatorDetails::Email))
                    .col(text(OperatorDetails::Phone))
                    .col(text(OperatorDetails::VatId))
                    .col(
                        ColumnDef::new(OperatorDetails::InvoicePrefix)
                            .string_len(8)
                            .not_null()
                            .default("TS"),
                    )
                    .col(
                        ColumnDef::new(OperatorDetails::DefaultVatRateBp)
                            .integer()
                            .not_null()
                            .default(1900),
                    )
                    .col(ColumnDef::new(OperatorDetails::VatExemptNote).text().null())
                    // The imprint, privacy and terms pages, as the operator
                    // writes them (Markdown; rendered without raw HTML).
                    .col(text(OperatorDetails::ImprintMd))
                    .col(text(OperatorDetails::PrivacyMd))
                    .col(text(OperatorDetails::TermsMd))
                    .col(
                        ColumnDef::new(OperatorDetails::UpdatedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .add_column(ColumnDef::new(Courses::VatRateBp).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InvoiceCounters::Table)
                    .col(
                        ColumnDef::new(InvoiceCounters::Year)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(InvoiceCounters::Last)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invoices::Table)
                    .col(crate::id_pk(Invoices::Id))
                    .col(
                        ColumnDef::new(Invoices::Number)
                            .string_len(32)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Invoices::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(Invoices::PaymentId).big_integer().not_null())
                    .col(ColumnDef::new(Invoices::BookingId).big_integer().not_null())
                    .col(ColumnDef::new(Invoices::RefersTo).big_integer().null())
                    .col(
                        ColumnDef::new(Invoices::IssuedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Invoices::Currency).string_len(3).not_null())
                    .col(ColumnDef::new(Invoices::Total).big_integer().not_null())
                    .col(ColumnDef::new(Invoices::Net).big_integer().not_null())
                    .col(ColumnDef::new(Invoices::Vat).big_integer().not_null())
                    .col(ColumnDef::new(Invoices::VatRateBp).integer().null())
                    .col(ColumnDef::new(Invoices::BuyerName).text().not_null())
                    // What the document says (buyer, lines, how it was
                    // paid), as JSON: a correction or a credit note copies
                    // it rather than reading today's rows again.
                    .col(ColumnDef::new(Invoices::Content).text().not_null())
                    .col(ColumnDef::new(Invoices::Pdf).blob().not_null())
                    .to_owned(),
            )
            .await?;
        // A booking's invoices (its page), a payment's (credit notes).
        for (name, col) in [
            ("invoices_booking_idx", Invoices::BookingId),
            ("invoices_payment_idx", Invoices::PaymentId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Invoices::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(BillingDetails::Table)
                    .col(
                        ColumnDef::new(BillingDetails::BookingId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(text(BillingDetails::Name))
                    .col(text(BillingDetails::Company))
                    .col(text(BillingDetails::Address))
                    .col(
                        ColumnDef::new(BillingDetails::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("billing_details_booking_id_fkey")
                            .from(BillingDetails::Table, BillingDetails::BookingId)
                            .to(Bookings::Table, Bookings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BillingDetails::Table.into_iden(),
            Invoices::Table.into_iden(),
            InvoiceCounters::Table.into_iden(),
            OperatorDetails::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Courses::Table)
                    .drop_column(Courses::VatRateBp)
                    .to_owned(),
            )
            .await
    }
}
