//! The second cache level, shared by every replica: Redis (or Valkey), behind
//! each process's own moka caches.
//!
//! Optional: without `REDIS_URL` [`SharedCache::disabled`] answers every read
//! with a miss and every lock with "fetch it yourself", which is exactly the
//! single-process behaviour. With it, replicas share GitHub data and make one
//! set of upstream requests between them ([`SharedCache::load_once`]).
//!
//! Redis is never a single point of failure. Every command is bounded by
//! `REDIS_TIMEOUT_MS`; a failure counts as a miss, logs one warning for the
//! whole outage, and for the next second the replica does not even try (so a
//! dead Redis costs nothing per request). The connection manager reconnects
//! on its own; the first command that succeeds again logs that Redis is back.
//!
//! Values are JSON in an envelope with a format version, their kind and their
//! own key; one that does not parse, or names another version, kind or key, is
//! ignored (and overwritten by the next fetch), never trusted.

use std::{
    future::Future,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::error::AppError;

/// The format of the values this build writes; values of any other format are ignored.
pub const FORMAT_VERSION: u32 = 1;
/// How long a replica leaves Redis alone after a failed command.
const BACKOFF: Duration = Duration::from_secs(1);
/// How often a replica waiting for another's fetch looks for the value.
const POLL_EVERY: Duration = Duration::from_millis(20);

/// Where the shared cache is and how long a command may take.
#[derive(Debug, Clone)]
pub struct SharedConfig {
    /// `redis://[user:password@]host:port[/db]` (`REDIS_URL`).
    pub url: String,
    /// Prepended to every key, so that sites can share one Redis (`REDIS_KEY_PREFIX`).
    pub key_prefix: String,
    /// The longest one command may take before it counts as a miss (`REDIS_TIMEOUT_MS`).
    pub timeout: Duration,
}

/// The shared cache; cheap to clone.
#[derive(Clone, Default)]
pub struct SharedCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    connection: ConnectionManager,
    prefix: String,
    timeout: Duration,
    /// Until when (milliseconds since `started`) commands are not tried after a failure.
    retry_at_ms: AtomicU64,
    /// Whether the last command failed: one warning per outage.
    down: AtomicBool,
    started: Instant,
}

/// What a value is, written into its envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A user's repository listing with its `ETag`s.
    Repos,
    /// The stars figure.
    Stars,
    /// GitHub's rate-limit budget, as the last answer told it.
    RateLimit,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Repos => "repos",
            Kind::Stars => "stars",
            Kind::RateLimit => "rate-limit",
        }
    }
}

/// The stored form of every value.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<T> {
    /// [`FORMAT_VERSION`] of the writer.
    v: u32,
    /// [`Kind::as_str`].
    kind: String,
    /// The value's own key (without the prefix): a value copied under another key is foreign.
    key: String,
    /// When the value was fetched, in milliseconds since the Unix epoch.
    fetched_at_ms: u64,
    data: T,
}

/// A value read back, with how old it is.
#[derive(Debug, Clone)]
pub struct Shared<T> {
    /// The value.
    pub value: T,
    /// How long ago it was fetched from upstream.
    pub age: Duration,
}

/// What asking for a lock gave.
enum Lock {
    /// This replica holds it, with this token.
    Acquired(String),
    /// Another replica holds it.
    Held,
    /// Redis did not answer.
    Unavailable,
}

