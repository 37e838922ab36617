//! The search of an exported site, which has no server to ask: the server's
//! index for one locale (and docs version), written as one JSON file by the
//! exporter ([`SearchIndex::export`](super::SearchIndex::export)) and
//! searched in the browser ([`StaticIndex::search`]).
//!
//! It holds what tantivy scored with, not scores: each term's postings
//! (section and frequency) per field, each section's field lengths, the
//! fields' token totals, and the words as typed for prefix and typo matches.
//! The search scores them with tantivy's BM25 (the same constants, field
//! boosts and CJK phrases), and [`engine`](super::engine) parses the query,
//! falls back to any word, caps pages and cuts snippets as on the server, so
//! an exported site ranks as the served one does (a test compares them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::engine::{self, Sections, FUZZY_SCORE, HEADING_BOOST, PREFIX_SCORE, TITLE_BOOST};
use super::model::{SearchHit, SearchResults};
use super::query::QueryTerm;
use super::snippet::{snippet, within_one_edit};
use super::tokenizer::{words, WordStemmer};
use crate::locale::Locale;

/// BM25's term frequency saturation, as tantivy's.
const K1: f32 = 1.2;
/// BM25's length normalization, as tantivy's.
const B: f32 = 0.75;

/// The fields a section is searched in, in the order of every per-field
/// array here: the page title, the section heading, the section text.
pub const FIELD_COUNT: usize = 3;
const BOOSTS: [f32; FIELD_COUNT] = [TITLE_BOOST, HEADING_BOOST, 1.0];

/// The export's file holding the index of `locale`, of the older docs
/// `version` when one is given (`/search-index/ko.json`, `/search-index/0.1/ko.json`).
pub fn index_file(locale: Locale, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("/search-index/{version}/{locale}.json"),
        None => format!("/search-index/{locale}.json"),
    }
}

/// One locale's (and version's) search index, as an export writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StaticIndex {
    /// The label of the docs version, when the site has several (shown with
    /// the results, as the server does).
    pub version: Option<String>,
    /// Every page: route and title.
    pub pages: Vec<(String, String)>,
    /// Every section, in the server index's order.
    pub sections: Vec<StaticSection>,
    /// Per field, the tokens of all sections together (BM25's average length).
    pub tokens: [u64; FIELD_COUNT],
    /// Stemmed term → per field, the sections that have it and how often.
    pub terms: BTreeMap<String, [Vec<(u32, u32)>; FIELD_COUNT]>,
    /// Word as typed (lowercase) → per field, the sections that have it.
    pub words: BTreeMap<String, [Vec<u32>; FIELD_COUNT]>,
}

/// One section of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StaticSection {
    /// Its page, an index into [`StaticIndex::pages`].
    pub page: u32,
    /// Its heading's anchor; `None` before the first heading.
    pub anchor: Option<String>,
    /// Its heading as indexed (empty before the first heading).
    pub heading: String,
    /// Its text.
    pub body: String,
    /// Per field, its length in tokens as tantivy stores it (lengths are
    /// kept to about two significant digits).
    pub norms: [u32; FIELD_COUNT],
}

