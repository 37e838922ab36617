//! Leptra's benchmark helper, driven by `scripts/bench.sh`.
//!
//! Subcommands:
//!
//! - `github [--user pages13] [--latency-ms 50] [--runs 5] [--concurrency N]`: a cold load of a
//!   paginated user through Leptra's [`GithubClient`] (concurrent pages) against
//!   a plain loop following `rel="next"` one page at a time, both against an
//!   in-process fake GitHub that adds the given latency to every response.
//! - `gen-docs DIR --folders N [--pages-per-folder 50]`: writes a generated
//!   docs tree (`DIR/en/...`) with `_meta.json` files, front matter, headings,
//!   paragraphs, lists, a code block and a callout on every page.
//! - `startup --server BIN --github URL [--runs 3] [--page SLUG] LABEL=DIR...`:
//!   for each content folder, spawns the release server, times start-up until
//!   `GET /` answers 200, reads its memory before and after fetching every
//!   sitemap URL once, and measures one page's HTML and JSON sizes. Per-page
//!   growth is printed between consecutive folders labelled `generated…`.
//! - `free-port`: prints a free loopback port.

use std::{
    fmt::Write as _,
    net::{Ipv4Addr, SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Child, Command, ExitCode, Stdio},
    time::{Duration, Instant},
};

use app::server::github::client::{http_client, ClientConfig, GithubClient};
use futures::StreamExt;
use server::fake_github::{FakeGithub, Options};

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("github") => github(Args::parse(args)).await,
        Some("gen-docs") => gen_docs(Args::parse(args)),
        Some("startup") => startup(Args::parse(args)).await,
        Some("free-port") => free_port().map(|port| println!("{port}")),
        _ => Err("usage: bench github|gen-docs|startup|free-port [options] (see the module documentation)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` options and positional arguments, in order.
struct Args {
    options: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Args {
        let mut options = Vec::new();
        let mut positional = Vec::new();
        while let Some(arg) = args.next() {
            match arg.strip_prefix("--") {
                Some(name) => options.push((name.to_owned(), args.next().unwrap_or_default())),
                None => positional.push(arg),
            }
        }
        Args { options, positional }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => raw.parse().map_err(|_| format!("--{name} {raw:?} is not a number")),
        }
    }
}

// ---------------------------------------------------------------------------
// github
// ---------------------------------------------------------------------------

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
        let fake =
            FakeGithub::start(Options { latency }).await.map_err(|err| format!("cannot start the fake: {err}"))?;
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
        };
        // The same reqwest settings as Leptra's client.
        let http = http_client(&client_config)?;
        Ok(GithubSetup {
            _fake: fake,
            base_url: client_config.base_url.clone(),
            concurrency: client_config.concurrency,
            leptra: GithubClient::new(client_config)?,
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

async fn github(args: Args) -> Result<(), String> {
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

// ---------------------------------------------------------------------------
// gen-docs
// ---------------------------------------------------------------------------

const SUBJECTS: &[&str] = &[
    "routing",
    "caching",
    "hydration",
    "server functions",
    "streaming",
    "error pages",
    "configuration",
    "deployment",
    "search",
    "theming",
];
const VERBS: &[&str] = &["configure", "measure", "debug", "extend", "deploy", "test", "profile", "document"];

fn gen_docs(args: Args) -> Result<(), String> {
    let dir = PathBuf::from(args.positional.first().ok_or("gen-docs needs a folder")?);
    let folders: usize = args.number("folders", 20)?;
    let per_folder: usize = args.number("pages-per-folder", 50)?;
    let en = dir.join("en");
    write(&en.join("index.md"), &root_page(folders, per_folder))?;
    let mut root_meta = String::from("{\n  \"index\": \"Introduction\"");
    for folder in 1..=folders {
        let name = format!("section-{folder:02}");
        let _ = write!(root_meta, ",\n  \"{name}\": \"Section {folder}: {}\"", title_case(subject(folder)));
        let mut meta = String::from("{");
        for page in 1..=per_folder {
            let comma = if page == 1 { "" } else { "," };
            let _ = write!(meta, "{comma}\n  \"topic-{page:02}\": \"{}\"", page_title(folder, page));
            write(&en.join(&name).join(format!("topic-{page:02}.md")), &page_markdown(folder, page, per_folder))?;
        }
        meta.push_str("\n}\n");
        write(&en.join(&name).join("_meta.json"), &meta)?;
    }
    root_meta.push_str("\n}\n");
    write(&en.join("_meta.json"), &root_meta)?;
    println!("wrote {} pages under {}", folders * per_folder + 1, en.display());
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|err| format!("{}: {err}", path.display()))
}

fn subject(n: usize) -> &'static str {
    SUBJECTS[n % SUBJECTS.len()]
}

fn verb(n: usize) -> &'static str {
    VERBS[n % VERBS.len()]
}

