//! Invoices and credit notes: one gap-free number sequence per site and
//! year, issued in the transaction that records the payment (so a payment
//! kept always has its invoice, and a rolled-back one gives its number
//! back), never changed once issued. A refund is answered by a credit note
//! for exactly what went back; corrected billing details by a credit note
//! for the whole invoice and a new one.

use crate::booking::PaymentStatus;
use crate::entity::{billing_detail, booking, course, invoice, operator, payment, user};
use crate::ids::{BookingId, PaymentId, UserId};
use crate::invoice::{BillingDetails, InvoiceKind, InvoiceSummary, OperatorDetails, VatRate};
use crate::money::{Currency, Money};
use crate::service::invoice_pdf::{self, Document, Line};
use crate::venue::VenueZone;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

const OPERATOR_ROW: i32 = 1;

/// Who runs the site, as saved (the defaults until an admin saves).
pub async fn operator(db: &impl ConnectionTrait) -> Result<OperatorDetails, DbErr> {
    let Some(row) = operator::Entity::find_by_id(OPERATOR_ROW).one(db).await? else {
        return Ok(OperatorDetails::default());
    };
    let defaults = OperatorDetails::default();
    Ok(OperatorDetails {
        name: row.name,
        address: row.address,
        email: row.email,
        phone: row.phone,
        vat_id: row.vat_id,
        invoice_prefix: row.invoice_prefix,
        default_vat_rate: VatRate::from_bp(row.default_vat_rate_bp)
            .unwrap_or(defaults.default_vat_rate),
        vat_exempt_note: row.vat_exempt_note,
    })
}

