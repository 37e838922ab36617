//! Docs data for the browser: one page at a time, and the sidebar.
//!
//! Pages are rendered from Markdown at start-up (and again when their file
//! changes, if the content is watched); these functions only look them up, so
//! client navigation fetches one small JSON document.

pub mod get_doc_page;
mod get_navbar;
mod get_page_markdown;
mod get_sidebar;
mod get_sidebar_folder;
#[cfg(feature = "ssr")]
mod snapshot;

pub use get_doc_page::{get_doc_page, GetDocPage};
#[cfg(feature = "ssr")]
pub use get_navbar::navbar_html_at;
pub use get_navbar::{get_navbar, GetNavbar};
pub use get_page_markdown::{get_page_markdown, GetPageMarkdown};
#[cfg(feature = "ssr")]
pub use get_sidebar::sidebar_html_at;
pub use get_sidebar::{get_sidebar, GetSidebar};
pub use get_sidebar_folder::{get_sidebar_folder, GetSidebarFolder};
#[cfg(feature = "ssr")]
pub use snapshot::{docs_cache_control, request_content};

#[cfg(feature = "ssr")]
/// The stars figure as the sentence a page's Markdown shows in its place
/// (see [`crate::docs::export::fill_stars`]).
pub fn stars_sentence(stars: &super::github::model::RepoStars) -> String {
    match stars.stars {
        Some(count) => format!("{} has {count} stars on GitHub.", stars.full_name),
        None => format!("The star count of {} is not available right now.", stars.full_name),
    }
}
