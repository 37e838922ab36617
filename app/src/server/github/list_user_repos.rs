//! `list_user_repos`: the single source of a user's repositories, for the
//! page (server render and client navigation) and the JSON API alike.

use leptos::prelude::*;

use super::model::UserRepos;
use crate::error::AppError;

/// Every public repository of `username`, in GitHub's order.
///
/// A GET with a stable URL (`/api/list_user_repos?username=…`) so that
/// responses can be cached by browsers and CDNs.
#[server(prefix = "/api", endpoint = "list_user_repos", input = server_fn::codec::GetUrl, output = server_fn::codec::Json)]
pub async fn list_user_repos(username: String) -> Result<UserRepos, AppError> {
    let state = crate::server::state::app_state()?;
    let result = fetch(&state, &username).await;
    respond(&result);
    result
}

/// Answers the request (the page, or this function's JSON) with `result`'s
/// status and `Cache-Control`: an older list shown because GitHub failed is
/// kept briefly (see [`AppError::stale_response_parts`]).
#[cfg(feature = "ssr")]
pub fn respond(result: &Result<UserRepos, AppError>) {
    crate::server::keep::declare(crate::server::keep::Kind::Data, &["username"]);
    match result {
        Ok(data) if data.as_of.is_some() => crate::server::state::answer_stale(),
        _ => {
            if let Ok(state) = crate::server::state::app_state() {
                crate::server::state::set_response_for(result, &state.repos_cache_control);
            }
        }
    }
}

/// Validates `username` (no upstream request for a bad one) and loads its repositories.
#[cfg(feature = "ssr")]
pub async fn fetch(state: &crate::server::state::AppState, username: &str) -> Result<UserRepos, AppError> {
    let login = super::model::validate_username(username)?;
    state.repos.user_repos(login).await.map(|repos| (*repos).clone())
}
