//! `/admin/people`: members and admins, searched by name or email, a page
//! at a time; inviting an admin; `/admin/people/{id}`: one person's
//! bookings, and blocking a member.

use crate::api::admin::{
    InviteAdmin, InviteInstructor, SetMemberBlocked, list_people, person_detail,
};
use crate::api::teaching::MakeInstructor;
use crate::components::forms::{BUTTON_CLASS, Field, INPUT_CLASS, succeeded};
use crate::components::guard::RequireUser;
use crate::components::local_time::CourseTime;
use crate::i18n::{Lang, format, lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use tessera::UserId;
use tessera::people::PersonRow;

/// The list of people.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .and_then(|p| tessera::catalog::PageNumber::new(p).ok())
            .unwrap_or_default()
    });
    let people = Resource::new(
        move || (search.get(), page.get()),
        |(q, page)| list_people(Some(q), Some(page)),
    );
    let link = move |page: u64| {
        let q = tessera::redirect::encode_query_value(&search.get());
        format!("/admin/people?q={q}&page={page}")
    };
    let lang = lang();
    view! {
        <Title text=t!(lang, "admin-title-people") />
        <RequireUser admin=true>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-semibold tracking-tight">{t!(lang, "admin-people")}</h1>
                <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-courses")}</a>
            </div>
            <form method="get" action="/admin/people" role="search" class="mt-4 flex max-w-md gap-2">
                <label for="people-q" class="sr-only">{t!(lang, "admin-people-search-label")}</label>
                <input id="people-q" name="q" type="search" placeholder=t!(lang, "admin-people-search-placeholder") class=INPUT_CLASS prop:value=move || search.get() />
                <button type="submit" class="rounded-lg border border-stone-300 px-4 text-sm font-semibold hover:border-teal-600">{t!(lang, "admin-search")}</button>
            </form>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(p) if p.people.is_empty() => view! {
                            <p class="mt-6 text-sm text-stone-600">{t!(lang, "admin-people-none")}</p>
                        }.into_any(),
                        Ok(p) => view! {
                            <ul class="mt-6 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white shadow-sm" data-testid="people">
                                {p.people.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                            </ul>
                            <nav class="mt-4 flex gap-4 text-sm" aria-label=t!(lang, "pages")>
                                {(p.page > 1).then(|| view! { <a href=link(p.page - 1) class="font-semibold text-teal-700 hover:underline">{t!(lang, "admin-newer")}</a> })}
                                {p.has_next.then(|| view! { <a href=link(p.page + 1) class="font-semibold text-teal-700 hover:underline">{t!(lang, "admin-older")}</a> })}
                            </nav>
                        }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
            <div class="mt-8 grid gap-6 md:grid-cols-2">
                <InviteForm />
                <InviteInstructorForm />
            </div>
        </RequireUser>
    }
}

fn standing(p: &PersonRow, lang: Lang) -> String {
    t!(
        lang,
        match (p.role.is_admin(), p.blocked, p.confirmed) {
            (true, _, _) if p.teaches => "admin-standing-admin-instructor",
            (true, _, _) => "admin-standing-admin",
            (false, false, _) if p.teaches => "admin-standing-instructor",
            (false, true, _) => "admin-standing-blocked",
            (false, false, false) => "admin-standing-unconfirmed",
            (false, false, true) => "admin-standing-member",
        }
    )
}

#[component]
fn Row(row: PersonRow) -> impl IntoView {
    let lang = lang();
    let href = format!("/admin/people/{}", row.id);
    let status = standing(&row, lang);
    let bookings = t!(lang, "admin-person-bookings", count = row.bookings);
    view! {
        <li class="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
            <div class="min-w-0">
                <a href=href class="font-medium text-teal-700 hover:underline">{row.name}</a>
                <p class="break-all text-stone-600">{row.email}</p>
            </div>
            <p class="text-stone-600">{format!("{bookings} · {status}")}</p>
        </li>
    }
}

#[component]
fn InviteForm() -> impl IntoView {
    let action = ServerAction::<InviteAdmin>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    let done = succeeded(action);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    view! {
        <ActionForm action attr:novalidate=true attr:class="max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
            <h2 class="font-semibold">{t!(lang, "admin-invite-admin")}</h2>
            <p class="text-sm text-stone-600">{t!(lang, "admin-invite-admin-lead")}</p>
            <Field label=t!(lang, "admin-their-name") name="name" autocomplete="off" error=field("name") />
            <Field label=t!(lang, "admin-their-email") name="email" kind="email" autocomplete="off" error=field("email") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! { <ErrorNotice error=e /> })}
            {move || done().then(|| view! { <p role="status" tabindex="-1" autofocus class="text-sm text-emerald-700">{t!(lang, "admin-invitation-sent")}</p> })}
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(lang, "admin-send-invitation")}</button>
        </ActionForm>
    }
}