fn title_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn page_title(folder: usize, page: usize) -> String {
    format!("How to {} {} ({folder}.{page})", verb(page), subject(folder + page))
}

fn root_page(folders: usize, per_folder: usize) -> String {
    format!(
        "---\ntitle: Generated docs\ndescription: A generated tree of {folders} folders with {per_folder} pages \
         each, for benchmarks.\n---\n\n# Generated docs\n\nThis tree was written by `bench gen-docs` to measure how \
         Leptra's start-up time and memory grow with the amount of content.\n"
    )
}

fn page_markdown(folder: usize, page: usize, per_folder: usize) -> String {
    let title = page_title(folder, page);
    let topic = subject(folder + page);
    let action = verb(page);
    let previous = if page > 1 { page - 1 } else { per_folder };
    let sentence = |n: usize| {
        format!(
            "When you {} {} in section {folder}, step {n} matters: the server renders the page once, keeps the \
             result in memory and answers every later request from there, so the cost is paid at start-up. ",
            verb(n + page),
            subject(n + folder)
        )
    };
    let paragraph = |n: usize| (0..3).map(|i| sentence(n * 3 + i)).collect::<String>().trim_end().to_owned();
    let mut md = String::new();
    let _ = write!(
        md,
        "---\ntitle: {title}\ndescription: Learn how to {action} {topic} in a Leptra site, with a worked example \
         for page {page} of section {folder}.\n---\n\n# {title}\n\n{}\n\nSee also [the previous topic]\
         (/docs/section-{folder:02}/topic-{previous:02}) and the **{topic}** overview. Use `leptra::{}` for the \
         details.\n\n## Overview\n\n{}\n\n- Read the configuration for {topic} at start-up\n- Render each page \
         once and cache it\n- Serve the cached HTML with `Cache-Control`\n- Revalidate when the content \
         changes\n\n## Example\n\n{}\n\n```rust filename=\"src/section_{folder:02}/topic_{page:02}.rs\" {{3-4}}\n\
         use std::time::Duration;\n\n/// Settings for {topic} on page {page}.\npub struct Settings {{\n    pub \
         name: String,\n    pub ttl: Duration,\n}}\n\nimpl Settings {{\n    pub fn new(name: &str) -> Self {{\n        \
         Self {{ name: name.to_owned(), ttl: Duration::from_secs({}) }}\n    }}\n}}\n```\n\n:::callout tip \
         Remember\n\n{}\n\n:::\n\n## Details\n\n### Step one\n\n{}\n\n### Step two\n\n{}\n\n1. Start the server\n\
         2. Open `/docs/section-{folder:02}/topic-{page:02}`\n3. Check the answer is served from memory\n\n\
         ## Summary\n\n{}\n",
        paragraph(0),
        topic.replace(' ', "_"),
        paragraph(1),
        paragraph(2),
        60 * page,
        sentence(page).trim_end(),
        paragraph(3),
        paragraph(4),
        paragraph(5),
    );
    md
}

// ---------------------------------------------------------------------------
// startup
// ---------------------------------------------------------------------------

/// A spawned server, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One docs page's sizes: (what was fetched, bytes).
struct PageSizes {
    label: String,
    slug: String,
    sizes: Vec<(String, usize)>,
}

/// What one start of the server measured.
struct Sample {
    startup_ms: f64,
    rss_start_kib: u64,
    rss_warm_kib: u64,
    urls: usize,
}

