//! `get_sidebar_folder`: the entries of one closed sidebar group, on demand.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale};

/// The entries of the group at `path` (e.g. `/docs/guide`) in `locale`, as
/// the HTML of their list (`docs::html::folder_html`), subgroups closed.
#[server(prefix = "/api", endpoint = "get_sidebar_folder", input = server_fn::codec::GetUrl, output = server_fn::codec::Json, client = crate::static_export::StaticClient)]
pub async fn get_sidebar_folder(locale: Locale, path: String) -> Result<String, AppError> {
    use crate::server::{
        docs::{docs_cache_control, request_content},
        state::set_response_for,
    };

    let content = request_content()?;
    let version = content.version_at(locale, &path);
    let result = content
        .docs_of(version)
        .sidebar_folder(locale, &path)
        .map(|items| crate::docs::html::folder_html(&items, locale));
    set_response_for(&result, &docs_cache_control());
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["locale", "path"]);
    result
}
