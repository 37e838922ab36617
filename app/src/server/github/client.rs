//! The GitHub REST client: every page of a user's repositories, fetched
//! concurrently once the first page reveals how many there are.
//!
//! The client keeps GitHub's order, revalidates pages with `If-None-Match`
//! when given an earlier listing, and guards against loops, malformed links,
//! oversized bodies and hung connections.
//!
//! A page that fails in a way that may pass (a `5xx`, a cut connection, a
//! timeout) is asked for once more after a short, jittered pause, if the
//! listing's deadline leaves time for it; a `4xx` or a rate limit is final.
//! The retry is a request like any other: it counts in the rate-limit budget.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use futures::{StreamExt, TryStreamExt};
use http::{header, HeaderMap, StatusCode};
use reqwest::Url;

use super::model::{Repo, RepoStars};
use crate::error::AppError;

/// GitHub's largest page size for repository listings.
pub const PER_PAGE: u32 = 100;
/// Bodies larger than this are refused (a page of 100 full repositories is about 600 KB).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
const API_VERSION: &str = "2022-11-28";
/// The pause before the one retry of a page, before jitter (it waits half to
/// one and a half times this, so that replicas that failed together do not
/// come back together).
const RETRY_PAUSE: Duration = Duration::from_millis(200);
/// A retry is made only if the deadline leaves it at least this long after the pause.
const MIN_RETRY_TIME: Duration = Duration::from_millis(250);

/// How to reach GitHub.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// API base URL without a trailing slash, e.g. `https://api.github.com`.
    pub base_url: String,
    /// Sent as `Authorization: Bearer` when set.
    pub token: Option<String>,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request.
    pub timeout: Duration,
    /// Time allowed for one whole listing, retries included: the visitor's
    /// request ends then anyway (`LEPTRA_REQUEST_TIMEOUT_MS`), so a retry is
    /// made only if it can finish before.
    pub deadline: Duration,
    /// Most pages fetched for one user.
    pub max_pages: u32,
    /// Most page requests in flight for one user.
    pub concurrency: usize,
}

/// One page of a listing with the validator GitHub gave it.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's `ETag`, for revalidation.
    pub etag: Option<String>,
    /// The repositories on this page.
    pub repos: Arc<[Repo]>,
}

/// A user's complete listing, page by page.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Pages in order, starting with page 1.
    pub pages: Vec<Page>,
    /// Set when the listing had more pages than the cap allows.
    pub capped_at_pages: Option<u32>,
    /// The `rel="last"` link of page 1, kept for revalidating with a 304.
    last_link: Option<String>,
}

impl Listing {
    /// All repositories, in GitHub's order, each once.
    ///
    /// A repository created while the pages were fetched shifts the others,
    /// so one can appear at the end of a page and again at the start of the
    /// next: only its first appearance is kept (repositories without an id
    /// are all kept).
    pub fn repos(&self) -> Vec<Repo> {
        let mut seen = std::collections::HashSet::new();
        self.pages
            .iter()
            .flat_map(|page| page.repos.iter())
            .filter(|repo| repo.id == 0 || seen.insert(repo.id))
            .cloned()
            .collect()
    }
}

/// A listing as the shared cache stores it (see [`Listing::stored`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredListing {
    pages: Vec<StoredPage>,
    capped_at_pages: Option<u32>,
    last_link: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredPage {
    etag: Option<String>,
    repos: Vec<Repo>,
}

impl Listing {
    /// The form the shared cache stores, `ETag`s included.
    pub fn stored(&self) -> StoredListing {
        StoredListing {
            pages: self
                .pages
                .iter()
                .map(|page| StoredPage { etag: page.etag.clone(), repos: page.repos.to_vec() })
                .collect(),
            capped_at_pages: self.capped_at_pages,
            last_link: self.last_link.clone(),
        }
    }

    /// A listing read back from the shared cache; `None` if it cannot be one
    /// this client made (no pages, more pages than allowed).
    pub fn from_stored(stored: StoredListing, max_pages: u32) -> Option<Listing> {
        if stored.pages.is_empty() || stored.pages.len() > max_pages as usize {
            return None;
        }
        Some(Listing {
            pages: stored.pages.into_iter().map(|page| Page { etag: page.etag, repos: page.repos.into() }).collect(),
            capped_at_pages: stored.capped_at_pages,
            last_link: stored.last_link,
        })
    }
}

