//! GitHub data: a user's public repositories and a repository's stars.

mod get_repo_stars;
pub mod list_user_repos;
pub mod model;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod stars;

pub use get_repo_stars::{get_repo_stars, GetRepoStars};
#[cfg(feature = "ssr")]
pub use list_user_repos::fetch as load_user_repos;
pub use list_user_repos::{list_user_repos, ListUserRepos};
