//! Turns what the user typed into search terms, without any query syntax.
//!
//! User text never reaches tantivy's `QueryParser`: it is cut into tokens by
//! the index's own tokenizer, so quotes, `:`, `-`, `+`, `(`, `*`, `<script>`
//! and the like are just separators and can never make a query fail. Each
//! term then says how it may match (see [`QueryTerm`]); the index builds the
//! tantivy query from them.

use super::model::{clamp_query, shortened_notice, NOTICE_EMPTY_QUERY};
use super::tokenizer::{push_lowercase, Spans, WordStemmer};

/// At most this many distinct terms are searched; a pasted paragraph would
/// otherwise make a query of hundreds of clauses (or bigrams).
pub const MAX_QUERY_TERMS: usize = 12;

/// Words this short are only matched exactly: a typo allowance on "ssr" would
/// match most three-letter words.
const MIN_FUZZY_CHARS: usize = 4;

/// Typos are tolerated in queries of at most this many (non-CJK) terms. Each typo
/// allowance expands to many index terms, which made pasted sentences five
/// times slower to search, and a long query has words enough to match without.
const MAX_FUZZY_TERMS: usize = 4;

/// English words that say nothing about the topic. Dropped from a query that
/// has other words, so "how to deploy" does not demand a section containing
/// "how" and "to".
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in",
    "into", "is", "it", "its", "my", "of", "on", "or", "that", "the", "their", "then", "there", "these", "they",
    "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
];

/// One term to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The lowercase token as typed: a word, a CJK run, or one CJK character.
    pub word: String,
    /// Its stemmed form, matched exactly against the stemmed fields and
    /// scored with BM25; `None` for a phrase, or when the index would drop it
    /// (too long).
    pub stem: Option<String>,
    /// Whether the token is CJK (never stemmed nor typo-tolerant).
    pub cjk: bool,
    /// For a CJK run of three characters or more, its bigrams, which must
    /// follow each other (a phrase), so "하이드레이션" is not found in a text
    /// that merely has "하이", "이드" … in different words. Empty otherwise.
    pub grams: Vec<String>,
    /// Whether it also matches as the start of a longer word: the last term,
    /// which the user may still be typing.
    pub prefix: bool,
    /// Whether it also matches words one edit away (a typo).
    pub fuzzy: bool,
}

/// A query ready to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The query as searched: trimmed and cut to the maximum length.
    pub text: String,
    /// The distinct terms, in the order typed.
    pub terms: Vec<QueryTerm>,
    /// Notices for the user about how the query was handled.
    pub notices: Vec<String>,
}

impl ParsedQuery {
    /// The notices joined into one, if any.
    pub fn notice(&self) -> Option<String> {
        (!self.notices.is_empty()).then(|| self.notices.join(" "))
    }
}

/// `terms` with every CJK phrase split into its bigrams, for when no section
/// matches them all: "서버를" then still finds "서버".
pub fn loosened(terms: &[QueryTerm]) -> Vec<QueryTerm> {
    let mut loose: Vec<QueryTerm> = Vec::with_capacity(terms.len());
    for term in terms {
        if term.grams.is_empty() {
            if !loose.iter().any(|t| t.word == term.word) {
                loose.push(term.clone());
            }
            continue;
        }
        for gram in &term.grams {
            if loose.iter().any(|t| t.word == *gram) {
                continue;
            }
            // The English stemmer leaves CJK as it is.
            let stem = Some(gram.clone());
            loose.push(QueryTerm {
                word: gram.clone(),
                stem,
                cjk: true,
                grams: Vec::new(),
                prefix: false,
                fuzzy: false,
            });
        }
    }
    loose
}

/// A word or a whole CJK run of the query, before it becomes a term.
struct Unit {
    word: String,
    cjk: bool,
    grams: Vec<String>,
}

/// Parses user input; never fails. No terms means there was nothing to
/// search, and the notices say so.
pub fn parse(input: &str, stemmer: &mut WordStemmer) -> ParsedQuery {
    let (text, shortened) = clamp_query(input);
    let mut notices = Vec::new();
    if shortened {
        notices.push(shortened_notice());
    }

    let mut units = units(text);
    let last_typed = units.last().map(|unit| unit.word.clone());
    let mut seen: Vec<String> = Vec::with_capacity(units.len());
    units.retain(|unit| {
        let new = !seen.contains(&unit.word);
        seen.push(unit.word.clone());
        new
    });
    let is_stop = |unit: &Unit| !unit.cjk && STOP_WORDS.contains(&unit.word.as_str());
    if units.iter().any(|unit| !is_stop(unit)) {
        units.retain(|unit| !is_stop(unit) || last_typed.as_ref() == Some(&unit.word));
    }
    if units.len() > MAX_QUERY_TERMS {
        units.truncate(MAX_QUERY_TERMS);
        notices.push(format!("Only the first {MAX_QUERY_TERMS} terms of the query were searched."));
    }
    if units.is_empty() {
        notices.push(NOTICE_EMPTY_QUERY.to_owned());
    }

    let typo_tolerant = units.iter().filter(|unit| !unit.cjk).count() <= MAX_FUZZY_TERMS;
    let terms = units
        .into_iter()
        .map(|Unit { word, cjk, grams }| {
            let chars = word.chars().count();
            let is_last = last_typed.as_ref() == Some(&word);
            let prefix = is_last && grams.is_empty() && (cjk || chars >= 2);
            let fuzzy = typo_tolerant && !cjk && chars >= MIN_FUZZY_CHARS && !word.chars().any(|c| c.is_numeric());
            let stem = if grams.is_empty() { stemmer.stem(&word) } else { None };
            QueryTerm { word, stem, cjk, grams, prefix, fuzzy }
        })
        .collect();
    ParsedQuery { text: text.to_owned(), terms, notices }
}

