//! `soak [--seconds 60] [--connections 32] [--chaos 0.3]`: the server under
//! steady load while the fake GitHub fails at random.
//!
//! The real router serves on loopback, in this process, against an in-process
//! fake GitHub whose 100 chaos users (`chaos-000` …) each suffer one kind of
//! fault on a random share of their listing requests: 500s, slow pages, rate
//! limits, truncated JSON, a repository repeated across pages. The report
//! shows panics, whether every request was answered within the GitHub
//! timeout plus a second, whether each fault got the right status, and memory
//! at the end against memory after the first 10 seconds.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use server::Config;
use testkit::fake_github::{chaos_kind, chaos_login, Chaos, FakeGithub, Options, CHAOS_REPOS, CHAOS_USERS};

use crate::Args;

static PANICS: AtomicUsize = AtomicUsize::new(0);
const GITHUB_TIMEOUT_MS: u64 = 2_000;

#[derive(Default)]
struct KindStats {
    statuses: BTreeMap<u16, u64>,
    wrong: u64,
    slowest: Duration,
    example: Option<String>,
}

/// The statuses a request for a user with this fault may rightly get.
fn allowed(kind: Chaos) -> &'static [u16] {
    match kind {
        Chaos::None | Chaos::Slow | Chaos::Repeated => &[200],
        Chaos::ServerError | Chaos::Truncated => &[200, 502],
        Chaos::RateLimited => &[200, 503],
    }
}

