//! Full-text search over the docs.
//!
//! [`model`] is what a search answers. On the server (`ssr`),
//! [`index::SearchIndex`] holds one tantivy index per locale in RAM, built at
//! start-up from
//! [`DocsStore::search_documents`](crate::docs::store::DocsStore::search_documents),
//! and answers queries with ranked, snippeted section hits. An exported site
//! has no server: its browser searches the same index written as a file,
//! [`static_index::StaticIndex`]. Both run the query through [`engine`], with
//! the same [`query`] parsing, [`tokenizer`] and [`snippet`]s.

pub mod engine;
pub mod model;
pub mod query;
pub mod snippet;
pub mod static_index;
pub mod tokenizer;

#[cfg(feature = "ssr")]
pub mod index;
#[cfg(all(test, feature = "ssr"))]
mod proptests;

pub use model::{SearchHit, SearchResults, SnippetPart, MAX_QUERY_CHARS};

#[cfg(feature = "ssr")]
pub use index::SearchIndex;
