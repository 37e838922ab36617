//! `get_doc_page`: one docs page as the browser shows it, as JSON, with the
//! live stars figure in its body when the page shows it.

use leptos::prelude::*;

use crate::{docs::model::PageView, error::AppError, locale::Locale};

/// The page at `slug` (`""` for the root, `guide/ssr`, `0.1/guide/ssr` in
/// an older version) in `locale`, its chrome rendered (`docs::html::page_view`).
#[server(prefix = "/api", endpoint = "get_doc_page", input = server_fn::codec::GetUrl, output = crate::json::Json)]
pub async fn get_doc_page(locale: Locale, slug: String) -> Result<PageView, AppError> {
    use crate::server::{
        docs::{docs_cache_control, request_content},
        state::set_response_for,
    };

    let content = request_content()?;
    let state = crate::server::state::app_state()?;
    let mut result = content.page(locale, &slug);
    if let Ok(page) = &mut result {
        if page.body.contains(crate::docs::html::STARS_SLOT) {
            let stars = state.stars.current().await;
            page.body = crate::docs::html::fill_stars(&page.body, &stars, locale);
        }
    }
    let result = result.map(|page| crate::docs::html::page_view(page, locale, &state.site_url));
    set_response_for(&result, &docs_cache_control());
    result
}

/// The version switcher of the docs page at `route` in `locale`, as HTML: what
/// the server renders above the sidebar; empty with one version, or where
/// there is no page. Client navigation brings it in [`PageView::switcher`].
#[cfg(feature = "ssr")]
pub fn switcher_html_at(locale: Locale, route: &str) -> String {
    let Ok(content) = crate::server::docs::request_content() else { return String::new() };
    let slug = crate::docs::model::docs_slug(locale, route);
    content
        .versions_of(locale, slug)
        .map(|versions| crate::docs::html::version_switch(&versions, locale))
        .unwrap_or_default()
}