#[component]
fn InviteInstructorForm() -> impl IntoView {
    let action = ServerAction::<InviteInstructor>::new();
    let lang = lang();
    let failure = move || action.value().get().and_then(Result::err);
    let done = succeeded(action);
    let field = move |name: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.0.field(name).map(str::to_owned)))
    };
    view! {
        <ActionForm action attr:novalidate=true attr:class="max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6 shadow-sm" attr:data-testid="invite-instructor">
            <h2 class="font-semibold">{t!(lang, "admin-invite-instructor")}</h2>
            <p class="text-sm text-stone-600">{t!(lang, "admin-invite-instructor-lead")}</p>
            <Field label=t!(lang, "admin-instructor-name") name="name" id="teacher-name" autocomplete="off" error=field("name") />
            <Field label=t!(lang, "admin-instructor-email") name="email" id="teacher-email" kind="email" autocomplete="off" error=field("email") />
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! { <ErrorNotice error=e /> })}
            {move || done().then(|| view! { <p role="status" tabindex="-1" autofocus class="text-sm text-emerald-700">{t!(lang, "admin-invitation-teach-sent")}</p> })}
            <button type="submit" class=BUTTON_CLASS disabled=move || action.pending().get()>{t!(lang, "admin-invite-to-teach")}</button>
        </ActionForm>
    }
}

/// One person: who they are, their bookings, and blocking.
#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .map(UserId)
    });
    let block = ServerAction::<SetMemberBlocked>::new();
    let make = ServerAction::<MakeInstructor>::new();
    let lang = lang();
    let person = Resource::new(
        move || (id.get(), block.version().get(), make.version().get()),
        |(id, ..)| async move {
            match id {
                Some(id) => person_detail(id).await,
                None => Err(crate::error::AppError::new(
                    tessera::ErrorCode::PersonNotFound,
                )),
            }
        },
    );
    view! {
        <Title text=t!(lang, "admin-title-person") />
        <RequireUser admin=true>
            <a href="/admin/people" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "admin-all-people")}</a>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    let d = match person.await {
                        Ok(d) => d,
                        Err(e) => return view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    };
                    let p = d.person;
                    let status = standing(&p, lang);
                    let (blocked, member, uid) = (p.blocked, p.role == tessera::Role::Member, p.id);
                    let may_teach = !p.teaches && !p.blocked;
                    view! {
                        <h1 class="mt-4 text-2xl font-semibold tracking-tight">{p.name}</h1>
                        <p class="mt-1 break-all text-sm text-stone-600">{format!("{} · {status}", p.email)}</p>
                        {move || block.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
                        {member.then(|| view! {
                            <ActionForm action=block attr:class="mt-4">
                                <input type="hidden" name="id" value=uid.to_string() />
                                <input type="hidden" name="blocked" value=(!blocked).to_string() />
                                <button type="submit" class=if blocked { "rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800" } else { "rounded-lg border border-rose-300 px-4 py-2 text-sm font-semibold text-rose-800 hover:bg-rose-50" }>
                                    {t!(lang, if blocked { "admin-unblock" } else { "admin-block" })}
                                </button>
                                <p class="mt-1 text-xs text-stone-500">{t!(lang, if blocked { "admin-unblock-hint" } else { "admin-block-hint" })}</p>
                            </ActionForm>
                        })}
                        {move || make.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
                        {may_teach.then(|| view! {
                            <ActionForm action=make attr:class="mt-4">
                                <input type="hidden" name="id" value=uid.to_string() />
                                <button type="submit" class="rounded-lg border border-stone-300 px-4 py-2 text-sm font-semibold hover:border-teal-600" data-testid="make-instructor">{t!(lang, "admin-make-instructor")}</button>
                                <p class="mt-1 text-xs text-stone-500">{t!(lang, "admin-make-instructor-hint")}</p>
                            </ActionForm>
                        })}
                        <h2 class="mt-8 font-semibold">{t!(lang, "admin-bookings")}</h2>
                        {if d.bookings.is_empty() {
                            view! { <p class="mt-2 text-sm text-stone-600">{t!(lang, "admin-no-bookings")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="mt-2 divide-y divide-stone-100 rounded-xl border border-stone-200 bg-white text-sm shadow-sm" data-testid="person-bookings">
                                    {d.bookings.into_iter().map(|b| view! {
                                        <li class="flex flex-wrap justify-between gap-2 px-4 py-3">
                                            <span class="font-medium">{b.course.clone()}</span>
                                            <span><CourseTime at=b.starts() /></span>
                                            <span>{format!("{} · {} · {}", t!(lang, "admin-seats", count = b.seats), format::money(lang, b.amount), b.status.label(lang))}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Transition>
        </RequireUser>
    }
}
