//! `sitemap.xml` and `robots.txt`, generated from the content tree.

use axum::{
    extract::State,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue};

use crate::ServerState;

/// Every listed docs page of every locale, plus the site's own pages: the
/// pages that are their own canonical URL. Search results and error pages are
/// `noindex` and never listed; a locale's fallback copy of an English page
/// names the English page as canonical, so only that one is listed.
pub(crate) async fn sitemap(State(state): State<ServerState>) -> Response {
    let content = state.app.content.snapshot();
    let docs = &content.docs;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut routes = vec!["/".to_owned(), "/ko".to_owned(), "/repos".to_owned()];
    for locale in docs.locales() {
        let base = app::docs::model::docs_base(locale);
        routes.extend(docs.routes(locale).into_iter().filter(|route| {
            let slug = route.strip_prefix(&base).unwrap_or_default();
            docs.page(locale, slug).is_ok_and(|page| !page.fallback)
        }));
    }
    // Older versions only when `versions.json` lets search engines index them.
    for older in content.versions.older.iter().filter(|v| v.index) {
        for locale in older.docs.locales() {
            let base = older.docs.base(locale);
            routes.extend(older.docs.routes(locale).into_iter().filter(|route| {
                let slug = route.strip_prefix(&base).unwrap_or_default();
                older.docs.page(locale, slug).is_ok_and(|page| !page.fallback)
            }));
        }
    }
    for route in routes {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&format!("{}{route}", state.app.site_url))));
    }
    xml.push_str("</urlset>\n");
    content_answer(
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        xml,
    )
}

/// Allows every page and points at the sitemap. Only `/api/` (server
/// functions and the JSON API, not pages) is disallowed: pages that must not
/// be indexed say `noindex` themselves, which crawlers can only read if they
/// may fetch them.
pub(crate) async fn robots(State(state): State<ServerState>) -> Response {
    content_answer(
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        format!("User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n", state.app.site_url),
    )
}

/// An answer rendered from the content alone, which the page cache keeps (`app::server::keep`).
fn content_answer(headers: [(header::HeaderName, HeaderValue); 2], body: String) -> Response {
    let mut response = (headers, body).into_response();
    app::server::keep::mark(response.headers_mut(), app::server::keep::Kind::Content, &[]);
    response
}

/// Escapes text for the sitemap's XML.
fn escape_xml(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(text)
}