pub(crate) async fn soak(args: Args) -> Result<(), String> {
    let seconds: u64 = args.number("seconds", 60)?;
    let connections: usize = args.number("connections", 32)?;
    let chaos: f64 = args.number("chaos", 0.3)?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));

    let fake = FakeGithub::start(Options { chaos, ..Options::default() })
        .await
        .map_err(|err| format!("cannot start the fake: {err}"))?;
    let vars: HashMap<&str, String> = HashMap::from([
        ("GITHUB_API_URL", fake.url()),
        ("GITHUB_TOKEN", "soak-token".to_owned()),
        ("GITHUB_TIMEOUT_MS", GITHUB_TIMEOUT_MS.to_string()),
        ("REPOS_CACHE_TTL_SECS", "1".to_owned()),
        ("REPOS_CACHE_STALE_SECS", "2".to_owned()),
        ("LEPTOS_SITE_ROOT", std::env::temp_dir().join("leptra-soak-site").display().to_string()),
        ("LEPTRA_CONTENT_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../content").to_owned()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).map_err(|err| err.to_string())?;
    let state = server::services(&config).map_err(|err| err.to_string())?;
    let router = server::router(&config, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|err| err.to_string())?;
    let addr = listener.local_addr().map_err(|err| err.to_string())?;
    let limits = config.limits;
    tokio::spawn(async move { server::serve_until(listener, router, &limits, std::future::pending()).await });

    let limit = Duration::from_millis(GITHUB_TIMEOUT_MS + 1_000);
    let client =
        reqwest::Client::builder().timeout(limit + Duration::from_secs(10)).build().map_err(|err| err.to_string())?;
    let stats: Arc<Mutex<HashMap<&'static str, KindStats>>> = Arc::default();
    let unanswered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..connections)
        .map(|worker| {
            let (client, stats, unanswered) = (client.clone(), stats.clone(), unanswered.clone());
            tokio::spawn(async move {
                let mut rng = fastrand::Rng::with_seed(worker as u64);
                while Instant::now() < deadline {
                    let login = chaos_login(rng.usize(..CHAOS_USERS));
                    let Some(kind) = chaos_kind(&login) else { continue };
                    let json = rng.u8(..10) < 8;
                    let path = if json { format!("/api/github-repos/{login}") } else { format!("/user/{login}") };
                    let sent = Instant::now();
                    let answer = client.get(format!("http://{addr}{path}")).send().await;
                    let (status, body) = match answer {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            (status, response.bytes().await.ok())
                        }
                        Err(_) => {
                            unanswered.fetch_add(1, Ordering::SeqCst);
                            continue;
                        }
                    };
                    let elapsed = sent.elapsed();
                    let complete = status != 200 || body.as_deref().is_some_and(|b| is_complete(b, json));
                    let right = allowed(kind).contains(&status) && complete && elapsed <= limit;
                    let mut stats = stats.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let entry = stats.entry(label(kind)).or_default();
                    *entry.statuses.entry(status).or_default() += 1;
                    entry.slowest = entry.slowest.max(elapsed);
                    if !right {
                        entry.wrong += 1;
                        entry.example.get_or_insert(format!("{path}: {status} in {elapsed:?}, complete: {complete}"));
                    }
                }
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(10.min(seconds))).await;
    let rss_early = rss_kib();
    for worker in workers {
        worker.await.map_err(|err| format!("a worker failed: {err}"))?;
    }
    let rss_end = rss_kib();
    let elapsed = started.elapsed().as_secs_f64();

    let stats = stats.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let total: u64 = stats.values().flat_map(|s| s.statuses.values()).sum();
    let wrong: u64 = stats.values().map(|s| s.wrong).sum();
    let slowest = stats.values().map(|s| s.slowest).max().unwrap_or_default();
    let panics = PANICS.load(Ordering::SeqCst);
    let unanswered = unanswered.load(Ordering::SeqCst);
    println!(
        "fault soak: {connections} connections for {seconds} s over {CHAOS_USERS} fake users, each failing in its \
         own way on {:.0}% of its GitHub requests (GITHUB_TIMEOUT_MS={GITHUB_TIMEOUT_MS})",
        chaos * 100.0
    );
    println!("  {:<14} {:>9}  {:<34} {:>6} {:>12}", "fault", "requests", "statuses", "wrong", "slowest");
    for kind in Chaos::ALL {
        let Some(s) = stats.get(label(kind)) else { continue };
        let statuses: Vec<String> = s.statuses.iter().map(|(status, n)| format!("{status}×{n}")).collect();
        let count: u64 = s.statuses.values().sum();
        println!(
            "  {:<14} {count:>9}  {:<34} {:>6} {:>9.0} ms",
            label(kind),
            statuses.join(" "),
            s.wrong,
            s.slowest.as_secs_f64() * 1000.0
        );
        if let Some(example) = &s.example {
            println!("      e.g. {example}");
        }
    }
    let growth = (rss_end as f64 / rss_early.max(1) as f64 - 1.0) * 100.0;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("  requests: {total} answered ({:.0}/s), {unanswered} unanswered", total as f64 / elapsed);
    println!("  panics: {panics} ({})", verdict(panics == 0));
    println!("  right status for every fault: {} wrong ({})", wrong, verdict(wrong == 0));
    println!(
        "  slowest answer: {:.0} ms (limit GitHub timeout + 1 s = {} ms: {})",
        slowest.as_secs_f64() * 1000.0,
        limit.as_millis(),
        verdict(slowest <= limit && unanswered == 0)
    );
    println!(
        "soak memory: RSS {:.1} MiB after 10 s, {:.1} MiB at the end ({growth:+.1}%; target within 10%: {})",
        rss_early as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        verdict(growth.abs() <= 10.0)
    );
    Ok(())
}

fn label(kind: Chaos) -> &'static str {
    match kind {
        Chaos::None => "none",
        Chaos::ServerError => "5xx",
        Chaos::Slow => "slow pages",
        Chaos::RateLimited => "rate limit",
        Chaos::Truncated => "truncated JSON",
        Chaos::Repeated => "repeated repo",
    }
}

/// A `200` carries every repository exactly once (the JSON API) or a complete page (HTML).
fn is_complete(body: &[u8], json: bool) -> bool {
    if !json {
        // Leptos appends the serialized resources after `</html>`. Each repository is an
        // `<li class="repo">` (with other attributes before `class`, such as its `data-i`).
        let html = String::from_utf8_lossy(body);
        return html.contains("</html>") && html.matches(" class=\"repo\"").count() == CHAOS_REPOS;
    }
    let Ok(repos) = serde_json::from_slice::<Vec<serde_json::Value>>(body) else { return false };
    let names: HashSet<&str> = repos.iter().filter_map(|repo| repo["name"].as_str()).collect();
    repos.len() == CHAOS_REPOS && names.len() == CHAOS_REPOS
}

/// This process's resident memory in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| line.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse().ok())
        })
        .unwrap_or(0)
}
