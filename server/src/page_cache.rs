//! Rendered answers served from memory, compressed once, bounded in bytes.
//!
//! What the server sends many times is kept here with its encoded variants
//! ([`crate::encoding`]): docs pages and their JSON, `.md` twins, `llms.txt`,
//! the sitemap, user pages and their JSON. A hit is sent as stored, in the
//! coding the request prefers, with no rendering and no compression.
//!
//! An answer depends on its URL alone (the visitor's theme and banner are
//! applied in the browser, the locale is in the path), so it is kept under
//! its path and the query parameters that change it. Two kinds of answers:
//!
//! - **Content** (docs pages, their server functions, `.md`, `llms*.txt`, the
//!   sitemap, `robots.txt`) does not change per request: it is fresh for the
//!   stars revalidation period (the docs show live stars), then served stale
//!   for as long again while one background render replaces it
//!   ([`app::server::revalidate`], the rule every cache here follows), so no
//!   visitor waits for a render once a page has been rendered. Its variants
//!   are made at [`Effort::KEPT`].
//! - **User data** (`/user/{name}`, `/ko/user/{name}`, `list_user_repos`,
//!   `/api/github-repos/{name}`) is micro-cached: kept for at most a second,
//!   never longer than the data is fresh. Under load that turns hundreds of
//!   renders of the same list per second into one, while the data cache below
//!   keeps its own freshness, stale-while-revalidate and single-flight rules.
//!   Its variants are made at [`Effort::BRIEF`].
//!
//! A key is built only from the URL, parsed: cookies and headers never enter
//! it, and query parameters that do not change the answer are left out, so
//! hostile cookies and random `?x=` parameters never add entries (a server
//! function's unknown or repeated parameter is not served from here at all).
//! The cache as a whole is bounded by the bytes it holds, every variant
//! counted (`LEPTRA_PAGE_CACHE_MB`), whatever the number of entries.
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
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use moka::{future::Cache, Expiry};

use crate::encoding::{Coding, Effort, Stored, Variants};

/// Rendered pages bigger than this are not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// What an entry costs beyond its key, bodies and headers: the `Arc`s, moka's bookkeeping.
const ENTRY_OVERHEAD_BYTES: usize = 512;

/// The longest a rendered user page is kept.
pub const USER_PAGE_TTL: Duration = Duration::from_secs(1);

/// The server functions whose answers are content, and the parameters each reads.
const CONTENT_FUNCTIONS: &[(&str, &[&str])] = &[
    ("/api/get_doc_page", &["locale", "slug"]),
    ("/api/get_navbar", &["locale", "route"]),
    ("/api/get_sidebar", &["locale", "route"]),
    ("/api/get_sidebar_folder", &["locale", "path"]),
    ("/api/get_page_markdown", &["locale", "slug"]),
    ("/api/get_repo_stars", &[]),
];

/// Content answers outside `/docs` that every locale has (`/ko/llms.txt`).
const CONTENT_FILES: &[&str] = &["/llms.txt", "/llms-full.txt"];

/// Content answers at one path.
const SITE_FILES: &[&str] = &["/sitemap.xml", "/robots.txt"];

/// One answer, kept in every coding, each with the headers it is sent with.
struct CachedPage {
    body: Variants,
    identity: HeaderMap,
    brotli: HeaderMap,
    gzip: HeaderMap,
    rendered_at: Instant,
    freshness: Freshness,
}

impl CachedPage {
    /// `identity`'s variants, with `headers` (the body's own `ETag` among them) made fit for each.
    fn new(body: Variants, headers: &HeaderMap, freshness: Freshness) -> Self {
        let for_coding = |coding| Variants::headers_for(body.pick(coding).0, headers);
        Self {
            identity: for_coding(Coding::Identity),
            brotli: for_coding(Coding::Brotli),
            gzip: for_coding(Coding::Gzip),
            body,
            rendered_at: Instant::now(),
            freshness,
        }
    }

    /// The variant in `coding` (or identity, when that coding would not have made it smaller), as stored.
    fn response(&self, coding: Coding) -> Response<Body> {
        let (coding, bytes) = self.body.pick(coding);
        let headers = match coding {
            Coding::Brotli => &self.brotli,
            Coding::Gzip => &self.gzip,
            Coding::Identity => &self.identity,
        };
        let mut response = Response::new(Body::from(bytes.clone()));
        *response.headers_mut() = headers.clone();
        response.extensions_mut().insert(Stored);
        response
    }

    fn header_bytes(&self) -> usize {
        [&self.identity, &self.brotli, &self.gzip]
            .iter()
            .flat_map(|headers| headers.iter())
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum()
    }
}

