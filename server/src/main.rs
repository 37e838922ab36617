//! Starts Leptra's server: reads the configuration, binds, serves.

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

/// Logs to standard output, filtered by `RUST_LOG`, as text or JSON lines.
fn init_logs(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
}
