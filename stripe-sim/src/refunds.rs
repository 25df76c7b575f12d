//! Refunds of (part of) a successful charge, never beyond what was paid,
//! announced by `refund.created`, `charge.refunded` and `refund.updated`.

use super::error::ApiError;
use super::ids::new_id;
use super::model::{IntentStatus, Refund};
use super::money::format_amount;
use super::render;
use super::state::Effects;
use super::store::Store;

/// `POST /v1/refunds`, validated.
#[derive(Debug, Clone)]
pub(crate) struct NewRefund {
    /// The `payment_intent` or `charge` parameter, and which one it was.
    pub target: RefundTarget,
    pub amount: Option<i64>,
    pub reason: Option<String>,
    pub metadata: std::collections::BTreeMap<String, String>,
}

/// What a refund names.
#[derive(Debug, Clone)]
pub(crate) enum RefundTarget {
    PaymentIntent(String),
    Charge(String),
}

/// Refunds (part of) a successful charge: `refund.created`,
/// `charge.refunded`, `refund.updated`.
pub(crate) fn refund(store: &mut Store, new: NewRefund, fx: &Effects) -> Result<Refund, ApiError> {
    let charge_id = match &new.target {
        RefundTarget::Charge(id) => store
            .charge(id)
            .map(|c| c.id.clone())
            .ok_or_else(|| ApiError::missing_reference("charge", id, "charge"))?,
        RefundTarget::PaymentIntent(id) => {
            let intent = store.payment_intent(id).ok_or_else(|| {
                ApiError::missing_reference("payment_intent", id, "payment_intent")
            })?;
            match (&intent.status, &intent.latest_charge) {
                (IntentStatus::Succeeded, Some(charge)) => charge.clone(),
                _ => {
                    return Err(ApiError::invalid(
                        "payment_intent",
                        format!(
                            "This PaymentIntent ({id}) does not have a successful charge to refund."
                        ),
                    )
                    .executed());
                }
            }
        }
    };
    let charge = store
        .charge_mut(&charge_id)
        .ok_or_else(|| ApiError::missing_reference("charge", &charge_id, "charge"))?;
    if !charge.succeeded() {
        return Err(ApiError::invalid(
            "charge",
            format!("Charge {charge_id} has not succeeded and cannot be refunded."),
        )
        .executed());
    }
    let remaining = charge.amount - charge.amount_refunded;
    if remaining <= 0 {
        return Err(ApiError::with_code(
            "charge_already_refunded",
            None,
            format!("Charge {charge_id} has already been refunded."),
        )
        .executed());
    }
    let amount = new.amount.unwrap_or(remaining);
    if amount < 1 {
        return Err(ApiError::with_code(
            "parameter_invalid_integer",
            Some("amount"),
            "This value must be greater than or equal to 1.",
        ));
    }
    if amount > remaining {
        return Err(ApiError::invalid(
            "amount",
            format!(
                "Refund amount ({}) is greater than unrefunded amount on charge ({})",
                format_amount(amount, &charge.currency),
                format_amount(remaining, &charge.currency)
            ),
        )
        .executed());
    }
    charge.amount_refunded += amount;
    let destination_type = charge.sepa_debit.as_ref().map(|_| "sepa_debit".to_owned());
    let charge_json = render::charge(charge);
    let refund = Refund {
        id: new_id("re"),
        created: fx.now(),
        amount,
        currency: charge.currency.clone(),
        charge: charge.id.clone(),
        payment_intent: charge.payment_intent.clone(),
        reason: new.reason,
        metadata: new.metadata,
        balance_transaction: new_id("txn"),
        destination_type,
    };
    let refund_json = render::refund(&refund);
    store.refunds.push(refund.clone());
    store.emit("refund.created", refund_json.clone(), fx);
    store.emit("charge.refunded", charge_json, fx);
    store.emit("refund.updated", refund_json, fx);
    Ok(refund)
}
