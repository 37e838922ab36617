//! Full-text search over the docs, per locale.

mod search_docs;

pub use search_docs::{find_docs, search_docs, SearchDocs};
