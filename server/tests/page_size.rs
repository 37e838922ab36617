//! Each byte of a page once: a docs page's data for hydration leaves out the
//! HTML the document already shows, the stylesheet is a file of its own, and
//! the page fits its byte budget as a browser receives it.

#[path = "support/harness.rs"]
mod harness;

use std::io::Read as _;

use harness::{resource_data, TestServer};

/// The budgets of `/docs/guide/ssr`, the longest guide: HTML, and brotli as sent.
const MAX_HTML_BYTES: usize = 100 * 1024;
const MAX_BROTLI_BYTES: usize = 18 * 1024;

/// The text of the first element of `html` that opens with `open`, up to `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let rest = &html[start..];
    let start = rest.find('>').expect("the tag ends") + 1;
    &rest[start..start + rest[start..].find(close).expect("the element closes")]
}

/// Runs of plain text (letters, digits, spaces, commas, full stops) of at least
/// 40 characters in `html`'s paragraphs: text that JSON would not escape.
fn plain_sentences(html: &str) -> Vec<&str> {
    html.split("<p>")
        .skip(1)
        .filter_map(|paragraph| paragraph.split(['<', '"', '\'', '&', '\\']).next())
        .filter(|text| text.len() >= 40 && text.chars().all(|c| c.is_alphanumeric() || " ,.".contains(c)))
        .collect()
}

#[tokio::test]
async fn a_docs_page_carries_its_body_once_and_fits_its_budget() {
    let server = TestServer::start(&[]).await;
    for path in ["/docs/guide/ssr", "/ko/docs/guide/ssr", "/docs/markdown"] {
        let (status, _, html) = server.fetch(path).await;
        assert_eq!(status, 200, "{path}");
        let body = between(&html, "class=\"docs-body\"", "class=\"article-end\"");
        let sentences = plain_sentences(body);
        assert!(sentences.len() >= 3, "{path}: too few plain sentences to check: {sentences:?}");
        for sentence in sentences {
            // As often as the body shows it (an example may repeat a sentence), and no more.
            let shown = body.matches(sentence).count();
            assert_eq!(html.matches(sentence).count(), shown, "{path} carries {sentence:?} outside its body");
        }
        // The data for hydration holds what the HTML does not show as it is.
        let data = resource_data(&html);
        let page = &data.iter().find(|value| value.get("Ok").is_some()).expect("the page's resource")["Ok"];
        assert_eq!(page["title"].as_str().map(str::is_empty), Some(false), "{path}: {page}");
        for markup in ["body", "head", "foot", "toc", "switcher", "structured_data"] {
            assert_eq!(page[markup], "", "{path}: the data repeats the {markup}");
        }
    }
    // Client navigation still gets the whole page in its JSON.
    let (_, _, json) = server.fetch("/api/get_doc_page?locale=en&slug=guide/ssr").await;
    let page: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(page["body"].as_str().is_some_and(|body| body.len() > 10_000), "the JSON has the body");
}

#[tokio::test]
async fn the_longest_guide_is_at_most_100_kb_of_html_and_18_kb_as_sent() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/docs/guide/ssr").await;
    let html = response.bytes().await.expect("body");
    assert!(html.len() <= MAX_HTML_BYTES, "/docs/guide/ssr is {} bytes of HTML", html.len());
    let brotli = server
        .http
        .get(server.url("/docs/guide/ssr"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("answered")
        .bytes()
        .await
        .expect("body");
    assert!(brotli.len() <= MAX_BROTLI_BYTES, "/docs/guide/ssr is {} bytes with brotli", brotli.len());
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&brotli[..], 4096).read_to_end(&mut decoded).expect("brotli");
    assert!(decoded == html, "the brotli bytes are the page");
    println!("/docs/guide/ssr: {} bytes of HTML, {} with brotli", html.len(), brotli.len());
}
