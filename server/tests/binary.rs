//! The `server` binary itself, as a process: start-up errors, structured logs
//! and graceful shutdown on SIGTERM (not ready first, then a bounded drain).

#[path = "support/harness.rs"]
mod harness;

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, ExitStatus, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use harness::SECRET_TOKEN;
use testkit::fake_github::{FakeGithub, Options};

/// The binary with a clean environment plus `vars`.
fn command(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("LEPTRA_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content"))
        .env("LEPTOS_SITE_ROOT", std::env::temp_dir().join("leptra-test-site"))
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .envs(vars.iter().copied());
    command
}

/// A running server process whose log lines arrive on a channel.
struct Process {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    addr: String,
}

impl Process {
    fn start(github: &FakeGithub) -> Process {
        Process::start_with(github, &[])
    }

    /// The server with `vars` besides the fake GitHub and JSON logs.
    fn start_with(github: &FakeGithub, vars: &[(&str, &str)]) -> Process {
        let url = github.url();
        let mut child =
            command(&[("GITHUB_API_URL", &url), ("GITHUB_TOKEN", SECRET_TOKEN), ("LEPTRA_LOG_FORMAT", "json")])
                .envs(vars.iter().copied())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut process = Process { child, lines, seen: Vec::new(), addr: String::new() };
        let listening =
            process.wait_for_log(|log| log["fields"]["message"].as_str().is_some_and(|m| m.starts_with("listening")));
        process.addr = listening["fields"]["addr"].as_str().expect("the address is logged").to_owned();
        process
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Waits for a JSON log line that satisfies `wanted`, remembering every line.
    /// The limit is generous: a debug build loads the docs and builds the search index first.
    fn wait_for_log(&mut self, wanted: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        for line in &self.seen {
            let log: serde_json::Value = serde_json::from_str(line).expect("every log line is JSON");
            if wanted(&log) {
                return log;
            }
        }
        loop {
            let left = deadline.checked_duration_since(Instant::now()).unwrap_or_default();
            let line =
                self.lines.recv_timeout(left).unwrap_or_else(|_| panic!("log line not seen in: {:#?}", self.seen));
            assert!(!line.contains(SECRET_TOKEN), "the token reached the logs");
            let log: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|err| panic!("not a JSON log line ({err}): {line}"));
            self.seen.push(line);
            if wanted(&log) {
                return log;
            }
        }
    }

    fn terminate(&self) {
        let status =
            Command::new("sh").arg("-c").arg(format!("kill -TERM {}", self.child.id())).status().expect("kill runs");
        assert!(status.success(), "SIGTERM not sent");
    }

    fn wait_for_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_bad_value_stops_start_up_with_one_line_naming_the_variable() {
    for (var, value) in [
        ("LEPTOS_SITE_ADDR", "not-an-address"),
        ("GITHUB_API_URL", "ftp://example.com"),
        ("GITHUB_CONCURRENCY", "0"),
        ("LEPTRA_LOG_FORMAT", "xml"),
        ("GITHUB_TOKEN", "has a space"),
        ("LEPTOS_HASH_FILES", "true"),
    ] {
        let output = command(&[(var, value), ("LEPTOS_HASH_FILE_NAME", "no-such-hash-file.txt")])
            .output()
            .expect("the server binary runs");
        assert_eq!(output.status.code(), Some(2), "{var}={value}");
        let stderr = String::from_utf8(output.stderr).expect("utf-8");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{var}: {stderr}");
        assert!(lines[0].contains(var), "{var} not named: {stderr}");
    }
    let output = command(&[("GITHUB_TOKEN", "bad token value")]).output().expect("runs");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("bad token value"), "the token was printed");
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_are_logged_as_json_lines_with_their_fields() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    let mut process = Process::start(&github);
    for probe in ["/healthz", "/readyz"] {
        assert_eq!(reqwest::get(process.url(probe)).await.expect("probe").status(), 200, "{probe}");
    }
    let response = reqwest::get(process.url("/no/such/page")).await.expect("request");
    assert_eq!(response.status(), 404);

