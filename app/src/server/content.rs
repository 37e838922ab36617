//! The docs as served: the store and its search index, one value that is
//! replaced whole when the content changes.
//!
//! A request takes one [snapshot](LiveContent::snapshot) and reads both the
//! pages and the index from it, so it never sees a new page with an old
//! sidebar or search results from another version; requests in flight during
//! a swap finish on the version they started with.

use std::sync::Arc;

use arc_swap::ArcSwap;
use leptos::prelude::use_context;

use crate::{docs::store::DocsStore, error::AppError, search::index::SearchIndex};

/// One version of the docs: pages and the index built from them.
#[derive(Debug)]
pub struct Content {
    /// Every docs page, rendered.
    pub docs: DocsStore,
    /// The full-text index of exactly those pages.
    pub search: SearchIndex,
}

/// The current [`Content`], swapped atomically; cheap to clone.
#[derive(Clone)]
pub struct LiveContent {
    current: Arc<ArcSwap<Content>>,
    watched: bool,
}

impl std::fmt::Debug for LiveContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveContent").field("current", &self.current.load()).field("watched", &self.watched).finish()
    }
}

impl LiveContent {
    /// Serves `content`; `watched` says whether it will be replaced as the
    /// folder changes (pages then load the live-reload script).
    pub fn new(content: Content, watched: bool) -> Self {
        Self { current: Arc::new(ArcSwap::from_pointee(content)), watched }
    }

    /// The current version, to use for a whole request.
    pub fn snapshot(&self) -> Arc<Content> {
        self.current.load_full()
    }

    /// Makes `content` the current version; returns the one it replaces.
    pub fn replace(&self, content: Content) -> Arc<Content> {
        self.current.swap(Arc::new(content))
    }

    /// Whether the content folder is watched.
    pub fn is_watched(&self) -> bool {
        self.watched
    }
}

/// The content this request reads: the snapshot taken when it started (see
/// `server::router`), else the current one.
pub fn request_content() -> Result<Arc<Content>, AppError> {
    if let Some(content) = use_context::<Arc<Content>>() {
        return Ok(content);
    }
    Ok(super::state::app_state()?.content.snapshot())
}

/// The `Cache-Control` of docs pages and their JSON: `fresh` normally, and
/// `no-cache` while the content is watched, so that a browser never shows a
/// page from before the author's last save.
pub fn docs_cache_control(fresh: &'static str) -> http::HeaderValue {
    let watched = super::state::app_state().is_ok_and(|state| state.content.is_watched());
    http::HeaderValue::from_static(if watched { "no-cache" } else { fresh })
}
