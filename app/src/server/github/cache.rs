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
//!
//! A list past its stale window is revalidated before the answer, once for
//! every request that finds it so. If GitHub fails then (or when nothing is
//! cached at all), the newest list this replica or Redis still has stands in
//! for the error, up to [`CachePolicy::stale_if_error`] after it was fetched
//! (RFC 5861's stale-if-error): it carries the time it was fetched
//! ([`UserRepos::as_of`]), and GitHub is asked again once a TTL has passed,
//! as if the failed attempt had fetched it. Past that age, the error is the answer.

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
    /// How old a list may be, counted from its fetch, and still be shown when
    /// GitHub fails (stale-if-error); zero never shows one.
    pub stale_if_error: Duration,
}

impl CachePolicy {
    /// Fresh for `ttl`, then served for `stale` more while refreshed.
    pub fn freshness(&self) -> Freshness {
        Freshness { fresh_for: self.ttl, stale_for: self.stale }
    }

    /// How long a list is kept, here and in Redis: while it is served, or may
    /// stand in for an error.
    pub fn retention(&self) -> Duration {
        self.freshness().kept_for().max(self.stale_if_error)
    }
}

/// What an entry costs beyond its repositories: the key, the `Arc`s, moka's bookkeeping.
const ENTRY_OVERHEAD_BYTES: usize = 512;

