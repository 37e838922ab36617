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
    /// The lowercase token as typed (a word, or a CJK bigram or character).
    pub word: String,
    /// Its stemmed form, matched exactly against the stemmed fields and
    /// scored with BM25; `None` when the index would drop it (too long).
    pub stem: Option<String>,
    /// Whether the token is CJK (never stemmed nor typo-tolerant).
    pub cjk: bool,
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

/// Parses user input; never fails. No terms means there was nothing to
/// search, and the notices say so.
pub fn parse(input: &str, stemmer: &mut WordStemmer) -> ParsedQuery {
    let (text, shortened) = clamp_query(input);
    let mut notices = Vec::new();
    if shortened {
        notices.push(shortened_notice());
    }

    let mut tokens: Vec<(String, bool)> = Vec::new();
    for span in Spans::new(text) {
        let mut word = String::new();
        push_lowercase(&mut word, span.text(text));
        if !tokens.iter().any(|(seen, _)| *seen == word) {
            tokens.push((word, span.cjk));
        }
    }
    let last_typed = Spans::new(text).last().map(|span| {
        let mut word = String::new();
        push_lowercase(&mut word, span.text(text));
        word
    });
    let is_stop = |word: &str, cjk: bool| !cjk && STOP_WORDS.contains(&word);
    if tokens.iter().any(|(word, cjk)| !is_stop(word, *cjk)) {
        tokens.retain(|(word, cjk)| !is_stop(word, *cjk) || last_typed.as_deref() == Some(word.as_str()));
    }
    if tokens.len() > MAX_QUERY_TERMS {
        tokens.truncate(MAX_QUERY_TERMS);
        notices.push(format!("Only the first {MAX_QUERY_TERMS} terms of the query were searched."));
    }
    if tokens.is_empty() {
        notices.push(NOTICE_EMPTY_QUERY.to_owned());
    }

    let terms = tokens
        .into_iter()
        .map(|(word, cjk)| {
            let chars = word.chars().count();
            let prefix = last_typed.as_deref() == Some(word.as_str()) && (cjk || chars >= 2);
            let fuzzy = !cjk && chars >= MIN_FUZZY_CHARS && !word.chars().any(|c| c.is_numeric());
            let stem = stemmer.stem(&word);
            QueryTerm { word, stem, cjk, prefix, fuzzy }
        })
        .collect();
    ParsedQuery { text: text.to_owned(), terms, notices }
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
        assert_eq!(
            fuzzy,
            [("ssr", false), ("chaching", true), ("서버", false), ("버에", false), ("에서", false), ("v2024", false)]
        );
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