    let log = process.wait_for_log(|log| log["span"]["uri"] == "/no/such/page" && log["fields"]["status"].is_number());
    // Probes every few seconds would drown the log: they are logged at `debug` only.
    let probes = process.seen.iter().filter(|line| line.contains("/healthz") || line.contains("/readyz")).count();
    assert_eq!(probes, 0, "{:#?}", process.seen);
    assert_eq!(log["level"], "INFO");
    assert_eq!(log["span"]["method"], "GET");
    assert_eq!(log["fields"]["status"], 404);
    assert!(log["fields"]["latency"].is_string(), "latency missing: {log}");
    assert!(log["timestamp"].is_string(), "timestamp missing: {log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_turns_readiness_off_then_finishes_the_request_in_flight_and_exits_cleanly() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    let mut process = Process::start_with(&github, &[("LEPTRA_DRAIN_NOTICE_MS", "1500")]);
    assert_eq!(reqwest::get(process.url("/readyz")).await.expect("ready").status(), 200);
    // GitHub takes 2 s to answer for `slow`: the request is still open when the signal arrives.
    let in_flight = tokio::spawn(reqwest::get(process.url("/user/slow")));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!in_flight.is_finished(), "the request finished before the signal");
    process.terminate();

    // Not ready at once, while it still serves for the notice, so balancers stop sending first.
    let signalled = Instant::now();
    loop {
        let ready = reqwest::get(process.url("/readyz")).await.expect("still serving");
        if ready.status() == 503 {
            assert_eq!(ready.headers()["cache-control"], "no-store");
            break;
        }
        assert!(signalled.elapsed() < Duration::from_secs(1), "still ready after SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(reqwest::get(process.url("/healthz")).await.expect("alive").status(), 200);
    assert_eq!(reqwest::get(process.url("/docs")).await.expect("serving").status(), 200, "serves during the notice");

    let response = in_flight.await.expect("task").expect("the request in flight is answered");
    assert_eq!(response.status(), 200);
    let body = response.text().await.expect("the whole body arrives");
    assert_eq!(harness::repo_items(&body), 3, "the page is complete");

    let status = process.wait_for_exit(Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");
    process.wait_for_log(|log| log["fields"]["message"] == "stopped");
    assert!(reqwest::get(process.url("/")).await.is_err(), "still accepting connections after exit");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_drains_deadline_or_a_second_signal_ends_it_at_once() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    // `slow` takes 2 s: one server may drain for 1 s only, the other is signalled twice.
    let bounded = Process::start_with(&github, &[("LEPTRA_DRAIN_SECS", "1")]);
    let impatient = Process::start(&github);
    for (mut process, signals, message) in
        [(bounded, 1, "the drain's deadline passed"), (impatient, 2, "asked again to stop")]
    {
        let in_flight = tokio::spawn(reqwest::get(process.url("/user/slow")));
        tokio::time::sleep(Duration::from_millis(400)).await;
        process.terminate();
        let signalled = Instant::now();
        if signals == 2 {
            let draining =
                |log: &serde_json::Value| log["fields"]["message"] == "shutting down: finishing open requests";
            process.wait_for_log(draining);
            process.terminate();
        }
        let status = process.wait_for_exit(Duration::from_secs(5));
        assert_eq!(status.code(), Some(1), "{message}: a cut drain is not a clean exit");
        assert!(signalled.elapsed() < Duration::from_millis(1500), "{message}: it waited for the request");
        process.wait_for_log(|log| log["fields"]["message"].as_str().is_some_and(|m| m.starts_with(message)));
        let answer = in_flight.await.expect("task");
        assert!(answer.is_err(), "{message}: the request in flight was answered");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_ends_open_content_event_streams_instead_of_waiting_for_them() {
    let github = FakeGithub::start(Options::default()).await.expect("fake GitHub");
    // LEPTOS_ENV defaults to DEV: the content is watched and tabs may hold the event stream open.
    let mut process = Process::start(&github);
    let mut events = reqwest::get(process.url("/__leptra/content-events")).await.expect("the stream opens");
    assert_eq!(events.status(), 200);
    process.terminate();

    let ended =
        tokio::time::timeout(Duration::from_secs(10), async { while let Ok(Some(_)) = events.chunk().await {} }).await;
    assert!(ended.is_ok(), "the event stream stayed open after SIGTERM");
    let status = process.wait_for_exit(Duration::from_secs(10));
    assert!(status.success(), "exit status {status}");
}
