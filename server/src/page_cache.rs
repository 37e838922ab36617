//! Docs pages rendered once and served from memory.
//!
//! Docs do not change per request, so a rendered page is kept, keyed by path
//! and the cookies that change its HTML (theme, banner), and regenerated at
//! most every `ttl` (the stars page shows live data, so the TTL is the stars
//! revalidation period). Only complete `200` answers to plain GETs are kept.

use std::{sync::Arc, time::Duration};

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

/// The cache of rendered docs pages; cheap to clone.
#[derive(Clone)]
pub struct PageCache {
    pages: Cache<String, Arc<CachedPage>>,
}

impl PageCache {
    /// A cache whose pages live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self { pages: Cache::builder().max_capacity(20_000).time_to_live(ttl).build() }
    }
}

fn is_docs_path(path: &str) -> bool {
    ["/docs", "/ko/docs"].iter().any(|base| path == *base || path.starts_with(&format!("{base}/")))
}

fn cookie_key(headers: &HeaderMap) -> String {
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let theme = app::cookies::get(cookies, app::theme::THEME_COOKIE).unwrap_or("system");
    let banner = app::cookies::get(cookies, "banner").unwrap_or("shown");
    format!("{theme}|{banner}")
}

/// Serves docs pages from the cache, rendering and keeping them on a miss.
pub async fn serve_cached(State(cache): State<PageCache>, req: Request, next: Next) -> Response<Body> {
    let path = req.uri().path();
    if req.method() != Method::GET || req.uri().query().is_some() || !is_docs_path(path) {
        return next.run(req).await;
    }
    let key = format!("{path}|{}", cookie_key(req.headers()));
    if let Some(page) = cache.pages.get(&key).await {
        let mut response = Response::new(Body::from(page.body.clone()));
        *response.headers_mut() = page.headers.clone();
        return response;
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            let page = Arc::new(CachedPage { headers: parts.headers.clone(), body: bytes.clone() });
            cache.pages.insert(key, page).await;
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(_) => {
            let mut response = Response::new(Body::from("The page was too large to render."));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
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

    #[test]
    fn the_key_follows_the_cookies_that_change_the_html() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_key(&headers), "system|shown");
        headers.insert(header::COOKIE, "theme=dark; banner=dismissed; other=1".parse().expect("value"));
        assert_eq!(cookie_key(&headers), "dark|dismissed");
    }
}
