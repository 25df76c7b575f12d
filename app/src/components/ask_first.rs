//! Asking before doing what cannot be undone (cancel, release, decline,
//! remove), with and without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A button (`ask`) that opens a question; the question is `children` (the
/// form that does it) beside "Keep it", which closes it again. Both buttons
/// are GET forms: `ask` loads the page with `?ask={key}`, which renders the
/// question open, and "Keep it" without it. Once the page runs (an island)
/// they open and close it in place, and focus follows: to the question's
/// first button, back to `ask`.
#[component]
pub fn AskFirst(
    /// Names this question in the query; unique on its page.
    #[prop(into)]
    key: String,
    #[prop(into)] ask: String,
    ask_class: &'static str,
    /// "Keep it" unless named otherwise.
    #[prop(optional, into)]
    keep: Option<String>,
    keep_class: &'static str,
    /// Around the question and "Keep it".
    #[prop(default = "mt-3 flex flex-wrap items-center gap-2")]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let open = use_query_map().read_untracked().get("ask").as_deref() == Some(key.as_str());
    let keep = keep.unwrap_or_else(|| crate::i18n::t!(crate::i18n::lang(), "keep-it"));
    view! {
        <Question
            key
            ask
            ask_class=ask_class.to_owned()
            keep
            keep_class=keep_class.to_owned()
            class=class.to_owned()
            open
        >
            {children()}
        </Question>
    }
}

/// [`AskFirst`]'s island: its props travel to the browser whole.
#[island]
fn Question(
    key: String,
    ask: String,
    ask_class: String,
    keep: String,
    keep_class: String,
    class: String,
    open: bool,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(open);
    let toggle = move |to: bool| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            open.set(to);
            // Focus follows once the browser shows the change, found from
            // the form pressed.
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let next = if to {
                form.next_element_sibling()
            } else {
                form.parent_element()
                    .and_then(|question| question.previous_element_sibling())
            };
            if let Some(button) = next
                .and_then(|el| el.query_selector("button").ok().flatten())
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                request_animation_frame(move || {
                    let _ = button.focus();
                });
            }
        }
    };
    // Both parts are always there, one hidden: the question's form is
    // rendered once.
    view! {
        <form method="get" class="inline" hidden=move || open.get() on:submit=toggle(true)>
            <input type="hidden" name="ask" value=key />
            <button type="submit" class=ask_class>{ask}</button>
        </form>
        <div class=class hidden=move || !open.get()>
            {children()}
            <form method="get" class="inline" on:submit=toggle(false)>
                <button type="submit" class=keep_class>{keep}</button>
            </form>
        </div>
    }
}
