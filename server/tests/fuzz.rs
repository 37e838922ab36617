//! A request fuzzer over the real router: thousands of random paths, queries,
//! methods, headers and bodies. No request may panic the server, answer 500
//! (except the fake users whose GitHub answers make a 500 on purpose) or take
//! longer than the request timeout.

#[path = "support/harness.rs"]
mod harness;

use std::{
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use futures::StreamExt;
use harness::TestServer;

static PANICS: AtomicUsize = AtomicUsize::new(0);

const REQUESTS: usize = 3_000;
const REQUEST_TIMEOUT_MS: u64 = 5_000;

/// Path starts that reach every kind of handler, then random segments.
const PREFIXES: &[&str] = &[
    "/",
    "/docs/",
    "/docs/guide/",
    "/ko/docs/",
    "/ko/",
    "/user/",
    "/api/github-repos/",
    "/api/list_user_repos",
    "/api/search_docs",
    "/api/get_doc_page",
    "/api/get_sidebar",
    "/api/get_sidebar_folder",
    "/api/get_repo_stars",
    "/search",
    "/repos",
    "/pkg/",
    "/sitemap.xml",
    "/robots.txt",
    "//",
    "/%2e%2e/",
];
/// Logins whose fake GitHub answers are meant to end in a 500 (GitHub rejects the credentials, or a teapot).
const FIVE_HUNDRED_ON_PURPOSE: &[&str] = &["unauthorized", "teapot"];
const LOGINS: &[&str] = &[
    "octocat",
    "alice",
    "empty",
    "weird",
    "ratelimited",
    "toomany",
    "broken",
    "hang",
    "truncated",
    "badlink",
    "looping",
    "halfbroken",
    "shifted",
    "teapot",
    "unauthorized",
    "nobody-here",
];
const PARAMS: &[&str] = &["q", "username", "slug", "locale", "lang", "sort", "limit", "path", "folder", "x", ""];
const METHODS: &[&str] = &["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

/// A random piece of URL text: plain words, percent-encoded bytes, unicode, dots, very long runs.
fn piece(rng: &mut fastrand::Rng) -> String {
    match rng.u8(0..8) {
        0 => LOGINS[rng.usize(..LOGINS.len())].to_owned(),
        1 => (0..rng.usize(1..40)).map(|_| format!("%{:02X}", rng.u8(..))).collect(),
        2 => "..".to_owned(),
        3 => "a".repeat(rng.usize(1..4_000)),
        4 => ["ssr", "guide", "index", "markdown", "%ED%95%9C", "%00", "%E0%A4%A", "%"][rng.usize(..8)].to_owned(),
        5 => (0..rng.usize(0..20)).map(|_| rng.alphanumeric()).collect(),
        6 => ["-", "--a", "a-", "_", "~", "!", "$", "'", "(", ")", "*", "+", ",", ";", "=", "@"][rng.usize(..16)]
            .to_owned(),
        _ => rng.u64(..).to_string(),
    }
}

fn random_path(rng: &mut fastrand::Rng) -> String {
    let mut path = PREFIXES[rng.usize(..PREFIXES.len())].to_owned();
    for n in 0..rng.usize(0..4) {
        if n > 0 {
            path.push('/');
        }
        path.push_str(&piece(rng));
    }
    if rng.bool() {
        path.push('?');
        let pairs: Vec<String> =
            (0..rng.usize(1..5)).map(|_| format!("{}={}", PARAMS[rng.usize(..PARAMS.len())], piece(rng))).collect();
        path.push_str(&pairs.join("&"));
    }
    path
}

/// A random header value that HTTP allows (visible ASCII and spaces, some long).
fn header_value(rng: &mut fastrand::Rng) -> String {
    let len = if rng.u8(..10) == 0 { rng.usize(1_000..6_000) } else { rng.usize(0..60) };
    (0..len).map(|_| char::from(rng.u8(0x20..0x7f))).collect::<String>().trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_requests_never_panic_never_fail_and_always_finish_in_time() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    let server = TestServer::start(&[("LEPTRA_REQUEST_TIMEOUT_MS", &REQUEST_TIMEOUT_MS.to_string())]).await;
    let seed = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let requests: Vec<_> = (0..REQUESTS)
        .map(|_| {
            let method = METHODS[rng.usize(..METHODS.len())];
            let path = random_path(&mut rng);
            let headers: Vec<(&str, String)> = [
                (
                    "cookie",
                    format!("theme={}; locale={}; banner={}", piece(&mut rng), piece(&mut rng), header_value(&mut rng)),
                ),
                ("accept-language", header_value(&mut rng)),
                (
                    "accept-encoding",
                    ["br", "gzip", "identity", "*;q=0", "br;q=2, gzip;q=-1"][rng.usize(..5)].to_owned(),
                ),
                (
                    "content-type",
                    ["application/json", "application/x-www-form-urlencoded", "text/plain", ""][rng.usize(..4)]
                        .to_owned(),
                ),
                ("x-random", header_value(&mut rng)),
            ]
            .into_iter()
            .filter(|_| rng.bool())
            .collect();
            let body: Vec<u8> = (0..rng.usize(0..2_000)).map(|_| rng.u8(..)).collect();
            (method, path, headers, body)
        })
        .collect();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_millis(REQUEST_TIMEOUT_MS + 1_000))
        .build()
        .expect("client");
    let failures: Vec<String> = futures::stream::iter(requests)
        .map(|(method, path, headers, body)| {
            let client = &client;
            let url = server.url(&path);
            async move {
                let mut request =
                    client.request(reqwest::Method::from_bytes(method.as_bytes()).expect("method"), &url).body(body);
                for (name, value) in &headers {
                    request = request.header(*name, value);
                }
                let started = Instant::now();
                let response = match request.send().await {
                    Ok(response) => response,
                    Err(error) if error.is_builder() => return None,
                    Err(error) => return Some(format!("{method} {path}: no answer: {error}")),
                };
                let status = response.status().as_u16();
                let body = response.bytes().await;
                let elapsed = started.elapsed();
                let on_purpose = FIVE_HUNDRED_ON_PURPOSE.iter().any(|login| path.contains(login));
                let path: String = path.chars().take(160).collect();
                if (status == 500 && !on_purpose) || body.is_err() {
                    let body = body.map(|b| String::from_utf8_lossy(&b[..b.len().min(200)]).into_owned());
                    return Some(format!("{method} {path}: {status} after {elapsed:?}: {body:?}"));
                }
                (elapsed > Duration::from_millis(REQUEST_TIMEOUT_MS + 500))
                    .then(|| format!("{method} {path}: {status} only after {elapsed:?}"))
            }
        })
        .buffer_unordered(16)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "seed {seed}: {} failures, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "seed {seed}: the server panicked (see the log above)");
}
