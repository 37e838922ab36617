//! `sitemap.xml` and `robots.txt`, generated from the content tree.

use axum::{extract::State, response::IntoResponse};
use http::{header, HeaderValue};

use crate::ServerState;

/// Every listed docs page of every locale, plus the site's own pages.
pub(crate) async fn sitemap(State(state): State<ServerState>) -> impl IntoResponse {
    let content = state.app.content.snapshot();
    let docs = &content.docs;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut routes = vec!["/".to_owned(), "/repos".to_owned()];
    for locale in docs.locales() {
        routes.extend(docs.routes(&locale));
    }
    for route in routes {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&format!("{}{route}", state.site_url))));
    }
    xml.push_str("</urlset>\n");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        xml,
    )
}

/// Allows everything and points at the sitemap.
pub(crate) async fn robots(State(state): State<ServerState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", state.site_url),
    )
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
