//! `get_sidebar`: the sidebar of the docs being read at a route, as HTML.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale};

/// The sidebar of `locale`'s docs as read at `route` (its version, and its
/// navbar tab if it is in one), as HTML (`docs::html::sidebar_html`): the
/// groups containing `route` open with their entries, the others loaded when
/// opened ([`super::get_sidebar_folder`]).
#[server(prefix = "/api", endpoint = "get_sidebar", input = server_fn::codec::GetUrl, output = server_fn::codec::Json, client = crate::static_export::StaticClient)]
pub async fn get_sidebar(locale: Locale, route: String) -> Result<String, AppError> {
    use crate::server::{docs::docs_cache_control, state::set_response_for};

    let result = sidebar_html_at(locale, &route);
    set_response_for(&result, &docs_cache_control());
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["locale", "route"]);
    result
}

/// The sidebar of `locale`'s docs as read at `route`, as HTML: what
/// `get_sidebar` answers, and what the server renders into every docs page.
#[cfg(feature = "ssr")]
pub fn sidebar_html_at(locale: Locale, route: &str) -> Result<String, AppError> {
    let content = crate::server::docs::request_content()?;
    let docs = content.docs_of(content.version_at(locale, route));
    Ok(crate::docs::html::sidebar_html(&docs.sidebar(locale, route), &docs.tab_routes(locale), locale, route))
}
