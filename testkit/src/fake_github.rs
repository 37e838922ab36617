//! A fake GitHub REST API for tests and benchmarks.
//!
//! [`FakeGithub`] serves, on a loopback port, the endpoints Leptra uses to list
//! a user's public repositories: `/users/{login}/repos`, `/user/{id}/repos`
//! (the form GitHub's pagination `Link` headers use) and `/repos/{owner}/{name}`.
//! Its users are deterministic (`octocat`, `alice` with 250 repositories, …) or
//! misbehave on purpose (`ratelimited`, `hang`, `truncated`, …; see
//! `data.rs`). It counts the requests it receives, can add latency and can
//! pretend GitHub is down. Other processes drive it through `/__fake/…`
//! control paths; the `fake-github` binary runs it standalone.

mod cli;
mod conn;
mod data;
mod http;
#[cfg(test)]
mod tests;

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    net::{Ipv4Addr, SocketAddr},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, MutexGuard, PoisonError,
    },
    time::Duration,
};

pub use cli::{parse_command_line, Command, USAGE};
pub use data::{chaos_kind, chaos_login, Chaos, CHAOS_REPOS, CHAOS_USERS};

/// How the fake behaves beyond its built-in users.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Added before every counted response, to imitate a distant GitHub.
    pub latency: Duration,
    /// The chance (0 to 1) that a listing request of a chaos user (`chaos-000` …
    /// `chaos-099`) fails in that user's way; `0` makes them behave.
    pub chaos: f64,
}

/// A running fake GitHub API; dropping it stops the server and cuts its connections.
#[derive(Debug)]
pub struct FakeGithub {
    addr: SocketAddr,
    shared: Arc<Shared>,
    registry: Arc<conn::Registry>,
    task: tokio::task::JoinHandle<()>,
}

/// The most `Authorization` values remembered.
const MAX_AUTHORIZATIONS: usize = 100;
/// Distinct logins counted, so hostile clients cannot grow the map forever.
const MAX_COUNTED_LOGINS: usize = 10_000;

/// State shared between the handlers and the [`FakeGithub`] handle.
#[derive(Debug)]
struct Shared {
    bound: SocketAddr,
    latency: Duration,
    chaos: f64,
    down: AtomicBool,
    counters: Mutex<Counters>,
    /// Star counts set through [`FakeGithub::set_stars`], by lowercase full name.
    stars: Mutex<HashMap<String, u64>>,
}

#[derive(Debug, Default)]
struct Counters {
    total: u64,
    not_modified: u64,
    per_user: BTreeMap<String, u64>,
    per_page: HashMap<(String, u32), u64>,
    authorizations: VecDeque<String>,
}

impl Shared {
    fn counters(&self) -> MutexGuard<'_, Counters> {
        self.counters.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stars(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        self.stars.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one request; `listing` is the lowercase login and page it lists, if any.
    /// Returns the request's number since the last reset.
    fn record(&self, listing: Option<(String, u32)>, authorization: Option<String>) -> u64 {
        let mut counters = self.counters();
        counters.total += 1;
        if let Some((login, page)) = listing {
            if counters.per_user.len() < MAX_COUNTED_LOGINS || counters.per_user.contains_key(&login) {
                *counters.per_user.entry(login.clone()).or_default() += 1;
                *counters.per_page.entry((login, page)).or_default() += 1;
            }
        }
        if let Some(value) = authorization {
            if counters.authorizations.len() == MAX_AUTHORIZATIONS {
                counters.authorizations.pop_front();
            }
            counters.authorizations.push_back(value);
        }
        counters.total
    }
}

impl FakeGithub {
    /// Binds `127.0.0.1:0` and serves in a spawned tokio task until dropped.
    pub async fn start(options: Options) -> std::io::Result<FakeGithub> {
        Self::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), options).await
    }

    /// Same as [`FakeGithub::start`], on a given address (used by the binary).
    pub async fn start_on(addr: SocketAddr, options: Options) -> std::io::Result<FakeGithub> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            bound: addr,
            latency: options.latency,
            chaos: options.chaos,
            down: AtomicBool::new(false),
            counters: Mutex::default(),
            stars: Mutex::default(),
        });
        let registry = Arc::new(conn::Registry::default());
        let listener = conn::TrackedListener { listener, registry: Arc::clone(&registry) };
        let router = http::router(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, router).await {
                tracing::warn!("fake-github: server error: {err}");
            }
        });
        Ok(FakeGithub { addr, shared, registry, task })
    }

    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: what `GITHUB_API_URL` should be set to.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Total requests received (every path except the `/__fake/` control paths).
    pub fn requests(&self) -> u64 {
        self.shared.counters().total
    }

    /// Requests for one user's repository listing (both URL forms, all pages).
    pub fn requests_for(&self, login: &str) -> u64 {
        self.shared.counters().per_user.get(&login.to_ascii_lowercase()).copied().unwrap_or(0)
    }

    /// Requests for one page of a user's listing (page numbers start at 1).
    pub fn page_requests(&self, login: &str, page: u32) -> u64 {
        let key = (login.to_ascii_lowercase(), page);
        self.shared.counters().per_page.get(&key).copied().unwrap_or(0)
    }

    /// How many `304 Not Modified` answers were sent.
    pub fn not_modified(&self) -> u64 {
        self.shared.counters().not_modified
    }

    /// The `Authorization` header values seen, oldest first (at most the last 100).
    pub fn authorizations(&self) -> Vec<String> {
        self.shared.counters().authorizations.iter().cloned().collect()
    }

    /// Forgets all counters (not the star counts, nor whether the fake is down).
    pub fn reset(&self) {
        *self.shared.counters() = Counters::default();
    }

    /// Sets the star count of a repository served at `/repos/{owner}/{name}` and in listings.
    pub fn set_stars(&self, full_name: &str, stars: u64) {
        self.shared.stars().insert(full_name.to_ascii_lowercase(), stars);
    }

    /// Makes every request answer 503 (`true`) or behave normally (`false`): GitHub being down.
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
    }
}

impl Drop for FakeGithub {
    fn drop(&mut self) {
        self.task.abort();
        self.registry.stop();
    }
}
