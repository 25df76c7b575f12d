//! HTML for the hosted checkout page: one inline stylesheet, no scripts,
//! stable labels and names (`Email`/`email`, `Card number`/`card_number`,
//! a "Pay" button; for EUR sessions `IBAN`/`iban` and a "Debit my account"
//! button) for people and for Playwright alike.

use super::hosted::spaced;
use super::ledger::TestIban;
use super::model::{Session, SessionStatus};
use super::money::format_amount;

/// What the payment form shows besides the session: the email and IBAN
/// typed so far and the last error (of the card, or of the debit).
#[derive(Debug, Clone, Default)]
pub(crate) struct PayView {
    pub email: String,
    pub card_number: String,
    pub card_expiry: String,
    pub error: Option<String>,
    pub iban: String,
    pub sepa_error: Option<String>,
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f9fc}
.banner{background:#ffde92;color:#5a3c00;text-align:center;font-size:13px;font-weight:600;padding:6px 12px;letter-spacing:.02em}
main{max-width:920px;margin:0 auto;padding:48px 24px;display:grid;grid-template-columns:1fr 1fr;gap:48px}
@media (max-width:760px){main{grid-template-columns:1fr;gap:24px;padding:24px 16px}}
.merchant{font-size:16px;font-weight:600;color:#596171;margin:0 0 8px}
.total{font-size:36px;font-weight:700;margin:0 0 24px}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{display:flex;justify-content:space-between;gap:16px;padding:12px 0;border-bottom:1px solid #e3e8ee}
.qty{color:#596171;font-size:14px}
ul.items li>span:first-child,dl.sums dt{min-width:0;overflow-wrap:anywhere}
dl.sums{margin:0}
dl.sums div{display:flex;justify-content:space-between;gap:16px;padding:8px 0}
dl.sums dd{margin:0;white-space:nowrap}
dl.sums .off{color:#0e6245}
dl.sums .due{font-weight:600;border-top:1px solid #e3e8ee;padding-top:12px}
.back{display:inline-block;margin-top:24px;color:#4338ca;text-decoration:none;font-size:14px}
form,.card{background:#fff;border-radius:8px;box-shadow:0 2px 5px rgba(60,66,87,.08),0 1px 1px rgba(0,0,0,.12);padding:24px}
label{display:block;font-size:14px;font-weight:500;color:#3c4257;margin:16px 0 6px}
label:first-of-type{margin-top:0}
input{width:100%;font:inherit;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;background:#fff}
input:focus{outline:2px solid #635bff55;border-color:#635bff}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
button{width:100%;margin-top:24px;padding:12px;font:inherit;font-weight:600;color:#fff;background:#635bff;border:0;border-radius:6px;cursor:pointer}
button:hover{background:#5851ea}
.error{background:#fdecea;color:#c0123c;border-radius:6px;padding:10px 12px;margin:0 0 16px;font-size:14px}
.hint{color:#596171;font-size:13px;margin-top:16px}
code{background:#f1f3f7;border-radius:4px;padding:1px 4px}
h1{font-size:24px;margin:0 0 8px}
.solo{grid-template-columns:1fr;max-width:520px}
fieldset{border:0;border-top:1px solid #e3e8ee;margin:24px 0 0;padding:20px 0 0;min-width:0}
h2{font-size:16px;margin:0 0 4px}
.mandate{color:#596171;font-size:12px;margin:12px 0 0}
button.debit{color:#635bff;background:#fff;border:1px solid #635bff}
button.debit:hover{background:#f5f4ff}
"#;

/// The payment form for an open session.
pub(crate) fn pay(session: &Session, view: &PayView) -> String {
    let total = format_amount(session.amount_total, &session.currency);
    let error = view
        .error
        .as_ref()
        .map(|e| format!(r#"<p class="error" role="alert">{}</p>"#, escape(e)))
        .unwrap_or_default();
    let body = format!(
        r#"<main>
<section aria-label="Order summary">
<h1 class="merchant">Pay Tessera</h1>
<p class="total" data-testid="total">{total}</p>
{items}
{back}
</section>
<form method="post" novalidate>
{error}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" value="{email}" required>
<label for="card_number">Card number</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" value="{card_number}" required>
<div class="row">
<div><label for="card_expiry">Expiry</label>
<input id="card_expiry" name="card_expiry" autocomplete="cc-exp" placeholder="MM / YY" value="{card_expiry}"></div>
<div><label for="card_cvc">CVC</label>
<input id="card_cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123"></div>
</div>
{submit_message}<button type="submit">Pay</button>
<p class="hint">Test cards: <code>4242 4242 4242 4242</code> pays,
<code>4000 0000 0000 0002</code> is declined,
<code>4000 0000 0000 9995</code> has insufficient funds.</p>
{sepa}</form>
</main>"#,
        items = items(session),
        back = back_link(session),
        email = escape(&view.email),
        card_number = escape(&view.card_number),
        card_expiry = escape(&view.card_expiry),
        submit_message = session
            .submit_message
            .as_ref()
            .map(|m| format!(
                r#"<p class="hint" data-testid="submit-message">{}</p>"#,
                escape(m)
            ))
            .unwrap_or_default(),
        sepa = if session.offers("sepa_debit") {
            sepa_debit(view)
        } else {
            String::new()
        },
    );
    document(&format!("Pay {total}"), &body)
}

/// The SEPA Direct Debit part of the form: an IBAN, the mandate, and its
/// own button (`method=sepa_debit`). The debit settles later.
fn sepa_debit(view: &PayView) -> String {
    let error = view
        .sepa_error
        .as_ref()
        .map(|e| format!(r#"<p class="error" role="alert">{}</p>"#, escape(e)))
        .unwrap_or_default();
    format!(
        r#"<fieldset aria-labelledby="sepa_title">
<h2 id="sepa_title">SEPA Direct Debit</h2>
{error}
<label for="iban">IBAN</label>
<input id="iban" name="iban" autocomplete="off" spellcheck="false" placeholder="{succeeds}" value="{iban}">
<p class="mandate">By confirming, you authorise Tessera and Stripe, its payment service provider, to send instructions to your bank to debit your account, and your bank to debit your account in accordance with those instructions. You are entitled to a refund from your bank within eight weeks of the debit.</p>
<button type="submit" class="debit" name="method" value="sepa_debit">Debit my account</button>
<p class="hint">Test IBANs: <code>{succeeds}</code> succeeds, <code>{fails}</code> fails, each after a short delay.</p>
</fieldset>
"#,
        iban = escape(&view.iban),
        succeeds = spaced(TestIban::SUCCEEDS),
        fails = spaced(TestIban::FAILS),
    )
}

/// What became of a complete session's payment, for its closed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Paid (a card, or a debit that has settled).
    Paid,
    /// A direct debit the bank has not answered yet.
    Processing,
    /// A direct debit the bank refused: nothing was taken.
    DebitFailed,
}

/// A session that can no longer be paid: complete (with what became of its
/// payment) or expired.
pub(crate) fn closed(session: &Session, outcome: Outcome) -> String {
    let total = format_amount(session.amount_total, &session.currency);
    let (title, text) = match (session.status, outcome) {
        (SessionStatus::Expired | SessionStatus::Open, _) => (
            "This checkout session has expired",
            "The time to pay has run out. Nothing was charged.".to_owned(),
        ),
        (SessionStatus::Complete, Outcome::Paid) => (
            "Payment complete",
            format!("Thanks! Your payment of {total} went through."),
        ),
        (SessionStatus::Complete, Outcome::Processing) => (
            "Payment processing",
            format!("Thanks! Your bank is processing the direct debit of {total}."),
        ),
        (SessionStatus::Complete, Outcome::DebitFailed) => (
            "Payment failed",
            format!("Your bank refused the direct debit of {total}. Nothing was taken."),
        ),
    };
    // A complete session leads on to the shop's success page (which tells
    // the payer what to do next); an expired one back to the shop.
    let link = match (session.status, &session.success_url) {
        (SessionStatus::Complete, Some(url)) => {
            let url = url.replace("{CHECKOUT_SESSION_ID}", &session.id);
            format!(r#"<a class="back" href="{}">Continue</a>"#, escape(&url))
        }
        (SessionStatus::Complete, None) => String::new(),
        (SessionStatus::Expired | SessionStatus::Open, _) => back_link(session),
    };
    let body = format!(
        r#"<main class="solo"><section class="card"><h1>{title}</h1><p>{text}</p>{items}{link}</section></main>"#,
        text = escape(&text),
        items = items(session),
    );
    document(title, &body)
}

/// No such session.
pub(crate) fn not_found() -> String {
    message(
        "Checkout session not found",
        "This link does not lead to a checkout session.",
    )
}

/// A page with a heading and one paragraph.
pub(crate) fn message(title: &str, text: &str) -> String {
    let body = format!(
        r#"<main class="solo"><section class="card"><h1>{}</h1><p>{}</p></section></main>"#,
        escape(title),
        escape(text)
    );
    document(title, &body)
}

/// The line items; with a coupon, then the subtotal, the discount (named
/// by the coupon's name, or its id) and the total due.
fn items(session: &Session) -> String {
    let rows: String = session
        .line_items
        .iter()
        .map(|item| {
            format!(
                r#"<li><span>{name} <span class="qty">× {qty}</span></span><span>{amount}</span></li>"#,
                name = escape(&item.name),
                qty = item.quantity,
                amount = format_amount(item.subtotal(), &session.currency),
            )
        })
        .collect();
    let sums = session
        .discount
        .as_ref()
        .map(|discount| {
            let money = |amount| format_amount(amount, &session.currency);
            format!(
                r#"<dl class="sums">
<div><dt>Subtotal</dt><dd data-testid="subtotal">{subtotal}</dd></div>
<div class="off"><dt>Discount: {label}</dt><dd data-testid="discount">−{amount}</dd></div>
<div class="due"><dt>Total due</dt><dd data-testid="total-due">{total}</dd></div>
</dl>"#,
                subtotal = money(session.amount_subtotal()),
                label = escape(&discount.label),
                amount = money(discount.amount),
                total = money(session.amount_total),
            )
        })
        .unwrap_or_default();
    format!(r#"<ul class="items">{rows}</ul>{sums}"#)
}

fn back_link(session: &Session) -> String {
    session
        .cancel_url
        .as_ref()
        .map(|url| format!(r#"<a class="back" href="{}">← Back</a>"#, escape(url)))
        .unwrap_or_default()
}

fn document(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} · Test mode</title>
<style>{STYLE}</style></head>
<body><div class="banner">Test mode — simulated Stripe</div>
{body}
</body></html>"#,
        title = escape(title),
    )
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
