//! How a search runs, whatever holds the index: the server's tantivy index
//! ([`SearchIndex`](super::SearchIndex)) or an exported site's
//! [`StaticIndex`](super::static_index::StaticIndex), which the browser
//! searches. Both parse the query, fall back from every word to any word,
//! cap the hits of one page and cut snippets here, so they answer alike.

use std::collections::BTreeMap;

use super::model::{SearchHit, SearchResults};
use super::query::{loosened, parse, QueryTerm};
use super::tokenizer::WordStemmer;

/// How much more a term in the page title counts than one in the body.
pub const TITLE_BOOST: f32 = 3.0;
/// How much more a term in the section heading counts than one in the body.
pub const HEADING_BOOST: f32 = 2.0;
/// The constant score of a prefix match in the body (title and heading get
/// their boosts on top). BM25 scores of exact matches are well above it.
pub const PREFIX_SCORE: f32 = 0.2;
/// The constant score of a one-typo match in the body, below a prefix match.
pub const FUZZY_SCORE: f32 = 0.1;
/// The most sections of one page in one result list: enough to show that a
/// page covers the topic in several places, few enough to leave room for
/// other pages (the dropdown shows 8 hits).
pub const MAX_HITS_PER_PAGE: usize = 2;
/// The most hits one search returns, whatever limit is asked.
pub const MAX_LIMIT: usize = 100;

pub(crate) const NOTICE_ANY_WORD: &str = "No section contains every word; showing sections with some of them.";
pub(crate) const NOTICE_FAILED: &str = "The search failed. Please try again.";

/// An index a search runs on: its sections ranked for query terms, and the
/// hit each section makes.
pub trait Sections {
    /// Why a search failed (the server's index may; a loaded one does not).
    type Error: std::fmt::Display;

    /// The best sections for `terms`, best first, at most `limit` and at most
    /// [`MAX_HITS_PER_PAGE`] of one page. `all`: every term must match;
    /// otherwise any.
    fn top_sections(&self, terms: &[QueryTerm], all: bool, limit: usize) -> Result<Vec<usize>, Self::Error>;

    /// What section `section` shows as a hit for `terms`.
    fn hit(&self, section: usize, terms: &[QueryTerm], stemmer: &mut WordStemmer) -> Option<SearchHit>;
}

/// Searches `index` for what the user typed: every term, or any term when no
/// section has them all (with a notice). Never fails: bad input gives no hits
/// and a notice.
pub fn search<S: Sections>(index: &S, query: &str, limit: usize, on_error: impl FnOnce(&S::Error)) -> SearchResults {
    let mut stemmer = WordStemmer::default();
    let parsed = parse(query, &mut stemmer);
    let limit = limit.min(MAX_LIMIT);
    if parsed.terms.is_empty() || limit == 0 {
        return SearchResults { notice: parsed.notice(), query: parsed.text, hits: Vec::new(), version: None };
    }
    let mut notices = parsed.notices.clone();
    let mut terms = parsed.terms;
    let found = index.top_sections(&terms, true, limit).and_then(|all| {
        let loose = loosened(&terms);
        if !all.is_empty() || loose.len() < 2 {
            return Ok(all);
        }
        let any = index.top_sections(&loose, false, limit)?;
        if !any.is_empty() {
            notices.push(NOTICE_ANY_WORD.to_owned());
        }
        terms = loose;
        Ok(any)
    });
    let sections = match found {
        Ok(sections) => sections,
        Err(err) => {
            on_error(&err);
            notices.push(NOTICE_FAILED.to_owned());
            Vec::new()
        }
    };
    let hits = sections.into_iter().filter_map(|section| index.hit(section, &terms, &mut stemmer)).collect();
    let notice = (!notices.is_empty()).then(|| notices.join(" "));
    SearchResults { query: parsed.text, hits, notice, version: None }
}

/// The sections of `ranked` (best first), at most `limit` and at most
/// [`MAX_HITS_PER_PAGE`] of one page; `page_of` names a section's page.
pub fn pick(
    ranked: impl IntoIterator<Item = usize>,
    page_of: impl Fn(usize) -> Option<usize>,
    limit: usize,
) -> Vec<usize> {
    let mut per_page: BTreeMap<usize, usize> = BTreeMap::new();
    let mut picked = Vec::with_capacity(limit);
    for section in ranked {
        if picked.len() == limit {
            break;
        }
        let Some(page) = page_of(section) else { continue };
        let count = per_page.entry(page).or_default();
        if *count >= MAX_HITS_PER_PAGE {
            continue;
        }
        *count += 1;
        picked.push(section);
    }
    picked
}
