use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use axum::response::IntoResponse;
use http::header;

fn policy(data_ttl: Duration) -> PageCachePolicy {
    PageCachePolicy { docs_ttl: Duration::from_secs(60), data_ttl, max_bytes: 64 * 1024 * 1024 }
}

/// The key `uri` is kept under once its route's answers declared `kind` and `query`, if any.
fn key_of(cache: &PageCache, route: &str, uri: &str, kind: Kind, query: &[&str]) -> Option<(String, String)> {
    let mut query: Vec<String> = query.iter().map(|name| (*name).to_owned()).collect();
    query.sort();
    let request = Request::builder().uri(uri).body(Body::empty()).expect("request");
    cache.learn(route.to_owned(), Policy { kind, query });
    cache.slot(&request).map(|slot| (slot.key.path, slot.key.query))
}

#[test]
fn an_answer_is_kept_under_its_path_and_the_parameters_it_reads() {
    let cache = PageCache::new(policy(Duration::from_secs(1)));
    let key =
        |uri: &str, query: &[&str]| key_of(&cache, uri.split('?').next().unwrap_or(uri), uri, Kind::Content, query);
    let kept = |path: &str, query: &str| Some((path.to_owned(), query.to_owned()));
    assert_eq!(key("/docs/guide/ssr?x=1", &["missing"]), kept("/docs/guide/ssr", ""));
    assert_eq!(key("/ko/docs/guide?missing=1&x=2", &["missing"]), kept("/ko/docs/guide", "missing=1"));
    assert_eq!(
        key("/api/get_doc_page?slug=guide%2Fssr&locale=en", &["locale", "slug"]),
        kept("/api/get_doc_page", "locale=en&slug=guide%2Fssr")
    );
    assert_eq!(
        key("/api/get_doc_page?locale=en&slug=guide/ssr&x=1", &["locale", "slug"]),
        kept("/api/get_doc_page", "locale=en&slug=guide%2Fssr")
    );
    // A parameter the answer reads, given twice, is answered, never kept.
    assert_eq!(key("/api/list_user_repos?username=a&username=b", &["username"]), None);
    // What no answer declared is never kept, and only GETs are.
    let request = Request::builder().uri("/search?q=ssr").body(Body::empty()).expect("request");
    assert!(cache.slot(&request).is_none());
    let post = Request::builder().method(Method::POST).uri("/docs/guide/ssr").body(Body::empty()).expect("request");
    assert!(cache.slot(&post).is_none(), "only GETs are kept");
}

#[test]
fn data_is_not_kept_when_it_is_never_fresh() {
    let cache = PageCache::new(policy(Duration::ZERO));
    assert_eq!(key_of(&cache, "/user/{name}", "/user/alice", Kind::Data, &[]), None);
}

/// A router whose `/user/{name}` and `/docs/{page}` handlers count how often they render,
/// and declare what the app's user and docs pages do (`app::server::keep`).
fn counting_router(cache: PageCache, body_bytes: usize) -> (axum::Router, Arc<AtomicUsize>) {
    let renders = Arc::new(AtomicUsize::new(0));
    let counted = renders.clone();
    let render = move |kind: Kind, query: &'static [&'static str]| {
        let counter = counted.clone();
        move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                let mut response = format!("render {n}{}", " ".repeat(body_bytes)).into_response();
                keep::mark(response.headers_mut(), kind, query);
                response
            }
        }
    };
    let user = render(Kind::Data, &["sort", "q", "lang"]);
    let router = axum::Router::new()
        .route("/user/{name}", axum::routing::get(user.clone()))
        .route("/ko/user/{name}", axum::routing::get(user))
        .route("/docs/{page}", axum::routing::get(render(Kind::Content, &["missing"])))
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
    let bytes = to_bytes(response.into_body(), 1024 * 1024).await.expect("body");
    String::from_utf8(bytes.to_vec()).expect("utf-8").trim_end().to_owned()
}