#[derive(Debug)]
struct Entry {
    listing: Listing,
    repos: Arc<UserRepos>,
    /// When the list was fetched from GitHub, by this replica or another.
    fetched_at: Instant,
    /// The same, in seconds since the Unix epoch (what [`UserRepos::as_of`] says).
    fetched_unix: u64,
    /// When GitHub was last asked for it: its fetch, or a failed attempt to
    /// replace it. Its freshness counts from here.
    checked_at: Instant,
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
            .time_to_live(policy.retention())
            .build();
        Self { client, cache, policy, refreshes: Refreshes::default(), shared }
    }

    /// The repositories of `login` (already validated), from the cache when possible.
    pub async fn user_repos(&self, login: &str) -> Result<Arc<UserRepos>, AppError> {
        let key = login.to_ascii_lowercase();
        let (entry, loaded_now) = self.cached(&key, login).await?;
        // An entry this very call loaded is fresh whatever the TTL.
        if loaded_now {
            return Ok(entry.repos.clone());
        }
        match self.policy.freshness().of(entry.checked_at) {
            Age::Fresh => {}
            Age::Stale => {
                let shared_budget = self.shared.read::<RateBudget>(Kind::RateLimit, BUDGET_KEY).await.map(|b| b.value);
                if self.client.budget_below(self.policy.rate_limit_reserve, shared_budget) {
                    tracing::debug!(%login, "GitHub's budget is low; serving stale repositories");
                } else {
                    self.refresh_in_background(key, entry.clone());
                }
            }
            Age::Expired => return self.revalidate(&key, login, entry).await.map(|entry| entry.repos.clone()),
        }
        Ok(entry.repos.clone())
    }

    /// `login`'s entry, from this replica's cache or loaded (from Redis or
    /// GitHub) when it has none it may show; says whether this call loaded it.
    async fn cached(&self, key: &str, login: &str) -> Result<(Arc<Entry>, bool), AppError> {
        let load = || async {
            // Anything Redis still serves is usable: a stale one is refreshed by the caller.
            let kept = self.policy.freshness().kept_for();
            match self.load_shared(key, kept, || self.fetch(login, None)).await {
                Ok(loaded) => Ok(Arc::new(entry(login, loaded))),
                Err(err) => self.stale_copy(key, login, None, &err).await.ok_or(err),
            }
        };
        let unwrap = |err: Arc<AppError>| (*err).clone();
        let cached = self.cache.entry(key.to_owned()).or_try_insert_with(load()).await.map_err(unwrap)?;
        if cached.is_fresh() || self.may_show(cached.value()) {
            let loaded_now = cached.is_fresh();
            return Ok((cached.into_value(), loaded_now));
        }
        // A list that stood in for an error and is now too old to: as if there were none.
        self.cache.invalidate(key).await;
        let cached = self.cache.entry(key.to_owned()).or_try_insert_with(load()).await.map_err(unwrap)?;
        let loaded_now = cached.is_fresh();
        Ok((cached.into_value(), loaded_now))
    }

    /// Whether `entry` may be shown: always, unless it stands in for an error
    /// and is older than stale-if-error allows.
    fn may_show(&self, entry: &Entry) -> bool {
        entry.repos.as_of.is_none() || entry.fetched_at.elapsed() < self.policy.stale_if_error
    }

    /// Replaces `old`, expired, before answering: one request asks GitHub and
    /// those that find it expired meanwhile wait for that request's outcome.
    async fn revalidate(&self, key: &str, login: &str, mut old: Arc<Entry>) -> Result<Arc<Entry>, AppError> {
        // Twice at most: a background refresh that changed nothing is followed by one of this request's own.
        for _ in 0..2 {
            let mut outcome = None;
            self.refreshes.run(key.to_owned(), async { outcome = Some(self.replace(key, login, &old).await) }).await;
            if let Some(result) = outcome {
                return result;
            }
            // Another request revalidated meanwhile: its outcome is in the cache,
            // unless GitHub failed and nothing could stand in (then load it as new).
            match self.cache.get(key).await {
                Some(entry) if entry.checked_at > old.checked_at => return Ok(entry),
                Some(entry) => old = entry,
                None => return self.cached(key, login).await.map(|(entry, _)| entry),
            }
        }
        Ok(old)
    }

    /// Revalidates a stale entry once, however many requests notice it is stale.
    fn refresh_in_background(&self, key: String, stale: Arc<Entry>) {
        let this = self.clone();
        self.refreshes.spawn(key.clone(), async move {
            let login = stale.repos.login.clone();
            if let Err(err) = this.replace(&key, &login, &stale).await {
                tracing::warn!(%login, error = %err, "refresh failed; serving stale repositories");
            }
        });
    }

    /// Fetches `old` again (revalidating its pages) and keeps the outcome: the
    /// new list, or, if GitHub fails, the newest list that may stand in for
    /// the error. A list still within its stale window is left as it is (the
    /// next request tries again); one that nothing may replace is dropped.
    async fn replace(&self, key: &str, login: &str, old: &Arc<Entry>) -> Result<Arc<Entry>, AppError> {
        // A value another replica refreshed within the TTL is taken as it is.
        let refreshed = self.load_shared(key, self.policy.ttl, || self.fetch(login, Some(&old.listing))).await;
        let err = match refreshed {
            Ok(loaded) => {
                let new = Arc::new(entry(login, loaded));
                self.cache.insert(key.to_owned(), new.clone()).await;
                return Ok(new);
            }
            Err(err) => err,
        };
        if old.repos.as_of.is_none() && self.policy.freshness().of(old.fetched_at) != Age::Expired {
            return Err(err);
        }
        match self.stale_copy(key, login, Some(old), &err).await {
            Some(copy) => {
                self.cache.insert(key.to_owned(), copy.clone()).await;
                Ok(copy)
            }
            None => {
                self.cache.invalidate(key).await;
                Err(err)
            }
        }
    }

    /// The newest list of `login`, here (`old`) or in Redis, young enough to
    /// stand in for `err`, as an entry that says when it was fetched; none if
    /// `err` is not GitHub failing.
    async fn stale_copy(&self, key: &str, login: &str, old: Option<&Entry>, err: &AppError) -> Option<Arc<Entry>> {
        if !err.allows_stale() || self.policy.stale_if_error.is_zero() {
            return None;
        }
        let here = old.map(|entry| (entry.listing.clone(), entry.fetched_at.elapsed(), entry.fetched_unix));
        let shared = self.shared.read::<StoredListing>(Kind::Repos, key).await.and_then(|Shared { value, age }| {
            let listing = Listing::from_stored(value, self.client.max_pages())?;
            Some((listing, age, unix_now().saturating_sub(age.as_secs())))
        });
        let (listing, age, fetched_unix) = here
            .into_iter()
            .chain(shared)
            .filter(|(_, age, _)| *age < self.policy.stale_if_error)
            .min_by_key(|c| c.1)?;
        tracing::warn!(%login, error = %err, age_secs = age.as_secs(), "GitHub failed; showing an older list");
        Some(Arc::new(stand_in(login, listing, age, fetched_unix)))
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
        let ttl = self.policy.retention();
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
    let now = Instant::now();
    let fetched_at = now.checked_sub(age).unwrap_or(now);
    let fetched_unix = unix_now().saturating_sub(age.as_secs());
    Entry {
        repos: Arc::new(user_repos(login, &listing, None)),
        listing,
        fetched_at,
        fetched_unix,
        checked_at: fetched_at,
    }
}

/// An entry for `listing`, fetched `age` ago (at `fetched_unix`), standing in
/// for GitHub's failure just now: it says when it was fetched, and counts as
/// checked now.
fn stand_in(login: &str, listing: Listing, age: Duration, fetched_unix: u64) -> Entry {
    let now = Instant::now();
    let as_of = Some(crate::format::rfc3339_from_unix(fetched_unix));
    let repos = Arc::new(user_repos(login, &listing, as_of));
    Entry { repos, listing, fetched_at: now.checked_sub(age).unwrap_or(now), fetched_unix, checked_at: now }
}

/// What the pages show of `listing`.
fn user_repos(login: &str, listing: &Listing, as_of: Option<String>) -> UserRepos {
    UserRepos { login: login.to_owned(), repos: listing.repos(), capped_at_pages: listing.capped_at_pages, as_of }
}
