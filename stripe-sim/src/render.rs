//! Records rendered as Stripe's JSON objects. Every field async-stripe
//! requires is present; optional ones Stripe sends as `null` are too, so
//! that payloads look like Stripe's own.

use super::model::{
    CardError, Charge, Coupon, EventRecord, PaymentIntent, Refund, Session, SessionStatus,
};
use serde_json::{Value, json};

/// The Stripe API version the simulator speaks: the one async-stripe
/// 1.0.0-rc.10 pins (`stripe_shared::version::VERSION`).
pub const API_VERSION: &str = "2026-09-30.endive";

/// The hosted page of a session.
pub(crate) fn hosted_url(public_base: &str, session_id: &str) -> String {
    format!("{public_base}/c/pay/{session_id}")
}

/// A `checkout.session` object; `url` (the hosted page under
/// `public_base`) only while it is open.
pub(crate) fn session(s: &Session, public_base: &str) -> Value {
    let open = s.status == SessionStatus::Open;
    let discounts: Vec<Value> = s
        .discount
        .iter()
        .map(|d| json!({ "coupon": d.coupon, "promotion_code": null }))
        .collect();
    let customer_details = s.payer_email.as_ref().map(|email| {
        json!({
            "address": null, "business_name": null, "email": email, "individual_name": null,
            "name": null, "phone": null, "tax_exempt": "none", "tax_ids": []
        })
    });
    let head = json!({
        "id": s.id,
        "object": "checkout.session",
        "adaptive_pricing": null,
        "after_expiration": null,
        "allow_promotion_codes": null,
        "amount_subtotal": s.amount_subtotal(),
        "amount_total": s.amount_total,
        "automatic_tax": { "enabled": false, "liability": null, "provider": null, "status": null },
        "billing_address_collection": null,
        "cancel_url": s.cancel_url,
        "client_reference_id": s.client_reference_id,
        "client_secret": null,
        "collected_information": null,
        "consent": null,
        "consent_collection": null,
        "created": s.created,
        "currency": s.currency,
        "currency_conversion": null,
        "custom_fields": [],
        "custom_text": {
            "after_submit": null, "shipping_address": null,
            "submit": s.submit_message.as_ref().map(|message| json!({ "message": message })),
            "terms_of_service_acceptance": null
        },
        "customer": null,
        "customer_account": null,
        "customer_creation": "if_required",
        "customer_details": customer_details,
        "customer_email": s.customer_email,
        "discounts": discounts,
    });
    let tail = json!({
        "expires_at": s.expires_at,
        "integration_identifier": null,
        "invoice": null,
        "invoice_creation": null,
        "livemode": false,
        "locale": s.locale,
        "managed_payments": null,
        "metadata": s.metadata,
        "mode": "payment",
        "origin_context": null,
        "payment_intent": s.payment_intent,
        "payment_link": null,
        "payment_method_collection": "if_required",
        "payment_method_configuration_details": null,
        "payment_method_options": {},
        "payment_method_types": s.methods(),
        "payment_status": if s.paid { "paid" } else { "unpaid" },
        "permissions": null,
        "phone_number_collection": { "enabled": false },
        "recovered_from": null,
        "saved_payment_method_options": null,
        "setup_intent": null,
        "shipping_address_collection": null,
        "shipping_cost": null,
        "shipping_options": [],
        "status": s.status.as_str(),
        "submit_type": null,
        "subscription": null,
        "success_url": s.success_url,
        "total_details": {
            "amount_discount": s.amount_discount(), "amount_shipping": 0, "amount_tax": 0
        },
        "ui_mode": "hosted_page",
        "url": open.then(|| hosted_url(public_base, &s.id)),
        "wallet_options": null,
    });
    merged(head, tail)
}

/// `total_details.breakdown` (only when expanded, as at Stripe): the
/// session's discount with the amount it took off; no taxes.
pub(crate) fn total_details_breakdown(s: &Session) -> Value {
    let discounts: Vec<Value> = s
        .discount
        .iter()
        .map(|d| json!({ "amount": d.amount, "discount": discount(s) }))
        .collect();
    json!({ "discounts": discounts, "taxes": [] })
}

/// The `discount` object of a session's coupon (`null` without one).
fn discount(s: &Session) -> Value {
    let Some(d) = &s.discount else {
        return Value::Null;
    };
    json!({
        "id": d.id,
        "object": "discount",
        "checkout_session": s.id,
        "customer": null,
        "customer_account": null,
        "end": null,
        "invoice": null,
        "invoice_item": null,
        "promotion_code": null,
        "source": { "coupon": d.coupon, "type": "coupon" },
        "start": s.created,
        "subscription": null,
        "subscription_item": null,
    })
}

/// A `coupon` object; `valid` as of `now`.
pub(crate) fn coupon(c: &Coupon, now: i64) -> Value {
    json!({
        "id": c.id,
        "object": "coupon",
        "amount_off": c.amount_off,
        "created": c.created,
        "currency": c.currency,
        "duration": c.duration.as_str(),
        "duration_in_months": c.duration_in_months,
        "livemode": false,
        "max_redemptions": c.max_redemptions,
        "metadata": c.metadata,
        "name": c.name,
        "percent_off": c.percent_off,
        "redeem_by": c.redeem_by,
        "times_redeemed": c.times_redeemed,
        "valid": c.valid(now),
    })
}

