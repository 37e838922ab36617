//! The docs engine: Markdown files under `content/` turned into typed pages.
//!
//! `model` is shared by the server and the browser. Everything else reads
//! files, parses Markdown and highlights code, so it is compiled on the
//! server only (`ssr`).

pub mod model;
