//! The browser entry point: hydrates the server-rendered document.

// Leptos' statically typed views nest deeply; the default limit is too low for release builds.
#![recursion_limit = "256"]

use wasm_bindgen::JsValue;

/// Called by the generated JS loader once the wasm module is instantiated:
/// fetches the chunk of the page shown, if this bundle keeps its code in one
/// (see `app::chunk`: a direct load starts the bundle built for its kind of
/// page, which has it; otherwise the loader has already asked for the chunk),
/// then hydrates. A chunk that cannot be
/// fetched rejects the promise, and the loader shows its failure notice over
/// the server's page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn hydrate() -> Result<(), JsValue> {
    // Development builds log a panic's message and show the failure notice from a hook. A
    // release build shows the notice from the loader, which sees the wasm trap (see
    // `app::server::assets::loader_script`), and leaves the hook and its formatting out.
    #[cfg(debug_assertions)]
    app::load_failure::install_hook();
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    app::chunk::load_for(&path).await.map_err(|_| JsValue::from_str("a chunk of the bundle could not be fetched"))?;
    leptos::mount::hydrate_body(app::App);
    Ok(())
}
