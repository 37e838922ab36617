//! The repositories cache: fresh for a while, then served stale while one
//! background refresh revalidates it with `ETag`s.
//!
//! Built on moka's `or_try_insert_with`, which makes a cold load single-flight:
//! however many requests arrive for a user at once, GitHub sees one set of
//! page requests and every waiter gets the same answer. Errors are not cached.
//!
//! With a shared cache (Redis) behind it, the single flight spans replicas:
//! a replica's miss reads Redis first, and only the replica holding the
//! user's lock asks GitHub (see [`SharedCache::load_once`]); a refresh does
//! the same with the `ETag`s, so three replicas cost GitHub what one does.
//! GitHub's remaining budget is shared too, so all replicas keep the reserve.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use moka::future::Cache;

use super::{
    client::{unix_now, GithubClient, Listing, RateBudget, StoredListing},
    model::UserRepos,
};
use crate::{
    error::AppError,
    server::{
        revalidate::{Age, Freshness, Refreshes},
        shared::{Kind, Shared, SharedCache},
    },
};

/// The key of GitHub's budget in the shared cache (one budget per token).
const BUDGET_KEY: &str = "github";

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
    /// How long a replica may hold a user's lock in the shared cache, and how
    /// long the others wait for its value before fetching on their own.
    pub lock_ttl: Duration,
}

impl CachePolicy {
    /// Fresh for `ttl`, then served for `stale` more while refreshed.
    pub fn freshness(&self) -> Freshness {
        Freshness { fresh_for: self.ttl, stale_for: self.stale }
    }
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
    refreshes: Refreshes<String>,
    shared: SharedCache,
}

impl ReposService {
    /// A service that fetches with `client` and caches by `policy`, sharing with
    /// other replicas through `shared`.
    pub fn new(client: GithubClient, policy: CachePolicy, shared: SharedCache) -> Self {
        let cache = Cache::builder()
            .max_capacity(policy.max_bytes)
            .weigher(|key: &String, entry: &Arc<Entry>| entry.weight(key))
            .time_to_live(policy.freshness().kept_for())
            .build();
        Self { client, cache, policy, refreshes: Refreshes::default(), shared }
    }

    /// The repositories of `login` (already validated), from the cache when possible.
    pub async fn user_repos(&self, login: &str) -> Result<Arc<UserRepos>, AppError> {
        let key = login.to_ascii_lowercase();
        let cached = self
            .cache
            .entry(key.clone())
            .or_try_insert_with(async {
                // Anything Redis still keeps is usable: a stale one is refreshed below.
                let kept = self.policy.freshness().kept_for();
                let loaded = self.load_shared(&key, kept, || self.fetch(login, None)).await?;
                Ok::<_, AppError>(Arc::new(entry(login, loaded)))
            })
            .await
            .map_err(|err: Arc<AppError>| (*err).clone())?;
        // An entry this very call loaded is fresh whatever the TTL.
        let loaded_now = cached.is_fresh();
        let entry = cached.into_value();
        if !loaded_now && self.policy.freshness().of(entry.fetched_at) != Age::Fresh {
            let shared_budget = self.shared.read::<RateBudget>(Kind::RateLimit, BUDGET_KEY).await.map(|b| b.value);
            if self.client.budget_below(self.policy.rate_limit_reserve, shared_budget) {
                tracing::debug!(%login, "GitHub's budget is low; serving stale repositories");
            } else {
                self.refresh_in_background(key, entry.clone());
            }
        }
        Ok(entry.repos.clone())
    }

    /// Revalidates a stale entry once, however many requests notice it is stale.
    fn refresh_in_background(&self, key: String, stale: Arc<Entry>) {
        let this = self.clone();
        self.refreshes.spawn(key.clone(), async move {
            let login = stale.repos.login.clone();
            // A value another replica refreshed within the TTL is taken as it is.
            let refreshed = this.load_shared(&key, this.policy.ttl, || this.fetch(&login, Some(&stale.listing))).await;
            match refreshed {
                Ok(loaded) => this.cache.insert(key, Arc::new(entry(&login, loaded))).await,
                Err(err) => tracing::warn!(%login, error = %err, "refresh failed; serving stale repositories"),
            }
        });
    }
}

impl ReposService {
    /// `login`'s listing from GitHub (revalidating `previous`), in the form the shared cache stores.
    async fn fetch(&self, login: &str, previous: Option<&Listing>) -> Result<StoredListing, AppError> {
        let result = self.client.user_repos(login, previous).await;
        if let Some(budget) = self.client.budget() {
            let until_reset = budget.reset.saturating_sub(unix_now()).clamp(1, 3600);
            let ttl = Duration::from_secs(until_reset);
            self.shared.write(Kind::RateLimit, BUDGET_KEY, &budget, Duration::ZERO, ttl).await;
        }
        result.map(|listing| listing.stored())
    }

    /// The listing under `key`, loaded once for all replicas; a stored one
    /// that cannot be a listing counts as absent and is fetched again.
    async fn load_shared<F, Fut>(&self, key: &str, max_age: Duration, fetch: F) -> Result<(Listing, Duration), AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<StoredListing, AppError>>,
    {
        let ttl = self.policy.freshness().kept_for();
        let max_pages = self.client.max_pages();
        let Shared { value, age } =
            self.shared.load_once(Kind::Repos, key, max_age, ttl, self.policy.lock_ttl, fetch).await?;
        if let Some(listing) = Listing::from_stored(value, max_pages) {
            return Ok((listing, age));
        }
        tracing::warn!(key, "ignoring an impossible listing in Redis");
        let login = key.to_owned();
        let stored = self.fetch(&login, None).await?;
        self.shared.write(Kind::Repos, key, &stored, Duration::ZERO, ttl).await;
        Listing::from_stored(stored, max_pages)
            .map(|listing| (listing, Duration::ZERO))
            .ok_or_else(|| AppError::Upstream("GitHub sent an empty listing.".into()))
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

/// An entry for `listing`, fetched `age` ago (by this replica or another).
fn entry(login: &str, (listing, age): (Listing, Duration)) -> Entry {
    let repos = Arc::new(UserRepos {
        login: login.to_owned(),
        repos: listing.repos(),
        capped_at_pages: listing.capped_at_pages,
    });
    let now = Instant::now();
    Entry { listing, repos, fetched_at: now.checked_sub(age).unwrap_or(now) }
}