/// Saves who runs the site. Invoices issued before keep what they said.
pub async fn save_operator(
    db: &impl ConnectionTrait,
    details: &OperatorDetails,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = operator::ActiveModel {
        id: Set(OPERATOR_ROW),
        name: Set(details.name.clone()),
        address: Set(details.address.clone()),
        email: Set(details.email.clone()),
        phone: Set(details.phone.clone()),
        vat_id: Set(details.vat_id.clone()),
        invoice_prefix: Set(details.invoice_prefix.clone()),
        default_vat_rate_bp: Set(details.default_vat_rate.bp()),
        vat_exempt_note: Set(details.vat_exempt_note.clone()),
        updated_at: Set(Some(now)),
        ..Default::default()
    };
    operator::Entity::insert(row)
        .on_conflict(
            OnConflict::column(operator::Column::Id)
                .update_columns([
                    operator::Column::Name,
                    operator::Column::Address,
                    operator::Column::Email,
                    operator::Column::Phone,
                    operator::Column::VatId,
                    operator::Column::InvoicePrefix,
                    operator::Column::DefaultVatRateBp,
                    operator::Column::VatExemptNote,
                    operator::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The next number of `now`'s year. The counter row stays locked until the
/// caller's transaction ends: concurrent issues wait their turn, and a
/// rollback returns the number.
async fn take_number(
    db: &impl ConnectionTrait,
    prefix: &str,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    use chrono::Datelike;
    let (table, year, last) = (
        Alias::new("invoice_counters"),
        Alias::new("year"),
        Alias::new("last"),
    );
    let backend = db.get_database_backend();
    let create = Query::insert()
        .into_table(table.clone())
        .columns([year.clone(), last.clone()])
        .values_panic([now.year().into(), 0i64.into()])
        .on_conflict(OnConflict::column(year.clone()).do_nothing().to_owned())
        .to_owned();
    db.execute(backend.build(&create)).await?;
    let bump = Query::update()
        .table(table)
        .value(last.clone(), Expr::col(last.clone()).add(1))
        .and_where(Expr::col(year).eq(now.year()))
        .returning(Query::returning().column(last))
        .to_owned();
    let row = db
        .query_one(backend.build(&bump))
        .await?
        .ok_or_else(|| DbErr::Custom("the invoice counter row is missing".into()))?;
    let sequence: i64 = row.try_get("", "last")?;
    Ok(crate::invoice::number(prefix, now, sequence))
}

/// "7 Dec 2026".
fn day(t: DateTime<Utc>) -> String {
    t.format("%-d %b %Y").to_string()
}

/// The seller's lines: name, address, VAT id, contact.
fn seller_lines(op: &OperatorDetails) -> Vec<String> {
    let mut lines = vec![op.name.clone()];
    lines.extend(op.address.lines().map(str::to_owned));
    if !op.vat_id.is_empty() {
        lines.push(format!("VAT id {}", op.vat_id));
    }
    lines.extend(
        [op.email.clone(), op.phone.clone()]
            .into_iter()
            .filter(|s| !s.is_empty()),
    );
    lines
}

fn buyer_lines(name: &str, billing: Option<&billing_detail::Model>) -> Vec<String> {
    let mut lines = vec![name.to_owned()];
    if let Some(b) = billing {
        if !b.company.is_empty() {
            lines.push(b.company.clone());
        }
        lines.extend(b.address.lines().map(str::to_owned));
    }
    lines
}

/// "Sourdough Bread Basics, Sat 12 Dec 2026, 09:00 (Europe/Berlin)".
fn course_line(c: &course::Model) -> String {
    let tz = VenueZone::stored(&c.time_zone).0;
    format!(
        "{}, {} ({})",
        c.title,
        c.starts_at.with_timezone(&tz).format("%a %-d %b %Y, %H:%M"),
        tz.name()
    )
}

/// The table of a payment's invoice.
fn lines_of(pay: &payment::Model, b: &booking::Model, c: &course::Model) -> Vec<Line> {
    let money = |m| Money::from_minor(m, pay.currency);
    if pay.moves_to.is_some() {
        return vec![Line {
            description: format!(
                "Move of booking {} to {}: the difference",
                BookingId(b.id).reference(),
                course_line(c)
            ),
            quantity: 1,
            unit: money(pay.amount),
            amount: money(pay.amount),
        }];
    }
    let seats = i64::from(b.seats.max(1));
    let list = b.list_amount.unwrap_or(b.amount);
    if pay.amount != b.amount || list % seats != 0 {
        return vec![Line {
            description: course_line(c),
            quantity: 1,
            unit: money(pay.amount),
            amount: money(pay.amount),
        }];
    }
    let mut lines = vec![Line {
        description: course_line(c),
        quantity: seats,
        unit: money(list / seats),
        amount: money(list),
    }];
    if list > b.amount {
        lines.push(Line {
            description: "Voucher".into(),
            quantity: 1,
            unit: money(b.amount - list),
            amount: money(b.amount - list),
        });
    }
    lines
}

/// What an issue needs to know of one payment.
struct Sale {
    pay: payment::Model,
    booking: booking::Model,
    course: course::Model,
    buyer: user::Model,
    billing: Option<billing_detail::Model>,
}

async fn sale(db: &impl ConnectionTrait, id: PaymentId) -> Result<Option<Sale>, DbErr> {
    let Some(pay) = payment::Entity::find_by_id(id.get()).one(db).await? else {
        return Ok(None);
    };
    let Some(booking) = booking::Entity::find_by_id(pay.booking_id).one(db).await? else {
        return Ok(None);
    };
    let course_id = pay.moves_to.unwrap_or(booking.course_id);
    let Some(course) = course::Entity::find_by_id(course_id).one(db).await? else {
        return Ok(None);
    };
    let Some(buyer) = user::Entity::find_by_id(booking.user_id).one(db).await? else {
        return Ok(None);
    };
    let billing = billing_detail::Entity::find_by_id(booking.id)
        .one(db)
        .await?;
    Ok(Some(Sale {
        pay,
        booking,
        course,
        buyer,
        billing,
    }))
}

impl Sale {
    fn buyer_name(&self) -> String {
        self.billing
            .as_ref()
            .map(|b| b.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.buyer.display_name.clone())
    }

    fn rate(&self, op: &OperatorDetails) -> Option<VatRate> {
        if op.vat_exempt_note.is_some() {
            return None;
        }
        Some(
            self.course
                .vat_rate_bp
                .and_then(|bp| VatRate::from_bp(bp).ok())
                .unwrap_or(op.default_vat_rate),
        )
    }

    /// What its invoice says, from the rows as they are now (at issue).
    fn content(&self) -> Content {
        Content {
            buyer: buyer_lines(&self.buyer_name(), self.billing.as_ref()),
            lines: lines_of(&self.pay, &self.booking, &self.course),
            settlement: format!(
                "Paid online through Stripe on {}. Booking reference {}.",
                day(self.pay.updated_at),
                BookingId(self.booking.id).reference()
            ),
        }
    }
}

/// What a document says besides its numbers, kept with it (JSON in
/// `invoices.content`): a credit note bills whom its invoice billed, and a
/// corrected invoice repeats the lines of the one it replaces.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Content {
    /// Name first, then company and address lines.
    buyer: Vec<String>,
    lines: Vec<Line>,
    settlement: String,
}

impl Content {
    fn of(row: &invoice::Model) -> Content {
        serde_json::from_str(&row.content).unwrap_or_default()
    }
}

/// One document to write.
struct Issue<'a> {
    kind: InvoiceKind,
    payment: &'a payment::Model,
    booking_id: i64,
    gross: i64,
    /// Net and VAT when not the plain split of `gross` (a credit note keeps
    /// its invoice's VAT to the cent).
    split: Option<(i64, i64)>,
    rate: Option<VatRate>,
    refers_to: Option<&'a invoice::Model>,
    content: Content,
}

/// Writes one invoice or credit note, with the next number.
async fn write(
    db: &impl ConnectionTrait,
    op: &OperatorDetails,
    issue: Issue<'_>,
    now: DateTime<Utc>,
) -> Result<invoice::Model, DbErr> {
    let number = take_number(db, &op.invoice_prefix, now).await?;
    let (net, vat) = issue.split.unwrap_or_else(|| {
        issue
            .rate
            .map_or((issue.gross, 0), |r| r.split(issue.gross))
    });
    let money = |m| Money::from_minor(m, issue.payment.currency);
    let buyer_name = issue.content.buyer.first().cloned().unwrap_or_default();
    let pdf = invoice_pdf::render(&Document {
        kind: issue.kind,
        number: number.clone(),
        issued_on: day(now),
        seller: seller_lines(op),
        buyer: issue.content.buyer.clone(),
        booking: format!("Booking {}", BookingId(issue.booking_id).reference()),
        refers_to: issue.refers_to.map(|i| i.number.clone()),
        lines: issue.content.lines.clone(),
        net: money(net),
        vat: money(vat),
        vat_rate: issue.rate,
        exempt_note: if issue.rate.is_none() {
            op.vat_exempt_note.clone()
        } else {
            None
        },
        total: money(issue.gross),
        settlement: issue.content.settlement.clone(),
    });
    let content = serde_json::to_string(&issue.content)
        .map_err(|e| DbErr::Custom(format!("an invoice's content: {e}")))?;
    let row = invoice::ActiveModel {
        number: Set(number),
        kind: Set(issue.kind.as_str().to_owned()),
        payment_id: Set(issue.payment.id),
        booking_id: Set(issue.booking_id),
        refers_to: Set(issue.refers_to.map(|i| i.id)),
        issued_at: Set(now),
        currency: Set(issue.payment.currency.stripe_code().to_owned()),
        total: Set(issue.gross),
        net: Set(net),
        vat: Set(vat),
        vat_rate_bp: Set(issue.rate.map(VatRate::bp)),
        buyer_name: Set(buyer_name),
        content: Set(content),
        pdf: Set(pdf),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(number = %row.number, kind = %row.kind, payment_id = issue.payment.id, total = issue.gross, "invoice issued");
    Ok(row)
}

/// A payment's documents, oldest first.
async fn documents(
    db: &impl ConnectionTrait,
    payment_id: i64,
) -> Result<Vec<invoice::Model>, DbErr> {
    invoice::Entity::find()
        .filter(invoice::Column::PaymentId.eq(payment_id))
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await
}

/// What is billed on a payment now: its invoices less its credit notes.
fn billed(docs: &[invoice::Model]) -> i64 {
    docs.iter()
        .map(|d| match InvoiceKind::parse(&d.kind) {
            Some(InvoiceKind::Invoice) => d.total,
            _ => -d.total,
        })
        .sum()
}

/// The newest invoice (not credit note) of a payment.
fn current_invoice(docs: &[invoice::Model]) -> Option<&invoice::Model> {
    docs.iter()
        .rev()
        .find(|d| d.kind == InvoiceKind::Invoice.as_str())
}

/// Issues the invoice of payment `id`, which has just succeeded, inside the
/// caller's transaction (which holds the payment's lock). Nothing when the
/// seller has not said who they are yet (no name or address), or when the
/// payment already has one.
pub async fn issue_for_payment(
    db: &impl ConnectionTrait,
    id: PaymentId,
    now: DateTime<Utc>,
) -> Result<Option<invoice::Model>, DbErr> {
    let op = operator(db).await?;
    if !op.can_invoice() {
        tracing::warn!(
            payment_id = id.get(),
            "no invoice: the operator's name and address are not set"
        );
        return Ok(None);
    }
    if !documents(db, id.get()).await?.is_empty() {
        return Ok(None);
    }
    let Some(sale) = sale(db, id).await? else {
        return Ok(None);
    };
    if sale.pay.status != PaymentStatus::Succeeded || sale.pay.amount <= 0 {
        return Ok(None);
    }
    let issue = Issue {
        kind: InvoiceKind::Invoice,
        payment: &sale.pay,
        booking_id: sale.booking.id,
        gross: sale.pay.amount,
        split: None,
        rate: sale.rate(&op),
        refers_to: None,
        content: sale.content(),
    };
    write(db, &op, issue, now).await.map(Some)
}

/// Stripe reports `amount_refunded` in all on the payment with intent
/// `payment_intent` (already recorded; the caller holds its booking's and
/// its own lock): a credit note for what went back and is not credited yet.
/// Its VAT is what makes the invoice's credit notes together hold the VAT
/// of all they credit, so several partial refunds add up to the cent.
pub async fn credit_refunds(
    db: &impl ConnectionTrait,
    payment_intent: &str,
    amount_refunded: i64,
    now: DateTime<Utc>,
) -> Result<Option<invoice::Model>, DbErr> {
    let Some(pay) = payment::Entity::find()
        .filter(payment::Column::StripePaymentIntentId.eq(payment_intent))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let docs = documents(db, pay.id).await?;
    let Some(invoice) = current_invoice(&docs).cloned() else {
        return Ok(None);
    };
    let kept = pay.amount - amount_refunded.clamp(0, pay.amount);
    let owed = billed(&docs) - kept;
    if owed <= 0 {
        return Ok(None);
    }
    let rate = invoice.vat_rate_bp.and_then(|bp| VatRate::from_bp(bp).ok());
    let (before, vat_before) = docs
        .iter()
        .filter(|d| d.refers_to == Some(invoice.id))
        .fold((0, 0), |(t, v), d| (t + d.total, v + d.vat));
    let vat = rate.map_or(0, |r| r.split(before + owed).1 - vat_before);
    let op = operator(db).await?;
    let money = |m| Money::from_minor(m, pay.currency);
    let issue = Issue {
        kind: InvoiceKind::CreditNote,
        payment: &pay,
        booking_id: pay.booking_id,
        gross: owed,
        split: Some((owed - vat, vat)),
        rate,
        refers_to: Some(&invoice),
        content: Content {
            buyer: Content::of(&invoice).buyer,
            lines: vec![Line {
                description: format!("Refund on invoice {}", invoice.number),
                quantity: 1,
                unit: money(owed),
                amount: money(owed),
            }],
            settlement: "Refunded to the means of payment used, through Stripe.".to_owned(),
        },
    };
    write(db, &op, issue, now).await.map(Some)
}

/// A document as listed: every column but its PDF and content.
#[derive(Debug, sea_orm::FromQueryResult)]
struct Listed {
    id: i64,
    number: String,
    kind: String,
    booking_id: i64,
    refers_to: Option<i64>,
    issued_at: DateTime<Utc>,
    currency: String,
    total: i64,
    net: i64,
    vat: i64,
    vat_rate_bp: Option<i32>,
    buyer_name: String,
}

/// Documents matching `filter`, oldest first, without their PDFs.
async fn listed(
    db: &impl ConnectionTrait,
    filter: sea_orm::Condition,
) -> Result<Vec<Listed>, DbErr> {
    use invoice::Column as C;
    invoice::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Number,
            C::Kind,
            C::BookingId,
            C::RefersTo,
            C::IssuedAt,
            C::Currency,
            C::Total,
            C::Net,
            C::Vat,
            C::VatRateBp,
            C::BuyerName,
        ])
        .filter(filter)
        .order_by_asc(C::Id)
        .into_model::<Listed>()
        .all(db)
        .await
}

fn summary(row: &Listed, numbers: &std::collections::HashMap<i64, String>) -> InvoiceSummary {
    let currency: Currency = row.currency.parse().unwrap_or(Currency::Eur);
    let money = |m| Money::from_minor(m, currency);
    InvoiceSummary {
        number: row.number.clone(),
        kind: InvoiceKind::parse(&row.kind).unwrap_or(InvoiceKind::Invoice),
        issued_at: row.issued_at,
        total: money(row.total),
        net: money(row.net),
        vat: money(row.vat),
        vat_rate: row.vat_rate_bp.and_then(|bp| VatRate::from_bp(bp).ok()),
        buyer_name: row.buyer_name.clone(),
        booking: BookingId(row.booking_id).reference(),
        refers_to: row.refers_to.and_then(|id| numbers.get(&id).cloned()),
    }
}

/// `rows` as summaries, their credit notes naming their invoices.
async fn summaries(
    db: &impl ConnectionTrait,
    rows: &[Listed],
) -> Result<Vec<InvoiceSummary>, DbErr> {
    let wanted: Vec<i64> = rows.iter().filter_map(|r| r.refers_to).collect();
    let mut numbers: std::collections::HashMap<i64, String> =
        rows.iter().map(|r| (r.id, r.number.clone())).collect();
    if !wanted.is_empty() {
        let found: Vec<(i64, String)> = invoice::Entity::find()
            .select_only()
            .column(invoice::Column::Id)
            .column(invoice::Column::Number)
            .filter(invoice::Column::Id.is_in(wanted))
            .into_tuple()
            .all(db)
            .await?;
        numbers.extend(found);
    }
    Ok(rows.iter().map(|r| summary(r, &numbers)).collect())
}

/// Booking `id`'s invoices and credit notes, oldest first.
pub async fn of_booking(
    db: &impl ConnectionTrait,
    id: BookingId,
) -> Result<Vec<InvoiceSummary>, DbErr> {
    let rows = listed(
        db,
        sea_orm::Condition::all().add(invoice::Column::BookingId.eq(id.get())),
    )
    .await?;
    summaries(db, &rows).await
}

/// Every document issued in `[from, to)`, oldest first: the bookkeeper's list.
pub async fn issued_between(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<InvoiceSummary>, DbErr> {
    let rows = listed(
        db,
        sea_orm::Condition::all()
            .add(invoice::Column::IssuedAt.gte(from))
            .add(invoice::Column::IssuedAt.lt(to)),
    )
    .await?;
    summaries(db, &rows).await
}

/// Who asks for a document.
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    Admin,
    Member(UserId),
}

/// The PDF of document `number`, for `reader`: an admin reads every one, a
/// member those of their own bookings. Anything else is `None`, so that a
/// number cannot be probed.
pub async fn pdf(
    db: &impl ConnectionTrait,
    number: &str,
    reader: Reader,
) -> Result<Option<Vec<u8>>, DbErr> {
    let Some(row) = invoice::Entity::find()
        .filter(invoice::Column::Number.eq(number))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if let Reader::Member(me) = reader {
        let own = booking::Entity::find_by_id(row.booking_id)
            .one(db)
            .await?
            .is_some_and(|b| b.user_id == me.get());
        if !own {
            return Ok(None);
        }
    }
    Ok(Some(row.pdf))
}

/// The PDF of booking `id`'s newest invoice, for the confirmation email.
pub async fn newest_pdf(
    db: &impl ConnectionTrait,
    id: BookingId,
) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    Ok(invoice::Entity::find()
        .filter(invoice::Column::BookingId.eq(id.get()))
        .filter(invoice::Column::Kind.eq(InvoiceKind::Invoice.as_str()))
        .order_by_desc(invoice::Column::Id)
        .one(db)
        .await?
        .map(|r| (r.number, r.pdf)))
}