/// What `DELETE /v1/coupons/{id}` answers.
pub(crate) fn deleted_coupon(id: &str) -> Value {
    json!({ "id": id, "object": "coupon", "deleted": true })
}

/// `a` with `b`'s fields added (`json!` has a recursion limit, so large
/// objects are built in parts).
fn merged(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

/// A `list` of a session's line items (`GET …/line_items`, `expand[]=line_items`).
/// Each line carries its share of the session's discount.
pub(crate) fn line_items(s: &Session) -> Value {
    let data: Vec<Value> = s
        .line_items
        .iter()
        .zip(s.line_discounts())
        .map(|(item, discount)| {
            let subtotal = item.subtotal();
            json!({
                "id": item.id,
                "object": "item",
                "adjustable_quantity": null,
                "amount_discount": discount,
                "amount_subtotal": subtotal,
                "amount_tax": 0,
                "amount_total": subtotal - discount,
                "currency": s.currency,
                "description": item.name,
                "metadata": {},
                "price": price(s, item),
                "quantity": item.quantity,
            })
        })
        .collect();
    json!({
        "object": "list",
        "data": data,
        "has_more": false,
        "url": format!("/v1/checkout/sessions/{}/line_items", s.id),
    })
}

/// The ad hoc `price` Stripe makes for a line's `price_data` (inactive:
/// it serves that session only).
fn price(s: &Session, item: &super::model::LineItem) -> Value {
    json!({
        "id": item.price_id(),
        "object": "price",
        "active": false,
        "billing_scheme": "per_unit",
        "created": s.created,
        "currency": s.currency,
        "custom_unit_amount": null,
        "livemode": false,
        "lookup_key": null,
        "metadata": {},
        "nickname": null,
        "product": item.product_id(),
        "recurring": null,
        "tax_behavior": "unspecified",
        "tiers_mode": null,
        "transform_quantity": null,
        "type": "one_time",
        "unit_amount": item.unit_amount,
        "unit_amount_decimal": item.unit_amount.to_string(),
    })
}

/// A `payment_intent` object.
pub(crate) fn payment_intent(pi: &PaymentIntent) -> Value {
    json!({
        "id": pi.id,
        "object": "payment_intent",
        "amount": pi.amount,
        "amount_capturable": 0,
        "amount_details": { "tip": {} },
        "amount_received": if pi.status == super::model::IntentStatus::Succeeded { pi.amount } else { 0 },
        "application": null,
        "application_fee_amount": null,
        "automatic_payment_methods": null,
        "canceled_at": pi.canceled_at,
        "cancellation_reason": pi.canceled_at.map(|_| "abandoned"),
        "capture_method": "automatic_async",
        "client_secret": pi.client_secret,
        "confirmation_method": "automatic",
        "created": pi.created,
        "currency": pi.currency,
        "customer": null,
        "description": pi.description,
        "last_payment_error": pi.last_payment_error.as_ref().map(card_error),
        "latest_charge": pi.latest_charge,
        "livemode": false,
        "metadata": pi.metadata,
        "next_action": null,
        "on_behalf_of": null,
        "payment_method": pi.payment_method,
        "payment_method_configuration_details": null,
        "payment_method_types": if pi.payment_method_types.is_empty() {
            vec!["card".to_owned()]
        } else {
            pi.payment_method_types.clone()
        },
        "processing": null,
        "receipt_email": pi.receipt_email,
        "review": null,
        "setup_future_usage": null,
        "shipping": null,
        "source": null,
        "statement_descriptor": null,
        "statement_descriptor_suffix": null,
        "status": pi.status.as_str(),
        "transfer_data": null,
        "transfer_group": null,
    })
}

/// Stripe's error object for a failed payment (`last_payment_error`).
fn card_error(e: &CardError) -> Value {
    json!({
        "charge": e.charge,
        "code": e.code,
        "decline_code": e.decline_code,
        "doc_url": format!("https://stripe.com/docs/error-codes/{}", e.code.replace('_', "-")),
        "message": e.message,
        "payment_method_type": e.method_type.as_deref().unwrap_or("card"),
        "type": "card_error",
    })
}

/// A charge's `payment_method_details`: the card, or the debited account.
fn payment_method_details(c: &Charge) -> Value {
    match (&c.card, &c.sepa_debit) {
        (Some(card), _) => json!({
            "type": "card",
            "card": {
                "amount_authorized": if c.succeeded() { Some(c.amount) } else { None },
                "brand": card.brand,
                "country": "US",
                "exp_month": card.exp_month,
                "exp_year": card.exp_year,
                "funding": "credit",
                "last4": card.last4,
                "network": card.brand,
            }
        }),
        (None, Some(sepa)) => json!({
            "type": "sepa_debit",
            "sepa_debit": {
                "bank_code": sepa.bank_code,
                "branch_code": "",
                "country": sepa.country,
                "expected_debit_date": null,
                "fingerprint": sepa.fingerprint,
                "last4": sepa.last4,
                "mandate": sepa.mandate,
            }
        }),
        (None, None) => json!({ "type": "card", "card": null }),
    }
}

/// A charge's `status`: a direct debit is `pending` until the bank answers.
fn charge_status(c: &Charge) -> &'static str {
    if c.pending {
        "pending"
    } else if c.succeeded() {
        "succeeded"
    } else {
        "failed"
    }
}

