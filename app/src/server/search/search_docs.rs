//! `search_docs`: the best sections for a query, with highlighted snippets.

use leptos::prelude::*;

use crate::{error::AppError, search::model::SearchResults};

/// Searches `locale`'s docs for `query`; bad input gets a notice, never an error.
#[server(prefix = "/api", endpoint = "search_docs", input = server_fn::codec::GetUrl)]
pub async fn search_docs(locale: String, query: String, limit: usize) -> Result<SearchResults, AppError> {
    let content = crate::server::content::request_content()?;
    Ok(content.search.search(&locale, &query, limit.clamp(1, 50)))
}