/// Why the shared cache could not be set up at start-up: the client cannot read `REDIS_URL`.
#[derive(Debug, thiserror::Error)]
#[error("REDIS_URL: {0}")]
pub struct SharedCacheError(#[from] redis::RedisError);

impl SharedCache {
    /// No shared cache: every replica on its own.
    pub fn disabled() -> Self {
        Self { inner: None }
    }

    /// A cache on `config.url`; connects lazily, so a Redis that is down at
    /// start-up delays nothing. Fails only for a URL the client cannot read.
    pub fn connect(config: &SharedConfig) -> Result<Self, SharedCacheError> {
        let client = redis::Client::open(config.url.as_str())?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.timeout))
            .set_response_timeout(Some(config.timeout))
            .set_number_of_retries(1)
            .set_max_delay(BACKOFF);
        let connection = ConnectionManager::new_lazy_with_config(client, manager_config)?;
        Ok(Self {
            inner: Some(Arc::new(Inner {
                connection,
                prefix: config.key_prefix.clone(),
                timeout: config.timeout,
                retry_at_ms: AtomicU64::new(0),
                down: AtomicBool::new(false),
                started: Instant::now(),
            })),
        })
    }

    /// Whether a Redis is configured at all.
    pub fn is_enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// The value of `kind` under `key`, if Redis has a valid one.
    pub async fn read<T: DeserializeOwned>(&self, kind: Kind, key: &str) -> Option<Shared<T>> {
        let inner = self.inner.as_ref()?;
        let bytes: Option<Vec<u8>> = inner.run(redis::cmd("GET").arg(inner.key(kind, key))).await?;
        decode(kind, key, &bytes?)
    }

    /// Stores `value` of `kind` under `key` for `ttl`, fetched `age` ago.
    pub async fn write<T: Serialize>(&self, kind: Kind, key: &str, value: &T, age: Duration, ttl: Duration) {
        let Some(inner) = &self.inner else { return };
        let Some(bytes) = encode(kind, key, value, age) else { return };
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let _: Option<()> =
            inner.run(redis::cmd("SET").arg(inner.key(kind, key)).arg(bytes).arg("PX").arg(ttl_ms)).await;
    }

    /// The value of `kind` under `key`, loaded by one replica for all of them.
    ///
    /// A value in Redis younger than `max_age` is used as it is. Otherwise one
    /// replica takes a short lock (`SET NX PX lock_ttl`), calls `fetch` and
    /// stores the result for `ttl`; the others poll for that value for at
    /// most `lock_ttl`, then fetch on their own. Without Redis, or when it
    /// fails, `fetch` runs here. Errors are not stored.
    pub async fn load_once<T, F, Fut>(
        &self,
        kind: Kind,
        key: &str,
        max_age: Duration,
        ttl: Duration,
        lock_ttl: Duration,
        fetch: F,
    ) -> Result<Shared<T>, AppError>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let fresh = |found: &Shared<T>| found.age < max_age;
        let Some(inner) = self.inner.clone() else {
            return fetch().await.map(|value| Shared { value, age: Duration::ZERO });
        };
        if let Some(found) = self.read::<T>(kind, key).await.filter(fresh) {
            return Ok(found);
        }
        let deadline = Instant::now() + lock_ttl;
        loop {
            match inner.lock(kind, key, lock_ttl).await {
                Lock::Acquired(token) => {
                    // Another replica may have stored it between the read and the lock.
                    if let Some(found) = self.read::<T>(kind, key).await.filter(fresh) {
                        inner.unlock(kind, key, &token).await;
                        return Ok(found);
                    }
                    let result = fetch().await;
                    if let Ok(value) = &result {
                        self.write(kind, key, value, Duration::ZERO, ttl).await;
                    }
                    inner.unlock(kind, key, &token).await;
                    return result.map(|value| Shared { value, age: Duration::ZERO });
                }
                Lock::Unavailable => break,
                Lock::Held => {
                    // Wait for the holder's value, or for its lock to go (it failed).
                    while Instant::now() < deadline {
                        tokio::time::sleep(POLL_EVERY).await;
                        if let Some(found) = self.read::<T>(kind, key).await.filter(fresh) {
                            return Ok(found);
                        }
                        if !inner.is_locked(kind, key).await {
                            break;
                        }
                    }
                    if Instant::now() >= deadline {
                        tracing::debug!(key, "waited long enough for another replica; fetching here");
                        break;
                    }
                }
            }
        }
        fetch().await.map(|value| Shared { value, age: Duration::ZERO })
    }
}

