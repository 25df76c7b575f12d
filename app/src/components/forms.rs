//! Form pieces: a labelled input with its error underneath.

use leptos::prelude::*;

/// Shared input styling.
pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-rose-500";

/// Primary button styling (`.btn-primary` is in `style/tailwind.css`).
pub const BUTTON_CLASS: &str = "btn-primary";

/// A labelled input; `error` shows under it and marks it invalid.
#[component]
pub fn Field(
    /// The visible label.
    label: &'static str,
    /// The form field name (also the element id).
    name: &'static str,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The current problem with this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Help text under the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// An optional node ref (e.g. to clear a password).
    #[prop(optional)]
    node_ref: Option<NodeRef<leptos::html::Input>>,
    /// A starting value (edit forms).
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// Extra input attributes: `step` for numbers.
    #[prop(optional)]
    step: Option<&'static str>,
    /// Called with the new value as the person types.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let input_ref = node_ref.unwrap_or_default();
    view! {
        <div>
            <label for=name class="block text-sm font-medium text-stone-700">{label}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                class=INPUT_CLASS
                node_ref=input_ref
                value=move || value.map(|v| v.get())
                step=step
                list=list
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
            />
            {hint.map(|h| view! { <p class="mt-1 text-xs text-stone-500">{h}</p> })}
            <p id=error_id class="mt-1 text-sm text-rose-700" data-field-error=name>
                {move || error.get()}
            </p>
        </div>
    }
}
