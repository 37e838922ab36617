//! `get_sidebar`: the sidebar of a locale, with the groups around one page expanded.

use leptos::prelude::*;

use crate::{docs::model::SidebarItem, error::AppError};

/// The sidebar for `locale`; groups containing `route` come with their entries,
/// the others are loaded when opened ([`super::get_sidebar_folder`]).
#[server(prefix = "/api", endpoint = "get_sidebar", input = server_fn::codec::GetUrl)]
pub async fn get_sidebar(locale: String, route: String) -> Result<Vec<SidebarItem>, AppError> {
    let content = crate::server::content::request_content()?;
    let version = content.version_at(&locale, &route);
    Ok(content.docs_of(version).sidebar(&locale, &route))
}
