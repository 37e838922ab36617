//! Rendered answers served from memory, compressed once, bounded in bytes.
//!
//! What the server sends many times is kept here with its encoded variants
//! ([`crate::encoding`]): docs pages and their JSON, `.md` twins, `llms.txt`,
//! the sitemap, user pages and their JSON. A hit is sent as stored, in the
//! coding the request prefers, with no rendering and no compression.
//!
//! The cache knows no paths. An answer that is the same for everyone says so
//! as it is rendered ([`app::server::keep`]): its kind and the query
//! parameters it reads. The cache learns that per route (axum's matched path,
//! from the app's route table; the path itself for answers outside it) and
//! from then on keeps that route's answers under their path and those
//! parameters, canonical (sorted, decoded and encoded again). Cookies,
//! headers and other parameters never enter a key, so hostile cookies and
//! random `?x=` parameters never add entries; a declared parameter given twice
//! is answered, never kept (the page might read another value than the key).
//! Two kinds of answers:
//!
//! - **Content** (docs pages, their server functions, `.md`, `llms*.txt`, the
//!   sitemap, `robots.txt`) does not change per request: it is fresh for the
//!   stars revalidation period (the docs show live stars), then served stale
//!   for as long again while one background render replaces it
//!   ([`app::server::revalidate`], the rule every cache here follows), so no
//!   visitor waits for a render once a page has been rendered. Its variants
//!   are made at [`Effort::KEPT`].
//! - **User data** (user pages, `list_user_repos`, `/api/github-repos/{name}`)
//!   is micro-cached: kept for at most a second, never longer than the data
//!   is fresh. Under load that turns hundreds of renders of the same list per
//!   second into one, while the data cache below keeps its own freshness,
//!   stale-while-revalidate and single-flight rules. Its variants are made at
//!   [`Effort::BRIEF`].
//!
//! A route's first answer teaches the cache; other requests to that route
//! wait for it while it renders (once per route of the table), so a burst at
//! start-up renders and compresses each page once, not once per connection.
//!
//! The cache as a whole is bounded by the bytes it holds, every variant
//! counted (`LEPTRA_PAGE_CACHE_MB`), whatever the number of entries.
//!
//! Only complete `200` answers to plain GETs are kept.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, RwLock,
    },
    time::{Duration, Instant},
};

use app::server::{
    keep::{self, Kind},
    revalidate::{Age, Freshness, Refreshes},
};
use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{MatchedPath, Query, Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use moka::{future::Cache, Expiry};
use tokio::sync::watch;

use crate::encoding::{Coding, Effort, Stored, Variants};

/// Rendered pages bigger than this are not kept: one whose size is known is sent
/// without being kept, one streamed past it is an error.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// What an entry costs beyond its key, bodies and headers: the `Arc`s, moka's bookkeeping.
const ENTRY_OVERHEAD_BYTES: usize = 512;

/// The longest a rendered user page is kept.
pub const USER_PAGE_TTL: Duration = Duration::from_secs(1);

/// The most routes whose answers the cache learns to keep (answers outside
/// the route table, such as `.md` twins, are learned per path).
const MAX_ROUTES: usize = 100_000;

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
    /// Whether answers are kept at all (see [`PageCache::passing_through`]).
    keeps: bool,
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
    /// What each route's answers said of themselves (see [`app::server::keep`]).
    routes: Arc<RwLock<HashMap<String, Policy>>>,
    /// The routes of the route table whose first answer has rendered (`None`)
    /// or is rendering: other requests to them wait for it (it may teach the
    /// cache to keep them), as misses of one key do. Once per route, so a
    /// route whose answers never say how to keep them is not held up again.
    learning: Arc<Mutex<HashMap<String, Option<watch::Receiver<()>>>>>,
}

/// How a route's answers may be kept, as they declared it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Policy {
    kind: Kind,
    /// The query parameters they read, sorted.
    query: Vec<String>,
}

