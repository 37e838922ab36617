//! Rendered pages served from memory, bounded in bytes.
//!
//! A page's HTML depends on its URL alone (the visitor's theme and banner are
//! applied in the browser, the locale is in the path), so a page is kept
//! under its path. Docs do not change per request: a rendered docs page is
//! fresh for the stars revalidation period (the stars page shows live data),
//! then served stale for as long again while one background render replaces
//! it ([`app::server::revalidate`], the rule every cache here follows), so no
//! visitor waits for a render once a page has been rendered.
//!
//! User pages are micro-cached: the HTML of `/user/{name}` (and
//! `/ko/user/{name}`) is kept for at most a second, never longer than the
//! data is fresh, keyed by its path and the view query (`sort`, `q`, `lang`).
//! Under load that turns hundreds of renders of the same list per second into
//! one, while the data cache below keeps its own freshness,
//! stale-while-revalidate and single-flight rules.
//!
//! A key is built only from the URL, parsed: cookies and headers never enter
//! it, and query parameters that do not change the page are left out, so
//! hostile cookies and random `?x=` parameters never add entries. The cache as a whole is bounded by the bytes it holds
//! (`LEPTRA_PAGE_CACHE_MB`), whatever the number of entries.
//!
//! Only complete `200` answers to plain GETs are kept.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use app::{
    routes::user::{SortKey, ViewQuery},
    server::revalidate::{Age, Freshness, Refreshes},
};
use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{Query, Request, State},
    middleware::Next,
    response::Response,
};
use http::{HeaderMap, Method, StatusCode};
use moka::{future::Cache, Expiry};

/// Rendered pages bigger than this are not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// What an entry costs beyond its key and body: the headers map, the `Arc`s, moka's bookkeeping.
const ENTRY_OVERHEAD_BYTES: usize = 512;

/// The longest a rendered user page is kept.
pub const USER_PAGE_TTL: Duration = Duration::from_secs(1);

#[derive(Clone)]
struct CachedPage {
    headers: HeaderMap,
    body: Bytes,
    rendered_at: Instant,
    freshness: Freshness,
}

