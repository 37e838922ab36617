//! Leptra's HTTP server: builds the axum router around the Leptos app.
//!
//! `main` only reads the configuration and calls [`serve`]; integration tests
//! call [`router`] and serve it on an ephemeral port.

pub mod config;

mod api;
pub mod encoding;
mod etag;
pub mod export;
mod health;
pub mod live_content;
mod llms;
pub mod og;
mod overload;
pub mod page_cache;
mod security;
mod seo;
mod serve;

use std::{path::PathBuf, time::Duration};

use axum::{
    body::Body, extract::FromRef, extract::Request, middleware::Next, response::Response, routing::get, Router,
};
use http::{header, HeaderValue};
use leptos::{
    config::LeptosOptions,
    prelude::{provide_context, use_context},
};
use leptos_axum::LeptosRoutes;
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate as _},
    limit::RequestBodyLimitLayer,
    trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use app::{
    docs::store::{DocsConfig, DocsStore},
    search::index::SearchIndex,
    server::{
        content::{Content, DocVersions, LiveContent},
        github::{
            cache::{CachePolicy, ReposService},
            client::{ClientBuildError, ClientConfig, GithubClient},
            stars::StarsService,
        },
        shared::{SharedCache, SharedCacheError},
        state::AppState,
    },
    shell,
};
pub use config::{Config, ConfigError, Limits, LogFormat};
pub use page_cache::{PageCache, PageCachePolicy};
pub use serve::{serve, serve_until, serve_with, shutdown_signals, Stopped};

/// The `nonce` Leptos writes on its scripts: the same on every page (see `router_with_pages`).
const STATIC_NONCE: &str = "static";

/// The router's state: Leptos' options and the application's services.
#[derive(Clone)]
pub struct ServerState {
    /// Leptos' settings.
    pub leptos: LeptosOptions,
    /// Services shared with server functions (the public origin among them).
    pub app: AppState,
    /// The docs pages' social images, drawn on demand.
    pub social_images: og::SocialImages,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

/// Why the services could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A value the configuration let through but a service refused.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The GitHub client could not be built.
    #[error(transparent)]
    Github(#[from] ClientBuildError),
    /// The shared cache's URL could not be read.
    #[error(transparent)]
    SharedCache(#[from] SharedCacheError),
    /// The content folder could not be read.
    #[error("LEPTRA_CONTENT_DIR={}: {source}", dir.display())]
    Content {
        /// The folder.
        dir: PathBuf,
        /// What went wrong.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The search index could not be built.
    #[error("search index: {0}")]
    Search(Box<dyn std::error::Error + Send + Sync>),
}

/// Builds the services for `config`: the GitHub client, caches, stars and content.
pub fn services(config: &Config) -> Result<AppState, StartError> {
    let client = GithubClient::new(ClientConfig {
        base_url: config.github_api_url.clone(),
        token: config.github_token.clone(),
        connect_timeout: config.github_connect_timeout,
        timeout: config.github_timeout,
        max_pages: config.github_max_pages,
        concurrency: config.github_concurrency,
        deadline: config.limits.request_timeout,
    })?;
    let shared = match &config.redis {
        Some(redis) => SharedCache::connect(redis)?,
        None => SharedCache::disabled(),
    };
    // A fetch takes at most a few GitHub timeouts (page 1, then the rest at once).
    let lock_ttl = config.github_timeout.saturating_mul(2);
    let repos = ReposService::new(
        client.clone(),
        CachePolicy {
            ttl: config.repos_cache_ttl,
            stale: config.repos_cache_stale,
            max_bytes: config.repos_cache_bytes,
            rate_limit_reserve: config.github_rate_limit_reserve,
            lock_ttl,
            stale_if_error: config.repos_stale_if_error,
        },
        shared.clone(),
    );
    let stars = StarsService::new(client, &config.stars_repo, config.stars_revalidate, shared, lock_ttl);
    Ok(AppState {
        repos,
        stars,
        content: load_content(config)?,
        repos_cache_control: header_value("REPOS_CACHE_CONTROL", &config.repos_cache_control)?,
        site_url: config.site_url.clone(),
        docs_cache_control: header_value("LEPTRA_DOCS_CACHE_CONTROL", &config.docs_cache_control)?,
        inline_css: config.inline_css,
        export: None,
    })
}

/// Reads the docs of every version and builds their search index.
fn load_content(config: &Config) -> Result<LiveContent, StartError> {
    let dir = &config.content_dir;
    let content_error =
        |err: Box<dyn std::error::Error + Send + Sync>| StartError::Content { dir: dir.clone(), source: err };
    let edit_base_url = config.site.edit_base_url();
    let docs = DocsStore::load(DocsConfig {
        content_dir: dir.clone(),
        edit_base_url: edit_base_url.clone(),
        show_problems: config.watch_content,
        version: None,
    })
    .map_err(|err| content_error(err.into()))?;
    let (versions, version_problems) = DocVersions::load(dir, edit_base_url.as_deref(), config.watch_content)
        .map_err(|err| content_error(err.into()))?;
    for problem in docs.problems().into_iter().chain(version_problems) {
        tracing::warn!(%problem, "content problem");
    }
    let search = SearchIndex::build(&docs.search_documents()).map_err(|err| StartError::Search(err.into()))?;
    let site = config.site.clone();
    Ok(LiveContent::new(Content { docs, search, versions: versions.into(), site }, config.watch_content))
}

/// `value` as a header value (the configuration checked it already).
fn header_value(var: &'static str, value: &str) -> Result<HeaderValue, ConfigError> {
    HeaderValue::from_str(value).map_err(|err| ConfigError::Env {
        var,
        value: value.to_owned(),
        reason: err.to_string(),
    })
}

/// The page cache `config` asks for.
pub fn page_cache(config: &Config) -> PageCache {
    PageCache::new(page_cache_policy(config))
}

/// How the page cache `config` asks for keeps answers.
pub fn page_cache_policy(config: &Config) -> PageCachePolicy {
    PageCachePolicy {
        docs_ttl: config.stars_revalidate.max(Duration::from_secs(1)),
        data_ttl: config.repos_cache_ttl,
        max_bytes: config.page_cache_bytes,
    }
}

/// Builds the complete application router for `config` and its services.
pub fn router(config: &Config, app_state: AppState) -> Router {
    router_with_pages(config, app_state, page_cache(config))
}

/// Builds the router around a page cache the caller keeps a handle to (tests
/// and benchmarks read its size).
pub fn router_with_pages(config: &Config, app_state: AppState, pages: PageCache) -> Router {
    let options = config.leptos.clone();
    let routes = route_list();
    let context = request_context(app_state.clone());
    let hashed_assets = options.hash_files;
    let state = ServerState {
        leptos: options.clone(),
        app: app_state,
        social_images: og::SocialImages::new(&config.og_font_dir),
    };
    let security = security_config(config);
    let limits = config.limits;
    let live = state.app.content.is_watched().then(|| {
        live_content::watch(&config.content_dir, state.app.content.clone(), pages.clone())
            .inspect_err(|error| tracing::error!(%error, "cannot watch the content folder; edits need a restart"))
    });

    let site = Router::new()
        .route("/api/github-repos/{username}", get(api::github_repos))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/robots.txt", get(seo::robots))
        .merge(live.and_then(Result::ok).map(live_content::routes).unwrap_or_default())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(context, shell))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(state.app.clone(), pin_content))
        .layer(axum::middleware::from_fn(api::server_fn_status))
        .layer(axum::middleware::from_fn(move |req: Request, next: Next| {
            static_cache_headers(req, next, hashed_assets)
        }))
        .layer(axum::middleware::from_fn_with_state(security.clone(), security::page_policy))
        .layer(axum::middleware::from_fn(etag::tag))
        .layer(axum::middleware::from_fn_with_state(state.clone(), llms::serve))
        .layer(axum::middleware::from_fn_with_state(pages, page_cache::serve_cached))
        .layer(axum::middleware::from_fn_with_state(state.clone(), og::serve))
        .layer(axum::middleware::from_fn(etag::not_modified))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .br(true)
                .quality(encoding::ON_THE_FLY)
                .compress_when(DefaultPredicate::new().and(encoding::NotStored)),
        )
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes));
    overload::guard(site, &limits).layer(axum::middleware::from_fn_with_state(security, security::headers)).layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// The app's route table, listed once per process. Leptos suppresses