/// A `charge` object.
pub(crate) fn charge(c: &Charge) -> Value {
    let failed = c.failure.as_ref();
    let head = json!({
        "id": c.id,
        "object": "charge",
        "amount": c.amount,
        "amount_captured": if c.succeeded() || c.pending { c.amount } else { 0 },
        "amount_refunded": c.amount_refunded,
        "application": null,
        "application_fee": null,
        "application_fee_amount": null,
        "balance_transaction": c.balance_transaction,
        "billing_details": {
            "address": {
                "city": null, "country": null, "line1": null, "line2": null,
                "postal_code": null, "state": null
            },
            "email": c.email, "name": null, "phone": null, "tax_id": null
        },
        "calculated_statement_descriptor": "TESSERA",
        "captured": c.succeeded() || c.pending,
        "created": c.created,
        "currency": c.currency,
        "customer": null,
        "description": c.description,
        "disputed": false,
        "failure_balance_transaction": null,
        "failure_code": failed.map(|f| &f.code),
        "failure_message": failed.map(|f| &f.message),
        "fraud_details": {},
    });
    let tail = json!({
        "livemode": false,
        "metadata": c.metadata,
        "on_behalf_of": null,
        "outcome": outcome(c),
        "paid": c.succeeded(),
        "payment_intent": c.payment_intent,
        "payment_method": c.payment_method(),
        "payment_method_details": payment_method_details(c),
        "receipt_email": c.email,
        "receipt_number": null,
        "receipt_url": null,
        "refunded": c.succeeded() && c.amount_refunded >= c.amount,
        "review": null,
        "shipping": null,
        "source": null,
        "source_transfer": null,
        "statement_descriptor": null,
        "statement_descriptor_suffix": null,
        "status": charge_status(c),
        "transfer_data": null,
        "transfer_group": null,
    });
    merged(head, tail)
}

fn outcome(c: &Charge) -> Value {
    if c.sepa_debit.is_some() {
        // A direct debit: no card network, no risk score.
        let (network_status, kind, seller_message) = match (&c.failure, c.pending) {
            (Some(_), _) => (
                "declined_by_network",
                "issuer_declined",
                "The bank returned the direct debit.",
            ),
            (None, true) => ("approved_by_network", "authorized", "Payment pending."),
            (None, false) => ("approved_by_network", "authorized", "Payment complete."),
        };
        return json!({
            "advice_code": null, "network_advice_code": null, "network_decline_code": null,
            "network_status": network_status, "reason": null, "risk_level": "not_assessed",
            "risk_score": null, "seller_message": seller_message, "type": kind
        });
    }
    match &c.failure {
        None => json!({
            "advice_code": null, "network_advice_code": null, "network_decline_code": null,
            "network_status": "approved_by_network", "reason": null, "risk_level": "normal",
            "risk_score": 32, "seller_message": "Payment complete.", "type": "authorized"
        }),
        Some(failure) => json!({
            "advice_code": "try_again_later", "network_advice_code": null,
            "network_decline_code": null, "network_status": "declined_by_network",
            "reason": failure.decline_code, "risk_level": "normal", "risk_score": 32,
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined"
        }),
    }
}

/// A `refund` object (card refunds succeed at once in test mode).
pub(crate) fn refund(r: &Refund) -> Value {
    json!({
        "id": r.id,
        "object": "refund",
        "amount": r.amount,
        "balance_transaction": r.balance_transaction,
        "charge": r.charge,
        "created": r.created,
        "currency": r.currency,
        "destination_details": match r.destination_type.as_deref() {
            Some("sepa_debit") => json!({ "sepa_debit": {}, "type": "sepa_debit" }),
            _ => json!({
                "card": { "reference_status": "pending", "reference_type": "acquirer_reference_number", "type": "refund" },
                "type": "card"
            }),
        },
        "metadata": r.metadata,
        "payment_intent": r.payment_intent,
        "reason": r.reason,
        "receipt_number": null,
        "source_transfer_reversal": null,
        "status": "succeeded",
        "transfer_reversal": null,
    })
}

/// An `event` object.
pub(crate) fn event(e: &EventRecord) -> Value {
    json!({
        "id": e.id,
        "object": "event",
        "api_version": API_VERSION,
        "created": e.created,
        "data": { "object": e.object },
        "livemode": false,
        "pending_webhooks": e.pending_webhooks,
        "request": { "id": e.request_id, "idempotency_key": e.idempotency_key },
        "type": e.kind,
    })
}

/// A list object, `{object: "list", data, has_more, url}`.
pub(crate) fn list(data: Vec<Value>, has_more: bool, url: &str) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}
