//! The docs chrome, and what the built-ins of a page's body do in the browser.

pub mod behaviour;
mod page_actions;
mod page_nav;
mod sidebar;
mod toc;

pub use page_actions::PageActions;
pub use page_nav::{Breadcrumb, Pagination};
pub use sidebar::Sidebar;
pub use toc::Toc;

/// The locale of the docs being shown, provided by the docs layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocsLocale(pub crate::locale::Locale);
