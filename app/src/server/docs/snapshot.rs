//! The docs a request reads, and how long its answer may be cached.

use std::sync::Arc;

use leptos::prelude::use_context;

use crate::error::AppError;
use crate::server::content::Content;
use crate::server::state::app_state;

/// The content this request reads: the snapshot taken when it started (see
/// `server::router`), else the current one.
pub fn request_content() -> Result<Arc<Content>, AppError> {
    if let Some(content) = use_context::<Arc<Content>>() {
        return Ok(content);
    }
    Ok(app_state()?.content.snapshot())
}

/// The `Cache-Control` of docs pages and their JSON: the configured one
/// (`LEPTRA_DOCS_CACHE_CONTROL`) normally, and `no-cache` while the content is
/// watched, so that a browser never shows a page from before the author's
/// last save.
pub fn docs_cache_control() -> http::HeaderValue {
    match app_state() {
        Ok(state) if !state.content.is_watched() => state.docs_cache_control,
        _ => http::HeaderValue::from_static("no-cache"),
    }
}
