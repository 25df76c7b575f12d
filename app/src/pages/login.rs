//! `/login` and `/signup`.

use crate::auth::{
    AcceptInvitation, ChangeEmail, ConfirmEmail, Login, RequestPasswordReset, ResetPassword,
    Signup, account_link_works, reset_link_works,
};
use crate::components::forms::{Field, SubmitButton, focus_on_refusal};
use crate::components::guard::NoIndex;
use crate::i18n::{format, lang, t};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use tessera::ErrorCode;
use tessera::redirect::{LocalPath, encode_query_value};

/// The `next` query parameter, if it is a safe local path.
fn next_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("next")
            .and_then(|n| LocalPath::parse(&n))
            .map(|p| p.as_str().to_owned())
    })
}

/// What the visitor was doing when asked to sign in or sign up (`next`
/// carries it): the course, its date and what it costs, so the page says
/// what happens after.
#[component]
fn YoureBooking(next: Memo<Option<String>>) -> impl IntoView {
    use crate::components::local_time::CourseTime;
    use tessera::intent::Intent;
    let intent = Memo::new(move |_| next.get().and_then(|n| Intent::of(&n)));
    let lang = lang();
    let course = Resource::new(
        move || intent.get().map(Intent::course),
        |id| async move {
            match id {
                Some(id) => crate::api::catalog::get_course(id).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let page = course.await?;
                let intent = intent.get_untracked()?;
                let c = page.course;
                let seats = intent.seats().get();
                let what = match intent {
                    Intent::Book { .. } => t!(lang, "youre-booking", seats = seats),
                    Intent::Wait { .. } => t!(lang, "youre-waiting"),
                };
                let price = match intent {
                    Intent::Book { .. } if c.price.is_free() => Some(t!(lang, "price-free")),
                    Intent::Book { .. } => c.price.money().checked_mul(i64::from(seats)).ok().map(|m| format::money(lang, m)),
                    Intent::Wait { .. } => None,
                };
                let after = match intent {
                    Intent::Book { .. } if c.price.is_free() => t!(lang, "youre-in-free"),
                    Intent::Book { .. } => t!(lang, "youre-in-pay"),
                    Intent::Wait { .. } => t!(lang, "youre-in-wait"),
                };
                let when = tessera::venue::VenueTime { at: c.starts_at, zone: c.starts_zone.clone() };
                Some(view! {
                    <div class="mt-4 rounded-xl border border-teal-200 bg-teal-50 px-4 py-3 text-sm" data-testid="youre-booking">
                        <p class="text-teal-900">{what}</p>
                        <p class="mt-1 font-semibold text-stone-900">{c.title.clone()}</p>
                        <p class="text-stone-700"><CourseTime at=when />{price.map(|p| format!(" · {p}"))}</p>
                        <p class="mt-1 text-teal-900">{after}</p>
                    </div>
                })
            })}
        </Suspense>
    }
}

/// The sign-in form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let next = next_param();
    let action = ServerAction::<Login>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let message = NodeRef::<leptos::html::P>::new();
    let failure = move || action.value().get().and_then(Result::err);
    focus_on_refusal(
        failure,
        &[("email", "email"), ("password", "password")],
        message,
    );
    // A failed attempt clears the password, never the email.
    Effect::new(move |_| {
        if failure().is_some()
            && let Some(input) = password.get()
        {
            input.set_value("");
        }
    });
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let signup_href = move || match next.get() {
        Some(n) => format!("/signup?next={}", encode_query_value(&n)),
        None => "/signup".to_owned(),
    };
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=t!(lang, "sign-in") />
        <Meta name="description" content=t!(lang, "login-description") />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "sign-in")}</h1>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "login-lead")}</p>
            <YoureBooking next />
            <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default() />
                <TimeZoneField />
                <Field label=t!(lang, "field-email") name="email" kind="email" autocomplete="email" error=field("email") />
                <Field label=t!(lang, "field-password") name="password" kind="password" autocomplete="current-password" error=field("password") node_ref=password />
                {move || failure().filter(|e| e.code() != ErrorCode::Validation || e.0.fields.is_empty()).map(|e| view! {
                    <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
                })}
                <SubmitButton pending=action.pending() label=t!(lang, "sign-in") busy=t!(lang, "signing-in") />
            </ActionForm>
            <crate::components::passkey::PasskeySignIn next=next.get_untracked() words=crate::components::passkey::SignInWords::new(lang) />
            <p class="mt-4 text-center text-sm">
                <a href="/forgot-password" class="font-semibold text-teal-700 hover:underline">{t!(lang, "forgot-password")}</a>
            </p>
            <p class="mt-2 text-center text-sm text-stone-600">
                {t!(lang, "new-to-tessera")} " "
                <a href=signup_href class="font-semibold text-teal-700 hover:underline">{t!(lang, "create-an-account")}</a>
            </p>
        </div>
    }
}

