//! What search engines read: absolute `canonical`, `hreflang` and `og:url`
//! from `LEPTRA_SITE_URL`, a description and Open Graph tags on every page,
//! JSON-LD on docs pages, `noindex` where it belongs, and a sitemap and
//! robots.txt that agree with it.

#[path = "support/harness.rs"]
mod harness;

use std::collections::HashMap;

use harness::TestServer;

/// The public origin the tests configure; nothing else serves it.
const SITE: &str = "https://docs.example.org";

/// The attributes of every `<tag …>` in `html`, in order.
fn tags(html: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let open = format!("<{tag} ");
    html.match_indices(&open)
        .map(|(start, _)| {
            let rest = &html[start + open.len()..];
            let end = rest.find('>').unwrap_or(rest.len());
            attributes(&rest[..end])
        })
        .collect()
}

/// `a="1" b="2"` as a map (values are quoted by the renderer).
fn attributes(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = text.trim();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_owned();
        let after = &rest[eq + 2..];
        let end = after.find('"').unwrap_or(after.len());
        out.insert(name, after[..end].replace("&amp;", "&"));
        rest = after.get(end + 1..).unwrap_or("").trim_start();
    }
    out
}

/// The `href` of the `<link>` with `rel` (and, if given, `hreflang`).
fn link(html: &str, rel: &str, hreflang: Option<&str>) -> Option<String> {
    tags(html, "link")
        .into_iter()
        .find(|a| a.get("rel").map(String::as_str) == Some(rel) && a.get("hreflang").map(String::as_str) == hreflang)
        .and_then(|a| a.get("href").cloned())
}

/// The `content` of the `<meta>` whose `name` or `property` is `key`.
fn meta(html: &str, key: &str) -> Option<String> {
    tags(html, "meta")
        .into_iter()
        .find(|a| a.get("name").or_else(|| a.get("property")).map(String::as_str) == Some(key))
        .and_then(|a| a.get("content").cloned())
}

async fn page(server: &TestServer, path: &str) -> (u16, String) {
    let (status, _, body) = server.fetch(path).await;
    (status, body)
}

#[tokio::test]
async fn canonical_hreflang_and_og_url_are_absolute_and_use_the_site_url() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", SITE)]).await;
    let (status, body) = page(&server, "/docs/guide/ssr").await;
    assert_eq!(status, 200);
    assert_eq!(link(&body, "canonical", None).as_deref(), Some("https://docs.example.org/docs/guide/ssr"));
    assert_eq!(link(&body, "alternate", Some("en")).as_deref(), Some("https://docs.example.org/docs/guide/ssr"));
    assert_eq!(link(&body, "alternate", Some("ko")).as_deref(), Some("https://docs.example.org/ko/docs/guide/ssr"));
    assert_eq!(link(&body, "alternate", Some("x-default")).as_deref(), Some("https://docs.example.org/docs/guide/ssr"));
    assert_eq!(meta(&body, "og:url").as_deref(), Some("https://docs.example.org/docs/guide/ssr"));

    let (_, body) = page(&server, "/ko/docs").await;
    assert_eq!(link(&body, "canonical", None).as_deref(), Some("https://docs.example.org/ko/docs"));
    assert_eq!(link(&body, "alternate", Some("en")).as_deref(), Some("https://docs.example.org/docs"));

    let (_, body) = page(&server, "/").await;
    assert_eq!(link(&body, "canonical", None).as_deref(), Some("https://docs.example.org/"));
    assert_eq!(link(&body, "alternate", Some("ko")).as_deref(), Some("https://docs.example.org/ko"));

    // The view state in the query is not part of the canonical address.
    let (status, body) = page(&server, "/user/octocat?sort=stars&q=hello").await;
    assert_eq!(status, 200);
    assert_eq!(link(&body, "canonical", None).as_deref(), Some("https://docs.example.org/user/octocat"));
    assert_eq!(meta(&body, "og:url").as_deref(), Some("https://docs.example.org/user/octocat"));
}