impl StaticIndex {
    /// The best sections for `query`, at most `limit`, as the server's index
    /// would answer.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let mut results = engine::search(self, query, limit, |_: &std::convert::Infallible| {});
        results.version = self.version.clone();
        results
    }

    /// BM25 of a term (or phrase) with `idf` found `frequency` times in
    /// field `field` of `section`, boosted by the field, as tantivy computes it.
    fn bm25(&self, idf: f32, field: usize, section: &StaticSection, frequency: u32) -> f32 {
        let average = self.tokens[field] as f32 / self.sections.len() as f32;
        let norm = K1 * (1.0 - B + B * section.norms[field] as f32 / average);
        let frequency = frequency as f32;
        idf * (1.0 + K1) * (frequency / (frequency + norm)) * BOOSTS[field]
    }

    /// Inverse document frequency of a term in `sections_with_it` sections.
    fn idf(&self, sections_with_it: usize) -> f32 {
        let (n, total) = (sections_with_it as f32, self.sections.len() as f32);
        (1.0 + ((total - n) + 0.5) / (n + 0.5)).ln()
    }

    /// Each section's score for one query term, `None` where it does not match.
    fn term_scores(&self, term: &QueryTerm) -> Vec<Option<f32>> {
        let mut scores: Vec<Option<f32>> = vec![None; self.sections.len()];
        let mut add = |section: u32, score: f32| {
            if let Some(slot) = scores.get_mut(section as usize) {
                *slot = Some(slot.unwrap_or(0.0) + score);
            }
        };
        // The words it matches as a prefix and with a typo, in every field.
        let prefixed: Vec<&[Vec<u32>; FIELD_COUNT]> = match term.prefix {
            true => self
                .words
                .range(term.word.clone()..)
                .take_while(|(word, _)| word.starts_with(&term.word))
                .map(|(_, postings)| postings)
                .collect(),
            false => Vec::new(),
        };
        let typos: Vec<&[Vec<u32>; FIELD_COUNT]> = match term.fuzzy {
            true => self
                .words
                .iter()
                .filter(|(word, _)| within_one_edit(word, &term.word))
                .map(|(_, postings)| postings)
                .collect(),
            false => Vec::new(),
        };
        for field in 0..FIELD_COUNT {
            if term.grams.len() >= 2 {
                for (section, frequency, idf) in self.phrase(&term.grams, field) {
                    if let Some(found) = self.sections.get(section as usize) {
                        add(section, self.bm25(idf, field, found, frequency));
                    }
                }
                continue;
            }
            if let Some(postings) = term.stem.as_ref().and_then(|stem| self.terms.get(stem)) {
                let idf = self.idf(postings[field].len());
                for &(section, frequency) in &postings[field] {
                    if let Some(found) = self.sections.get(section as usize) {
                        add(section, self.bm25(idf, field, found, frequency));
                    }
                }
            }
            // A word matched this way scores a constant, once per section.
            for (words, score) in [(&prefixed, PREFIX_SCORE), (&typos, FUZZY_SCORE)] {
                let mut sections: Vec<u32> =
                    words.iter().flat_map(|postings| postings[field].iter().copied()).collect();
                sections.sort_unstable();
                sections.dedup();
                for section in sections {
                    add(section, score * BOOSTS[field]);
                }
            }
        }
        scores
    }

    /// The sections whose `field` has the CJK bigrams `grams` in a row: each
    /// with how many times, and the phrase's idf (the sum of its bigrams').
    fn phrase(&self, grams: &[String], field: usize) -> Vec<(u32, u32, f32)> {
        let mut postings = Vec::with_capacity(grams.len());
        for gram in grams {
            match self.terms.get(gram) {
                Some(found) => postings.push(&found[field]),
                None => return Vec::new(),
            }
        }
        let idf: f32 = postings.iter().map(|list| self.idf(list.len())).sum();
        let Some((first, rest)) = postings.split_first() else { return Vec::new() };
        let mut found = Vec::new();
        for &(section, _) in first.iter() {
            if !rest.iter().all(|list| list.binary_search_by_key(&section, |&(s, _)| s).is_ok()) {
                continue;
            }
            let Some(text) = self.field_text(section, field) else { continue };
            let tokens = words(text);
            let count = tokens.windows(grams.len()).filter(|window| *window == grams).count();
            if count > 0 {
                found.push((section, u32::try_from(count).unwrap_or(u32::MAX), idf));
            }
        }
        found
    }

    /// The text of `field` of `section` as it was indexed.
    fn field_text(&self, section: u32, field: usize) -> Option<&str> {
        let found = self.sections.get(section as usize)?;
        match field {
            0 => self.pages.get(found.page as usize).map(|(_, title)| title.as_str()),
            1 => Some(&found.heading),
            _ => Some(&found.body),
        }
    }
}

impl Sections for StaticIndex {
    type Error = std::convert::Infallible;

    fn top_sections(&self, terms: &[QueryTerm], all: bool, limit: usize) -> Result<Vec<usize>, Self::Error> {
        let mut total: Vec<Option<f32>> = vec![if all { Some(0.0) } else { None }; self.sections.len()];
        for term in terms {
            for (sum, score) in total.iter_mut().zip(self.term_scores(term)) {
                *sum = match (*sum, score) {
                    (Some(sum), Some(score)) => Some(sum + score),
                    (None, Some(score)) if !all => Some(score),
                    (sum, None) if !all => sum,
                    _ => None,
                };
            }
        }
        let mut ranked: Vec<(f32, usize)> =
            total.into_iter().enumerate().filter_map(|(section, score)| Some((score?, section))).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let page_of = |section: usize| self.sections.get(section).map(|found| found.page as usize);
        Ok(engine::pick(ranked.into_iter().map(|(_, section)| section), page_of, limit))
    }

    fn hit(&self, section: usize, terms: &[QueryTerm], stemmer: &mut WordStemmer) -> Option<SearchHit> {
        let found = self.sections.get(section)?;
        let (route, title) = self.pages.get(found.page as usize)?;
        let heading = if found.heading.is_empty() { title.clone() } else { found.heading.clone() };
        Some(SearchHit {
            route: route.clone(),
            anchor: found.anchor.clone(),
            title: title.clone(),
            heading,
            snippet: snippet(&found.body, terms, stemmer),
        })
    }
}
