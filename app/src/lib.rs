#![recursion_limit = "256"]
//! Tessera's user interface: Leptos components, routes and the server
//! functions they call. Built twice: with `ssr` into the server, with
//! `hydrate` into the WASM front end.

pub mod api;
pub mod auth;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;

use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use pages::account::AccountPage;
use pages::admin::{
    course_form::CourseFormPage,
    courses::AdminCoursesPage,
    invoices::{InvoicesPage, SitePage},
    people::{PeoplePage, PersonPage},
    roster::RosterPage,
    topics::TopicsPage,
    vouchers::{VoucherFormPage, VouchersPage},
};
use pages::bookings::{BookingDetailPage, BookingsPage};
use pages::course_detail::CourseDetailPage;
use pages::legal::LegalDocument;
use pages::login::{
    AcceptInvitePage, ChangeEmailPage, ConfirmEmailPage, ForgotPasswordPage, LoginPage,
    ResetPasswordPage, SignupPage, SignupSentPage,
};
use pages::payment::{PaymentCancelPage, PaymentSuccessPage};
use pages::teaching::{DoorListPage, InstructorPage, TeachingPage};
use pages::{courses::CoursesPage, home::HomePage, not_found::NotFound};

/// Present (as context) when the site runs on the Stripe simulator because
/// its operator said so (`STRIPE_SIMULATOR=on`): every page then carries a
/// "Test mode" banner, drawn by the stylesheet from the body's attribute so
/// that hydration never sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestMode;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Read from the request once; every component below asks the context.
    let lang = i18n::lang();
    provide_context(lang);
    let test_mode = use_context::<TestMode>().map(|_| i18n::t!(lang, "test-mode-banner"));
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body
                class="min-h-screen bg-stone-50 text-stone-900 antialiased"
                data-test-mode=test_mode
                data-unreachable=i18n::t!(lang, "unreachable")
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
    view! {
        <Title formatter=page_title />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/courses") view=CoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/courses/:id") view=CourseDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignupPage ssr=SsrMode::Async />
                    <Route path=path!("/signup/sent") view=SignupSentPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/confirm-email") view=ConfirmEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/change-email") view=ChangeEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/accept-invite") view=AcceptInvitePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people/:id") view=PersonPage ssr=SsrMode::Async />
                    <Route path=path!("/bookings") view=BookingsPage ssr=SsrMode::Async />
                    <Route path=path!("/bookings/:id") view=BookingDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/payment/success") view=PaymentSuccessPage ssr=SsrMode::Async />
                    <Route path=path!("/payment/cancel") view=PaymentCancelPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/teaching") view=TeachingPage ssr=SsrMode::Async />
                    <Route path=path!("/teaching/:id") view=DoorListPage ssr=SsrMode::Async />
                    <Route path=path!("/instructors/:id") view=InstructorPage ssr=SsrMode::Async />
                    <Route path=path!("/imprint") view=LegalDocument ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=LegalDocument ssr=SsrMode::Async />
                    <Route path=path!("/terms") view=LegalDocument ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses") view=AdminCoursesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/new") view=CourseFormPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/:id") view=CourseFormPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/courses/:id/roster") view=RosterPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers") view=VouchersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/invoices") view=InvoicesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/site") view=SitePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/topics") view=TopicsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers/new") view=VoucherFormPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/vouchers/:id") view=VoucherFormPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
