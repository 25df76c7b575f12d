//! Client-side counterparts of the server's access rules, for navigation
//! that never reaches the server, plus the shared current-user resource.

use crate::auth::{CurrentUser, who_am_i};
use crate::components::suspend::suspend;
use crate::error::AppError;
use crate::hydration::{PageData, page_resource};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use tessera::redirect::encode_query_value;

/// The signed-in person, refreshed on every navigation.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>, PageData>);

/// Creates the resource and puts it in context (once, in the layout).
pub fn provide_user_resource() -> UserResource {
    let location = use_location();
    let res = UserResource(page_resource(
        move || location.pathname.get(),
        |_| who_am_i(),
    ));
    provide_context(res);
    res
}

/// The shared resource.
pub fn use_user() -> UserResource {
    expect_context::<UserResource>()
}

/// `<meta name="robots" content="noindex">` for pages that are not the catalog.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex" /> }
}

/// Renders `children` for a signed-in person; sends anyone else to sign in.
#[component]
pub fn RequireUser(#[prop(optional)] admin: bool, children: ChildrenFn) -> impl IntoView {
    let user = use_user().0;
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <NoIndex />
        <Suspense fallback=|| view! { <Loading /> }>
            {move || suspend(async move {
                match user.await {
                    Ok(Some(u)) if !admin || u.is_admin() => children.read_value()().into_any(),
                    Ok(Some(_)) => view! { <Forbidden /> }.into_any(),
                    Ok(None) => {
                        let search = location.search.get_untracked();
                        let search = search.trim_start_matches('?');
                        let pathname = location.pathname.get_untracked();
                        let here = if search.is_empty() { pathname } else { format!("{pathname}?{search}") };
                        let path = format!("/login?next={}", encode_query_value(&here));
                        view! { <Redirect path /> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The 403 page body.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::api::ssr::set_status(403);
    view! {
        <section class="mx-auto max-w-md py-16 text-center">
            <p class="text-sm font-semibold uppercase tracking-wide text-rose-700">"403"</p>
            <h1 class="mt-2 text-2xl font-semibold">"This page is for administrators."</h1>
            <p class="mt-2 text-stone-600">"You're signed in, but your account can't open it."</p>
            <a href="/courses" class="mt-6 inline-block rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">
                "Back to the catalog"
            </a>
        </section>
    }
}