/// resource loading process-wide while it walks the app to list its routes, so
/// a render whose resources started during a second walk (another router built
/// in the same process, as tests do) would wait forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| leptos_axum::generate_route_list(app::App)).clone()
}

/// Gives the request one version of the docs, whatever changes while it renders.
async fn pin_content(
    axum::extract::State(app_state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response<Body> {
    let content = app_state.content.snapshot();
    req.extensions_mut().insert(content);
    next.run(req).await
}

/// What every render of a page or server function finds in its context.
fn request_context(app_state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        // One version of the docs for the whole request, however many lookups it
        // makes: the one its page's data came from, when it has any.
        let content = use_context::<http::request::Parts>()
            .and_then(|request| request.extensions.get::<std::sync::Arc<app::server::content::Content>>().cloned())
            .unwrap_or_else(|| app_state.content.snapshot());
        provide_context(content);
        provide_context(app_state.clone());
        // While exporting, pages and server functions render for a static host (`app::static_export`).
        if let Some(export) = app_state.export.clone() {
            provide_context(export);
        }
        // Leptos gives every render a random nonce; a page must be the same bytes for
        // everyone (one copy per URL in every cache, one `ETag` across replicas). The
        // policy allows inline scripts by their hashes and names no nonce, so this
        // fixed value grants nothing.
        provide_context(leptos::nonce::Nonce::from_value(STATIC_NONCE));
    }
}

/// The security headers' settings: HTTPS, and the reload socket in development.
fn security_config(config: &Config) -> security::SecurityConfig {
    let options = &config.leptos;
    security::SecurityConfig {
        https: config.https(),
        dev_connect: (options.env == leptos::config::Env::DEV).then(|| {
            let port = options.reload_port;
            format!("ws://127.0.0.1:{port} ws://localhost:{port}")
        }),
    }
}

/// Gives static assets a `Cache-Control` that matches how they are named.
///
/// Files under `/pkg/` carry a content hash in release builds, so they are
/// cached for a year; without hashes they must be revalidated. Other files
/// from `public/` get a short lifetime. Pages set their own (and never vary
/// on cookies: their HTML is a function of their URL).
async fn static_cache_headers(req: Request, next: Next, hashed_assets: bool) -> Response<Body> {
    let is_pkg = req.uri().path().starts_with("/pkg/");
    let mut response = next.run(req).await;
    if security::is_html(&response) {
        return response;
    }
    if response.headers().contains_key(header::CACHE_CONTROL) || !response.status().is_success() {
        return response;
    }
    let value = match (is_pkg, hashed_assets) {
        (true, true) => "public, max-age=31536000, immutable",
        (true, false) => "no-cache",
        (false, _) => "public, max-age=3600",
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
