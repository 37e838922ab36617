//! Server configuration: typed, defaulted, overridable from the environment and
//! validated at start-up.
//!
//! A bad value stops the server with a one-line error naming the variable.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use app::{docs::problem::Problem, site::config::SiteConfig};
use leptos::config::LeptosOptions;

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// An environment variable.
    #[error("invalid configuration: {var}={value:?}: {reason}")]
    Env {
        /// The environment variable at fault.
        var: &'static str,
        /// The value it had.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The content folder's site file (`site.toml`): `file:line:column: message`.
    #[error("{0}")]
    Site(Problem),
}

/// Everything the server needs to know at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Leptos' own settings: address, site root, output name.
    pub leptos: LeptosOptions,
    /// The GitHub REST API base URL (`GITHUB_API_URL`).
    pub github_api_url: String,
    /// An optional GitHub token (`GITHUB_TOKEN`); only ever sent to GitHub.
    pub github_token: Option<String>,
    /// Timeout for connecting to GitHub (`GITHUB_CONNECT_TIMEOUT_MS`).
    pub github_connect_timeout: Duration,
    /// Timeout for a whole GitHub request (`GITHUB_TIMEOUT_MS`).
    pub github_timeout: Duration,
    /// Most result pages fetched for one user (`GITHUB_MAX_PAGES`).
    pub github_max_pages: u32,
    /// Most page requests in flight for one user (`GITHUB_CONCURRENCY`).
    pub github_concurrency: usize,
    /// How long fetched repositories are fresh (`REPOS_CACHE_TTL_SECS`).
    pub repos_cache_ttl: Duration,
    /// How long stale repositories may still be served while refreshing (`REPOS_CACHE_STALE_SECS`).
    pub repos_cache_stale: Duration,
    /// `Cache-Control` for user pages and the JSON API (`REPOS_CACHE_CONTROL`).
    pub repos_cache_control: String,
    /// The repository whose stars the docs show (`LEPTRA_STARS_REPO`, else
    /// the site file's, else its GitHub project's; `owner/name`).
    pub stars_repo: String,
    /// How often the stars page may be regenerated (`LEPTRA_STARS_REVALIDATE_SECS`).
    pub stars_revalidate: Duration,
    /// Where the Markdown content lives (`LEPTRA_CONTENT_DIR`).
    pub content_dir: PathBuf,
    /// The folder with the social images' fonts (`LEPTRA_OG_FONT_DIR`).
    pub og_font_dir: PathBuf,
    /// Whether the content folder is watched and edits are served live
    /// (`LEPTRA_WATCH_CONTENT`; on by default in development only).
    pub watch_content: bool,
    /// The public origin of the site, for absolute URLs (`LEPTRA_SITE_URL`,
    /// else the site file's `url`, else the address the server listens on).
    pub site_url: String,
    /// The content folder's site file (`site.toml`) as read at start-up.
    pub site: std::sync::Arc<SiteConfig>,
    /// How log lines are written (`LEPTRA_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// The most bytes rendered pages may take in memory (`LEPTRA_PAGE_CACHE_MB`).
    pub page_cache_bytes: u64,
    /// The most bytes cached repository lists may take in memory (`LEPTRA_REPOS_CACHE_MB`).
    pub repos_cache_bytes: u64,
    /// Below this many remaining GitHub requests, stale data is served instead of
    /// refreshing it (`GITHUB_RATE_LIMIT_RESERVE`).
    pub github_rate_limit_reserve: u64,
    /// `Cache-Control` for docs pages and their JSON (`LEPTRA_DOCS_CACHE_CONTROL`).
    pub docs_cache_control: String,
    /// Whether pages carry the stylesheet inside them instead of linking its
    /// hashed file (`LEPTRA_INLINE_CSS`; off: see the docs' performance page).
    pub inline_css: bool,
    /// The shared cache (`REDIS_URL`, `REDIS_KEY_PREFIX`, `REDIS_TIMEOUT_MS`); none without `REDIS_URL`.
    pub redis: Option<app::server::shared::SharedConfig>,
    /// Limits that protect the server from slow or numerous clients.
    pub limits: Limits,
    /// How old a repository list may be, counted from its fetch, and still be
    /// shown when GitHub fails (`REPOS_STALE_IF_ERROR_SECS`; zero never).
    pub repos_stale_if_error: Duration,
    /// How the server stops when asked to.
    pub drain: Drain,
}