impl Policy {
    /// The declaration in `headers`, which it removes from them.
    fn taken_from(headers: &mut HeaderMap) -> Option<Self> {
        let kind = Kind::declared(headers);
        let mut query = keep::declared_query(headers);
        headers.remove(keep::KIND_HEADER);
        headers.remove(keep::QUERY_HEADER);
        query.sort();
        query.dedup();
        Some(Self { kind: kind?, query })
    }
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
            keeps: true,
            pages,
            docs: Freshness { fresh_for: policy.docs_ttl, stale_for: policy.docs_ttl },
            user_ttl: policy.data_ttl.min(USER_PAGE_TTL),
            renders: Refreshes::default(),
            docs_generation: Arc::new(AtomicU64::new(0)),
            compressions: Arc::new(AtomicU64::new(0)),
            routes: Arc::default(),
            learning: Arc::default(),
        }
    }

    /// A cache that keeps nothing: every request is rendered, and nothing is
    /// compressed ahead. For the exporter, which asks for each answer once and
    /// writes it as it is: keeping and compressing each (brotli 11, gzip 9)
    /// was about four fifths of an export's CPU time.
    pub fn passing_through(policy: PageCachePolicy) -> Self {
        Self { keeps: false, ..Self::new(policy) }
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

    /// Where an answer to `uri`, of a route whose answers declared `policy`, is kept, if it may be.
    fn slot_for(&self, uri: &http::Uri, policy: &Policy) -> Option<Slot> {
        let query = canonical_query(uri, &policy.query)?;
        let path = uri.path().to_owned();
        match policy.kind {
            Kind::Content => {
                let generation = self.docs_generation.load(Ordering::SeqCst);
                let key = PageKey { path, query, generation };
                Some(Slot { key, freshness: self.docs, effort: Effort::KEPT })
            }
            Kind::Data => (!self.user_ttl.is_zero()).then(|| Slot {
                key: PageKey { path, query, generation: 0 },
                freshness: Freshness::without_stale(self.user_ttl),
                effort: Effort::BRIEF,
            }),
        }
    }

    /// Where `req`'s answer is kept, if its route's answers said it may be.
    fn slot(&self, req: &Request) -> Option<Slot> {
        if req.method() != Method::GET {
            return None;
        }
        self.slot_in(&route_of(req), req.uri())
    }

    /// Where the answer to a GET of `uri`, answered by `route`, is kept, if the route's answers said it may be.
    fn slot_in(&self, route: &str, uri: &http::Uri) -> Option<Slot> {
        let policy = self.routes.read().ok()?.get(route).cloned()?;
        self.slot_for(uri, &policy)
    }

    /// Remembers what `route`'s answers declared.
    fn learn(&self, route: String, policy: Policy) {
        let Ok(mut routes) = self.routes.write() else { return };
        if routes.len() < MAX_ROUTES || routes.contains_key(&route) {
            routes.insert(route, policy);
        }
    }
}

/// The route `req` is answered by: axum's matched path (the app's route
/// table), or the path itself for answers outside it.
fn route_of(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None => req.uri().path().to_owned(),
    }
}

/// Whether `req` is answered by a route of the app's route table (a bounded
/// set, unlike the paths answered outside it).
fn is_table_route(req: &Request) -> bool {
    req.extensions().get::<MatchedPath>().is_some()
}

/// The canonical form of `uri`'s parameters among `names` (sorted, decoded
/// and encoded again), or `None` when the query is unreadable or gives one of
/// them twice: such a request is answered, never kept.
fn canonical_query(uri: &http::Uri, names: &[String]) -> Option<String> {
    let pairs: Vec<(String, String)> = Query::try_from_uri(uri).ok()?.0;
    let mut read: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| names.contains(name)).collect();
    read.sort();
    let once = read.windows(2).all(|pair| pair[0].0 != pair[1].0);
    once.then(|| form_urlencoded::Serializer::new(String::new()).extend_pairs(&read).finish())
}

