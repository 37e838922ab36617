//! The "stars" figure: computed ahead of time, regenerated at most every
//! `revalidate`, and never failing the page.
//!
//! The first value is fetched at start-up. A request that finds the value
//! older than `revalidate` gets it at once and starts one refresh; if GitHub is
//! unreachable the last good value stays. With a shared cache, one replica
//! fetches and the others take its value.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use super::{client::GithubClient, model::RepoStars};
use crate::server::{
    revalidate::{Age, Freshness, Refreshes},
    shared::{Kind, SharedCache},
};

#[derive(Debug)]
struct Snapshot {
    stars: RepoStars,
    checked_at: Option<Instant>,
}

/// Keeps one repository's stars fresh enough; cheap to clone.
#[derive(Clone)]
pub struct StarsService {
    client: GithubClient,
    /// Fresh for `revalidate`, then served for ever while refreshed: the last
    /// good value is better than none.
    freshness: Freshness,
    snapshot: Arc<Mutex<Snapshot>>,
    refreshes: Refreshes<()>,
    shared: SharedCache,
    lock_ttl: Duration,
}

impl StarsService {
    /// A service for `full_name` (`owner/name`); call [`StarsService::refresh`] to fill it.
    /// Replicas share the figure through `shared`, one fetching for all within `lock_ttl`.
    pub fn new(
        client: GithubClient,
        full_name: &str,
        revalidate: Duration,
        shared: SharedCache,
        lock_ttl: Duration,
    ) -> Self {
        let stars = RepoStars { full_name: full_name.to_owned(), stars: None, updated_at: None, fetched_at: None };
        Self {
            client,
            freshness: Freshness { fresh_for: revalidate, stale_for: Duration::MAX },
            snapshot: Arc::new(Mutex::new(Snapshot { stars, checked_at: None })),
            refreshes: Refreshes::default(),
            shared,
            lock_ttl,
        }
    }

    /// The current figures; starts a refresh in the background when they are due.
    pub fn get(&self) -> RepoStars {
        let Ok(snapshot) = self.snapshot.lock() else {
            return RepoStars { full_name: String::new(), stars: None, updated_at: None, fetched_at: None };
        };
        let due = snapshot.checked_at.is_none_or(|at| self.freshness.of(at) != Age::Fresh);
        let stars = snapshot.stars.clone();
        drop(snapshot);
        if due {
            let this = self.clone();
            self.refreshes.spawn((), async move { this.fetch().await });
        }
        stars
    }

    /// The current figures, waiting for the very first fetch if it has not finished.
    pub async fn current(&self) -> RepoStars {
        let never_checked = self.snapshot.lock().map(|s| s.checked_at.is_none()).unwrap_or(false);
        if never_checked {
            self.refresh().await;
        }
        self.get()
    }

    /// Fetches the figures now, or waits for the fetch already running (so
    /// start-up and a first request never fetch twice); keeps the old
    /// figures if GitHub fails.
    pub async fn refresh(&self) {
        self.refreshes.run((), self.fetch()).await;
    }

    /// Waits for the refresh in progress, if any (used by tests and benchmarks).
    pub async fn settled(&self) {
        self.refreshes.settled(&()).await;
    }

    /// One fetch of the figures, through the shared cache.
    async fn fetch(&self) {
        let full_name = match self.snapshot.lock() {
            Ok(snapshot) => snapshot.stars.full_name.clone(),
            Err(_) => return,
        };
        let (client, key) = (&self.client, full_name.to_ascii_lowercase());
        let revalidate = self.freshness.fresh_for;
        let result = self
            .shared
            .load_once(Kind::Stars, &key, revalidate, revalidate.saturating_mul(2), self.lock_ttl, || {
                client.repo_stars(&full_name)
            })
            .await
            .map(|shared| shared.value);
        if let Ok(mut snapshot) = self.snapshot.lock() {
            match result {
                Ok(stars) => snapshot.stars = stars,
                Err(err) => {
                    tracing::warn!(repo = %full_name, error = %err, "stars refresh failed; keeping the last value")
                }
            }
            snapshot.checked_at = Some(Instant::now());
        }
    }
}
