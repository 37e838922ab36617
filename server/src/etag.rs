//! `ETag`s on every page and JSON answer, and `304 Not Modified` for a
//! request whose `If-None-Match` still matches.
//!
//! [`tag`] sits inside the page cache, so a kept page is hashed once and keeps
//! its tag (the cache tags what it keeps that has none, such as `llms.txt`);
//! [`not_modified`] sits outside it and answers revalidations from browsers
//! and CDNs without a body. Tags are weak (`W/"…"`) and name the content
//! before compression; a kept answer's encoded variants add their coding to
//! it (`W/"…-br"`, see `encoding`), while an answer compressed per request
//! keeps the one tag in every coding.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use http::{header, HeaderValue, Method, StatusCode};
use sha2::{Digest, Sha256};

/// Answers larger than this are not tagged (a page is at most a few MB).
const MAX_TAGGED_BYTES: usize = 16 * 1024 * 1024;

/// Gives an HTML or JSON answer without an `ETag` one, from a hash of its body.
pub async fn tag(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.headers().contains_key(header::ETAG) || !is_taggable(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_TAGGED_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The answer was too large to send.").into_response();
    };
    if let Ok(value) = HeaderValue::from_str(&etag_of(&body)) {
        parts.headers.insert(header::ETAG, value);
    }
    Response::from_parts(parts, Body::from(body))
}

/// Answers `304 Not Modified`, without a body, when a GET's `If-None-Match`
/// names the answer's current `ETag`.
pub async fn not_modified(req: Request, next: Next) -> Response {
    let conditional = matches!(*req.method(), Method::GET | Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .flatten();
    let response = next.run(req).await;
    let Some(if_none_match) = conditional else { return response };
    let Some(etag) = response.headers().get(header::ETAG).and_then(|v| v.to_str().ok()) else { return response };
    if response.status() != StatusCode::OK || !matches_any(&if_none_match, etag) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.status = StatusCode::NOT_MODIFIED;
    for name in [header::CONTENT_LENGTH, header::CONTENT_TYPE, header::CONTENT_ENCODING] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::empty())
}

fn is_taggable(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"))
}

/// The weak tag of `body`: 128 bits of its SHA-256, in URL-safe base64.
pub(crate) fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("W/\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]))
}

/// Whether `If-None-Match` (`*` or a list of tags) names `etag`, by the weak comparison.
fn matches_any(if_none_match: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let current = opaque(etag);
    if_none_match.split(',').any(|candidate| candidate.trim() == "*" || opaque(candidate) == current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_weak_stable_and_differ_with_the_body() {
        let tag = etag_of(b"<p>a</p>");
        assert!(tag.starts_with("W/\"") && tag.ends_with('"'), "{tag}");
        assert_eq!(tag, etag_of(b"<p>a</p>"));
        assert_ne!(tag, etag_of(b"<p>b</p>"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_understands_lists_and_stars() {
        let tag = "W/\"abc\"";
        assert!(matches_any("W/\"abc\"", tag));
        assert!(matches_any("\"abc\"", tag));
        assert!(matches_any("\"x\", W/\"abc\"", tag));
        assert!(matches_any("*", tag));
        assert!(!matches_any("W/\"abd\"", tag));
        assert!(!matches_any("", tag));
    }
}
