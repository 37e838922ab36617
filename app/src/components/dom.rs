//! DOM queries for the behaviour that acts on server-rendered HTML (docs
//! bodies, the navbar's docs entries, the open mobile menu).

use wasm_bindgen::JsCast;
use web_sys::Element;

/// The elements under `root` that match `selector`, in document order (none
/// if the selector is invalid).
pub fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|node| node.dyn_into::<Element>().ok()).collect()
}

/// The nearest of `element` and its ancestors that matches `selector`.
pub fn closest(element: &Element, selector: &str) -> Option<Element> {
    element.closest(selector).ok().flatten()
}
