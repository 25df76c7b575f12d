//! `/account`: who you are, your email address and your password.

use crate::auth::{
    ChangePassword, DeleteAccount, RemovePasskey, RequestEmailChange, SignOutEverywhereElse,
    UpdateProfile, deletion_preview, my_passkeys, passkeys_offered, signed_in_devices,
};
use crate::components::forms::{
    Answer, BUTTON_CLASS, Field, SubmitButton, focus_on_refusal, succeeded,
};
use crate::components::guard::{RequireUser, signed_in, use_user};
use crate::components::local_time::LocalTime;
use leptos::html::P;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A form's answer when it did what was asked.
const SAID: &str = "text-sm text-emerald-700";

/// The account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let user = signed_in();
    let query = use_query_map();
    let moved = move || query.read().get("email_changed").is_some();
    view! {
        <Title text="Your account" />
        <RequireUser>
            <div class="mx-auto max-w-md">
                <h1 class="text-2xl font-semibold tracking-tight">"Your account"</h1>
                {move || user.get().map(|u| view! {
                    <p class="mt-1 text-sm text-stone-600">{format!("{} · {}", u.display_name, u.email)}</p>
                })}
                {move || moved().then(|| view! {
                    <p role="status" class="mt-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900" data-testid="email-changed">
                        "Your account now uses this address: emails come here, and you sign in with it."
                    </p>
                })}
                <ProfileForm />
                <EmailForm />
                <PasswordForm />
                <Passkeys />
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
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">"Change email address"</h2>
            <Field label="New email address" name="new_email" kind="email" autocomplete="email" error=field("new_email") hint="We'll send a link there; your address changes when you follow it." />
            <Field label="Your password" name="password" kind="password" autocomplete="current-password" error=field("password") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! {
                <Answer class=SAID attr:data-testid="email-change-sent">
                    "Check the new address's inbox for a link (it works for 24 hours). Until you follow it, your account keeps its current address, which we've told about the change."
                </Answer>
            })}
            <SubmitButton pending=action.pending() label="Send link" busy="Sending…" />
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
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">"Change password"</h2>
            <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" error=field("current_password") />
            <Field label="New password" name="new_password" kind="password" autocomplete="new-password" error=field("new_password") hint="At least 10 characters. You'll be signed out everywhere else." />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="password-changed">"Password changed. Other sessions have been signed out."</Answer> })}
            <SubmitButton pending=action.pending() label="Change password" busy="Changing…" />
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
    let photo_said = move || {
        let said = query.read().get("photo")?;
        Some(match said.as_str() {
            "saved" => (true, "Photo saved."),
            "removed" => (true, "Photo removed."),
            "too_big" => (
                false,
                "That file is larger than 5 MB: choose a smaller one.",
            ),
            "not_a_picture" => (false, "That file is not a JPEG, PNG or WebP picture."),
            "missing" => (false, "Choose a picture first."),
            _ => return None,
        })
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(Some(s)) = settings.await else { return ().into_any() };
                view! {
                    <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" attr:data-testid="teaching-profile">
                        <h2 class="font-semibold">"Your teaching profile"</h2>
                        <div>
                            <label for="bio" class="block text-sm font-medium text-stone-700">"About you"</label>
                            <textarea id="bio" name="bio" rows="4" maxlength="1000" aria-invalid=move || bio_error.get().is_some().to_string() aria-describedby="bio-hint" class=crate::components::forms::INPUT_CLASS>{s.bio.clone()}</textarea>
                            <p id="bio-hint" class="mt-1 text-xs text-stone-500">"Shown on your public page and beside your courses. Up to 1000 characters."</p>
                            {move || bio_error.get().map(|m| view! { <p class="mt-1 text-sm text-rose-700">{m}</p> })}
                        </div>
                        <label class="flex items-start gap-2 text-sm">
                            <input type="checkbox" name="digest_emails" value="on" checked=s.digest_emails class="mt-1" />
                            <span>"Email me a digest on days something changes on my courses (new bookings, cancellations, the waiting list)"</span>
                        </label>
                        <label class="flex items-start gap-2 text-sm">
                            <input type="checkbox" name="day_before_emails" value="on" checked=s.day_before_emails class="mt-1" />
                            <span>"Email me the attendee list the day before each meeting"</span>
                        </label>
                        {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! { <crate::pages::ErrorNotice error=e /> })}
                        {move || saved().then(|| view! { <Answer class=SAID attr:data-testid="teaching-saved">"Saved."</Answer> })}
                        <SubmitButton pending=action.pending() label="Save teaching profile" busy="Saving…" />
                    </ActionForm>
                    <section id="teaching-profile" class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="photo-heading" data-testid="teaching-photo">
                        <h2 id="photo-heading" class="font-semibold">"Your photo"</h2>
                        {s.photo.clone().map(|src| view! {
                            <img src=src alt="Your photo as course-goers see it" width="96" height="96" class="h-24 w-24 rounded-full object-cover" />
                        })}
                        {move || photo_said().map(|(good, text)| view! {
                            <p role=if good { "status" } else { "alert" } class=if good { "text-sm text-emerald-700" } else { "rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800" } data-testid="photo-said">{text}</p>
                        })}
                        <form method="post" action="/account/photo" enctype="multipart/form-data" class="flex flex-wrap items-end gap-3">
                            <div>
                                <label for="photo" class="block text-sm font-medium text-stone-700">"A JPEG, PNG or WebP picture, up to 5 MB"</label>
                                <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required class="mt-1 block text-sm" />
                            </div>
                            <button type="submit" class="btn-secondary">"Upload photo"</button>
                        </form>
                        {s.photo.is_some().then(|| view! {
                            <form method="post" action="/account/photo/remove">
                                <button type="submit" class="text-sm font-semibold text-rose-700 hover:underline">"Remove my photo"</button>
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
    view! {
        <section class="mt-6 space-y-2 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">"Your data"</h2>
            <p class="text-sm text-stone-600">"Everything we store about you (your profile, bookings, payments, waiting-list places and the emails we sent you) as one file."</p>
            <a href="/account/my-data.json" download="tessera-my-data.json" rel="external" class="inline-block text-sm font-semibold text-teal-700 hover:underline">"Download my data (JSON)"</a>
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
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-rose-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold text-rose-800">"Delete your account"</h2>
            <p class="text-sm text-stone-600">"Your name and email address are erased and you can no longer sign in. Bookings and payments stay in the course provider's books without your name."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let lines = preview.await.unwrap_or_default();
                    if lines.is_empty() {
                        return view! { <p class="text-sm text-stone-600">"You have no active bookings."</p> }.into_any();
                    }
                    view! {
                        <div class="text-sm text-stone-700">
                            <p>"Your active bookings are cancelled first:"</p>
                            <ul class="mt-1 list-disc space-y-1 pl-5" data-testid="deletion-preview">
                                {lines.into_iter().map(|l| {
                                    let what = match l.outcome {
                                        DeletionOutcome::Refund(m) => format!("cancelled, {m} refunded to the card you paid with"),
                                        DeletionOutcome::NoRefund => "cancelled without a refund (it starts too soon)".to_owned(),
                                        DeletionOutcome::NothingPaid => "not paid yet: the seats are let go".to_owned(),
                                        DeletionOutcome::Kept => "has started, so it stays as it is".to_owned(),
                                    };
                                    view! { <li>{format!("{}: {what}", l.title)}</li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()
                })}
            </Suspense>
            <Field label="Your password, to confirm" name="confirm_password" kind="password" autocomplete="current-password" error=field("confirm_password") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            <button type="submit" class="rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800 aria-disabled:opacity-60" aria-disabled=move || action.pending().get().then_some("true")>
                "Delete my account"
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
    view! {
        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">"Your details"</h2>
            <Field label="Your name" name="display_name" autocomplete="name" error=field("display_name") value=name />
            <Field label="Time zone" name="time_zone" error=field("time_zone") value=zone list="member-zones" hint="Emails show course times in this zone too, e.g. Europe/Berlin." />
            <datalist id="member-zones">
                {tessera::venue::SUGGESTED_ZONES.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
            </datalist>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="profile-saved">"Saved."</Answer> })}
            <SubmitButton pending=action.pending() label="Save details" busy="Saving…" />
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
    view! {
        <section class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" aria-labelledby="feed-heading" data-testid="calendar-feed">
            <h2 id="feed-heading" class="font-semibold">"Your courses in your calendar"</h2>
            <p class="text-sm text-stone-600">"Subscribe to your private calendar address in Apple Calendar, Google Calendar or Outlook, and every course you book appears there by itself; moves and cancellations follow. It shows times and places, never payments. Anyone with the address can see them, so keep it to yourself."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(Some(url)) => {
                            let webcal = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                            view! {
                                <div>
                                    <label for="feed-url" class="block text-sm font-medium text-stone-700">"Your calendar address"</label>
                                    <input id="feed-url" readonly value=url class="mt-1 w-full rounded-md border border-stone-300 bg-stone-50 px-2 py-1.5 font-mono text-xs" data-testid="feed-url" />
                                </div>
                                <a href=webcal class="btn-primary inline-block" data-testid="subscribe">"Subscribe in your calendar app"</a>
                                <AskFirst key="reset-feed" ask="Make a new address…" ask_class="btn-secondary" keep_class="text-sm font-semibold text-stone-600 hover:text-stone-900" class="flex flex-wrap items-center gap-2">
                                    <ActionForm action>
                                        <button type="submit" class="rounded-lg bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800" data-testid="reset-feed">"Yes: the old address stops working"</button>
                                    </ActionForm>
                                </AskFirst>
                            }.into_any()
                        }
                        Ok(None) => view! {
                            <ActionForm action>
                                <button type="submit" class="btn-secondary" data-testid="make-feed">"Make my calendar address"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(_) => view! { <p class="text-sm text-rose-700">"Your calendar address could not be loaded; try again later."</p> }.into_any(),
                    }
                })}
            </Suspense>
            {move || made().then(|| view! { <Answer class=SAID attr:data-testid="feed-made">"Your calendar address is ready: subscribe to it in your calendar app."</Answer> })}
        </section>
    }
}

#[component]
fn OtherSessions() -> impl IntoView {
    let action = ServerAction::<SignOutEverywhereElse>::new();
    let done = succeeded(action);
    let devices = Resource::new(move || action.version().get(), |_| signed_in_devices());
    view! {
        <ActionForm action attr:class="mt-6 space-y-3 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">"Where you're signed in"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = devices.await.unwrap_or_default();
                    view! {
                        <ul class="divide-y divide-stone-100 text-sm" data-testid="devices">
                            {list.into_iter().map(|d| view! {
                                <li class="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
                                    <span class="font-medium">
                                        {d.device}
                                        {d.this_device.then(|| view! { <span class="ml-2 rounded bg-teal-50 px-1.5 py-0.5 text-xs font-semibold text-teal-800">"This device"</span> })}
                                    </span>
                                    <span class="text-stone-600">"Last seen " <LocalTime at=d.last_seen_at /></span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            <p class="text-sm text-stone-600">"Signed in on a shared or lost device? Sign out everywhere but here."</p>
            {move || done().then(|| view! { <Answer class=SAID attr:data-testid="signed-out-elsewhere">"Done: every other device is signed out."</Answer> })}
            <button type="submit" class="rounded-lg border border-stone-300 px-4 py-2 text-sm font-semibold hover:border-teal-600" disabled=move || action.pending().get()>"Sign out everywhere else"</button>
        </ActionForm>
    }
}

/// An island: adding a passkey asks the browser's authenticator.
// Lazy: its code is a chunk fetched by the pages that have it.
#[island(lazy)]
fn Passkeys() -> impl IntoView {
    use crate::components::passkey::{self, passkeys_usable};
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
                        <h2 id="passkeys-heading" class="font-semibold">"Passkeys"</h2>
                        <p class="text-sm text-stone-600">"Sign in with your fingerprint, face or screen lock instead of your password. Your password keeps working."</p>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let keys = list.await.unwrap_or_default();
                                if keys.is_empty() {
                                    return view! { <p class="text-sm text-stone-600" data-testid="no-passkeys">"You have no passkeys yet."</p> }.into_any();
                                }
                                view! {
                                    <ul class="divide-y divide-stone-100 text-sm" data-testid="passkeys">
                                        {keys.into_iter().map(|k| view! {
                                            <li class="flex flex-wrap items-center justify-between gap-3 py-2">
                                                <span>
                                                    <span class="font-medium">{k.name.clone()}</span>
                                                    <span class="block text-stone-600">
                                                        "Added " <LocalTime at=k.created_at format=crate::components::local_time::TimeFormat::Date />
                                                        {k.last_used_at.map(|at| view! { " · last used " <LocalTime at=at /> })}
                                                    </span>
                                                </span>
                                                <ActionForm action=remove>
                                                    <input type="hidden" name="id" value=k.id />
                                                    <button type="submit" class="rounded-lg border border-stone-300 px-3 py-1 text-sm font-semibold hover:border-rose-600" aria-label=format!("Remove passkey {}", k.name)>"Remove"</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            })}
                        </Suspense>
                        {move || added().map(|k| view! {
                            <Answer class=SAID attr:data-testid="passkey-added">{format!("Passkey \u{201c}{}\u{201d} added: you can sign in with it now.", k.name)}</Answer>
                        })}
                        {move || if usable.get() {
                            view! {
                                <form class="space-y-3 border-t border-stone-100 pt-3" novalidate on:submit=on_submit>
                                    <h3 class="text-sm font-semibold">"Add a passkey"</h3>
                                    <Field label="Name it" name="passkey_name" autocomplete="off" error=field("passkey_name") node_ref=name_input hint="So you can tell your passkeys apart, e.g. \u{201c}Phone\u{201d}." />
                                    <Field label="Confirm with your password" name="account_password" kind="password" autocomplete="current-password" error=field("account_password") node_ref=password_input />
                                    {move || refusal().filter(|r| !matches!(r, passkey::Refusal::Server(e) if !e.0.fields.is_empty())).map(|r| view! {
                                        <p role="alert" class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{r.message()}</p>
                                    })}
                                    <button type="submit" class=BUTTON_CLASS aria-disabled=move || add.pending().get().then_some("true")>
                                        {move || if add.pending().get() { "Waiting for your device…" } else { "Add a passkey" }}
                                    </button>
                                </form>
                            }.into_any()
                        } else {
                            view! { <p class="text-sm text-stone-600">"Adding a passkey needs JavaScript and a browser that supports passkeys."</p> }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
