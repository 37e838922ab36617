//! Starts the real router on an ephemeral port, talking to the fake GitHub.

#![allow(dead_code, reason = "each test file uses a different part of the harness")]

use std::{collections::HashMap, net::SocketAddr, time::Duration};

use server::Config;
use testkit::fake_github::{FakeGithub, Options};

/// The token the tests configure; it must never appear in any response.
pub const SECRET_TOKEN: &str = "ghp_test_secret_token_do_not_leak";

/// A running Leptra server and the fake GitHub behind it.
pub struct TestServer {
    pub addr: SocketAddr,
    pub github: FakeGithub,
    pub http: reqwest::Client,
    pub state: app::server::state::AppState,
    pub config: Config,
    pub pages: server::PageCache,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Starts with default settings plus `overrides` (environment variable names).
    pub async fn start(overrides: &[(&str, &str)]) -> TestServer {
        Self::start_with(Options::default(), overrides).await
    }

    /// Starts with a fake GitHub configured by `options`.
    pub async fn start_with(options: Options, overrides: &[(&str, &str)]) -> TestServer {
        let github = FakeGithub::start(options).await.expect("fake GitHub starts");
        let mut vars: HashMap<String, String> = HashMap::from([
            ("GITHUB_API_URL".into(), github.url()),
            ("GITHUB_TOKEN".into(), SECRET_TOKEN.into()),
            ("GITHUB_TIMEOUT_MS".into(), "2000".into()),
            ("LEPTOS_SITE_ROOT".into(), std::env::temp_dir().join("leptra-test-site").display().to_string()),
            ("LEPTRA_CONTENT_DIR".into(), concat!(env!("CARGO_MANIFEST_DIR"), "/../content").into()),
            // Tests serve the content as production does, unless they ask for watching.
            ("LEPTRA_WATCH_CONTENT".into(), "false".into()),
        ]);
        for (key, value) in overrides {
            vars.insert((*key).to_owned(), (*value).to_owned());
        }
        let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration is valid");
        let state = server::services(&config).expect("services start");
        let pages = server::page_cache(&config);
        let router = server::router_with_pages(&config, state.clone(), pages.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let limits = config.limits;
        let task = tokio::spawn(async move {
            let _ = server::serve_until(listener, router, &limits, std::future::pending()).await;
        });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Generous: 16 concurrent debug-build renders of the 1,250-repository page share one test thread.
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        TestServer { addr, github, http, state, config, pages, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request completes")
    }

    /// GET `path`, asserting no response ever contains the token; returns status, headers and body.
    pub async fn fetch(&self, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        assert!(!body.contains(SECRET_TOKEN), "{path} leaked the token");
        for value in headers.values() {
            assert!(!value.to_str().unwrap_or_default().contains(SECRET_TOKEN), "{path} leaked the token in a header");
        }
        (status, headers, body)
    }
}

/// Polls `condition` every 20 ms until it holds, failing after `limit`.
pub async fn eventually(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + limit;
    while !condition() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How many repository items a rendered user page lists.
pub fn repo_items(html: &str) -> usize {
    repo_item_tags(html).count()
}

/// How many of those items are shown (the others are rendered `hidden`, for sorting and filtering in the browser).
pub fn shown_repo_items(html: &str) -> usize {
    repo_item_tags(html).filter(|tag| !tag.contains(" hidden")).count()
}

/// The opening tags of the repository items, whatever the order of their attributes.
fn repo_item_tags(html: &str) -> impl Iterator<Item = &str> {
    html.split("<li ").skip(1).filter_map(|rest| rest.split('>').next()).filter(|tag| tag.contains("class=\"repo\""))
}

/// The values of the resources a page carries for hydration, as Leptos writes
/// them (`__RESOLVED_RESOURCES[i] = "<JSON as a string literal>";`), those that
/// read back as JSON. The literal has no raw `<`, so it cannot end its script.
pub fn resource_data(html: &str) -> Vec<serde_json::Value> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|rest| rest.split_once("] = ")?.1.split_once("\";").map(|(literal, _)| format!("{literal}\"")))
        .filter_map(|literal| {
            assert!(!literal.contains('<'), "a raw < in a resource: {literal}");
            // Rust's escapes (`\u{1f}`) are JavaScript's too, but not JSON's: such a value
            // (the site's settings as text) is not one of the JSON values looked for here.
            let json: String = serde_json::from_str(&literal).ok()?;
            serde_json::from_str(&json).ok()
        })
        .collect()
}
