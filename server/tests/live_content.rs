//! Live content through the real server: a temporary content folder, watched,
//! edited while the server runs. Every case waits for its condition with a
//! bounded wait, never a fixed sleep.

#[path = "support/harness.rs"]
mod harness;

use std::{
    future::Future,
    path::{Path, PathBuf},
    time::Duration,
};

use harness::TestServer;

/// How long a change may take to show; the target is well under a second.
const LIMIT: Duration = Duration::from_secs(15);

/// A content folder in a fresh temporary directory, removed when dropped.
struct Folder {
    dir: PathBuf,
    _root: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        let root = tempfile::Builder::new().prefix("leptra-live-").tempdir().expect("temporary folder");
        let folder = Folder { dir: root.path().join("content"), _root: root };
        folder.write("en/_meta.json", r#"{ "index": "Welcome", "guide": "Guide" }"#);
        folder.write("en/index.md", &page("Welcome", "Hello."));
        folder.write("en/guide/_meta.json", r#"{ "ssr": "SSR", "caching": "Caching" }"#);
        folder.write("en/guide/ssr.md", &page("Server-side rendering", "## Resources\n\nRender on the server."));
        folder.write("en/guide/caching.md", &page("Caching", "Keep pages."));
        folder.write("ko/index.md", &page("환영합니다", "안녕하세요."));
        folder
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("files are in folders")).expect("create folder");
        std::fs::write(&path, text).expect("write content file");
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    async fn serve(&self) -> TestServer {
        let dir = self.dir.display().to_string();
        TestServer::start(&[("LEPTRA_CONTENT_DIR", &dir), ("LEPTRA_WATCH_CONTENT", "true")]).await
    }
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n")
}

/// Calls `check` every 20 ms until it answers `true`, failing after [`LIMIT`].
async fn until<F: Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = tokio::time::Instant::now() + LIMIT;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The sidebar part of a rendered docs page.
fn sidebar(html: &str) -> &str {
    let start = html.find("class=\"sidebar\"").expect("the page has a sidebar");
    let end = html[start..].find("</nav>").map_or(html.len(), |end| start + end);
    &html[start..end]
}

async fn body(server: &TestServer, path: &str) -> (u16, String) {
    let (status, _, body) = server.fetch(path).await;
    (status, body)
}

#[tokio::test]
async fn an_edit_is_served_and_found_by_search() {
    let folder = Folder::new();
    let server = folder.serve().await;
    // Cached before the edit: the cache must let go of it.
    assert!(!body(&server, "/docs/guide/ssr").await.1.contains("zanzibar"));
    folder.write("en/guide/ssr.md", &page("Server-side rendering", "## Resources\n\nA zanzibar paragraph."));
    until("the edited page", || async { body(&server, "/docs/guide/ssr").await.1.contains("zanzibar paragraph") })
        .await;
    let (status, results) = body(&server, "/api/search_docs?locale=en&query=zanzibar&limit=8").await;
    assert_eq!(status, 200);
    assert!(results.contains("/docs/guide/ssr"), "{results}");
    // The client-navigation JSON says the same, and is never kept stale by the browser.
    let response = server.get("/api/get_doc_page?locale=en&slug=guide%2Fssr").await;
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.text().await.expect("body").contains("zanzibar"));
}

#[tokio::test]
async fn an_added_page_is_served_listed_in_the_sidebar_and_the_sitemap() {
    let folder = Folder::new();
    let server = folder.serve().await;
    assert_eq!(body(&server, "/docs/guide/routing").await.0, 404);
    folder.write("en/guide/routing.md", &page("Routing", "Routes."));
    until("the new page", || async { body(&server, "/docs/guide/routing").await.0 == 200 }).await;
    let (_, html) = body(&server, "/docs/guide/ssr").await;
    assert!(sidebar(&html).contains("href=\"/docs/guide/routing\""), "{}", sidebar(&html));
    let (_, sitemap) = body(&server, "/sitemap.xml").await;
    assert!(sitemap.contains("/docs/guide/routing</loc>"), "{sitemap}");
}

