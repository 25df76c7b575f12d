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
}

/// Writes one invoice or credit note of `gross` for `sale`.
#[allow(clippy::too_many_arguments)]
async fn write(
    db: &impl ConnectionTrait,
    op: &OperatorDetails,
    sale: &Sale,
    kind: InvoiceKind,
    gross: i64,
    rate: Option<VatRate>,
    refers_to: Option<&invoice::Model>,
    correction: bool,
    now: DateTime<Utc>,
) -> Result<invoice::Model, DbErr> {
    let number = take_number(db, &op.invoice_prefix, now).await?;
    let (net, vat) = rate.map_or((gross, 0), |r| r.split(gross));
    let money = |m| Money::from_minor(m, sale.pay.currency);
    let buyer_name = sale.buyer_name();
    let lines = match (kind, refers_to) {
        (InvoiceKind::Invoice, _) => lines_of(&sale.pay, &sale.booking, &sale.course),
        (InvoiceKind::CreditNote, Some(inv)) => vec![Line {
            description: if gross == inv.total && correction {
                format!(
                    "Cancels invoice {}, issued again with corrected billing details",
                    inv.number
                )
            } else {
                format!("Refund on invoice {}", inv.number)
            },
            quantity: 1,
            unit: money(gross),
            amount: money(gross),
        }],
        (InvoiceKind::CreditNote, None) => Vec::new(),
    };
    let settlement = match kind {
        InvoiceKind::Invoice => format!(
            "Paid online through Stripe on {}. Booking reference {}.",
            day(sale.pay.updated_at.min(now)),
            BookingId(sale.booking.id).reference()
        ),
        InvoiceKind::CreditNote => {
            "Refunded to the means of payment used, through Stripe.".to_owned()
        }
    };
    let pdf = invoice_pdf::render(&Document {
        kind,
        number: number.clone(),
        issued_on: day(now),
        seller: seller_lines(op),
        buyer: buyer_lines(&buyer_name, sale.billing.as_ref()),
        booking: format!("Booking {}", BookingId(sale.booking.id).reference()),
        refers_to: refers_to.map(|i| i.number.clone()),
        lines,
        net: money(net),
        vat: money(vat),
        vat_rate: rate,
        exempt_note: if rate.is_none() {
            op.vat_exempt_note.clone()
        } else {
            None
        },
        total: money(gross),
        settlement,
    });
    let row = invoice::ActiveModel {
        number: Set(number),
        kind: Set(kind.as_str().to_owned()),
        payment_id: Set(sale.pay.id),
        booking_id: Set(sale.booking.id),
        refers_to: Set(refers_to.map(|i| i.id)),
        issued_at: Set(now),
        currency: Set(sale.pay.currency.stripe_code().to_owned()),
        total: Set(gross),
        net: Set(net),
        vat: Set(vat),
        vat_rate_bp: Set(rate.map(VatRate::bp)),
        buyer_name: Set(buyer_name),
        pdf: Set(pdf),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(number = %row.number, kind = %row.kind, payment_id = sale.pay.id, total = gross, "invoice issued");
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
    let rate = sale.rate(&op);
    write(
        db,
        &op,
        &sale,
        InvoiceKind::Invoice,
        sale.pay.amount,
        rate,
        None,
        false,
        now,
    )
    .await
    .map(Some)
}

/// Stripe reports `amount_refunded` in all on the payment with intent
/// `payment_intent` (already recorded): a credit note for what went back
/// and is not credited yet, inside the caller's transaction.
pub async fn credit_refunds(
    db: &impl ConnectionTrait,
    payment_intent: &str,
    amount_refunded: i64,
    now: DateTime<Utc>,
) -> Result<Option<invoice::Model>, DbErr> {
    // The payment's row lock orders two reports of the same payment.
    payment::Entity::update_many()
        .col_expr(
            payment::Column::UpdatedAt,
            Expr::col(payment::Column::UpdatedAt).into(),
        )
        .filter(payment::Column::StripePaymentIntentId.eq(payment_intent))
        .exec(db)
        .await?;
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
    let op = operator(db).await?;
    let Some(sale) = sale(db, PaymentId(pay.id)).await? else {
        return Ok(None);
    };
    let rate = invoice.vat_rate_bp.and_then(|bp| VatRate::from_bp(bp).ok());
    write(
        db,
        &op,
        &sale,
        InvoiceKind::CreditNote,
        owed,
        rate,
        Some(&invoice),
        false,
        now,
    )
    .await
    .map(Some)
}

fn summary(
    row: &invoice::Model,
    numbers: &std::collections::HashMap<i64, String>,
) -> InvoiceSummary {
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
    rows: &[invoice::Model],
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
    let rows = invoice::Entity::find()
        .filter(invoice::Column::BookingId.eq(id.get()))
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await?;
    summaries(db, &rows).await
}

/// Every document issued in `[from, to)`, oldest first: the bookkeeper's list.
pub async fn issued_between(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<InvoiceSummary>, DbErr> {
    let rows = invoice::Entity::find()
        .filter(invoice::Column::IssuedAt.gte(from))
        .filter(invoice::Column::IssuedAt.lt(to))
        .order_by_asc(invoice::Column::Id)
        .all(db)
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
/// issued again with the new details.
pub async fn save_billing<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    member: UserId,
    id: BookingId,
    details: &BillingDetails,
    now: DateTime<Utc>,
) -> Result<BillingSaved, BillingError> {
    let txn = db.begin().await?;
    // The booking's row lock orders this against its payment's webhook.
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
    for p in &payments {
        let docs = documents(&txn, p.id).await?;
        let Some(current) = current_invoice(&docs).cloned() else {
            continue;
        };
        if refunded.contains_key(&p.id) || billed(&docs) != current.total {
            return Err(BillingError::Refunded);
        }
        // The credit note names the buyer as the invoice did.
        if let Some(before) = sale(&txn, PaymentId(p.id)).await? {
            to_reissue.push((p.id, current, before));
        }
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
    for (payment_id, current, before) in to_reissue {
        let rate = current.vat_rate_bp.and_then(|bp| VatRate::from_bp(bp).ok());
        write(
            &txn,
            &op,
            &before,
            InvoiceKind::CreditNote,
            current.total,
            rate,
            Some(&current),
            true,
            now,
        )
        .await?;
        let Some(after) = sale(&txn, PaymentId(payment_id)).await? else {
            continue;
        };
        let again = write(
            &txn,
            &op,
            &after,
            InvoiceKind::Invoice,
            current.total,
            rate,
            None,
            false,
            now,
        )
        .await?;
        reissued.push(again.number);
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
