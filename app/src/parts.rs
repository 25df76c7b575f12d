//! The pages the browser loads on demand, in four parts.
//!
//! Each part is a WebAssembly module of its own (`cargo leptos build
//! --split`), fetched when someone first opens one of its pages (and
//! preloaded by the server when such a page is the first one loaded), so
//! the catalog and the landing page, which most first visits open, carry
//! none of it. Pages are grouped by who opens them together: code that
//! several parts share is split again into small chunks of its own, one
//! per set of parts using it, so a route per page (eleven parts) made a
//! course's page fetch some sixty chunks; three parts make a handful. What
//! it buys is in docs/performance.md.

use crate::pages::account::AccountPage;
use crate::pages::admin::{
    course_form::CourseFormPage,
    courses::AdminCoursesPage,
    invoices::{InvoicesPage, SitePage},
    people::{PeoplePage, PersonPage},
    roster::RosterPage,
    topics::TopicsPage,
    vouchers::{VoucherFormPage, VouchersPage},
};
use crate::pages::bookings::{BookingDetailPage, BookingsPage};
use crate::pages::course_detail::CourseDetailPage;
use crate::pages::legal::LegalDocument;
use crate::pages::login::{
    AcceptInvitePage, ChangeEmailPage, ConfirmEmailPage, ForgotPasswordPage, LoginPage,
    ResetPasswordPage, SignupPage, SignupSentPage,
};
use crate::pages::payment::{PaymentCancelPage, PaymentSuccessPage};
use crate::pages::teaching::{DoorListPage, InstructorPage, TeachingPage};
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A course's page: the one a newsletter link opens first, so it carries
/// nothing else (measured in docs/performance.md).
#[lazy]
fn course_part() -> AnyView {
    view! { <CourseDetailPage /> }.into_any()
}

/// On the way to a booking: signing in, signing up, a forgotten password,
/// the links emails carry.
#[derive(Clone, Copy)]
enum Visitor {
    Login,
    Signup,
    SignupSent,
    ForgotPassword,
    ResetPassword,
    ConfirmEmail,
    ChangeEmail,
    AcceptInvite,
    Instructor,
    Legal,
}

#[lazy]
fn visitor_part(page: Visitor) -> AnyView {
    match page {
        Visitor::Login => view! { <LoginPage /> }.into_any(),
        Visitor::Signup => view! { <SignupPage /> }.into_any(),
        Visitor::SignupSent => view! { <SignupSentPage /> }.into_any(),
        Visitor::ForgotPassword => view! { <ForgotPasswordPage /> }.into_any(),
        Visitor::ResetPassword => view! { <ResetPasswordPage /> }.into_any(),
        Visitor::ConfirmEmail => view! { <ConfirmEmailPage /> }.into_any(),
        Visitor::ChangeEmail => view! { <ChangeEmailPage /> }.into_any(),
        Visitor::AcceptInvite => view! { <AcceptInvitePage /> }.into_any(),
        Visitor::Instructor => view! { <InstructorPage /> }.into_any(),
        Visitor::Legal => view! { <LegalDocument /> }.into_any(),
    }
}

/// A member's own pages: bookings, a booking, the way back from paying, the
/// account; an instructor's courses and door lists.
#[derive(Clone, Copy)]
enum Member {
    Bookings,
    BookingDetail,
    PaymentSuccess,
    PaymentCancel,
    Account,
    Teaching,
    DoorList,
}

#[lazy]
fn member_part(page: Member) -> AnyView {
    match page {
        Member::Bookings => view! { <BookingsPage /> }.into_any(),
        Member::BookingDetail => view! { <BookingDetailPage /> }.into_any(),
        Member::PaymentSuccess => view! { <PaymentSuccessPage /> }.into_any(),
        Member::PaymentCancel => view! { <PaymentCancelPage /> }.into_any(),
        Member::Account => view! { <AccountPage /> }.into_any(),
        Member::Teaching => view! { <TeachingPage /> }.into_any(),
        Member::DoorList => view! { <DoorListPage /> }.into_any(),
    }
}

/// The back office.
#[derive(Clone, Copy)]
enum BackOffice {
    Courses,
    CourseForm,
    Roster,
    People,
    Person,
    Vouchers,
    VoucherForm,
    Invoices,
    Site,
    Topics,
}

