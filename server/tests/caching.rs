//! HTTP caching on every kind of answer: `Vary`, `ETag` with `304 Not
//! Modified`, and a `Cache-Control` that lets a CDN keep what it may and
//! nothing it must not.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;
use reqwest::header::HeaderMap;

/// What one kind of answer must carry.
struct Expected {
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    status: u16,
    /// The exact `Cache-Control`.
    cache_control: &'static str,
    /// Whether a revalidation with its `ETag` gets a `304`.
    revalidates: bool,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().expect("ascii"))
}

fn vary(headers: &HeaderMap) -> String {
    headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::test]
async fn every_kind_of_answer_has_the_right_caching_headers() {
    let server = TestServer::start(&[]).await;
    let docs = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";
    let repos = "public, s-maxage=10, stale-while-revalidate=59";
    let cases = [
        Expected { path: "/docs/guide/ssr", headers: &[], status: 200, cache_control: docs, revalidates: true },
        Expected { path: "/ko/docs/guide/ssr", headers: &[], status: 200, cache_control: docs, revalidates: true },
        Expected {
            path: "/api/get_doc_page?locale=en&slug=guide/ssr",
            headers: &[],
            status: 200,
            cache_control: docs,
            revalidates: true,
        },
        Expected { path: "/user/octocat", headers: &[], status: 200, cache_control: repos, revalidates: true },
        Expected { path: "/ko/user/octocat", headers: &[], status: 200, cache_control: repos, revalidates: true },
        Expected {
            path: "/api/github-repos/octocat",
            headers: &[],
            status: 200,
            cache_control: repos,
            revalidates: true,
        },
        Expected {
            path: "/api/list_user_repos?username=octocat",
            headers: &[],
            status: 200,
            cache_control: repos,
            revalidates: true,
        },
        Expected {
            path: "/",
            headers: &[("accept-language", "ko")],
            status: 302,
            cache_control: "private, no-store",
            revalidates: false,
        },
        Expected { path: "/", headers: &[], status: 200, cache_control: "private, no-cache", revalidates: true },
        Expected {
            path: "/no/such/page",
            headers: &[],
            status: 404,
            cache_control: "public, max-age=60",
            revalidates: false,
        },
        Expected {
            path: "/user/nobody-here",
            headers: &[],
            status: 404,
            cache_control: "public, max-age=60",
            revalidates: false,
        },
        Expected {
            path: "/api/github-repos/nobody-here",
            headers: &[],
            status: 404,
            cache_control: "public, max-age=60",
            revalidates: false,
        },
        Expected { path: "/user/broken", headers: &[], status: 502, cache_control: "no-store", revalidates: false },
        Expected {
            path: "/api/github-repos/broken",
            headers: &[],
            status: 502,
            cache_control: "no-store",
            revalidates: false,
        },
        Expected {
            path: "/user/ratelimited",
            headers: &[],
            status: 503,
            cache_control: "no-store",
            revalidates: false,
        },
        Expected {
            path: "/api/list_user_repos?username=ratelimited",
            headers: &[],
            status: 503,
            cache_control: "no-store",
            revalidates: false,
        },
    ];
    for case in &cases {
        let mut request = server.http.get(server.url(case.path));
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("answered");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body");
        let what = case.path;
        assert_eq!(status, case.status, "{what}: {}", String::from_utf8_lossy(&body));
        assert_eq!(header(&headers, "cache-control"), case.cache_control, "{what}");
        let vary = vary(&headers);
        if case.path == "/" {
            assert!(vary.contains("cookie") && vary.contains("accept-language"), "{what}: vary {vary}");
        } else {
            assert!(!vary.contains("cookie") && !vary.contains("accept-language"), "{what}: vary {vary}");
        }
        if status == 503 {
            assert!(!header(&headers, "retry-after").is_empty(), "{what}: a 503 says when to retry");
        }
        let etag = header(&headers, "etag");
        if (300..400).contains(&status) {
            continue;
        }
        assert!(etag.starts_with("W/\"") && etag.len() > 10, "{what}: etag {etag:?}");
        let mut again = server.http.get(server.url(case.path)).header("if-none-match", etag);
        for (name, value) in case.headers {
            again = again.header(*name, *value);
        }
        let again = again.send().await.expect("answered");
        if case.revalidates {
            assert_eq!(again.status().as_u16(), 304, "{what}: a matching If-None-Match");
            assert_eq!(header(again.headers(), "etag"), etag, "{what}: the 304 names the tag");
            assert_eq!(
                header(again.headers(), "cache-control"),
                case.cache_control,
                "{what}: the 304 keeps the policy"
            );
            assert!(again.bytes().await.expect("body").is_empty(), "{what}: a 304 has no body");
        } else {
            assert_eq!(again.status().as_u16(), case.status, "{what}: an error is never 'not modified'");
        }
    }
}

#[tokio::test]
async fn a_page_is_the_same_bytes_on_every_render() {
    // Two servers render independently, as two replicas do: same HTML, same tag.
    let (one, two) = (TestServer::start(&[]).await, TestServer::start(&[]).await);
    for path in ["/", "/docs/guide/ssr", "/ko/repos", "/user/octocat", "/api/github-repos/octocat"] {
        let (a, b) = (one.get(path).await, two.get(path).await);
        let (tag_a, tag_b) = (header(a.headers(), "etag").to_owned(), header(b.headers(), "etag").to_owned());
        assert!(a.bytes().await.expect("body") == b.bytes().await.expect("body"), "{path} differs between renders");
        assert_eq!(tag_a, tag_b, "{path}");
    }
}

#[tokio::test]
async fn a_stale_tag_gets_the_page_and_the_tag_ignores_the_encoding() {
    let server = TestServer::start(&[]).await;
    let response =
        server.http.get(server.url("/docs/guide/ssr")).header("if-none-match", "W/\"stale\"").send().await.expect("ok");
    assert_eq!(response.status(), 200);
    let etag = header(response.headers(), "etag").to_owned();
    assert!(response.text().await.expect("body").contains("<html"));
    // The same page in another encoding is the same content: the tag does not change.
    let gzip =
        server.http.get(server.url("/docs/guide/ssr")).header("accept-encoding", "gzip").send().await.expect("ok");
    assert_eq!(header(gzip.headers(), "content-encoding"), "gzip");
    assert_eq!(header(gzip.headers(), "etag"), etag);
    let revalidated = server
        .http
        .get(server.url("/docs/guide/ssr"))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("ok");
    assert_eq!(revalidated.status(), 304);
    // Different pages have different tags.
    let other = server.get("/docs").await;
    assert_ne!(header(other.headers(), "etag"), etag);
}
