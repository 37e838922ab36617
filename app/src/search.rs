//! Full-text search over the docs.
//!
//! [`model`] is what a search answers, shared by the server and the browser.
//! The rest runs on the server only (`ssr`): [`index::SearchIndex`] holds one
//! tantivy index per locale in RAM, built at start-up from
//! [`DocsStore::search_documents`](crate::docs::store::DocsStore::search_documents),
//! and answers queries with ranked, snippeted section hits.

pub mod model;

#[cfg(feature = "ssr")]
pub mod index;
#[cfg(all(test, feature = "ssr"))]
mod proptests;
#[cfg(feature = "ssr")]
pub mod query;
#[cfg(feature = "ssr")]
pub mod snippet;
#[cfg(feature = "ssr")]
pub mod tokenizer;

pub use model::{SearchHit, SearchResults, SnippetPart, MAX_QUERY_CHARS};

#[cfg(feature = "ssr")]
pub use index::SearchIndex;
