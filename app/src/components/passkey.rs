//! Passkeys in the browser: asking the member's authenticator to create or
//! use a credential (WebAuthn, `navigator.credentials`), with the options
//! and answers in webauthn-rs' wire types on both sides. The buttons appear
//! only once the page is running and the browser can use passkeys; without
//! JavaScript the password is the way in.

use crate::auth::{
    finish_adding_passkey, finish_passkey_sign_in, passkeys_offered, start_adding_passkey,
    start_passkey_sign_in,
};
use crate::error::AppError;
use crate::i18n::{Lang, t};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Why the browser gave no credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Cancelled, timed out, or no matching passkey on this device.
    NotAllowed,
    /// This browser has no WebAuthn.
    Unsupported,
    /// The server refused (its message).
    Server(AppError),
}

impl Refusal {
    pub fn message(&self, words: &RefusalWords) -> String {
        match self {
            Refusal::NotAllowed => words.not_allowed.clone(),
            Refusal::Unsupported => words.unsupported.clone(),
            Refusal::Server(e) => e.message().to_owned(),
        }
    }
}

/// What a [`Refusal`] of the browser's says, in the page's language: the
/// islands are handed their words, so the browser build carries no
/// translations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusalWords {
    not_allowed: String,
    unsupported: String,
}

impl RefusalWords {
    pub fn new(lang: Lang) -> RefusalWords {
        RefusalWords {
            not_allowed: t!(lang, "passkey-not-allowed"),
            unsupported: t!(lang, "passkey-unsupported"),
        }
    }
}

/// [`PasskeySignIn`]'s words in the page's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInWords {
    sign_in: String,
    waiting: String,
    refusals: RefusalWords,
}

impl SignInWords {
    pub fn new(lang: Lang) -> SignInWords {
        SignInWords {
            sign_in: t!(lang, "passkey-sign-in"),
            waiting: t!(lang, "passkey-waiting"),
            refusals: RefusalWords::new(lang),
        }
    }
}

/// Whether the page is running (hydrated) in a browser with WebAuthn: the
/// first render says no on both sides, so hydration matches.
pub fn passkeys_usable() -> ReadSignal<bool> {
    let (usable, set_usable) = signal(false);
    Effect::new(move |_| set_usable.set(browser_has_webauthn()));
    usable
}

#[cfg(feature = "hydrate")]
fn browser_has_webauthn() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::get(&w, &"PublicKeyCredential".into()).is_ok_and(|v| !v.is_undefined())
    })
}

#[cfg(not(feature = "hydrate"))]
fn browser_has_webauthn() -> bool {
    false
}

#[cfg(feature = "hydrate")]
fn refusal(e: wasm_bindgen::JsValue) -> Refusal {
    leptos::logging::warn!("WebAuthn: {e:?}");
    Refusal::NotAllowed
}

/// The credential a `navigator.credentials` call's promise settles with.
#[cfg(feature = "hydrate")]
async fn credential(
    call: impl FnOnce(&web_sys::CredentialsContainer) -> Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<web_sys::PublicKeyCredential, Refusal> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or(Refusal::Unsupported)?;
    let promise = call(&window.navigator().credentials()).map_err(refusal)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(refusal)?
        .dyn_into::<web_sys::PublicKeyCredential>()
        .map_err(refusal)
}

#[cfg(feature = "hydrate")]
async fn create(
    options: webauthn_rs_proto::CreationChallengeResponse,
) -> Result<webauthn_rs_proto::RegisterPublicKeyCredential, Refusal> {
    let options: web_sys::CredentialCreationOptions = options.into();
    Ok(credential(|c| c.create_with_options(&options))
        .await?
        .into())
}

#[cfg(feature = "hydrate")]
async fn get(
    options: webauthn_rs_proto::RequestChallengeResponse,
) -> Result<webauthn_rs_proto::PublicKeyCredential, Refusal> {
    let options: web_sys::CredentialRequestOptions = options.into();
    Ok(credential(|c| c.get_with_options(&options)).await?.into())
}

#[cfg(not(feature = "hydrate"))]
async fn create(
    _: webauthn_rs_proto::CreationChallengeResponse,
) -> Result<webauthn_rs_proto::RegisterPublicKeyCredential, Refusal> {
    Err(Refusal::Unsupported)
}

#[cfg(not(feature = "hydrate"))]
async fn get(
    _: webauthn_rs_proto::RequestChallengeResponse,
) -> Result<webauthn_rs_proto::PublicKeyCredential, Refusal> {
    Err(Refusal::Unsupported)
}

/// Signs in with a passkey and goes where the server says.
async fn sign_in(next: Option<String>) -> Result<(), Refusal> {
    let options = start_passkey_sign_in().await.map_err(Refusal::Server)?;
    let answer = get(options).await?;
    let target = finish_passkey_sign_in(answer, next)
        .await
        .map_err(Refusal::Server)?;
    // A full load, so every part of the page learns who is signed in.
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(&target);
    }
    Ok(())
}

/// Adds a passkey: the password and name go first, then the browser makes
/// the credential.
pub async fn add(
    name: String,
    password: String,
) -> Result<tessera::account::PasskeySummary, Refusal> {
    let options = start_adding_passkey(name, password)
        .await
        .map_err(Refusal::Server)?;
    let answer = create(options).await?;
    finish_adding_passkey(answer).await.map_err(Refusal::Server)
}

/// "Sign in with a passkey" under the password form, where the site and
/// the browser can use passkeys; `next` is where to go after, `words`
/// what it says ([`SignInWords::new`]).
// Lazy: its code is a chunk fetched by the pages that have it.
#[island(lazy)]
pub fn PasskeySignIn(next: Option<String>, words: SignInWords) -> impl IntoView {
    let usable = passkeys_usable();
    let words = StoredValue::new(words);
    let offered = Resource::new(|| (), |_| passkeys_offered());
    let next = StoredValue::new(next);
    let go = Action::new_local(move |next: &Option<String>| sign_in(next.clone()));
    let failure = move || go.value().get().and_then(Result::err);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let offered = offered.get().and_then(Result::ok).unwrap_or(false);
                (offered && usable.get()).then(|| view! {
                    <div class="mt-4 space-y-2">
                        <button
                            type="button"
                            class="w-full rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:border-teal-600"
                            aria-disabled=move || go.pending().get().then_some("true")
                            on:click=move |_| {
                                if !go.pending().get_untracked() {
                                    go.dispatch(next.get_value());
                                }
                            }
                        >
                            {move || {
                                let busy = go.pending().get();
                                words.with_value(|w| if busy { w.waiting.clone() } else { w.sign_in.clone() })
                            }}
                        </button>
                        {move || failure().map(|r| view! {
                            <p role="alert" class="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="passkey-refused">{words.with_value(|w| r.message(&w.refusals))}</p>
                        })}
                    </div>
                })
            }}
        </Suspense>
    }
}