/// Booking `id`'s billing details, if its buyer gave any.
pub async fn billing(
    db: &impl ConnectionTrait,
    id: BookingId,
) -> Result<Option<BillingDetails>, DbErr> {
    Ok(billing_detail::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .map(|b| BillingDetails {
            name: b.name,
            company: b.company,
            address: b.address,
        }))
}

/// Why billing details were not saved.
#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    /// Not a booking of this member.
    #[error("no such booking")]
    NotFound,
    /// Money went back on it already: its invoice is corrected by asking.
    #[error("partly refunded")]
    Refunded,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What saving billing details did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingSaved {
    /// Invoices issued again with the new details (each after a credit
    /// note for the one it replaces).
    pub reissued: Vec<String>,
}

/// Saves what `member` wants on booking `id`'s invoices. Invoices already
/// issued never change: each one still billed is credited in full and
/// issued again with the new buyer and the same lines. Saving what is
/// already saved issues nothing.
pub async fn save_billing<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    member: UserId,
    id: BookingId,
    details: &BillingDetails,
    now: DateTime<Utc>,
) -> Result<BillingSaved, BillingError> {
    let txn = db.begin().await?;
    // The booking's row lock orders this against its payments' webhooks,
    // which take it first too.
    let mine = booking::Entity::update_many()
        .col_expr(
            booking::Column::UpdatedAt,
            Expr::col(booking::Column::UpdatedAt).into(),
        )
        .filter(booking::Column::Id.eq(id.get()))
        .filter(booking::Column::UserId.eq(member.get()))
        .exec(&txn)
        .await?
        .rows_affected;
    if mine == 0 {
        return Err(BillingError::NotFound);
    }
    if billing(&txn, id).await?.as_ref() == Some(details) {
        return Ok(BillingSaved {
            reissued: Vec::new(),
        });
    }
    let payments = payment::Entity::find()
        .filter(payment::Column::BookingId.eq(id.get()))
        .order_by_asc(payment::Column::Id)
        .all(&txn)
        .await?;
    let refunded = crate::service::refunds::amounts_refunded(
        &txn,
        &payments.iter().map(|p| p.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut to_reissue = Vec::new();
    for p in payments {
        let docs = documents(&txn, p.id).await?;
        let Some(current) = current_invoice(&docs).cloned() else {
            continue;
        };
        if refunded.contains_key(&p.id) || billed(&docs) != current.total {
            return Err(BillingError::Refunded);
        }
        to_reissue.push((p, current));
    }
    billing_detail::Entity::insert(billing_detail::ActiveModel {
        booking_id: Set(id.get()),
        name: Set(details.name.clone()),
        company: Set(details.company.clone()),
        address: Set(details.address.clone()),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(billing_detail::Column::BookingId)
            .update_columns([
                billing_detail::Column::Name,
                billing_detail::Column::Company,
                billing_detail::Column::Address,
                billing_detail::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let op = operator(&txn).await?;
    let mut reissued = Vec::new();
    for (pay, current) in to_reissue {
        let Some(sale) = sale(&txn, PaymentId(pay.id)).await? else {
            continue;
        };
        let was = Content::of(&current);
        let rate = current.vat_rate_bp.and_then(|bp| VatRate::from_bp(bp).ok());
        let money = |m| Money::from_minor(m, pay.currency);
        let credit = Issue {
            kind: InvoiceKind::CreditNote,
            payment: &pay,
            booking_id: id.get(),
            gross: current.total,
            split: Some((current.net, current.vat)),
            rate,
            refers_to: Some(&current),
            content: Content {
                buyer: was.buyer.clone(),
                lines: vec![Line {
                    description: format!(
                        "Cancels invoice {}, issued again with corrected billing details",
                        current.number
                    ),
                    quantity: 1,
                    unit: money(current.total),
                    amount: money(current.total),
                }],
                settlement:
                    "Nothing is paid or refunded: the invoice issued with this note replaces it."
                        .to_owned(),
            },
        };
        write(&txn, &op, credit, now).await?;
        let again = Issue {
            kind: InvoiceKind::Invoice,
            payment: &pay,
            booking_id: id.get(),
            gross: current.total,
            split: Some((current.net, current.vat)),
            rate,
            refers_to: None,
            content: Content {
                buyer: buyer_lines(&sale.buyer_name(), sale.billing.as_ref()),
                lines: was.lines,
                settlement: was.settlement,
            },
        };
        reissued.push(write(&txn, &op, again, now).await?.number);
    }
    txn.commit().await?;
    Ok(BillingSaved { reissued })
}

/// Whether booking `id` is `member`'s.
pub async fn owns(db: &impl ConnectionTrait, member: UserId, id: BookingId) -> Result<bool, DbErr> {
    Ok(booking::Entity::find_by_id(id.get())
        .one(db)
        .await?
        .is_some_and(|b| b.user_id == member.get()))
}

/// The first instant of `year` and of the next, in UTC.
pub fn year_span(year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = |y: i32| {
        chrono::NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    };
    if !(2000..=9998).contains(&year) {
        return None;
    }
    Some((start(year)?, start(year + 1)?))
}
