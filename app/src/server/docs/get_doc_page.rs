//! `get_doc_page`: one docs page as the browser shows it, as JSON, with the
//! live stars figure in its body when the page shows it.

use leptos::prelude::*;

use crate::{docs::model::PageView, error::AppError, locale::Locale};

/// The page at `slug` (`""` for the root, `guide/ssr`, `0.1/guide/ssr` in
/// an older version) in `locale`, its chrome rendered (`docs::html::page_view`).
#[server(prefix = "/api", endpoint = "get_doc_page", input = server_fn::codec::GetUrl, output = server_fn::codec::Json, client = crate::static_export::StaticClient)]
pub async fn get_doc_page(locale: Locale, slug: String) -> Result<PageView, AppError> {
    let content = crate::server::docs::request_content()?;
    let state = crate::server::state::app_state()?;
    let result = load(&state, &content, locale, &slug).await;
    respond(&result);
    result
}

/// The page at `slug` in `locale` of `content`, as [`get_doc_page`] answers it;
/// the data of the docs layout's resource on the server.
#[cfg(feature = "ssr")]
pub async fn load(
    state: &crate::server::state::AppState,
    content: &crate::server::content::Content,
    locale: Locale,
    slug: &str,
) -> Result<PageView, AppError> {
    let mut page = content.page(locale, slug)?;
    if page.body.contains(crate::docs::html::STARS_SLOT) {
        let stars = state.stars.current().await;
        page.body = crate::docs::html::fill_stars(&page.body, &stars, locale);
    }
    Ok(crate::docs::html::page_view(page, locale, &state.site_url))
}

/// Answers the request (the page, or this function's JSON) with `result`'s
/// status and `Cache-Control`.
#[cfg(feature = "ssr")]
pub fn respond(result: &Result<PageView, AppError>) {
    crate::server::state::set_response_for(result, &crate::server::docs::docs_cache_control());
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["locale", "slug"]);
}
