//! An invoice or credit note as a one-page A4 PDF, set in the standard
//! Helvetica (every PDF reader has it, so no font is embedded). The same
//! document always renders to the same bytes: nothing here reads a clock.

use crate::invoice::{InvoiceKind, VatRate};
use crate::money::Money;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub description: String,
    pub quantity: i64,
    pub unit: Money,
    pub amount: Money,
}

/// Everything the page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: InvoiceKind,
    pub number: String,
    /// "7 Dec 2026".
    pub issued_on: String,
    /// Name first, then address lines, VAT id and contact.
    pub seller: Vec<String>,
    /// Name first, then company and address lines.
    pub buyer: Vec<String>,
    /// "Booking TS-000042".
    pub booking: String,
    /// A credit note's invoice number.
    pub refers_to: Option<String>,
    pub lines: Vec<Line>,
    pub net: Money,
    pub vat: Money,
    /// `None`: exempt, and `exempt_note` says why.
    pub vat_rate: Option<VatRate>,
    pub exempt_note: Option<String>,
    pub total: Money,
    /// "Paid online through Stripe on 7 Dec 2026."
    pub settlement: String,
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 56.0;
const RIGHT: f32 = WIDTH - 56.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Renders `doc`.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut page = Page::new();
    let title = match doc.kind {
        InvoiceKind::Invoice => "Invoice",
        InvoiceKind::CreditNote => "Credit note",
    };
    page.text(BOLD, 20.0, LEFT, 780.0, title);
    let mut y = 750.0;
    let mut facts = vec![
        ("Number", doc.number.clone()),
        ("Date", doc.issued_on.clone()),
        ("Reference", doc.booking.clone()),
    ];
    if let Some(invoice) = &doc.refers_to {
        facts.push(("For invoice", invoice.clone()));
    }
    for (label, value) in facts {
        page.text(BOLD, 10.0, LEFT, y, label);
        page.text(REGULAR, 10.0, LEFT + 100.0, y, &value);
        y -= 14.0;
    }
    // Seller on the right, buyer on the left, as on a letter.
    let mut seller_y = 780.0;
    for (i, line) in doc.seller.iter().enumerate() {
        let font = if i == 0 { BOLD } else { REGULAR };
        for part in wrap(line, 9.0, 200.0) {
            page.text_right(font, 9.0, RIGHT, seller_y, &part);
            seller_y -= 12.0;
        }
    }
    y = y.min(seller_y) - 20.0;
    page.text(BOLD, 10.0, LEFT, y, "Bill to");
    y -= 14.0;
    for line in &doc.buyer {
        for part in wrap(line, 10.0, RIGHT - LEFT) {
            page.text(REGULAR, 10.0, LEFT, y, &part);
            y -= 13.0;
        }
    }
    y -= 20.0;
    // The table: description, quantity, unit price, amount.
    let (qty_x, unit_x, amount_x) = (360.0, 450.0, RIGHT);
    page.text(BOLD, 10.0, LEFT, y, "Description");
    page.text_right(BOLD, 10.0, qty_x, y, "Qty");
    page.text_right(BOLD, 10.0, unit_x, y, "Unit price");
    page.text_right(BOLD, 10.0, amount_x, y, "Amount");
    y -= 6.0;
    page.rule(y);
    y -= 14.0;
    for line in &doc.lines {
        page.text_right(REGULAR, 10.0, qty_x, y, &line.quantity.to_string());
        page.text_right(REGULAR, 10.0, unit_x, y, &line.unit.to_string());
        page.text_right(REGULAR, 10.0, amount_x, y, &line.amount.to_string());
        for part in wrap(&line.description, 10.0, qty_x - LEFT - 40.0) {
            page.text(REGULAR, 10.0, LEFT, y, &part);
            y -= 13.0;
        }
        y -= 4.0;
    }
    page.rule(y + 8.0);
    y -= 8.0;
    let vat_label = match doc.vat_rate {
        Some(rate) => format!("VAT {rate}"),
        None => "VAT".to_owned(),
    };
    for (font, label, value) in [
        (REGULAR, "Net amount".to_owned(), doc.net),
        (REGULAR, vat_label, doc.vat),
        (BOLD, "Total".to_owned(), doc.total),
    ] {
        page.text_right(font, 10.0, unit_x, y, &label);
        page.text_right(font, 10.0, amount_x, y, &value.to_string());
        y -= 14.0;
    }
    y -= 16.0;
    let mut notes = vec![doc.settlement.clone()];
    notes.extend(doc.exempt_note.clone());
    for note in notes {
        for part in wrap(&note, 9.0, RIGHT - LEFT) {
            page.text(REGULAR, 9.0, LEFT, y, &part);
            y -= 12.0;
        }
    }
    page.finish()
}

