//! The docs as Markdown through the real server: `.md` twins of pages,
//! `llms.txt` and `llms-full.txt` per locale, and the "Copy page" server function.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

#[tokio::test]
async fn every_docs_page_has_a_markdown_twin() {
    let server = TestServer::start(&[]).await;
    let (status, headers, body) = server.fetch("/docs/guide/ssr.md").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/markdown; charset=utf-8");
    assert!(body.starts_with("# Server-side rendering\n\nLoad request-time data on the server"), "{body}");
    assert_eq!(body.matches("\n# ").count(), 0, "the body's own title is not repeated");
    assert!(!body.contains("description:"), "front matter leaked");
    for route in
        server.state.content.snapshot().docs.routes(app::locale::Locale::en).into_iter().chain(["/docs".to_owned()])
    {
        let (status, headers, body) = server.fetch(&format!("{route}.md")).await;
        assert_eq!(status, 200, "{route}.md");
        assert_eq!(headers["content-type"], "text/markdown; charset=utf-8", "{route}.md");
        assert!(body.starts_with("# "), "{route}.md: {body}");
    }
    let (status, _, korean) = server.fetch("/ko/docs/guide/ssr.md").await;
    assert_eq!(status, 200);
    assert!(
        korean.starts_with("# 서버 사이드 렌더링") || korean.chars().any(|c| ('가'..='힣').contains(&c)),
        "{korean}"
    );
    let (status, _, fallback) = server.fetch("/ko/docs/guide/caching.md").await;
    assert_eq!((status, fallback.starts_with("# Caching")), (200, true), "{fallback}");
}

#[tokio::test]
async fn built_in_components_come_out_as_readable_markdown() {
    let server = TestServer::start(&[]).await;
    server.state.stars.current().await;
    let (status, _, body) = server.fetch("/docs/markdown.md").await;
    assert_eq!(status, 200);
    // The live components become plain Markdown...
    assert!(body.contains("\n> **Warning: Mind the cache**\n>\n"), "callout as a blockquote");
    assert!(body.contains("\n### Development\n") || body.contains("\n#### Development\n"), "tab as a heading");
    assert!(body.contains("```text\ncontent/\n  en/\n    _meta.json\n"), "file tree as a code block");
    assert!(body.contains("leptra-rs/leptra has ") && body.contains(" stars on GitHub."), "stars with their value");
    assert!(!body.contains('\u{E001}'), "a placeholder leaked");
    // ...while the examples of their source, inside code blocks, stay as written.
    assert!(body.contains("```md\n:::callout tip\n"), "source examples are kept");
    let outside_code: Vec<&str> = body
        .split("```")
        .step_by(2)
        .flat_map(str::lines)
        .filter(|line| line.starts_with(":::") || line.starts_with("::stars"))
        .collect();
    assert!(outside_code.is_empty(), "directives left outside code: {outside_code:?}");
}

#[tokio::test]
async fn unknown_markdown_pages_are_404() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/nope.md", "/ko/docs/nope.md", "/docs/guide/ssr/extra.md", "/docs/guide.md/x.md"] {
        let (status, headers, body) = server.fetch(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8", "{path}");
        assert!(body.contains("no docs page"), "{path}: {body}");
    }
    // Other `.md` paths are the site's ordinary 404 page.
    assert_eq!(server.fetch("/README.md").await.0, 404);
}

#[tokio::test]
async fn llms_txt_lists_every_page_by_section_in_each_locale() {
    let server = TestServer::start(&[]).await;
    let site = server.config.site_url.clone();
    let (status, headers, body) = server.fetch("/llms.txt").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert!(body.starts_with("# Leptra\n\n> "), "{body}");
    assert!(body.contains("\n## Guides\n"), "sections follow the sidebar's separators: {body}");
    let ssr = format!("- [Server-side rendering]({site}/docs/guide/ssr.md): Load request-time data");
    assert!(body.contains(&ssr), "{body}");
    let docs = server.state.content.snapshot().docs.clone();
    let mut last = 0;
    for route in docs.routes(app::locale::Locale::en) {
        let link = format!("]({site}{route}.md)");
        let at = body.find(&link).unwrap_or_else(|| panic!("{route} missing from llms.txt"));
        assert!(at >= last, "{route} is out of sidebar order");
        last = at;
    }
    let (status, _, korean) = server.fetch("/ko/llms.txt").await;
    assert_eq!(status, 200);
    assert!(korean.contains(&format!("]({site}/ko/docs/guide/ssr.md)")), "{korean}");
    assert!(korean.contains(&format!("{site}/ko/llms-full.txt")), "{korean}");
}

#[tokio::test]
async fn llms_full_txt_holds_every_page_in_sidebar_order() {
    let server = TestServer::start(&[]).await;
    server.state.stars.current().await;
    let (status, _, full) = server.fetch("/llms-full.txt").await;
    assert_eq!(status, 200);
    let docs = server.state.content.snapshot().docs.clone();
    let mut last = 0;
    for route in docs.routes(app::locale::Locale::en) {
        let (_, _, page) = server.fetch(&format!("{route}.md")).await;
        let at = full.find(&page).unwrap_or_else(|| panic!("{route} is not in llms-full.txt whole"));
        assert!(at >= last, "{route} is out of order");
        last = at;
    }
    assert_eq!(server.fetch("/ko/llms-full.txt").await.0, 200);
    assert_eq!(server.fetch("/fr/llms.txt").await.0, 404);
}

#[tokio::test]
async fn the_copy_page_function_returns_the_markdown_twin() {
    let server = TestServer::start(&[]).await;
    let (_, _, markdown) = server.fetch("/docs/guide/ssr.md").await;
    let (status, _, json) = server.fetch("/api/get_page_markdown?locale=en&slug=guide%2Fssr").await;
    assert_eq!(status, 200);
    let copied: String = serde_json::from_str(&json).expect("a JSON string");
    assert_eq!(copied, markdown);
    let (status, _, _) = server.fetch("/api/get_page_markdown?locale=en&slug=nope").await;
    assert_eq!(status, 404);
}
