//! The one error type shared by pages, server functions and the JSON API.
//!
//! Each variant maps to exactly one HTTP status, so a failure looks the same
//! whether it reaches the user as an HTML page, a server-function response or
//! the JSON API.

use http::{header, HeaderMap, HeaderValue, StatusCode};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{locale::Locale, tr_in};

/// The `Cache-Control` of a 404: short, so that a page or user that appears is soon seen.
pub const NOT_FOUND_CACHE_CONTROL: &str = "public, max-age=60";

/// The `Cache-Control` of an older answer shown because upstream failed
/// (stale-if-error): browsers do not keep it, shared caches for a few seconds,
/// so the fresh answer replaces it everywhere soon after upstream is back.
pub const STALE_IF_ERROR_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=5";

/// Every way a request can fail, as seen by users.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum AppError {
    /// The request itself is wrong (e.g. an invalid username); answered with 400.
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist; answered with 404.
    #[error("{0}")]
    NotFound(String),
    /// GitHub refused because of its rate limit; answered with 503.
    #[error("{}", rate_limit_message(*.retry_after_secs, Locale::en))]
    RateLimited {
        /// Seconds until GitHub accepts requests again, when GitHub said.
        retry_after_secs: Option<u64>,
    },
    /// GitHub failed, timed out or sent something unreadable; answered with 502.
    #[error("GitHub could not be reached or answered badly: {0}")]
    Upstream(String),
    /// Anything else; answered with 500. The message is safe to show.
    #[error("Something went wrong on our side: {0}")]
    Internal(String),
    /// The request could not reach the server function or its answer was unreadable.
    #[error("The request failed: {0}")]
    Transport(String),
}

/// "GitHub's rate limit was reached", and when to try again, in `locale`.
fn rate_limit_message(retry_after_secs: Option<u64>, locale: Locale) -> String {
    let hint = match retry_after_secs {
        Some(0) | None => tr_in!(locale, error.retry_in_a_minute),
        Some(1) => tr_in!(locale, error.retry_in_a_second),
        Some(secs) if secs < 120 => tr_in!(locale, error.retry_in_seconds, n = secs),
        Some(secs) => tr_in!(locale, error.retry_in_minutes, n = secs.div_ceil(60)),
    };
    format!("{} {hint}", tr_in!(locale, error.rate_limited))
}

impl AppError {
    /// The HTTP status this error is answered with, everywhere.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::RateLimited { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Upstream(_) => StatusCode::BAD_GATEWAY,
            Self::Internal(_) | Self::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What went wrong, for a reader of `locale`: the messages this site
    /// writes itself are translated; what GitHub or the content said is
    /// shown as it came.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::RateLimited { retry_after_secs } => rate_limit_message(*retry_after_secs, locale),
            other => other.to_string(),
        }
    }

    /// Whether an older copy of the data may be shown instead of this error
    /// (RFC 5861's stale-if-error): GitHub failed or refused for now, rather
    /// than said the thing does not exist or the request is wrong.
    pub fn allows_stale(&self) -> bool {
        matches!(self, Self::Upstream(_) | Self::RateLimited { .. })
    }

    /// How an older copy shown instead of this error is answered: `200`, with
    /// a short [`STALE_IF_ERROR_CACHE_CONTROL`]; the page says how old the data is.
    pub fn stale_response_parts() -> (StatusCode, HeaderMap) {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(STALE_IF_ERROR_CACHE_CONTROL));
        (StatusCode::OK, headers)
    }

    /// How this error is answered, everywhere: its status and headers.
    ///
    /// A missing page or user may be kept for a minute by any cache; an
    /// outage (502, 503) or a fault is never kept, so that it ends for
    /// everyone as soon as it ends at the origin (a rate limit says when
    /// with `Retry-After`).
    pub fn response_parts(&self) -> (StatusCode, HeaderMap) {
        let mut headers = HeaderMap::new();
        let cache_control = match self {
            Self::NotFound(_) => NOT_FOUND_CACHE_CONTROL,
            _ => "no-store",
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
        if let Self::RateLimited { retry_after_secs: Some(secs) } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(*secs));
        }
        (self.status_code(), headers)
    }
}

impl FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => Self::BadRequest(msg),
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Status, `Cache-Control` and `Retry-After` of `error`'s answer.
    fn answer(error: &AppError) -> (u16, String, Option<String>) {
        let (status, headers) = error.response_parts();
        let text = |name| headers.get(name).map(|v: &HeaderValue| v.to_str().expect("ascii").to_owned());
        (status.as_u16(), text(header::CACHE_CONTROL).unwrap_or_default(), text(header::RETRY_AFTER))
    }

    #[test]
    fn every_variant_is_answered_with_its_status_and_caching_headers() {
        let text = || "x".to_owned();
        let cases = [
            (AppError::BadRequest(text()), (400, "no-store", None)),
            (AppError::NotFound(text()), (404, "public, max-age=60", None)),
            (AppError::RateLimited { retry_after_secs: Some(30) }, (503, "no-store", Some("30"))),
            (AppError::RateLimited { retry_after_secs: None }, (503, "no-store", None)),
            (AppError::Upstream(text()), (502, "no-store", None)),
            (AppError::Internal(text()), (500, "no-store", None)),
            (AppError::Transport(text()), (500, "no-store", None)),
        ];
        for (error, (status, cache_control, retry_after)) in cases {
            let expected = (status, cache_control.to_owned(), retry_after.map(str::to_owned));
            assert_eq!(answer(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn only_upstream_failures_let_an_older_copy_stand_in_and_it_is_kept_briefly() {
        let text = || "x".to_owned();
        let allows = |error: AppError| error.allows_stale();
        assert!(allows(AppError::Upstream(text())));
        assert!(allows(AppError::RateLimited { retry_after_secs: Some(30) }));
        for error in [AppError::NotFound(text()), AppError::BadRequest(text()), AppError::Internal(text())] {
            assert!(!error.allows_stale(), "{error:?}");
        }
        let (status, headers) = AppError::stale_response_parts();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CACHE_CONTROL], STALE_IF_ERROR_CACHE_CONTROL);
        assert!(!headers.contains_key(header::RETRY_AFTER));
    }

    #[test]
    fn rate_limit_message_says_when_to_retry() {
        let err = AppError::RateLimited { retry_after_secs: Some(90) };
        assert!(err.to_string().contains("90 seconds"), "{err}");
        let err = AppError::RateLimited { retry_after_secs: Some(600) };
        assert!(err.to_string().contains("10 minutes"), "{err}");
        assert!(err.message(Locale::ko).contains("10분"), "{}", err.message(Locale::ko));
        assert_eq!(err.message(Locale::en), err.to_string());
    }

    #[test]
    fn arguments_leptos_cannot_read_are_a_bad_request() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("username".into()));
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
