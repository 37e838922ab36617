//! `/healthz` and `/readyz`: what balancers, systemd and Kubernetes ask.
//!
//! `/healthz` says the process answers. `/readyz` says it should be sent
//! traffic: the server opens its port only once the content is loaded and the
//! search index built, so it is ready from its first answer until it starts
//! to stop; then it answers `503` while the server still serves for a moment,
//! so that balancers stop sending before the port closes. Readiness belongs to
//! the serving process, so the serving loop ([`crate::serve`]) adds these two
//! routes to the site it serves.
//!
//! Both are cheap (no rendering, no data, none of the site's middleware),
//! never kept by any cache (`no-store`), and logged at `debug`, not `info`:
//! a probe every few seconds would drown the request log.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use http::{header, HeaderValue, StatusCode};
use tower_http::trace::{DefaultMakeSpan, DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Whether the server is stopping; cheap to clone, shared by every request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Readiness {
    stopping: Arc<AtomicBool>,
}

impl Readiness {
    /// Whether balancers should send requests here.
    pub(crate) fn is_ready(&self) -> bool {
        !self.stopping.load(Ordering::SeqCst)
    }

    /// From now on, `/readyz` answers `503`.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }
}

/// The two probes, answering from `readiness`, with their own request log at `debug`.
pub(crate) fn routes(readiness: Readiness) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::DEBUG))
                .on_response(DefaultOnResponse::new().level(Level::DEBUG))
                .on_failure(DefaultOnFailure::new().level(Level::DEBUG)),
        )
        .with_state(readiness)
}

/// `200 ok` while the process answers at all.
async fn healthz() -> Response {
    probe(StatusCode::OK, "ok")
}

/// `200 ready`, or `503 stopping` once the server has been asked to stop.
async fn readyz(State(readiness): State<Readiness>) -> Response {
    if readiness.is_ready() {
        probe(StatusCode::OK, "ready")
    } else {
        probe(StatusCode::SERVICE_UNAVAILABLE, "stopping")
    }
}

fn probe(status: StatusCode, body: &'static str) -> Response {
    let headers = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
    ];
    (status, headers, body).into_response()
}

#[cfg(test)]
mod tests {
    use axum::{
        body::{to_bytes, Body},
        extract::Request,
    };
    use tower::ServiceExt as _;

    use super::*;

    async fn call(path: &str, readiness: &Readiness) -> (StatusCode, String, String) {
        let request = Request::builder().uri(path).body(Body::empty()).expect("request");
        let response = routes(readiness.clone()).oneshot(request).await.expect("answer");
        let cache_control = response.headers()[header::CACHE_CONTROL].to_str().expect("ascii").to_owned();
        let status = response.status();
        let body = to_bytes(response.into_body(), 1024).await.expect("body");
        (status, cache_control, String::from_utf8(body.to_vec()).expect("utf-8"))
    }

    #[tokio::test]
    async fn readiness_turns_503_when_the_server_stops_and_health_stays_200() {
        let readiness = Readiness::default();
        assert_eq!(call("/readyz", &readiness).await, (StatusCode::OK, "no-store".into(), "ready".into()));
        readiness.stop();
        let stopping = (StatusCode::SERVICE_UNAVAILABLE, "no-store".into(), "stopping".into());
        assert_eq!(call("/readyz", &readiness).await, stopping);
        assert_eq!(call("/healthz", &readiness).await, (StatusCode::OK, "no-store".into(), "ok".into()));
    }
}