#[tokio::test]
async fn every_page_kind_has_a_description_and_open_graph_tags() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", SITE)]).await;
    for path in ["/", "/ko", "/docs/guide/ssr", "/repos", "/user/octocat", "/search?q=cache", "/no/such/page"] {
        let (_, body) = page(&server, path).await;
        for key in ["description", "og:title", "og:description", "og:type", "og:url", "og:site_name"] {
            let value = meta(&body, key).unwrap_or_default();
            assert!(!value.trim().is_empty(), "{path}: {key} missing");
        }
        assert_eq!(body.matches("name=\"description\"").count(), 1, "{path}: one description");
        let og_url = meta(&body, "og:url").unwrap_or_default();
        assert!(og_url.starts_with(SITE), "{path}: og:url {og_url}");
    }
    let (_, body) = page(&server, "/user/octocat").await;
    assert!(meta(&body, "description").unwrap_or_default().contains("octocat"), "user description names the user");
    assert_eq!(meta(&body, "og:type").as_deref(), Some("profile"));
}

#[tokio::test]
async fn search_results_and_error_pages_are_noindex_without_a_canonical() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", SITE)]).await;
    for (path, expected) in [("/search?q=cache", 200), ("/no/such/page", 404), ("/user/nobody-here", 404)] {
        let (status, body) = page(&server, path).await;
        assert_eq!(status, expected, "{path}");
        assert_eq!(meta(&body, "robots").as_deref(), Some("noindex"), "{path}");
        assert_eq!(link(&body, "canonical", None), None, "{path}");
    }
    for path in ["/", "/docs/guide/ssr", "/user/octocat", "/repos"] {
        let (_, body) = page(&server, path).await;
        assert_eq!(meta(&body, "robots"), None, "{path} must be indexable");
    }
}

#[tokio::test]
async fn docs_pages_carry_breadcrumbs_and_a_tech_article_as_json_ld() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", SITE)]).await;
    let (_, body) = page(&server, "/docs/guide/ssr").await;
    let start = body.find("<script type=\"application/ld+json\">").expect("JSON-LD present");
    let json = &body[start..];
    let json = &json[json.find('>').expect("tag end") + 1..json.find("</script>").expect("script end")];
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON-LD is JSON");
    assert_eq!(value[0]["@type"], "BreadcrumbList");
    let crumbs = value[0]["itemListElement"].as_array().expect("items");
    assert_eq!(crumbs[0]["item"], "https://docs.example.org/docs");
    assert_eq!(crumbs.last().expect("page")["item"], "https://docs.example.org/docs/guide/ssr");
    assert_eq!(value[1]["@type"], "TechArticle");
    let modified = value[1]["dateModified"].as_str().expect("dateModified");
    let last_updated = &body[body.find("class=\"last-updated\"").expect("last updated")..];
    let time = last_updated.split("<time datetime=\"").nth(1).expect("time").split('"').next().expect("value");
    assert_eq!(modified, time, "dateModified is the page's last-updated date");
}

#[tokio::test]
async fn the_sitemap_lists_only_indexable_pages_and_robots_txt_blocks_none_of_them() {
    let server = TestServer::start(&[("LEPTRA_SITE_URL", SITE)]).await;
    let (_, _, robots) = server.fetch("/robots.txt").await;
    assert!(robots.contains("Sitemap: https://docs.example.org/sitemap.xml"), "{robots}");
    let disallowed: Vec<&str> = robots
        .lines()
        .filter_map(|line| line.strip_prefix("Disallow:"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (_, _, sitemap) = server.fetch("/sitemap.xml").await;
    let urls: Vec<&str> = sitemap.split("<loc>").skip(1).filter_map(|rest| rest.split("</loc>").next()).collect();
    assert!(urls.len() > 5, "{sitemap}");
    for url in urls {
        let path = url.strip_prefix(SITE).unwrap_or_else(|| panic!("{url} is not on the site"));
        assert!(!disallowed.iter().any(|rule| path.starts_with(rule)), "robots.txt blocks {path}");
        let (status, body) = page(&server, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(meta(&body, "robots"), None, "{path} is in the sitemap but noindex");
        assert_eq!(link(&body, "canonical", None).as_deref(), Some(url), "{path} is not its own canonical");
    }
    // Pages that say noindex stay crawlable, or crawlers could never read it.
    for path in ["/search", "/no/such/page"] {
        assert!(!disallowed.iter().any(|rule| path.starts_with(rule)), "robots.txt hides the noindex of {path}");
    }
}