/// What a kept answer depends on: its URL, parsed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PageKey {
    /// The request path of an answer that exists (only `200`s are kept); it holds the locale.
    path: String,
    /// The canonical form of the query parameters that change the answer
    /// (`sort=stars&lang=Rust`, `locale=en&slug=guide`); often empty.
    query: String,
    /// The content version a content answer was rendered from; `0` for user data.
    generation: u64,
}

impl PageKey {
    fn weight(&self, page: &CachedPage) -> u32 {
        let bytes =
            self.path.len() + self.query.len() + page.body.held_bytes() + page.header_bytes() + ENTRY_OVERHEAD_BYTES;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}

/// Each entry lives as long as the kind of answer it holds allows, stale time included.
struct PerPageTtl;

impl Expiry<PageKey, Arc<CachedPage>> for PerPageTtl {
    fn expire_after_create(&self, _key: &PageKey, page: &Arc<CachedPage>, _created_at: Instant) -> Option<Duration> {
        Some(page.freshness.kept_for())
    }
}

/// How long answers are kept and how many bytes they may take.
#[derive(Debug, Clone, Copy)]
pub struct PageCachePolicy {
    /// How long a rendered docs page is fresh; it is served stale for as long
    /// again while it is rendered anew.
    pub docs_ttl: Duration,
    /// How long user data is fresh; user pages are kept for [`USER_PAGE_TTL`] or this, whichever is shorter.
    pub data_ttl: Duration,
    /// The most bytes all kept answers may take together, every variant counted.
    pub max_bytes: u64,
}

/// Where and how long one answer is kept, and how hard it is compressed.
struct Slot {
    key: PageKey,
    freshness: Freshness,
    effort: Effort,
}

/// The cache of rendered answers; cheap to clone.
#[derive(Clone)]
pub struct PageCache {
    pages: Cache<PageKey, Arc<CachedPage>>,
    docs: Freshness,
    /// Zero when user data is never fresh (`REPOS_CACHE_TTL_SECS=0`): user pages are not kept.
    /// They are never served stale: the data cache below has its own stale rule.
    user_ttl: Duration,
    renders: Refreshes<PageKey>,
    /// Part of every content key; bumped when the content changes, so that a
    /// page still rendering from the old content is kept where no request
    /// after the change looks for it.
    docs_generation: Arc<AtomicU64>,
    /// How many answers were compressed (one count per answer, all its codings).
    compressions: Arc<AtomicU64>,
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
            compressions: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Drops every kept answer; call it after the content changed (user
    /// pages go too: they are kept for a second at most anyway).
    pub fn invalidate_docs(&self) {
        self.docs_generation.fetch_add(1, Ordering::SeqCst);
        self.pages.invalidate_all();
    }

    /// The bytes the kept answers take, by the cache's own weighing.
    pub async fn weighted_size(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.weighted_size()
    }

    /// How many answers are kept.
    pub async fn entry_count(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.entry_count()
    }

    /// How many answers have been compressed since the cache was made: one
    /// per render that was kept, whatever the number of codings or requests.
    pub fn compressions(&self) -> u64 {
        self.compressions.load(Ordering::Relaxed)
    }

    /// Where `req`'s answer is kept, if it may be.
    fn slot(&self, req: &Request) -> Option<Slot> {
        if req.method() != Method::GET {
            return None;
        }
        let content = |query: String| {
            let generation = self.docs_generation.load(Ordering::SeqCst);
            let key = PageKey { path: req.uri().path().to_owned(), query, generation };
            Slot { key, freshness: self.docs, effort: Effort::KEPT }
        };
        let data = |query: String| {
            let key = PageKey { path: req.uri().path().to_owned(), query, generation: 0 };
            (!self.user_ttl.is_zero()).then(|| Slot {
                key,
                freshness: Freshness::without_stale(self.user_ttl),
                effort: Effort::BRIEF,
            })
        };
        let path = req.uri().path();
        let (_, english_path) = app::locale::split_path(path);
        if english_path == "/docs" || english_path.starts_with("/docs/") {
            // Docs pages (and their `.md` twins) ignore the query (`?x=…` is the same
            // page), except `missing=1`, the version switcher's notice: two entries at most.
            let missing = req.uri().query().is_some_and(|q| q.split('&').any(|pair| pair == "missing=1"));
            return Some(content(if missing { "missing=1".to_owned() } else { String::new() }));
        }
        if CONTENT_FILES.contains(&english_path) || SITE_FILES.contains(&path) {
            return Some(content(String::new()));
        }
        if let Some((_, names)) = CONTENT_FUNCTIONS.iter().find(|(endpoint, _)| *endpoint == path) {
            return Some(content(function_query(req.uri(), names)?));
        }
        if english_path.starts_with("/user/") {
            return data(user_view_query(req.uri())?);
        }
        if path.starts_with("/api/github-repos/") {
            return data(String::new());
        }
        if path == "/api/list_user_repos" {
            return data(function_query(req.uri(), &["username"])?);
        }
        None
    }
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

/// The canonical form of a server function's arguments (sorted, decoded and
/// encoded again), or `None` when the query names a parameter the function
/// does not read, or one twice: such a request is answered, never kept.
fn function_query(uri: &http::Uri, names: &[&str]) -> Option<String> {
    let mut pairs: Vec<(String, String)> = Query::try_from_uri(uri).ok()?.0;
    pairs.sort();
    let known = pairs.iter().all(|(name, _)| names.contains(&name.as_str()));
    let once = pairs.windows(2).all(|pair| pair[0].0 != pair[1].0);
    (known && once).then(|| form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish())
}

/// Serves kept answers from the cache, rendering and keeping them on a miss.
///
/// Concurrent misses of one key render once: the first request renders and
/// the others wait for its answer, so an expiring user page under load costs
/// one render, not one per connection. An answer that is not kept (not
/// `200`, too large) goes to the request that rendered it; the others render
/// their own. A stale answer is sent at once while this request renders its
/// successor in the background (one render per key, however many find it stale).
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response<Body> {
    let Some(Slot { key, freshness, effort }) = cache.slot(&req) else {
        return next.run(req).await;
    };
    let accepted = Coding::negotiate(req.headers());
    if let Some(page) = cache.pages.get(&key).await {
        match page.freshness.of(page.rendered_at) {
            Age::Fresh => return page.response(accepted),
            Age::Stale => {
                cache.render_in_background(key, req, next, freshness, effort);
                return page.response(accepted);
            }
            Age::Expired => {}
        }
    }
    let turn = Arc::new(Mutex::new(Some((req, next))));
    let not_kept = Arc::new(Mutex::new(None));
    let keep = Keep { freshness, effort, compressions: cache.compressions.clone() };
    match cache.pages.try_get_with(key, render(turn.clone(), not_kept.clone(), keep)).await {
        Ok(page) => page.response(accepted),
        Err(_) => match (take(&not_kept), take(&turn)) {
            (Some(response), _) => response,
            (None, Some((req, next))) => next.run(req).await,
            (None, None) => internal_error("The page could not be rendered."),
        },
    }
}

impl PageCache {
    /// Renders `key`'s answer anew with `req` and keeps it, unless that render
    /// is running already. The visitor's cookies and credentials are left
    /// out: the answer is kept for everyone.
    fn render_in_background(&self, key: PageKey, mut req: Request, next: Next, freshness: Freshness, effort: Effort) {
        for name in [header::COOKIE, header::AUTHORIZATION] {
            req.headers_mut().remove(name);
        }
        let pages = self.pages.clone();
        let keep = Keep { freshness, effort, compressions: self.compressions.clone() };
        self.renders.spawn(key.clone(), async move {
            if let Ok(page) = keep.keepable(next.run(req).await).await {
                pages.insert(key, Arc::new(page)).await;
            }
        });
    }
}

/// How a rendered answer is kept.
struct Keep {
    freshness: Freshness,
    effort: Effort,
    compressions: Arc<AtomicU64>,
}

impl Keep {
    /// `response` as an answer to keep, compressed, or the answer to send
    /// instead when it may not be kept.
    async fn keepable(self, response: Response<Body>) -> Result<CachedPage, Response<Body>> {
        if response.status() != StatusCode::OK || response.headers().contains_key(header::CONTENT_ENCODING) {
            return Err(response);
        }
        let (mut parts, body) = response.into_parts();
        let body: Bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
            Ok(body) => body,
            Err(_) => return Err(internal_error("The page was too large to render.")),
        };
        if !parts.headers.contains_key(header::ETAG) {
            if let Ok(tag) = HeaderValue::from_str(&crate::etag::etag_of(&body)) {
                parts.headers.insert(header::ETAG, tag);
            }
        }
        let variants = Variants::encode(body, self.effort, self.compressions).await;
        Ok(CachedPage::new(variants, &parts.headers, self.freshness))
    }
}

/// Renders the answer with this request's own `turn`; an answer that may not
/// be kept is left in `not_kept` for this request to send.
async fn render(
    turn: Arc<Mutex<Option<(Request, Next)>>>,
    not_kept: Arc<Mutex<Option<Response<Body>>>>,
    keep: Keep,
) -> Result<Arc<CachedPage>, NotKept> {
    let Some((req, next)) = take(&turn) else {
        return Err(NotKept);
    };
    match keep.keepable(next.run(req).await).await {
        Ok(page) => Ok(Arc::new(page)),
        Err(answer) => {
            if let Ok(mut slot) = not_kept.lock() {
                *slot = Some(answer);
            }
            Err(NotKept)
        }
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
