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
async fn a_stale_tag_gets_the_page_and_each_encoding_has_its_own_tag() {
    let server = TestServer::start(&[]).await;
    let response =
        server.http.get(server.url("/docs/guide/ssr")).header("if-none-match", "W/\"stale\"").send().await.expect("ok");
    assert_eq!(response.status(), 200);
    let etag = header(response.headers(), "etag").to_owned();
    assert!(response.text().await.expect("body").contains("<html"));
    // The same page in another encoding is other bytes: its tag names them.
    let gzip =
        server.http.get(server.url("/docs/guide/ssr")).header("accept-encoding", "gzip").send().await.expect("ok");
    assert_eq!(header(gzip.headers(), "content-encoding"), "gzip");
    let gzip_tag = header(gzip.headers(), "etag").to_owned();
    assert_eq!(gzip_tag, format!("{}-gz\"", etag.trim_end_matches('"')));
    let revalidated = server
        .http
        .get(server.url("/docs/guide/ssr"))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &gzip_tag)
        .send()
        .await
        .expect("ok");
    assert_eq!(revalidated.status(), 304);
    // A tag of the identity page does not validate the gzip one: the client gets the bytes it asked for.
    let other_coding = server
        .http
        .get(server.url("/docs/guide/ssr"))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("ok");
    assert_eq!(other_coding.status(), 200);
    assert_eq!(header(other_coding.headers(), "content-encoding"), "gzip");
    // Different pages have different tags.
    let other = server.get("/docs").await;
    assert_ne!(header(other.headers(), "etag"), etag);
}

/// The header names an answer's `Vary` lists, lowercased and sorted.
fn vary_names(headers: &HeaderMap) -> Vec<String> {
    let mut names: Vec<String> = headers
        .get_all("vary")
        .iter()
        .flat_map(|value| value.to_str().expect("ascii").split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort_unstable();
    names
}

/// A path, the request headers, the status and the `Vary` names expected.
type VaryCase = (&'static str, &'static [(&'static str, &'static str)], u16, &'static [&'static str]);

#[tokio::test]
async fn each_answer_varies_by_exactly_what_changes_it() {
    let server = TestServer::start(&[]).await;
    // Text answers are compressed for clients that ask, so every cache must key them by
    // `Accept-Encoding`; only `/` reads the visitor's cookie and languages.
    let encoding = &["accept-encoding"][..];
    let cases: [VaryCase; 10] = [
        ("/", &[], 200, &["accept-encoding", "accept-language", "cookie"]),
        ("/", &[("accept-language", "ko")], 302, &["accept-encoding", "accept-language", "cookie"]),
        ("/ko", &[("cookie", "locale=en")], 200, encoding),
        ("/docs/guide/ssr", &[("cookie", "theme=dark; locale=ko"), ("accept-language", "ko")], 200, encoding),
        ("/ko/docs/guide/ssr", &[("cookie", "banner=dismissed")], 200, encoding),
        ("/api/get_doc_page?locale=en&slug=guide/ssr", &[("cookie", "locale=ko")], 200, encoding),
        ("/user/octocat", &[("cookie", "theme=light")], 200, encoding),
        ("/api/github-repos/octocat", &[("accept-language", "ko")], 200, encoding),
        ("/sitemap.xml", &[], 200, encoding),
        ("/no/such/page", &[("cookie", "locale=ko")], 404, encoding),
    ];
    for (path, headers, status, expected) in cases {
        // With and without compression: a cache must learn the `Vary` from either answer.
        for accept_encoding in [None, Some("gzip, br")] {
            let mut request = server.http.get(server.url(path));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            if let Some(value) = accept_encoding {
                request = request.header("accept-encoding", value);
            }
            let response = request.send().await.expect("answered");
            assert_eq!(response.status().as_u16(), status, "{path} {headers:?}");
            let got = vary_names(response.headers());
            assert_eq!(got, expected, "{path} {headers:?}, accept-encoding {accept_encoding:?}");
        }
    }
}

