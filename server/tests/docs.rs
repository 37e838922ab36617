//! The docs engine through the real server: pages, navigation data, 404s,
//! fallbacks and the JSON used by client navigation.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

#[tokio::test]
async fn docs_pages_render_with_title_meta_and_navigation() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/docs/guide/ssr").await;
    assert_eq!(status, 200);
    assert!(body.contains("– Leptra</title>"), "title template missing");
    assert!(body.contains("<meta name=\"description\""), "description missing");
    assert!(body.contains("property=\"og:title\""), "Open Graph missing");
    let canonical = format!("<link href=\"{}/docs/guide/ssr\" rel=\"canonical\">", server.config.site_url);
    assert!(body.contains(&canonical), "canonical missing");
    assert_eq!(body.matches("<meta name=\"description\"").count(), 1, "one description");
    assert!(body.contains("class=\"sidebar\""), "sidebar missing");
    assert!(
        body.contains(r#"<a href="/docs/guide/ssr" aria-current="page" class="sidebar-link">"#),
        "active sidebar item missing"
    );
    assert!(body.contains("class=\"pagination\""), "prev/next missing");
    assert!(body.contains("On this page"), "toc missing");
    assert!(body.contains("Last updated on"), "last updated missing");
}

#[tokio::test]
async fn the_root_and_every_listed_page_render() {
    let server = TestServer::start(&[]).await;
    let routes = server.state.content.snapshot().docs.routes(app::locale::Locale::en);
    assert!(routes.len() >= 12, "{routes:?}");
    for route in routes {
        let (status, _, body) = server.fetch(&route).await;
        assert_eq!(status, 200, "{route}");
        assert!(!body.contains("class=\"error-page\""), "{route} rendered an error");
    }
}

#[tokio::test]
async fn unknown_docs_paths_are_404() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/no/such/page", "/ko/docs/nope", "/docs/../Cargo.toml", "/docs/%2e%2e/secret"] {
        let (status, _, body) = server.fetch(path).await;
        assert_eq!(status, 404, "{path}");
        // The Korean 404 page is in Korean; both carry the status on the error page.
        assert!(body.contains("data-status=\"404\""), "{path}");
    }
}

#[tokio::test]
async fn korean_pages_and_the_english_fallback() {
    let server = TestServer::start(&[]).await;
    let (status, _, body) = server.fetch("/ko/docs/guide/ssr").await;
    assert_eq!(status, 200);
    assert!(body.contains("서버"), "Korean content missing");
    // The interface of built-in components speaks the page's language too.
    // (The text node may be followed by a hydration marker, hence no closing tag.)
    assert!(body.contains("<p class=\"callout-title\">팁<"), "callout title not translated");
    assert!(body.contains("펼치기/접기"), "sidebar toggle label not translated");
    let (_, _, english) = server.fetch("/docs/guide/ssr").await;
    assert!(english.contains("<p class=\"callout-title\">Tip<"), "English callout title missing");
    let (status, _, body) = server.fetch("/ko/docs/deploying").await;
    assert_eq!(status, 200);
    assert!(body.contains("fallback-notice"), "fallback notice missing");
}

#[tokio::test]
async fn client_navigation_gets_one_page_as_json() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/api/get_doc_page?locale=en&slug=guide%2Fcaching").await;
    assert_eq!(response.status(), 200);
    let page: serde_json::Value = response.json().await.expect("json");
    assert_eq!(page["route"], "/docs/guide/caching");
    let body = page["body"].as_str().expect("the body as HTML");
    assert!(body.contains("<h1 id=\"caching\">"), "{body}");
    // A page with the stars figure gets the current one, and no slot.
    let page: serde_json::Value =
        server.get("/api/get_doc_page?locale=en&slug=markdown").await.json().await.expect("json");
    let body = page["body"].as_str().expect("the body as HTML");
    assert!(body.contains("class=\"stars-widget\"") && !body.contains("leptra:stars"), "{body}");
    let response = server.get("/api/get_doc_page?locale=en&slug=missing").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_stars_figure_is_in_the_page_the_server_renders() {
    let server = TestServer::start(&[]).await;
    let figure = server.state.stars.current().await.stars.expect("the fake GitHub has the repository");
    let (status, _, html) = server.fetch("/docs/markdown").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("Leptra has <strong>{figure}</strong> stars on GitHub.")), "no figure");
    assert!(!html.contains("leptra:stars"), "the slot leaked");
}

