//! Versioned docs through the real server: an older version at `/docs/0.1/…`
//! with its own navigation, banner, switcher, search, Markdown and 404s.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

#[tokio::test]
async fn an_older_version_is_served_under_its_id_with_its_own_navigation() {
    let server = TestServer::start(&[]).await;
    let (status, _, page) = server.fetch("/docs/0.1/guide/ssr").await;
    assert_eq!(status, 200);
    assert!(page.contains("You are reading the docs for 0.1. The latest is 0.2."), "banner missing");
    assert!(page.contains("<a href=\"/docs/guide/ssr\">Read this page in 0.2"), "banner links to the latest page");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "older versions are noindex");
    assert!(!page.contains("rel=\"canonical\""), "noindex pages have no canonical URL");
    // Sidebar, breadcrumb, prev/next and edit link stay in the version.
    assert!(page.contains("<a href=\"/docs/0.1/getting-started\" class=\"sidebar-link\">"), "sidebar in the version");
    assert!(!page.contains("<ul data-tabs=\"/docs/reference\""), "0.1 has no tabs");
    assert!(page.contains("<ul data-tabs=\"\" class=\"sidebar-list\">"), "0.1 has no tabs");
    assert!(page.contains("<a href=\"/docs/0.1/guide\""), "breadcrumb in the version");
    assert!(page.contains("href=\"/docs/0.1/guide/client-side-fetching\""), "next page in the version");
    assert!(page.contains("/edit/main/content/versions/0.1/en/guide/ssr.md"), "edit link to the version's file");
    assert!(page.contains("Last updated on"), "timestamp");
    // The switcher: every version, the one read marked.
    assert!(
        page.contains("<a href=\"/docs/0.1/guide/ssr\" aria-current=\"page\" class=\"selected\">0.1"),
        "switcher marks 0.1"
    );
    let (_, _, latest) = server.fetch("/docs/guide/ssr").await;
    assert!(latest.contains("<li><a href=\"/docs/0.1/guide/ssr\">0.1</a></li>"), "the switcher keeps the page");
    assert!(!latest.contains("You are reading the docs for"), "no banner on the latest version");
    assert!(latest.contains("rel=\"canonical\""));
    // Korean, and the JSON of client navigation.
    let (status, _, korean) = server.fetch("/ko/docs/0.1/guide/ssr").await;
    assert_eq!(status, 200);
    assert!(korean.contains("0.1 버전 문서를 보고 있습니다."), "Korean banner");
    let (status, _, json) = server.fetch("/api/get_doc_page?locale=en&slug=0.1%2Fguide%2Fssr").await;
    assert_eq!(status, 200);
    let page: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(page["route"], "/docs/0.1/guide/ssr");
    // What the browser needs of the versions: the label, `noindex`, the banner's link to the latest.
    assert_eq!(page["version"], "0.1");
    assert_eq!(page["noindex"], true);
    let head = page["head"].as_str().expect("the banner's HTML");
    assert!(head.contains(r#"<a href="/docs/guide/ssr">Read this page in 0.2"#), "{head}");
    // The switcher comes with the page, as the server renders it above the sidebar.
    let switcher = page["switcher"].as_str().expect("the switcher's HTML");
    assert!(
        switcher.contains(r#"<a href="/docs/0.1/guide/ssr" aria-current="page" class="selected">0.1</a>"#),
        "{switcher}"
    );
    assert!(korean.contains(r#"<summary>버전: <strong>0.1</strong></summary>"#), "the switcher in the page's locale");
    let (_, _, sidebar) = server.fetch("/api/get_sidebar?locale=en&route=%2Fdocs%2F0.1%2Fguide%2Fssr").await;
    let sidebar: String = serde_json::from_str(&sidebar).expect("HTML in a JSON string");
    assert!(
        sidebar.contains(r#"href="/docs/0.1/getting-started""#) && !sidebar.contains(r#"href="/docs/getting-started""#),
        "{sidebar}"
    );
}

#[tokio::test]
async fn a_page_missing_in_a_version_switches_to_its_first_page_with_a_notice() {
    let server = TestServer::start(&[]).await;
    let (_, _, reference) = server.fetch("/docs/reference/front-matter").await;
    assert!(reference.contains("<li><a href=\"/docs/0.1?missing=1\">0.1</a></li>"), "no such page in 0.1: its index");
    let (status, _, plain) = server.fetch("/docs/0.1").await;
    assert_eq!(status, 200);
    let notice = "does not exist in 0.1, so this is its first page.";
    assert!(!plain.contains(notice), "no notice without the flag");
    let (status, _, flagged) = server.fetch("/docs/0.1?missing=1").await;
    assert_eq!(status, 200);
    assert!(flagged.contains(notice), "notice missing (or the cached page without it was served)");
    assert!(!server.fetch("/docs/0.1?missing=2").await.2.contains(notice));
}

#[tokio::test]
async fn unknown_versions_and_pages_are_404_and_markdown_follows_versions() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/9.9", "/docs/9.9/guide/ssr", "/docs/0.1/reference", "/ko/docs/0.1/nope"] {
        assert_eq!(server.fetch(path).await.0, 404, "{path}");
    }
    assert_eq!(server.fetch("/docs/0.1/nope.md").await.0, 404);
    assert_eq!(server.fetch("/docs/9.9/guide.md").await.0, 404);
    let (status, headers, markdown) = server.fetch("/docs/0.1/guide/ssr.md").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/markdown; charset=utf-8");
    assert!(markdown.starts_with("# Server-side rendering"), "{markdown}");
    let (_, _, index) = server.fetch("/docs/0.1.md").await;
    assert!(index.contains("## About version 0.1"), "{index}");
}

#[tokio::test]
async fn search_is_per_version_and_says_which() {
    let server = TestServer::start(&[]).await;
    let search = |path: &str| {
        let path = path.to_owned();
        let server = &server;
        async move {
            let (status, _, json) = server.fetch(&path).await;
            (status, serde_json::from_str::<serde_json::Value>(&json).unwrap_or_default())
        }
    };
    let (status, old) = search("/api/search_docs?locale=en&query=about%20version&limit=5&version=0.1").await;
    assert_eq!(status, 200);
    assert_eq!(old["version"], "0.1");
    assert_eq!(old["hits"][0]["route"], "/docs/0.1", "{old}");
    assert_eq!(old["hits"][0]["heading"], "About version 0.1");
    let (_, current) = search("/api/search_docs?locale=en&query=about%20version%200.1&limit=5").await;
    assert_eq!(current["version"], "0.2");
    let headings: Vec<&str> =
        current["hits"].as_array().into_iter().flatten().filter_map(|h| h["heading"].as_str()).collect();
    assert!(!headings.contains(&"About version 0.1"), "{headings:?}");
    assert_eq!(search("/api/search_docs?locale=en&query=x&limit=5&version=9.9").await.0, 404);
    // The no-JavaScript page takes the version too, and keeps it in its form.
    let (status, _, html) = server.fetch("/search?q=about+version&lang=en&v=0.1").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/docs/0.1#about-version-01\""), "result in 0.1");
    assert!(html.contains("<span class=\"search-hit-version\">0.1"), "results say their version");
    assert!(html.contains("<input type=\"hidden\" name=\"v\" value=\"0.1\">"), "the form keeps the version");
    // The navbar's form, on a page of 0.1, searches 0.1 without JavaScript.
    let (_, _, page) = server.fetch("/docs/0.1/guide").await;
    assert!(page.contains("<input type=\"hidden\" name=\"v\" value=\"0.1\">"), "navbar search form");
}

#[tokio::test]
async fn the_sitemap_lists_only_the_current_version() {
    let server = TestServer::start(&[]).await;
    let (_, _, sitemap) = server.fetch("/sitemap.xml").await;
    assert!(sitemap.contains("/docs/guide/ssr</loc>"));
    assert!(!sitemap.contains("/docs/0.1"), "older versions are not listed");
}
