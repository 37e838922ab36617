//! Stale-while-revalidate, written once for every cache that serves old
//! values while it fetches new ones: the repositories cache, the stars
//! figure and the rendered pages.
//!
//! Two parts. [`Freshness`] says whether a value fetched at some instant is
//! still fresh, may be served while it is refreshed, or is too old to serve.
//! [`Refreshes`] makes sure at most one refresh per key runs at a time,
//! however many requests find the value stale at once; a caller that needs
//! the refreshed value waits for the one in flight instead of starting
//! another. Where each cache keeps its values (moka, a mutex) is its own
//! business; when to refresh and how often is decided here.

use std::{
    collections::HashSet,
    future::Future,
    hash::Hash,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use tokio::sync::Notify;

/// How long a value is served as it is, and how long after that it is still
/// served while one refresh runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// A value younger than this is served without a refresh.
    pub fresh_for: Duration,
    /// After `fresh_for`, the value is served for this much longer while it is refreshed.
    pub stale_for: Duration,
}

/// What a value's age allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// Serve it.
    Fresh,
    /// Serve it and refresh it in the background.
    Stale,
    /// Too old to serve: load it again before answering.
    Expired,
}

impl Freshness {
    /// Fresh for `fresh_for`, then never served stale.
    pub fn without_stale(fresh_for: Duration) -> Self {
        Self { fresh_for, stale_for: Duration::ZERO }
    }

    /// What the age of a value fetched at `fetched_at` allows.
    pub fn of(&self, fetched_at: Instant) -> Age {
        let age = fetched_at.elapsed();
        if age < self.fresh_for {
            Age::Fresh
        } else if age < self.kept_for() {
            Age::Stale
        } else {
            Age::Expired
        }
    }

    /// How long a value is worth keeping at all.
    pub fn kept_for(&self) -> Duration {
        self.fresh_for.saturating_add(self.stale_for)
    }
}

/// The refreshes running now, at most one per key; cheap to clone.
#[derive(Debug)]
pub struct Refreshes<K> {
    running: Arc<Mutex<HashSet<K>>>,
    finished: Arc<Notify>,
}

impl<K> Clone for Refreshes<K> {
    fn clone(&self) -> Self {
        Self { running: self.running.clone(), finished: self.finished.clone() }
    }
}

impl<K> Default for Refreshes<K> {
    fn default() -> Self {
        Self { running: Arc::default(), finished: Arc::default() }
    }
}

impl<K: Eq + Hash + Clone + Send + 'static> Refreshes<K> {
    /// Starts `refresh` in the background unless a refresh of `key` is
    /// running already; says whether it started one.
    pub fn spawn<F>(&self, key: K, refresh: F) -> bool
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let Some(running) = self.begin(key) else { return false };
        tokio::spawn(async move {
            refresh.await;
            drop(running);
        });
        true
    }

    /// Runs `refresh` now unless a refresh of `key` is running already, in
    /// which case it waits for that one: either way the value is refreshed
    /// when this returns, and it was fetched once.
    pub async fn run<F>(&self, key: K, refresh: F)
    where
        F: Future<Output = ()>,
    {
        match self.begin(key.clone()) {
            Some(running) => {
                refresh.await;
                drop(running);
            }
            None => self.settled(&key).await,
        }
    }

    /// Waits until no refresh of `key` is running.
    pub async fn settled(&self, key: &K) {
        loop {
            let finished = self.finished.notified();
            if !self.is_running(key) {
                return;
            }
            finished.await;
        }
    }

    fn is_running(&self, key: &K) -> bool {
        self.running.lock().map(|running| running.contains(key)).unwrap_or(false)
    }

    /// Marks `key` as refreshing, unless it is already; the mark goes when
    /// the returned guard is dropped (also if the refresh panics).
    fn begin(&self, key: K) -> Option<Running<K>> {
        let mut running = self.running.lock().ok()?;
        running.insert(key.clone()).then(|| Running { key, refreshes: self.clone() })
    }
}

/// One running refresh; dropping it ends it and wakes whoever waits.
struct Running<K: Eq + Hash> {
    key: K,
    refreshes: Refreshes<K>,
}

impl<K: Eq + Hash> Drop for Running<K> {
    fn drop(&mut self) {
        if let Ok(mut running) = self.refreshes.running.lock() {
            running.remove(&self.key);
        }
        self.refreshes.finished.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn a_value_is_fresh_then_stale_then_expired() {
        let freshness = Freshness { fresh_for: Duration::from_secs(10), stale_for: Duration::from_secs(5) };
        let now = Instant::now();
        assert_eq!(freshness.of(now), Age::Fresh);
        assert_eq!(freshness.of(now - Duration::from_secs(11)), Age::Stale);
        assert_eq!(freshness.of(now - Duration::from_secs(16)), Age::Expired);
        assert_eq!(Freshness::without_stale(Duration::from_secs(10)).of(now - Duration::from_secs(11)), Age::Expired);
    }

    #[test]
    fn a_value_kept_for_ever_never_expires() {
        let freshness = Freshness { fresh_for: Duration::from_secs(1), stale_for: Duration::MAX };
        assert_eq!(freshness.kept_for(), Duration::MAX);
        assert_eq!(freshness.of(Instant::now() - Duration::from_secs(3600)), Age::Stale);
    }

    /// A refresh that counts its runs and finishes when `release` is notified.
    fn counted(runs: &Arc<AtomicUsize>, release: &Arc<Notify>) -> impl Future<Output = ()> + Send + 'static {
        let (runs, release) = (runs.clone(), release.clone());
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            release.notified().await;
        }
    }

    #[tokio::test]
    async fn one_refresh_per_key_runs_however_many_ask() {
        let refreshes = Refreshes::default();
        let (runs, release) = (Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        assert!(refreshes.spawn("alice", counted(&runs, &release)));
        assert!(!refreshes.spawn("alice", counted(&runs, &release)), "alice is refreshing already");
        assert!(refreshes.spawn("bob", counted(&runs, &release)), "another key refreshes on its own");
        while runs.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        release.notify_waiters();
        refreshes.settled(&"alice").await;
        refreshes.settled(&"bob").await;
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert!(refreshes.spawn("alice", counted(&runs, &release)), "a finished refresh can run again");
        release.notify_one();
    }

    #[tokio::test]
    async fn run_waits_for_the_refresh_in_flight_instead_of_starting_another() {
        let refreshes = Refreshes::default();
        let (runs, release) = (Arc::new(AtomicUsize::new(0)), Arc::new(Notify::new()));
        assert!(refreshes.spawn((), counted(&runs, &release)));
        let waiter = tokio::spawn({
            let (refreshes, runs) = (refreshes.clone(), runs.clone());
            async move {
                refreshes
                    .run((), async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                    })
                    .await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished(), "run returns only when the value is refreshed");
        release.notify_one();
        waiter.await.expect("waiter");
        assert_eq!(runs.load(Ordering::SeqCst), 1, "the value was fetched once");
    }

    #[tokio::test]
    async fn a_refresh_that_panics_still_ends() {
        let refreshes = Refreshes::default();
        refreshes.spawn((), async { panic!("refresh failed") });
        tokio::time::timeout(Duration::from_secs(5), refreshes.settled(&())).await.expect("settled");
    }
}