/// GitHub's request budget as its latest answer told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateBudget {
    /// `x-ratelimit-remaining`.
    pub remaining: u64,
    /// `x-ratelimit-reset`: when the budget is renewed, in seconds since the Unix epoch.
    pub reset: u64,
}

impl RateBudget {
    /// Whether this budget still holds (its reset time has not come).
    pub fn is_current(&self) -> bool {
        self.reset > unix_now()
    }
}

/// A GitHub REST client; cheap to clone, one per server.
#[derive(Debug, Clone)]
pub struct GithubClient {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
    base: Url,
    /// `x-ratelimit-remaining` of GitHub's latest answer; `u64::MAX` until one says.
    remaining: Arc<AtomicU64>,
    /// `x-ratelimit-reset` of GitHub's latest answer; `0` until one says.
    reset: Arc<AtomicU64>,
}

enum Answer {
    Fresh { etag: Option<String>, link: Option<String>, body: Vec<u8> },
    NotModified,
}

/// A request that failed, and whether asking again may succeed.
struct Failed {
    error: AppError,
    /// A `5xx`, a cut connection or a timeout: worth one more try.
    transient: bool,
}

impl Failed {
    /// A failure that asking again would only repeat: a `4xx`, a rate limit, a body too large.
    fn lasting(error: AppError) -> Self {
        Self { error, transient: false }
    }
}

impl From<reqwest::Error> for Failed {
    fn from(err: reqwest::Error) -> Self {
        // A request reqwest could not even build, or a redirect loop, fails the same way again.
        let transient = !(err.is_builder() || err.is_redirect());
        Self { error: transport_error(err), transient }
    }
}

