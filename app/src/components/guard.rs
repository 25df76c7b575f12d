//! Client-side counterparts of the server's access rules, for navigation
//! that never reaches the server, plus the shared current-user resource.

use crate::auth::{CurrentUser, who_am_i};
use crate::error::AppError;
use crate::i18n::{lang, t};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use tessera::redirect::encode_query_value;

/// The signed-in person, asked again on every navigation; each answer
/// carries the path it was asked for, so a page can tell a fresh answer from
/// the last page's (after signing in, the last page's says "signed out").
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<(String, Result<Option<CurrentUser>, AppError>)>);

/// Creates the resource and puts it in context (once, in the layout).
pub fn provide_user_resource() -> UserResource {
    let location = use_location();
    let res = UserResource(Resource::new(
        move || location.pathname.get(),
        |path| async move { (path, who_am_i().await) },
    ));
    provide_context(res);
    res
}

/// The shared resource.
pub fn use_user() -> UserResource {
    expect_context::<UserResource>()
}

/// The signed-in person, read without waiting: `None` while not yet known.
/// On the server it comes from the request; in the browser from the
/// header's resource (its value arrives with the page, and again after each
/// navigation). The header is that resource's one reader in a Suspense:
/// one resource awaited in two Suspense boundaries can leave a streamed
/// page unfinished (leptos-rs/leptos#4851).
pub fn known_user() -> Signal<Option<Option<CurrentUser>>> {
    #[cfg(feature = "ssr")]
    {
        let now = crate::auth::ssr::signed_in_on_request();
        Signal::derive(move || Some(now.clone()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let user = use_user().0;
        let location = use_location();
        // An answer for another path is the last page's: not known yet.
        Signal::derive(move || {
            user.get()
                .filter(|(path, _)| *path == location.pathname.get())
                .and_then(|(_, answer)| answer.ok())
        })
    }
}

/// The signed-in person, if known to be signed in.
pub fn signed_in() -> Signal<Option<CurrentUser>> {
    let known = known_user();
    Signal::derive(move || known.get().flatten())
}

/// `<meta name="robots" content="noindex">` for pages that are not the catalog.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex" /> }
}

/// Who may see a page, decided once per render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Allowed,
    SignIn,
    Forbidden,
}

impl Access {
    fn of(user: Option<&CurrentUser>, admin: bool) -> Access {
        match user {
            Some(u) if !admin || u.is_admin() => Access::Allowed,
            Some(_) => Access::Forbidden,
            None => Access::SignIn,
        }
    }
}

/// Renders `children` for a signed-in person; sends anyone else to sign in.
///
/// No `<Suspense>`: it reads [`known_user`] (the server's guard has already
/// sent signed-out visitors of these pages to sign in).
#[component]
pub fn RequireUser(#[prop(optional)] admin: bool, children: ChildrenFn) -> impl IntoView {
    let location = use_location();
    let known = known_user();
    // Not known yet (loading after a navigation): the page's own data call
    // is refused by the server if the session has gone.
    let access = Memo::new(move |_| match known.get() {
        Some(user) => Access::of(user.as_ref(), admin),
        None => Access::Allowed,
    });
    let children = StoredValue::new(children);
    view! {
        <NoIndex />
        {move || match access.get() {
            Access::Allowed => children.read_value()().into_any(),
            Access::Forbidden => view! { <Forbidden /> }.into_any(),
            Access::SignIn => {
                let search = location.search.get_untracked();
                let search = search.trim_start_matches('?');
                let pathname = location.pathname.get_untracked();
                let here = if search.is_empty() { pathname } else { format!("{pathname}?{search}") };
                let path = format!("/login?next={}", encode_query_value(&here));
                view! { <Redirect path /> }.into_any()
            }
        }}
    }
}

/// The 403 page body.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::ssr::set_status(403);
    let lang = lang();
    view! {
        <section class="mx-auto max-w-md py-16 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-rose-700">"403"</p>
            <h1 class="mt-2 text-2xl font-semibold">{t!(lang, "forbidden-title")}</h1>
            <p class="mt-2 text-stone-600">{t!(lang, "forbidden-why")}</p>
            <a href="/courses" class="mt-6 inline-block rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">
                {t!(lang, "forbidden-back")}
            </a>
        </section>
    }
}
