//! The repository data that travels from server to browser, and the username rules.
//!
//! Shared by both sides: the browser validates a username with the same
//! function the server uses, before any request is made.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One public repository, as much of it as the pages show.
///
/// Missing or null fields from GitHub fall back to empty values rather than
/// failing the whole list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Repo {
    /// GitHub's id of the repository: the same repository listed twice has the same id.
    pub id: u64,
    /// The repository name, e.g. `leptos`.
    pub name: String,
    /// Its page on GitHub.
    pub html_url: String,
    /// The owner's description, if any.
    pub description: Option<String>,
    /// The main language GitHub detected, if any.
    pub language: Option<String>,
    /// Stars (GitHub's `stargazers_count`).
    pub stars: u64,
    /// Forks (GitHub's `forks_count`).
    pub forks: u64,
    /// When the repository last changed, RFC 3339 in UTC.
    pub updated_at: String,
    /// Whether this repository is a fork.
    pub fork: bool,
    /// Whether the repository is archived (read-only).
    pub archived: bool,
}

/// Every public repository of a user, in GitHub's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRepos {
    /// The username as asked for.
    pub login: String,
    /// The repositories, in the order GitHub lists them.
    pub repos: Vec<Repo>,
    /// Set when the page cap was hit: only this many pages were fetched.
    pub capped_at_pages: Option<u32>,
    /// Set when GitHub is not answering and an older list is shown instead
    /// (stale-if-error): when that list was fetched, RFC 3339 in UTC. Absent
    /// from fresh answers, so data written before it existed still reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// A repository's star count, computed ahead of time and refreshed now and then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoStars {
    /// `owner/name`.
    pub full_name: String,
    /// The star count, when it could ever be fetched.
    pub stars: Option<u64>,
    /// When the repository was last pushed to (RFC 3339), when known.
    pub updated_at: Option<String>,
    /// When these figures were fetched from GitHub (RFC 3339), when ever.
    pub fetched_at: Option<String>,
}

/// The most characters GitHub allows in a username.
pub const MAX_USERNAME_LEN: usize = 39;

/// Why a name is not a GitHub username.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameProblem {
    /// Nothing was entered.
    Empty,
    /// More than [`MAX_USERNAME_LEN`] characters.
    TooLong,
    /// A character other than an ASCII letter, digit or hyphen.
    Characters,
    /// A hyphen first or last.
    EdgeHyphen,
    /// Two hyphens in a row.
    DoubleHyphen,
}

impl UsernameProblem {
    /// What is wrong, in `locale`.
    pub fn message(self, locale: crate::locale::Locale) -> String {
        match self {
            Self::Empty => crate::tr_in!(locale, username.empty),
            Self::TooLong => crate::tr_in!(locale, username.too_long),
            Self::Characters => crate::tr_in!(locale, username.characters),
            Self::EdgeHyphen => crate::tr_in!(locale, username.edge_hyphen),
            Self::DoubleHyphen => crate::tr_in!(locale, username.double_hyphen),
        }
    }
}

/// What is wrong with `name` (trimmed) as a GitHub username, if anything.
///
/// 1–39 characters; ASCII letters, digits and hyphens; no leading, trailing
/// or doubled hyphen.
pub fn username_problem(name: &str) -> Option<UsernameProblem> {
    let name = name.trim();
    if name.is_empty() {
        Some(UsernameProblem::Empty)
    } else if name.chars().count() > MAX_USERNAME_LEN {
        Some(UsernameProblem::TooLong)
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Some(UsernameProblem::Characters)
    } else if name.starts_with('-') || name.ends_with('-') {
        Some(UsernameProblem::EdgeHyphen)
    } else if name.contains("--") {
        Some(UsernameProblem::DoubleHyphen)
    } else {
        None
    }
}

/// Checks `name` against GitHub's username rules and returns it trimmed; a
/// bad name is a bad request explained in `locale`.
pub fn validate_username_in(name: &str, locale: crate::locale::Locale) -> Result<&str, AppError> {
    match username_problem(name) {
        Some(problem) => Err(AppError::BadRequest(problem.message(locale))),
        None => Ok(name.trim()),
    }
}

/// [`validate_username_in`] English, for the JSON API and server functions.
pub fn validate_username(name: &str) -> Result<&str, AppError> {
    validate_username_in(name, crate::locale::Locale::en)
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest is a native-only dev-dependency; the wasm build lints these tests without it.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_input_is_a_valid_username_or_a_bad_request(input in ".{0,60}") {
            match validate_username(&input) {
                Ok(name) => {
                    proptest::prop_assert!((1..=MAX_USERNAME_LEN).contains(&name.len()));
                    proptest::prop_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                    proptest::prop_assert!(!name.starts_with('-') && !name.ends_with('-') && !name.contains("--"));
                    proptest::prop_assert_eq!(name, input.trim());
                }
                Err(err) => proptest::prop_assert_eq!(err.status_code(), http::StatusCode::BAD_REQUEST),
            }
        }

        #[test]
        fn every_well_formed_username_is_accepted(name in "[a-zA-Z0-9]([a-zA-Z0-9]|-[a-zA-Z0-9]){0,18}") {
            proptest::prop_assert_eq!(validate_username(&name), Ok(name.as_str()));
        }
    }

    #[test]
    fn username_problems_are_explained_in_both_locales() {
        use crate::locale::Locale;
        let problem = username_problem("a--b").expect("doubled hyphen");
        assert_eq!(problem, UsernameProblem::DoubleHyphen);
        assert!(problem.message(Locale::en).contains("two hyphens"));
        assert!(problem.message(Locale::ko).contains("하이픈"));
        let err = validate_username_in("-a", Locale::ko).expect_err("leading hyphen");
        assert_eq!(err, AppError::BadRequest(UsernameProblem::EdgeHyphen.message(Locale::ko)));
    }

    #[test]
    fn accepts_names_github_accepts() {
        for name in ["a", "octocat", "Octo-Cat", "a1-b2-c3", &"x".repeat(39)] {
            assert_eq!(validate_username(name), Ok(name), "{name}");
        }
    }

    #[test]
    fn rejects_names_github_rejects() {
        let too_long = "x".repeat(40);
        for name in ["", "  ", "-octo", "octo-", "oc--to", "oc_to", "oc.to", "ö", "a b", "<script>", &too_long] {
            assert!(matches!(validate_username(name), Err(AppError::BadRequest(_))), "{name:?}");
        }
    }

    #[test]
    fn surrounding_spaces_are_ignored() {
        assert_eq!(validate_username("  octocat "), Ok("octocat"));
    }
}
