//! The chrome shared by every page: navbar, footer and error pages.

pub mod docs;
mod error_page;
mod footer;
mod navbar;
pub mod search_box;

pub use error_page::{ErrorPage, NotFound};
pub use footer::Footer;
pub use navbar::Navbar;