/// How the server stops on SIGTERM or SIGINT: `/readyz` turns `503` at once,
/// the server serves on for `notice`, then stops accepting and finishes the
/// requests in flight within `deadline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drain {
    /// How long it keeps serving while it reports not ready, so that balancers
    /// stop sending before the port closes (`LEPTRA_DRAIN_NOTICE_MS`; none in
    /// development, 5 s in production).
    pub notice: Duration,
    /// The longest it waits for open requests once it stops accepting
    /// (`LEPTRA_DRAIN_SECS`, default 10); a second signal ends it at once.
    pub deadline: Duration,
}

/// Limits on what one client, or all of them together, can make the server hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time a client has to send a request's headers (`LEPTRA_HEADER_TIMEOUT_MS`).
    pub header_timeout: Duration,
    /// Time a whole request may take, body and answer included (`LEPTRA_REQUEST_TIMEOUT_MS`).
    pub request_timeout: Duration,
    /// The largest request body accepted, e.g. by server functions (`LEPTRA_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// Requests handled at once; more are answered `503` at once (`LEPTRA_MAX_IN_FLIGHT`).
    pub max_in_flight: usize,
}

impl Config {
    /// Whether the site is served over HTTPS (`LEPTRA_SITE_URL` starts with `https://`):
    /// then responses carry `Strict-Transport-Security` and cookies are `Secure`.
    pub fn https(&self) -> bool {
        self.site_url.starts_with("https://")
    }
}

/// How the server writes its logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines with `key=value` fields (the default).
    Text,
    /// One JSON object per line, with the request's span fields, for log collectors.
    Json,
}

