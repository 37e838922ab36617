//! What a request gets when the server is full or too slow: an immediate
//! `503` with `Retry-After`, never a queue without limit.
//!
//! [`guard`] puts a global bound on requests in flight
//! (`LEPTRA_MAX_IN_FLIGHT`) behind tower's load shedding, and a deadline on
//! each whole request (`LEPTRA_REQUEST_TIMEOUT_MS`); both end in [`answer`].

use axum::{
    error_handling::HandleErrorLayer,
    response::{IntoResponse, Response},
    BoxError, Router,
};
use http::{header, HeaderValue, StatusCode};
use tower::{limit::GlobalConcurrencyLimitLayer, load_shed::LoadShedLayer, timeout::TimeoutLayer, ServiceBuilder};

use crate::config::Limits;

/// `router` with the bound on requests in flight and the deadline of `limits`.
pub fn guard(router: Router, limits: &Limits) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(HandleErrorLayer::new(answer))
            .layer(LoadShedLayer::new())
            .layer(GlobalConcurrencyLimitLayer::new(limits.max_in_flight))
            .layer(TimeoutLayer::new(limits.request_timeout)),
    )
}

/// The answer for a request that was shed or ran out of time.
async fn answer(error: BoxError) -> Response {
    let (message, retry_after) = if error.is::<tower::load_shed::error::Overloaded>() {
        ("The server is busy. Please try again in a moment.", "1")
    } else if error.is::<tower::timeout::error::Elapsed>() {
        ("The server took too long to answer. Please try again.", "5")
    } else {
        tracing::error!(%error, "request failed in the middleware");
        ("The server could not answer.", "5")
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, HeaderValue::from_static(retry_after)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::{body::Body, extract::Request, routing::get};
    use tower::ServiceExt;

    use super::*;

    fn limits(max_in_flight: usize, request_timeout: Duration) -> Limits {
        Limits { header_timeout: Duration::from_secs(1), request_timeout, max_body_bytes: 1024, max_in_flight }
    }

    async fn call(router: &Router, path: &str) -> Response {
        let request = Request::builder().uri(path).body(Body::empty()).expect("request");
        router.clone().oneshot(request).await.expect("answer")
    }

    #[tokio::test]
    async fn a_request_beyond_the_bound_is_refused_at_once_with_retry_after() {
        let (release, wait) = tokio::sync::watch::channel(false);
        let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel();
        let router = Router::new().route(
            "/hold",
            get(move || {
                let mut wait = wait.clone();
                let started = started_tx.clone();
                async move {
                    let _ = started.send(());
                    let _ = wait.wait_for(|go| *go).await;
                    "held"
                }
            }),
        );
        let router = guard(router, &limits(2, Duration::from_secs(30)));
        let held: Vec<_> = (0..2)
            .map(|_| {
                let router = router.clone();
                tokio::spawn(async move { call(&router, "/hold").await.status() })
            })
            .collect();
        for _ in 0..2 {
            started.recv().await.expect("a held request started");
        }
        let refused = tokio::time::timeout(Duration::from_secs(5), call(&router, "/hold")).await.expect("at once");
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "1");
        assert_eq!(refused.headers()[header::CACHE_CONTROL], "no-store");
        release.send(true).expect("held requests wait");
        for request in held {
            assert_eq!(request.await.expect("joins"), StatusCode::OK);
        }
        // The permits are back: requests pass again.
        assert_eq!(call(&router, "/hold").await.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn a_request_that_takes_too_long_is_answered_503() {
        let router = Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                "late"
            }),
        );
        let router = guard(router, &limits(8, Duration::from_millis(100)));
        let started = std::time::Instant::now();
        let answer = call(&router, "/slow").await;
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.headers()[header::RETRY_AFTER], "5");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
