//! Parts of the chrome whose HTML the server renders and the browser only
//! replaces: the navbar's docs entries, the docs sidebar, the version switcher.
//!
//! Hydration keeps the server's HTML (it never writes `inner_html`), so none
//! of them is a component in the wasm. Each shows the HTML of a *scope* (a
//! locale and version, a navbar tab, the page read); when the scope changes,
//! the browser replaces the HTML, with only the latest answer applied.

use leptos::{html::ElementType, prelude::*};

/// Whether the browser is hydrating the page the server rendered (as opposed
/// to the server rendering it, or the browser building a page itself).
pub fn during_hydration() -> bool {
    Owner::current_shared_context().is_some_and(|context| context.during_hydration())
}

/// What a [`ServerHtml`] element shows (the server renders it once, and never asks).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Shown<K> {
    /// The server's HTML, for whatever scope is asked about first.
    Server,
    /// Nothing yet: the element was rendered in the browser.
    Nothing,
    /// The HTML of this scope.
    Scope(K),
}

/// An element whose HTML comes from the server, and what it shows.
pub struct ServerHtml<E: ElementType, K: Send + Sync + 'static> {
    /// The element.
    pub element: NodeRef<E>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    shown: StoredValue<Shown<K>>,
    /// Counts the HTML asked for, so that only the latest answer is shown.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    asked: StoredValue<u64>,
}

impl<E: ElementType, K: Send + Sync + 'static> Clone for ServerHtml<E, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ElementType, K: Send + Sync + 'static> Copy for ServerHtml<E, K> {}

impl<E, K> Default for ServerHtml<E, K>
where
    E: ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    K: PartialEq + Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<E, K> ServerHtml<E, K>
where
    E: ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    K: PartialEq + Clone + Send + Sync + 'static,
{
    /// An element that shows the server's HTML when the page is being hydrated,
    /// and nothing yet when the browser renders it (client navigation).
    pub fn new() -> Self {
        Self {
            element: NodeRef::new(),
            shown: StoredValue::new(if during_hydration() { Shown::Server } else { Shown::Nothing }),
            asked: StoredValue::new(0),
        }
    }
}

#[cfg(feature = "hydrate")]
impl<E, K> ServerHtml<E, K>
where
    E: ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    K: PartialEq + Clone + Send + Sync + 'static,
{
    /// The element, once mounted (an effect that asks runs again when it is).
    pub fn get(&self) -> Option<web_sys::Element> {
        self.element.get().map(wasm_bindgen::JsCast::unchecked_into)
    }

    /// Whether the element shows `scope`'s HTML. The server's HTML is that of
    /// the first scope asked about: the page the server rendered.
    pub fn shows(&self, scope: &K) -> bool {
        let server = self.shown.with_value(|shown| *shown == Shown::Server);
        if server {
            self.shown.set_value(Shown::Scope(scope.clone()));
            return true;
        }
        self.shown.with_value(|shown| matches!(shown, Shown::Scope(k) if k == scope))
    }

    /// Shows `html` as `scope`'s, dropping any answer still awaited.
    pub fn show(&self, scope: K, html: &str) {
        self.asked.update_value(|n| *n += 1);
        if let Some(element) = self.element.get_untracked() {
            wasm_bindgen::JsCast::unchecked_ref::<web_sys::Element>(&element).set_inner_html(html);
        }
        self.shown.set_value(Shown::Scope(scope));
    }

    /// Shows `scope`'s HTML once `answer` brings it, unless other HTML was
    /// asked for or shown since; then runs `then` on the element.
    pub fn fetch<F>(&self, scope: K, answer: F, then: impl FnOnce(&web_sys::Element) + 'static)
    where
        F: std::future::Future<Output = Result<String, crate::error::AppError>> + 'static,
    {
        self.asked.update_value(|n| *n += 1);
        let ticket = self.asked.get_value();
        let this = *self;
        leptos::task::spawn_local(async move {
            let Ok(html) = answer.await else { return };
            if this.asked.get_value() != ticket {
                return;
            }
            this.show(scope, &html);
            if let Some(element) = this.element.get_untracked() {
                then(wasm_bindgen::JsCast::unchecked_ref(&element));
            }
        });
    }

    /// Records that the element now shows `scope`'s HTML (when the HTML itself
    /// says which scope it is for).
    pub fn record(&self, scope: K) {
        self.shown.set_value(Shown::Scope(scope));
    }
}
