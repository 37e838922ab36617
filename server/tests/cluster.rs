//! Several replicas behind a shared cache and a caching proxy, as real
//! processes: a `redis-server`, three `server` binaries and `nginx` (from
//! `scripts/cluster/nginx.conf`) on loopback ports, with the fake GitHub
//! counting what reaches it.
//!
//! One cluster serves every scenario in turn (starting three debug replicas
//! is the slow part); each scenario uses its own users, so none sees another's
//! cached data. Redis is stopped and started again, then every replica is
//! restarted under load, twice.

#[path = "support/harness.rs"]
mod harness;

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use harness::{repo_items, SECRET_TOKEN};
use testkit::fake_github::{FakeGithub, Options};

const REPLICAS: usize = 3;

/// A child process that is stopped (and reaped) when dropped: with SIGTERM, so
/// that nginx's master process takes its workers with it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.0.try_wait() {
            return; // It has exited already (and its number may be another process's now).
        }
        let pid = self.0.id().to_string();
        let stopped = Command::new("kill").args(["-TERM", &pid]).status().is_ok_and(|status| status.success());
        if !stopped {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// A free loopback port (bound, then released for the process that needs it).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// Waits until something accepts connections on `port`.
fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start_redis(port: u16) -> Running {
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server starts (scripts/setup.sh --test installs it)");
    wait_for_port(port, "redis-server");
    Running(child)
}

/// A replica: the `server` binary with JSON logs, whose lines are kept.
struct Replica {
    process: Running,
    port: u16,
    logs: Arc<Mutex<Vec<String>>>,
}

impl Replica {
    fn start(github: &FakeGithub, redis_port: u16) -> Replica {
        Replica::start_on(free_port(), github, redis_port)
    }

    fn start_on(port: u16, github: &FakeGithub, redis_port: u16) -> Replica {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env_clear()
            .env("LEPTRA_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
            .env("LEPTOS_SITE_ROOT", std::env::temp_dir().join("leptra-test-site"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_ENV", "PROD")
            .env("GITHUB_API_URL", github.url())
            .env("GITHUB_TOKEN", SECRET_TOKEN)
            .env("GITHUB_TIMEOUT_MS", "3000")
            .env("REDIS_URL", format!("redis://127.0.0.1:{redis_port}"))
            .env("LEPTRA_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn,app=info,server=info")
            // Not ready for a moment before the port closes, as in production (nginx does not
            // ask, so a short moment will do).
            .env("LEPTRA_DRAIN_NOTICE_MS", "200")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let logs = Arc::new(Mutex::new(Vec::new()));
        let kept = logs.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                assert!(!line.contains(SECRET_TOKEN), "the token reached the logs");
                kept.lock().expect("logs").push(line);
            }
        });
        Replica { process: Running(child), port, logs }
    }

    /// Stops the replica with SIGTERM, checks that it drained and exited
    /// cleanly, and starts it again on the same port, waiting until it is ready.
    async fn restart(&mut self, github: &FakeGithub, redis_port: u16) {
        let pid = self.process.0.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().is_ok_and(|s| s.success()), "SIGTERM not sent");
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.process.0.try_wait().expect("wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "the replica on port {} did not stop", self.port);
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(status.success(), "the replica on port {} exited with {status}", self.port);
        wait_for_log(self, r#""message":"stopped""#, self.port.into()).await;
        *self = Replica::start_on(self.port, github, redis_port);
        self.wait_until_ready().await;
    }

    /// Waits until `/readyz` answers `200`.
    async fn wait_until_ready(&self) {
        let http = client();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(response) = http.get(self.url("/readyz")).send().await {
                if response.status() == 200 {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "the replica on port {} did not become ready", self.port);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn count_logs(&self, text: &str) -> usize {
        self.logs.lock().expect("logs").iter().filter(|line| line.contains(text)).count()
    }
}

/// nginx in front of the replicas; its folder is removed after it has stopped.
struct Nginx {
    _process: Running,
    port: u16,
    _dir: tempfile::TempDir,
}

fn start_nginx(replicas: &[Replica]) -> Nginx {
    let port = free_port();
    let root = tempfile::Builder::new().prefix("leptra-cluster-nginx-").tempdir().expect("a temporary folder");
    let dir = root.path();
    std::fs::create_dir_all(dir.join("tmp")).expect("nginx temp folder");
    let upstreams: String =
        replicas.iter().map(|replica| format!("        server 127.0.0.1:{} max_fails=0;\n", replica.port)).collect();
    let template = include_str!("../../scripts/cluster/nginx.conf");
    let config = template
        .replace("@DIR@", &dir.display().to_string())
        .replace("@PORT@", &port.to_string())
        .replace("@UPSTREAMS@", upstreams.trim_end());
    let path = dir.join("nginx.conf");
    std::fs::write(&path, config).expect("nginx.conf");
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts (scripts/setup.sh --test installs it)");
    wait_for_port(port, "nginx");
    Nginx { _process: Running(child), port, _dir: root }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

async fn get(http: &reqwest::Client, url: &str, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = http.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap_or_else(|err| panic!("{url}: {err}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_share_one_cache_and_survive_its_loss() {
    // Every GitHub answer takes 100 ms, so that concurrent cold requests overlap.
    let github = FakeGithub::start(Options { latency: Duration::from_millis(100), ..Options::default() })
        .await
        .expect("fake GitHub");
    let redis_port = free_port();
    let mut redis = Some(start_redis(redis_port));
    let mut replicas: Vec<Replica> = (0..REPLICAS).map(|_| Replica::start(&github, redis_port)).collect();
    for replica in &replicas {
        wait_for_port(replica.port, "a replica");
    }
    let nginx = start_nginx(&replicas);
    let nginx_port = nginx.port;
    let http = client();

    single_flight_across_replicas(&http, &github, &replicas).await;
    corrupt_and_foreign_values_are_ignored(&http, &github, &replicas, redis_port).await;
    docs_are_served_from_the_proxy_cache(&http, nginx_port).await;
    redis_keeps_a_list_for_when_github_fails(&http, &github, &replicas, redis_port).await;

    // Redis dies: every request still succeeds, each replica fetching on its own.
    drop(redis.take());
    for (n, replica) in replicas.iter().enumerate() {
        for user in ["chaos-010", "chaos-011"] {
            let started = Instant::now();
            let (status, _, body) = get(&http, &replica.url(&format!("/user/{user}")), &[]).await;
            assert_eq!(status, 200, "replica {n}, {user}, Redis down: {body}");
            assert!(started.elapsed() < Duration::from_secs(5), "replica {n} was slowed down by the dead Redis");
        }
    }
    assert_eq!(github.page_requests("chaos-010", 1), REPLICAS as u64, "without Redis each replica fetches on its own");
    for (n, replica) in replicas.iter().enumerate() {
        wait_for_log(replica, "Redis is unavailable", n).await;
        assert_eq!(replica.count_logs("Redis is unavailable"), 1, "replica {n} logs one warning for the outage");
    }

    // Redis returns (empty, on the same port): the replicas share again.
    let _redis = start_redis(redis_port);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut attempt = 20;
    loop {
        let user = format!("chaos-{attempt:03}");
        for replica in &replicas {
            let (status, _, body) = get(&http, &replica.url(&format!("/user/{user}")), &[]).await;
            assert_eq!(status, 200, "{user} while Redis returns: {body}");
        }
        if github.page_requests(&user, 1) == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the replicas did not share again after Redis returned");
        attempt += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (n, replica) in replicas.iter().enumerate() {
        wait_for_log(replica, "Redis answers again", n).await;
    }

    rolling_restarts_lose_no_request(&github, &mut replicas, redis_port, nginx_port).await;
}

/// Waits for a log line containing `text`: lines arrive through a pipe, a little after the answer.
async fn wait_for_log(replica: &Replica, text: &str, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while replica.count_logs(text) == 0 {
        assert!(Instant::now() < deadline, "replica {n} never logged {text:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// 50 concurrent cold requests for a 13-page user, round-robin over the
/// replicas: GitHub sees each page once.
async fn single_flight_across_replicas(http: &reqwest::Client, github: &FakeGithub, replicas: &[Replica]) {
    let answers = futures::future::join_all((0..50).map(|n| {
        let url = replicas[n % replicas.len()].url("/user/pages13");
        async move { get(http, &url, &[]).await }
    }))
    .await;
    for (n, (status, _, body)) in answers.iter().enumerate() {
        assert_eq!(*status, 200, "request {n}");
        assert_eq!(repo_items(body), 1250, "request {n} lists every repository");
    }
    for page in 1..=13 {
        assert_eq!(github.page_requests("pages13", page), 1, "page {page} was fetched more than once");
    }
    assert_eq!(github.requests_for("pages13"), 13);
}

/// Garbage, an older format and a value copied under another user's key are
/// ignored, fetched again and replaced.
async fn corrupt_and_foreign_values_are_ignored(
    http: &reqwest::Client,
    github: &FakeGithub,
    replicas: &[Replica],
    redis_port: u16,
) {
    let client = redis::Client::open(format!("redis://127.0.0.1:{redis_port}")).expect("redis URL");
    let mut redis = client.get_multiplexed_async_connection().await.expect("redis connects");
    let (status, _, _) = get(http, &replicas[0].url("/user/octocat"), &[]).await;
    assert_eq!(status, 200);
    let octocat: Vec<u8> =
        redis::cmd("GET").arg("leptra:repos:octocat").query_async(&mut redis).await.expect("octocat is shared");
    assert!(!octocat.is_empty(), "octocat's listing is in Redis");
    let old_format = String::from_utf8(octocat.clone()).expect("JSON").replacen("\"v\":1", "\"v\":0", 1);
    for (user, planted) in [
        ("alice", b"\x00not json at all".to_vec()),
        ("hundred", old_format.into_bytes()),
        // Octocat's listing under another user's key: foreign, never shown as theirs.
        ("shifted", octocat),
    ] {
        let _: () = redis::cmd("SET")
            .arg(format!("leptra:repos:{user}"))
            .arg(planted)
            .query_async(&mut redis)
            .await
            .expect("planted");
        let (status, _, body) = get(http, &replicas[1].url(&format!("/user/{user}")), &[]).await;
        assert_eq!(status, 200, "{user}: {body}");
        assert!(!body.contains("octocat/"), "{user} was shown octocat's repositories");
        assert!(github.requests_for(user) >= 1, "{user} was not fetched from GitHub");
        let fetched = github.requests_for(user);
        // The bad value was replaced: another replica reads the good one.
        let (status, _, again) = get(http, &replicas[2].url(&format!("/user/{user}")), &[]).await;
        assert_eq!(status, 200);
        assert_eq!(repo_items(&again), repo_items(&body), "{user}");
        assert_eq!(github.requests_for(user), fetched, "{user}'s replaced value is shared");
    }
}

/// Through nginx: the second request for a docs page is a HIT, and visitors
/// with a dark theme or a Korean browser get the very same bytes.
async fn docs_are_served_from_the_proxy_cache(http: &reqwest::Client, nginx_port: u16) {
    let url = format!("http://127.0.0.1:{nginx_port}/docs/guide/ssr");
    let (status, first, plain) = get(http, &url, &[]).await;
    assert_eq!(status, 200);
    assert_ne!(first["x-cache-status"], "HIT", "the first request cannot be a hit");
    let (_, second, again) = get(http, &url, &[]).await;
    assert_eq!(second["x-cache-status"], "HIT", "{second:?}");
    assert_eq!(again, plain);
    for visitor in [[("cookie", "theme=dark; banner=dismissed")], [("accept-language", "ko-KR,ko;q=0.9")]] {
        let (status, headers, body) = get(http, &url, &visitor).await;
        assert_eq!(status, 200);
        assert_eq!(headers["x-cache-status"], "HIT", "{visitor:?}");
        assert!(body == plain, "{visitor:?} got other bytes");
    }
    // `/` depends on the visitor, so the proxy never keeps it.
    let home = format!("http://127.0.0.1:{nginx_port}/");
    get(http, &home, &[("cookie", "locale=en")]).await;
    let (status, headers, _) = get(http, &home, &[("accept-language", "ko")]).await;
    assert_eq!(status, 302, "a Korean browser is redirected even after an English visitor");
    assert_ne!(headers["x-cache-status"], "HIT");
}

/// GitHub is down and the only copy of a user's list is in Redis, two hours
/// old (past its stale window): replicas that never saw the user show it,
/// with its time, instead of a `502`.
async fn redis_keeps_a_list_for_when_github_fails(
    http: &reqwest::Client,
    github: &FakeGithub,
    replicas: &[Replica],
    redis_port: u16,
) {
    let (status, _, _) = get(http, &replicas[0].url("/user/chaos-000"), &[]).await;
    assert_eq!(status, 200);
    let client = redis::Client::open(format!("redis://127.0.0.1:{redis_port}")).expect("redis URL");
    let mut redis = client.get_multiplexed_async_connection().await.expect("redis connects");
    let stored: Vec<u8> =
        redis::cmd("GET").arg("leptra:repos:chaos-000").query_async(&mut redis).await.expect("the list is shared");
    let mut envelope: serde_json::Value = serde_json::from_slice(&stored).expect("an envelope");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    let fetched = now - 2 * 3600;
    envelope["fetched_at_ms"] = (fetched * 1000).into();
    let _: () = redis::cmd("SET")
        .arg("leptra:repos:chaos-000")
        .arg(envelope.to_string())
        .query_async(&mut redis)
        .await
        .expect("made older");

    github.set_down(true);
    let (status, headers, body) = get(http, &replicas[1].url("/user/chaos-000"), &[]).await;
    let error: String = body.split("class=\"error-message\">").nth(1).unwrap_or_default().chars().take(200).collect();
    assert_eq!(status, 200, "{error}");
    assert_eq!(headers["cache-control"], app::error::STALE_IF_ERROR_CACHE_CONTROL);
    assert_eq!(repo_items(&body), 150);
    assert!(body.contains("GitHub is not answering"), "no notice");
    let (status, _, json) = get(http, &replicas[2].url("/api/github-repos/chaos-000"), &[]).await;
    assert_eq!(status, 200, "{json}");
    let repos: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
    assert_eq!(repos.len(), 150);
    let as_of = app::format::rfc3339_from_unix(fetched);
    assert!(repos.iter().all(|repo| repo["as_of"] == as_of.as_str()), "{:?}", repos[0]["as_of"]);
    github.set_down(false);
}

/// What the load asks nginx for, with how many repositories a user page lists.
const LOAD: [(&str, Option<usize>); 6] = [
    ("/docs/guide/ssr", None),
    ("/user/octocat", Some(8)),
    ("/ko/docs/guide/ssr", None),
    ("/user/alice", Some(250)),
    ("/docs", None),
    ("/api/github-repos/octocat", Some(8)),
];
/// Requests the load makes while each replica restarts, at least.
const PER_RESTART: usize = 350;
/// Clients asking at once, each at most once per [`PACE`]: the load leaves the
/// machine's cores room to start the replicas again (a debug build takes seconds).
const CLIENTS: usize = 4;
const PACE: Duration = Duration::from_millis(60);

/// Clients ask nginx for docs and user pages, each URL new (so that the
/// proxy's cache never answers), while every replica is stopped with SIGTERM
/// and started again, one after another, twice: no request fails, and every
/// answer is complete.
async fn rolling_restarts_lose_no_request(
    github: &FakeGithub,
    replicas: &mut [Replica],
    redis_port: u16,
    nginx_port: u16,
) {
    let served = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..CLIENTS)
        .map(|worker| {
            let (served, done, http) = (served.clone(), done.clone(), client());
            tokio::spawn(async move {
                let mut failures = Vec::new();
                let mut n = 0;
                let mut pace = tokio::time::interval(PACE);
                pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                while !done.load(Ordering::SeqCst) {
                    pace.tick().await;
                    let (path, repos) = LOAD[(worker + n) % LOAD.len()];
                    let url = format!("http://127.0.0.1:{nginx_port}{path}?load={worker}-{n}");
                    match complete_answer(&http, &url, repos).await {
                        Ok(()) => served.fetch_add(1, Ordering::SeqCst),
                        Err(failure) => {
                            failures.push(failure);
                            0
                        }
                    };
                    n += 1;
                }
                failures
            })
        })
        .collect();
    let started = Instant::now();
    let wait_for_load = |at_least: usize| {
        let served = served.clone();
        async move {
            while served.load(Ordering::SeqCst) < at_least {
                assert!(started.elapsed() < Duration::from_secs(300), "the load stalled at {at_least}");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    wait_for_load(100).await;
    let first = served.load(Ordering::SeqCst);
    for step in 0..2 * REPLICAS {
        replicas[step % REPLICAS].restart(github, redis_port).await;
        wait_for_load(first + (step + 1) * PER_RESTART).await;
    }
    done.store(true, Ordering::SeqCst);
    let mut failures = Vec::new();
    for worker in workers {
        failures.extend(worker.await.expect("a load worker"));
    }
    let total = served.load(Ordering::SeqCst);
    let shown: Vec<&String> = failures.iter().take(10).collect();
    assert!(failures.is_empty(), "{} of {} requests failed, e.g. {shown:#?}", failures.len(), total + failures.len());
    assert!(total - first >= 2 * REPLICAS * PER_RESTART, "{total}");
    eprintln!("rolling restarts: {total} requests in {:.1?}, none failed", started.elapsed());
}

/// `Ok` if `url` answers `200` with a whole page (or JSON array) and, for a
/// user, every repository. (A body shorter than the answer announced is an
/// error for the client already.)
async fn complete_answer(http: &reqwest::Client, url: &str, repos: Option<usize>) -> Result<(), String> {
    let response = http.get(url).send().await.map_err(|err| format!("{url}: {err}"))?;
    let status = response.status();
    let body = response.text().await.map_err(|err| format!("{url}: body: {err}"))?;
    if status != 200 {
        return Err(format!("{url}: {status}: {}", body.chars().take(300).collect::<String>()));
    }
    let count = if url.contains("/api/") {
        serde_json::from_str::<Vec<serde_json::Value>>(&body).map_err(|err| format!("{url}: {err}"))?.len()
    } else if body.contains("</html>") {
        repo_items(&body)
    } else {
        return Err(format!("{url}: an incomplete page of {} bytes", body.len()));
    };
    match repos {
        Some(expected) if count != expected => Err(format!("{url}: {count} repositories instead of {expected}")),
        _ => Ok(()),
    }
}
