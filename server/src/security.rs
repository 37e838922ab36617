//! Security headers on every response, and a Content-Security-Policy that
//! allows exactly what the site uses.
//!
//! Pages load their scripts, styles and wasm from this origin; the only
//! inline scripts are the ones Leptos writes (the hydration loader, the
//! serialized data of resources and, in development, the reload script), and
//! the only inline style is the page's stylesheet (see `app::server::styles`).
//! They are allowed by their SHA-256 hashes, computed from the page itself,
//! so a page and its policy always match, and a cached page keeps its policy
//! with it (no nonce that a cache would freeze). Nothing else may run.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use http::{header, HeaderName, HeaderValue, StatusCode};
use sha2::{Digest, Sha256};

/// Pages larger than this are not scanned; they cannot be rendered whole anyway.
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

/// What the policy depends on, decided at start-up.
#[derive(Debug, Clone)]
pub struct SecurityConfig {
    /// Served over HTTPS: send `Strict-Transport-Security`.
    pub https: bool,
    /// The WebSocket origins a development page may connect to (cargo-leptos' live reload).
    pub dev_connect: Option<String>,
}

impl SecurityConfig {
    fn page_policy(&self, script_hashes: &[String], style_hashes: &[String]) -> String {
        let scripts = with_hashes("'self' 'wasm-unsafe-eval'", script_hashes);
        let styles = with_hashes("'self'", style_hashes);
        let connect = match &self.dev_connect {
            Some(origins) => format!("'self' {origins}"),
            None => "'self'".to_owned(),
        };
        format!(
            "default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; font-src 'self'; \
             connect-src {connect}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// `sources` followed by each hash as a CSP source expression.
fn with_hashes(sources: &str, hashes: &[String]) -> String {
    let mut list = sources.to_owned();
    for hash in hashes {
        list.push_str(" 'sha256-");
        list.push_str(hash);
        list.push('\'');
    }
    list
}

/// The policy of anything that is not a page: nothing may load, nothing may frame it.
const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Gives an HTML answer its Content-Security-Policy, with a hash for each of its inline scripts.
///
/// Sits inside the page cache, so a kept page is scanned once.
pub async fn page_policy(State(config): State<SecurityConfig>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if !is_html(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The page was too large to send.").into_response();
    };
    let html = String::from_utf8_lossy(&body);
    let hash = |text: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    let scripts: Vec<String> = inline_elements(&html, "script").map(hash).collect();
    let styles: Vec<String> = inline_elements(&html, "style").map(hash).collect();
    if let Ok(value) = HeaderValue::from_str(&config.page_policy(&scripts, &styles)) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(body))
}

/// Whether `response` is a page (`text/html`).
pub(crate) fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Adds the headers every response carries, whoever made it (pages, assets, errors, overload).
pub async fn headers(State(config): State<SecurityConfig>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        PERMISSIONS_POLICY,
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    );
    if config.https {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NON_PAGE_POLICY));
    }
    response
}

/// The text of each inline `<script>` or `<style>` (`tag`) in `html`, exactly
/// as the browser hashes it; a script with `src` is not inline.
fn inline_elements<'a>(html: &'a str, tag: &'static str) -> impl Iterator<Item = &'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = find_ascii_ci(rest, &open)?;
        let after_name = &rest[start + open.len()..];
        // `<scripts>` or `<script-x>` is another element.
        if !after_name.starts_with(|c: char| c == '>' || c.is_ascii_whitespace() || c == '/') {
            rest = after_name;
            continue;
        }
        let tag_end = after_name.find('>')?;
        let attributes = &after_name[..tag_end];
        let content = &after_name[tag_end + 1..];
        let end = find_ascii_ci(content, &close)?;
        rest = &content[end..];
        if !has_src(attributes) {
            return Some(&content[..end]);
        }
    })
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|attribute| attribute.split('=').next().is_some_and(|name| name.eq_ignore_ascii_case("src")))
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_and_skips_external_ones() {
        let html = r#"<head><script type="module">boot()</script><script src="/x.js"></script>
            <SCRIPT>a<b</SCRIPT><scripts>no</scripts><script
            id="data">{"k":1}</script></head>"#;
        assert_eq!(inline_elements(html, "script").collect::<Vec<_>>(), ["boot()", "a<b", r#"{"k":1}"#]);
    }

    #[test]
    fn finds_inline_styles() {
        let html = "<head><style>a{b:c}</style><stylesheet>no</stylesheet><STYLE media=\"print\">x</STYLE></head>";
        assert_eq!(inline_elements(html, "style").collect::<Vec<_>>(), ["a{b:c}", "x"]);
    }

    #[test]
    fn an_unclosed_script_is_not_hashed() {
        assert_eq!(inline_elements("<script>never closed", "script").count(), 0);
        assert_eq!(inline_elements("<script", "script").count(), 0);
    }

    #[test]
    fn the_page_policy_lists_each_hash_and_forbids_framing_and_plugins() {
        let config = SecurityConfig { https: false, dev_connect: None };
        let policy = config.page_policy(&["abc=".to_owned()], &["def=".to_owned()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"), "{policy}");
        assert!(policy.contains("style-src 'self' 'sha256-def='"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }

    #[test]
    fn a_hash_is_the_base64_sha256_of_the_script_text() {
        // The value browsers report for `alert(1)`.
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"alert(1)"));
        assert_eq!(hash, "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }
}