impl Config {
    /// With hashed file names, Leptos reads the hashes from a file next to the
    /// binary on every page render; a missing file would fail every page, so it
    /// fails start-up instead.
    pub fn check_hash_file(&self) -> Result<(), ConfigError> {
        if !self.leptos.hash_files {
            return Ok(());
        }
        let exe = std::env::current_exe().unwrap_or_default();
        let path = exe.parent().unwrap_or(std::path::Path::new(".")).join(&*self.leptos.hash_file);
        if path.is_file() {
            return Ok(());
        }
        Err(ConfigError::Env {
            var: "LEPTOS_HASH_FILES",
            value: "true".to_owned(),
            reason: format!("{} is missing (`cargo leptos build --release` writes it)", path.display()),
        })
    }

    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup`, which maps a variable name to its value.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env(&lookup);
        let leptos = leptos_options(&env)?;
        let github_timeout = Duration::from_millis(env.parse("GITHUB_TIMEOUT_MS", 10_000)?);
        let content_dir = PathBuf::from(env.string("LEPTRA_CONTENT_DIR", "content"));
        let site = std::sync::Arc::new(SiteConfig::load(&content_dir).map_err(ConfigError::Site)?);
        let default_url = site.url.clone().unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        Ok(Config {
            github_api_url: http_url(&env, "GITHUB_API_URL", "https://api.github.com")?,
            github_token: github_token(&env)?,
            github_connect_timeout: Duration::from_millis(env.parse("GITHUB_CONNECT_TIMEOUT_MS", 3_000)?),
            github_timeout,
            github_max_pages: env.in_range("GITHUB_MAX_PAGES", 50, 1, 1000)?,
            github_concurrency: env.in_range("GITHUB_CONCURRENCY", 16, 1, 64)?,
            repos_cache_ttl: Duration::from_secs(env.parse("REPOS_CACHE_TTL_SECS", 60)?),
            repos_cache_stale: Duration::from_secs(env.parse("REPOS_CACHE_STALE_SECS", 600)?),
            repos_cache_control: env
                .header_value("REPOS_CACHE_CONTROL", "public, s-maxage=10, stale-while-revalidate=59")?,
            stars_repo: stars_repo(&env, site.stars_repository().as_deref())?,
            stars_revalidate: Duration::from_secs(env.parse("LEPTRA_STARS_REVALIDATE_SECS", 3_600)?),
            content_dir,
            og_font_dir: PathBuf::from(env.string("LEPTRA_OG_FONT_DIR", "/usr/share/fonts/truetype/nanum")),
            watch_content: env.parse("LEPTRA_WATCH_CONTENT", leptos.env == leptos::config::Env::DEV)?,
            site_url: http_url(&env, "LEPTRA_SITE_URL", &default_url)?,
            site,
            log_format: log_format(&env)?,
            page_cache_bytes: env.positive::<u64>("LEPTRA_PAGE_CACHE_MB", 64)?.saturating_mul(1024 * 1024),
            repos_cache_bytes: env.positive::<u64>("LEPTRA_REPOS_CACHE_MB", 64)?.saturating_mul(1024 * 1024),
            github_rate_limit_reserve: env.parse("GITHUB_RATE_LIMIT_RESERVE", 100)?,
            docs_cache_control: env.header_value(
                "LEPTRA_DOCS_CACHE_CONTROL",
                "public, max-age=60, s-maxage=300, stale-while-revalidate=86400",
            )?,
            inline_css: env.parse("LEPTRA_INLINE_CSS", false)?,
            redis: redis(&env)?,
            limits: limits(&env, github_timeout)?,
            repos_stale_if_error: Duration::from_secs(env.in_range(
                "REPOS_STALE_IF_ERROR_SECS",
                24 * 3600,
                0,
                30 * 24 * 3600,
            )?),
            drain: drain(&env, leptos.env == leptos::config::Env::DEV)?,
            leptos,
        })
    }
}

/// Leptos' own settings (`LEPTOS_*`), as `cargo leptos` passes them.
fn leptos_options(env: &Env<'_>) -> Result<LeptosOptions, ConfigError> {
    let leptos_env = match env.string("LEPTOS_ENV", "DEV").as_str() {
        "DEV" | "dev" | "development" => leptos::config::Env::DEV,
        "PROD" | "prod" | "production" => leptos::config::Env::PROD,
        other => return Err(env.invalid("LEPTOS_ENV", other, "expected DEV or PROD")),
    };
    Ok(LeptosOptions::builder()
        .output_name(env.string("LEPTOS_OUTPUT_NAME", option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("leptra")))
        .site_root(env.string("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env.string("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(env.parse("LEPTOS_SITE_ADDR", SocketAddr::from(([127, 0, 0, 1], 3000)))?)
        .reload_port(env.parse("LEPTOS_RELOAD_PORT", 3001)?)
        .env(leptos_env)
        .hash_files(env.parse("LEPTOS_HASH_FILES", false)?)
        .hash_file(env.string("LEPTOS_HASH_FILE_NAME", "hash.txt").into())
        .build())
}

/// An `http://` or `https://` URL with a host, without its trailing slashes.
fn http_url(env: &Env<'_>, var: &'static str, default: &str) -> Result<String, ConfigError> {
    let url = env.string(var, default).trim_end_matches('/').to_owned();
    let has_host = url.parse::<http::Uri>().is_ok_and(|uri| uri.host().is_some());
    if !(url.starts_with("http://") || url.starts_with("https://")) || !has_host {
        return Err(env.invalid(var, &url, "expected an http(s) URL"));
    }
    Ok(url)
}

/// `GITHUB_TOKEN`, if set and not blank; never printed.
fn github_token(env: &Env<'_>) -> Result<Option<String>, ConfigError> {
    let token = env.get("GITHUB_TOKEN").filter(|t| !t.trim().is_empty());
    if token.as_ref().is_some_and(|token| !token.chars().all(|c| c.is_ascii_graphic())) {
        return Err(ConfigError::hidden("GITHUB_TOKEN", "a token is printable ASCII without spaces"));
    }
    Ok(token)
}

/// `LEPTRA_STARS_REPO`: `owner/name`.
fn stars_repo(env: &Env<'_>, from_site: Option<&str>) -> Result<String, ConfigError> {
    let repo = env.string("LEPTRA_STARS_REPO", from_site.unwrap_or("leptra-rs/leptra"));
    if repo.split('/').filter(|part| !part.is_empty()).count() != 2 {
        return Err(env.invalid("LEPTRA_STARS_REPO", &repo, "expected owner/name"));
    }
    Ok(repo)
}

/// The shared cache, when `REDIS_URL` is set; the URL is never printed (it may carry a password).
fn redis(env: &Env<'_>) -> Result<Option<app::server::shared::SharedConfig>, ConfigError> {
    const SCHEMES: [&str; 6] = ["redis://", "rediss://", "valkey://", "valkeys://", "redis+unix://", "unix://"];
    let Some(url) = env.get("REDIS_URL").filter(|url| !url.trim().is_empty()) else { return Ok(None) };
    if !SCHEMES.iter().any(|scheme| url.starts_with(scheme)) {
        return Err(ConfigError::hidden("REDIS_URL", "expected a redis:// or rediss:// URL"));
    }
    let key_prefix = env.string("REDIS_KEY_PREFIX", "leptra:");
    let timeout = Duration::from_millis(env.positive("REDIS_TIMEOUT_MS", 250)?);
    Ok(Some(app::server::shared::SharedConfig { url, key_prefix, timeout }))
}

/// `LEPTRA_LOG_FORMAT`: `text` or `json`.
fn log_format(env: &Env<'_>) -> Result<LogFormat, ConfigError> {
    match env.string("LEPTRA_LOG_FORMAT", "text").as_str() {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        other => Err(env.invalid("LEPTRA_LOG_FORMAT", other, "expected text or json")),
    }
}

/// The client limits; a request may take longer than one call to GitHub.
fn limits(env: &Env<'_>, github_timeout: Duration) -> Result<Limits, ConfigError> {
    let limits = Limits {
        header_timeout: Duration::from_millis(env.positive("LEPTRA_HEADER_TIMEOUT_MS", 10_000)?),
        request_timeout: Duration::from_millis(env.positive("LEPTRA_REQUEST_TIMEOUT_MS", 30_000)?),
        max_body_bytes: env.positive("LEPTRA_MAX_BODY_BYTES", 64 * 1024)?,
        max_in_flight: env.positive("LEPTRA_MAX_IN_FLIGHT", 1024)?,
    };
    if limits.request_timeout <= github_timeout {
        let value = limits.request_timeout.as_millis().to_string();
        return Err(env.invalid("LEPTRA_REQUEST_TIMEOUT_MS", &value, "must be longer than GITHUB_TIMEOUT_MS"));
    }
    Ok(limits)
}

/// How the server stops; in development nothing balances it, so it gives no notice.
fn drain(env: &Env<'_>, development: bool) -> Result<Drain, ConfigError> {
    let notice = env.in_range("LEPTRA_DRAIN_NOTICE_MS", if development { 0 } else { 5_000 }, 0, 600_000)?;
    Ok(Drain {
        notice: Duration::from_millis(notice),
        deadline: Duration::from_secs(env.in_range("LEPTRA_DRAIN_SECS", 10, 1, 3_600)?),
    })
}

impl ConfigError {
    /// The environment variable at fault; empty for the site file.
    pub fn var(&self) -> &str {
        match self {
            ConfigError::Env { var, .. } => var,
            ConfigError::Site(_) => "",
        }
    }

