//! Invoices: VAT rates, the split of a gross amount into net and VAT, the
//! number format, what a buyer and the operator may put on one, and what
//! the pages show of them.

use crate::i18n::Lang;
use crate::inputs::Invalid;
use crate::money::Money;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

/// A VAT rate in basis points (1900 is 19 %), 0 % to 50 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct VatRate(i32);

impl VatRate {
    pub const MAX_BP: i32 = 5000;

    pub fn from_bp(bp: i32) -> Result<VatRate, Invalid> {
        if (0..=Self::MAX_BP).contains(&bp) {
            Ok(VatRate(bp))
        } else {
            Err(Invalid("vat-rate-range"))
        }
    }

    /// "19", "7.7", "19 %", "5,5": at most two decimals.
    pub fn parse_percent(input: &str) -> Result<VatRate, Invalid> {
        let text = input.trim().trim_end_matches('%').trim().replace(',', ".");
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (!frac.is_empty() && (frac.len() > 2 || !digits(frac))) {
            return Err(Invalid("vat-rate-format"));
        }
        let whole: i32 = whole.parse().map_err(|_| Invalid("vat-rate-format"))?;
        let frac: i32 = format!("{frac:0<2}").parse().unwrap_or(0);
        VatRate::from_bp(whole * 100 + frac)
    }

    pub fn bp(self) -> i32 {
        self.0
    }

    /// Splits `gross` (VAT included) into net and VAT: the net rounded to
    /// the nearest minor unit (halves up), the VAT what is left, so that
    /// net + VAT is the gross to the cent.
    pub fn split(self, gross: i64) -> (i64, i64) {
        let bp = i128::from(self.0);
        let g = i128::from(gross);
        let denominator = 10_000 + bp;
        let scaled = g * 10_000;
        // Round half away from zero (credit notes are positive too).
        let net = (scaled * 2 + denominator * scaled.signum()) / (denominator * 2);
        let net = i64::try_from(net).unwrap_or(gross);
        (net, gross - net)
    }
}

impl TryFrom<i32> for VatRate {
    type Error = Invalid;
    fn try_from(bp: i32) -> Result<Self, Self::Error> {
        VatRate::from_bp(bp)
    }
}

impl From<VatRate> for i32 {
    fn from(r: VatRate) -> i32 {
        r.0
    }
}

impl std::fmt::Display for VatRate {
    /// "19 %", "7.7 %", "5.25 %".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole} %"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{} %", f10 / 10),
            _ => write!(f, "{whole}.{frac:02} %"),
        }
    }
}

/// `TS-2026-000123`: the prefix, the year of issue, the year's sequence.
pub fn number(prefix: &str, issued_at: DateTime<Utc>, sequence: i64) -> String {
    format!("{prefix}-{}-{sequence:06}", issued_at.year())
}

/// An invoice prefix: 1 to 8 capital letters or digits.
pub fn parse_prefix(input: &str) -> Result<String, Invalid> {
    let p = input.trim().to_ascii_uppercase();
    if (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(p)
    } else {
        Err(Invalid("invoice-prefix-format"))
    }
}

/// Text for an invoice: trimmed, at most `max` characters and `lines`
/// lines, no control characters but line breaks. `what`: the id of the
/// message refusing a longer text.
fn invoice_text(
    input: &str,
    max: usize,
    lines: usize,
    what: &'static str,
) -> Result<String, Invalid> {
    let text = input.trim().replace("\r\n", "\n");
    if text.chars().count() > max || text.lines().count() > lines {
        return Err(Invalid(what));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Invalid("control-characters"));
    }
    Ok(text)
}

/// What a buyer wants on a booking's invoice. Empty fields take the
/// account's name and leave the rest out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    pub name: String,
    pub company: String,
    pub address: String,
}

/// Which field of a billing or operator form is at fault, and why (in the
/// language of the request being answered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInvalid {
    pub field: &'static str,
    pub message: String,
}

