//! Server-side programming: server functions and the services behind them.
//!
//! Each domain has a folder; server functions are one file each
//! (`<domain>/<verb_noun>.rs`) and compile on both sides (the browser gets a
//! stub that calls the server). Everything else in a domain is server-only.

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod content;
pub mod docs;
pub mod github;
#[cfg(feature = "ssr")]
pub mod keep;
#[cfg(feature = "ssr")]
pub mod revalidate;
pub mod search;
#[cfg(feature = "ssr")]
pub mod shared;
#[cfg(feature = "ssr")]
pub mod state;
