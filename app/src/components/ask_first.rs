//! Asking before doing what cannot be undone (cancel, release, decline,
//! remove), with and without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A button (`ask`) that opens a question; the question is `children` (the
/// form that does it) beside "Keep it", which closes it again. Without
/// JavaScript both buttons are GET forms: `ask` reloads the page with
/// `?ask={key}`, which renders the question open, and "Keep it" without it.
/// With JavaScript they open and close it in place, and focus follows: to
/// the question's first button, back to `ask`.
#[component]
pub fn AskFirst(
    /// Names this question in the query; unique on its page.
    #[prop(into)]
    key: String,
    #[prop(into)] ask: String,
    ask_class: &'static str,
    #[prop(default = "Keep it")] keep: &'static str,
    keep_class: &'static str,
    /// Around the question and "Keep it".
    #[prop(default = "mt-3 flex flex-wrap items-center gap-2")]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let query = use_query_map();
    let open = RwSignal::new(query.read_untracked().get("ask").as_deref() == Some(key.as_str()));
    // Moved by a press on this page (never on the first render).
    let pressed = RwSignal::new(false);
    let question = NodeRef::<leptos::html::Div>::new();
    let ask_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let is_open = open.get();
        if !pressed.get_untracked() {
            return;
        }
        if is_open {
            if let Some(first) = question
                .get()
                .and_then(|q| q.query_selector("button").ok().flatten())
                .and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok())
            {
                let _ = first.focus();
            }
        } else if let Some(b) = ask_button.get() {
            let _ = b.focus();
        }
    });
    let toggle = move |to: bool| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            pressed.set(true);
            open.set(to);
        }
    };
    // Both parts are always there, one hidden: the question's form is
    // rendered once.
    view! {
        <form method="get" class="inline" hidden=move || open.get() on:submit=toggle(true)>
            <input type="hidden" name="ask" value=key />
            <button type="submit" node_ref=ask_button class=ask_class>{ask}</button>
        </form>
        <div node_ref=question class=class hidden=move || !open.get()>
            {children()}
            <form method="get" class="inline" on:submit=toggle(false)>
                <button type="submit" class=keep_class>{keep}</button>
            </form>
        </div>
    }
}
