//! `get_page_markdown`: one docs page as Markdown, for the "Copy page" button.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale};

/// The Markdown of the page at `slug` in `locale`, the same text as its `.md` URL.
#[server(prefix = "/api", endpoint = "get_page_markdown", input = server_fn::codec::GetUrl, output = server_fn::codec::Json, client = crate::static_export::StaticClient)]
pub async fn get_page_markdown(locale: Locale, slug: String) -> Result<String, AppError> {
    use crate::server::{
        docs::{docs_cache_control, request_content},
        state::{app_state, set_response_for},
    };

    let content = request_content()?;
    let stars = app_state()?.stars.get();
    let result = content
        .markdown(locale, &slug)
        .map(|markdown| crate::docs::export::fill_stars(&markdown, &super::stars_sentence(&stars)));
    set_response_for(&result, &docs_cache_control());
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["locale", "slug"]);
    result
}