impl CachedPage {
    fn response(&self) -> Response<Body> {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// What a rendered page depends on: its URL, parsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PageKey {
    /// The request path of a page that exists (only `200`s are kept); it holds the locale.
    path: String,
    /// The canonical view query of a user page (`?sort=stars&lang=Rust`); empty for docs.
    query: String,
    /// The content version a docs page was rendered from; `0` for user pages.
    generation: u64,
}

impl PageKey {
    fn weight(&self, page: &CachedPage) -> u32 {
        let headers: usize = page.headers.iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
        let bytes = self.path.len() + self.query.len() + page.body.len() + headers + ENTRY_OVERHEAD_BYTES;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

/// Each entry lives as long as the kind of page it holds allows, stale time included.
struct PerPageTtl;

impl Expiry<PageKey, Arc<CachedPage>> for PerPageTtl {
    fn expire_after_create(&self, _key: &PageKey, page: &Arc<CachedPage>, _created_at: Instant) -> Option<Duration> {
        Some(page.freshness.kept_for())
    }
}

/// How long pages are kept and how many bytes they may take.
#[derive(Debug, Clone, Copy)]
pub struct PageCachePolicy {
    /// How long a rendered docs page is fresh; it is served stale for as long
    /// again while it is rendered anew.
    pub docs_ttl: Duration,
    /// How long user data is fresh; user pages are kept for [`USER_PAGE_TTL`] or this, whichever is shorter.
    pub data_ttl: Duration,
    /// The most bytes all kept pages may take together.
    pub max_bytes: u64,
}

/// The cache of rendered pages; cheap to clone.
#[derive(Clone)]
pub struct PageCache {
    pages: Cache<PageKey, Arc<CachedPage>>,
    docs: Freshness,
    /// Zero when user data is never fresh (`REPOS_CACHE_TTL_SECS=0`): user pages are not kept.
    /// They are never served stale: the data cache below has its own stale rule.
    user_ttl: Duration,
    renders: Refreshes<PageKey>,
    /// Part of every docs key; bumped when the content changes, so that a
    /// page still rendering from the old content is kept where no request
    /// after the change looks for it.
    docs_generation: Arc<AtomicU64>,
}

impl PageCache {
    /// An empty cache following `policy`.
    pub fn new(policy: PageCachePolicy) -> Self {
        let pages = Cache::builder()
            .max_capacity(policy.max_bytes)
            .weigher(|key: &PageKey, page: &Arc<CachedPage>| key.weight(page))
            .expire_after(PerPageTtl)
            .build();
        Self {
            pages,
            docs: Freshness { fresh_for: policy.docs_ttl, stale_for: policy.docs_ttl },
            user_ttl: policy.data_ttl.min(USER_PAGE_TTL),
            renders: Refreshes::default(),
            docs_generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Drops every rendered page; call it after the content changed (user
    /// pages go too: they are kept for a second at most anyway).
    pub fn invalidate_docs(&self) {
        self.docs_generation.fetch_add(1, Ordering::SeqCst);
        self.pages.invalidate_all();
    }

    /// The bytes the kept pages take, by the cache's own weighing.
    pub async fn weighted_size(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.weighted_size()
    }

    /// How many pages are kept.
    pub async fn entry_count(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.entry_count()
    }

    /// The key and lifetime for `req`, if its answer may be kept.
    fn slot(&self, req: &Request) -> Option<(PageKey, Freshness)> {
        if req.method() != Method::GET {
            return None;
        }
        let path = req.uri().path();
        if is_docs_path(path) {
            // Docs pages ignore the query (`?x=…` is the same page), except
            // `missing=1`, the version switcher's notice: two entries at most.
            let generation = self.docs_generation.load(Ordering::SeqCst);
            let missing = req.uri().query().is_some_and(|q| q.split('&').any(|pair| pair == "missing=1"));
            let query = if missing { "missing=1".to_owned() } else { String::new() };
            let key = PageKey { path: path.to_owned(), query, generation };
            return Some((key, self.docs));
        }
        if app::locale::split_path(path).1.starts_with("/user/") && !self.user_ttl.is_zero() {
            let query = user_view_query(req.uri())?;
            let key = PageKey { path: path.to_owned(), query, generation: 0 };
            return Some((key, Freshness::without_stale(self.user_ttl)));
        }
        None
    }
}

/// Whether `path` is in the docs, in either locale.
fn is_docs_path(path: &str) -> bool {
    let (_, english_path) = app::locale::split_path(path);
    english_path == "/docs" || english_path.starts_with("/docs/")
}

/// The canonical form of the query parameters that change a user page, or
/// `None` when the query is unreadable or repeats one of them (the page might
/// read another value than the key would).
fn user_view_query(uri: &http::Uri) -> Option<String> {
    let pairs: Vec<(String, String)> = Query::try_from_uri(uri).ok()?.0;
    let mut view: HashMap<&str, &str> = HashMap::new();
    for (name, value) in &pairs {
        if matches!(name.as_str(), "sort" | "q" | "lang") && view.insert(name, value).is_some() {
            return None;
        }
    }
    let query = ViewQuery {
        sort: SortKey::parse(view.get("sort").copied()),
        text: view.get("q").copied().unwrap_or_default().to_owned(),
        language: view.get("lang").copied().unwrap_or_default().to_owned(),
    };
    Some(query.to_query_string())
}

/// Serves docs and user pages from the cache, rendering and keeping them on a miss.
///
/// Concurrent misses of one key render once: the first request renders and
/// the others wait for its page, so an expiring user page under load costs one
/// render, not one per connection. An answer that is not kept (not `200`, too
/// large) goes to the request that rendered it; the others render their own.
/// A stale page is sent at once while this request renders its successor in
/// the background (one render per page, however many find it stale).
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response<Body> {
    let Some((key, freshness)) = cache.slot(&req) else {
        return next.run(req).await;
    };
    if let Some(page) = cache.pages.get(&key).await {
        match page.freshness.of(page.rendered_at) {
            Age::Fresh => return page.response(),
            Age::Stale => {
                cache.render_in_background(key, req, next, freshness);
                return page.response();
            }
            Age::Expired => {}
        }
    }
    let turn = Arc::new(Mutex::new(Some((req, next))));
    let not_kept = Arc::new(Mutex::new(None));
    match cache.pages.try_get_with(key, render(turn.clone(), not_kept.clone(), freshness)).await {
        Ok(page) => page.response(),
        Err(_) => match (take(&not_kept), take(&turn)) {
            (Some(response), _) => response,
            (None, Some((req, next))) => next.run(req).await,
            (None, None) => internal_error("The page could not be rendered."),
        },
    }
}

impl PageCache {
    /// Renders `key`'s page anew with `req` and keeps it, unless that render
    /// is running already. The visitor's cookies and credentials are left
    /// out: the page is kept for everyone.
    fn render_in_background(&self, key: PageKey, mut req: Request, next: Next, freshness: Freshness) {
        for name in [http::header::COOKIE, http::header::AUTHORIZATION] {
            req.headers_mut().remove(name);
        }
        let pages = self.pages.clone();
        self.renders.spawn(key.clone(), async move {
            if let Ok(page) = keepable(next.run(req).await, freshness).await {
                pages.insert(key, Arc::new(page)).await;
            }
        });
    }
}

/// Renders the page with this request's own `turn`; an answer that may not be
/// kept is left in `not_kept` for this request to send.
async fn render(
    turn: Arc<Mutex<Option<(Request, Next)>>>,
    not_kept: Arc<Mutex<Option<Response<Body>>>>,
    freshness: Freshness,
) -> Result<Arc<CachedPage>, NotKept> {
    let Some((req, next)) = take(&turn) else {
        return Err(NotKept);
    };
    match keepable(next.run(req).await, freshness).await {
        Ok(page) => Ok(Arc::new(page)),
        Err(answer) => {
            if let Ok(mut slot) = not_kept.lock() {
                *slot = Some(answer);
            }
            Err(NotKept)
        }
    }
}

/// `response` as a page to keep, or the answer to send instead when it may not be kept.
async fn keepable(response: Response<Body>, freshness: Freshness) -> Result<CachedPage, Response<Body>> {
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => Ok(CachedPage { headers: parts.headers, body, rendered_at: Instant::now(), freshness }),
        Err(_) => Err(internal_error("The page was too large to render.")),
    }
}

/// A render whose answer is not kept.
#[derive(Debug)]
struct NotKept;

fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().ok().and_then(|mut value| value.take())
}

fn internal_error(message: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(message));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

#[cfg(test)]
mod tests;