impl Inner {
    fn key(&self, kind: Kind, key: &str) -> String {
        format!("{}{}:{key}", self.prefix, kind.as_str())
    }

    fn lock_key(&self, kind: Kind, key: &str) -> String {
        format!("{}lock:{}:{key}", self.prefix, kind.as_str())
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs `command` within the timeout; `None` (and the outage bookkeeping) on any failure.
    async fn run<T: redis::FromRedisValue>(&self, command: &redis::Cmd) -> Option<T> {
        if self.now_ms() < self.retry_at_ms.load(Ordering::Relaxed) {
            return None;
        }
        let mut connection = self.connection.clone();
        let result = tokio::time::timeout(self.timeout, command.query_async::<T>(&mut connection)).await;
        match result {
            Ok(Ok(value)) => {
                if self.down.swap(false, Ordering::Relaxed) {
                    tracing::info!("Redis answers again; replicas share their cache again");
                }
                Some(value)
            }
            // Redis answered, with an error of its own (a key of another type, a server
            // still loading its data): a miss, not an outage.
            Ok(Err(error))
                if matches!(
                    error.kind(),
                    redis::ErrorKind::UnexpectedReturnType | redis::ErrorKind::Server(_) | redis::ErrorKind::Extension
                ) =>
            {
                tracing::debug!(%error, "Redis answered with an error; a miss");
                None
            }
            failed => {
                self.retry_at_ms.store(self.now_ms() + BACKOFF.as_millis() as u64, Ordering::Relaxed);
                if !self.down.swap(true, Ordering::Relaxed) {
                    let error = match failed {
                        Ok(Err(error)) => error.to_string(),
                        _ => format!("no answer within {} ms", self.timeout.as_millis()),
                    };
                    tracing::warn!(%error, "Redis is unavailable; serving from this replica's own cache until it returns");
                }
                None
            }
        }
    }

    async fn lock(&self, kind: Kind, key: &str, ttl: Duration) -> Lock {
        let token = format!("{:016x}{:016x}", random_u64(), self.now_ms());
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let answer: Option<Option<String>> =
            self.run(redis::cmd("SET").arg(self.lock_key(kind, key)).arg(&token).arg("NX").arg("PX").arg(ttl_ms)).await;
        match answer {
            Some(Some(_)) => Lock::Acquired(token),
            Some(None) => Lock::Held,
            None => Lock::Unavailable,
        }
    }

    async fn is_locked(&self, kind: Kind, key: &str) -> bool {
        // When Redis does not answer, stop waiting for it.
        self.run::<bool>(redis::cmd("EXISTS").arg(self.lock_key(kind, key))).await.unwrap_or(false)
    }

    /// Releases the lock if it is still this replica's (it may have expired and been taken).
    async fn unlock(&self, kind: Kind, key: &str, token: &str) {
        static RELEASE: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
            redis::Script::new(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
            )
        });
        if self.now_ms() < self.retry_at_ms.load(Ordering::Relaxed) {
            return;
        }
        let mut connection = self.connection.clone();
        let mut invocation = RELEASE.key(self.lock_key(kind, key));
        invocation.arg(token);
        // A lock that cannot be released expires on its own.
        let _ = tokio::time::timeout(self.timeout, invocation.invoke_async::<i64>(&mut connection)).await;
    }
}

/// A random number for lock tokens (no extra dependency: the standard hasher is randomly seeded).
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
}

fn unix_ms() -> u64 {
    u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis()).unwrap_or(u64::MAX)
}

/// The stored bytes of `value`.
fn encode<T: Serialize>(kind: Kind, key: &str, value: &T, age: Duration) -> Option<Vec<u8>> {
    let fetched_at_ms = unix_ms().saturating_sub(u64::try_from(age.as_millis()).unwrap_or(u64::MAX));
    let envelope =
        Envelope { v: FORMAT_VERSION, kind: kind.as_str().to_owned(), key: key.to_owned(), fetched_at_ms, data: value };
    serde_json::to_vec(&envelope).ok()
}

