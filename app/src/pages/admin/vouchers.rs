//! `/admin/vouchers`: codes that take money off bookings: the list with
//! how often each is used, a form to make or change one, and who used it.

use crate::api::vouchers::{
    RedemptionLine, SaveVoucher, SetVoucherDisabled, VoucherLine, admin_voucher, admin_vouchers,
    voucher_course_choices,
};
use crate::components::booking_actions::split_around_time;
use crate::components::forms::{Field, SubmitButton, focus_on_refusal};
use crate::components::guard::RequireUser;
use crate::components::local_time::{LocalTime, TimeFormat};
use crate::i18n::{Lang, format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use tessera::voucher::Discount;
use tessera::{CourseId, Currency};

/// "3 of 5 used", "3 used".
fn uses_phrase(v: &VoucherLine, lang: Lang) -> String {
    match v.max_redemptions {
        Some(max) => t!(lang, "admin-voucher-used-of", used = v.used, max = max),
        None => t!(lang, "admin-voucher-used", used = v.used),
    }
}

/// The voucher list.
#[component]
pub fn VouchersPage() -> impl IntoView {
    let toggle = ServerAction::<SetVoucherDisabled>::new();
    let list = Resource::new(move || toggle.version().get(), |_| admin_vouchers());
    let lang = lang();
    view! {
        <Title text=t!(lang, "admin-title-vouchers") />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <div class="mt-4 flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "admin-vouchers")}</h1>
                <a href="/admin/vouchers/new" class="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">{t!(lang, "admin-new-voucher")}</a>
            </div>
            {move || toggle.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">{t!(lang, "admin-no-vouchers")}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 space-y-3" data-testid="vouchers">
                                {list.into_iter().map(|v| view! { <VoucherCard v toggle /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn VoucherCard(v: VoucherLine, toggle: ServerAction<SetVoucherDisabled>) -> impl IntoView {
    let lang = lang();
    let id = v.id;
    let courses = if v.courses.is_empty() {
        t!(lang, "admin-voucher-every-course")
    } else {
        v.courses
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (from_before, from_after) =
        split_around_time(&t!(lang, "admin-voucher-from", time = "{time}"));
    let (until_before, until_after) =
        split_around_time(&t!(lang, "admin-voucher-until", time = "{time}"));
    view! {
        <li class="card p-5" data-testid="voucher">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <p class="font-mono text-lg font-semibold tracking-wide">{v.code.clone()}</p>
                    <p class="text-sm text-stone-700">{v.discount.label(lang)} " · " {uses_phrase(&v, lang)}{v.once_per_member.then(|| format!(" · {}", t!(lang, "admin-voucher-once-per-person-short")))}</p>
                    <p class="text-sm text-stone-600">{courses}</p>
                    <p class="text-sm text-stone-600">
                        {v.valid_from.map(|t| view! { {from_before} <LocalTime at=t format=TimeFormat::Date /> {from_after} " " })}
                        {v.valid_until.map(|t| view! { {until_before} <LocalTime at=t format=TimeFormat::DateTime /> {until_after} })}
                    </p>
                    {(!v.note.is_empty()).then(|| view! { <p class="mt-1 text-sm italic text-stone-500">{v.note.clone()}</p> })}
                </div>
                {v.disabled.then(|| view! { <span class="rounded-full bg-stone-200 px-2 py-0.5 text-xs font-semibold text-stone-700">{t!(lang, "admin-voucher-disabled")}</span> })}
            </div>
            <div class="mt-3 flex flex-wrap items-center gap-3 text-sm">
                <a href=format!("/admin/vouchers/{id}") class="font-semibold text-teal-700 hover:underline">{t!(lang, "admin-voucher-edit")}</a>
                <ActionForm action=toggle>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="disabled" value=(!v.disabled).to_string() />
                    <button type="submit" class="rounded-lg border border-stone-300 px-3 py-1 font-semibold hover:border-teal-600">
                        {t!(lang, if v.disabled { "admin-enable" } else { "admin-disable" })}
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// `/admin/vouchers/new` and `/admin/vouchers/{id}`: the form, and for an
/// existing voucher the bookings that used it.
#[component]
pub fn VoucherFormPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let existing = Resource::new(id, |id| async move {
        match id {
            Some(id) => admin_voucher(id).await.map(Some),
            None => Ok(None),
        }
    });
    let choices = Resource::new(id, voucher_course_choices);
    let lang = lang();
    view! {
        <RequireUser admin=true>
            <a href="/admin/vouchers" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-all-vouchers")}</a>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match (existing.await, choices.await) {
                        (Ok(found), Ok(choices)) => {
                            let (voucher, uses) = found.map_or((None, None), |(v, u)| (Some(v), Some(u)));
                            view! {
                                <VoucherEditor voucher choices />
                                {uses.map(|uses| view! { <Uses id=id().unwrap_or_default() uses /> })}
                            }.into_any()
                        }
                        (Err(e), _) | (_, Err(e)) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </RequireUser>
    }
}

#[component]
fn VoucherEditor(voucher: Option<VoucherLine>, choices: Vec<(CourseId, String)>) -> impl IntoView {
    let action = ServerAction::<SaveVoucher>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let message = NodeRef::<leptos::html::P>::new();
    focus_on_refusal(
        failure,
        &[
            ("code", "form[code]"),
            ("kind", "form[kind]-percent"),
            ("percent", "form[percent]"),
            ("amount", "form[amount]"),
            ("currency", "form[currency]"),
            ("max_redemptions", "form[max_redemptions]"),
            ("valid_from", "form[valid_from]"),
            ("valid_until", "form[valid_until]"),
            ("note", "form[note]"),
        ],
        message,
    );
    let editing = voucher.is_some();
    let v = voucher.clone();
    let (percent, amount, currency) = match v.as_ref().map(|v| v.discount) {
        Some(Discount::Percent(p)) => (p.to_string(), String::new(), Currency::Eur),
        Some(Discount::PerSeat(m)) => (String::new(), m.decimal_string(), m.currency()),
        None => (String::new(), String::new(), Currency::Eur),
    };
    let by_amount = matches!(v.as_ref().map(|v| v.discount), Some(Discount::PerSeat(_)));
    let text = |s: String| Signal::derive(move || s.clone());
    let chosen: Vec<CourseId> = v
        .as_ref()
        .map(|v| v.courses.iter().map(|(id, _)| *id).collect())
        .unwrap_or_default();
    let day = |t: Option<chrono::DateTime<chrono::Utc>>, before: bool| {
        t.map(|t| {
            let t = if before {
                t - chrono::Duration::seconds(1)
            } else {
                t
            };
            t.format("%Y-%m-%d").to_string()
        })
        .unwrap_or_default()
    };
    let id = v.as_ref().map(|v| v.id.to_string()).unwrap_or_default();
    view! {
        <Title text=t!(lang, if editing { "admin-title-edit-voucher" } else { "admin-title-new-voucher" }) />
        <h1 class="mt-4 text-2xl font-semibold tracking-tight">{t!(lang, if editing { "admin-edit-voucher" } else { "admin-new-voucher" })}</h1>
        <ActionForm action attr:novalidate=true attr:class="mt-6 grid max-w-2xl gap-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:grid-cols-2">
            {(!id.is_empty()).then(|| view! { <input type="hidden" name="id" value=id.clone() /> })}
            // Dates at the admin's clock (the browser's zone, sent along).
            <input type="hidden" name="form[time_zone]" value="" data-browser-zone="" />
            <div class="sm:col-span-2">
                <Field label=t!(lang, "admin-voucher-code") name="form[code]" error=field("code") value=text(v.as_ref().map(|v| v.code.clone()).unwrap_or_default()) hint=t!(lang, "admin-voucher-code-hint") />
            </div>
            <fieldset class="sm:col-span-2">
                <legend class="text-sm font-medium text-stone-700">{t!(lang, "admin-voucher-discount")}</legend>
                <div class="mt-2 flex flex-wrap gap-4 text-sm">
                    <label class="flex items-center gap-2"><input type="radio" id="form[kind]-percent" name="form[kind]" value="percent" checked=!by_amount />{t!(lang, "admin-voucher-kind-percent")}</label>
                    <label class="flex items-center gap-2"><input type="radio" name="form[kind]" value="amount" checked=by_amount />{t!(lang, "admin-voucher-kind-amount")}</label>
                </div>
                <p class="mt-1 text-sm text-rose-700" data-field-error="form[kind]">{move || field("kind").get()}</p>
            </fieldset>
            <Field label=t!(lang, "admin-voucher-percent") name="form[percent]" kind="number" error=field("percent") value=text(percent) hint=t!(lang, "admin-voucher-percent-hint") />
            <div class="grid grid-cols-2 gap-2">
                <Field label=t!(lang, "admin-voucher-amount") name="form[amount]" error=field("amount") value=text(amount) />
                <div>
                    <label for="form[currency]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-currency")}</label>
                    <select id="form[currency]" name="form[currency]" class=crate::components::forms::INPUT_CLASS>
                        {Currency::ALL.into_iter().map(|c| view! { <option value=c.code() selected=c == currency>{c.code()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <Field label=t!(lang, "admin-voucher-max") name="form[max_redemptions]" kind="number" error=field("max_redemptions") value=text(v.as_ref().and_then(|v| v.max_redemptions).map(|m| m.to_string()).unwrap_or_default()) hint=t!(lang, "admin-voucher-max-hint") />
            <label class="flex items-center gap-2 self-center text-sm">
                <input type="checkbox" name="form[once_per_member]" checked=v.as_ref().is_some_and(|v| v.once_per_member) />
                {t!(lang, "admin-voucher-once-per-person")}
            </label>
            <Field label=t!(lang, "admin-voucher-first-day") name="form[valid_from]" kind="date" error=field("valid_from") value=text(day(v.as_ref().and_then(|v| v.valid_from), false)) hint=t!(lang, "admin-voucher-first-day-hint") />
            <Field label=t!(lang, "admin-voucher-last-day") name="form[valid_until]" kind="date" error=field("valid_until") value=text(day(v.as_ref().and_then(|v| v.valid_until), true)) hint=t!(lang, "admin-voucher-last-day-hint") />
            <fieldset class="sm:col-span-2">
                <legend class="text-sm font-medium text-stone-700">{t!(lang, "admin-courses")}</legend>
                <p class="text-xs text-stone-500">{t!(lang, "admin-voucher-courses-hint")}</p>
                <div class="mt-2 grid gap-1 text-sm sm:grid-cols-2" data-testid="voucher-courses">
                    {choices.into_iter().map(|(course, title)| view! {
                        <label class="flex items-center gap-2">
                            <input type="checkbox" name="form[courses][]" value=course.to_string() checked=chosen.contains(&course) />
                            {title}
                        </label>
                    }).collect_view()}
                </div>
                <p class="mt-1 text-sm text-rose-700" data-field-error="form[courses]">{move || field("courses").get()}</p>
            </fieldset>
            <div class="sm:col-span-2">
                <label for="form[note]" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-voucher-note")}</label>
                <textarea id="form[note]" name="form[note]" rows="2" class=crate::components::forms::INPUT_CLASS>{v.as_ref().map(|v| v.note.clone()).unwrap_or_default()}</textarea>
                <p class="mt-1 text-sm text-rose-700" data-field-error="form[note]">{move || field("note").get()}</p>
            </div>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="sm:col-span-2 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            <div class="sm:col-span-2">
                <SubmitButton pending=action.pending() label=t!(lang, if editing { "admin-save-changes" } else { "admin-create-voucher" }) busy=t!(lang, "admin-saving") />
            </div>
        </ActionForm>
    }
}

/// Who used a voucher, with their bookings.
#[component]
fn Uses(id: i64, uses: Vec<RedemptionLine>) -> impl IntoView {
    let counted = uses.iter().filter(|u| !u.returned).count();
    let lang = lang();
    view! {
        <section class="mt-10">
            <div class="flex flex-wrap items-end justify-between gap-3">
                <h2 class="text-lg font-semibold">{t!(lang, "admin-voucher-used-by", count = counted)}</h2>
                <a href=format!("/admin/vouchers/{id}/redemptions.csv") rel="external" download="" class="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:border-teal-600 hover:text-teal-700">{t!(lang, "admin-download-csv")}</a>
            </div>
            {if uses.is_empty() {
                view! { <p class="mt-3 text-sm text-stone-600">{t!(lang, "admin-voucher-unused")}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-2" data-testid="voucher-uses">
                        {uses.into_iter().map(|u| view! {
                            <li class="card p-4 text-sm">
                                <p class="font-medium">{u.member_name.clone()} " · " <span class="text-stone-600">{u.member_email.clone()}</span></p>
                                <p>
                                    <a href=format!("/admin/courses/{}/roster", u.course_id) class="font-semibold text-teal-700 hover:underline">{u.course_title.clone()}</a>
                                    {format!(" · {}", t!(lang, "admin-voucher-use", booking = u.booking_id.to_string(), seats = u.seats, discount = format::money(lang, u.discount), list = format::money(lang, u.list), paid = format::money(lang, u.paid)))}
                                </p>
                                <p class="text-stone-600">
                                    <LocalTime at=u.at format=TimeFormat::DateTime />
                                    {u.returned.then(|| format!(" · {}", t!(lang, "admin-voucher-given-back")))}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