/// Puts a refusal at `field`.
fn at(field: &'static str) -> impl Fn(Invalid) -> FieldInvalid {
    move |e| FieldInvalid {
        field,
        message: e.to_string(),
    }
}

impl BillingDetails {
    pub fn parse(name: &str, company: &str, address: &str) -> Result<BillingDetails, FieldInvalid> {
        Ok(BillingDetails {
            name: invoice_text(name, 120, 1, "invoice-name-too-long")
                .map_err(at("billing_name"))?,
            company: invoice_text(company, 120, 1, "invoice-company-too-long")
                .map_err(at("billing_company"))?,
            address: invoice_text(address, 300, 5, "invoice-address-too-long")
                .map_err(at("billing_address"))?,
        })
    }
}

/// Who runs the site, as an admin enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorDetails {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub vat_id: String,
    pub invoice_prefix: String,
    pub default_vat_rate: VatRate,
    /// When set, invoices charge no VAT and say this (the legal basis).
    pub vat_exempt_note: Option<String>,
}

impl Default for OperatorDetails {
    fn default() -> Self {
        OperatorDetails {
            name: String::new(),
            address: String::new(),
            email: String::new(),
            phone: String::new(),
            vat_id: String::new(),
            invoice_prefix: "TS".into(),
            default_vat_rate: VatRate(1900),
            vat_exempt_note: None,
        }
    }
}

impl OperatorDetails {
    /// Whether invoices can be issued: a seller has a name and an address.
    pub fn can_invoice(&self) -> bool {
        !self.name.is_empty() && !self.address.is_empty()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        name: &str,
        address: &str,
        email: &str,
        phone: &str,
        vat_id: &str,
        invoice_prefix: &str,
        default_vat_rate: &str,
        vat_exempt_note: &str,
    ) -> Result<OperatorDetails, FieldInvalid> {
        let email = invoice_text(email, 254, 1, "invoice-email-one-line").map_err(at("email"))?;
        if !email.is_empty() {
            crate::inputs::Email::parse(&email).map_err(at("email"))?;
        }
        let note = invoice_text(vat_exempt_note, 300, 3, "invoice-note-too-long")
            .map_err(at("vat_exempt_note"))?;
        Ok(OperatorDetails {
            name: invoice_text(name, 120, 1, "invoice-name-too-long").map_err(at("name"))?,
            address: invoice_text(address, 300, 5, "invoice-address-too-long")
                .map_err(at("address"))?,
            email,
            phone: invoice_text(phone, 40, 1, "invoice-phone-too-long").map_err(at("phone"))?,
            vat_id: invoice_text(vat_id, 30, 1, "invoice-vat-id-too-long").map_err(at("vat_id"))?,
            invoice_prefix: parse_prefix(invoice_prefix).map_err(at("invoice_prefix"))?,
            default_vat_rate: VatRate::parse_percent(default_vat_rate)
                .map_err(at("default_vat_rate"))?,
            vat_exempt_note: (!note.is_empty()).then_some(note),
        })
    }
}

/// The admin's "Who sells" form as sent (`form[name]`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerForm {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub vat_id: String,
    pub invoice_prefix: String,
    pub default_vat_rate: String,
    #[serde(default)]
    pub vat_exempt_note: String,
}

impl SellerForm {
    pub fn parse(&self) -> Result<OperatorDetails, FieldInvalid> {
        OperatorDetails::parse(
            &self.name,
            &self.address,
            &self.email,
            &self.phone,
            &self.vat_id,
            &self.invoice_prefix,
            &self.default_vat_rate,
            &self.vat_exempt_note,
        )
    }
}