#[tokio::test]
async fn the_page_json_names_its_locale_by_tag() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/api/get_doc_page?locale=ko&slug=guide%2Fssr").await;
    assert_eq!(response.status(), 200);
    let page: serde_json::Value = response.json().await.expect("json");
    assert_eq!(page["locale"], "ko");
    assert_eq!(page["route"], "/ko/docs/guide/ssr");
}

/// The links in `html`, as (`href`, text) pairs, in document order.
fn links_of(html: &str) -> Vec<(String, String)> {
    html.split("<a ")
        .skip(1)
        .filter_map(|link| {
            let href = link.split("href=\"").nth(1)?.split('"').next()?;
            let text = link.split_once('>')?.1.split("</a>").next()?;
            Some((href.to_owned(), text.to_owned()))
        })
        .collect()
}

/// The HTML a sidebar server function answers, unwrapped from its JSON string.
async fn sidebar_answer(server: &TestServer, query: &str) -> (u16, String) {
    let (status, _, body) = server.fetch(query).await;
    let html = serde_json::from_str::<String>(&body).unwrap_or(body);
    (status, html)
}

#[tokio::test]
async fn a_closed_sidebar_group_loads_its_entries_as_html() {
    let server = TestServer::start(&[]).await;
    for (locale, path) in [("en", "/docs/guide"), ("ko", "/ko/docs/guide")] {
        let (status, html) =
            sidebar_answer(&server, &format!("/api/get_sidebar_folder?locale={locale}&path={path}")).await;
        assert_eq!(status, 200, "{locale} {path}: {html}");
        assert!(html.starts_with(r#"<ul class="sidebar-list">"#) && html.ends_with("</ul>"), "{html}");
        let links: Vec<String> = links_of(&html).into_iter().map(|(href, _)| href).collect();
        assert!(links.contains(&format!("{path}/ssr")), "{links:?}");
        assert!(links.iter().all(|href| href.starts_with(&format!("{path}/"))), "{links:?}");
        assert!(!html.contains("aria-current"), "nothing in a closed group is the page being read: {html}");
    }
    let response = server.get("/api/get_sidebar_folder?locale=en&path=%2Fdocs%2Fno-such-folder").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_sidebar_is_html_with_the_page_current_and_its_groups_open() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/api/get_sidebar?locale=en&route=%2Fdocs%2Fguide%2Fssr").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "public, max-age=60, s-maxage=300, stale-while-revalidate=86400");
    let html: String = serde_json::from_str(&body).expect("HTML in a JSON string");
    // The navbar tabs, each with its own sidebar, for the browser to know when to ask again.
    assert!(html.starts_with("<ul data-tabs=\"/docs/reference\" class=\"sidebar-list\">"), "{html}");
    assert!(html.contains(r#"<a href="/docs/guide/ssr" aria-current="page" class="sidebar-link">"#), "{html}");
    assert_eq!(html.matches("aria-current").count(), 1, "{html}");
    assert!(html.contains(r#"<li data-path="/docs/guide" class="sidebar-folder open">"#), "{html}");
    assert!(
        html.contains(r#"aria-expanded="true" aria-label="Toggle Rendering and data" class="folder-toggle">"#),
        "{html}"
    );
    // The same sidebar is in the page, where hydration keeps it.
    let (_, _, page) = server.fetch("/docs/guide/ssr").await;
    assert!(sidebar_of(&page).contains(&html), "the page's sidebar is get_sidebar's");
    // Elsewhere the guide is closed, and its entries are not sent.
    let (_, html) = sidebar_answer(&server, "/api/get_sidebar?locale=en&route=%2Fdocs%2Fgetting-started").await;
    assert!(html.contains(r#"<li data-path="/docs/guide" class="sidebar-folder">"#), "{html}");
    assert!(!html.contains("/docs/guide/ssr"), "{html}");
    assert!(html.contains(r#"aria-expanded="false""#), "{html}");
}

/// The docs sidebar's part of a page (between its `<aside>` tags).
fn sidebar_of(html: &str) -> &str {
    let start = html.find("class=\"docs-sidebar").expect("a sidebar");
    let end = html[start..].find("</aside>").map_or(html.len(), |end| start + end);
    &html[start..end]
}

#[tokio::test]
async fn a_navbar_tab_has_its_own_sidebar_and_the_navbar_lists_tabs_and_menus() {
    let server = TestServer::start(&[]).await;
    let (status, _, reference) = server.fetch("/docs/reference/front-matter").await;
    assert_eq!(status, 200);
    let sidebar = sidebar_of(&reference);
    assert!(sidebar.contains("href=\"/docs/reference/meta-json\""), "the tab's pages: {sidebar}");
    assert!(!sidebar.contains("href=\"/docs/getting-started\""), "not the main sidebar's: {sidebar}");
    let (_, _, guide) = server.fetch("/docs/guide/ssr").await;
    let sidebar = sidebar_of(&guide);
    assert!(sidebar.contains("href=\"/docs/getting-started\""), "{sidebar}");
    assert!(!sidebar.contains("href=\"/docs/reference"), "the tab left the main sidebar: {sidebar}");
    // The navbar, on every page: the tab, and the menu with an external link marked and opened in a new tab.
    let (_, _, home) = server.fetch("/").await;
    for html in [&home, &guide] {
        assert!(html.contains("<a href=\"/docs/reference\""), "tab link missing");
        assert!(html.contains("<details class=\"navbar-dropdown\"><summary>More</summary>"), "menu missing");
        assert!(html.contains("<a href=\"/llms.txt\" rel=\"external\">llms.txt"), "a file is loaded by the browser");
        assert!(
            html.contains(
                "<a href=\"https://leptos.dev\" target=\"_blank\" rel=\"noopener\" class=\"external\">Leptos"
            ),
            "external menu link"
        );
    }
    let (_, _, korean) = server.fetch("/ko/docs/guide/ssr").await;
    assert!(korean.contains("<a href=\"/ko/docs/reference\""), "Korean tab link missing");
    assert!(korean.contains("<summary>더 보기</summary>"), "Korean menu missing");
}

#[tokio::test]
async fn layout_flags_hide_the_parts_they_name() {
    let server = TestServer::start(&[]).await;
    let (status, _, full) = server.fetch("/docs/reference/full-width").await;
    assert_eq!(status, 200);
    assert!(full.contains("class=\"docs-main layout-full no-sidebar no-toc\""), "full layout classes");
    assert!(!full.contains("class=\"docs-toc\""), "no table of contents");
    let (_, _, normal) = server.fetch("/docs/reference/front-matter").await;
    assert!(normal.contains("class=\"docs-main\""), "default layout has no flags");
    assert!(normal.contains("class=\"docs-toc\""), "table of contents");
    assert!(normal.contains("class=\"pagination\"") && normal.contains("Last updated on"));
}

/// `GET /api/search_docs` with `limit`: status and the number of hits.
async fn search_hits(server: &TestServer, query: &str, limit: &str) -> (u16, usize) {
    let (status, _, body) = server.fetch(&format!("/api/search_docs?locale=en&query={query}&limit={limit}")).await;
    let hits = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|json| json["hits"].as_array().map(Vec::len))
        .unwrap_or_default();
    (status, hits)
}

#[tokio::test]
async fn search_docs_keeps_its_limit_between_1_and_50() {
    // Docs with a word in 60 sections, more than any limit allows.
    let root = tempfile::Builder::new().prefix("leptra-search-").tempdir().expect("temporary folder");
    let content = root.path().join("content");
    std::fs::create_dir_all(content.join("en")).expect("content folder");
    std::fs::write(content.join("en/index.md"), "# Home\n\nWelcome.\n").expect("home page");
    for page in 0..60 {
        let text = format!("---\ntitle: Page {page}\n---\n\n# Page {page}\n\nThe zebra number {page}.\n");
        std::fs::write(content.join(format!("en/page-{page:02}.md")), text).expect("page");
    }
    let server = TestServer::start(&[("LEPTRA_CONTENT_DIR", content.to_str().expect("utf-8"))]).await;
    let word = "zebra";
    assert_eq!(search_hits(&server, word, "50").await, (200, 50));
    assert_eq!(search_hits(&server, word, "51").await, (200, 50));
    assert_eq!(search_hits(&server, word, &usize::MAX.to_string()).await, (200, 50), "a huge limit is 50");
    assert_eq!(search_hits(&server, word, "0").await, (200, 1), "no limit is 1");
    assert_eq!(search_hits(&server, word, "1").await, (200, 1));
    assert_eq!(search_hits(&server, word, "7").await, (200, 7));
    // Not a count at all: the request is refused, not searched.
    for limit in ["-1", "ten", "1.5", ""] {
        let (status, hits) = search_hits(&server, word, limit).await;
        assert_eq!((status, hits), (400, 0), "limit={limit:?}");
    }
}

#[tokio::test]
async fn a_sidebar_folder_is_loaded_over_http() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/api/get_sidebar_folder?locale=en&path=/docs/guide").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "public, max-age=60, s-maxage=300, stale-while-revalidate=86400");
    let html: String = serde_json::from_str(&body).expect("HTML in a JSON string");
    let pages = links_of(&html);
    let pages: Vec<(&str, &str)> = pages.iter().map(|(href, title)| (title.as_str(), href.as_str())).collect();
    assert_eq!(
        pages,
        [
            ("Server-side rendering", "/docs/guide/ssr"),
            ("Adding a page", "/docs/guide/adding-a-page"),
            ("Client-side fetching", "/docs/guide/client-side-fetching"),
            ("Server functions", "/docs/guide/server-functions"),
            ("Static generation", "/docs/guide/static-generation"),
            ("Caching", "/docs/guide/caching"),
            ("Error pages", "/docs/guide/error-pages"),
        ],
        "{body}"
    );
    // The Korean folder has the Korean titles (and English pages where no translation exists).
    let (status, _, korean) = server.fetch("/api/get_sidebar_folder?locale=ko&path=/ko/docs/guide").await;
    assert_eq!(status, 200, "{korean}");
    let korean: String = serde_json::from_str(&korean).expect("HTML in a JSON string");
    assert!(
        links_of(&korean).contains(&("/ko/docs/guide/ssr".to_owned(), "서버 사이드 렌더링".to_owned())),
        "{korean}"
    );
    // A trailing slash names the same folder.
    assert_eq!(server.fetch("/api/get_sidebar_folder?locale=en&path=/docs/guide/").await.2, body);
    // A tag that names no locale is read as the default locale, as everywhere (leptos_i18n's rule).
    assert_eq!(server.fetch("/api/get_sidebar_folder?locale=xx&path=/docs/guide").await.2, body);
    for query in ["locale=en&path=/docs/nope", "locale=en&path=/docs/guide/ssr", "locale=ko&path=/docs/nope"] {
        let (status, headers, error) = server.fetch(&format!("/api/get_sidebar_folder?{query}")).await;
        assert_eq!(status, 404, "{query}: {error}");
        assert_eq!(headers["cache-control"], "public, max-age=60", "{query}");
    }
    assert_eq!(server.fetch("/api/get_sidebar_folder?locale=en").await.0, 400, "a missing path is bad input");
}
