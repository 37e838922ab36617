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

/// The `Cache-Control` of docs pages and their JSON: the configured one
/// (`LEPTRA_DOCS_CACHE_CONTROL`) normally, and `no-cache` while the content is
/// watched, so that a browser never shows a page from before the author's
/// last save.
pub fn docs_cache_control() -> http::HeaderValue {
    match super::state::app_state() {
        Ok(state) if !state.content.is_watched() => state.docs_cache_control,
        _ => http::HeaderValue::from_static("no-cache"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::store::DocsConfig;

    fn content(dir: &std::path::Path) -> Content {
        let docs =
            DocsStore::load(DocsConfig { content_dir: dir.to_owned(), edit_base_url: None, show_problems: false })
                .expect("content loads");
        let search = SearchIndex::build(&docs.search_documents()).expect("index builds");
        Content { docs, search }
    }

    #[test]
    fn a_snapshot_never_mixes_the_pages_of_one_version_with_the_index_of_another() {
        let small = std::env::temp_dir().join(format!("leptra-content-{}", std::process::id()));
        std::fs::create_dir_all(small.join("en")).expect("create folder");
        std::fs::write(small.join("en/index.md"), "# Home\n\nOne page.\n").expect("write page");
        let real = content(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"));
        let tiny = content(&small);
        let pairs =
            [(real.docs.len(), real.search.section_count("en")), (tiny.docs.len(), tiny.search.section_count("en"))];
        assert_ne!(pairs[0], pairs[1]);
        let (real, tiny) = (Arc::new(real), Arc::new(tiny));
        let live = LiveContent::new(Content { docs: real.docs.clone(), search: real.search.clone() }, true);
        let held = live.snapshot();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..2_000 {
                        let snapshot = live.snapshot();
                        let pair = (snapshot.docs.len(), snapshot.search.section_count("en"));
                        assert!(pairs.contains(&pair), "{pair:?} is half of each version");
                    }
                });
            }
            for round in 0..500 {
                let next = if round % 2 == 0 { &tiny } else { &real };
                live.replace(Content { docs: next.docs.clone(), search: next.search.clone() });
            }
        });
        assert_eq!(held.docs.len(), pairs[0].0, "a snapshot taken earlier stays on its version");
        let _ = std::fs::remove_dir_all(small);
    }
}
