//! The browser entry point: hydrates the server-rendered document.

// Leptos' statically typed views nest deeply; the default limit is too low for release builds.
#![recursion_limit = "256"]

/// Called by the generated JS loader once the wasm module is instantiated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    app::load_failure::install_hook();
    leptos::mount::hydrate_body(app::App);
}
