//! Rendered pages served from memory.
//!
//! Docs do not change per request, so a rendered docs page is kept, keyed by
//! path and the cookies that change its HTML (theme, banner), and regenerated
//! at most every stars revalidation period (the stars page shows live data).
//!
//! User pages are micro-cached: the HTML of `/user/{name}?{query}` is kept for
//! at most a second, never longer than the data is fresh, keyed by the theme
//! cookie and the locale the request resolves to (the docs banner does not
//! appear on them). Under load that turns hundreds of renders of the same list
//! per second into one, while the data cache below keeps its own freshness,
//! stale-while-revalidate and single-flight rules.
//!
//! Only complete `200` answers to plain GETs are kept.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderMap, Method, StatusCode};
use moka::future::Cache;

/// Rendered pages bigger than this are not kept.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone)]
struct CachedPage {
    headers: HeaderMap,
    body: axum::body::Bytes,
}

/// The longest a rendered user page is kept.
pub const USER_PAGE_TTL: Duration = Duration::from_secs(1);

/// The caches of rendered pages; cheap to clone.
#[derive(Clone)]
pub struct PageCache {
    docs: Cache<String, Arc<CachedPage>>,
    /// `None` when user data is never fresh (`REPOS_CACHE_TTL_SECS=0`).
    users: Option<Cache<String, Arc<CachedPage>>>,
    /// Part of every docs key; bumped when the content changes, so that a
    /// page still rendering from the old content is kept where no request
    /// after the change looks for it.
    docs_generation: Arc<AtomicU64>,
}

