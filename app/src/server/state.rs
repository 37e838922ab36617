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
}

/// The services, from context; an internal error if the server forgot them.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::Internal("server state is missing".into()))
}

/// Sets the status and caching headers of the current response for `result`.
///
/// Successful answers get `cache_control`; errors get their status, their
/// own `Cache-Control` and, for rate limits, `Retry-After`.
pub fn set_response_for<T>(result: &Result<T, AppError>, cache_control: &HeaderValue) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    match result {
        Ok(_) => response.insert_header(header::CACHE_CONTROL, cache_control.clone()),
        Err(err) => {
            response.set_status(err.status_code());
            response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static(err.cache_control()));
            if let Some(secs) = err.retry_after() {
                response.insert_header(header::RETRY_AFTER, HeaderValue::from(secs));
            }
        }
    }
}
