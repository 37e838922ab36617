//! Starts Leptra's server: reads the configuration, binds, serves.

use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")))
        .init();

    let config = match server::Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("leptra: {err}");
            return ExitCode::from(2);
        }
    };
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
    tracing::info!(%addr, "listening on http://{addr}");
    match server::serve(listener, router).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("leptra: server error: {err}");
            ExitCode::FAILURE
        }
    }
}
