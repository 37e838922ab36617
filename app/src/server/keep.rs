//! How long the server's page cache may keep an answer, as the answer says.
//!
//! The page cache (`server::page_cache`) knows no paths: the routes own their
//! answers. A page or server function whose answer is the same for everyone
//! declares, as it responds, which kind it is and which query parameters it
//! reads ([`declare`]); the cache learns that for the route (axum's matched
//! path, which comes from the app's route table) and from then on keeps its
//! answers under the path and those parameters alone. The declaration travels
//! in two response headers that the cache removes before anything is sent.

use http::{HeaderMap, HeaderValue};

/// The header that names an answer's [`Kind`].
pub const KIND_HEADER: &str = "x-leptra-keep";
/// The header that lists the query parameters an answer depends on (one per value).
pub const QUERY_HEADER: &str = "x-leptra-keep-query";

/// What an answer is, for how long it may be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Rendered from the docs: fresh until the stars revalidate, served stale
    /// while it renders anew, dropped when the content changes.
    Content,
    /// A user's repositories: kept for a second at most.
    Data,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Content => "content",
            Self::Data => "data",
        }
    }

    /// The kind an answer's headers declare, if any.
    pub fn declared(headers: &HeaderMap) -> Option<Self> {
        match headers.get(KIND_HEADER)?.as_bytes() {
            b"content" => Some(Self::Content),
            b"data" => Some(Self::Data),
            _ => None,
        }
    }
}

/// The query parameters an answer's headers say it depends on.
pub fn declared_query(headers: &HeaderMap) -> Vec<String> {
    headers.get_all(QUERY_HEADER).iter().filter_map(|value| value.to_str().ok()).map(str::to_owned).collect()
}

/// `headers` with `kind` and the query parameters `query`, for answers the
/// server writes itself (the sitemap, `llms.txt`).
pub fn mark(headers: &mut HeaderMap, kind: Kind, query: &[&'static str]) {
    headers.insert(KIND_HEADER, HeaderValue::from_static(kind.as_str()));
    for name in query {
        headers.append(QUERY_HEADER, HeaderValue::from_static(name));
    }
}

/// Declares the answer being rendered (a page, or a server function's JSON)
/// as `kind`, depending on the query parameters `query` besides its path.
/// Several declarations add their parameters; the last kind stands.
pub fn declare(kind: Kind, query: &[&'static str]) {
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    response.insert_header(http::HeaderName::from_static(KIND_HEADER), HeaderValue::from_static(kind.as_str()));
    for name in query {
        response.append_header(http::HeaderName::from_static(QUERY_HEADER), HeaderValue::from_static(name));
    }
}