#[tokio::test]
async fn a_deleted_page_is_gone_and_a_renamed_one_moves() {
    let folder = Folder::new();
    let server = folder.serve().await;
    std::fs::remove_file(folder.path("en/guide/caching.md")).expect("delete");
    until("the deleted page's 404", || async { body(&server, "/docs/guide/caching").await.0 == 404 }).await;
    let (_, html) = body(&server, "/docs").await;
    assert!(!sidebar(&html).contains("/docs/guide/caching"), "{}", sidebar(&html));

    std::fs::rename(folder.path("en/guide/ssr.md"), folder.path("en/guide/rendering.md")).expect("rename");
    until("the renamed page", || async { body(&server, "/docs/guide/rendering").await.0 == 200 }).await;
    assert_eq!(body(&server, "/docs/guide/ssr").await.0, 404);
    let (_, sitemap) = body(&server, "/sitemap.xml").await;
    assert!(sitemap.contains("/docs/guide/rendering</loc>") && !sitemap.contains("/docs/guide/ssr</loc>"), "{sitemap}");
}

#[tokio::test]
async fn a_meta_edit_reorders_the_sidebar() {
    let folder = Folder::new();
    let server = folder.serve().await;
    let order = |html: &str| {
        let nav = sidebar(html);
        nav.find("href=\"/docs/guide/ssr\"").expect("ssr listed")
            < nav.find("href=\"/docs/guide/caching\"").expect("caching listed")
    };
    assert!(order(&body(&server, "/docs/guide/ssr").await.1), "SSR comes first");
    folder.write("en/guide/_meta.json", r#"{ "caching": "Caching first", "ssr": "SSR" }"#);
    until("the new order", || async {
        let (_, html) = body(&server, "/docs/guide/ssr").await;
        !order(&html) && sidebar(&html).contains("Caching first")
    })
    .await;
}

#[tokio::test]
async fn a_broken_save_shows_its_location_and_the_fix_recovers_the_page() {
    let folder = Folder::new();
    let server = folder.serve().await;
    folder.write("en/guide/ssr.md", "---\ntitle: [never closed\n---\n\nBody.\n");
    let location = format!("{}:2:", folder.path("en/guide/ssr.md").display());
    until("the error page", || async {
        let (status, html) = body(&server, "/docs/guide/ssr").await;
        status == 500 && html.contains("class=\"error-page\"") && html.contains(&location)
    })
    .await;
    assert_eq!(body(&server, "/docs/guide/caching").await.0, 200, "the rest of the site keeps working");

    // An unclosed component keeps the page and shows where the problem is.
    folder.write("en/guide/ssr.md", &page("Server-side rendering", ":::callout tip\n\nNever closed."));
    let location = format!("{}:7:1:", folder.path("en/guide/ssr.md").display());
    until("the problem notice", || async {
        let (status, html) = body(&server, "/docs/guide/ssr").await;
        status == 200 && html.contains("class=\"notice page-problems\"") && html.contains(&location)
    })
    .await;

    folder.write("en/guide/ssr.md", &page("Server-side rendering", "Fixed again."));
    until("the fixed page", || async {
        let (status, html) = body(&server, "/docs/guide/ssr").await;
        status == 200 && html.contains("Fixed again.") && !html.contains("page-problems")
    })
    .await;
}

#[tokio::test]
async fn nothing_saved_stops_the_server() {
    let folder = Folder::new();
    let server = folder.serve().await;
    std::fs::write(folder.path("en/guide/ssr.md"), [0xff, 0xfe, 0x00, 0x80]).expect("write bytes");
    folder.write("en/guide/_meta.json", "{ \"ssr\": ");
    folder.write("en/empty.md", "");
    std::fs::create_dir_all(folder.path("en/folder.md")).expect("a folder named like a page");
    folder.write("en/deep/deeper/deepest/page.md", &format!("{}\n", ":::callout tip\n".repeat(200)));
    until("the binary file's error page", || async {
        let (status, html) = body(&server, "/docs/guide/ssr").await;
        status == 500 && html.contains("not UTF-8")
    })
    .await;
    assert_eq!(body(&server, "/docs/guide/caching").await.0, 200);
    assert_eq!(body(&server, "/docs").await.0, 200);
    folder.write("en/guide/ssr.md", &page("Server-side rendering", "Text again."));
    folder.write("en/guide/_meta.json", r#"{ "ssr": "SSR" }"#);
    until("the page back", || async { body(&server, "/docs/guide/ssr").await.1.contains("Text again.") }).await;
}

#[tokio::test]
async fn a_folder_appears_and_disappears() {
    let folder = Folder::new();
    let server = folder.serve().await;
    let extra = tempdir_next_to(&folder.dir, "extra");
    std::fs::create_dir_all(extra.join("deep")).expect("create");
    std::fs::write(extra.join("one.md"), page("One", "1.")).expect("write");
    std::fs::write(extra.join("deep/two.md"), page("Two", "2.")).expect("write");
    // The whole folder arrives at once, as `mv` or a git checkout does it.
    std::fs::rename(&extra, folder.path("en/extra")).expect("move in");
    until("the new folder's pages", || async { body(&server, "/docs/extra/deep/two").await.0 == 200 }).await;
    assert_eq!(body(&server, "/docs/extra/one").await.0, 200);
    std::fs::remove_dir_all(folder.path("en/extra")).expect("remove");
    until("the folder's pages gone", || async { body(&server, "/docs/extra/one").await.0 == 404 }).await;
    assert_eq!(body(&server, "/docs/extra/deep/two").await.0, 404);
}

/// A fresh folder beside the content folder (outside what is watched).
fn tempdir_next_to(content: &Path, name: &str) -> PathBuf {
    content.parent().expect("content has a parent").join(name)
}

#[tokio::test]
async fn open_tabs_hear_which_pages_changed() {
    let folder = Folder::new();
    let server = folder.serve().await;
    let (_, html) = body(&server, "/docs/guide/ssr").await;
    assert!(html.contains("<script src=\"/__leptra/live.js\" defer"), "pages link the live script");
    let (status, script) = body(&server, "/__leptra/live.js").await;
    assert!(status == 200 && script.contains("/__leptra/content-events"));

    // Browsers ask for compression; a compressed stream would hold events back.
    let request = server.http.get(server.url("/__leptra/content-events")).header("accept-encoding", "gzip, br");
    let mut events = request.send().await.expect("the stream opens");
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    assert!(events.headers().get("content-encoding").is_none(), "{:?}", events.headers());
    folder.write("en/guide/caching.md", &page("Caching", "Keep pages longer."));
    let mut received = String::new();
    tokio::time::timeout(LIMIT, async {
        while !received.contains("\n\n") {
            let chunk = events.chunk().await.expect("stream").expect("open");
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await
    .expect("a change event arrives");
    assert!(received.contains("event: change"), "{received}");
    assert!(received.contains(r#"data: {"routes":["/docs/guide/caching","/ko/docs/guide/caching"]}"#), "{received}");
}

#[tokio::test]
async fn without_watching_pages_carry_no_live_script() {
    let folder = Folder::new();
    let dir = folder.dir.display().to_string();
    let server = TestServer::start(&[("LEPTRA_CONTENT_DIR", &dir)]).await;
    let (status, html) = body(&server, "/docs/guide/ssr").await;
    assert_eq!(status, 200);
    assert!(!html.contains("live.js"), "a production page carries no live-reload script");
    assert_eq!(body(&server, "/__leptra/live.js").await.0, 404);
    assert_eq!(body(&server, "/__leptra/content-events").await.0, 404);
}