#[tokio::test]
async fn user_pages_are_kept_briefly_per_path_and_view_query_whatever_the_headers() {
    let (router, renders) = counting_router(PageCache::new(policy(Duration::from_millis(300))), 0);
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
    assert_eq!(get(&router, "/user/alice?sort=stars", &[]).await, "render 2");
    // The visitor's headers never split an entry: the locale is in the path.
    assert_eq!(get(&router, "/user/alice", &[(header::ACCEPT_LANGUAGE, "ko-KR")]).await, "render 1");
    assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "locale=ko")]).await, "render 1");
    assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "theme=dark")]).await, "render 1");
    assert_eq!(get(&router, "/user/alice", &[(header::COOKIE, "banner=dismissed")]).await, "render 1");
    assert_eq!(get(&router, "/ko/user/alice", &[]).await, "render 3");
    assert_eq!(get(&router, "/ko/user/alice", &[(header::COOKIE, "locale=en")]).await, "render 3");
    // Parameters the page does not read, and their order, do not split entries.
    assert_eq!(get(&router, "/user/alice?x=1&utm_source=feed", &[]).await, "render 1");
    assert_eq!(get(&router, "/user/alice?lang=Rust&sort=stars", &[]).await, "render 4");
    assert_eq!(get(&router, "/user/alice?sort=stars&x=2&lang=Rust", &[]).await, "render 4");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 5");
    assert_eq!(renders.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn a_repeated_view_parameter_is_never_served_from_the_cache() {
    let (router, renders) = counting_router(PageCache::new(policy(Duration::from_secs(30))), 0);
    assert_eq!(get(&router, "/user/alice?sort=stars&sort=name", &[]).await, "render 1");
    assert_eq!(get(&router, "/user/alice?sort=stars&sort=name", &[]).await, "render 2");
    assert_eq!(get(&router, "/user/alice?sort=stars", &[]).await, "render 3");
    assert_eq!(renders.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn hostile_cookies_and_queries_make_no_new_docs_entries() {
    let cache = PageCache::new(policy(Duration::from_secs(1)));
    let (router, renders) = counting_router(cache.clone(), 0);
    for n in 0..500 {
        let cookie = format!("theme=x{n}; banner=b{n}; locale=l{n}; s{n}=1");
        let uri = format!("/docs/guide?x={n}&theme=dark");
        assert_eq!(get(&router, &uri, &[(header::COOKIE, &cookie)]).await, "render 1");
    }
    assert_eq!(get(&router, "/docs/guide", &[(header::COOKIE, "theme=dark; banner=dismissed")]).await, "render 1");
    assert_eq!(get(&router, "/docs/other", &[]).await, "render 2");
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    assert_eq!(cache.entry_count().await, 2);
}

#[tokio::test]
async fn the_cache_never_holds_more_bytes_than_its_bound() {
    let max_bytes = 256 * 1024;
    let cache = PageCache::new(PageCachePolicy { max_bytes, ..policy(Duration::from_secs(1)) });
    let (router, _) = counting_router(cache.clone(), 20 * 1024);
    for n in 0..100 {
        get(&router, &format!("/docs/page{n}"), &[]).await;
    }
    let held = cache.weighted_size().await;
    assert!(held <= max_bytes, "{held} bytes held, bound {max_bytes}");
    // Each 20 KiB page is weighed with its key, headers and overhead.
    assert!(cache.entry_count().await <= max_bytes / (20 * 1024), "entries");
}

#[tokio::test]
async fn an_answer_over_the_bound_is_sent_whole_and_not_kept() {
    use tower::ServiceExt;
    let cache = PageCache::new(policy(Duration::from_secs(1)));
    let (router, renders) = counting_router(cache.clone(), MAX_PAGE_BYTES);
    for n in 1..=2 {
        let request = Request::builder().uri("/docs/llms-full").body(Body::empty()).expect("request");
        let response = router.clone().oneshot(request).await.expect("answer");
        assert_eq!(response.status(), StatusCode::OK);
        let body = to_bytes(response.into_body(), 2 * MAX_PAGE_BYTES).await.expect("body");
        assert_eq!(body.len(), format!("render {n}").len() + MAX_PAGE_BYTES);
    }
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    assert_eq!(cache.entry_count().await, 0);
}

#[tokio::test]
async fn concurrent_misses_render_once() {
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
                    let mut response = (status, format!("render {n}")).into_response();
                    keep::mark(response.headers_mut(), Kind::Content, &[]);
                    response
                }
            }),
        )
        .layer(axum::middleware::from_fn_with_state(PageCache::new(policy(Duration::from_secs(1))), serve_cached));
    // The route's first answer says how its answers are kept.
    assert_eq!(get(&router, "/docs/first", &[]).await, "render 1");
    let kept = futures::future::join_all((0..20).map(|_| get(&router, "/docs/guide", &[]))).await;
    assert!(kept.iter().all(|body| body == "render 2"), "{kept:?}");
    assert_eq!(renders.load(Ordering::SeqCst), 2);
    // Answers that are not kept are not shared either: every request gets its own.
    let mut missing = futures::future::join_all((0..5).map(|_| get(&router, "/docs/missing", &[]))).await;
    missing.sort();
    assert_eq!(missing, ["render 3", "render 4", "render 5", "render 6", "render 7"]);
}

