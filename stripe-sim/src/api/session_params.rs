//! Validating `POST /v1/checkout/sessions` as Stripe does: mode `payment`,
//! `price_data` line items in one currency, at most one coupon
//! (`discounts`), `expires_at` 30 minutes to 24 hours ahead, well-formed
//! email and URLs, and no unknown parameters.

use crate::error::ApiError;
use crate::form::{Form, looks_like_email};
use crate::ids::new_id;
use crate::model::{AppliedDiscount, LineItem, Session, SessionStatus};
use crate::money::format_amount;
use crate::store::Store;

/// Stripe's window for `expires_at`: 30 minutes to 24 hours ahead.
const MIN_EXPIRY_SECS: i64 = 30 * 60;
const MAX_EXPIRY_SECS: i64 = 24 * 60 * 60;

const CREATE_PARAMS: &[&str] = &[
    "mode",
    "line_items",
    "client_reference_id",
    "customer_email",
    "metadata",
    "success_url",
    "cancel_url",
    "expires_at",
    "payment_intent_data",
    "payment_method_types",
    "ui_mode",
    "expand",
    "custom_text",
    "discounts",
    "locale",
];

/// The languages Checkout's page can be shown in (Stripe's `locale` enum).
const LOCALES: &[&str] = &[
    "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr",
    "fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt",
    "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK", "zh-TW",
];

/// Stripe's longest `custom_text` message.
const MAX_CUSTOM_TEXT_CHARS: usize = 1200;

/// Validates a create request as Stripe does and builds the open session;
/// a coupon in `discounts` is looked up in `store`.
pub(crate) fn new_session(form: &Form, now: i64, store: &Store) -> Result<Session, ApiError> {
    form.only(CREATE_PARAMS)?;
    match form.field("mode").req_str()? {
        "payment" => {}
        "setup" | "subscription" => {
            return Err(ApiError::invalid(
                "mode",
                "The Stripe simulator supports only mode=payment.",
            ));
        }
        other => {
            return Err(ApiError::invalid(
                "mode",
                format!(
                    "Invalid mode: must be one of payment, setup, or subscription (got '{other}')"
                ),
            ));
        }
    }
    // The API version async-stripe pins (2026-09-30) names the hosted page
    // `hosted_page`; `hosted` is its name before 2026-03-25.
    if let Some(ui_mode) = form.field("ui_mode").opt_str()?
        && ui_mode != "hosted_page"
    {
        return Err(ApiError::invalid(
            "ui_mode",
            "The Stripe simulator supports only ui_mode=hosted_page.",
        ));
    }
    let mut requested: Vec<String> = Vec::new();
    for kind in form.field("payment_method_types").list()? {
        let name = kind.req_str()?;
        if !SUPPORTED_METHODS.contains(&name) {
            return Err(ApiError::invalid(
                kind.name(),
                "The Stripe simulator supports only the `card` and `sepa_debit` payment method types.",
            ));
        }
        if !requested.iter().any(|r| r == name) {
            requested.push(name.to_owned());
        }
    }
    let (currency, line_items) = line_items_of(form)?;
    let payment_method_types = methods_for(requested, &currency)?;
    let amount_subtotal = line_items.iter().try_fold(0i64, |sum, item| {
        item.unit_amount
            .checked_mul(item.quantity)
            .and_then(|line| sum.checked_add(line))
            .filter(|total| *total <= 99_999_999)
            .ok_or_else(|| {
                ApiError::with_code(
                    "amount_too_large",
                    Some("line_items"),
                    "Amount must be no more than 999,999.99",
                )
            })
    })?;
    let discount = discount_of(form, store, &currency, amount_subtotal, now)?;
    let amount_total = amount_subtotal - discount.as_ref().map_or(0, |d| d.amount);
    if amount_total == 0 && discount.is_some() {
        return Err(ApiError::invalid(
            "discounts",
            "The Stripe simulator does not support Checkout Sessions whose discount brings the \
             total to 0 (Stripe completes those without a payment).",
        ));
    }
    check_minimum(amount_total, &currency)?;
    let expires_at = match form.field("expires_at").opt_i64()? {
        None => now + MAX_EXPIRY_SECS,
        Some(at) if at < now + MIN_EXPIRY_SECS => {
            return Err(ApiError::invalid(
                "expires_at",
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
            ));
        }
        Some(at) if at > now + MAX_EXPIRY_SECS => {
            return Err(ApiError::invalid(
                "expires_at",
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
            ));
        }
        Some(at) => at,
    };
    let client_reference_id = form.field("client_reference_id").opt_str()?;
    if client_reference_id.is_some_and(|id| id.chars().count() > 200) {
        return Err(ApiError::invalid(
            "client_reference_id",
            "client_reference_id must be at most 200 characters.",
        ));
    }
    let customer_email = form.field("customer_email").opt_str()?;
    if let Some(email) = customer_email
        && !looks_like_email(email)
    {
        return Err(ApiError::with_code(
            "email_invalid",
            Some("customer_email"),
            format!("Invalid email address: {email}"),
        ));
    }
    let intent_data = form.field("payment_intent_data");
    intent_data.only(&["description", "metadata"])?;
    let custom_text = form.field("custom_text");
    custom_text.only(&["submit"])?;
    let submit = custom_text.key("submit");
    submit.only(&["message"])?;
    let submit_message = submit.key("message").opt_str()?;
    if submit_message.is_some_and(|m| m.chars().count() > MAX_CUSTOM_TEXT_CHARS) {
        return Err(ApiError::invalid(
            "custom_text[submit][message]",
            "custom_text[submit][message] must be at most 1200 characters.",
        ));
    }
    let locale = form.field("locale").opt_str()?;
    if let Some(locale) = locale
        && !LOCALES.contains(&locale)
    {
        return Err(ApiError::invalid(
            "locale",
            format!("Invalid locale: must be one of {}", LOCALES.join(", ")),
        ));
    }
    Ok(Session {
        id: new_id("cs_test"),
        created: now,
        expires_at,
        status: SessionStatus::Open,
        paid: false,
        currency,
        amount_total,
        line_items,
        client_reference_id: client_reference_id.map(str::to_owned),
        customer_email: customer_email.map(str::to_owned),
        payer_email: None,
        metadata: form.field("metadata").string_map()?,
        success_url: url_param(form, "success_url")?,
        cancel_url: url_param(form, "cancel_url")?,
        payment_intent: None,
        intent_metadata: intent_data.key("metadata").string_map()?,
        intent_description: intent_data.key("description").opt_str()?.map(str::to_owned),
        payment_method_types,
        submit_message: submit_message.map(str::to_owned),
        discount,
        locale: locale.map(str::to_owned),
    })
}

