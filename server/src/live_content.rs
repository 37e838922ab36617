//! Live content: the server watches the content folder and serves an edit
//! within a fraction of a second, without a restart.
//!
//! A debounced watcher (notify) sends batches of file events to one reload
//! thread. For each batch it reads the folder again ([`DocsStore::reload`]
//! renders only the changed files), rebuilds the search index of the locales
//! whose text changed, swaps both in at once, drops the cached docs pages and
//! tells open tabs which URLs changed over Server-Sent Events
//! ([`CONTENT_EVENTS_PATH`]). The script that listens ([`LIVE_CONTENT_SCRIPT`])
//! is linked only from pages of a server that watches.
//!
//! Nothing an author saves stops the server: broken files become problems of
//! their page, and a reload that fails or panics keeps the previous version.
//!
//! [`DocsStore::reload`]: app::docs::store::DocsStore::reload

use std::{
    convert::Infallible,
    panic::{self, AssertUnwindSafe},
    path::Path,
    sync::{mpsc, Arc, LazyLock},
    time::{Duration, Instant},
};

use axum::{
    extract::State,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse,
    },
    routing::get,
    Router,
};
use futures::Stream;
use http::{header, HeaderValue};
use notify_debouncer_full::{
    new_debouncer,
    notify::{EventKind, RecommendedWatcher, RecursiveMode},
    DebounceEventResult, Debouncer, RecommendedCache,
};
use tokio::sync::{broadcast, watch};

use app::server::content::{Content, ContentError, LiveContent};
use app::site::config::SiteConfig;
use app::site::{CONTENT_EVENTS_PATH, LIVE_CONTENT_SCRIPT};

use crate::page_cache::PageCache;

/// How long the folder must be quiet before a reload: long enough to take an
/// editor's save (often a write, a rename and a chmod) as one change.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The script pages load while the content is watched.
const SCRIPT: &str = include_str!("live_content/live.js");

/// A running watcher: dropping it stops watching.
#[derive(Clone)]
pub struct Watching {
    events: broadcast::Sender<Arc<str>>,
    _debouncer: Arc<Debouncer<RecommendedWatcher, RecommendedCache>>,
}

/// Why the content folder cannot be watched (the server then serves it as read at start-up).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The operating system's file watcher refused.
    #[error(transparent)]
    Notify(#[from] notify_debouncer_full::notify::Error),
    /// The reload thread could not be started.
    #[error("cannot start the reload thread: {0}")]
    Thread(std::io::Error),
}

/// Starts watching `content_dir`; each change is swapped into `content` and
/// drops the docs pages in `pages`.
pub fn watch(content_dir: &Path, content: LiveContent, pages: PageCache) -> Result<Watching, WatchError> {
    let (sender, batches) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, sender)?;
    debouncer.watch(content_dir, RecursiveMode::Recursive)?;
    let (events, _) = broadcast::channel(16);
    std::thread::Builder::new()
        .name("content-reload".to_owned())
        .spawn({
            let events = events.clone();
            move || reload_loop(&batches, &content, &pages, &events)
        })
        .map_err(WatchError::Thread)?;
    tracing::info!(dir = %content_dir.display(), "watching the content folder");
    Ok(Watching { events, _debouncer: Arc::new(debouncer) })
}

/// The endpoints of the browser channel: the event stream and the script.
pub fn routes<S: Clone + Send + Sync + 'static>(watching: Watching) -> Router<S> {
    Router::new()
        .route(CONTENT_EVENTS_PATH, get(content_events))
        .route(LIVE_CONTENT_SCRIPT, get(script))
        .with_state(watching)
}

