//! The data a page shows, without Leptos' resources: the server loads it
//! before the page renders, the page carries it for hydration, and client
//! navigation fetches it with one server-function call.
//!
//! On the server, a middleware (`server::page_data`) loads what the path asks
//! for and puts it in the request's extensions as [`Loaded`]; the page reads it
//! synchronously while it renders, so its status, `<head>` and HTML come out in
//! one pass, and writes it as JSON into a `<script type="application/json">`
//! ([`PageData::script`]). In the browser, hydration reads that script instead
//! of making a request, and a later change of the page's key (another user,
//! docs page or query) calls the page's server function, keeping only the
//! latest answer.
//!
//! Why not `Resource` and `Suspense`: in a minimal app of the site's shape they
//! are 15 KB of the wasm (brotli), for async hydration that a page whose data
//! is already in the document does not need (see README, "First load on a phone").

use std::future::Future;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use crate::error::AppError;

/// What the server loaded for the page being rendered, in the request's
/// extensions (one type per kind of page).
#[derive(Debug)]
pub struct Loaded<T>(pub std::sync::Arc<Result<T, AppError>>);

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

/// Data whose parts the page's HTML shows as they are (a docs page's body,
/// its table of contents): the server leaves those parts out of the copy it
/// writes for hydration, and hydration reads them back from the document, so
/// a direct load carries each byte once.
pub trait InDocument: Sized {
    /// The copy to write into the page, when it differs from the data.
    fn for_document(&self) -> Option<Self> {
        None
    }

    /// The data again, from the copy [`InDocument::for_document`] wrote and
    /// the document it was written into (hydration only).
    fn restored_from_document(self) -> Self {
        self
    }
}

/// The data of the page shown: `None` while client navigation fetches it.
pub struct PageData<T: Send + Sync + 'static> {
    /// The latest answer for the current key.
    pub value: RwSignal<Option<Result<T, AppError>>>,
    /// The key the data was loaded for, written beside the JSON in the page.
    key: String,
}

impl<T: Send + Sync + 'static> Clone for PageData<T> {
    fn clone(&self) -> Self {
        Self { value: self.value, key: self.key.clone() }
    }
}

/// Whether the browser is hydrating the page the server rendered (as opposed
/// to the server rendering it, or the browser building a page itself).
pub fn during_hydration() -> bool {
    Owner::current_shared_context().is_some_and(|context| context.during_hydration())
}

/// The element that carries a page's data for hydration.
#[cfg(not(feature = "ssr"))]
const SCRIPT_SELECTOR: &str = "script[data-page-data]";

impl<T> PageData<T>
where
    T: Clone + Serialize + DeserializeOwned + InDocument + Send + Sync + 'static,
{
    /// The data for `key` (what the page's data depends on: a username, a docs
    /// slug, a search): the server's, the document's on
    /// hydration, then whatever `fetch` answers each time `key` changes. With
    /// `keep_while_loading`, the previous data stays shown until the answer comes.
    pub fn new<Fut>(
        key: Memo<String>,
        fetch: impl Fn(String) -> Fut + Send + Sync + 'static,
        keep_while_loading: bool,
    ) -> Self
    where
        Fut: Future<Output = Result<T, AppError>> + 'static,
    {
        let first_key = key.get_untracked();
        let value = RwSignal::new(initial::<T>(&first_key));
        #[cfg(feature = "hydrate")]
        {
            // Which fetch is the latest: only its answer is shown.
            let latest = StoredValue::new(0_u64);
            let fetch = std::sync::Arc::new(fetch);
            Effect::watch(
                move || key.get(),
                move |key, previous, _| {
                    if previous.is_none() && value.with_untracked(Option::is_some) {
                        return;
                    }
                    let generation = latest.get_value() + 1;
                    latest.set_value(generation);
                    if !keep_while_loading {
                        value.set(None);
                    }
                    let answer = fetch(key.clone());
                    leptos::task::spawn_local(async move {
                        let answer = answer.await;
                        if latest.get_value() == generation {
                            value.set(Some(answer));
                        }
                    });
                },
                true,
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (fetch, keep_while_loading);
        Self { value, key: first_key }
    }

    /// The `<script>` that carries the data for hydration: the JSON on the
    /// server, empty in the browser (hydration keeps the server's text, and
    /// after client navigation nothing reads it).
    pub fn script(&self) -> impl IntoView {
        #[cfg(feature = "ssr")]
        let json = self.value.with_untracked(|value| {
            let json = |value: Result<&T, &AppError>| serde_json::to_string(&value).ok();
            match value {
                Some(Ok(data)) => match data.for_document() {
                    Some(copy) => json(Ok(&copy)),
                    None => json(Ok(data)),
                },
                Some(Err(error)) => json(Err(error)),
                None => None,
            }
            .unwrap_or_default()
        });
        #[cfg(not(feature = "ssr"))]
        let json = String::new();
        // `<` never appears raw, so the text cannot close the element.
        let json = json.replace('<', "\\u003c");
        view! { <script type="application/json" data-page-data=self.key.clone() inner_html=json></script> }
    }
}

/// The data for `key` at the start: the server's, or the document's when the
/// browser hydrates the page the server rendered for this key.
fn initial<T>(key: &str) -> Option<Result<T, AppError>>
where
    T: Clone + DeserializeOwned + InDocument + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    {
        let _ = key;
        use_context::<http::request::Parts>()
            .and_then(|request| request.extensions.get::<Loaded<T>>().map(|loaded| (*loaded.0).clone()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        // Only the page the server rendered carries its data; a page that client
        // navigation mounts (while the last one's script may still be there) fetches.
        if !during_hydration() {
            return None;
        }
        let script = document().query_selector(SCRIPT_SELECTOR).ok().flatten()?;
        if script.get_attribute("data-page-data").as_deref() != Some(key) {
            return None;
        }
        let json = script.text_content().filter(|json| !json.is_empty())?;
        crate::json::read::<Result<T, AppError>>(&json).ok().map(|data| data.map(InDocument::restored_from_document))
    }
}