/// The sign-up form.
#[component]
pub fn SignupPage() -> impl IntoView {
    let next = next_param();
    let action = ServerAction::<Signup>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let message = NodeRef::<leptos::html::P>::new();
    let failure = move || action.value().get().and_then(Result::err);
    focus_on_refusal(
        failure,
        &[
            ("display_name", "display_name"),
            ("email", "email"),
            ("password", "password"),
        ],
        message,
    );
    Effect::new(move |_| {
        if failure().is_some()
            && let Some(input) = password.get()
        {
            input.set_value("");
        }
    });
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let login_href = move || match next.get() {
        Some(n) => format!("/login?next={}", encode_query_value(&n)),
        None => "/login".to_owned(),
    };
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=t!(lang, "create-an-account") />
        <Meta name="description" content=t!(lang, "signup-description") />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "create-an-account")}</h1>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "signup-lead")}</p>
            <YoureBooking next />
            <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default() />
                <TimeZoneField />
                <Field label=t!(lang, "field-your-name") name="display_name" autocomplete="name" error=field("display_name") />
                <Field label=t!(lang, "field-email") name="email" kind="email" autocomplete="email" error=field("email") />
                <Field label=t!(lang, "field-password") name="password" kind="password" autocomplete="new-password" error=field("password") hint=t!(lang, "password-hint") node_ref=password />
                {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                    <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
                })}
                <SubmitButton pending=action.pending() label=t!(lang, "create-account") busy=t!(lang, "creating-account") />
            </ActionForm>
            <p class="mt-4 text-center text-sm text-stone-600">
                {t!(lang, "have-an-account")} " "
                <a href=login_href class="font-semibold text-teal-700 hover:underline" data-testid="sign-in-instead">{t!(lang, "sign-in")}</a>
            </p>
        </div>
    }
}

/// After signing up: the same page for a new address and a taken one.
#[component]
pub fn SignupSentPage() -> impl IntoView {
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=t!(lang, "check-inbox") />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "check-inbox")}</h1>
            <p role="status" class="mt-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="signup-sent">
                {t!(lang, "signup-sent")}
            </p>
            <p class="mt-4 text-sm text-stone-600">
                {t!(lang, "signup-sent-nothing")} " "
                <a href="/login" class="font-semibold text-teal-700 hover:underline">{t!(lang, "signup-sent-sign-in")}</a>
                " · "
                <a href="/forgot-password" class="font-semibold text-teal-700 hover:underline">{t!(lang, "signup-sent-new-password")}</a>
            </p>
        </div>
    }
}

/// "Forgot your password?": the address to send a link to, then the same
/// "check your inbox" whether an account has it or not.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let sent = Memo::new(move |_| query.read().get("sent").is_some());
    let action = ServerAction::<RequestPasswordReset>::new();
    let message = NodeRef::<leptos::html::P>::new();
    let failure = move || action.value().get().and_then(Result::err);
    focus_on_refusal(failure, &[("email", "email")], message);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=t!(lang, "forgot-password") />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "forgot-password")}</h1>
            {move || if sent.get() {
                view! {
                    <p role="status" class="mt-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="reset-sent">
                        {t!(lang, "forgot-sent")}
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="mt-1 text-sm text-stone-600">{t!(lang, "forgot-lead")}</p>
                }.into_any()
            }}
            <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <Field label=t!(lang, "field-email") name="email" kind="email" autocomplete="email" error=field("email") />
                {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                    <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
                })}
                <SubmitButton pending=action.pending() label=t!(lang, "forgot-send") busy=t!(lang, "accounts-sending") />
            </ActionForm>
            <p class="mt-4 text-center text-sm text-stone-600">
                {t!(lang, "forgot-remembered")} " "
                <a href="/login" class="font-semibold text-teal-700 hover:underline">{t!(lang, "sign-in")}</a>
            </p>
        </div>
    }
}

/// The page a reset link opens: a new password, if the link still works.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let works = Resource::new(move || token.get(), reset_link_works);
    let action = ServerAction::<ResetPassword>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let message = NodeRef::<leptos::html::P>::new();
    let failure = move || action.value().get().and_then(Result::err);
    focus_on_refusal(failure, &[("password", "password")], message);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let expired = move || failure().is_some_and(|e| e.code() == ErrorCode::ResetLinkInvalid);
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=t!(lang, "reset-title") />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "reset-title")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if !works.await.unwrap_or(false) || expired() {
                        return view! {
                            <p role="alert" class="mt-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="reset-link-invalid">
                                {ErrorCode::ResetLinkInvalid.message(lang)}
                            </p>
                            <p class="mt-4 text-sm">
                                <a href="/forgot-password" class="font-semibold text-teal-700 hover:underline">{t!(lang, "reset-new-link")}</a>
                            </p>
                        }.into_any();
                    }
                    view! {
                        <p class="mt-1 text-sm text-stone-600">{t!(lang, "reset-lead")}</p>
                        <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                            <input type="hidden" name="token" value=move || token.get() />
                            <Field label=t!(lang, "field-new-password") name="password" kind="password" autocomplete="new-password" error=field("password") hint=t!(lang, "password-hint") node_ref=password />
                            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                                <p role="alert" tabindex="-1" autofocus node_ref=message class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
                            })}
                            <SubmitButton pending=action.pending() label=t!(lang, "reset-submit") busy=t!(lang, "accounts-saving") />
                        </ActionForm>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

