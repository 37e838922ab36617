//! The repositories cache: fresh for a while, then served stale while one
//! background refresh revalidates it with `ETag`s.
//!
//! Built on moka's `or_try_insert_with`, which makes a cold load single-flight:
//! however many requests arrive for a user at once, GitHub sees one set of
//! page requests and every waiter gets the same answer. Errors are not cached.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use moka::future::Cache;

use super::{
    client::{GithubClient, Listing},
    model::UserRepos,
};
use crate::error::AppError;

/// How long entries live.
#[derive(Debug, Clone, Copy)]
pub struct CachePolicy {
    /// Entries younger than this are served as they are.
    pub ttl: Duration,
    /// After `ttl`, entries are served for this much longer while a refresh runs.
    pub stale: Duration,
    /// The most bytes all kept listings may take together.
    pub max_bytes: u64,
    /// With a token, stale entries are not refreshed while GitHub's remaining
    /// budget is below this many requests.
    pub rate_limit_reserve: u64,
}

/// What an entry costs beyond its repositories: the key, the `Arc`s, moka's bookkeeping.
const ENTRY_OVERHEAD_BYTES: usize = 512;

#[derive(Debug)]
struct Entry {
    listing: Listing,
    repos: Arc<UserRepos>,
    fetched_at: Instant,
}

/// Every public repository of a user, cached; cheap to clone.
#[derive(Clone)]
pub struct ReposService {
    client: GithubClient,
    cache: Cache<String, Arc<Entry>>,
    policy: CachePolicy,
    refreshing: Arc<Mutex<HashSet<String>>>,
}

impl ReposService {
    /// A service that fetches with `client` and caches by `policy`.
    pub fn new(client: GithubClient, policy: CachePolicy) -> Self {
        let cache = Cache::builder()
            .max_capacity(policy.max_bytes)
            .weigher(|key: &String, entry: &Arc<Entry>| entry.weight(key))
            .time_to_live(policy.ttl + policy.stale)
            .build();
        Self { client, cache, policy, refreshing: Arc::default() }
    }

    /// The repositories of `login` (already validated), from the cache when possible.
    pub async fn user_repos(&self, login: &str) -> Result<Arc<UserRepos>, AppError> {
        let key = login.to_ascii_lowercase();
        let cached = self
            .cache
            .entry(key.clone())
            .or_try_insert_with(async {
                let listing = self.client.user_repos(login, None).await?;
                Ok::<_, AppError>(Arc::new(entry(login, listing)))
            })
            .await
            .map_err(|err: Arc<AppError>| (*err).clone())?;
        // An entry this very call loaded is fresh whatever the TTL.
        let loaded_now = cached.is_fresh();
        let entry = cached.into_value();
        if !loaded_now && entry.fetched_at.elapsed() >= self.policy.ttl {
            if self.client.budget_below(self.policy.rate_limit_reserve) {
                tracing::debug!(%login, "GitHub's budget is low; serving stale repositories");
            } else {
                self.refresh_in_background(key, entry.clone());
            }
        }
        Ok(entry.repos.clone())
    }

    /// Revalidates a stale entry once, however many requests notice it is stale.
    fn refresh_in_background(&self, key: String, stale: Arc<Entry>) {
        {
            let Ok(mut refreshing) = self.refreshing.lock() else { return };
            if !refreshing.insert(key.clone()) {
                return;
            }
        }
        let this = self.clone();
        tokio::spawn(async move {
            let login = stale.repos.login.clone();
            match this.client.user_repos(&login, Some(&stale.listing)).await {
                Ok(listing) => this.cache.insert(key.clone(), Arc::new(entry(&login, listing))).await,
                Err(err) => tracing::warn!(%login, error = %err, "refresh failed; serving stale repositories"),
            }
            if let Ok(mut refreshing) = this.refreshing.lock() {
                refreshing.remove(&key);
            }
        });
    }
}

impl Entry {
    /// The bytes this entry holds: its repositories twice (the listing's pages
    /// and the list served), their text, and the key.
    fn weight(&self, key: &str) -> u32 {
        let repos: usize = self.repos.repos.iter().map(repo_bytes).sum();
        u32::try_from(key.len() + 2 * repos + ENTRY_OVERHEAD_BYTES).unwrap_or(u32::MAX)
    }
}

fn repo_bytes(repo: &super::model::Repo) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    std::mem::size_of::<super::model::Repo>()
        + repo.name.len()
        + repo.html_url.len()
        + text(&repo.description)
        + text(&repo.language)
        + repo.updated_at.len()
}

fn entry(login: &str, listing: Listing) -> Entry {
    let repos = Arc::new(UserRepos {
        login: login.to_owned(),
        repos: listing.repos(),
        capped_at_pages: listing.capped_at_pages,
    });
    Entry { listing, repos, fetched_at: Instant::now() }
}
