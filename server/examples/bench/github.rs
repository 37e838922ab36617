//! `bench github`: a cold load of a paginated user, concurrent pages against `rel="next"`.

use std::time::{Duration, Instant};

use app::server::github::client::{http_client, ClientConfig, GithubClient};
use testkit::fake_github::{FakeGithub, Options};

use crate::{max, median, min, Args};

/// A fake GitHub with a given latency and the two clients pointed at it.
struct GithubSetup {
    _fake: FakeGithub,
    base_url: String,
    concurrency: usize,
    leptra: GithubClient,
    http: reqwest::Client,
}

impl GithubSetup {
    async fn start(latency: Duration, concurrency: Option<usize>) -> Result<GithubSetup, String> {
        let fake = FakeGithub::start(Options { latency, ..Options::default() })
            .await
            .map_err(|err| format!("cannot start the fake: {err}"))?;
        let url = fake.url();
        // The server's own defaults, exactly as `server::services` turns them into a client.
        let config = server::Config::from_lookup(|name| (name == "GITHUB_API_URL").then(|| url.clone()))
            .map_err(|err| err.to_string())?;
        let client_config = ClientConfig {
            base_url: config.github_api_url.clone(),
            token: config.github_token.clone(),
            connect_timeout: config.github_connect_timeout,
            timeout: config.github_timeout,
            max_pages: config.github_max_pages,
            concurrency: concurrency.unwrap_or(config.github_concurrency),
            deadline: config.limits.request_timeout,
        };
        // The same reqwest settings as Leptra's client.
        let http = http_client(&client_config).map_err(|err| err.to_string())?;
        Ok(GithubSetup {
            _fake: fake,
            base_url: client_config.base_url.clone(),
            concurrency: client_config.concurrency,
            leptra: GithubClient::new(client_config).map_err(|err| err.to_string())?,
            http,
        })
    }

    /// One untimed load each (opens pooled connections, checks both see the same
    /// data), then `runs` timed loads each, interleaved. Returns (pages, repos,
    /// leptra's times, the baseline's times) in milliseconds.
    async fn measure(&self, user: &str, runs: usize) -> Result<(usize, usize, Vec<f64>, Vec<f64>), String> {
        let listing = self.leptra.user_repos(user, None).await.map_err(|err| format!("leptra's client: {err}"))?;
        let (pages, repos) = (listing.pages.len(), listing.repos().len());
        let seen = sequential(&self.http, &self.base_url, user).await?;
        if (pages, repos) != seen {
            return Err(format!("leptra saw {pages} pages/{repos} repos, the rel=next loop saw {seen:?}"));
        }
        let mut leptra_ms = Vec::new();
        let mut sequential_ms = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let listing = self.leptra.user_repos(user, None).await.map_err(|err| format!("leptra's client: {err}"))?;
            leptra_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            if listing.repos().len() != repos {
                return Err("leptra's client returned a different number of repositories".into());
            }
            let started = Instant::now();
            let (_, seen) = sequential(&self.http, &self.base_url, user).await?;
            sequential_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            if seen != repos {
                return Err("the rel=next loop returned a different number of repositories".into());
            }
        }
        Ok((pages, repos, leptra_ms, sequential_ms))
    }
}

pub(crate) async fn github(args: Args) -> Result<(), String> {
    let user = args.get("user").unwrap_or("pages13").to_owned();
    let latency = Duration::from_millis(args.number("latency-ms", 50)?);
    let runs: usize = args.number("runs", 5)?;
    // The server's default unless overridden (for experiments; the script uses the default).
    let concurrency = args.get("concurrency").map(|_| args.number("concurrency", 8)).transpose()?;

    let setup = GithubSetup::start(latency, concurrency).await?;
    let (pages, repos, leptra_ms, sequential_ms) = setup.measure(&user, runs).await?;
    // The same without latency: what is left is CPU (the fake writing JSON, the clients parsing it).
    let (_, _, leptra_cpu_ms, sequential_cpu_ms) =
        GithubSetup::start(Duration::ZERO, concurrency).await?.measure(&user, runs).await?;

    let leptra_median = median(&leptra_ms);
    let sequential_median = median(&sequential_ms);
    let ratio = sequential_median / leptra_median;
    let concurrency = setup.concurrency;
    let round_trips = 1 + pages.saturating_sub(1).div_ceil(concurrency.max(1));
    println!(
        "user {user}: {pages} pages, {repos} repositories; fake GitHub in-process, +{} ms per response",
        latency.as_millis()
    );
    println!("{runs} timed runs each, interleaved, after one untimed warm-up load each (no cache involved)");
    println!();
    println!("{:<40} {:>10} {:>10} {:>10}   runs (ms)", "", "median", "min", "max");
    let row = |label: &str, samples: &[f64]| {
        println!(
            "{label:<40} {:>7.0} ms {:>7.0} ms {:>7.0} ms   {}",
            median(samples),
            min(samples),
            max(samples),
            samples.iter().map(|ms| format!("{ms:.0}")).collect::<Vec<_>>().join(" ")
        );
    };
    let ms = latency.as_millis();
    row(&format!("leptra (concurrency {concurrency}), {ms} ms latency"), &leptra_ms);
    row(&format!("sequential rel=\"next\", {ms} ms latency"), &sequential_ms);
    row(&format!("leptra (concurrency {concurrency}), 0 ms latency"), &leptra_cpu_ms);
    row("sequential rel=\"next\", 0 ms latency", &sequential_cpu_ms);
    println!();
    println!(
        "round trips: leptra {round_trips} (page 1, then {} more pages {concurrency} at a time), sequential {pages}: \
         latency alone allows at most {:.1}×",
        pages.saturating_sub(1),
        pages as f64 / round_trips as f64
    );
    println!(
        "cold load, {pages} pages, {ms} ms latency: leptra {leptra_median:.0} ms, sequential rel=next \
         {sequential_median:.0} ms → {ratio:.1}× faster (target ≥ 4×: {})",
        if ratio >= 4.0 { "met" } else { "MISSED" }
    );
    Ok(())
}

/// The baseline: GET page 1, follow `rel="next"` until there is none.
async fn sequential(http: &reqwest::Client, base: &str, login: &str) -> Result<(usize, usize), String> {
    let mut url = format!("{base}/users/{login}/repos?per_page=100&page=1");
    let (mut pages, mut repos) = (0, 0);
    loop {
        let response = http
            .get(&url)
            .header(http::header::ACCEPT, "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .send()
            .await
            .map_err(|err| format!("GET {url}: {err}"))?;
        if !response.status().is_success() {
            return Err(format!("GET {url}: {}", response.status()));
        }
        let next = response.headers().get(http::header::LINK).and_then(|v| v.to_str().ok()).and_then(next_link);
        let body = response.bytes().await.map_err(|err| format!("GET {url}: {err}"))?;
        let page = app::server::github::client::parse_repos(&body).map_err(|err| format!("GET {url}: {err}"))?;
        pages += 1;
        repos += page.len();
        match next {
            Some(next) if pages < 1000 => url = next,
            Some(_) => return Err("more than 1,000 pages: a loop?".into()),
            None => return Ok((pages, repos)),
        }
    }
}

/// The `rel="next"` target of a `Link` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let is_next = params.split(';').any(|param| {
            let param = param.trim();
            param == "rel=\"next\"" || param == "rel=next"
        });
        is_next.then(|| target.trim().trim_start_matches('<').trim_end_matches('>').to_owned())
    })
}
