//! `fake-github`: runs the fake GitHub REST API as its own process, for the
//! Playwright tests and benchmark scripts (which drive it via `/__fake/…`).
//!
//! Prints `fake-github listening on http://127.0.0.1:PORT` once bound, then
//! serves until SIGINT or SIGTERM.

use std::{io::Write, process::ExitCode};

use testkit::fake_github::{parse_command_line, Command, FakeGithub, USAGE};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_writer(std::io::stderr)
        .init();

    let (addr, options) = match parse_command_line(std::env::args().skip(1), |name| std::env::var(name).ok()) {
        Ok(Command::Serve { addr, options }) => (addr, options),
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fake-github: {message}");
            return ExitCode::from(2);
        }
    };
    let fake = match FakeGithub::start_on(addr, options).await {
        Ok(fake) => fake,
        Err(err) => {
            eprintln!("fake-github: cannot listen on {addr}: {err}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    // If stdout is gone nobody is waiting for the line; keep serving anyway.
    let _ = writeln!(stdout, "fake-github listening on {}", fake.url()).and_then(|()| stdout.flush());
    drop(stdout);

    // Ctrl+C stops it here; SIGTERM, as the tests send, ends the process at once (it keeps no state).
    let _ = tokio::signal::ctrl_c().await;
    drop(fake);
    ExitCode::SUCCESS
}
