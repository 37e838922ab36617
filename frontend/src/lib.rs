//! The browser entry point: hydrates the server-rendered document.

// Leptos' statically typed views nest deeply; the default limit is too low for release builds.
#![recursion_limit = "256"]

/// Called by the JS loader once the wasm module is instantiated (see
/// `app::server::assets::loader_script`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Development builds log a panic's message and show the failure notice from a hook. A
    // release build shows the notice from the loader, which sees the wasm trap (see
    // `app::server::assets::loader_script`), and leaves the hook and its formatting out.
    #[cfg(debug_assertions)]
    app::load_failure::install_hook();
    leptos::mount::hydrate_body(app::App);
}