    /// An error about a secret: its value is not repeated.
    fn hidden(var: &'static str, reason: &str) -> Self {
        ConfigError::Env { var, value: "<hidden>".to_owned(), reason: reason.to_owned() }
    }
}

/// Typed access to the variables, remembering which one failed.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
    }

    fn string(&self, var: &'static str, default: &str) -> String {
        self.get(var).unwrap_or_else(|| default.to_owned())
    }

    fn parse<T>(&self, var: &'static str, default: T) -> Result<T, ConfigError>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        match self.get(var) {
            None => Ok(default),
            Some(raw) => raw.trim().parse().map_err(|err: T::Err| self.invalid(var, &raw, &err.to_string())),
        }
    }

    /// Like [`Env::parse`], refusing zero.
    fn positive<T>(&self, var: &'static str, default: T) -> Result<T, ConfigError>
    where
        T: std::str::FromStr + Default + PartialEq + ToString,
        T::Err: std::fmt::Display,
    {
        let value = self.parse(var, default)?;
        if value == T::default() {
            return Err(self.invalid(var, &value.to_string(), "expected a number above 0"));
        }
        Ok(value)
    }

    /// Like [`Env::parse`], refusing values outside `min..=max`.
    fn in_range<T>(&self, var: &'static str, default: T, min: T, max: T) -> Result<T, ConfigError>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display,
        T::Err: std::fmt::Display,
    {
        let value = self.parse(var, default)?;
        if value < min || value > max {
            return Err(self.invalid(var, &value.to_string(), &format!("expected {min} to {max}")));
        }
        Ok(value)
    }

    /// A value that must be sendable as an HTTP header, such as a `Cache-Control`.
    fn header_value(&self, var: &'static str, default: &str) -> Result<String, ConfigError> {
        let value = self.string(var, default);
        if http::HeaderValue::from_str(&value).is_err() {
            return Err(self.invalid(var, &value, "not a valid header value"));
        }
        Ok(value)
    }

    fn invalid(&self, var: &'static str, value: &str, reason: &str) -> ConfigError {
        ConfigError::Env { var, value: value.to_owned(), reason: reason.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_point_at_the_real_github() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.github_api_url, "https://api.github.com");
        assert_eq!(config.github_token, None);
        assert_eq!(config.repos_cache_control, "public, s-maxage=10, stale-while-revalidate=59");
        assert_eq!(config.leptos.site_addr.to_string(), "127.0.0.1:3000");
    }

    #[test]
    fn a_bad_address_names_the_variable() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).expect_err("rejected");
        assert_eq!(err.var(), "LEPTOS_SITE_ADDR");
        let line = err.to_string();
        assert!(line.contains("LEPTOS_SITE_ADDR") && !line.contains('\n'), "{line}");
    }

    #[test]
    fn a_bad_api_url_is_rejected() {
        let err = config(&[("GITHUB_API_URL", "ftp://example")]).expect_err("rejected");
        assert_eq!(err.var(), "GITHUB_API_URL");
        let err = config(&[("GITHUB_API_URL", "http://")]).expect_err("rejected");
        assert_eq!(err.var(), "GITHUB_API_URL");
    }

    #[test]
    fn the_token_is_never_printed_in_errors() {
        let err = config(&[("GITHUB_TOKEN", "secret value")]).expect_err("rejected");
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn limits_and_cache_bounds_have_defaults_and_refuse_zero() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.page_cache_bytes, 64 * 1024 * 1024);
        assert_eq!(config.limits.max_body_bytes, 64 * 1024);
        assert!(!config.https());
        for var in ["LEPTRA_PAGE_CACHE_MB", "LEPTRA_REPOS_CACHE_MB", "LEPTRA_MAX_IN_FLIGHT", "LEPTRA_HEADER_TIMEOUT_MS"]
        {
            assert_eq!(super::tests::config(&[(var, "0")]).expect_err("rejected").var(), var);
        }
        let err = super::tests::config(&[("LEPTRA_REQUEST_TIMEOUT_MS", "5000")]).expect_err("shorter than GitHub's");
        assert_eq!(err.var(), "LEPTRA_REQUEST_TIMEOUT_MS");
        assert!(super::tests::config(&[("LEPTRA_SITE_URL", "https://docs.example")]).expect("valid").https());
    }

    #[test]
    fn content_is_watched_in_development_and_on_request_in_production() {
        assert!(config(&[]).expect("valid").watch_content, "DEV is the default");
        assert!(!config(&[("LEPTOS_ENV", "PROD")]).expect("valid").watch_content);
        let preview = config(&[("LEPTOS_ENV", "PROD"), ("LEPTRA_WATCH_CONTENT", "true")]).expect("valid");
        assert!(preview.watch_content);
        assert!(!config(&[("LEPTRA_WATCH_CONTENT", "false")]).expect("valid").watch_content);
        assert_eq!(config(&[("LEPTRA_WATCH_CONTENT", "yes")]).expect_err("rejected").var(), "LEPTRA_WATCH_CONTENT");
    }

    #[test]
    fn redis_is_optional_and_its_url_is_never_printed() {
        let config = config(&[]).expect("valid");
        assert!(config.redis.is_none());
        assert_eq!(config.docs_cache_control, "public, max-age=60, s-maxage=300, stale-while-revalidate=86400");
        let shared = super::tests::config(&[("REDIS_URL", "redis://127.0.0.1:6379/0")]).expect("valid");
        let redis = shared.redis.expect("configured");
        assert_eq!((redis.key_prefix.as_str(), redis.timeout), ("leptra:", Duration::from_millis(250)));
        let err = super::tests::config(&[("REDIS_URL", "http://user:hunter2@cache")]).expect_err("rejected");
        assert_eq!(err.var(), "REDIS_URL");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = super::tests::config(&[("REDIS_URL", "redis://x"), ("REDIS_TIMEOUT_MS", "0")]).expect_err("rejected");
        assert_eq!(err.var(), "REDIS_TIMEOUT_MS");
    }

    #[test]
    fn the_drain_and_stale_if_error_have_defaults_and_bounds() {
        let development = config(&[]).expect("valid");
        assert_eq!(development.drain, Drain { notice: Duration::ZERO, deadline: Duration::from_secs(10) });
        assert_eq!(development.repos_stale_if_error, Duration::from_secs(24 * 3600));
        let production = config(&[("LEPTOS_ENV", "PROD")]).expect("valid");
        assert_eq!(production.drain.notice, Duration::from_secs(5), "balancers get time to notice");
        let set = config(&[
            ("LEPTRA_DRAIN_NOTICE_MS", "250"),
            ("LEPTRA_DRAIN_SECS", "3"),
            ("REPOS_STALE_IF_ERROR_SECS", "0"),
        ])
        .expect("valid");
        assert_eq!(set.drain, Drain { notice: Duration::from_millis(250), deadline: Duration::from_secs(3) });
        assert_eq!(set.repos_stale_if_error, Duration::ZERO);
        for (var, value) in [
            ("LEPTRA_DRAIN_SECS", "0"),
            ("LEPTRA_DRAIN_SECS", "3601"),
            ("LEPTRA_DRAIN_NOTICE_MS", "-1"),
            ("REPOS_STALE_IF_ERROR_SECS", "2592001"),
            ("REPOS_STALE_IF_ERROR_SECS", "a day"),
        ] {
            assert_eq!(config(&[(var, value)]).expect_err("rejected").var(), var, "{var}={value}");
        }
    }

    #[test]
    fn numbers_out_of_range_are_rejected() {
        assert_eq!(config(&[("GITHUB_MAX_PAGES", "0")]).expect_err("rejected").var(), "GITHUB_MAX_PAGES");
        let err = config(&[("GITHUB_MAX_PAGES", "1001")]).expect_err("rejected");
        assert_eq!(err.var(), "GITHUB_MAX_PAGES");
        assert!(err.to_string().ends_with(": expected 1 to 1000"), "{err}");
        assert_eq!(config(&[("GITHUB_CONCURRENCY", "65")]).expect_err("rejected").var(), "GITHUB_CONCURRENCY");
        assert_eq!(config(&[("GITHUB_CONCURRENCY", "64")]).expect("valid").github_concurrency, 64);
        assert_eq!(config(&[("GITHUB_TIMEOUT_MS", "soon")]).expect_err("rejected").var(), "GITHUB_TIMEOUT_MS");
    }
}
