//! `bench startup`: start-up time, memory and page sizes as the content grows.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use futures::StreamExt;

use crate::{free_port, median, Args};

/// A spawned server, killed when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
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

pub(crate) async fn startup(args: Args) -> Result<(), String> {
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
            let env = ServerEnv { binary: &binary, site_root: &site_root, github: &github, content: dir, watch: false };
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
pub(crate) struct ServerEnv<'a> {
    pub(crate) binary: &'a Path,
    pub(crate) site_root: &'a str,
    pub(crate) github: &'a str,
    pub(crate) content: &'a str,
    /// `LEPTRA_WATCH_CONTENT`.
    pub(crate) watch: bool,
}

/// Spawns the server and waits until `GET /` answers 200; returns it and the time that took.
pub(crate) async fn start_server(http: &reqwest::Client, env: &ServerEnv<'_>) -> Result<(Server, f64), String> {
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
        .env("LEPTRA_WATCH_CONTENT", env.watch.to_string())
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
pub(crate) fn rss_kib(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|err| format!("/proc/{pid}: {err}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .ok_or_else(|| format!("no VmRSS in /proc/{pid}/status"))
}

fn median_of(samples: &[Sample], field: impl Fn(&Sample) -> f64) -> f64 {
    median(&samples.iter().map(field).collect::<Vec<_>>())
}
