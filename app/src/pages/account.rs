//! `/account`: who you are, your email address and your password.

use crate::auth::{
    ChangePassword, DeleteAccount, RemovePasskey, RequestEmailChange, SignOutEverywhereElse,
    UpdateProfile, deletion_preview, my_passkeys, passkeys_offered, signed_in_devices,
};
use crate::components::booking_actions::split_around_time;
use crate::components::forms::{
    Answer, BUTTON_CLASS, Field, SubmitButton, focus_on_refusal, succeeded,
};
use crate::components::guard::{RequireUser, signed_in, use_user};
use crate::components::local_time::LocalTime;
use crate::i18n::{Lang, format, lang, t};
use leptos::html::P;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A form's answer when it did what was asked.
const SAID: &str = "text-sm text-emerald-700";

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let user = signed_in();
    let query = use_query_map();
    let moved = move || query.read().get("email_changed").is_some();
    let lang = lang();
    view! {
        <Title text=t!(lang, "account-title") />
        <RequireUser>
            <div class="mx-auto max-w-md">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "account-title")}</h1>
                {move || user.get().map(|u| view! {
                    <p class="mt-1 text-sm text-stone-600">{format!("{} · {}", u.display_name, u.email)}</p>
                })}
                {move || moved().then(|| view! {
                    <p role="status" class="mt-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900" data-testid="email-changed">
                        {t!(lang, "account-email-changed")}
                    </p>
                })}
                <ProfileForm />
                <EmailForm />
                <PasswordForm />
                <Passkeys words=PasskeyWords::new(lang) />
                <TeachingProfile />
                <CalendarFeed />
                <OtherSessions />
                <YourData />
                <DeleteForm />
            </div>
        </RequireUser>
    }
}

#[component]
fn EmailForm() -> impl IntoView {
    let action = ServerAction::<RequestEmailChange>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let done = succeeded(action);
    let message = NodeRef::<P>::new();
    focus_on_refusal(
        failure,
        &[("new_email", "new_email"), ("password", "password")],
        message,
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let lang = lang();
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "account-email-heading")}</h2>
            <Field label=t!(lang, "account-new-email") name="new_email" kind="email" autocomplete="email" error=field("new_email") hint=t!(lang, "account-new-email-hint") />
            <Field label=t!(lang, "account-your-password") name="password" kind="password" autocomplete="current-password" error=field("password") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! {
                <Answer class=SAID attr:data-testid="email-change-sent">
                    {t!(lang, "account-email-change-sent")}
                </Answer>
            })}
            <SubmitButton pending=action.pending() label=t!(lang, "account-send-link") busy=t!(lang, "accounts-sending") />
        </ActionForm>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let done = succeeded(action);
    let message = NodeRef::<P>::new();
    focus_on_refusal(
        failure,
        &[
            ("current_password", "current_password"),
            ("new_password", "new_password"),
        ],
        message,
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let lang = lang();
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "account-password-heading")}</h2>
            <Field label=t!(lang, "account-current-password") name="current_password" kind="password" autocomplete="current-password" error=field("current_password") />
            <Field label=t!(lang, "field-new-password") name="new_password" kind="password" autocomplete="new-password" error=field("new_password") hint=t!(lang, "account-new-password-hint") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="password-changed">{t!(lang, "account-password-changed")}</Answer> })}
            <SubmitButton pending=action.pending() label=t!(lang, "account-password-heading") busy=t!(lang, "account-password-changing") />
        </ActionForm>
    }
}

