//! `bench live-content`: how long an edit takes to reach the server's HTML,
//! and whether repeated reloads leak.
//!
//! For each `LABEL=DIR:SLUG`, spawns the release server watching `DIR` (a
//! folder it may edit) and measures, from just before the file is written to
//! the first `GET /docs/SLUG` whose HTML has the new text (polled every 5 ms):
//! editing the page; editing its folder's `_meta.json` (the page's sidebar
//! title); and the resident memory before and after `--edits` page edits in a
//! row, each waited for.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use crate::startup::{rss_kib, start_server, Server, ServerEnv};
use crate::{max, median, min, Args};

/// The longest an edit may take before the benchmark gives up.
const GIVE_UP: Duration = Duration::from_secs(30);

pub(crate) async fn live_content(args: Args) -> Result<(), String> {
    let binary = PathBuf::from(args.get("server").ok_or("live-content needs --server BIN")?);
    let github = args.get("github").ok_or("live-content needs --github URL")?.to_owned();
    let site_root = args.get("site-root").unwrap_or("target/site").to_owned();
    let runs: usize = args.number("runs", 10)?;
    let edits: usize = args.number("edits", 200)?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;

    println!("write → new text in GET /docs/SLUG (polled every 5 ms), release server, LEPTRA_WATCH_CONTENT=true;");
    println!("{runs} edits of each kind, then {edits} page edits in a row for memory (VmRSS)");
    println!();
    for spec in &args.positional {
        let (label, rest) = spec.split_once('=').ok_or_else(|| format!("{spec:?} is not LABEL=DIR:SLUG"))?;
        let (dir, slug) = rest.rsplit_once(':').ok_or_else(|| format!("{spec:?} is not LABEL=DIR:SLUG"))?;
        let dir = Path::new(dir);
        let file = page_file(dir, slug)?;
        let content = dir.to_string_lossy();
        let env = ServerEnv { binary: &binary, site_root: &site_root, github: &github, content: &content, watch: true };
        let (server, _) = start_server(&http, &env).await?;
        let path = format!("/docs/{slug}");
        let original = read(&file)?;
        get(&http, &server, &path).await?;

        let mut page_ms = Vec::new();
        for run in 0..runs {
            let marker = format!("Edited paragraph number {run} of the benchmark.");
            page_ms
                .push(edit_and_wait(&http, &server, &path, &file, &with_paragraph(&original, &marker), &marker).await?);
        }
        write(&file, &original)?;

        let meta = dir.join("en").join(slug.rsplit_once('/').map_or("", |(folder, _)| folder)).join("_meta.json");
        let key = slug.rsplit('/').next().unwrap_or(slug);
        let meta_original = read(&meta)?;
        let mut meta_ms = Vec::new();
        for run in 0..runs {
            let marker = format!("Renamed topic {run}");
            let edited = retitled(&meta_original, key, &marker)?;
            meta_ms.push(edit_and_wait(&http, &server, &path, &meta, &edited, &marker).await?);
        }
        write(&meta, &meta_original)?;

        // Memory: settle on the original text, then many edits in a row.
        let marker = "Back to the original text.";
        edit_and_wait(&http, &server, &path, &file, &with_paragraph(&original, marker), marker).await?;
        let rss_before = rss_kib(server.child.id())?;
        let mut checkpoints = Vec::new();
        for edit in 1..=edits {
            let marker = format!("Edit {edit} of {edits} in a row.");
            edit_and_wait(&http, &server, &path, &file, &with_paragraph(&original, &marker), &marker).await?;
            if edit % 50 == 0 || edit == 10 || edit == edits {
                checkpoints.push((edit, rss_kib(server.child.id())?));
            }
        }
        let rss_after = checkpoints.last().map_or(rss_before, |(_, kib)| *kib);
        write(&file, &original)?;

        println!("{label} ({path}):");
        println!("  page edit        {}", summary(&page_ms));
        println!("  _meta.json edit  {}", summary(&meta_ms));
        println!(
            "  memory           {:.1} MiB before, {:.1} MiB after {edits} edits ({:+.1} MiB); after N edits: {}",
            rss_before as f64 / 1024.0,
            rss_after as f64 / 1024.0,
            (rss_after as f64 - rss_before as f64) / 1024.0,
            checkpoints
                .iter()
                .map(|(n, kib)| format!("{n}: {:.1}", *kib as f64 / 1024.0))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!();
    }
    Ok(())
}

fn summary(samples: &[f64]) -> String {
    format!(
        "median {:.0} ms, min {:.0} ms, max {:.0} ms ({})",
        median(samples),
        min(samples),
        max(samples),
        samples.iter().map(|ms| format!("{ms:.0}")).collect::<Vec<_>>().join(" ")
    )
}

/// Writes `text` to `file` and polls `path` until its HTML contains `marker`;
/// returns the milliseconds from the write to that answer.
async fn edit_and_wait(
    http: &reqwest::Client,
    server: &Server,
    path: &str,
    file: &Path,
    text: &str,
    marker: &str,
) -> Result<f64, String> {
    let started = Instant::now();
    write(file, text)?;
    loop {
        if get(http, server, path).await?.contains(marker) {
            return Ok(started.elapsed().as_secs_f64() * 1000.0);
        }
        if started.elapsed() > GIVE_UP {
            return Err(format!("{path} did not show {marker:?} within {GIVE_UP:?}"));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The page's source with `marker` as a paragraph after its first heading.
fn with_paragraph(source: &str, marker: &str) -> String {
    match source.find("\n# ").and_then(|at| source[at + 1..].find('\n').map(|end| at + 1 + end)) {
        Some(end) => format!("{}\n\n{marker}\n{}", &source[..end], &source[end..]),
        None => format!("{source}\n\n{marker}\n"),
    }
}

/// The `_meta.json` text with the entry `key` titled `title`.
fn retitled(meta: &str, key: &str, title: &str) -> Result<String, String> {
    let mut entries: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(meta).map_err(|err| format!("_meta.json: {err}"))?;
    entries.insert(key.to_owned(), serde_json::Value::String(title.to_owned()));
    serde_json::to_string_pretty(&entries).map_err(|err| err.to_string())
}

fn page_file(dir: &Path, slug: &str) -> Result<PathBuf, String> {
    let file = dir.join("en").join(format!("{slug}.md"));
    if file.is_file() {
        Ok(file)
    } else {
        Err(format!("{} is not a page file", file.display()))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|err| format!("{}: {err}", path.display()))
}

async fn get(http: &reqwest::Client, server: &Server, path: &str) -> Result<String, String> {
    let response = http.get(format!("{}{path}", server.base)).send().await.map_err(|err| format!("{path}: {err}"))?;
    response.text().await.map_err(|err| format!("{path}: {err}"))
}
