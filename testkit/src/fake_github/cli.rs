//! The `fake-github` binary's command line, parsed by hand so it can be unit-tested here.

use std::{net::SocketAddr, time::Duration};

use super::Options;

/// The default address of the standalone fake.
const DEFAULT_ADDR: &str = "127.0.0.1:3100";

/// What the `fake-github` binary was asked to do.
#[derive(Debug)]
pub enum Command {
    /// Serve on `addr` with `options` until SIGINT or SIGTERM.
    Serve {
        /// A loopback address (others are refused).
        addr: SocketAddr,
        /// The fake's options, e.g. the added latency.
        options: Options,
    },
    /// Print the usage text and exit successfully.
    Help,
}

/// Usage text for `--help` and for errors.
pub const USAGE: &str = "usage: fake-github [--addr 127.0.0.1:PORT] [--latency-ms N]\n\
    (defaults 127.0.0.1:3100 and 0; env FAKE_GITHUB_ADDR and FAKE_GITHUB_LATENCY_MS)";

/// Parses `args` (without the program name); flags win over `env` (`FAKE_GITHUB_*`).
///
/// Errors are one-line messages; non-loopback addresses are refused so the
/// fake can never be reached from another machine.
pub fn parse_command_line(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut addr = env("FAKE_GITHUB_ADDR").map(|v| ("FAKE_GITHUB_ADDR", v));
    let mut latency = env("FAKE_GITHUB_LATENCY_MS").map(|v| ("FAKE_GITHUB_LATENCY_MS", v));
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" => (&mut addr, "--addr"),
            "--latency-ms" => (&mut latency, "--latency-ms"),
            _ => return Err(format!("unknown argument {arg:?}; {USAGE}")),
        };
        let value = inline.or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"))?;
        *slot.0 = Some((slot.1, value));
    }

    let addr = match addr {
        Some((source, value)) => {
            value.trim().parse::<SocketAddr>().map_err(|_| format!("{source}={value:?} is not an IP:PORT address"))?
        }
        None => DEFAULT_ADDR.parse().map_err(|_| "bad default address".to_owned())?,
    };
    if !addr.ip().is_loopback() {
        return Err(format!("refusing to listen on {addr}: only loopback addresses (127.0.0.1, ::1) are allowed"));
    }
    let latency = match latency {
        Some((source, value)) => Duration::from_millis(
            value.trim().parse().map_err(|_| format!("{source}={value:?} is not a number of milliseconds"))?,
        ),
        None => Duration::ZERO,
    };
    Ok(Command::Serve { addr, options: Options { latency, ..Options::default() } })
}
