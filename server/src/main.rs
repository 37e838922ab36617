//! Starts Leptra's server: reads the configuration, binds, serves.
//! `server export OUT` writes the site as static files instead (`server::export`).

use std::process::ExitCode;

use server::LogFormat;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match server::Config::from_env().and_then(|config| config.check_hash_file().map(|()| config)) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("leptra: {err}");
            return ExitCode::from(2);
        }
    };
    init_logs(config.log_format);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => {}
        ["export", out] => return export(&config, std::path::Path::new(out)).await,
        _ => {
            eprintln!("usage: server            serve the site (settings from the environment)\n       server export OUT   write the site as static files into OUT");
            return ExitCode::from(2);
        }
    }
    let addr = config.leptos.site_addr;
    let services = match server::services(&config) {
        Ok(services) => services,
        Err(err) => {
            eprintln!("leptra: {err}");
            return ExitCode::from(2);
        }
    };
    // Compute the stars figure ahead of the first request.
    tokio::spawn({
        let stars = services.stars.clone();
        async move { stars.refresh().await }
    });
    let router = server::router(&config, services);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("leptra: cannot listen on LEPTOS_SITE_ADDR={addr}: {err}");
            return ExitCode::from(2);
        }
    };
    // The bound address, so that port 0 reports the port it got.
    let addr = listener.local_addr().unwrap_or(addr);
    tracing::info!(%addr, "listening on http://{addr}");
    match server::serve(listener, router, &config.limits, config.drain).await {
        Ok(server::Stopped::Drained) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Ok(server::Stopped::Cut) => {
            tracing::warn!("stopped before every open request finished");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("leptra: server error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the static site into `out`; its links to pages only a server has go to
/// `LEPTRA_EXPORT_LIVE_URL` when it is set, else they are left out.
async fn export(config: &server::Config, out: &std::path::Path) -> ExitCode {
    let live_url = match std::env::var("LEPTRA_EXPORT_LIVE_URL") {
        Ok(url) if url.is_empty() => None,
        Ok(url) if url.starts_with("https://") || url.starts_with("http://") => {
            Some(url.trim_end_matches('/').to_owned())
        }
        Ok(url) => {
            eprintln!("leptra: LEPTRA_EXPORT_LIVE_URL={url}: expected an http:// or https:// origin");
            return ExitCode::from(2);
        }
        Err(_) => None,
    };
    let pointed = live_url.clone();
    match server::export::export(config, out, live_url).await {
        Ok(report) => {
            let seconds = report.elapsed.as_secs_f64();
            println!(
                "exported {} pages and {} other files to {} in {seconds:.1} s ({:.0} pages/s)",
                report.pages,
                report.files,
                out.display(),
                report.pages as f64 / seconds.max(0.001)
            );
            let pages = server::export::SERVER_PAGES.join(", ");
            match pointed {
                Some(live) => println!("not exported (they need the server): {pages}; links to them go to {live}"),
                None => println!("not exported (they need the server): {pages}; links to them are left out (set LEPTRA_EXPORT_LIVE_URL to keep them)"),
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("leptra: export: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard output, filtered by `RUST_LOG`, as text or JSON lines.
fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
}
