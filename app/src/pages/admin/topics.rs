//! `/admin/topics`: the short list of topics courses are filed under,
//! which visitors filter the catalog by.

use crate::api::topics::{AddTopic, DeleteTopic, RenameTopic, TopicUse, admin_topics};
use crate::components::ask_first::AskFirst;
use crate::components::forms::{
    Answer, Field, INPUT_CLASS, SubmitButton, focus_on_refusal, succeeded,
};
use crate::components::guard::RequireUser;
use crate::i18n::{lang, t};
use crate::pages::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TopicsPage() -> impl IntoView {
    let add = ServerAction::<AddTopic>::new();
    let rename = ServerAction::<RenameTopic>::new();
    let delete = ServerAction::<DeleteTopic>::new();
    let list = Resource::new(
        move || {
            (
                add.version().get(),
                rename.version().get(),
                delete.version().get(),
            )
        },
        |_| admin_topics(),
    );
    let rename_done = succeeded(rename);
    let delete_done = succeeded(delete);
    let lang = lang();
    view! {
        <Title text=t!(lang, "admin-title-topics") />
        <RequireUser admin=true>
            <a href="/admin/courses" class="text-sm font-medium text-teal-700 hover:underline">{t!(lang, "all-courses")}</a>
            <h1 class="mt-4 text-2xl font-semibold tracking-tight">{t!(lang, "admin-topics")}</h1>
            <p class="mt-1 max-w-2xl text-sm text-stone-600">{t!(lang, "admin-topics-lead")}</p>
            <AddForm add />
            {move || rename.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
            {move || delete.value().get().and_then(Result::err).map(|e| view! { <div class="mt-4"><ErrorNotice error=e /></div> })}
            {move || rename_done().then(|| view! { <Answer attr:data-testid="topic-renamed">{t!(lang, "admin-topic-renamed")}</Answer> })}
            {move || delete_done().then(|| view! { <Answer attr:data-testid="topic-deleted">{t!(lang, "admin-topic-deleted")}</Answer> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="mt-6 rounded-xl border border-dashed border-stone-300 bg-white p-8 text-center text-stone-600">{t!(lang, "admin-no-topics")}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-6 max-w-2xl space-y-3" data-testid="topics">
                                {list.into_iter().map(|t| view! { <TopicLine t rename delete /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <div class="mt-6"><ErrorNotice error=e /></div> }.into_any(),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

#[component]
fn AddForm(add: ServerAction<AddTopic>) -> impl IntoView {
    let failure = move || add.value().get().and_then(Result::err);
    let error =
        Signal::derive(move || failure().and_then(|e| e.0.field("name").map(str::to_owned)));
    let message = NodeRef::<leptos::html::P>::new();
    focus_on_refusal(failure, &[("name", "topic-name")], message);
    let add_done = succeeded(add);
    let lang = lang();
    let name = NodeRef::<leptos::html::Input>::new();
    // A topic added: the field is ready for the next.
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(input)) = (add.value().get(), name.get_untracked()) {
            input.set_value("");
        }
    });
    view! {
        <ActionForm action=add attr:novalidate=true attr:class="mt-6 flex max-w-2xl flex-wrap items-end gap-3 rounded-xl border border-stone-200 bg-white p-4 shadow-sm" attr:data-testid="add-topic">
            <div class="min-w-0 flex-1">
                <Field label=t!(lang, "admin-new-topic") name="name" id="topic-name" error node_ref=name hint=t!(lang, "admin-new-topic-hint") />
            </div>
            <div class="pb-6">
                <SubmitButton pending=add.pending() label=t!(lang, "admin-add-topic") busy=t!(lang, "admin-adding") />
            </div>
            {move || failure().filter(|e| e.0.fields.is_empty()).map(|e| view! {
                <p role="alert" tabindex="-1" autofocus node_ref=message class="w-full rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">{e.message().to_owned()}</p>
            })}
            {move || add_done().then(|| view! { <div class="w-full"><Answer attr:data-testid="topic-added">{t!(lang, "admin-topic-added")}</Answer></div> })}
        </ActionForm>
    }
}

#[component]
fn TopicLine(
    t: TopicUse,
    rename: ServerAction<RenameTopic>,
    delete: ServerAction<DeleteTopic>,
) -> impl IntoView {
    let lang = lang();
    let id = t.topic.id;
    let field = format!("topic-{id}");
    // Drafts and past dates included.
    let courses = t!(lang, "admin-topic-courses", count = t.courses);
    let catalog = format!("/courses?topic={}", t.topic.slug);
    let name_label = t!(lang, "admin-topic-name-of", name = &t.topic.name);
    let delete_label = t!(lang, "admin-topic-delete", name = &t.topic.name);
    view! {
        <li class="card p-4" data-testid="topic-line">
            <ActionForm action=rename attr:class="flex flex-wrap items-end gap-3">
                <input type="hidden" name="id" value=id.to_string() />
                <div class="min-w-0 flex-1">
                    <label for=field.clone() class="block text-sm font-medium text-stone-700">{name_label}</label>
                    <input id=field name="name" value=t.topic.name.clone() maxlength="40" class=INPUT_CLASS />
                </div>
                <button type="submit" class="rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm font-semibold hover:border-teal-600 hover:text-teal-700" disabled=move || rename.pending().get()>{t!(lang, "admin-rename")}</button>
            </ActionForm>
            <div class="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-stone-600">
                <span>{courses}</span>
                <a href=catalog class="font-medium text-teal-700 hover:underline">{t!(lang, "admin-topic-in-catalog")}</a>
                <span class="font-mono text-xs">{format!("?topic={}", t.topic.slug)}</span>
                <AskFirst key=format!("delete-topic-{id}") ask=t!(lang, "admin-delete-ask") ask_class="text-sm font-medium text-rose-700 underline" keep_class="rounded-md px-2 py-1 text-sm text-stone-600" class="inline-flex flex-wrap items-center gap-2">
                    <ActionForm action=delete attr:class="inline">
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class="rounded-md bg-rose-700 px-3 py-1 text-sm font-semibold text-white hover:bg-rose-800 disabled:opacity-60" disabled=move || delete.pending().get()>{delete_label}</button>
                    </ActionForm>
                </AskFirst>
            </div>
        </li>
    }
}