/// `discounts[0][coupon]`: at most one discount, a coupon (promotion codes
/// are not simulated) that exists, is still valid and, when it takes a
/// fixed amount off, is in the session's currency. What it takes off
/// `subtotal`.
fn discount_of(
    form: &Form,
    store: &Store,
    currency: &str,
    subtotal: i64,
    now: i64,
) -> Result<Option<AppliedDiscount>, ApiError> {
    let entries = form.field("discounts").list()?;
    let Some(entry) = entries.first() else {
        return Ok(None);
    };
    if entries.len() > 1 {
        return Err(ApiError::invalid(
            "discounts",
            "You may only specify one discount: a Checkout Session takes at most one coupon or \
             promotion code.",
        ));
    }
    entry.only(&["coupon", "promotion_code"])?;
    if entry.key("promotion_code").is_present() {
        return Err(ApiError::invalid(
            &format!("{}[promotion_code]", entry.name()),
            "Promotion codes are not supported by the Stripe simulator; apply the coupon itself \
             with `discounts[0][coupon]`.",
        ));
    }
    let field = entry.key("coupon");
    let id = field.req_str()?;
    let coupon = store
        .coupon(id)
        .ok_or_else(|| ApiError::missing_reference("coupon", id, field.name()))?;
    if coupon.expired(now) {
        return Err(ApiError::with_code(
            "coupon_expired",
            Some(field.name()),
            format!("This coupon has expired and is no longer valid: '{id}'."),
        ));
    }
    if coupon.used_up() {
        return Err(ApiError::with_code(
            "coupon_expired",
            Some(field.name()),
            format!(
                "This coupon is no longer valid: '{id}' has been redeemed its maximum number of \
                 times ({}).",
                coupon.times_redeemed
            ),
        ));
    }
    if coupon.amount_off.is_some()
        && let Some(coupon_currency) = coupon.currency.as_deref()
        && coupon_currency != currency
    {
        return Err(ApiError::invalid(
            field.name(),
            format!(
                "The coupon '{id}' takes an amount off in {coupon_currency}, but this Checkout \
                 Session is in {currency}: an amount_off coupon applies only to sessions in its \
                 own currency."
            ),
        ));
    }
    Ok(Some(AppliedDiscount {
        id: new_id("di"),
        coupon: coupon.id.clone(),
        label: coupon.name.clone().unwrap_or_else(|| coupon.id.clone()),
        amount: coupon.discount_on(subtotal),
    }))
}

