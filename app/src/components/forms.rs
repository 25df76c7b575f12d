//! Form pieces: a labelled input with its error underneath, and where focus
//! goes when a form is refused.

use crate::error::AppError;
use leptos::html::P;
use leptos::prelude::*;

/// Shared input styling.
pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-rose-500";

/// Primary button styling (`.btn-primary` is in `style/tailwind.css`).
pub const BUTTON_CLASS: &str = "btn-primary";

/// A labelled input; `error` shows under it and marks it invalid.
#[component]
pub fn Field(
    /// The visible label.
    #[prop(into)]
    label: String,
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
    #[prop(optional, into)]
    hint: Option<String>,
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
    /// The element id when two forms on a page share field names.
    #[prop(optional)]
    id: Option<&'static str>,
    /// Takes the browser's time zone once the page runs, unless changed.
    #[prop(optional)]
    browser_zone: bool,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let error_id = format!("{id}-error");
    // Typed into a refused form beats the stored value.
    let kept = typed(name);
    let input_ref = node_ref.unwrap_or_default();
    view! {
        <div>
            <label for=id class="block text-sm font-medium text-stone-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                class=INPUT_CLASS
                node_ref=input_ref
                value=move || kept.clone().or_else(|| value.map(|v| v.get()))
                step=step
                list=list
                data-browser-zone=browser_zone.then_some("")
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                // A page loaded with refusals (a form sent without
                // JavaScript) starts at the first field at fault.
                autofocus=move || error.get().is_some()
                aria-describedby=error_id.clone()
            />
            {hint.map(|h| view! { <p class="mt-1 text-xs text-stone-500">{h}</p> })}
            <p id=error_id class="mt-1 text-sm text-rose-700" data-field-error=name>
                {move || error.get()}
            </p>
        </div>
    }
}

/// After a refused submit, focus goes to what needs fixing: the first field
/// with a problem (in the order given, as the error's field name and the
/// element's id), else the form's own message.
pub fn focus_on_refusal(
    failure: impl Fn() -> Option<AppError> + Send + Sync + 'static,
    fields: &'static [(&'static str, &'static str)],
    message: NodeRef<P>,
) {
    Effect::new(move |_| {
        let Some(error) = failure() else { return };
        // The fields listed, in their order; else the first field at fault
        // that is a `form[…]` input (a course's meeting rows).
        let listed = fields
            .iter()
            .find(|(name, _)| error.0.field(name).is_some())
            .map(|(_, id)| (*id).to_owned());
        let nested = || {
            error.0.fields.iter().find_map(|f| {
                let (head, rest) = f.field.split_once('[')?;
                Some(format!("form[{head}][{rest}"))
            })
        };
        let field = listed
            .or_else(nested)
            .and_then(|id| document().get_element_by_id(&id))
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        match field {
            Some(input) => {
                let _ = input.focus();
            }
            // The message appears with the failure: tracked, so this runs
            // again once it is in the page.
            None => {
                if let Some(p) = message.get() {
                    let _ = p.focus();
                }
            }
        }
    });
}

/// A submit button that stays focusable while its form is on its way:
/// `aria-disabled` instead of `disabled` (a disabled button drops the focus
/// to the page), and presses meanwhile are ignored.
#[component]
pub fn SubmitButton(
    /// Whether the form is being sent.
    #[prop(into)]
    pending: Signal<bool>,
    /// The label, and the label while sending.
    #[prop(into)]
    label: String,
    #[prop(into)] busy: String,
) -> impl IntoView {
    let ignore_while_pending = move |ev: leptos::ev::MouseEvent| {
        if pending.get_untracked() {
            ev.prevent_default();
        }
    };
    view! {
        <button
            type="submit"
            class=BUTTON_CLASS
            aria-disabled=move || pending.get().then_some("true")
            on:click=ignore_while_pending
        >
            {move || if pending.get() { busy.clone() } else { label.clone() }}
        </button>
    }
}

/// The server function a form sent without JavaScript reached with
/// success, as the way back to its page names it (`__ok`, added by the
/// server's `plain_form`); provided by the layout.
#[derive(Debug, Clone)]
pub struct PlainFormSucceeded(pub String);

/// What a server function answered a plain form (its JSON), kept by the
/// server's `plain_form` for the page the browser goes back to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PlainFormAnswer {
    pub function: String,
    pub body: String,
}

/// Whether `action`'s form last succeeded: its value once sent from an
/// island; on the page a plain form came back to with success, that form's
/// answer becomes the action's value (so the page says what a press inside
/// an island would), or, if it cannot be read, the success alone.
pub fn succeeded<S>(action: ServerAction<S>) -> impl Fn() -> bool + Copy + Send + Sync + 'static
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: serde::de::DeserializeOwned + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let by_plain_form = use_context::<PlainFormSucceeded>().is_some_and(|done| done.0 == S::PATH);
    #[cfg(feature = "ssr")]
    if by_plain_form
        && let Some(answer) = use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<PlainFormAnswer>().cloned())
        && answer.function == S::PATH
        && let Ok(output) = serde_json::from_str::<S::Output>(&answer.body)
    {
        action.value().set(Some(Ok(output)));
    }
    move || match action.value().with(|v| v.as_ref().map(Result::is_ok)) {
        Some(ok) => ok,
        None => by_plain_form,
    }
}

/// What an action just did, or why it was refused: it takes the focus as it
/// appears (the button pressed is often gone by then), so the keyboard goes
/// on from here and a screen reader reads it.
#[component]
pub fn Answer(
    /// A refusal (`role="alert"`) rather than news (`role="status"`).
    #[prop(default = false)]
    refused: bool,
    #[prop(
        default = "mt-4 rounded-lg border border-teal-200 bg-teal-50 px-4 py-3 text-sm text-teal-900"
    )]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    view! {
        // `autofocus`: the same for a page loaded with it, after a form
        // sent without JavaScript.
        <div node_ref=node tabindex="-1" autofocus role=if refused { "alert" } else { "status" } class=class>
            {children()}
        </div>
    }
}

/// What a refused form had typed, by field name (never a password): the
/// server's `plain_form` keeps it for the page the browser goes back to.
pub type Typed = std::collections::BTreeMap<String, String>;

/// What was typed into the field `name` on the refused form this page is
/// the way back from, if it is.
pub fn typed(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()?
            .extensions
            .get::<Typed>()?
            .get(name)
            .cloned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}
