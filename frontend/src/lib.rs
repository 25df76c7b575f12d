//! The WASM entry point: hydrate the server-rendered page.

/// Called by the generated JS once the WASM module has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    // Asynchronous: a page whose code comes on demand (a lazy route) is
    // hydrated once its chunk has loaded.
    wasm_bindgen_futures::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // A marker the end-to-end suite waits for: before it, clicks are lost.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
