//! Hostile traffic against the real router: hostile cookies and queries,
//! security headers, slow clients, oversized bodies, and the upstream cases
//! found on the way (repeated repositories, a low rate-limit budget).

#[path = "support/harness.rs"]
mod harness;

use std::time::Duration;

use base64::Engine as _;
use futures::StreamExt;
use harness::{eventually, TestServer};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn random_text(len: usize) -> String {
    (0..len).map(|_| fastrand::alphanumeric()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_hostile_requests_keep_the_page_cache_small() {
    let server = TestServer::start(&[("LEPTRA_PAGE_CACHE_MB", "1")]).await;
    let paths = ["/docs/guide", "/ko/docs/guide", "/user/octocat"];
    let started = std::time::Instant::now();
    let answers: Vec<u16> = futures::stream::iter(0..20_000)
        .map(|n| {
            let server = &server;
            // Never a valid value by chance: two random characters could spell `ko`.
            let cookie = format!(
                "theme={}; banner={}; locale={}; {}={}",
                random_text(12),
                random_text(8),
                random_text(3),
                random_text(6),
                random_text(30)
            );
            let path = format!("{}?{}={}&utm={}", paths[n % paths.len()], random_text(5), random_text(20), n);
            async move {
                let response = server
                    .http
                    .get(server.url(&path))
                    .header("cookie", cookie)
                    .header("accept-language", random_text(10))
                    // As browsers ask: every kept page is held in all its codings.
                    .header("accept-encoding", ["br, gzip", "gzip", "identity"][n % 3])
                    .send()
                    .await
                    .expect("answered");
                let status = response.status().as_u16();
                response.bytes().await.expect("body");
                status
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    assert!(answers.iter().all(|&status| status == 200), "every hostile request is answered 200");
    // Cookies and headers never enter a key and unknown parameters are ignored: one entry per page.
    let entries = server.pages.entry_count().await;
    assert!(entries <= 3, "{entries} entries for 3 pages");
    let bytes = server.pages.weighted_size().await;
    assert!(bytes <= 1024 * 1024, "{bytes} bytes held, bound 1 MiB");
    // Each docs page is compressed once, the user page once per second it is kept (and a few
    // more if the 1 MiB bound evicts one): never once per request.
    let bound = 6 + 2 * started.elapsed().as_secs();
    let compressions = server.pages.compressions();
    assert!(compressions <= bound, "{compressions} compressions for 3 pages in {:?}", started.elapsed());
    // Valid preferences do not make entries either: the browser applies them.
    let dark = server.http.get(server.url("/docs/guide")).header("cookie", "theme=dark").send().await.expect("ok");
    assert!(dark.text().await.expect("body").contains(r#"data-theme="system""#));
    assert_eq!(server.pages.entry_count().await, entries);
}

/// The base64 SHA-256 of each inline script of `html`, found without the server's own scanner.
fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    html.split(&format!("<{tag}"))
        .skip(1)
        .filter_map(|part| {
            let (attributes, rest) = part.split_once('>')?;
            let (content, _) = rest.split_once(&format!("</{tag}>"))?;
            (!attributes.contains("src="))
                .then(|| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(content.as_bytes())))
        })
        .collect()
}

/// The source list of one directive of `policy`.
fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
    policy.split(';').map(str::trim).find_map(|d| d.strip_prefix(name)).unwrap_or_default()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/guide/ssr", "/user/octocat", "/nope", "/api/github-repos/octocat", "/favicon.svg"] {
        let (_, headers, _) = server.fetch(path).await;
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(headers["permissions-policy"].to_str().expect("ascii").contains("camera=()"), "{path}");
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert!(!headers.contains_key("strict-transport-security"), "{path}: no HSTS over plain HTTP");
    }
}

#[tokio::test]
async fn a_page_allows_exactly_its_own_inline_scripts() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/guide/ssr", "/user/octocat", "/", "/nope"] {
        // Twice: the second answer may come from the page cache and must keep its policy.
        for _ in 0..2 {
            let (_, headers, html) = server.fetch(path).await;
            let policy = headers["content-security-policy"].to_str().expect("ascii").to_owned();
            for (tag, name) in [("script", "script-src"), ("style", "style-src")] {
                let hashes = inline_hashes(&html, tag);
                // Pages carry inline scripts; the stylesheet is a file of its own (or inline, when asked).
                assert!(tag == "style" || !hashes.is_empty(), "{path} has an inline {tag}");
                let sources = directive(&policy, name);
                for hash in &hashes {
                    assert!(sources.contains(&format!("'sha256-{hash}'")), "{path}: {hash} missing from {policy}");
                }
                assert_eq!(sources.matches("'sha256-").count(), hashes.len(), "{path}: {policy}");
            }
            assert!(policy.contains("object-src 'none'") && !policy.contains("unsafe-inline"), "{policy}");
            assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
        }
    }
}

#[tokio::test]
async fn https_sites_send_strict_transport_security() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", "https://docs.example")]).await;
    let (_, headers, _) = server.fetch("/docs/guide").await;
    assert!(headers["strict-transport-security"].to_str().expect("ascii").starts_with("max-age="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_do_not_block_others() {
    let server = TestServer::start(&[("LEPTRA_HEADER_TIMEOUT_MS", "1000")]).await;
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connects");
        stream.write_all(b"GET /docs/guide HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.expect("writes");
        slow.push(tokio::spawn(async move {
            // One more header byte every 400 ms until the server hangs up.
            let started = tokio::time::Instant::now();
            let mut buffer = [0_u8; 512];
            loop {
                tokio::select! {
                    read = stream.read(&mut buffer) => match read {
                        Ok(0) | Err(_) => return started.elapsed(),
                        Ok(_) => {}
                    },
                    () = tokio::time::sleep(Duration::from_millis(400)) => {
                        if stream.write_all(b"a").await.is_err() {
                            return started.elapsed();
                        }
                    }
                }
                assert!(started.elapsed() < Duration::from_secs(20), "a slow client was never cut off");
            }
        }));
    }
    // Normal requests go through while the 200 slow clients hold their connections.
    for _ in 0..5 {
        let (status, _, body) = server.fetch("/docs/guide").await;
        assert_eq!(status, 200);
        assert!(body.contains("</html>"));
    }
    for client in slow {
        let held = client.await.expect("joins");
        assert!(held < Duration::from_secs(5), "a slow client held its connection for {held:?}");
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let server = TestServer::start(&[("LEPTRA_MAX_BODY_BYTES", "4096")]).await;
    let response = server
        .http
        .post(server.url("/api/list_user_repos"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username={}", "a".repeat(100_000)))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(server.github.requests(), 0);
}

#[tokio::test]
async fn a_repository_listed_on_two_pages_is_shown_once() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/api/github-repos/shifted").await;
    assert_eq!(status, 200);
    let repos: Vec<serde_json::Value> = serde_json::from_str(&body).expect("JSON array");
    let names: std::collections::HashSet<&str> = repos.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(repos.len(), 150, "the repeated repository is listed once");
    assert_eq!(names.len(), 150);
}

/// The navbar's search form: the `<form>` holding the search input.
fn navbar_search_form(html: &str) -> &str {
    html.split("<form")
        .find(|form| form.contains("search-input"))
        .and_then(|f| f.split("</form>").next())
        .expect("form")
}

#[tokio::test]
async fn a_korean_page_searches_the_korean_docs_without_javascript() {
    let server = TestServer::start(&[]).await;
    let (_, _, html) = server.fetch("/ko/docs/guide/ssr").await;
    let form = navbar_search_form(&html);
    assert!(form.contains(r#"action="/ko/search""#), "{form}");
    let (_, _, html) = server.fetch("/docs/guide/ssr").await;
    let form = navbar_search_form(&html);
    assert!(form.contains(r#"action="/search""#), "{form}");
    // The results page searches its own locale's docs.
    let (status, _, results) = server.fetch("/ko/search?q=%EC%84%9C%EB%B2%84").await;
    assert_eq!(status, 200);
    assert!(results.contains(r#"href="/ko/docs/"#), "Korean results link to Korean docs");
}

/// With a token, a stale list is refreshed only while GitHub's budget lasts.
#[tokio::test]
async fn a_low_rate_limit_budget_serves_stale_data_instead_of_refreshing() {
    // Always stale (TTL 0) and user pages not micro-cached: every request would refresh.
    let stale = [("REPOS_CACHE_TTL_SECS", "0"), ("REPOS_CACHE_STALE_SECS", "600")];
    let spending = TestServer::start(&[stale[0], stale[1], ("GITHUB_RATE_LIMIT_RESERVE", "0")]).await;
    let saving = TestServer::start(&[stale[0], stale[1], ("GITHUB_RATE_LIMIT_RESERVE", "100000")]).await;
    for server in [&spending, &saving] {
        assert_eq!(server.fetch("/api/github-repos/octocat").await.0, 200);
        assert_eq!(server.fetch("/api/github-repos/octocat").await.0, 200);
    }
    eventually(Duration::from_secs(5), "the refresh with budget to spare", || {
        spending.github.requests_for("octocat") == 2
    })
    .await;
    // The same round trips on the saving server: its stale answer started no refresh.
    assert_eq!(saving.fetch("/api/github-repos/octocat").await.0, 200);
    assert_eq!(saving.fetch("/api/github-repos/alice").await.0, 200);
    assert_eq!(saving.github.requests_for("octocat"), 1);
}
