//! The site file (`site.toml`) through the real server and binary: a second
//! content folder is a second site, with its own name, logo, links, footer,
//! banner and accent, and nothing of Leptra's; a bad file stops start-up with
//! its location; while the folder is watched, an edit applies live and a bad
//! one keeps the last good site and shows what is wrong.

#[path = "support/harness.rs"]
mod harness;

use std::{
    future::Future,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use app::{locale::Locale, seo::SocialCard};
use harness::TestServer;

/// A second site: another name, logo, project link (GitLab), chat, accent,
/// theme, footer, banner and search placeholder.
const QUOKKA_SITE: &str = r##"
name = "Quokka Docs"
title = "%s | Quokka Docs"
description = { en = "Everything about quokkas.", ko = "쿼카에 관한 모든 것." }
favicon = "/quokka-icon.png"
theme = "dark"

[logo]
text = "Quokka"
image = "/quokka.svg"
width = 30
height = 20

[project]
link = "https://gitlab.com/quokka/docs"

[chat]
link = "https://chat.example.com/quokka"
label = "Quokka chat"

[footer]
text = { en = "Made by quokkas.", ko = "쿼카가 만들었습니다." }
links = [{ text = { en = "Imprint", ko = "사업자 정보" }, href = "/docs/imprint" }]

[banner]
key = "spring-2027"
text = "Quokka 2.0 is out —"
link = { text = "read the notes", href = "/docs/guide" }

[accent]
light = "#1d6b3a"
dark = "#6fdc8c"

[search]
placeholder = { en = "Find a quokka…", ko = "쿼카 찾기…" }
"##;

/// A content folder in a fresh temporary directory, removed when dropped.
struct Folder {
    dir: PathBuf,
    _root: tempfile::TempDir,
}

impl Folder {
    /// The quokka site's pages, with `site` as its site file.
    fn new(site: &str) -> Folder {
        let root = tempfile::Builder::new().prefix("leptra-site-").tempdir().expect("temporary folder");
        let folder = Folder { dir: root.path().join("content"), _root: root };
        folder.write("site.toml", site);
        folder.write("en/_meta.json", r#"{ "index": "Welcome", "guide": "Guide" }"#);
        folder.write("en/index.md", "---\ntitle: Welcome\n---\n\n# Welcome\n\nQuokkas are small marsupials.\n");
        folder.write(
            "en/guide.md",
            "---\ntitle: Feeding\ndescription: What quokkas eat.\n---\n\n# Feeding\n\n## Leaves\n\nMostly leaves.\n",
        );
        folder.write("ko/index.md", "---\ntitle: 환영합니다\n---\n\n# 환영합니다\n\n쿼카는 작은 유대류입니다.\n");
        folder
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("files are in folders")).expect("create folder");
        std::fs::write(&path, text).expect("write content file");
    }

    async fn serve(&self, watch: bool) -> TestServer {
        let dir = self.dir.display().to_string();
        TestServer::start(&[
            ("LEPTRA_CONTENT_DIR", &dir),
            ("LEPTRA_WATCH_CONTENT", if watch { "true" } else { "false" }),
        ])
        .await
    }
}

async fn page(server: &TestServer, path: &str) -> String {
    let (status, _, body) = server.fetch(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn a_second_content_folder_is_a_second_site() {
    let folder = Folder::new(QUOKKA_SITE);
    let server = folder.serve(false).await;
    let html = page(&server, "/docs/guide").await;
    for wanted in [
        "<title>Feeding | Quokka Docs</title>",
        r#"<meta property="og:site_name" content="Quokka Docs">"#,
        // The logo: its image and its text.
        r#"<img src="/quokka.svg" alt="" width="30" height="20" class="logo-image">Quokka"#,
        // The project link with GitLab's icon and name, and the chat.
        r#"href="https://gitlab.com/quokka/docs" rel="noopener" target="_blank" aria-label="GitLab""#,
        r#"href="https://chat.example.com/quokka" rel="noopener" target="_blank" aria-label="Quokka chat""#,
        // The footer.
        "Made by quokkas.",
        r#"<a href="/docs/imprint" rel="noopener">Imprint"#,
        // The banner, with its key in the first-paint script.
        "<span>Quokka 2.0 is out —",
        r#"<a href="/docs/guide">read the notes"#,
        "banner=spring-2027(?:;|$)",
        // The default theme, before and after the visitor's choice is read.
        r#"<html lang="en" data-theme="dark">"#,
        r#"t?t[1]:"dark""#,
        // The favicon and the accent of both themes.
        r#"<link rel="icon" type="image/png" href="/quokka-icon.png">"#,
        ":root{--accent:#1d6b3a;",
        "html[data-theme=\"dark\"]{--accent:#6fdc8c;",
        // The search box.
        r#"placeholder="Find a quokka…""#,
        // Edit and feedback links on GitLab.
        r#"href="https://gitlab.com/quokka/docs/-/edit/main/content/en/guide.md" rel="noopener" target="_blank">Edit this page on GitLab<"#,
        "https://gitlab.com/quokka/docs/-/issues/new?issue%5Btitle%5D=Feedback%20for%20%E2%80%9CFeeding%E2%80%9D",
        // The structured data's publisher.
        r#""publisher":{"@type":"Organization","name":"Quokka Docs""#,
    ] {
        assert!(html.contains(wanted), "/docs/guide lacks {wanted:?}:\n{html}");
    }
    let korean = page(&server, "/ko/docs").await;
    for wanted in [
        "쿼카가 만들었습니다.",
        r#"placeholder="쿼카 찾기…""#,
        ">사업자 정보",
        "<title>환영합니다 | Quokka Docs</title>",
    ] {
        assert!(korean.contains(wanted), "/ko/docs lacks {wanted:?}");
    }
    assert!(korean.contains(r#"<meta property="og:site_name" content="Quokka Docs">"#), "{korean}");

    let llms = page(&server, "/llms.txt").await;
    assert!(llms.starts_with("# Quokka Docs\n\n> Everything about quokkas.\n"), "{llms}");
    let llms = page(&server, "/ko/llms.txt").await;
    assert!(llms.starts_with("# Quokka Docs\n\n> 쿼카에 관한 모든 것.\n"), "{llms}");
    let home = page(&server, "/").await;
    assert!(home.contains("<title>Quokka Docs</title>") && home.contains("Quokka Docs renders every page"), "{home}");
}

#[tokio::test]
async fn no_page_of_another_site_says_leptra() {
    let folder = Folder::new(QUOKKA_SITE);
    let server = folder.serve(false).await;
    for path in [
        "/",
        "/ko",
        "/docs",
        "/docs/guide",
        "/ko/docs",
        "/docs/guide.md",
        "/search?q=leaves",
        "/ko/search?q=leaves",
        "/repos",
        "/user/octocat",
        "/no-such-page",
        "/docs/no-such-page",
        "/llms.txt",
        "/ko/llms.txt",
        "/llms-full.txt",
        "/sitemap.xml",
        "/robots.txt",
        "/api/get_doc_page?locale=en&slug=guide",
    ] {
        let (_, _, body) = server.fetch(path).await;
        assert!(!body.is_empty(), "{path} is empty");
        // The bundle's files are named after the build (`/pkg/leptra.js`), not the site.
        if let Some(at) = body.find("Leptra") {
            let context = &body[at.saturating_sub(120)..(at + 120).min(body.len())];
            panic!("{path} says Leptra: …{context}…");
        }
    }
}

#[tokio::test]
async fn the_social_images_draw_the_sites_name() {
    let folder = Folder::new(QUOKKA_SITE);
    let server = folder.serve(false).await;
    let html = page(&server, "/docs/guide").await;
    let at = html.find(r#"<meta property="og:image" content=""#).expect("an og:image") + 35;
    let url = html[at..at + html[at..].find('"').expect("closed")].replace("&amp;", "&");
    let path = url.strip_prefix(&server.config.site_url).expect("an absolute URL on this site").to_owned();
    let response = server.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    let served = response.bytes().await.expect("body").to_vec();

    let content = server.state.content.snapshot();
    let doc = content.page(Locale::en, "guide").expect("the page");
    let card = SocialCard::of(&doc);
    assert_eq!(card.site, "Quokka Docs");
    let drawn = |site: &str| {
        let text = server::og::CardText {
            site: site.to_owned(),
            locale: doc.locale,
            title: card.title.to_owned(),
            section: card.section.to_owned(),
            description: card.description.to_owned(),
        };
        server::og::draw(&server::og::SocialImages::new(&server.config.og_font_dir), &text).expect("drawn")
    };
    assert_eq!(served, drawn("Quokka Docs"), "the served image is the card with the site's name");
    assert_ne!(served, drawn("Leptra"), "the name is drawn on it");
}

/// The server binary started on `content_dir`: its exit status and standard
/// error, once it stops (a server that starts serving instead fails the test).
fn start_binary(content_dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("LEPTRA_CONTENT_DIR", content_dir)
        .env("LEPTOS_SITE_ROOT", std::env::temp_dir().join("leptra-test-site"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("GITHUB_API_URL", "http://127.0.0.1:9")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    // Generous: a debug build that wrongly starts loads the docs first.
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("the child's status").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server started on {} instead of refusing its site file", content_dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("the child's output");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_bad_site_file_stops_start_up_with_its_file_line_and_column() {
    let cases = [
        (
            "an unknown key",
            "name = \"Quokka\"\n\n[footer]\ntext = \"Hi\"\ncolor = \"red\"\n",
            "5:1",
            "unknown field `color`",
        ),
        ("a wrong type", "name = \"Quokka\"\n[logo]\nwidth = \"wide\"\n", "3:9", "invalid type: string \"wide\""),
        (
            "an accent without contrast",
            "name = \"Quokka\"\n\n[accent]\nlight = \"#ffcc00\"\ndark = \"#ff8a4c\"\n",
            "4:9",
            "#ffcc00 has a contrast of 1.",
        ),
    ];
    for (what, site, at, message) in cases {
        let folder = Folder::new(site);
        let (code, stderr) = start_binary(&folder.dir);
        assert_eq!(code, Some(2), "{what}: the server must not start; stderr: {stderr}");
        let location = format!("{}:{at}: ", folder.dir.join("site.toml").display());
        assert!(stderr.contains(&location), "{what}: {stderr:?} does not name {location:?}");
        assert!(stderr.contains(message), "{what}: {stderr:?} does not say {message:?}");
        assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr:?}");
    }
}

/// How long a change may take to show.
const LIMIT: Duration = Duration::from_secs(15);

/// Calls `check` every 20 ms until it answers `true`, failing after [`LIMIT`].
async fn until<F: Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = tokio::time::Instant::now() + LIMIT;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn while_watching_an_edit_applies_and_a_bad_one_keeps_the_last_good_site_and_shows_why() {
    let folder = Folder::new(QUOKKA_SITE);
    let server = folder.serve(true).await;
    assert!(page(&server, "/docs/guide").await.contains("<title>Feeding | Quokka Docs</title>"));

    // A good edit applies live, on every kind of page.
    folder.write("site.toml", &QUOKKA_SITE.replace("Quokka Docs", "Wallaby Docs"));
    until("the new name", || async {
        page(&server, "/docs/guide").await.contains("<title>Feeding | Wallaby Docs</title>")
    })
    .await;
    assert!(page(&server, "/").await.contains("<title>Wallaby Docs</title>"));
    assert!(page(&server, "/llms.txt").await.starts_with("# Wallaby Docs\n"));

    // A bad edit: the last good site stays, and every page says what is wrong and where.
    let bad = QUOKKA_SITE.replace("Quokka Docs", "Broken Docs").replace("[chat]\n", "[chat]\nicon = \"irc\"\n");
    folder.write("site.toml", &bad);
    let line = bad.lines().position(|l| l.starts_with("icon = ")).expect("the bad line") + 1;
    let location = format!("{}:{line}:1: unknown field `icon`", folder.dir.join("site.toml").display());
    until("the problem on the page", || async { page(&server, "/docs/guide").await.contains(&location) }).await;
    for path in ["/docs/guide", "/", "/ko/docs"] {
        let html = page(&server, path).await;
        assert!(html.contains(r#"role="alert" class="notice page-problems site-problem""#), "{path}: {html}");
        assert!(html.contains(&location), "{path}: {location}");
        assert!(html.contains("Wallaby Docs") && !html.contains("Broken Docs"), "{path} keeps the last good site");
    }

    // The fix recovers, and the problem goes.
    folder.write("site.toml", QUOKKA_SITE);
    until("the fixed site", || async {
        let html = page(&server, "/docs/guide").await;
        html.contains("<title>Feeding | Quokka Docs</title>") && !html.contains("site-problem")
    })
    .await;
}