/// Runs the rest of the stack for `req`: the answer, without the declaration
/// of how it may be kept, and that declaration.
async fn run(req: Request, next: Next) -> (Response<Body>, Option<Policy>) {
    let mut response = next.run(req).await;
    let policy = Policy::taken_from(response.headers_mut());
    (response, policy)
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
    if !cache.keeps {
        return next.run(req).await;
    }
    let accepted = Coding::negotiate(req.headers());
    let slot = match cache.slot(&req) {
        Some(slot) => Some(slot),
        None if req.method() == Method::GET => cache.after_lesson(route_of(&req), req.uri().clone()).await,
        None => None,
    };
    let Some(Slot { key, freshness, effort }) = slot else {
        return cache.learn_from(req, next, accepted).await;
    };
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
            (None, Some((req, next))) => run(req, next).await.0,
            (None, None) => internal_error("The page could not be rendered."),
        },
    }
}

impl PageCache {
    /// Answers `req`, whose route has not said how its answers may be kept:
    /// a `200` to a GET that says so teaches the cache, and is kept.
    async fn learn_from(&self, req: Request, next: Next, accepted: Coding) -> Response<Body> {
        let get = req.method() == Method::GET;
        let (route, uri) = (route_of(&req), req.uri().clone());
        let _lesson = (get && is_table_route(&req)).then(|| self.lesson(&route));
        let (response, policy) = run(req, next).await;
        let Some(policy) = policy.filter(|_| get && response.status() == StatusCode::OK) else {
            return response;
        };
        self.learn(route, policy.clone());
        let Some(Slot { key, freshness, effort }) = self.slot_for(&uri, &policy) else { return response };
        let keep = Keep { freshness, effort, compressions: self.compressions.clone() };
        match keep.keepable(response).await {
            Ok(page) => {
                let page = Arc::new(page);
                self.pages.insert(key, page.clone()).await;
                page.response(accepted)
            }
            Err(response) => response,
        }
    }

    /// Marks `route`'s first answer as rendering, unless it has rendered or is
    /// rendering already: until the mark is dropped, other GETs of the route
    /// wait in [`Self::after_lesson`].
    fn lesson(&self, route: &str) -> Option<Lesson> {
        let mut learning = self.learning.lock().ok()?;
        if learning.contains_key(route) {
            return None;
        }
        let (done, waiting) = watch::channel(());
        learning.insert(route.to_owned(), Some(waiting));
        Some(Lesson { learning: self.learning.clone(), route: route.to_owned(), _done: done })
    }

    /// Waits for the render that may teach the cache how `route` is kept, if
    /// one is running, then where the answer to a GET of `uri` is kept (`None`
    /// when it is not, or when no render was running: then this request teaches).
    async fn after_lesson(&self, route: String, uri: http::Uri) -> Option<Slot> {
        let mut waiting = self.learning.lock().ok()?.get(&route).cloned().flatten()?;
        // The sender is dropped, never used: `changed` returns once the lesson is over.
        let _ = waiting.changed().await;
        self.slot_in(&route, &uri)
    }

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
            if let Ok(page) = keep.keepable(run(req, next).await.0).await {
                pages.insert(key, Arc::new(page)).await;
            }
        });
    }
}

/// A route's first answer, rendering; dropped when it is done (or abandoned),
/// which wakes the requests waiting for it.
struct Lesson {
    learning: Arc<Mutex<HashMap<String, Option<watch::Receiver<()>>>>>,
    route: String,
    _done: watch::Sender<()>,
}

impl Drop for Lesson {
    fn drop(&mut self) {
        if let Ok(mut learning) = self.learning.lock() {
            learning.insert(std::mem::take(&mut self.route), None);
        }
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
        // An answer whose size is known to be over the bound (a whole `llms-full.txt` of a large
        // site) is sent as it is, not kept.
        if http_body::Body::size_hint(response.body()).lower() > MAX_PAGE_BYTES as u64 {
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
    match keep.keepable(run(req, next).await.0).await {
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