async fn startup(args: Args) -> Result<(), String> {
    let binary = PathBuf::from(args.get("server").ok_or("startup needs --server BIN")?);
    let github = args.get("github").ok_or("startup needs --github URL")?.to_owned();
    let site_root = args.get("site-root").unwrap_or("target/site").to_owned();
    let runs: usize = args.number("runs", 3)?;
    let page = args.get("page").map(str::to_owned);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;

    let mut rows: Vec<(String, usize, Vec<Sample>)> = Vec::new();
    let mut page_sizes: Option<PageSizes> = None;
    for spec in &args.positional {
        let (label, dir) = spec.split_once('=').ok_or_else(|| format!("{spec:?} is not LABEL=DIR"))?;
        let files = count_pages(Path::new(dir));
        let mut samples = Vec::new();
        for run in 0..runs {
            let env = ServerEnv { binary: &binary, site_root: &site_root, github: &github, content: dir };
            let (server, startup_ms) = start_server(&http, &env).await?;
            let rss_start_kib = rss_kib(server.child.id())?;
            let urls = warm(&http, &server.base).await?;
            let rss_warm_kib = rss_kib(server.child.id())?;
            samples.push(Sample { startup_ms, rss_start_kib, rss_warm_kib, urls });
            if let (Some(slug), true) = (&page, run + 1 == runs) {
                if Path::new(dir).join("en").join(format!("{slug}.md")).is_file() {
                    let sizes = page_size(&http, &server.base, slug).await?;
                    page_sizes = Some(PageSizes { label: label.to_owned(), slug: slug.clone(), sizes });
                }
            }
        }
        rows.push((label.to_owned(), files, samples));
    }

    println!("each content folder: {runs} starts; start-up = spawn until GET / answers 200 (polled every 10 ms);");
    println!("RSS = VmRSS from /proc/PID/status, right after start-up and after warming (every sitemap URL");
    println!("fetched once, 4 at a time, which renders and caches every docs page); medians of the {runs} starts");
    println!();
    println!(
        "{:<22} {:>6} {:>6} {:>10}   {:<26} {:>15} {:>18}",
        "content", "pages", "URLs", "start-up", "(runs, ms)", "RSS after start", "RSS after warming"
    );
    for (label, files, samples) in &rows {
        let startup: Vec<f64> = samples.iter().map(|s| s.startup_ms).collect();
        println!(
            "{label:<22} {files:>6} {:>6} {:>7.0} ms   {:<26} {:>11.1} MiB {:>14.1} MiB",
            samples.first().map_or(0, |s| s.urls),
            median(&startup),
            format!("({})", startup.iter().map(|ms| format!("{ms:.0}")).collect::<Vec<_>>().join(" ")),
            median_of(samples, |s| s.rss_start_kib as f64) / 1024.0,
            median_of(samples, |s| s.rss_warm_kib as f64) / 1024.0,
        );
    }
    println!();
    // Growth is judged on the generated trees only: same kind of page, only more of them.
    let generated: Vec<_> = rows.iter().filter(|(label, _, _)| label.starts_with("generated")).collect();
    for pair in generated.windows(2) {
        let ((from, from_pages, a), (to, to_pages, b)) = (pair[0], pair[1]);
        let added = to_pages.saturating_sub(*from_pages).max(1) as f64;
        println!(
            "growth {from} → {to} ({} more pages), per page: start-up {:+.2} ms, RSS after start {:+.1} KiB, \
             RSS after warming {:+.1} KiB",
            to_pages.saturating_sub(*from_pages),
            (median_of(b, |s| s.startup_ms) - median_of(a, |s| s.startup_ms)) / added,
            (median_of(b, |s| s.rss_start_kib as f64) - median_of(a, |s| s.rss_start_kib as f64)) / added,
            (median_of(b, |s| s.rss_warm_kib as f64) - median_of(a, |s| s.rss_warm_kib as f64)) / added,
        );
    }
    if let Some(PageSizes { label, slug, sizes }) = page_sizes {
        println!();
        println!("docs page {slug} of \"{label}\" (bytes as served; gzip when asked for):");
        for (what, bytes) in sizes {
            let verdict = if what.contains("gzip") {
                ""
            } else if bytes < 100 * 1024 {
                "  (< 100 KB: ok)"
            } else {
                "  (≥ 100 KB: OVER TARGET)"
            };
            println!("  {what:<72} {bytes:>7} bytes = {:>6.1} KiB{verdict}", bytes as f64 / 1024.0);
        }
    }
    Ok(())
}