/// An invoice or a credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceKind> {
        match s {
            "invoice" => Some(InvoiceKind::Invoice),
            "credit_note" => Some(InvoiceKind::CreditNote),
            _ => None,
        }
    }

    /// "Invoice", "Credit note".
    pub fn label(self, lang: Lang) -> String {
        crate::t!(
            lang,
            match self {
                InvoiceKind::Invoice => "invoice-kind-invoice",
                InvoiceKind::CreditNote => "invoice-kind-credit-note",
            }
        )
    }
}

/// An issued document as a booking page or the admin list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub number: String,
    pub kind: InvoiceKind,
    pub issued_at: DateTime<Utc>,
    pub total: Money,
    pub net: Money,
    pub vat: Money,
    /// `None`: VAT exempt.
    pub vat_rate: Option<VatRate>,
    pub buyer_name: String,
    /// The booking's reference, `TS-000042`.
    pub booking: String,
    /// A credit note's invoice number.
    pub refers_to: Option<String>,
}

impl InvoiceSummary {
    /// Where its PDF is served.
    pub fn href(&self) -> String {
        format!("/invoices/{}.pdf", self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nineteen_percent_of_a_hundred_and_nineteen_euros_is_nineteen() {
        let rate = VatRate::from_bp(1900).unwrap();
        assert_eq!(rate.split(11_900), (10_000, 1_900));
        assert_eq!(rate.split(12_000), (10_084, 1_916));
        assert_eq!(VatRate::from_bp(700).unwrap().split(4_500), (4_206, 294));
        assert_eq!(VatRate::from_bp(0).unwrap().split(4_500), (4_500, 0));
    }

    #[test]
    fn rates_are_read_as_people_type_them_and_refused_out_of_range() {
        assert_eq!(VatRate::parse_percent("19").unwrap().bp(), 1900);
        assert_eq!(VatRate::parse_percent("7,7 %").unwrap().bp(), 770);
        assert_eq!(VatRate::parse_percent("5.25").unwrap().bp(), 525);
        assert_eq!(VatRate::parse_percent("0").unwrap().bp(), 0);
        for bad in ["", "-1", "51", "19.123", "abc", "1e3", "100"] {
            assert!(VatRate::parse_percent(bad).is_err(), "{bad:?} was accepted");
        }
        assert_eq!(VatRate::from_bp(770).unwrap().to_string(), "7.7 %");
        assert_eq!(VatRate::from_bp(1900).unwrap().to_string(), "19 %");
        assert_eq!(VatRate::from_bp(525).unwrap().to_string(), "5.25 %");
    }

    #[test]
    fn numbers_carry_the_prefix_and_the_year() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(number("TS", at, 123), "TS-2026-000123");
        assert_eq!(parse_prefix(" ab1 ").unwrap(), "AB1");
        assert!(parse_prefix("TOO-LONG1").is_err());
        assert!(parse_prefix("").is_err());
    }

    #[test]
    fn billing_details_too_long_name_the_field() {
        let long = "x".repeat(121);
        assert_eq!(
            BillingDetails::parse(&long, "", "").unwrap_err().field,
            "billing_name"
        );
        assert_eq!(
            BillingDetails::parse("A", "", "1\n2\n3\n4\n5\n6")
                .unwrap_err()
                .field,
            "billing_address"
        );
        assert!(BillingDetails::parse("Ana", "Acme GmbH", "Hauptstr. 1\n10115 Berlin").is_ok());
    }

    proptest! {
        #[test]
        fn net_and_vat_add_up_to_the_gross_and_the_vat_is_the_rate_of_the_net(
            gross in 0i64..10_000_000_000, bp in 0i32..=5000,
        ) {
            let rate = VatRate::from_bp(bp).unwrap();
            let (net, vat) = rate.split(gross);
            prop_assert_eq!(net + vat, gross);
            prop_assert!(net >= 0 && vat >= 0);
            // The VAT is the net's VAT to within a cent's rounding.
            let exact = net as f64 * f64::from(bp) / 10_000.0;
            prop_assert!((vat as f64 - exact).abs() <= 1.0, "vat {} exact {}", vat, exact);
        }
    }
}