/// Why the GitHub client could not be built at start-up.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    /// The configured base URL is not a URL.
    #[error("invalid GitHub API URL: {0}")]
    BaseUrl(#[from] url::ParseError),
    /// reqwest could not start (its TLS backend, for one).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// The reqwest client the GitHub client uses: user agent, timeouts, few redirects.
pub fn http_client(config: &ClientConfig) -> Result<reqwest::Client, ClientBuildError> {
    let client = reqwest::Client::builder()
        .user_agent(concat!("leptra/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()?;
    Ok(client)
}

impl GithubClient {
    /// Builds the client; fails only if the TLS backend cannot start or the base URL is invalid.
    pub fn new(config: ClientConfig) -> Result<Self, ClientBuildError> {
        let base = Url::parse(&format!("{}/", config.base_url.trim_end_matches('/')))?;
        let http = http_client(&config)?;
        Ok(Self {
            http,
            config: Arc::new(config),
            base,
            remaining: Arc::new(AtomicU64::new(u64::MAX)),
            reset: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Whether the server's own budget (with a token) is down to fewer than
    /// `reserve` requests: then stale data is better than the last requests.
    /// `shared` is the budget another replica last saw, if any.
    pub fn budget_below(&self, reserve: u64, shared: Option<RateBudget>) -> bool {
        let shared = shared.filter(RateBudget::is_current).map_or(u64::MAX, |budget| budget.remaining);
        self.config.token.is_some() && self.remaining.load(Ordering::Relaxed).min(shared) < reserve
    }

    /// The budget GitHub's latest answer reported, if one did.
    pub fn budget(&self) -> Option<RateBudget> {
        let remaining = self.remaining.load(Ordering::Relaxed);
        let reset = self.reset.load(Ordering::Relaxed);
        (remaining != u64::MAX && reset != 0).then_some(RateBudget { remaining, reset })
    }

    /// The most pages this client fetches for one user.
    pub fn max_pages(&self) -> u32 {
        self.config.max_pages
    }

    /// Fetches every page of `login`'s public repositories.
    ///
    /// With `previous`, each page is asked for with its old `ETag`, and pages
    /// GitHub answers with 304 are taken from `previous`.
    pub async fn user_repos(&self, login: &str, previous: Option<&Listing>) -> Result<Listing, AppError> {
        let mut first_url = self.endpoint(&["users", login, "repos"]);
        first_url.query_pairs_mut().append_pair("per_page", &PER_PAGE.to_string()).append_pair("page", "1");
        let not_found = AppError::NotFound(format!("GitHub has no user named “{login}”."));
        let deadline = Instant::now() + self.config.deadline;

        let previous_first = previous.and_then(|p| p.pages.first());
        let first_etag = previous_first.and_then(|p| p.etag.as_deref());
        let answer = self.get(first_url.as_str(), first_etag, &not_found, deadline).await?;
        let (first, last_link, next_link) = match answer {
            Answer::Fresh { etag, link, body } => {
                let rels = parse_links(link.as_deref())?;
                (Page { etag, repos: parse_repos(&body)? }, rels.last, rels.next)
            }
            Answer::NotModified => match (previous_first, previous) {
                (Some(page), Some(previous)) => (page.clone(), previous.last_link.clone(), None),
                _ => return Err(AppError::Upstream("GitHub answered 304 to an unconditional request.".into())),
            },
        };

        let mut listing = Listing { pages: vec![first], capped_at_pages: None, last_link: last_link.clone() };
        if let Some(last) = last_link {
            let last_url = self.same_origin(&last)?;
            let last_page = page_number(&last_url).ok_or_else(|| bad_link("its last link has no page number"))?;
            let wanted = last_page.min(self.config.max_pages);
            if last_page > self.config.max_pages {
                listing.capped_at_pages = Some(self.config.max_pages);
            }
            let not_found = &not_found;
            let rest: Vec<Page> = futures::stream::iter(2..=wanted)
                .map(|number| {
                    let url = with_page(&last_url, number);
                    let old = previous.and_then(|p| p.pages.get(number as usize - 1));
                    async move {
                        match self.get(url.as_str(), old.and_then(|p| p.etag.as_deref()), not_found, deadline).await? {
                            Answer::Fresh { etag, body, .. } => Ok(Page { etag, repos: parse_repos(&body)? }),
                            Answer::NotModified => old.cloned().ok_or_else(|| {
                                AppError::Upstream("GitHub answered 304 to an unconditional request.".into())
                            }),
                        }
                    }
                })
                .buffered(self.config.concurrency.max(1))
                .try_collect()
                .await?;
            listing.pages.extend(rest);
        } else if let Some(next) = next_link {
            // No `last` link: follow `next` one page at a time, refusing loops.
            self.follow_next(next, &mut listing, &not_found, deadline).await?;
        }
        Ok(listing)
    }

    async fn follow_next(
        &self,
        mut next: String,
        listing: &mut Listing,
        not_found: &AppError,
        deadline: Instant,
    ) -> Result<(), AppError> {
        let mut seen = vec![1_u32];
        loop {
            let url = self.same_origin(&next)?;
            let number = page_number(&url).ok_or_else(|| bad_link("its next link has no page number"))?;
            if seen.contains(&number) {
                return Ok(());
            }
            if listing.pages.len() as u32 >= self.config.max_pages {
                listing.capped_at_pages = Some(self.config.max_pages);
                return Ok(());
            }
            seen.push(number);
            let Answer::Fresh { etag, link, body } = self.get(url.as_str(), None, not_found, deadline).await? else {
                return Err(AppError::Upstream("GitHub answered 304 to an unconditional request.".into()));
            };
            listing.pages.push(Page { etag, repos: parse_repos(&body)? });
            match parse_links(link.as_deref())?.next {
                Some(link) => next = link,
                None => return Ok(()),
            }
        }
    }

    /// Fetches `owner/name`'s star count and last push time.
    pub async fn repo_stars(&self, full_name: &str) -> Result<RepoStars, AppError> {
        #[derive(serde::Deserialize)]
        struct RepoInfo {
            stargazers_count: u64,
            pushed_at: Option<String>,
        }
        let mut segments = vec!["repos"];
        segments.extend(full_name.split('/'));
        let url = self.endpoint(&segments);
        let not_found = AppError::NotFound(format!("GitHub has no repository named “{full_name}”."));
        let deadline = Instant::now() + self.config.deadline;
        let Answer::Fresh { body, .. } = self.get(url.as_str(), None, &not_found, deadline).await? else {
            return Err(AppError::Upstream("GitHub answered 304 to an unconditional request.".into()));
        };
        let info: RepoInfo = serde_json::from_slice(&body)
            .map_err(|err| AppError::Upstream(format!("GitHub sent unreadable JSON: {err}")))?;
        Ok(RepoStars {
            full_name: full_name.to_owned(),
            stars: Some(info.stargazers_count),
            updated_at: info.pushed_at,
            fetched_at: Some(now_rfc3339()),
        })
    }

    fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// Parses a link from GitHub and refuses one that leaves GitHub's origin.
    fn same_origin(&self, link: &str) -> Result<Url, AppError> {
        let url = Url::parse(link).map_err(|_| bad_link("a link is not a URL"))?;
        if url.origin() != self.base.origin() {
            return Err(bad_link("a link points away from the API"));
        }
        Ok(url)
    }

    /// GETs `url`, once more if the first try failed in a way that may pass
    /// and `deadline` leaves time for a second (see the module's notes).
    async fn get(
        &self,
        url: &str,
        etag: Option<&str>,
        not_found: &AppError,
        deadline: Instant,
    ) -> Result<Answer, AppError> {
        let first = self.attempt(url, etag, not_found, self.config.timeout).await;
        let Err(Failed { error, transient: true }) = first else {
            return first.map_err(|failed| failed.error);
        };
        let pause = RETRY_PAUSE.mul_f64(0.5 + fastrand::f64());
        let left = deadline.saturating_duration_since(Instant::now()).saturating_sub(pause);
        if left < MIN_RETRY_TIME || self.budget_spent() {
            return Err(error);
        }
        tracing::debug!(%url, %error, "retrying a GitHub request once");
        tokio::time::sleep(pause).await;
        self.attempt(url, etag, not_found, left.min(self.config.timeout)).await.map_err(|failed| failed.error)
    }

    /// Whether GitHub's latest answer said the budget is spent until a reset still to come.
    fn budget_spent(&self) -> bool {
        self.budget().is_some_and(|budget| budget.remaining == 0 && budget.is_current())
    }

    /// One request to GitHub, given `timeout` to complete.
    async fn attempt(
        &self,
        url: &str,
        etag: Option<&str>,
        not_found: &AppError,
        timeout: Duration,
    ) -> Result<Answer, Failed> {
        let mut request = self
            .http
            .get(url)
            .timeout(timeout)
            .header(header::ACCEPT, "application/vnd.github+json")
            .header("X-GitHub-Api-Version", API_VERSION);
        if let Some(token) = &self.config.token {
            request = request.bearer_auth(token);
        }
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        // Counted before it is sent: a request whose answer never comes costs GitHub's budget too.
        // (The answer's own figure replaces this one.)
        let _ = self.remaining.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            (left != u64::MAX).then(|| left.saturating_sub(1))
        });
        let mut response = request.send().await?;
        if let Some(remaining) = header_string(response.headers(), "x-ratelimit-remaining").and_then(|v| v.parse().ok())
        {
            self.remaining.store(remaining, Ordering::Relaxed);
        }
        if let Some(reset) = header_string(response.headers(), "x-ratelimit-reset").and_then(|v| v.parse().ok()) {
            self.reset.store(reset, Ordering::Relaxed);
        }
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && etag.is_some() {
            return Ok(Answer::NotModified);
        }
        if !status.is_success() {
            let error = status_error(status, response.headers(), not_found);
            return Err(Failed { error, transient: status.is_server_error() });
        }
        let etag = header_string(response.headers(), header::ETAG.as_str());
        let link = header_string(response.headers(), header::LINK.as_str());
        let too_large = || Failed::lasting(AppError::Upstream("GitHub sent a page larger than allowed.".into()));
        if response.content_length().is_some_and(|len| len > MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer::Fresh { etag, link, body })
    }
}

/// The `next` and `last` targets of a `Link` header.
#[derive(Debug, Default, PartialEq)]
struct Rels {
    next: Option<String>,
    last: Option<String>,
}

fn parse_links(header: Option<&str>) -> Result<Rels, AppError> {
    let Some(header) = header.filter(|h| !h.trim().is_empty()) else {
        return Ok(Rels::default());
    };
    let mut links = parse_link_header::parse_with_rel(header).map_err(|_| bad_link("its Link header is malformed"))?;
    Ok(Rels {
        next: links.remove("next").map(|link| link.raw_uri),
        last: links.remove("last").map(|link| link.raw_uri),
    })
}

fn page_number(url: &Url) -> Option<u32> {
    url.query_pairs().find(|(key, _)| key == "page").and_then(|(_, value)| value.parse().ok()).filter(|&n| n >= 1)
}

fn with_page(url: &Url, number: u32) -> Url {
    let others: Vec<(String, String)> =
        url.query_pairs().filter(|(key, _)| key != "page").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut url = url.clone();
    url.query_pairs_mut().clear().extend_pairs(others).append_pair("page", &number.to_string());
    url
}

/// A repository as GitHub's REST API describes it (the fields Leptra uses).
///
/// Nullable or missing fields fall back to empty values rather than failing
/// the whole list.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct GithubRepo {
    id: u64,
    name: String,
    html_url: String,
    description: Option<String>,
    language: Option<String>,
    stargazers_count: u64,
    forks_count: u64,
    updated_at: Option<String>,
    fork: bool,
    archived: bool,
}

impl From<GithubRepo> for Repo {
    fn from(repo: GithubRepo) -> Self {
        Repo {
            id: repo.id,
            name: repo.name,
            html_url: repo.html_url,
            description: repo.description,
            language: repo.language,
            stars: repo.stargazers_count,
            forks: repo.forks_count,
            updated_at: repo.updated_at.unwrap_or_default(),
            fork: repo.fork,
            archived: repo.archived,
        }
    }
}

/// Parses one page of GitHub's repository listing (public so benchmarks parse
/// exactly as the client does).
pub fn parse_repos(body: &[u8]) -> Result<Arc<[Repo]>, AppError> {
    serde_json::from_slice::<Vec<GithubRepo>>(body)
        .map(|repos| repos.into_iter().map(Repo::from).collect())
        .map_err(|err| AppError::Upstream(format!("GitHub sent unreadable JSON: {err}")))
}

fn bad_link(what: &str) -> AppError {
    AppError::Upstream(format!("GitHub's pagination could not be followed: {what}."))
}

fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn transport_error(err: reqwest::Error) -> AppError {
    if err.is_timeout() {
        AppError::Upstream("GitHub did not answer in time.".into())
    } else if err.is_connect() {
        AppError::Upstream("GitHub could not be reached.".into())
    } else {
        AppError::Upstream("the connection to GitHub failed.".into())
    }
}

/// Maps a non-success answer from GitHub to what the visitor is told.
fn status_error(status: StatusCode, headers: &HeaderMap, not_found: &AppError) -> AppError {
    let number = |name: &str| header_string(headers, name).and_then(|v| v.trim().parse::<u64>().ok());
    let retry_after = number("retry-after");
    let exhausted = number("x-ratelimit-remaining") == Some(0);
    match status {
        StatusCode::NOT_FOUND => not_found.clone(),
        StatusCode::TOO_MANY_REQUESTS => {
            AppError::RateLimited { retry_after_secs: retry_after.or_else(|| reset_in(headers)) }
        }
        StatusCode::FORBIDDEN if exhausted || retry_after.is_some() => {
            AppError::RateLimited { retry_after_secs: retry_after.or_else(|| reset_in(headers)) }
        }
        StatusCode::UNAUTHORIZED => {
            AppError::Internal("GitHub rejected the server's credentials (check GITHUB_TOKEN).".into())
        }
        status if status.is_server_error() => AppError::Upstream(format!("GitHub answered {status}.")),
        status => AppError::Internal(format!("GitHub answered with an unexpected status ({status}).")),
    }
}

/// Seconds until `x-ratelimit-reset` (a Unix time), if GitHub sent it.
fn reset_in(headers: &HeaderMap) -> Option<u64> {
    let reset = header_string(headers, "x-ratelimit-reset")?.trim().parse::<u64>().ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(reset.saturating_sub(now))
}

fn now_rfc3339() -> String {
    crate::format::rfc3339_from_unix(unix_now())
}

/// Now, in seconds since the Unix epoch (GitHub's rate-limit resets are written so).
pub(super) fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
