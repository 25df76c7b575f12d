#![recursion_limit = "256"]
//! Tessera's user interface: Leptos components, routes and the server
//! functions they call. Built twice: with `ssr` into the server, with
//! `hydrate` into the WASM front end.

pub mod api;
pub mod auth;
pub mod components;
pub mod error;
pub mod pages;
mod parts;

use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};
use pages::{courses::CoursesPage, home::HomePage, not_found::NotFound};
use parts::*;

/// Present (as context) when the site runs on the Stripe simulator because
/// its operator said so (`STRIPE_SIMULATOR=on`): every page then carries a
/// "Test mode" banner, drawn by the stylesheet from the body's attribute so
/// that hydration never sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestMode;

/// The banner's words.
pub const TEST_MODE_BANNER: &str = "Test mode: payments are simulated and no money is taken. Use Stripe's test card 4242 4242 4242 4242.";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let test_mode = use_context::<TestMode>().map(|_| TEST_MODE_BANNER);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body
                class="min-h-screen bg-stone-50 text-stone-900 antialiased"
                data-test-mode=test_mode
            >
                <App />
            </body>
        </html>
    }
}

/// The document title. On the server leptos_meta writes it into `<title>`
/// as it is, so it is escaped there (a course title is whatever an admin
/// typed); in the browser it becomes `document.title`, which is plain text.
fn page_title(page: String) -> String {
    let title = if page.is_empty() {
        "Tessera".to_owned()
    } else {
        format!("{page} · Tessera")
    };
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

/// The application: routes inside the shared layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    pages::courses::provide_last_catalog_view();
    view! {
        <Title formatter=page_title />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/courses") view=CoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id") view={Lazy::<CourseRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signup/sent") view={Lazy::<SignupSentRoute>::new()} />
                    <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} />
                    <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/confirm-email") view={Lazy::<ConfirmEmailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/change-email") view={Lazy::<ChangeEmailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accept-invite") view={Lazy::<AcceptInviteRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/:id") view={Lazy::<PersonRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bookings") view={Lazy::<BookingsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/bookings/:id") view={Lazy::<BookingDetailRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/payment/success") view={Lazy::<PaymentSuccessRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/payment/cancel") view={Lazy::<PaymentCancelRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/teaching") view={Lazy::<TeachingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/teaching/:id") view={Lazy::<DoorListRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/instructors/:id") view={Lazy::<InstructorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/imprint") view={Lazy::<LegalRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view={Lazy::<LegalRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/terms") view={Lazy::<LegalRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses") view={Lazy::<AdminCoursesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/new") view={Lazy::<CourseFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/:id") view={Lazy::<CourseFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/:id/roster") view={Lazy::<RosterRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers") view={Lazy::<VouchersRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/invoices") view={Lazy::<InvoicesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/site") view={Lazy::<SiteRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/topics") view={Lazy::<TopicsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers/new") view={Lazy::<VoucherFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers/:id") view={Lazy::<VoucherFormRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