#[tokio::test]
async fn visitor_preferences_never_change_a_page_so_the_cache_keeps_one_copy() {
    let server = TestServer::start(&[]).await;
    let preferences = ["", "theme=dark", "theme=light", "banner=dismissed", "theme=dark; banner=dismissed; locale=ko"];
    for path in ["/docs/guide/ssr", "/ko/docs/guide/ssr", "/docs/0.1", "/user/octocat"] {
        let mut renders = Vec::new();
        for cookie in preferences {
            // A fresh render for each visitor, not the copy the cache kept for the previous one.
            server.pages.invalidate_docs();
            let mut request = server.http.get(server.url(path));
            if !cookie.is_empty() {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.expect("answered");
            assert_eq!(response.status(), 200, "{path} with {cookie:?}");
            renders.push((cookie, response.text().await.expect("body")));
        }
        let (_, first) = &renders[0];
        for (cookie, html) in &renders {
            assert!(html == first, "{path} rendered differently for the cookie {cookie:?}");
        }
        // What makes the switches work in the browser is in every copy: the script that
        // applies both cookies before the first paint (allowed by its hash), the system
        // theme until it runs, and the highlighting rules of both themes.
        assert!(first.contains(&preferences_script(&server)), "{path}: the preferences script is missing");
        assert!(first.contains(" data-theme=\"system\""), "{path}");
    }
    let policy = server.fetch("/docs/guide/ssr").await.1["content-security-policy"].to_str().expect("ascii").to_owned();
    let hash = {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(preferences_script(&server)))
    };
    assert!(policy.contains(&format!("'sha256-{hash}'")), "the preferences script is not allowed: {policy}");
    let theme = include_str!("../../style/highlight.css");
    assert!(theme.contains("html[data-theme=\"dark\"]"), "no dark highlighting");
    assert!(theme.contains("html:not([data-theme=\"dark\"]):not([data-theme=\"system\"])"), "no light highlighting");
    // The stylesheet answers the attributes the script sets.
    let css = include_str!("../../style/main.css");
    assert!(css.contains("html[data-theme=\"dark\"] {"), "the stylesheet has no dark theme");
    assert!(css.contains("html[data-banner=\"dismissed\"] .banner { display: none; }"), "a dismissed banner shows");
    let (_, _, old) = server.fetch("/docs/0.1").await;
    assert!(old.contains("class=\"banner\""), "the old version's banner is rendered for everyone");
}

#[tokio::test]
async fn the_locale_in_the_path_is_part_of_the_page_cache_key() {
    let server = TestServer::start(&[]).await;
    let get = |path: &'static str, cookie: &'static str, language: &'static str| {
        let request =
            server.http.get(server.url(path)).header("cookie", cookie).header("accept-language", language).send();
        async move { request.await.expect("answered").text().await.expect("body") }
    };
    // Each locale renders once, whatever the visitor prefers, then comes from the cache.
    let korean = get("/ko/docs/guide/ssr", "locale=en", "en").await;
    let english = get("/docs/guide/ssr", "locale=ko", "ko").await;
    assert_eq!(server.pages.entry_count().await, 2, "one entry per locale");
    assert!(korean.contains("<html lang=\"ko\""), "the Korean page is not Korean");
    assert!(english.contains("<html lang=\"en\""), "the English page is not English");
    assert_ne!(korean, english);
    for _ in 0..2 {
        assert!(get("/docs/guide/ssr", "locale=ko", "ko").await == english, "English from the cache");
        assert!(get("/ko/docs/guide/ssr", "locale=en", "en").await == korean, "Korean from the cache");
    }
    assert_eq!(server.pages.entry_count().await, 2, "both answers came from the cache");
}

/// The first-paint script of the site `server` serves.
fn preferences_script(server: &TestServer) -> String {
    let site = &server.config.site;
    app::preferences::script(site.theme, site.page.banner.as_ref().map(|banner| banner.key.as_str()))
}