/// The page a confirmation link opens: one button that confirms the
/// address and signs in. A button, not the link itself: mail scanners
/// open links, and would use it up.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let next = next_param();
    let works = Resource::new(
        move || token.get(),
        |t| account_link_works(t, "confirm".to_owned()),
    );
    let action = ServerAction::<ConfirmEmail>::new();
    let lang = lang();
    view! {
        <LinkPage title=t!(lang, "confirm-email-title") works failure=Signal::derive(move || action.value().get().and_then(Result::err))>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "confirm-email-lead")}</p>
            <YoureBooking next />
            <ActionForm action attr:class="mt-6 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <input type="hidden" name="token" value=move || token.get() />
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default() />
                <SubmitButton pending=action.pending() label=t!(lang, "confirm-email-submit") busy=t!(lang, "confirm-email-busy") />
            </ActionForm>
        </LinkPage>
    }
}

/// The page an email change link opens (at the new address).
#[component]
pub fn ChangeEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let works = Resource::new(
        move || token.get(),
        |t| account_link_works(t, "change".to_owned()),
    );
    let action = ServerAction::<ChangeEmail>::new();
    let lang = lang();
    view! {
        <LinkPage title=t!(lang, "change-email-title") works failure=Signal::derive(move || action.value().get().and_then(Result::err))>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "change-email-lead")}</p>
            <ActionForm action attr:class="mt-6 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <input type="hidden" name="token" value=move || token.get() />
                <SubmitButton pending=action.pending() label=t!(lang, "change-email-submit") busy=t!(lang, "accounts-saving") />
            </ActionForm>
        </LinkPage>
    }
}

/// The page an admin invitation opens: a password, then the admin pages.
#[component]
pub fn AcceptInvitePage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let works = Resource::new(
        move || token.get(),
        |t| account_link_works(t, "invite".to_owned()),
    );
    let action = ServerAction::<AcceptInvitation>::new();
    let password = NodeRef::<leptos::html::Input>::new();
    let message = NodeRef::<leptos::html::P>::new();
    let failure = move || action.value().get().and_then(Result::err);
    focus_on_refusal(failure, &[("password", "password")], message);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    let lang = lang();
    view! {
        <LinkPage title=t!(lang, "invite-title") works failure=Signal::derive(move || failure().filter(|e| e.code() == ErrorCode::LinkInvalid))>
            <p class="mt-1 text-sm text-stone-600">{t!(lang, "invite-lead")}</p>
            <ActionForm action attr:novalidate=true attr:class="mt-6 space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
                <input type="hidden" name="token" value=move || token.get() />
                <Field label=t!(lang, "field-password") name="password" kind="password" autocomplete="new-password" error=field("password") hint=t!(lang, "password-hint") node_ref=password />
                <SubmitButton pending=action.pending() label=t!(lang, "invite-submit") busy=t!(lang, "accounts-saving") />
            </ActionForm>
        </LinkPage>
    }
}

/// A page a link from an email opens: its form while the link works, and
/// what to do instead once it has expired or been used.
#[component]
fn LinkPage(
    title: String,
    works: Resource<Result<bool, crate::error::AppError>>,
    #[prop(into)] failure: Signal<Option<crate::error::AppError>>,
    children: ChildrenFn,
) -> impl IntoView {
    let failure = move || failure.get();
    let spent = move || failure().is_some_and(|e| e.code() == ErrorCode::LinkInvalid);
    let children = StoredValue::new(children);
    let lang = lang();
    view! {
        <NoIndex />
        <Title text=title.clone() />
        <div class="mx-auto max-w-sm">
            <h1 class="text-2xl font-semibold tracking-tight">{title}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if !works.await.unwrap_or(false) || spent() {
                        let message = failure()
                            .filter(|e| e.code() == ErrorCode::LinkInvalid)
                            .map(|e| e.message().to_owned())
                            .unwrap_or_else(|| ErrorCode::LinkInvalid.message(lang));
                        return view! {
                            <p role="alert" class="mt-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="link-invalid">
                                {message}
                            </p>
                            <p class="mt-4 text-sm text-stone-600">
                                {t!(lang, "link-sign-in-for-new")} " "
                                <a href="/login" class="font-semibold text-teal-700 hover:underline">{t!(lang, "sign-in")}</a>
                            </p>
                        }.into_any();
                    }
                    view! {
                        {children.with_value(|c| c())}
                        {move || failure().filter(|e| e.code() != ErrorCode::LinkInvalid).map(|e| view! {
                            <p role="alert" class="mt-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

/// A hidden field carrying the browser's time zone (filled in once the
/// page runs), so emails show course times the way the person reads them.
#[component]
fn TimeZoneField() -> impl IntoView {
    view! { <input type="hidden" name="time_zone" value="" data-browser-zone="" /> }
}
