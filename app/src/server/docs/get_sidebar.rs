//! `get_sidebar`: the sidebar of a locale, with the groups around one page expanded.

use leptos::prelude::*;

use crate::{docs::model::SidebarData, error::AppError, locale::Locale};

/// The sidebar for `locale`; groups containing `route` come with their entries,
/// the others are loaded when opened ([`super::get_sidebar_folder`]).
#[server(prefix = "/api", endpoint = "get_sidebar", input = server_fn::codec::GetUrl, output = crate::json::Json)]
pub async fn get_sidebar(locale: Locale, route: String) -> Result<SidebarData, AppError> {
    let content = crate::server::docs::request_content()?;
    let version = content.version_at(locale, &route);
    let docs = content.docs_of(version);
    Ok(SidebarData { items: docs.sidebar(locale, &route), tabs: docs.tab_routes(locale) })
}
