//! Social images through the real server: every docs page names a
//! 1200×630 PNG drawn on the server, cached, with an ETag.

#[path = "support/harness.rs"]
mod harness;

use harness::TestServer;

/// The `content` of `<meta property="{property}" …>` in `html`.
fn meta<'a>(html: &'a str, property: &str) -> Option<&'a str> {
    let at = html.find(&format!("property=\"{property}\" content=\""))? + property.len() + 21;
    Some(&html[at..at + html[at..].find('"')?])
}

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (word(16), word(20))
}

async fn image_of(server: &TestServer, page: &str) -> (String, reqwest::header::HeaderMap, Vec<u8>) {
    let (status, _, html) = server.fetch(page).await;
    assert_eq!(status, 200, "{page}");
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"), "{page}: twitter card");
    assert_eq!(meta(&html, "og:image:width"), Some("1200"));
    let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image")).replace("&amp;", "&");
    let path = url.strip_prefix(&server.config.site_url).expect("an absolute URL on this site").to_owned();
    let response = server.get(&path).await;
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    let png = response.bytes().await.expect("body").to_vec();
    (path, headers, png)
}

#[tokio::test]
async fn every_docs_page_has_its_own_social_image() {
    let server = TestServer::start(&[]).await;
    let (path, headers, ssr) = image_of(&server, "/docs/guide/ssr").await;
    assert!(path.starts_with("/og/docs/guide/ssr.png?v="), "{path}");
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(png_size(&ssr), (1200, 630));
    let (_, _, caching) = image_of(&server, "/docs/guide/caching").await;
    assert_eq!(png_size(&caching), (1200, 630));
    assert_ne!(ssr, caching, "two pages, two pictures");
    let (korean_path, _, korean) = image_of(&server, "/ko/docs/guide/ssr").await;
    assert!(korean_path.starts_with("/og/ko/docs/guide/ssr.png?v="));
    assert_ne!(korean, ssr, "the Korean page has its own picture");
    let (_, _, old) = image_of(&server, "/docs/0.1/guide/ssr").await;
    assert_eq!(png_size(&old), (1200, 630));
    // Cached: the same bytes again, revalidated by ETag.
    let etag = headers["etag"].to_str().expect("etag").to_owned();
    let again = server.get(&path).await.bytes().await.expect("body");
    assert_eq!(again.as_ref(), ssr.as_slice());
    let revalidated = server.http.get(server.url(&path)).header("if-none-match", &etag).send().await.expect("sent");
    assert_eq!(revalidated.status(), 304);
    // A stale or missing fingerprint still gets the current picture, briefly cached.
    let (status, headers, _) = server.fetch("/og/docs/guide/ssr.png").await;
    assert_eq!(status, 200);
    assert_eq!(headers["cache-control"], "public, max-age=300");
}

#[tokio::test]
async fn images_of_unknown_pages_are_404() {
    let server = TestServer::start(&[]).await;
    for path in ["/og/docs/nope.png", "/og/docs/9.9/guide.png", "/og/ko/docs/nope.png", "/og/elsewhere.png"] {
        let (status, headers, _) = server.fetch(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8", "{path}");
    }
}
