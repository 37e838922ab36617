//! `GET /api/github-repos/{username}`: a user's repositories as a JSON array,
//! for outside consumers.
//!
//! Served by the same function as the `list_user_repos` server function, so
//! the data, caching and errors are identical; errors have a JSON body. When
//! GitHub is not answering and an older list is shown (stale-if-error), each
//! repository carries `as_of`, the time that list was fetched: the answer
//! stays an array, and readers that do not know the field still read it.

use axum::{
    body::{to_bytes, Body},
    extract::{Path, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use http::{header, StatusCode};

use app::{
    error::AppError,
    server::{
        github::{load_user_repos, model::Repo},
        state::AppState,
    },
};

/// Server-function errors larger than this are not read back (theirs are a few hundred bytes).
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Answers with the repositories, or `{"error": {"status", "message"}}`.
pub(crate) async fn github_repos(Path(username): Path<String>, State(state): State<AppState>) -> Response {
    let mut response = repos_answer(&state, &username).await;
    if response.status().is_success() {
        app::server::keep::mark(response.headers_mut(), app::server::keep::Kind::Data, &[]);
    }
    response
}

/// The answer to [`github_repos`].
async fn repos_answer(state: &AppState, username: &str) -> Response {
    match load_user_repos(state, username).await {
        Ok(data) => match &data.as_of {
            None => ([(header::CACHE_CONTROL, state.repos_cache_control.clone())], Json(data.repos)).into_response(),
            Some(as_of) => {
                let (status, headers) = AppError::stale_response_parts();
                let repos: Vec<StaleRepo<'_>> = data.repos.iter().map(|repo| StaleRepo { repo, as_of }).collect();
                (status, headers, Json(repos)).into_response()
            }
        },
        Err(err) => {
            let (status, headers) = err.response_parts();
            let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": err.to_string() } });
            (status, headers, Json(body)).into_response()
        }
    }
}

/// A repository of a list shown because GitHub is not answering, with the
/// time the list was fetched.
#[derive(serde::Serialize)]
struct StaleRepo<'a> {
    #[serde(flatten)]
    repo: &'a Repo,
    as_of: &'a str,
}

/// Gives a server function's error its own status.
///
/// A server function that runs sets its status itself, but one whose
/// arguments cannot even be read (missing, malformed) fails inside Leptos,
/// which always answers 500. The body is the [`AppError`] either way, so its
/// status is taken from there: a bad argument is a `400`, not a server fault.
pub(crate) async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/api/github-repos/");
    let response = next.run(req).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The answer could not be read.").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        let (status, headers) = error.response_parts();
        parts.status = status;
        parts.headers.extend(headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}