struct Page {
    content: Content,
}

impl Page {
    fn new() -> Page {
        Page {
            content: Content::new(),
        }
    }

    fn text(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        self.content.begin_text();
        self.content.set_font(font, size);
        self.content.next_line(x, y);
        self.content.show(Str(&win_ansi(text)));
        self.content.end_text();
    }

    fn text_right(&mut self, font: Name, size: f32, right: f32, y: f32, text: &str) {
        // Helvetica-Bold runs about 6 % wider than the regular widths.
        let wide = if font == BOLD { 1.06 } else { 1.0 };
        self.text(font, size, right - width(text, size) * wide, y, text);
    }

    fn rule(&mut self, y: f32) {
        self.content.set_line_width(0.5);
        self.content.move_to(LEFT, y);
        self.content.line_to(RIGHT, y);
        self.content.stroke();
    }

    fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let (catalog, tree, page_id, content_id, regular, bold) = (
            Ref::new(1),
            Ref::new(2),
            Ref::new(3),
            Ref::new(4),
            Ref::new(5),
            Ref::new(6),
        );
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page_id]).count(1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        page.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        drop(page);
        for (id, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
            pdf.type1_font(id)
                .base_font(Name(name))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        let content = self.content.finish();
        pdf.stream(content_id, &content);
        pdf.finish()
    }
}

/// `text` in the standard fonts' WinAnsi encoding (Windows-1252); what it
/// cannot hold becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '\u{202F}' | '\u{2009}' => b' ',
            'Š' => 0x8A,
            'š' => 0x9A,
            'Œ' => 0x8C,
            'œ' => 0x9C,
            'Ž' => 0x8E,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance widths (per 1000 units) for printable ASCII, from
/// Adobe's metrics; other characters are taken as 556 (a digit's width).
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // space../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            let i = u32::from(c).wrapping_sub(32) as usize;
            ASCII_WIDTHS.get(i).copied().map_or(556, u32::from)
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Breaks `text` into lines at most `max` points wide, at spaces.
fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn doc() -> Document {
        let eur = |m| Money::from_minor(m, Currency::Eur);
        Document {
            kind: InvoiceKind::Invoice,
            number: "TS-2026-000001".into(),
            issued_on: "7 Dec 2026".into(),
            seller: vec![
                "Kursraum GmbH".into(),
                "Hauptstraße 1".into(),
                "VAT id DE123456789".into(),
            ],
            buyer: vec!["Ana Müller".into()],
            booking: "Booking TS-000042".into(),
            refers_to: None,
            lines: vec![Line {
                description: "Sourdough Bread Basics, Sat 12 Dec 2026, 09:00".into(),
                quantity: 2,
                unit: eur(6_000),
                amount: eur(12_000),
            }],
            net: eur(10_084),
            vat: eur(1_916),
            vat_rate: VatRate::from_bp(1900).ok(),
            exempt_note: None,
            total: eur(12_000),
            settlement: "Paid online through Stripe on 7 Dec 2026.".into(),
        }
    }

    #[test]
    fn the_same_document_renders_to_the_same_bytes() {
        let a = render(&doc());
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, render(&doc()));
    }

    #[test]
    fn the_euro_sign_and_umlauts_are_in_win_ansi() {
        assert_eq!(win_ansi("€ ä ß"), vec![0x80, b' ', 0xE4, b' ', 0xDF]);
        assert_eq!(win_ansi("日"), vec![b'?']);
    }

    #[test]
    fn long_descriptions_wrap_at_spaces() {
        let lines = wrap(&"word ".repeat(40), 10.0, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0) <= 200.0));
    }
}
