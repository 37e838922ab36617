//! DOM queries for the behaviour that acts on server-rendered HTML (docs
//! bodies, the navbar's docs entries, the open mobile menu) and on the page's
//! head tags (`seo`).

use wasm_bindgen::JsCast;
use web_sys::Element;

/// The elements under `root` that match `selector`, in document order (none
/// if the selector is invalid).
pub fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|node| node.dyn_into::<Element>().ok()).collect()
}

/// The element an event happened on, if it was one.
pub fn event_target(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|target| target.dyn_into::<Element>().ok())
}

/// Sets `aria-current="page"` on the links under `root` that match
/// `selector` and whose `href` is `current`, and removes it from the others.
pub fn mark_current_links(root: &Element, selector: &str, current: impl Fn(&str) -> bool) {
    for link in query_all(root, selector) {
        let _ = if link.get_attribute("href").is_some_and(|href| current(&href)) {
            link.set_attribute("aria-current", "page")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}

/// The nearest of `element` and its ancestors that matches `selector`.
pub fn closest(element: &Element, selector: &str) -> Option<Element> {
    element.closest(selector).ok().flatten()
}
