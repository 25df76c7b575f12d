//! Stripe's events, applied exactly once in effect: the event id is
//! inserted in the same transaction as the change it causes, so a
//! redelivery (or the same event on two connections at once) changes
//! nothing the second time. The webhook route verifies the signature and
//! calls [`apply`].

use crate::service::fulfil::{self, Fulfilment};
use crate::service::payments::{SessionFacts, StripeGateway};
use crate::service::sql;
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};
use serde_json::Value;

/// The parts of an event Tessera reads.
#[derive(Debug, Clone)]
pub struct ParsedEvent {
    /// `evt_…`.
    pub id: String,
    /// `checkout.session.completed`, …
    pub kind: String,
    /// Stripe's `created`.
    pub created: i64,
    /// `data.object`.
    pub object: Value,
}

/// The longest event id and type `stripe_events` holds (Stripe's are far
/// shorter).
const MAX_ID_CHARS: usize = 255;
const MAX_TYPE_CHARS: usize = 100;

/// Parses an event body; `None` when it is not a Stripe event. Stripe never
/// sends U+0000 or overlong ids and types; PostgreSQL cannot store them, so
/// they would fail as a database error (500, retried for days): refused
/// here instead.
pub fn parse_event(body: &[u8]) -> Option<ParsedEvent> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let id = v.get("id")?.as_str()?;
    let kind = v.get("type")?.as_str()?;
    if id.chars().count() > MAX_ID_CHARS || kind.chars().count() > MAX_TYPE_CHARS || holds_nul(&v) {
        return None;
    }
    Some(ParsedEvent {
        id: id.to_owned(),
        kind: kind.to_owned(),
        created: v.get("created").and_then(Value::as_i64).unwrap_or(0),
        object: v.get("data")?.get("object")?.clone(),
    })
}

/// Whether any string or key holds U+0000 (serde_json's recursion limit
/// bounds the depth).
fn holds_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// The result of applying one event.
#[derive(Debug)]
pub enum Applied {
    /// Seen before: nothing done.
    Duplicate,
    /// Applied (the fulfilment outcome, for follow-up work).
    Done(Fulfilment),
}

fn insert_event(db: &impl ConnectionTrait, e: &ParsedEvent) -> Statement {
    sql(
        db,
        "INSERT INTO stripe_events (id, event_type, created, received_at, outcome) \
         VALUES (?, ?, ?, ?, 'processing') ON CONFLICT (id) DO NOTHING",
        vec![
            e.id.clone().into(),
            e.kind.clone().into(),
            e.created.into(),
            Utc::now().into(),
        ],
    )
}

/// Records the event and applies it, in one transaction; a refund it made
/// owed is asked of Stripe after commit.
#[tracing::instrument(name = "stripe_event", skip_all, fields(event_id = %event.id, event_type = %event.kind))]
pub async fn apply(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    event: &ParsedEvent,
) -> Result<Applied, DbErr> {
    let now = Utc::now();
    let txn = db.begin().await?;
    // First statement is the insert: on SQLite it takes the write lock at
    // once; on PostgreSQL a concurrent twin waits here, then finds the row.
    if txn
        .execute(insert_event(&txn, event))
        .await?
        .rows_affected()
        == 0
    {
        txn.rollback().await?;
        metrics::counter!("tessera_webhook_events_total", "type" => event.kind.clone(), "outcome" => "duplicate").increment(1);
        return Ok(Applied::Duplicate);
    }
    let o = &event.object;
    let s = |k: &str| {
        o.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut fulfilment = Fulfilment::Unknown;
    let outcome: String = match event.kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            match SessionFacts::from_json(o) {
                Some(facts) => {
                    fulfilment = fulfil::fulfil_checkout(&txn, &facts, now).await?;
                    fulfilment.outcome().to_owned()
                }
                None => "malformed".to_owned(),
            }
        }
        "checkout.session.async_payment_failed" => match SessionFacts::from_json(o) {
            Some(facts) => fulfil::fail_delayed_session(&txn, &facts, now)
                .await?
                .as_str()
                .to_owned(),
            None => "malformed".to_owned(),
        },
        "checkout.session.expired" => match SessionFacts::from_json(o) {
            Some(facts) => fulfil::expire_checkout(&txn, &facts.id, facts.payment_id, now)
                .await?
                .as_str()
                .to_owned(),
            None => "malformed".to_owned(),
        },
        "payment_intent.payment_failed" => {
            let err = o.get("last_payment_error");
            let field = |k: &str| {
                err.and_then(|e| e.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let code = field("decline_code")
                .or_else(|| field("code"))
                .unwrap_or_else(|| "payment_failed".to_owned());
            let message =
                field("message").unwrap_or_else(|| "The payment was declined.".to_owned());
            let pid = o
                .get("metadata")
                .and_then(|m| m.get("payment_id"))
                .and_then(Value::as_str)
                .and_then(|p| p.parse().ok());
            // A card is declined while the person is on the page; a
            // delayed-notification method (SEPA Direct Debit) fails days
            // after the session completed.
            let delayed = field("payment_method_type")
                .is_some_and(|t| fulfil::DELAYED_METHODS.contains(&t.as_str()));
            fulfil::record_failure(&txn, pid, &s("id"), &code, &message, delayed, now)
                .await?
                .as_str()
                .to_owned()
        }
        "charge.refunded" => {
            let pi = s("payment_intent");
            let fully = o.get("refunded").and_then(Value::as_bool).unwrap_or(false);
            // What Stripe has refunded in all, from Tessera or its
            // dashboard: later seat refunds are capped by what is left.
            if let Some(total) = o.get("amount_refunded").and_then(Value::as_i64) {
                crate::service::refunds::record_amount_refunded(&txn, &pi, total, now).await?;
            }
            if fully {
                fulfil::record_refund(&txn, &pi, now)
                    .await?
                    .as_str()
                    .to_owned()
            } else {
                "partial_refund".to_owned()
            }
        }
        "refund.updated" | "refund.created" if s("status") == "succeeded" => {
            // Partial refunds leave the booking alone; a full one arrives as charge.refunded too.
            "refund_noted".to_owned()
        }
        _ => "ignored".to_owned(),
    };
    txn.execute(sql(
        &txn,
        "UPDATE stripe_events SET outcome = ? WHERE id = ?",
        vec![outcome.clone().into(), event.id.clone().into()],
    ))
    .await?;
    let fulfilment = fulfil::commit_completion(txn, db, gateway, fulfilment, now).await?;
    tracing::info!(event_id = %event.id, kind = %event.kind, %outcome, "stripe event applied");
    metrics::counter!("tessera_webhook_events_total", "type" => event.kind.clone(), "outcome" => outcome).increment(1);
    Ok(Applied::Done(fulfilment))
}
