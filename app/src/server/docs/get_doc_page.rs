//! `get_doc_page`: one docs page's content and navigation, as JSON, with
//! the live stars figure in its body when the page shows it.

use leptos::prelude::*;

use crate::{docs::model::DocPage, error::AppError, locale::Locale};

/// The page at `slug` (`""` for the root, `guide/ssr`, `0.1/guide/ssr` in
/// an older version) in `locale`.
#[server(prefix = "/api", endpoint = "get_doc_page", input = server_fn::codec::GetUrl, output = crate::json::Json)]
pub async fn get_doc_page(locale: Locale, slug: String) -> Result<DocPage, AppError> {
    use crate::server::{
        docs::{docs_cache_control, request_content},
        state::set_response_for,
    };

    let content = request_content()?;
    let mut result = content.page(locale, &slug);
    if let Ok(page) = &mut result {
        if page.body.contains(crate::docs::html::STARS_SLOT) {
            let stars = crate::server::state::app_state()?.stars.current().await;
            page.body = crate::docs::html::fill_stars(&page.body, &stars, locale);
        }
    }
    set_response_for(&result, &docs_cache_control());
    result
}
