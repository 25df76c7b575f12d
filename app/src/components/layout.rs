//! The frame around every page: header, main column, footer.

use crate::components::guard::{provide_user_resource, signed_in};
use crate::i18n::{Lang, lang, t};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

const NAV_LINK: &str = "hover:text-teal-700";

/// Header with navigation and the signed-in person, the page, a footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let user = provide_user_resource().0;
    let lang = lang();
    let operator = Resource::new(|| (), |_| crate::api::site::operator_contact());
    // A form sent without JavaScript comes back to its page with its
    // refusal in the URL (`__path`, `__err`: server_fn's redirect); the
    // page's `ServerAction` takes it from here and shows it as if the form
    // had been sent from the page.
    let query = use_query_map();
    query.with_untracked(|q| {
        if let (Some(path), Some(err)) = (q.get("__path"), q.get("__err")) {
            provide_context(leptos::server::ServerActionError::new(&path, &err));
        }
        // Its success likewise (`__ok`, added by the server).
        if let Some(path) = q.get("__ok") {
            provide_context(crate::components::forms::PlainFormSucceeded(path));
        }
    });
    view! {
        <div class="flex min-h-screen flex-col">
            <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-teal-800 focus:shadow">
                {t!(lang, "skip-to-content")}
            </a>
            <header class="border-b border-stone-200 bg-white/90 backdrop-blur">
                <nav class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-3 gap-y-2 px-4 py-3" aria-label=t!(lang, "nav-main")>
                    <A href="/" attr:class="flex items-center gap-2 text-lg font-semibold tracking-tight text-stone-900">
                        <span aria-hidden="true" class="grid h-7 w-7 place-items-center rounded-md bg-teal-700 text-sm font-bold text-white">"T"</span>
                        "Tessera"
                    </A>
                    <div class="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 whitespace-nowrap text-sm font-medium text-stone-600 sm:gap-x-5">
                        <A href="/courses" attr:class=NAV_LINK>{t!(lang, "nav-courses")}</A>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                match user.await.1.ok().flatten() {
                                    Some(u) => view! {
                                        <A href="/bookings" attr:class=NAV_LINK>{t!(lang, "nav-my-bookings")}</A>
                                        {u.teaches.then(|| view! { <A href="/teaching" attr:class=NAV_LINK>{t!(lang, "nav-teaching")}</A> })}
                                        {u.is_admin().then(|| view! { <A href="/admin/courses" attr:class=NAV_LINK>{t!(lang, "nav-admin")}</A> })}
                                        <A href="/account" attr:class="max-w-20 truncate text-stone-900 hover:text-teal-700 sm:max-w-40" attr:data-testid="signed-in-as">{u.display_name.clone()}</A>
                                        <form method="post" action="/logout">
                                            <button type="submit" class="rounded-md border border-stone-300 px-3 py-1.5 hover:border-teal-600 hover:text-teal-700">{t!(lang, "sign-out")}</button>
                                        </form>
                                    }.into_any(),
                                    None => view! {
                                        <A href="/login" attr:class=NAV_LINK>{t!(lang, "sign-in")}</A>
                                        <A href="/signup" attr:class="rounded-md bg-teal-700 px-3 py-1.5 text-white hover:bg-teal-800">{t!(lang, "sign-up")}</A>
                                    }.into_any(),
                                }
                            })}
                        </Transition>
                        <LanguageSwitch lang />
                    </div>
                </nav>
            </header>
            <main id="main" tabindex="-1" class="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none">
                <Unconfirmed />
                <Welcome />
                {children()}
            </main>
            <footer class="border-t border-stone-200 px-4 py-6 text-center text-sm text-stone-600" data-testid="site-footer">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        operator.await.ok().flatten().map(|c| view! {
                            <p data-testid="operator-contact">
                                <span class="font-medium text-stone-800">{c.name.clone()}</span>
                                {(!c.email.is_empty()).then(|| view! { " · " <a href=format!("mailto:{}", c.email) class="underline-offset-2 hover:text-teal-700 hover:underline">{c.email.clone()}</a> })}
                                {(!c.phone.is_empty()).then(|| view! { " · " <a href=format!("tel:{}", c.phone.replace(' ', "")) class="underline-offset-2 hover:text-teal-700 hover:underline">{c.phone.clone()}</a> })}
                            </p>
                        })
                    })}
                </Transition>
                <nav aria-label=t!(lang, "nav-about") class="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1">
                    <A href="/imprint" attr:class="hover:text-teal-700 hover:underline">{t!(lang, "imprint")}</A>
                    <A href="/privacy" attr:class="hover:text-teal-700 hover:underline">{t!(lang, "privacy")}</A>
                    <A href="/terms" attr:class="hover:text-teal-700 hover:underline">{t!(lang, "terms")}</A>
                </nav>
                <p class="mt-2 text-xs text-stone-500">{t!(lang, "booked-with")}</p>
            </footer>
        </div>
        <PageReady your_time=t!(lang, "your-time", time = "{time}") />
    }
}

