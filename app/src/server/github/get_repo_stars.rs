//! `get_repo_stars`: the configured repository's stars, regenerated at most
//! every `LEPTRA_STARS_REVALIDATE_SECS`.

use leptos::prelude::*;

use super::model::RepoStars;
use crate::error::AppError;

/// The stars figure; never fails because GitHub does (the last value stays).
#[server(prefix = "/api", endpoint = "get_repo_stars", input = server_fn::codec::GetUrl, output = server_fn::codec::Json)]
pub async fn get_repo_stars() -> Result<RepoStars, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::keep::declare(crate::server::keep::Kind::Content, &[]);
    Ok(state.stars.current().await)
}
