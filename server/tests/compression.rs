//! Answers compressed once: every kept answer is stored in brotli, gzip and
//! identity, each sent as stored with its own `Content-Encoding`, `ETag` and
//! `Vary`, and a second request does no compression work.

#[path = "support/harness.rs"]
mod harness;

use std::io::Read as _;

use harness::TestServer;
use reqwest::header::HeaderMap;

/// Every kind of answer the server keeps and sends many times.
const KEPT: &[&str] = &[
    "/docs/guide/ssr",
    "/ko/docs/guide/ssr",
    "/docs/guide/ssr.md",
    "/llms.txt",
    "/ko/llms-full.txt",
    "/sitemap.xml",
    "/robots.txt",
    "/api/get_doc_page?locale=en&slug=guide/ssr",
    "/api/get_repo_stars",
    "/user/octocat",
    "/ko/user/octocat?sort=stars",
    "/api/list_user_repos?username=octocat",
    "/api/github-repos/octocat",
];

/// The browsers' header, and what each coding is asked for with.
const CODINGS: &[(&str, &str)] = &[("br", "gzip, deflate, br, zstd"), ("gzip", "gzip, deflate"), ("", "zstd")];

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().expect("ascii"))
}

fn decode(coding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "br" => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut out).map(|_| ()),
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map(|_| ()),
        _ => {
            out.extend_from_slice(bytes);
            Ok(())
        }
    }
    .expect("the body decodes");
    out
}

async fn get(server: &TestServer, path: &str, accept_encoding: &str) -> (u16, HeaderMap, Vec<u8>) {
    let response =
        server.http.get(server.url(path)).header("accept-encoding", accept_encoding).send().await.expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn each_kept_answer_is_compressed_once_and_sent_in_every_coding() {
    let server = TestServer::start(&[]).await;
    for &path in KEPT {
        let before = server.pages.compressions();
        let identity = server.get(path).await;
        assert_eq!(identity.status(), 200, "{path}");
        let identity_tag = header(identity.headers(), "etag").to_owned();
        let identity = identity.bytes().await.expect("body");
        assert_eq!(server.pages.compressions(), before + 1, "{path}: the first request compresses the answer once");
        let mut tags = vec![identity_tag.clone()];
        let mut codings_sent = vec![""];
        for &(coding, accept_encoding) in CODINGS {
            let (status, headers, bytes) = get(&server, path, accept_encoding).await;
            assert_eq!(status, 200, "{path} {coding}");
            let sent = header(&headers, "content-encoding").to_owned();
            // A coding that would not make the answer smaller is not used (gzip's header
            // alone outweighs what it saves on `robots.txt`).
            let expected = if identity.len() > 1024 || sent == coding { coding } else { "" };
            assert_eq!(sent, expected, "{path}: asked with {accept_encoding:?}");
            let vary = header(&headers, "vary").to_ascii_lowercase();
            assert!(vary.contains("accept-encoding"), "{path} {coding}: vary {vary:?}");
            assert_eq!(
                header(&headers, "content-length"),
                bytes.len().to_string(),
                "{path} {coding}: the length is the variant's"
            );
            assert!(decode(&sent, &bytes) == identity, "{path} {coding}: the bytes decode to the identity answer");
            if !sent.is_empty() {
                // Pages and JSON shrink to a fraction; `robots.txt` by a little.
                let most = if identity.len() > 1024 { identity.len() / 2 } else { identity.len() - 1 };
                assert!(bytes.len() <= most, "{path} {coding}: {} of {} bytes", bytes.len(), identity.len());
            }
            let tag = header(&headers, "etag").to_owned();
            assert!(tag.starts_with("W/\"") && tag.ends_with('"'), "{path} {coding}: etag {tag}");
            if sent.is_empty() {
                assert_eq!(tag, identity_tag, "{path}");
            } else {
                tags.push(tag.clone());
                codings_sent.push(coding);
            }
            // The variant's own tag revalidates it.
            let again = server
                .http
                .get(server.url(path))
                .header("accept-encoding", accept_encoding)
                .header("if-none-match", &tag)
                .send()
                .await
                .expect("answered");
            assert_eq!(again.status(), 304, "{path} {coding}: revalidation with the variant's tag");
            assert_eq!(header(again.headers(), "etag"), tag, "{path} {coding}");
        }
        tags.sort();
        tags.dedup();
        assert_eq!(tags.len(), codings_sent.len(), "{path}: one tag per variant: {tags:?}");
        assert!(identity.len() < 1024 || tags.len() == 3, "{path}: a page has all three variants");
        assert_eq!(server.pages.compressions(), before + 1, "{path}: later requests do no compression work");
    }
}

#[tokio::test]
async fn answers_that_are_not_kept_are_compressed_per_request() {
    let server = TestServer::start(&[]).await;
    for (path, status) in [("/search?q=hydration", 200), ("/no/such/page", 404), ("/user/broken", 502)] {
        let (got, identity_headers, identity) = get(&server, path, "identity").await;
        assert_eq!(got, status, "{path}");
        assert_eq!(header(&identity_headers, "content-encoding"), "", "{path}");
        let (got, headers, bytes) = get(&server, path, "br").await;
        assert_eq!(got, status, "{path}");
        assert_eq!(header(&headers, "content-encoding"), "br", "{path}");
        assert!(header(&headers, "vary").to_ascii_lowercase().contains("accept-encoding"), "{path}");
        let decoded = String::from_utf8(decode("br", &bytes)).expect("utf-8");
        assert!(decoded.contains("</html>"), "{path}: a whole page");
        assert!(decoded.len().abs_diff(identity.len()) < 64, "{path}: the same page");
    }
    assert_eq!(server.pages.compressions(), 0, "nothing here is kept");
}