/// The value in `bytes`, if it is a valid envelope of this format, kind and key.
fn decode<T: DeserializeOwned>(kind: Kind, key: &str, bytes: &[u8]) -> Option<Shared<T>> {
    let envelope = match serde_json::from_slice::<Envelope<T>>(bytes) {
        Ok(envelope) => envelope,
        Err(error) => {
            tracing::warn!(kind = kind.as_str(), key, %error, "ignoring an unreadable value in Redis");
            return None;
        }
    };
    if envelope.v != FORMAT_VERSION || envelope.kind != kind.as_str() || envelope.key != key {
        tracing::warn!(
            kind = kind.as_str(),
            key,
            version = envelope.v,
            "ignoring a value of another format, kind or key in Redis"
        );
        return None;
    }
    let age = Duration::from_millis(unix_ms().saturating_sub(envelope.fetched_at_ms));
    Some(Shared { value: envelope.data, age })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_round_trips_with_its_age() {
        let bytes = encode(Kind::Stars, "a/b", &42_u64, Duration::from_secs(5)).expect("encodes");
        let back: Shared<u64> = decode(Kind::Stars, "a/b", &bytes).expect("decodes");
        assert_eq!(back.value, 42);
        assert!((Duration::from_secs(5)..Duration::from_secs(6)).contains(&back.age), "{:?}", back.age);
    }

    #[test]
    fn corrupt_foreign_and_old_values_are_ignored() {
        let good = encode(Kind::Repos, "alice", &vec![1_u32, 2], Duration::ZERO).expect("encodes");
        assert!(decode::<Vec<u32>>(Kind::Repos, "alice", &good).is_some());
        assert!(decode::<Vec<u32>>(Kind::Repos, "bob", &good).is_none(), "another key");
        assert!(decode::<Vec<u32>>(Kind::Stars, "alice", &good).is_none(), "another kind");
        assert!(decode::<String>(Kind::Repos, "alice", &good).is_none(), "another shape");
        assert!(decode::<Vec<u32>>(Kind::Repos, "alice", &good[..good.len() / 2]).is_none(), "truncated");
        assert!(decode::<Vec<u32>>(Kind::Repos, "alice", b"\xff\x00garbage").is_none(), "not JSON");
        let old = String::from_utf8(good).expect("JSON").replace("\"v\":1", "\"v\":0");
        assert!(decode::<Vec<u32>>(Kind::Repos, "alice", old.as_bytes()).is_none(), "an older format");
        let extra = old.replace("\"v\":0", "\"v\":1,\"trusted\":true");
        assert!(decode::<Vec<u32>>(Kind::Repos, "alice", extra.as_bytes()).is_none(), "unknown fields");
    }

    #[tokio::test]
    async fn without_redis_every_load_fetches_here() {
        let cache = SharedCache::disabled();
        let second = Duration::from_secs(1);
        let loaded = cache.load_once(Kind::Stars, "x", second, second, second, || async { Ok(7_u64) }).await;
        assert_eq!(loaded.expect("fetched").value, 7);
        assert!(cache.read::<u64>(Kind::Stars, "x").await.is_none());
    }

    #[tokio::test]
    async fn an_unreachable_redis_is_a_miss_not_an_error() {
        // Port 1 on loopback refuses connections.
        let config = SharedConfig {
            url: "redis://127.0.0.1:1".into(),
            key_prefix: "t:".into(),
            timeout: Duration::from_millis(200),
        };
        let cache = SharedCache::connect(&config).expect("a valid URL");
        let second = Duration::from_secs(1);
        let started = Instant::now();
        let loaded = cache.load_once(Kind::Stars, "x", second, second, second, || async { Ok(7_u64) }).await;
        assert_eq!(loaded.expect("fetched here").value, 7);
        assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    }
}
