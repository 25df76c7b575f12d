//! `/imprint`, `/privacy`, `/terms`: the pages the operator writes (in
//! Markdown, on `/admin/site`), rendered to safe HTML on the server. The
//! imprint always opens with who runs the site.

use crate::api::site::{LegalKind, SiteContact, read_legal_page};
use crate::i18n::{Lang, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// A legal page's title in the reader's language.
fn title(lang: Lang, kind: LegalKind) -> String {
    match kind {
        LegalKind::Imprint => t!(lang, "legal-title-imprint"),
        LegalKind::Privacy => t!(lang, "legal-title-privacy"),
        LegalKind::Terms => t!(lang, "legal-title-terms"),
    }
}

#[component]
pub fn LegalDocument() -> impl IntoView {
    let path = use_location().pathname;
    let kind = move || LegalKind::from_path(&path.get()).unwrap_or(LegalKind::Imprint);
    let page = Resource::new(kind, read_legal_page);
    let lang = lang();
    view! {
        <Title text=move || title(lang, kind()) />
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let empty = p.html.trim().is_empty();
                        let email = p.contact.as_ref().map(|c| c.email.clone()).filter(|e| !e.is_empty());
                        view! {
                            <article class="max-w-2xl" data-testid="legal-page">
                                <h1 class="text-2xl font-semibold tracking-tight">{title(lang, p.kind)}</h1>
                                {(p.kind == LegalKind::Imprint).then(|| p.contact.clone().map(|c| view! { <Operator c /> }))}
                                {if empty {
                                    view! {
                                        <p class="mt-4 text-stone-700">
                                            {match p.kind {
                                                LegalKind::Imprint => t!(lang, "legal-empty-imprint"),
                                                LegalKind::Privacy => t!(lang, "legal-empty-privacy"),
                                                LegalKind::Terms => t!(lang, "legal-empty-terms"),
                                            }}
                                            {email.map(|e| {
                                                let ask = t!(lang, "legal-ask", email = "{email}");
                                                let (before, after) = ask.split_once("{email}").unwrap_or((ask.as_str(), ""));
                                                let (before, after) = (before.to_owned(), after.to_owned());
                                                view! { " " {before} <a href=format!("mailto:{e}") class="font-semibold text-teal-700 hover:underline">{e.clone()}</a> {after} }
                                            })}
                                        </p>
                                    }.into_any()
                                } else {
                                    view! { <div class="legal mt-6 space-y-3 text-stone-800" inner_html=p.html></div> }.into_any()
                                }}
                            </article>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Who runs the site, as the imprint states it.
#[component]
fn Operator(c: SiteContact) -> impl IntoView {
    let lang = lang();
    view! {
        <section class="mt-4 rounded-xl border border-stone-200 bg-white p-5 text-sm" aria-label=t!(lang, "legal-operator") data-testid="operator">
            <p class="font-semibold">{c.name.clone()}</p>
            {c.address.iter().map(|l| view! { <p>{l.clone()}</p> }).collect_view()}
            {(!c.email.is_empty()).then(|| view! { <p class="mt-2">{t!(lang, "legal-email")} " " <a href=format!("mailto:{}", c.email) class="text-teal-700 hover:underline">{c.email.clone()}</a></p> })}
            {(!c.phone.is_empty()).then(|| view! { <p>{t!(lang, "legal-phone")} " " <a href=format!("tel:{}", c.phone.replace(' ', "")) class="text-teal-700 hover:underline">{c.phone.clone()}</a></p> })}
            {(!c.vat_id.is_empty()).then(|| view! { <p>{t!(lang, "legal-vat-id", id = c.vat_id.as_str())}</p> })}
        </section>
    }
}
