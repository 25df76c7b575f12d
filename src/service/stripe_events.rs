//! Stripe's events, applied exactly once in effect: the event id is
//! inserted in the same transaction as the change it causes, so a
//! redelivery (or the same event on two connections at once) changes
//! nothing the second time. The webhook route verifies the signature and
//! calls [`apply`].

use crate::entity::stripe_event;
use crate::service::fulfil::{self, Fulfilment};
use crate::service::payments::{SessionFacts, StripeGateway};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use stripe_webhook::{Event, EventObject};

/// The longest event id and type `stripe_events` holds (Stripe's are far
/// shorter).
const MAX_ID_CHARS: usize = 255;
const MAX_TYPE_CHARS: usize = 100;

/// Whether a verified, typed event can be stored. Stripe never sends
/// U+0000 or overlong ids and types; PostgreSQL cannot store them, so they
/// would fail as a database error (500, retried for days): the webhook
/// answers 400 instead. JSON can carry U+0000 only as the escape `\u0000`.
pub fn storable(body: &str, event: &Event) -> bool {
    event.id.as_str().chars().count() <= MAX_ID_CHARS
        && event.type_.as_str().chars().count() <= MAX_TYPE_CHARS
        && !body.contains("\\u0000")
}

/// The result of applying one event.
#[derive(Debug)]
pub enum Applied {
    /// Seen before: nothing done.
    Duplicate,
    /// Applied (the fulfilment outcome, for follow-up work).
    Done(Fulfilment),
}

/// Records `e` as being applied; answers false when it was recorded before.
async fn record_event(db: &impl ConnectionTrait, e: &Event) -> Result<bool, DbErr> {
    let row = stripe_event::ActiveModel {
        id: Set(e.id.as_str().to_owned()),
        event_type: Set(e.type_.as_str().to_owned()),
        created: Set(e.created),
        received_at: Set(Utc::now()),
        outcome: Set("processing".to_owned()),
    };
    let inserted = stripe_event::Entity::insert(row)
        .on_conflict(
            OnConflict::column(stripe_event::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// Records the event and applies it, in one transaction; a refund it made
/// owed is asked of Stripe after commit.
#[tracing::instrument(name = "stripe_event", skip_all, fields(event_id = %event.id, event_type = %event.type_))]
pub async fn apply(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    event: &Event,
) -> Result<Applied, DbErr> {
    let now = Utc::now();
    let kind = event.type_.as_str().to_owned();
    let txn = db.begin().await?;
    // First statement is the insert: on SQLite it takes the write lock at
    // once; on PostgreSQL a concurrent twin waits here, then finds the row.
    if !record_event(&txn, event).await? {
        txn.rollback().await?;
        metrics::counter!("tessera_webhook_events_total", "type" => kind, "outcome" => "duplicate")
            .increment(1);
        return Ok(Applied::Duplicate);
    }
    let mut fulfilment = Fulfilment::Unknown;
    let outcome: &str = match &event.data.object {
        EventObject::CheckoutSessionCompleted(session)
        | EventObject::CheckoutSessionAsyncPaymentSucceeded(session) => {
            let facts = SessionFacts::from((**session).clone());
            fulfilment = fulfil::fulfil_checkout(&txn, &facts, now).await?;
            fulfilment.outcome()
        }
        EventObject::CheckoutSessionAsyncPaymentFailed(session) => {
            let facts = SessionFacts::from((**session).clone());
            fulfil::fail_delayed_session(&txn, &facts, now)
                .await?
                .as_str()
        }
        EventObject::CheckoutSessionExpired(session) => {
            let facts = SessionFacts::from((**session).clone());
            fulfil::expire_checkout(&txn, &facts.id, facts.payment_id, now)
                .await?
                .as_str()
        }
        EventObject::PaymentIntentPaymentFailed(intent) => {
            let error = intent.last_payment_error.as_deref();
            let code = error
                .and_then(|e| e.decline_code.clone())
                .or_else(|| {
                    error
                        .and_then(|e| e.code.as_ref())
                        .map(|c| c.as_str().to_owned())
                })
                .unwrap_or_else(|| "payment_failed".to_owned());
            let message = error
                .and_then(|e| e.message.clone())
                .unwrap_or_else(|| "The payment was declined.".to_owned());
            let payment_id = intent
                .metadata
                .get("payment_id")
                .and_then(|p| p.parse().ok());
            // A card is declined while the person is on the page; a
            // delayed-notification method (SEPA Direct Debit) fails days
            // after the session completed.
            let delayed = error
                .and_then(|e| e.payment_method_type.as_deref())
                .is_some_and(|t| fulfil::DELAYED_METHODS.contains(&t));
            fulfil::record_failure(
                &txn,
                payment_id,
                intent.id.as_str(),
                &code,
                &message,
                delayed,
                now,
            )
            .await?
            .as_str()
        }
        EventObject::ChargeRefunded(charge) => {
            let pi = charge
                .payment_intent
                .as_ref()
                .map(|p| p.id().as_str())
                .unwrap_or_default();
            // The booking, then the payment, as every writer takes them:
            // a billing correction on the same booking waits its turn.
            fulfil::lock_payment(
                &txn,
                crate::entity::payment::Column::StripePaymentIntentId.eq(pi),
                now,
            )
            .await?;
            // What Stripe has refunded in all, from Tessera or its
            // dashboard: later seat refunds are capped by what is left.
            crate::service::refunds::record_amount_refunded(&txn, pi, charge.amount_refunded, now)
                .await?;
            crate::service::invoices::credit_refunds(&txn, pi, charge.amount_refunded, now).await?;
            if charge.refunded {
                fulfil::record_refund(&txn, pi, now).await?.as_str()
            } else {
                "partial_refund"
            }
        }
        EventObject::RefundCreated(refund) | EventObject::RefundUpdated(refund)
            if refund.status.as_deref() == Some("succeeded") =>
        {
            // Partial refunds leave the booking alone; a full one arrives as charge.refunded too.
            "refund_noted"
        }
        _ => "ignored",
    };
    stripe_event::Entity::update_many()
        .col_expr(stripe_event::Column::Outcome, Expr::value(outcome))
        .filter(stripe_event::Column::Id.eq(event.id.as_str()))
        .exec(&txn)
        .await?;
    let fulfilment = fulfil::commit_completion(txn, db, gateway, fulfilment, now).await?;
    tracing::info!(event_id = %event.id, %kind, %outcome, "stripe event applied");
    metrics::counter!("tessera_webhook_events_total", "type" => kind, "outcome" => outcome)
        .increment(1);
    Ok(Applied::Done(fulfilment))
}
