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
//! - `soak [--seconds 60] [--connections 32] [--chaos 0.3]`: steady load on the
//!   real router while the fake GitHub injects faults at random (see `soak.rs`).
//! - `live-content --server BIN --github URL [--runs 10] [--edits 200] LABEL=DIR:SLUG...`: for each
//!   content folder (which it edits, then restores), spawns the release server watching it and
//!   times a page edit and a `_meta.json` edit from the write to the new text in the page's HTML,
//!   then reads its memory before and after many page edits in a row.
//! - `free-port`: prints a free loopback port.

mod gen_docs;
mod github;
mod live_content;
mod soak;
mod startup;

use std::{
    net::{Ipv4Addr, SocketAddr, TcpListener},
    process::ExitCode,
};

use gen_docs::gen_docs;
use github::github;
use live_content::live_content;
use soak::soak;
use startup::startup;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let result = match args.next().as_deref() {
        Some("github") => github(Args::parse(args)).await,
        Some("gen-docs") => gen_docs(Args::parse(args)),
        Some("startup") => startup(Args::parse(args)).await,
        Some("soak") => soak(Args::parse(args)).await,
        Some("live-content") => live_content(Args::parse(args)).await,
        Some("free-port") => free_port().map(|port| println!("{port}")),
        _ => Err(
            "usage: bench github|gen-docs|startup|soak|live-content|free-port [options] (see the module documentation)"
                .into(),
        ),
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
pub(crate) struct Args {
    options: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Args {
    pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Args {
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

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    pub(crate) fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.get(name) {
            None => Ok(default),
            Some(raw) => raw.parse().map_err(|_| format!("--{name} {raw:?} is not a number")),
        }
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| format!("no free port: {err}"))
}

pub(crate) fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

pub(crate) fn min(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

pub(crate) fn max(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
