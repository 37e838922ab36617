//! The chrome shared by every page: navbar, footer, error pages and notices.

pub mod docs;
mod error_page;
mod footer;
mod locale_switch;
mod navbar;
mod route_announcer;
pub mod search_box;
pub mod server_html;
pub mod site_chrome;
mod stale_notice;

pub use error_page::{ErrorPage, NotFound};
pub use footer::Footer;
pub use locale_switch::{sync_with_url, LocaleSwitch};
pub use navbar::Navbar;
pub use route_announcer::{MainContent, RouteAnnouncer, SkipLink, MAIN_ID};
pub use stale_notice::StaleNotice;
