//! `/admin/invoices`: the invoices and credit notes of a year with the
//! bookkeeper's CSV; `/admin/site`: who runs the site (the seller on every
//! invoice, the contact in every page's footer) and the texts of its
//! imprint, privacy and terms pages.

use crate::api::invoices::{
    InvoiceSummary, OperatorDetails, SaveSellerDetails, admin_invoices, seller_details,
};
use crate::components::forms::{Answer, Field, SubmitButton, focus_on_refusal, succeeded};
use crate::components::guard::RequireUser;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::i18n::{format, lang, t};
use crate::pages::admin::split_around_link;
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use tessera::invoice::InvoiceKind;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let docs = Resource::new(year, admin_invoices);
    let lang = lang();
    let (before, after) = split_around_link(&t!(lang, "admin-invoices-lead", link = "{link}"));
    view! {
        <Title text=t!(lang, "admin-title-invoices") />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <h1 class="mt-4 text-2xl font-semibold tracking-tight">{t!(lang, "admin-invoices")}</h1>
            <p class="mt-1 text-sm text-stone-600">{before.clone()} <a href="/admin/site" class="font-semibold text-teal-700 hover:underline">{t!(lang, "admin-site")}</a> {after.clone()}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match docs.await {
                        Ok((year, docs)) => view! { <Issued year docs /> }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

/// `/admin/site`: who runs the site, and its legal pages.
#[component]
pub fn SitePage() -> impl IntoView {
    let operator = Resource::new(|| (), |_| seller_details());
    let texts = Resource::new(|| (), |_| crate::api::site::legal_texts());
    let lang = lang();
    view! {
        <Title text=t!(lang, "admin-title-site") />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <h1 class="mt-4 text-2xl font-semibold tracking-tight">{t!(lang, "admin-site-heading")}</h1>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match (operator.await, texts.await) {
                        (Ok(op), Ok(texts)) => view! { <SellerForm op /> <LegalTexts texts /> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}

/// The imprint, privacy and terms pages, in Markdown.
#[component]
fn LegalTexts(texts: crate::api::site::LegalForm) -> impl IntoView {
    let action = ServerAction::<crate::api::site::SaveLegalTexts>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    let saved = succeeded(action);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let message = NodeRef::<leptos::html::P>::new();
    focus_on_refusal(
        failure,
        &[
            ("imprint", "form[imprint]"),
            ("privacy", "form[privacy]"),
            ("terms", "form[terms]"),
        ],
        message,
    );
    let area = move |name: &'static str,
                     id: &'static str,
                     label: String,
                     path: &'static str,
                     text: String| {
        view! {
            <div>
                <div class="flex items-baseline justify-between gap-3">
                    <label for=id class="block text-sm font-medium text-stone-700">{label}</label>
                    <a href=path class="text-xs font-semibold text-teal-700 hover:underline">{t!(lang, "admin-see-page", path = path)}</a>
                </div>
                <textarea id=id name=id rows="8" aria-invalid=move || field(name).get().is_some().to_string() class=format!("{} font-mono text-xs", crate::components::forms::INPUT_CLASS)>{text}</textarea>
                {move || field(name).get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
            </div>
        }
    };
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 grid max-w-2xl gap-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" attr:data-testid="legal-form">
            <div>
                <h2 class="font-semibold">{t!(lang, "admin-legal-heading")}</h2>
                <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-legal-lead")}</p>
            </div>
            {area("imprint", "form[imprint]", t!(lang, "admin-legal-imprint"), "/imprint", texts.imprint)}
            {area("privacy", "form[privacy]", t!(lang, "admin-legal-privacy"), "/privacy", texts.privacy)}
            {area("terms", "form[terms]", t!(lang, "admin-legal-terms"), "/terms", texts.terms)}
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || saved().then(|| view! { <Answer attr:data-testid="legal-saved">{t!(lang, "admin-legal-saved")}</Answer> })}
            <div>
                <SubmitButton pending=action.pending() label=t!(lang, "admin-legal-save") busy=t!(lang, "admin-saving") />
            </div>
        </ActionForm>
    }
}

/// The seller's details, as every invoice and page footer shows them.
#[component]
fn SellerForm(op: OperatorDetails) -> impl IntoView {
    let action = ServerAction::<SaveSellerDetails>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    let saved = succeeded(action);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let message = NodeRef::<leptos::html::P>::new();
    focus_on_refusal(
        failure,
        &[
            ("name", "seller-name"),
            ("address", "seller-address"),
            ("email", "seller-email"),
            ("phone", "seller-phone"),
            ("vat_id", "seller-vat-id"),
            ("invoice_prefix", "seller-prefix"),
            ("default_vat_rate", "seller-rate"),
            ("vat_exempt_note", "seller-exempt"),
        ],
        message,
    );
    let text = |s: String| Signal::derive(move || s.clone());
    let rate = {
        let bp = op.default_vat_rate.bp();
        if bp % 100 == 0 {
            (bp / 100).to_string()
        } else {
            format!("{}.{:02}", bp / 100, bp % 100)
        }
    };
    let ready = op.can_invoice();
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 grid max-w-2xl gap-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:grid-cols-2" attr:data-testid="seller-form">
            <div class="sm:col-span-2">
                <h2 class="font-semibold">{t!(lang, "admin-seller-heading")}</h2>
                <p class="mt-1 text-sm text-stone-600">{t!(lang, "admin-seller-lead")}</p>
                {(!ready).then(|| view! {
                    <p class="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="no-invoices">{t!(lang, "admin-seller-not-ready")}</p>
                })}
            </div>
            <div class="sm:col-span-2">
                <Field label=t!(lang, "admin-seller-name") name="form[name]" id="seller-name" error=field("name") value=text(op.name.clone()) />
            </div>
            <div class="sm:col-span-2">
                <label for="seller-address" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-seller-address")}</label>
                <textarea id="seller-address" name="form[address]" rows="3" aria-invalid=move || field("address").get().is_some().to_string() class=crate::components::forms::INPUT_CLASS>{op.address.clone()}</textarea>
                {move || field("address").get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
            </div>
            <Field label=t!(lang, "admin-seller-email") name="form[email]" id="seller-email" kind="email" error=field("email") value=text(op.email.clone()) />
            <Field label=t!(lang, "admin-seller-phone") name="form[phone]" id="seller-phone" kind="tel" error=field("phone") value=text(op.phone.clone()) />
            <Field label=t!(lang, "admin-seller-vat-id") name="form[vat_id]" id="seller-vat-id" error=field("vat_id") value=text(op.vat_id.clone()) hint=t!(lang, "admin-seller-vat-id-hint") />
            <Field label=t!(lang, "admin-seller-prefix") name="form[invoice_prefix]" id="seller-prefix" error=field("invoice_prefix") value=text(op.invoice_prefix.clone()) hint=t!(lang, "admin-seller-prefix-hint") />
            <Field label=t!(lang, "admin-vat-rate") name="form[default_vat_rate]" id="seller-rate" error=field("default_vat_rate") value=text(rate) hint=t!(lang, "admin-seller-rate-hint") />
            <div class="sm:col-span-2">
                <label for="seller-exempt" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-seller-exempt")}</label>
                <textarea id="seller-exempt" name="form[vat_exempt_note]" rows="2" aria-describedby="seller-exempt-hint" class=crate::components::forms::INPUT_CLASS>{op.vat_exempt_note.clone().unwrap_or_default()}</textarea>
                <p id="seller-exempt-hint" class="mt-1 text-xs text-stone-500">{t!(lang, "admin-seller-exempt-hint")}</p>
                {move || field("vat_exempt_note").get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
            </div>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="sm:col-span-2 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || saved().then(|| view! { <div class="sm:col-span-2"><Answer attr:data-testid="seller-saved">{t!(lang, "admin-seller-saved")}</Answer></div> })}
            <div class="sm:col-span-2">
                <SubmitButton pending=action.pending() label=t!(lang, "admin-seller-save") busy=t!(lang, "admin-saving") />
            </div>
        </ActionForm>
    }
}

/// The year's documents, newest first.
#[component]
fn Issued(year: i32, docs: Vec<InvoiceSummary>) -> impl IntoView {
    let count = docs.len();
    let lang = lang();
    view! {
        <section class="mt-10" aria-labelledby="issued-heading">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <h2 id="issued-heading" class="text-lg font-semibold">{t!(lang, "admin-issued-in", year = year.to_string(), count = count.to_string())}</h2>
                <div class="flex flex-wrap gap-3 text-sm">
                    <a href=format!("/admin/invoices?year={}", year - 1) class="font-semibold text-teal-700 hover:underline">{format!("← {}", year - 1)}</a>
                    <a href=format!("/admin/invoices.csv?year={year}") rel="external" download="" class="rounded-lg border border-stone-300 bg-white px-4 py-2 font-semibold hover:border-teal-600 hover:text-teal-700">{t!(lang, "admin-download-year", year = year.to_string())}</a>
                </div>
            </div>
            {if docs.is_empty() {
                view! { <p class="mt-3 text-sm text-stone-600">{t!(lang, "admin-issued-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-2" data-testid="invoices">
                        {docs.into_iter().map(|d| view! { <IssuedLine d /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn IssuedLine(d: InvoiceSummary) -> impl IntoView {
    let credit = d.kind == InvoiceKind::CreditNote;
    let lang = lang();
    let total = format::money(lang, d.total);
    view! {
        <li class="card flex flex-wrap items-center justify-between gap-3 p-4 text-sm" data-testid="invoice-line">
            <div>
                <a href=d.href() rel="external" class="font-mono font-semibold text-teal-700 hover:underline">{d.number.clone()}</a>
                <span class="ml-2 text-stone-600">{d.kind.label(lang)}</span>
                {d.refers_to.clone().map(|r| view! { <span class="text-stone-600">{format!(" {}", t!(lang, "admin-invoice-for", number = r))}</span> })}
                <p class="text-stone-600">{d.buyer_name.clone()} " · " {t!(lang, "admin-invoice-booking", reference = &d.booking)} " · " <LocalTime at=d.issued_at format=TimeFormat::Date /></p>
            </div>
            <p class="font-semibold tabular-nums">{if credit { format!("−{total}") } else { total }}</p>
        </li>
    }
}