#[lazy]
fn back_office_part(page: BackOffice) -> AnyView {
    match page {
        BackOffice::Courses => view! { <AdminCoursesPage /> }.into_any(),
        BackOffice::CourseForm => view! { <CourseFormPage /> }.into_any(),
        BackOffice::Roster => view! { <RosterPage /> }.into_any(),
        BackOffice::People => view! { <PeoplePage /> }.into_any(),
        BackOffice::Person => view! { <PersonPage /> }.into_any(),
        BackOffice::Vouchers => view! { <VouchersPage /> }.into_any(),
        BackOffice::VoucherForm => view! { <VoucherFormPage /> }.into_any(),
        BackOffice::Invoices => view! { <InvoicesPage /> }.into_any(),
        BackOffice::Site => view! { <SitePage /> }.into_any(),
        BackOffice::Topics => view! { <TopicsPage /> }.into_any(),
    }
}

/// A route drawing one page of a part: what `#[lazy_route]` writes for a
/// part of one page, `preload` included (it awaits the part's module, named
/// `__preload_<part>` by `#[lazy]`, the way `#[lazy_route]` names it). The
/// router awaits `preload` before it hydrates a page loaded first: without
/// it a part's page never hydrates (measured: `end2end/first-load.mjs`
/// timed out on a course's page). It exists in the browser build only.
macro_rules! on_demand {
    ($route:ident, $part:ident, $preload:ident) => {
        on_demand!(@route $route, $part(), $preload);
    };
    ($route:ident, $part:ident, $preload:ident, $page:expr) => {
        on_demand!(@route $route, $part($page), $preload);
    };
    (@route $route:ident, $call:expr, $preload:ident) => {
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $call.await
            }

            async fn preload() {
                #[cfg(target_arch = "wasm32")]
                $preload().await;
            }
        }
    };
}

#[rustfmt::skip]
mod routes {
    use super::*;
    on_demand!(CourseRoute, course_part, __preload_course_part);
    on_demand!(LoginRoute, visitor_part, __preload_visitor_part, Visitor::Login);
    on_demand!(SignupRoute, visitor_part, __preload_visitor_part, Visitor::Signup);
    on_demand!(SignupSentRoute, visitor_part, __preload_visitor_part, Visitor::SignupSent);
    on_demand!(ForgotPasswordRoute, visitor_part, __preload_visitor_part, Visitor::ForgotPassword);
    on_demand!(ResetPasswordRoute, visitor_part, __preload_visitor_part, Visitor::ResetPassword);
    on_demand!(ConfirmEmailRoute, visitor_part, __preload_visitor_part, Visitor::ConfirmEmail);
    on_demand!(ChangeEmailRoute, visitor_part, __preload_visitor_part, Visitor::ChangeEmail);
    on_demand!(AcceptInviteRoute, visitor_part, __preload_visitor_part, Visitor::AcceptInvite);
    on_demand!(PeopleRoute, back_office_part, __preload_back_office_part, BackOffice::People);
    on_demand!(PersonRoute, back_office_part, __preload_back_office_part, BackOffice::Person);
    on_demand!(BookingsRoute, member_part, __preload_member_part, Member::Bookings);
    on_demand!(BookingDetailRoute, member_part, __preload_member_part, Member::BookingDetail);
    on_demand!(PaymentSuccessRoute, member_part, __preload_member_part, Member::PaymentSuccess);
    on_demand!(PaymentCancelRoute, member_part, __preload_member_part, Member::PaymentCancel);
    on_demand!(AccountRoute, member_part, __preload_member_part, Member::Account);
    on_demand!(TeachingRoute, member_part, __preload_member_part, Member::Teaching);
    on_demand!(DoorListRoute, member_part, __preload_member_part, Member::DoorList);
    on_demand!(InstructorRoute, visitor_part, __preload_visitor_part, Visitor::Instructor);
    on_demand!(LegalRoute, visitor_part, __preload_visitor_part, Visitor::Legal);
    on_demand!(AdminCoursesRoute, back_office_part, __preload_back_office_part, BackOffice::Courses);
    on_demand!(CourseFormRoute, back_office_part, __preload_back_office_part, BackOffice::CourseForm);
    on_demand!(RosterRoute, back_office_part, __preload_back_office_part, BackOffice::Roster);
    on_demand!(VouchersRoute, back_office_part, __preload_back_office_part, BackOffice::Vouchers);
    on_demand!(VoucherFormRoute, back_office_part, __preload_back_office_part, BackOffice::VoucherForm);
    on_demand!(InvoicesRoute, back_office_part, __preload_back_office_part, BackOffice::Invoices);
    on_demand!(SiteRoute, back_office_part, __preload_back_office_part, BackOffice::Site);
    on_demand!(TopicsRoute, back_office_part, __preload_back_office_part, BackOffice::Topics);
}
pub use routes::*;
