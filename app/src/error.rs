//! The one error type shared by pages, server functions and the JSON API.
//!
//! Each variant maps to exactly one HTTP status, so a failure looks the same
//! whether it reaches the user as an HTML page, a server-function response or
//! the JSON API.

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The `Cache-Control` of a 404: short, so that a page or user that appears is soon seen.
pub const NOT_FOUND_CACHE_CONTROL: &str = "public, max-age=60";

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
    #[error("GitHub's rate limit was reached. {}", retry_hint(*.retry_after_secs))]
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

fn retry_hint(retry_after_secs: Option<u64>) -> String {
    match retry_after_secs {
        Some(0) | None => "Please try again in a minute.".to_owned(),
        Some(1) => "Please try again in 1 second.".to_owned(),
        Some(secs) if secs < 120 => format!("Please try again in {secs} seconds."),
        Some(secs) => format!("Please try again in {} minutes.", secs.div_ceil(60)),
    }
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

    /// A short page title for the error page.
    pub fn title(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "Bad request",
            Self::NotFound(_) => "Page not found",
            Self::RateLimited { .. } => "Service unavailable",
            Self::Upstream(_) => "Bad gateway",
            Self::Internal(_) | Self::Transport(_) => "Internal server error",
        }
    }

    /// The `Cache-Control` this error is answered with, everywhere.
    ///
    /// A missing page or user may be kept for a minute by any cache; an
    /// outage (502, 503) or a fault is never kept, so that it ends for
    /// everyone as soon as it ends at the origin (a rate limit says when
    /// with `Retry-After`).
    pub fn cache_control(&self) -> &'static str {
        match self {
            Self::NotFound(_) => NOT_FOUND_CACHE_CONTROL,
            _ => "no-store",
        }
    }

    /// The `Retry-After` value to send with this error, if any.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => *retry_after_secs,
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

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

    #[test]
    fn every_variant_has_its_own_status() {
        let statuses = [
            AppError::BadRequest(String::new()).status_code(),
            AppError::NotFound(String::new()).status_code(),
            AppError::RateLimited { retry_after_secs: None }.status_code(),
            AppError::Upstream(String::new()).status_code(),
            AppError::Internal(String::new()).status_code(),
        ];
        assert_eq!(statuses.map(|s| s.as_u16()), [400, 404, 503, 502, 500]);
    }

    #[test]
    fn only_a_missing_page_may_be_kept_and_only_briefly() {
        assert_eq!(AppError::NotFound(String::new()).cache_control(), "public, max-age=60");
        for error in [
            AppError::BadRequest(String::new()),
            AppError::RateLimited { retry_after_secs: Some(5) },
            AppError::Upstream(String::new()),
            AppError::Internal(String::new()),
            AppError::Transport(String::new()),
        ] {
            assert_eq!(error.cache_control(), "no-store", "{error:?}");
        }
    }

    #[test]
    fn rate_limit_message_says_when_to_retry() {
        let err = AppError::RateLimited { retry_after_secs: Some(90) };
        assert!(err.to_string().contains("90 seconds"), "{err}");
        let err = AppError::RateLimited { retry_after_secs: Some(600) };
        assert!(err.to_string().contains("10 minutes"), "{err}");
    }

    #[test]
    fn errors_survive_a_json_round_trip() {
        let err = AppError::Upstream("timeout".into());
        let json = serde_json::to_string(&err).expect("serializes");
        let back: AppError = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, err);
    }
}
