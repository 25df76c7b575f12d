//! The WASM entry point. Pages are server HTML; only the islands
//! (`#[island]` components in the app crate) hydrate, each on its own.

// The islands' exported hydration functions live in the app crate: it must
// be linked even though nothing here names it.
use app as _;

/// Called by the generated JS once the WASM module has loaded, before the
/// islands on the page are hydrated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