/// Reloads once per batch of file events until the watcher is dropped.
fn reload_loop(
    batches: &mpsc::Receiver<DebounceEventResult>,
    content: &LiveContent,
    pages: &PageCache,
    events: &broadcast::Sender<Arc<str>>,
) {
    while let Ok(first) = batches.recv() {
        // Whatever queued up meanwhile is covered by the same reload.
        let batch: Vec<DebounceEventResult> = std::iter::once(first).chain(batches.try_iter()).collect();
        let mut relevant = false;
        for result in batch {
            match result {
                Ok(file_events) => relevant |= file_events.iter().any(|e| !matches!(e.kind, EventKind::Access(_))),
                Err(errors) => {
                    for error in errors {
                        tracing::warn!(%error, "content watcher");
                    }
                    relevant = true;
                }
            }
        }
        if !relevant {
            continue;
        }
        let started = Instant::now();
        match panic::catch_unwind(AssertUnwindSafe(|| reload(content, pages))) {
            Ok(Ok(Some(routes))) => {
                let rendered = content.snapshot().docs.rendered();
                let elapsed_ms = started.elapsed().as_millis() as u64;
                let changed_urls = routes.as_ref().map_or(usize::MAX, Vec::len);
                tracing::info!(changed_urls, rendered, elapsed_ms, "content reloaded");
                let message = serde_json::json!({ "routes": routes }).to_string();
                // No open tab is not an error.
                let _ = events.send(message.into());
            }
            Ok(Ok(None)) => {}
            Ok(Err(error)) => tracing::error!(%error, "content reload failed; still serving the previous version"),
            Err(_) => tracing::error!("content reload panicked; still serving the previous version"),
        }
    }
}

/// Reads the content again and swaps it in; the URLs that changed (every
/// one, `None`, when the site file did), or `Ok(None)` when nothing did.
pub fn reload(content: &LiveContent, pages: &PageCache) -> Result<Option<Option<Vec<String>>>, ContentError> {
    let current = content.snapshot();
    let site = reload_site(&current);
    let site_changed = site != current.site;
    let docs = current.docs.reload_with_edit_base(site.edit_base_url())?;
    let routes = current.docs.changed_routes(&docs);
    let old_problems = current.docs.problems();
    let problems = docs.problems();
    if routes.is_empty() && problems == old_problems && !site_changed {
        return Ok(None);
    }
    for problem in problems.iter().filter(|p| !old_problems.contains(p)) {
        tracing::warn!(%problem, "content problem");
    }
    let search = current.search.update(&current.docs.search_documents(), &docs.search_documents())?;
    // Older versions are read at start-up and kept as they are.
    content.replace(Content { docs, search, versions: current.versions.clone(), site });
    // After the swap: a page rendered from here on reads the new content.
    pages.invalidate_docs();
    Ok(Some((!site_changed).then_some(routes)))
}

/// The site file as saved, or, when the save cannot be used, the last good
/// configuration with the problem to show on every page.
fn reload_site(current: &Content) -> Arc<SiteConfig> {
    match SiteConfig::load(current.docs.content_dir()) {
        Ok(site) if site == *current.site => current.site.clone(),
        Ok(site) => Arc::new(site),
        Err(problem) => {
            if current.site.page.problem.as_deref() != Some(problem.to_string().as_str()) {
                tracing::warn!(%problem, "site file problem; still serving the last good configuration");
            }
            Arc::new(current.site.with_problem(Some(&problem)))
        }
    }
}

/// Set once the server is shutting down: open event streams end, so that a
/// graceful shutdown does not wait for browser tabs.
static CLOSING: LazyLock<watch::Sender<bool>> = LazyLock::new(|| watch::channel(false).0);

/// Ends every open event stream; the server calls it when it shuts down.
pub fn close_streams() {
    CLOSING.send_replace(true);
}

/// `GET /__leptra/content-events`: one `change` event per reload, its data
/// `{"routes": [...]}` (or `null` routes when events were missed: reload all).
async fn content_events(State(watching): State<Watching>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = watching.events.subscribe();
    let closing = CLOSING.subscribe();
    let stream = futures::stream::unfold((receiver, closing), |(mut receiver, mut closing)| async move {
        let data: Arc<str> = tokio::select! {
            received = receiver.recv() => match received {
                Ok(data) => data,
                Err(broadcast::error::RecvError::Lagged(_)) => Arc::from(r#"{"routes":null}"#),
                Err(broadcast::error::RecvError::Closed) => return None,
            },
            _ = closing.wait_for(|closing| *closing) => return None,
        };
        Some((Ok(Event::default().event("change").data(&*data)), (receiver, closing)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `GET /__leptra/live.js`.
async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        SCRIPT,
    )
}
