//! The server-side services every request can reach, provided as Leptos context.

use http::{header, HeaderValue};
use leptos::prelude::*;

use super::content::LiveContent;
use super::github::{cache::ReposService, stars::StarsService};
use crate::error::AppError;

/// Services shared by all requests; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Users' repositories, cached.
    pub repos: ReposService,
    /// The stars figure for the docs.
    pub stars: StarsService,
    /// The docs and their search index, replaced together when the content changes.
    pub content: LiveContent,
    /// `Cache-Control` for successful user pages and repository JSON.
    pub repos_cache_control: HeaderValue,
    /// The public origin (`LEPTRA_SITE_URL`), for absolute URLs in pages.
    pub site_url: String,
    /// `Cache-Control` for docs pages and their JSON (`LEPTRA_DOCS_CACHE_CONTROL`).
    pub docs_cache_control: HeaderValue,
    /// Whether pages carry the stylesheet inside them instead of linking it (`LEPTRA_INLINE_CSS`).
    pub inline_css: bool,
    /// Set while the exporter renders the site as static files (`server export`).
    pub export: Option<crate::static_export::StaticExport>,
}

/// The services, from context; an internal error if the server forgot them.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::Internal("server state is missing".into()))
}

/// Sets the status and caching headers of the current response for `result`.
///
/// Successful answers get `cache_control`; errors are answered as
/// [`answer_error`] says.
pub fn set_response_for<T>(result: &Result<T, AppError>, cache_control: &HeaderValue) {
    match result {
        Ok(_) => {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.insert_header(header::CACHE_CONTROL, cache_control.clone());
            }
        }
        Err(err) => answer_error(err),
    }
}

/// Answers the current request (a page or a server function) with `err`'s
/// status and headers, as [`AppError::response_parts`] decides them.
pub fn answer_error(err: &AppError) {
    answer_with(err.response_parts());
}

/// Answers the current request with an older copy of its data, shown because
/// upstream failed, as [`AppError::stale_response_parts`] decides.
pub fn answer_stale() {
    answer_with(AppError::stale_response_parts());
}

fn answer_with((status, headers): (http::StatusCode, http::HeaderMap)) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    response.set_status(status);
    for (name, value) in &headers {
        response.insert_header(name.clone(), value.clone());
    }
}