/// The payment method types the simulator can take.
const SUPPORTED_METHODS: &[&str] = &["card", "sepa_debit"];

/// What the session offers: the requested types, each checked against the
/// currency (SEPA Direct Debit is EUR only); without a request, what
/// Stripe's dynamic payment methods would show: card, and SEPA Direct Debit
/// for EUR.
fn methods_for(requested: Vec<String>, currency: &str) -> Result<Vec<String>, ApiError> {
    if requested.is_empty() {
        let mut methods = vec!["card".to_owned()];
        if currency == "eur" {
            methods.push("sepa_debit".to_owned());
        }
        return Ok(methods);
    }
    if currency != "eur" && requested.iter().any(|m| m == "sepa_debit") {
        return Err(ApiError::invalid(
            "payment_method_types",
            format!(
                "The currency provided ({currency}) is invalid for one or more payment method types \
                 on this Checkout Session. Payment method types that support {currency}: card."
            ),
        ));
    }
    Ok(requested)
}

/// `line_items[n][price_data][currency|unit_amount|product_data][name]`
/// and `line_items[n][quantity]`; all in one currency.
fn line_items_of(form: &Form) -> Result<(String, Vec<LineItem>), ApiError> {
    let items = form.field("line_items").list()?;
    if items.is_empty() {
        return Err(ApiError::missing("line_items"));
    }
    let mut currency: Option<String> = None;
    let mut parsed = Vec::with_capacity(items.len());
    for item in items {
        item.only(&["price", "price_data", "quantity"])?;
        if let Some(price) = item.key("price").opt_str()? {
            let param = format!("{}[price]", item.name());
            return Err(ApiError::missing_reference("price", price, &param));
        }
        let price_data = item.key("price_data");
        if !price_data.is_present() {
            return Err(ApiError::missing(&format!("{}[price_data]", item.name())));
        }
        price_data.only(&["currency", "unit_amount", "product_data"])?;
        let item_currency = price_data.key("currency").req_str()?.to_ascii_lowercase();
        if !crate::money::SUPPORTED.contains(&item_currency.as_str()) {
            return Err(ApiError::invalid(
                &format!("{}[currency]", price_data.name()),
                format!(
                    "Invalid currency: {item_currency}. Stripe currently supports these currencies: {}",
                    crate::money::SUPPORTED.join(", ")
                ),
            ));
        }
        match &currency {
            None => currency = Some(item_currency),
            Some(first) if *first == item_currency => {}
            Some(_) => {
                return Err(ApiError::invalid(
                    "line_items",
                    "All line items in a Checkout Session must use the same currency.",
                ));
            }
        }
        let unit_amount = price_data.key("unit_amount");
        let unit_amount_value = unit_amount.req_i64()?;
        if unit_amount_value < 0 {
            return Err(ApiError::invalid(
                unit_amount.name(),
                "This value must be greater than or equal to 0.",
            ));
        }
        let product = price_data.key("product_data");
        product.only(&["name", "description"])?;
        let quantity = item.key("quantity");
        let quantity_value = quantity.req_i64()?;
        if !(1..=999_999).contains(&quantity_value) {
            return Err(ApiError::invalid(
                quantity.name(),
                "Quantity must be between 1 and 999,999.",
            ));
        }
        parsed.push(LineItem {
            id: new_id("li"),
            name: product.key("name").req_str()?.to_owned(),
            unit_amount: unit_amount_value,
            quantity: quantity_value,
            price: new_id("price"),
            product: new_id("prod"),
        });
    }
    let currency = currency.ok_or_else(|| ApiError::missing("line_items"))?;
    Ok((currency, parsed))
}

/// Stripe's minimum charge amounts for the common currencies.
fn check_minimum(amount_total: i64, currency: &str) -> Result<(), ApiError> {
    let minimum = match currency {
        "usd" | "eur" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "jpy" => 50,
        "gbp" => 30,
        _ => 1,
    };
    if amount_total < minimum {
        return Err(ApiError::invalid(
            "line_items",
            format!(
                "The Checkout Session's total amount due must add up to at least {}.",
                format_amount(minimum, currency)
            ),
        ));
    }
    Ok(())
}

/// An optional `http(s)://` URL parameter.
fn url_param(form: &Form, param: &str) -> Result<Option<String>, ApiError> {
    let url = form.field(param).opt_str()?;
    match url {
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => Err(
            ApiError::with_code("url_invalid", Some(param), "Not a valid URL"),
        ),
        _ => Ok(url.map(str::to_owned)),
    }
}