/// An instructor's bio and email choices (nothing for anyone else).
#[component]
fn TeachingProfile() -> impl IntoView {
    use crate::api::teaching::{SaveTeachingSettings, teaching_settings};
    let action = ServerAction::<SaveTeachingSettings>::new();
    let settings = Resource::new(|| (), |_| teaching_settings());
    let failure = move || action.value().get().and_then(Result::err);
    let saved = succeeded(action);
    let bio_error =
        Signal::derive(move || failure().and_then(|e| e.0.field("bio").map(str::to_owned)));
    // What the photo form (a plain multipart post) came back with.
    let query = use_query_map();
    let lang = lang();
    let photo_said = move || {
        let said = query.read().get("photo")?;
        let (good, id) = match said.as_str() {
            "saved" => (true, "account-photo-saved"),
            "removed" => (true, "account-photo-removed"),
            "too_big" => (false, "account-photo-too-big"),
            "not_a_picture" => (false, "account-photo-not-a-picture"),
            "missing" => (false, "account-photo-missing"),
            _ => return None,
        };
        Some((good, t!(lang, id)))
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(Some(s)) = settings.await else { return ().into_any() };
                view! {
                    <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" attr:data-testid="teaching-profile">
                        <h2 class="font-semibold">{t!(lang, "account-teaching-heading")}</h2>
                        <div>
                            <label for="bio" class="block text-sm font-medium text-stone-700">{t!(lang, "account-bio")}</label>
                            <textarea id="bio" name="bio" rows="4" maxlength="1000" aria-invalid=move || bio_error.get().is_some().to_string() aria-describedby="bio-hint" class=crate::components::forms::INPUT_CLASS>{s.bio.clone()}</textarea>
                            <p id="bio-hint" class="mt-1 text-xs text-stone-500">{t!(lang, "account-bio-hint")}</p>
                            {move || bio_error.get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
                        </div>
                        <div>
                            <label for="bio_language" class="block text-sm font-medium text-stone-700">{t!(lang, "admin-course-language")}</label>
                            <select id="bio_language" name="bio_language" class=crate::components::forms::INPUT_CLASS>
                                {Lang::ALL.into_iter().map(|l| view! { <option value=l.tag() lang=l.tag() selected=l == s.bio_in>{l.own_name()}</option> }).collect_view()}
                            </select>
                        </div>
                        {Lang::ALL.into_iter().filter(|l| *l != s.bio_in).enumerate().map(|(i, other)| {
                            let name = |part: &str| format!("other_bios[{i}][{part}]");
                            let text = s.other_bios.iter().find(|(l, _)| *l == other).map(|(_, b)| b.clone()).unwrap_or_default();
                            let error = Signal::derive(move || failure().and_then(|e| e.0.field(&format!("other_bios[{i}][bio]")).map(str::to_owned)));
                            view! {
                                <div>
                                    <input type="hidden" name=name("lang") value=other.tag() />
                                    <label for=name("bio") class="block text-sm font-medium text-stone-700">{t!(lang, "account-bio-in", language = t!(lang, &format!("language-{}", other.tag())))}</label>
                                    <textarea id=name("bio") name=name("bio") rows="4" maxlength="1000" lang=other.tag() class=crate::components::forms::INPUT_CLASS>{text}</textarea>
                                    {move || error.get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
                                </div>
                            }
                        }).collect_view()}
                        <label class="flex items-start gap-2 text-sm">
                            <input type="checkbox" name="digest_emails" value="on" checked=s.digest_emails class="mt-1" />
                            <span>{t!(lang, "account-digest-emails")}</span>
                        </label>
                        <label class="flex items-start gap-2 text-sm">
                            <input type="checkbox" name="day_before_emails" value="on" checked=s.day_before_emails class="mt-1" />
                            <span>{t!(lang, "account-day-before-emails")}</span>
                        </label>
                        {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! { <crate::pages::ErrorNotice error=e /> })}
                        {move || saved().then(|| view! { <Answer class=SAID attr:data-testid="teaching-saved">{t!(lang, "account-saved")}</Answer> })}
                        <SubmitButton pending=action.pending() label=t!(lang, "account-teaching-save") busy=t!(lang, "accounts-saving") />
                    </ActionForm>
                    <section id="teaching-profile" class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="photo-heading" data-testid="teaching-photo">
                        <h2 id="photo-heading" class="font-semibold">{t!(lang, "account-photo-heading")}</h2>
                        {s.photo.clone().map(|src| view! {
                            <img src=src alt=t!(lang, "account-photo-alt") width="96" height="96" class="h-24 w-24 rounded-full object-cover" />
                        })}
                        {move || photo_said().map(|(good, text)| view! {
                            <p role=if good { "status" } else { "alert" } class=if good { "text-sm text-emerald-700" } else { "rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800" } data-testid="photo-said">{text}</p>
                        })}
                        <form method="post" action="/account/photo" enctype="multipart/form-data" class="flex flex-wrap items-end gap-3">
                            <div>
                                <label for="photo" class="block text-sm font-medium text-stone-700">{t!(lang, "account-photo-label")}</label>
                                <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required class="mt-1 block text-sm" />
                            </div>
                            <button type="submit" class="btn-secondary">{t!(lang, "account-photo-upload")}</button>
                        </form>
                        {s.photo.is_some().then(|| view! {
                            <form method="post" action="/account/photo/remove">
                                <button type="submit" class="text-sm font-semibold text-rose-700 hover:underline">{t!(lang, "account-photo-remove")}</button>
                            </form>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn YourData() -> impl IntoView {
    let lang = lang();
    view! {
        <section class="mt-6 space-y-2 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "account-data-heading")}</h2>
            <p class="text-sm text-stone-600">{t!(lang, "account-data-lead")}</p>
            <a href="/account/my-data.json" download="tessera-my-data.json" rel="external" class="inline-block text-sm font-semibold text-teal-700 hover:underline">{t!(lang, "account-data-download")}</a>
        </section>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    use tessera::account::DeletionOutcome;
    let preview = Resource::new(|| (), |_| deletion_preview());
    let action = ServerAction::<DeleteAccount>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let message = NodeRef::<P>::new();
    focus_on_refusal(
        failure,
        &[("confirm_password", "confirm_password")],
        message,
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let lang = lang();
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-rose-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold text-rose-800">{t!(lang, "account-delete-heading")}</h2>
            <p class="text-sm text-stone-600">{t!(lang, "account-delete-lead")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let lines = preview.await.unwrap_or_default();
                    if lines.is_empty() {
                        return view! { <p class="text-sm text-stone-600">{t!(lang, "account-delete-no-bookings")}</p> }.into_any();
                    }
                    view! {
                        <div class="text-sm text-stone-700">
                            <p>{t!(lang, "account-delete-bookings")}</p>
                            <ul class="mt-1 list-disc space-y-1 pl-5" data-testid="deletion-preview">
                                {lines.into_iter().map(|l| {
                                    let what = match l.outcome {
                                        DeletionOutcome::Refund(m) => t!(lang, "account-delete-refund", amount = format::money(lang, m)),
                                        DeletionOutcome::NoRefund => t!(lang, "account-delete-no-refund"),
                                        DeletionOutcome::NothingPaid => t!(lang, "account-delete-nothing-paid"),
                                        DeletionOutcome::Kept => t!(lang, "account-delete-kept"),
                                    };
                                    view! { <li>{format!("{}: {what}", l.title)}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            <Field label=t!(lang, "account-delete-password") name="confirm_password" kind="password" autocomplete="current-password" error=field("confirm_password") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            <button type="submit" class="rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800 aria-disabled:opacity-60" aria-disabled=move || action.pending().get().then_some("true")>
                {t!(lang, "account-delete-submit")}
            </button>
        </ActionForm>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let user = signed_in();
    let action = ServerAction::<UpdateProfile>::new();
    let failure = move || action.value().get().and_then(Result::err);
    let done = succeeded(action);
    let message = NodeRef::<P>::new();
    focus_on_refusal(
        failure,
        &[("display_name", "display_name"), ("time_zone", "time_zone")],
        message,
    );
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    // The header shows the new name at once.
    Effect::new(move |_| {
        if done() {
            use_user().0.refetch();
        }
    });
    let name = Signal::derive(move || user.get().map(|u| u.display_name).unwrap_or_default());
    let zone = Signal::derive(move || user.get().map(|u| u.time_zone).unwrap_or_default());
    let lang = lang();
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "account-details-heading")}</h2>
            <Field label=t!(lang, "field-your-name") name="display_name" autocomplete="name" error=field("display_name") value=name />
            <Field label=t!(lang, "account-time-zone") name="time_zone" error=field("time_zone") value=zone list="member-zones" hint=t!(lang, "account-time-zone-hint") />
            <datalist id="member-zones">
                {tessera::venue::SUGGESTED_ZONES.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
            </datalist>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="profile-saved">{t!(lang, "account-saved")}</Answer> })}
            <SubmitButton pending=action.pending() label=t!(lang, "account-details-save") busy=t!(lang, "accounts-saving") />
        </ActionForm>
    }
}

/// The private address calendar apps subscribe to.
#[component]
fn CalendarFeed() -> impl IntoView {
    use crate::api::calendar::{ResetCalendarFeed, calendar_feed};
    use crate::components::ask_first::AskFirst;
    let action = ServerAction::<ResetCalendarFeed>::new();
    let feed = Resource::new(move || action.version().get(), |_| calendar_feed());
    let made = succeeded(action);
    let lang = lang();
    view! {
        <section class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="feed-heading" data-testid="calendar-feed">
            <h2 id="feed-heading" class="font-semibold">{t!(lang, "account-feed-heading")}</h2>
            <p class="text-sm text-stone-600">{t!(lang, "account-feed-lead")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(Some(url)) => {
                            let webcal = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                            view! {
                                <div>
                                    <label for="feed-url" class="block text-sm font-medium text-stone-700">{t!(lang, "account-feed-address")}</label>
                                    <input id="feed-url" readonly value=url class="mt-1 w-full rounded-md border border-stone-300 bg-stone-50 px-2 py-1.5 font-mono text-xs" data-testid="feed-url" />
                                </div>
                                <a href=webcal class="btn-primary inline-block" data-testid="subscribe">{t!(lang, "account-feed-subscribe")}</a>
                                <AskFirst key="reset-feed" ask=t!(lang, "account-feed-reset") ask_class="btn-secondary" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="flex flex-wrap items-center gap-2">
                                    <ActionForm action>
                                        <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800" data-testid="reset-feed">{t!(lang, "account-feed-reset-yes")}</button>
                                    </ActionForm>
                                </AskFirst>
                            }.into_any()
                        }
                        Ok(None) => view! {
                            <ActionForm action>
                                <button type="submit" class="btn-secondary" data-testid="make-feed">{t!(lang, "account-feed-make")}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(_) => view! { <p class="text-sm text-rose-700">{t!(lang, "account-feed-failed")}</p> }.into_any(),
                    }
                })}
            </Suspense>
            {move || made().then(|| view! { <Answer class=SAID attr:data-testid="feed-made">{t!(lang, "account-feed-made")}</Answer> })}
        </section>
    }
}

#[component]
fn OtherSessions() -> impl IntoView {
    let action = ServerAction::<SignOutEverywhereElse>::new();
    let done = succeeded(action);
    let devices = Resource::new(move || action.version().get(), |_| signed_in_devices());
    let lang = lang();
    view! {
        <ActionForm action attr:class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "account-sessions-heading")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = devices.await.unwrap_or_default();
                    let (seen_before, seen_after) = split_around_time(&t!(lang, "account-last-seen", time = "{time}"));
                    view! {
                        <ul class="divide-y divide-stone-100 text-sm" data-testid="devices">
                            {list.into_iter().map(|d| view! {
                                <li class="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
                                    <span class="font-medium">
                                        {d.device}
                                        {d.this_device.then(|| view! { <span class="ml-2 rounded bg-teal-50 px-1.5 py-0.5 text-xs font-semibold text-teal-800">{t!(lang, "account-this-device")}</span> })}
                                    </span>
                                    <span class="text-stone-600">{seen_before.clone()} <LocalTime at=d.last_seen_at /> {(!seen_after.is_empty()).then(|| seen_after.clone())}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            <p class="text-sm text-stone-600">{t!(lang, "account-sessions-lead")}</p>
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="signed-out-elsewhere">{t!(lang, "account-sessions-done")}</Answer> })}
            <button type="submit" class="rounded-lg border border-stone-300 px-4 py-2 text-sm font-semibold hover:border-teal-600" disabled=move || action.pending().get()>{t!(lang, "account-sessions-sign-out")}</button>
        </ActionForm>
    }
}

/// The passkeys section's words in the page's language: an island is
/// handed its words, so the browser build carries no translations. A
/// sentence around a time comes as the words before it and after; one
/// around a passkey's name with a `{name}` marker the island fills in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasskeyWords {
    heading: String,
    lead: String,
    none: String,
    added_on: (String, String),
    last_used: (String, String),
    remove: String,
    remove_label: String,
    added: String,
    add: String,
    name: String,
    name_hint: String,
    password: String,
    waiting: String,
    needs_js: String,
    refusals: crate::components::passkey::RefusalWords,
}

impl PasskeyWords {
    fn new(lang: Lang) -> PasskeyWords {
        PasskeyWords {
            heading: t!(lang, "passkeys-heading"),
            lead: t!(lang, "passkeys-lead"),
            none: t!(lang, "passkeys-none"),
            added_on: split_around_time(&t!(lang, "passkey-added-on", time = "{time}")),
            last_used: split_around_time(&t!(lang, "passkey-last-used", time = "{time}")),
            remove: t!(lang, "passkey-remove"),
            remove_label: t!(lang, "passkey-remove-label", name = "{name}"),
            added: t!(lang, "passkey-added", name = "{name}"),
            add: t!(lang, "passkey-add"),
            name: t!(lang, "passkey-name"),
            name_hint: t!(lang, "passkey-name-hint"),
            password: t!(lang, "passkey-password"),
            waiting: t!(lang, "passkey-waiting-device"),
            needs_js: t!(lang, "passkey-needs-js"),
            refusals: crate::components::passkey::RefusalWords::new(lang),
        }
    }
}

/// An island: adding a passkey asks the browser's authenticator.
// Lazy: its code is a chunk fetched by the pages that have it.
#[island(lazy)]
fn Passkeys(words: PasskeyWords) -> impl IntoView {
    use crate::components::passkey::{self, passkeys_usable};
    let words = StoredValue::new(words);
    let offered = Resource::new(|| (), |_| passkeys_offered());
    let usable = passkeys_usable();
    let remove = ServerAction::<RemovePasskey>::new();
    let add = Action::new_local(|(name, password): &(String, String)| {
        passkey::add(name.clone(), password.clone())
    });
    let list = Resource::new(
        move || (remove.version().get(), add.version().get()),
        |_| my_passkeys(),
    );
    let added = move || add.value().get().and_then(Result::ok);
    let refusal = move || add.value().get().and_then(Result::err);
    let field = move |name: &'static str| {
        Signal::derive(move || match refusal() {
            Some(passkey::Refusal::Server(e)) => e.0.field(name).map(str::to_owned),
            _ => None,
        })
    };
    let name_input = NodeRef::<leptos::html::Input>::new();
    let password_input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if add.pending().get_untracked() {
            return;
        }
        let name = name_input.get().map(|i| i.value()).unwrap_or_default();
        let password = password_input.get().map(|i| i.value()).unwrap_or_default();
        if let Some(i) = password_input.get() {
            i.set_value("");
        }
        add.dispatch((name, password));
    };
    // Added: the form is ready for the next one.
    Effect::new(move |_| {
        if added().is_some()
            && let Some(i) = name_input.get_untracked()
        {
            i.set_value("");
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                if !offered.await.unwrap_or(false) {
                    return ().into_any();
                }
                view! {
                    <section class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="passkeys-heading">
                        <h2 id="passkeys-heading" class="font-semibold">{words.with_value(|w| w.heading.clone())}</h2>
                        <p class="text-sm text-stone-600">{words.with_value(|w| w.lead.clone())}</p>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let keys = list.await.unwrap_or_default();
                                if keys.is_empty() {
                                    return view! { <p class="text-sm text-stone-600" data-testid="no-passkeys">{words.with_value(|w| w.none.clone())}</p> }.into_any();
                                }
                                let (added_before, added_after) = words.with_value(|w| w.added_on.clone());
                                view! {
                                    <ul class="divide-y divide-stone-100 text-sm" data-testid="passkeys">
                                        {keys.into_iter().map(|k| view! {
                                            <li class="flex flex-wrap items-center justify-between gap-3 py-2">
                                                <span>
                                                    <span class="font-medium">{k.name.clone()}</span>
                                                    <span class="block text-stone-600">
                                                        {added_before.clone()} <LocalTime at=k.created_at format=crate::components::local_time::TimeFormat::Date /> {(!added_after.is_empty()).then(|| added_after.clone())}
                                                        {k.last_used_at.map(|at| {
                                                            let (used_before, used_after) = words.with_value(|w| w.last_used.clone());
                                                            view! { " · " {used_before} <LocalTime at=at /> {(!used_after.is_empty()).then_some(used_after)} }
                                                        })}
                                                    </span>
                                                </span>
                                                <ActionForm action=remove>
                                                    <input type="hidden" name="id" value=k.id />
                                                    <button type="submit" class="rounded-lg border border-stone-300 px-3 py-1 text-sm font-semibold hover:border-rose-600" aria-label=words.with_value(|w| w.remove_label.replace("{name}", &k.name))>{words.with_value(|w| w.remove.clone())}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            })}
                        </Suspense>
                        {move || added().map(|k| view! {
                            <Answer class=SAID attr:data-testid="passkey-added">{words.with_value(|w| w.added.replace("{name}", &k.name))}</Answer>
                        })}
                        {move || if usable.get() {
                            view! {
                                <form class="space-y-3 border-t border-stone-100 pt-3" novalidate on:submit=on_submit>
                                    <h3 class="text-sm font-semibold">{words.with_value(|w| w.add.clone())}</h3>
                                    <Field label=words.with_value(|w| w.name.clone()) name="passkey_name" autocomplete="off" error=field("passkey_name") node_ref=name_input hint=words.with_value(|w| w.name_hint.clone()) />
                                    <Field label=words.with_value(|w| w.password.clone()) name="account_password" kind="password" autocomplete="current-password" error=field("account_password") node_ref=password_input />
                                    {move || refusal().filter(|r| !matches!(r, passkey::Refusal::Server(e) if !e.0.fields.is_empty())).map(|r| view! {
                                        <p role="alert" class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{words.with_value(|w| r.message(&w.refusals))}</p>
                                    })}
                                    <button type="submit" class=BUTTON_CLASS aria-disabled=move || add.pending().get().then_some("true")>
                                        {move || {
                                            let busy = add.pending().get();
                                            words.with_value(|w| if busy { w.waiting.clone() } else { w.add.clone() })
                                        }}
                                    </button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p class="text-sm text-stone-600">{words.with_value(|w| w.needs_js.clone())}</p> }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
