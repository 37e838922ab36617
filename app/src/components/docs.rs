//! The docs chrome and the built-in components that Markdown renders into.

mod blocks;
mod code;
mod page_actions;
mod page_nav;
mod sidebar;
mod stars;
mod tabs;
mod toc;

pub use blocks::Blocks;
pub use page_actions::PageActions;
pub use page_nav::{Breadcrumb, Pagination};
pub use sidebar::Sidebar;
pub use tabs::{provide_tab_ids, TabChoices};
pub use toc::Toc;

/// The locale of the docs being shown, provided by the docs layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocsLocale(pub crate::locale::Locale);
