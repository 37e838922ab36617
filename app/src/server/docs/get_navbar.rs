//! `get_navbar`: the navbar entries the docs' root `_meta.json` adds (tabs,
//! links and menus), for the docs being read at `route`, as HTML.

use leptos::prelude::*;

use crate::{error::AppError, locale::Locale};

/// The navbar entries of `locale`'s docs as read at `route` (which marks the
/// current tab), as HTML (`docs::html::navbar_html`).
#[server(prefix = "/api", endpoint = "get_navbar", input = server_fn::codec::GetUrl, output = server_fn::codec::Json, client = crate::static_export::StaticClient)]
pub async fn get_navbar(locale: Locale, route: String) -> Result<String, AppError> {
    use crate::server::{docs::docs_cache_control, state::set_response_for};

    let result = navbar_html_at(locale, &route);
    set_response_for(&result, &docs_cache_control());
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["locale", "route"]);
    result
}

/// The navbar entries of `locale`'s docs as read at `route`, as HTML: what
/// `get_navbar` answers, and what the server renders into every page.
#[cfg(feature = "ssr")]
pub fn navbar_html_at(locale: Locale, route: &str) -> Result<String, AppError> {
    let content = crate::server::docs::request_content()?;
    let version = content.version_at(locale, route);
    Ok(crate::docs::html::navbar_html(&content.docs_of(version).navbar(locale), locale, route))
}