/// The other languages, each a button in its own language: a plain form
/// (`server/src/language.rs`) that comes back to this same page.
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    let location = use_location();
    // The router's `search` comes without its `?`.
    let (path, search) = (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    );
    let here = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    view! {
        <form method="post" action="/language" aria-label=t!(lang, "language-switch") data-testid="language-switch">
            <input type="hidden" name="back" value=here />
            {Lang::ALL.into_iter().filter(|l| *l != lang).map(|other| view! {
                <button type="submit" name="lang" value=other.tag() lang=other.tag() class="rounded-md px-1 py-1.5 hover:text-teal-700" data-testid="language">
                    {other.own_name()}
                </button>
            }).collect_view()}
        </form>
    }
}

/// Runs once the page's code has loaded: times turn to the reader's clock,
/// forms that send the browser's time zone get it, and the body is marked
/// for the end-to-end suite. Islands come to life in document order and
/// this one is last, so the mark means every island on the page is live.
/// `your_time` is how the page's language says "{time} your time".
#[island]
fn PageReady(your_time: String) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    let _ = your_time;
    #[cfg(feature = "hydrate")]
    if let Some(body) = document().body() {
        crate::components::local_time::set_your_time(your_time);
        crate::components::local_time::localize(&body);
        crate::components::local_time::fill_browser_zone(&body);
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// A word on the first page after signing up (sign-up sends the new member
/// on with `?welcome`) or setting a new password (`?password_set`), for the
/// signed-in member only.
#[component]
fn Welcome() -> impl IntoView {
    let query = use_query_map();
    let user = signed_in();
    let lang = lang();
    move || {
        if query.read().get("account_deleted").is_some() {
            return Some(view! {
                <p role="status" class="mb-6 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900" data-testid="welcome">
                    {t!(lang, "welcome-account-deleted")}
                </p>
            }.into_any());
        }
        let name = user.get()?.display_name;
        let query = query.read();
        let text = if query.get("welcome").is_some() {
            t!(lang, "welcome-new", name = name)
        } else if query.get("password_set").is_some() {
            t!(lang, "welcome-password-set")
        } else {
            return None;
        };
        Some(view! {
            <p role="status" class="mb-6 rounded-lg bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900" data-testid="welcome">
                {text}
            </p>
        }.into_any())
    }
}

/// For a member who has not followed the link sent at sign-up: why they
/// cannot book yet, and the link again.
#[component]
fn Unconfirmed() -> impl IntoView {
    let user = signed_in();
    let action = ServerAction::<crate::auth::ResendConfirmation>::new();
    let sent = crate::components::forms::succeeded(action);
    let lang = lang();
    move || {
        let me = user.get().filter(|u| !u.email_confirmed)?;
        let answer = move || {
            match action.value().get() {
            Some(Err(e)) => Some(view! { <p role="alert" class="mt-2 font-medium text-rose-800">{e.message().to_owned()}</p> }.into_any()),
            _ if sent() => Some(view! { <p role="status" tabindex="-1" autofocus class="mt-2 font-medium">{t!(lang, "unconfirmed-sent")}</p> }.into_any()),
            _ => None,
        }
        };
        Some(view! {
            <div class="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="unconfirmed">
                <p>{t!(lang, "unconfirmed", email = me.email)}</p>
                <ActionForm action attr:class="mt-2">
                    <button type="submit" class="font-semibold text-teal-800 underline hover:text-teal-900" disabled=move || action.pending().get()>
                        {t!(lang, "unconfirmed-resend")}
                    </button>
                </ActionForm>
                {answer}
            </div>
        }.into_any())
    }
}
