//! The docs chrome, and what the built-ins of a page's body do in the browser.

pub mod behaviour;
mod sidebar;

pub use sidebar::Sidebar;

/// The locale of the docs being shown, provided by the docs layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocsLocale(pub crate::locale::Locale);