/// How to run the server.
struct ServerEnv<'a> {
    binary: &'a Path,
    site_root: &'a str,
    github: &'a str,
    content: &'a str,
}

/// Spawns the server and waits until `GET /` answers 200; returns it and the time that took.
async fn start_server(http: &reqwest::Client, env: &ServerEnv<'_>) -> Result<(Server, f64), String> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let child = Command::new(env.binary)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", env.site_root)
        .env("LEPTOS_ENV", "PROD")
        .env("LEPTOS_HASH_FILES", "true")
        .env("GITHUB_API_URL", env.github)
        .env("LEPTRA_CONTENT_DIR", env.content)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| format!("cannot start {}: {err}", env.binary.display()))?;
    let mut server = Server { child, base };
    let home = format!("{}/", server.base);
    loop {
        if let Ok(response) = http.get(&home).send().await {
            if response.status() == reqwest::StatusCode::OK {
                // Read the body: the page has been served in full.
                let _ = response.bytes().await;
                return Ok((server, started.elapsed().as_secs_f64() * 1000.0));
            }
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("the server exited during start-up ({status}) with content {}", env.content));
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err("the server did not answer GET / within 120 s".into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Fetches every sitemap URL once; returns how many there were.
async fn warm(http: &reqwest::Client, base: &str) -> Result<usize, String> {
    let sitemap = http
        .get(format!("{base}/sitemap.xml"))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|err| format!("sitemap: {err}"))?
        .text()
        .await
        .map_err(|err| format!("sitemap: {err}"))?;
    let paths: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>").map(|(url, _)| url.to_owned()))
        .filter_map(|url| url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned())))
        .collect();
    let results: Vec<Result<(), String>> = futures::stream::iter(&paths)
        .map(|path| async move {
            let response = http.get(format!("{base}{path}")).send().await.map_err(|err| format!("{path}: {err}"))?;
            let status = response.status();
            response.bytes().await.map_err(|err| format!("{path}: {err}"))?;
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("{path}: {status}"))
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    results.into_iter().collect::<Result<Vec<()>, String>>()?;
    Ok(paths.len())
}

/// Sizes of one docs page: its HTML and its server function's JSON, plain and gzipped.
async fn page_size(http: &reqwest::Client, base: &str, slug: &str) -> Result<Vec<(String, usize)>, String> {
    let html = format!("/docs/{slug}");
    let json = format!("/api/get_doc_page?locale=en&slug={slug}");
    let mut sizes = Vec::new();
    for path in [&html, &json] {
        for gzip in [false, true] {
            let mut request = http.get(format!("{base}{path}"));
            if gzip {
                request = request.header(http::header::ACCEPT_ENCODING, "gzip");
            }
            let response = request.send().await.map_err(|err| format!("{path}: {err}"))?;
            if !response.status().is_success() {
                return Err(format!("{path}: {}", response.status()));
            }
            let encoded = response.headers().get(http::header::CONTENT_ENCODING).is_some();
            let bytes = response.bytes().await.map_err(|err| format!("{path}: {err}"))?;
            if gzip && !encoded {
                continue;
            }
            let kind = if gzip { "gzip" } else { "uncompressed" };
            sizes.push((format!("GET {path} ({kind})"), bytes.len()));
        }
    }
    Ok(sizes)
}

/// Markdown files under `dir`, recursively.
fn count_pages(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                count_pages(&path)
            } else {
                usize::from(path.extension().is_some_and(|ext| ext == "md"))
            }
        })
        .sum()
}

/// The resident set size of process `pid`, in KiB.
fn rss_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|err| format!("/proc/{pid}: {err}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .ok_or_else(|| format!("no VmRSS in /proc/{pid}/status"))
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| format!("no free port: {err}"))
}

// ---------------------------------------------------------------------------
// statistics
// ---------------------------------------------------------------------------

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn median_of(samples: &[Sample], field: impl Fn(&Sample) -> f64) -> f64 {
    median(&samples.iter().map(field).collect::<Vec<_>>())
}

fn min(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
