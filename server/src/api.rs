//! `GET /api/github-repos/{username}`: a user's repositories as a JSON array,
//! for outside consumers.
//!
//! Served by the same function as the `list_user_repos` server function, so
//! the data, caching and errors are identical; errors have a JSON body.

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    Json,
};
use http::{header, HeaderValue};

use app::server::{github::load_user_repos, state::AppState};

/// Answers with the repositories, or `{"error": {"status", "message"}}`.
pub(crate) async fn github_repos(Path(username): Path<String>, State(state): State<AppState>) -> Response {
    match load_user_repos(&state, &username).await {
        Ok(data) => ([(header::CACHE_CONTROL, state.repos_cache_control.clone())], Json(data.repos)).into_response(),
        Err(err) => {
            let status = err.status_code();
            let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": err.to_string() } });
            let mut response = (status, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Some(secs) = err.retry_after() {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            response
        }
    }
}