impl PageCache {
    /// Docs pages live for `docs_ttl`; user pages for [`USER_PAGE_TTL`] or
    /// `data_ttl`, whichever is shorter.
    pub fn new(docs_ttl: Duration, data_ttl: Duration) -> Self {
        let user_ttl = data_ttl.min(USER_PAGE_TTL);
        Self {
            docs: Cache::builder().max_capacity(20_000).time_to_live(docs_ttl).build(),
            users: (!user_ttl.is_zero()).then(|| Cache::builder().max_capacity(1_000).time_to_live(user_ttl).build()),
            docs_generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Drops every rendered docs page; call it after the content changed.
    pub fn invalidate_docs(&self) {
        self.docs_generation.fetch_add(1, Ordering::SeqCst);
        self.docs.invalidate_all();
    }

    /// The cache and key for `req`, if its answer may be kept.
    fn slot(&self, req: &Request) -> Option<(&Cache<String, Arc<CachedPage>>, String)> {
        if req.method() != Method::GET {
            return None;
        }
        let path = req.uri().path();
        if is_docs_path(path) && req.uri().query().is_none() {
            let generation = self.docs_generation.load(Ordering::SeqCst);
            return Some((&self.docs, format!("{path}|{}|{generation}", cookie_key(req.headers()))));
        }
        if path.starts_with("/user/") {
            let users = self.users.as_ref()?;
            let header = |name| req.headers().get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
            let (locale, _) = app::locale::resolve(path, header(header::COOKIE), header(header::ACCEPT_LANGUAGE));
            let query = req.uri().query().unwrap_or_default();
            // The docs banner cookie does not change a user page: only the theme and locale do.
            return Some((users, format!("{path}?{query}|{}|{}", theme(req.headers()), locale.tag())));
        }
        None
    }
}

fn is_docs_path(path: &str) -> bool {
    ["/docs", "/ko/docs"].iter().any(|base| path == *base || path.starts_with(&format!("{base}/")))
}

fn cookie_key(headers: &HeaderMap) -> String {
    let banner = app::cookies::get(cookie_header(headers), "banner").unwrap_or("shown");
    format!("{}|{banner}", theme(headers))
}

fn theme(headers: &HeaderMap) -> &str {
    app::cookies::get(cookie_header(headers), app::theme::THEME_COOKIE).unwrap_or("system")
}

fn cookie_header(headers: &HeaderMap) -> &str {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Serves docs and user pages from the cache, rendering and keeping them on a miss.
///
/// Concurrent misses of one key render once: the first request renders and
/// the others wait for its page, so an expiring user page under load costs one
/// render, not one per connection. An answer that is not kept (not `200`, too
/// large) goes to the request that rendered it; the others render their own.
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response<Body> {
    let Some((pages, key)) = cache.slot(&req) else {
        return next.run(req).await;
    };
    let turn = Arc::new(Mutex::new(Some((req, next))));
    let not_kept = Arc::new(Mutex::new(None));
    match pages.try_get_with(key, render(turn.clone(), not_kept.clone())).await {
        Ok(page) => {
            let mut response = Response::new(Body::from(page.body.clone()));
            *response.headers_mut() = page.headers.clone();
            response
        }
        Err(_) => match (take(&not_kept), take(&turn)) {
            (Some(response), _) => response,
            (None, Some((req, next))) => next.run(req).await,
            (None, None) => internal_error("The page could not be rendered."),
        },
    }
}

/// Renders the page with this request's own `turn`; an answer that may not be
/// kept is left in `not_kept` for this request to send.
async fn render(
    turn: Arc<Mutex<Option<(Request, Next)>>>,
    not_kept: Arc<Mutex<Option<Response<Body>>>>,
) -> Result<Arc<CachedPage>, NotKept> {
    let Some((req, next)) = take(&turn) else {
        return Err(NotKept);
    };
    let response = next.run(req).await;
    let answer = if response.status() == StatusCode::OK {
        let (parts, body) = response.into_parts();
        match to_bytes(body, MAX_PAGE_BYTES).await {
            Ok(body) => return Ok(Arc::new(CachedPage { headers: parts.headers, body })),
            Err(_) => internal_error("The page was too large to render."),
        }
    } else {
        response
    };
    if let Ok(mut slot) = not_kept.lock() {
        *slot = Some(answer);
    }
    Err(NotKept)
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
mod tests {
    use super::*;

    #[test]
    fn only_docs_paths_are_cached() {
        assert!(is_docs_path("/docs"));
        assert!(is_docs_path("/docs/guide/ssr"));
        assert!(is_docs_path("/ko/docs/guide"));
        assert!(!is_docs_path("/docsx"));
        assert!(!is_docs_path("/user/alice"));
    }

    /// A router whose `/user/{name}` handler counts how often it renders.
    fn counting_router(cache: PageCache) -> (axum::Router, Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let renders = Arc::new(AtomicUsize::new(0));
        let counter = renders.clone();
        let router = axum::Router::new()
            .route(
                "/user/{name}",
                axum::routing::get(move || {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    async move { format!("render {n}") }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache, serve_cached));
        (router, renders)
    }

    async fn get(router: &axum::Router, uri: &str, headers: &[(header::HeaderName, &str)]) -> String {
        use tower::ServiceExt;
        let mut request = Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        let response = router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("answer");
        let bytes = to_bytes(response.into_body(), 1024).await.expect("body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[tokio::test]
    async fn user_pages_are_kept_briefly_per_query_theme_and_locale() {
        use std::sync::atomic::Ordering;
        let (router, renders) = counting_router(PageCache::new(Duration::from_secs(60), Duration::from_millis(300)));
        assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
        assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
        assert_eq!(get(&router, "/user/alice?sort=stars", &[]).await, "render 2");
        assert_eq!(get(&router, "/user/alice", &[(header::ACCEPT_LANGUAGE, "ko-KR")]).await, "render 3");
        assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "locale=ko")]).await, "render 3");
        assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "theme=dark")]).await, "render 4");
        assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "unrelated=1")]).await, "render 1");
        assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "banner=dismissed")]).await, "render 1");
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(get(&router, "/user/alice", &[]).await, "render 5");
        assert_eq!(renders.load(Ordering::SeqCst), 5);
    }

    #[tokio::test]
    async fn concurrent_misses_render_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let renders = Arc::new(AtomicUsize::new(0));
        let counter = renders.clone();
        let router = axum::Router::new()
            .route(
                "/docs/{page}",
                axum::routing::get(move |axum::extract::Path(page): axum::extract::Path<String>| {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    async move {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        let status = if page == "missing" { StatusCode::NOT_FOUND } else { StatusCode::OK };
                        (status, format!("render {n}"))
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                PageCache::new(Duration::from_secs(60), Duration::from_secs(1)),
                serve_cached,
            ));
        let kept = futures::future::join_all((0..20).map(|_| get(&router, "/docs/guide", &[]))).await;
        assert!(kept.iter().all(|body| body == "render 1"), "{kept:?}");
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        // Answers that are not kept are not shared either: every request gets its own.
        let mut missing = futures::future::join_all((0..5).map(|_| get(&router, "/docs/missing", &[]))).await;
        missing.sort();
        assert_eq!(missing, ["render 2", "render 3", "render 4", "render 5", "render 6"]);
    }

    #[tokio::test]
    async fn user_pages_are_not_kept_when_the_data_is_never_fresh() {
        let (router, _) = counting_router(PageCache::new(Duration::from_secs(60), Duration::ZERO));
        assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
        assert_eq!(get(&router, "/user/alice", &[]).await, "render 2");
    }

    #[tokio::test]
    async fn invalidated_docs_pages_are_rendered_again() {
        let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = renders.clone();
        let cache = PageCache::new(Duration::from_secs(60), Duration::from_secs(1));
        let router = axum::Router::new()
            .route(
                "/docs/guide",
                axum::routing::get(move || {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    async move { format!("render {n}") }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache.clone(), serve_cached));
        assert_eq!(get(&router, "/docs/guide", &[]).await, "render 1");
        assert_eq!(get(&router, "/docs/guide", &[]).await, "render 1");
        cache.invalidate_docs();
        assert_eq!(get(&router, "/docs/guide", &[]).await, "render 2");
    }

    #[test]
    fn the_key_follows_the_cookies_that_change_the_html() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_key(&headers), "system|shown");
        headers.insert(header::COOKIE, "theme=dark; banner=dismissed; other=1".parse().expect("value"));
        assert_eq!(cookie_key(&headers), "dark|dismissed");
    }
}