#[tokio::test]
async fn user_pages_are_not_kept_when_the_data_is_never_fresh() {
    let (router, _) = counting_router(PageCache::new(policy(Duration::ZERO)), 0);
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 2");
}

#[tokio::test]
async fn docs_keys_are_the_url_alone() {
    let (router, _) = counting_router(PageCache::new(policy(Duration::from_secs(1))), 0);
    assert_eq!(get(&router, "/docs/a", &[]).await, "render 1");
    for cookie in ["theme=system; banner=shown", "theme=light", "other=1; banner=dismissed", "theme=dark; locale=ko"] {
        assert_eq!(get(&router, "/docs/a", &[(header::COOKIE, cookie)]).await, "render 1", "{cookie}");
    }
    assert_eq!(get(&router, "/docs/a", &[(header::ACCEPT_LANGUAGE, "ko")]).await, "render 1");
    assert_eq!(get(&router, "/docs/b", &[]).await, "render 2");
}

#[tokio::test]
async fn invalidated_docs_pages_are_rendered_again() {
    let cache = PageCache::new(policy(Duration::from_secs(1)));
    let (router, renders) = counting_router(cache.clone(), 0);
    assert_eq!(get(&router, "/docs/guide", &[]).await, "render 1");
    assert_eq!(get(&router, "/docs/guide", &[]).await, "render 1");
    cache.invalidate_docs();
    assert_eq!(get(&router, "/docs/guide", &[]).await, "render 2");
    assert_eq!(renders.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_stale_docs_page_is_sent_at_once_while_one_render_replaces_it() {
    let ttl = Duration::from_secs(1);
    let cache = PageCache::new(PageCachePolicy { docs_ttl: ttl, ..policy(Duration::from_secs(60)) });
    let (router, renders) = counting_router(cache, 0);
    assert_eq!(get(&router, "/docs/a", &[]).await, "render 1");
    let rendered = Instant::now();
    tokio::time::sleep(ttl + Duration::from_millis(50)).await;

    // Stale: every request is answered from the cache, and one render runs behind them,
    // well before the page would expire (at twice the TTL) and be rendered on a miss.
    let answers = futures::future::join_all((0..20).map(|_| get(&router, "/docs/a", &[]))).await;
    assert_eq!(answers[0], "render 1", "the first visitor after the TTL gets the stale page");
    assert!(answers.iter().all(|answer| answer == "render 1" || answer == "render 2"), "{answers:?}");
    while renders.load(Ordering::SeqCst) < 2 {
        assert!(rendered.elapsed() < 2 * ttl - Duration::from_millis(100), "no render ran in the background");
        tokio::task::yield_now().await;
    }
    // The new page is kept once it is compressed; until then the stale one is sent.
    while get(&router, "/docs/a", &[]).await != "render 2" {
        assert!(rendered.elapsed() < 2 * ttl - Duration::from_millis(100), "the new render was never kept");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(renders.load(Ordering::SeqCst), 2, "one background render for all the stale requests");

    // Past its stale time too, a page is rendered before the answer.
    tokio::time::sleep(2 * ttl + Duration::from_millis(50)).await;
    assert_eq!(get(&router, "/docs/a", &[]).await, "render 3");
}

#[tokio::test]
async fn user_pages_are_never_served_stale() {
    let (router, renders) = counting_router(PageCache::new(policy(Duration::from_millis(200))), 0);
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 1");
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(get(&router, "/user/alice", &[]).await, "render 2");
    assert_eq!(renders.load(Ordering::SeqCst), 2);
}
