//! `search_docs`: the best sections for a query, with highlighted snippets.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale, search::model::SearchResults};

/// Searches `locale`'s docs for `query`, in the older `version` when one is
/// given (an unknown one is a 404); bad input gets a notice, never an error.
#[server(prefix = "/api", endpoint = "search_docs", input = server_fn::codec::GetUrl, output = server_fn::codec::Json)]
pub async fn search_docs(
    locale: Locale,
    query: String,
    limit: usize,
    version: Option<String>,
) -> Result<SearchResults, AppError> {
    crate::server::docs::request_content()?.search_docs(locale, &query, limit, version.as_deref())
}

/// Searches as the search box does: through [`search_docs`] on the served
/// site; on an exported site, which has no server, in the browser over the
/// export's index file ([`crate::static_export::search`]).
pub async fn find_docs(
    locale: Locale,
    query: String,
    limit: usize,
    version: Option<String>,
) -> Result<SearchResults, AppError> {
    #[cfg(not(feature = "ssr"))]
    if crate::static_export::static_export().is_some() {
        return crate::static_export::search(locale, &query, limit, version.as_deref()).await;
    }
    search_docs(locale, query, limit, version).await
}
