//! Accepting connections: HTTP/1 and HTTP/2 through hyper, with a deadline
//! for a request's headers, and a graceful stop that loses no request.
//!
//! axum's own `serve` gives no way to set hyper's header timeout, and without
//! one a client that sends a byte every few seconds holds its connection (and
//! its buffers) forever.
//!
//! The site is served with the process's own probes, `/healthz` and
//! `/readyz` ([`crate::health`]). Asked to stop (SIGTERM or SIGINT), the server:
//! 1. answers `/readyz` with `503` at once and serves on
//!    for [`Drain::notice`], so that balancers polling it stop sending first;
//! 2. closes its port (new connections are refused, and a balancer retries
//!    them elsewhere), closes idle connections and lets the requests in flight
//!    finish, for at most [`Drain::deadline`];
//! 3. returns [`Stopped::Drained`], or [`Stopped::Cut`] when the deadline or
//!    a second signal came first: whatever was still open is dropped.

use std::{future::Future, time::Duration};

use axum::{body::Body, extract::Request, Router};
use futures::{Stream, StreamExt as _};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, task::JoinSet};
use tower::ServiceExt as _;

use crate::{
    config::{Drain, Limits},
    health::{self, Readiness},
};

/// How serving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Every request in flight finished.
    Drained,
    /// The deadline or a second signal came first; what was open was dropped.
    Cut,
}

/// Serves `router` on `listener` until SIGINT or SIGTERM, then stops as `drain` says.
pub async fn serve(listener: TcpListener, router: Router, limits: &Limits, drain: Drain) -> std::io::Result<Stopped> {
    serve_with(listener, router, limits, drain, shutdown_signals()).await
}

/// Serves `router` on `listener` until `shutdown` completes, then waits for
/// the requests in flight, however long they take (tests and benchmarks).
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let drain = Drain { notice: Duration::ZERO, deadline: Duration::MAX };
    serve_with(listener, router, limits, drain, futures::stream::once(shutdown)).await.map(|_| ())
}

/// Serves `router` on `listener`; the first item of `signals` starts the stop
/// `drain` describes, the second ends it at once.
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    drain: Drain,
    signals: impl Stream<Item = ()>,
) -> std::io::Result<Stopped> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(Duration::from_secs(20)));
    let graceful = GracefulShutdown::new();
    let readiness = Readiness::default();
    let router = router.merge(health::routes(readiness.clone()));
    // Every connection's task, so that a cut drops them all (dropping the set aborts them).
    let mut connections = JoinSet::new();
    // Signals that end are no more signals, never a reason to stop.
    let mut signals = std::pin::pin!(signals.chain(futures::stream::pending()));
    let notice_over = tokio::time::sleep(Duration::MAX);
    let mut notice_over = std::pin::pin!(notice_over);
    loop {
        while connections.try_join_next().is_some() {}
        let (tcp, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors or a connection reset before accept: wait, go on.
                    tracing::debug!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                }
            },
            Some(()) = signals.next() => {
                if !readiness.is_ready() {
                    tracing::warn!("asked again to stop: stopping at once");
                    return Ok(Stopped::Cut);
                }
                readiness.stop();
                let notice_ms = u64::try_from(drain.notice.as_millis()).unwrap_or(u64::MAX);
                tracing::info!(notice_ms, "shutting down: not ready any more, serving on while balancers notice");
                notice_over.set(tokio::time::sleep(drain.notice));
                continue;
            }
            () = &mut notice_over, if !readiness.is_ready() => break,
        };
        // Small responses go out at once instead of waiting on Nagle's algorithm.
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
        let service = router.clone().map_request(|req: Request<Incoming>| req.map(Body::new));
        let connection =
            builder.serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service)).into_owned();
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            if let Err(error) = connection.await {
                tracing::trace!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing open requests");
    // Open live-content event streams never end by themselves.
    crate::live_content::close_streams();
    tokio::select! {
        () = graceful.shutdown() => Ok(Stopped::Drained),
        () = tokio::time::sleep(drain.deadline) => {
            while connections.try_join_next().is_some() {}
            tracing::warn!(open = connections.len(), "the drain's deadline passed: dropping the connections still open");
            Ok(Stopped::Cut)
        }
        Some(()) = signals.next() => {
            tracing::warn!("asked again to stop: dropping the connections still open");
            Ok(Stopped::Cut)
        }
    }
}

/// SIGINT and (on Unix) SIGTERM, each time one arrives. The handlers are
/// installed at once: from then on these signals no longer end the process
/// by themselves.
pub fn shutdown_signals() -> impl Stream<Item = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::SignalKind;
        futures::stream::select(every(SignalKind::interrupt()), every(SignalKind::terminate()))
    }
    #[cfg(not(unix))]
    futures::stream::unfold((), |()| async { tokio::signal::ctrl_c().await.ok().map(|()| ((), ())) })
}

/// Each arrival of the signal `kind`; none if it cannot be caught.
#[cfg(unix)]
fn every(kind: tokio::signal::unix::SignalKind) -> impl Stream<Item = ()> + Send + 'static {
    match tokio::signal::unix::signal(kind) {
        Ok(signal) => {
            futures::stream::unfold(signal, |mut signal| async move { signal.recv().await.map(|()| ((), signal)) })
                .left_stream()
        }
        Err(error) => {
            tracing::warn!(%error, signal = kind.as_raw_value(), "this signal cannot be caught");
            futures::stream::pending().right_stream()
        }
    }
}
