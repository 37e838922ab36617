//! `get_navbar`: the navbar entries the docs' root `_meta.json` adds (tabs,
//! links and menus), for the docs being read at `route`.

use leptos::prelude::*;

use crate::{docs::model::NavbarItem, error::AppError, locale::Locale};

/// The navbar entries of `locale`'s docs.
#[server(prefix = "/api", endpoint = "get_navbar", input = server_fn::codec::GetUrl, output = crate::json::Json)]
pub async fn get_navbar(locale: Locale, route: String) -> Result<Vec<NavbarItem>, AppError> {
    use crate::server::{
        docs::{docs_cache_control, request_content},
        state::set_response_for,
    };

    let content = request_content()?;
    let version = content.version_at(locale, &route);
    let result = Ok(content.docs_of(version).navbar(locale));
    set_response_for(&result, &docs_cache_control());
    result
}
