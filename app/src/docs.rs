//! The docs engine: Markdown files under `content/` turned into typed pages.
//!
//! `model` is shared by the server and the browser. Everything else reads
//! files, parses Markdown and highlights code, so it is compiled on the
//! server only (`ssr`): [`store::DocsStore`] is the entry point.

pub mod model;

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod directives;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod highlight;
#[cfg(feature = "ssr")]
pub mod html;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod meta;
#[cfg(feature = "ssr")]
pub mod nav;
#[cfg(feature = "ssr")]
pub mod problem;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod versions;
