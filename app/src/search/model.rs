//! What a search answers, as both the server and the browser see it.
//!
//! These types cross the wire (server function or JSON API), so they hold
//! plain text only: matched words are flagged in [`SnippetPart`]s for the UI
//! to wrap in `<mark>`, never pre-rendered as HTML.

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// The longest query searched, in characters; longer input is cut to this
/// (with a notice) so one request cannot make the server build a huge query.
pub const MAX_QUERY_CHARS: usize = 200;

/// The notice for a query without a single searchable word.
pub const NOTICE_EMPTY_QUERY: &str = "Enter at least one word.";

/// What the search page searches, read from its address (`q`, `v`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    /// The docs searched: the page's locale.
    pub locale: Locale,
    /// `q`, as typed.
    pub query: String,
    /// `v`: an older version's docs, when not empty.
    pub version: Option<String>,
    /// How many results the page shows.
    pub limit: usize,
}

impl SearchKey {
    /// The search page's search in `locale` for `q`, in version `v`.
    pub fn for_page(locale: Locale, q: Option<String>, v: Option<String>) -> Self {
        Self { locale, query: q.unwrap_or_default(), version: v.filter(|v| !v.is_empty()), limit: 20 }
    }
}

/// One matching section of a docs page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The page's URL path, e.g. `/ko/docs/guide/ssr`.
    pub route: String,
    /// The matched section's heading anchor; `None` for the text before the
    /// first heading, which is the top of the page.
    pub anchor: Option<String>,
    /// The page title.
    pub title: String,
    /// The section heading (the page title for the text before the first heading).
    pub heading: String,
    /// A short excerpt of the section around the first match.
    pub snippet: Vec<SnippetPart>,
}

impl SearchHit {
    /// The link to the matched section: the route, plus `#anchor` when the
    /// section has a heading, so the reader lands on the matched text.
    pub fn href(&self) -> String {
        match &self.anchor {
            Some(anchor) => format!("{}#{anchor}", self.route),
            None => self.route.clone(),
        }
    }
}

/// A piece of a snippet. Rendered as text (escaped), inside `<mark>` when
/// `matched`, so content can never inject markup through search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    /// The text of this piece, whitespace collapsed.
    pub text: String,
    /// Whether this piece is a word the query matched.
    pub matched: bool,
}

/// The answer to one search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as it was searched: trimmed and cut to [`MAX_QUERY_CHARS`].
    pub query: String,
    /// The best sections first.
    pub hits: Vec<SearchHit>,
    /// Something the user should know about how the query was handled, e.g.
    /// "Enter at least one word." or "The query was shortened to 200 characters."
    pub notice: Option<String>,
    /// The label of the docs version searched, when the site has several.
    #[serde(default)]
    pub version: Option<String>,
}

/// `query` trimmed and cut to at most [`MAX_QUERY_CHARS`] characters on a
/// character boundary, and whether it had to be cut. Shared so the search box
/// can clip its input exactly as the server does.
pub fn clamp_query(query: &str) -> (&str, bool) {
    let query = query.trim();
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => (query[..end].trim_end(), true),
        None => (query, false),
    }
}

/// The notice telling that a query was cut to [`MAX_QUERY_CHARS`].
pub fn shortened_notice() -> String {
    format!("The query was shortened to {MAX_QUERY_CHARS} characters.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_query_is_only_trimmed() {
        assert_eq!(clamp_query("  cache  "), ("cache", false));
        assert_eq!(clamp_query(""), ("", false));
    }

    #[test]
    fn a_long_query_is_cut_on_a_character_boundary() {
        let long = "서".repeat(MAX_QUERY_CHARS + 50);
        let (clamped, cut) = clamp_query(&long);
        assert!(cut);
        assert_eq!(clamped.chars().count(), MAX_QUERY_CHARS);
        let exact = "a".repeat(MAX_QUERY_CHARS);
        assert_eq!(clamp_query(&exact), (exact.as_str(), false));
    }

    #[test]
    fn a_hit_links_to_its_section() {
        let mut hit = SearchHit {
            route: "/docs/guide/ssr".into(),
            anchor: Some("resources".into()),
            title: "SSR".into(),
            heading: "Resources".into(),
            snippet: Vec::new(),
        };
        assert_eq!(hit.href(), "/docs/guide/ssr#resources");
        hit.anchor = None;
        assert_eq!(hit.href(), "/docs/guide/ssr");
    }

    #[test]
    fn results_keep_the_json_shape_api_clients_read() {
        let results = SearchResults {
            query: "<script>".into(),
            hits: vec![SearchHit {
                route: "/docs".into(),
                anchor: None,
                title: "Docs".into(),
                heading: "Docs".into(),
                snippet: vec![SnippetPart { text: "<b>".into(), matched: true }],
            }],
            notice: Some(NOTICE_EMPTY_QUERY.into()),
            version: None,
        };
        let json = serde_json::to_value(&results).expect("serializes");
        let expected = serde_json::json!({
            "query": "<script>",
            "hits": [{
                "route": "/docs",
                "anchor": null,
                "title": "Docs",
                "heading": "Docs",
                "snippet": [{ "text": "<b>", "matched": true }],
            }],
            "notice": NOTICE_EMPTY_QUERY,
            "version": null,
        });
        assert_eq!(json, expected);
    }
}