/// The words and CJK runs of `text`, lowercased, in order. A CJK run keeps
/// its bigrams when it has two or more.
fn units(text: &str) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    // Where the previous CJK bigram ended: the next one of the same run
    // overlaps it by one character.
    let mut run_end = 0;
    for span in Spans::new(text) {
        let mut piece = String::new();
        push_lowercase(&mut piece, span.text(text));
        if span.cjk && span.start < run_end {
            if let Some(unit) = units.last_mut() {
                unit.word.push_str(text.get(run_end..span.end).unwrap_or_default());
                unit.grams.push(piece);
            }
            run_end = span.end;
            continue;
        }
        run_end = if span.cjk { span.end } else { 0 };
        units.push(Unit { word: piece.clone(), cjk: span.cjk, grams: vec![piece] });
    }
    for unit in &mut units {
        if unit.grams.len() < 2 {
            unit.grams.clear();
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::model::MAX_QUERY_CHARS;

    fn parsed(input: &str) -> ParsedQuery {
        parse(input, &mut WordStemmer::default())
    }

    fn words(query: &ParsedQuery) -> Vec<&str> {
        query.terms.iter().map(|t| t.word.as_str()).collect()
    }

    #[test]
    fn words_are_lowercased_stemmed_and_deduplicated() {
        let query = parsed("Caching CACHING servers");
        assert_eq!(words(&query), ["caching", "servers"]);
        assert_eq!(query.terms[0].stem.as_deref(), Some("cach"));
        assert_eq!(query.terms[1].stem.as_deref(), Some("server"));
        assert_eq!(query.notice(), None);
    }

    #[test]
    fn only_the_last_term_matches_as_a_prefix() {
        let query = parsed("server cach");
        assert_eq!(query.terms.iter().map(|t| t.prefix).collect::<Vec<_>>(), [false, true]);
        assert!(!parsed("ssr s").terms[1].prefix, "one letter is too short to expand");
        assert!(parsed("서").terms[0].prefix, "one Hangul syllable is a meaningful start");
    }

    #[test]
    fn only_long_latin_words_tolerate_typos() {
        let query = parsed("ssr chaching 서버에서 v2024");
        let fuzzy: Vec<(&str, bool)> = query.terms.iter().map(|t| (t.word.as_str(), t.fuzzy)).collect();
        assert_eq!(fuzzy, [("ssr", false), ("chaching", true), ("서버에서", false), ("v2024", false)]);
    }

    #[test]
    fn long_queries_do_without_typo_tolerance() {
        assert!(parsed("render server pages quickly").terms.iter().all(|t| t.fuzzy));
        assert!(parsed("render server pages quickly please").terms.iter().all(|t| !t.fuzzy));
    }

    #[test]
    fn a_cjk_run_is_one_phrase_of_bigrams() {
        let query = parsed("Leptra서버에서 서버 서");
        let terms: Vec<(&str, Vec<&str>)> =
            query.terms.iter().map(|t| (t.word.as_str(), t.grams.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            terms,
            [("leptra", vec![]), ("서버에서", vec!["서버", "버에", "에서"]), ("서버", vec![]), ("서", vec![])]
        );
        assert_eq!(query.terms[1].stem, None, "a phrase has no single stem");
        assert_eq!(query.terms[2].stem.as_deref(), Some("서버"));
    }

    #[test]
    fn loosening_splits_phrases_into_distinct_bigrams() {
        let query = parsed("서버를 서버");
        let loose: Vec<String> = loosened(&query.terms).into_iter().map(|t| t.word).collect();
        assert_eq!(loose, ["서버", "버를"]);
        assert!(loosened(&query.terms).iter().all(|t| t.grams.is_empty() && t.stem.is_some()));
    }

    #[test]
    fn query_syntax_is_plain_text() {
        let query = parsed(r#"title:foo "exact phrase" -not +must (group) wild* <script>alert(1)</script>"#);
        assert_eq!(
            words(&query),
            ["title", "foo", "exact", "phrase", "not", "must", "group", "wild", "script", "alert", "1"]
        );
        let sql = parsed("'; DROP TABLE docs; --");
        assert_eq!(words(&sql), ["drop", "table", "docs"]);
    }

    #[test]
    fn stop_words_are_dropped_unless_nothing_else_is_left() {
        assert_eq!(words(&parsed("how to deploy")), ["deploy"]);
        assert_eq!(words(&parsed("to be or not")), ["not"]);
        assert_eq!(words(&parsed("how to")), ["how", "to"]);
        assert_eq!(words(&parsed("deploy the")), ["deploy", "the"], "the last word may be the start of 'theme'");
    }

    #[test]
    fn symbols_and_whitespace_ask_for_a_word() {
        for input in ["", "   \t\n", "?!  -- ** ::", "🚀🔥", "\"\""] {
            let query = parsed(input);
            assert!(query.terms.is_empty(), "{input:?}");
            assert_eq!(query.notice().as_deref(), Some(NOTICE_EMPTY_QUERY), "{input:?}");
        }
    }

    #[test]
    fn a_long_query_is_shortened_with_a_notice() {
        let query = parsed(&"cache ".repeat(2_000));
        assert!(query.text.chars().count() <= MAX_QUERY_CHARS);
        assert_eq!(words(&query), ["cache", "ca"], "cut mid-word, the rest is searched as a prefix");
        assert_eq!(query.notice(), Some(shortened_notice()));
    }

    #[test]
    fn too_many_terms_are_capped_with_a_notice() {
        let query = parsed("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november");
        assert_eq!(query.terms.len(), MAX_QUERY_TERMS);
        assert!(query.notice().is_some_and(|n| n.contains("first 12 terms")));
    }
}
