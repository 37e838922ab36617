//! When the wasm fails while running, the page says so: the panic hook logs
//! the panic, then shows the notice the loader defined (see
//! `server::assets::loader_script`), so a page whose script died is never
//! silently dead.
//!
//! The hook is installed in development builds (`cargo leptos watch`), where the
//! panic's message in the console is worth its bytes. The release bundle is
//! built to abort on a panic at once (`scripts/build.sh`): no hook runs, the
//! wasm traps, and the loader's own listeners show the notice.

use wasm_bindgen::{JsCast, JsValue};

/// Installs the panic hook.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let notice = js_sys::Reflect::get(&leptos::prelude::window(), &JsValue::from_str("leptraLoadFailed"));
        if let Ok(show) = notice.and_then(|value| value.dyn_into::<js_sys::Function>()) {
            let _ = show.call0(&JsValue::NULL);
        }
    }));
}
