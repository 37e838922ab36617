//! `search_docs`: the best sections for a query, with highlighted snippets.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale, search::model::SearchResults};

/// Searches `locale`'s docs for `query`, in the older `version` when one is
/// given (an unknown one is a 404); bad input gets a notice, never an error.
#[server(prefix = "/api", endpoint = "search_docs", input = server_fn::codec::GetUrl)]
pub async fn search_docs(
    locale: Locale,
    query: String,
    limit: usize,
    version: Option<String>,
) -> Result<SearchResults, AppError> {
    let content = crate::server::docs::request_content()?;
    let limit = limit.clamp(1, 50);
    let mut results = match version.as_deref().filter(|v| !v.is_empty()) {
        Some(id) => {
            let older = content.older(id).ok_or_else(|| {
                AppError::NotFound(format!("There is no docs version {:?}.", id.chars().take(32).collect::<String>()))
            })?;
            let mut results = older.search.search(locale, &query, limit);
            results.version = Some(older.label.clone());
            results
        }
        None => content.search.search(locale, &query, limit),
    };
    if results.version.is_none() && !content.versions.older.is_empty() {
        results.version = Some(content.versions.current_label.clone());
    }
    Ok(results)
}
