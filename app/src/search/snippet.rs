//! Snippets: a short window of a section's text around the first match, with
//! the matched words flagged.
//!
//! Computed from the same tokenizer offsets the index uses, rather than with
//! tantivy's `SnippetGenerator`: that one only knows exact query terms, so it
//! would not mark words found by prefix ("serv" → "server") or typo tolerance,
//! and it produces HTML that would have to be parsed back.

use super::model::SnippetPart;
use super::query::QueryTerm;
use super::tokenizer::{push_lowercase, Span, Spans, WordStemmer};

/// About how many characters a snippet shows.
pub const SNIPPET_CHARS: usize = 160;

/// How many characters of context come before the first match, at most.
const LEAD_CHARS: usize = 40;

/// A word boundary is looked for this far, at most, when trimming the window's
/// ends, so CJK text without spaces is still cut near the target length.
const BOUNDARY_SEARCH_CHARS: usize = 20;

/// The snippet of `body` for `terms`: the text around the first matched token
/// (or the start of the text when only the title or heading matched).
pub fn snippet(body: &str, terms: &[QueryTerm], stemmer: &mut WordStemmer) -> Vec<SnippetPart> {
    let mut matcher = Matcher { terms, stemmer, word: String::new() };
    let mut spans = Spans::new(body);
    let first = spans.by_ref().find_map(|span| matcher.match_end(body, span).map(|end| (span.start, end)));
    let (start, end) = match first {
        Some((from, to)) => window(body, from, to),
        None => window(body, 0, 0),
    };
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if let Some((from, to)) = first {
        push_range(&mut ranges, from, to);
        for span in spans.take_while(|span| span.start < end) {
            if let Some(to) = matcher.match_end(body, span) {
                push_range(&mut ranges, span.start, to.min(end));
            }
        }
    }
    parts(body, start, end, &ranges)
}

/// Decides whether one token of the text matches any query term, the same
/// ways the index does: exact stem, CJK phrase, prefix of the last term, one
/// typo.
struct Matcher<'a> {
    terms: &'a [QueryTerm],
    stemmer: &'a mut WordStemmer,
    /// A buffer for the lowercase token.
    word: String,
}

impl Matcher<'_> {
    /// Where the match starting at `span` ends, if it is one: the token's
    /// end, or a CJK phrase's end.
    fn match_end(&mut self, body: &str, span: Span) -> Option<usize> {
        if span.cjk {
            let rest = body.get(span.start..).unwrap_or_default();
            let phrase = self.terms.iter().find(|t| !t.grams.is_empty() && rest.starts_with(t.word.as_str()));
            if let Some(phrase) = phrase {
                return Some(span.start + phrase.word.len());
            }
        }
        self.matches(span.text(body), span.cjk).then_some(span.end)
    }

    fn matches(&mut self, token: &str, cjk: bool) -> bool {
        self.word.clear();
        push_lowercase(&mut self.word, token);
        let word = self.word.as_str();
        let mut stem: Option<Option<String>> = None;
        for term in self.terms.iter().filter(|term| term.cjk == cjk && term.grams.is_empty()) {
            if term.word == word || (term.prefix && word.starts_with(&term.word)) {
                return true;
            }
            if term.fuzzy && within_one_edit(word, &term.word) {
                return true;
            }
            let Some(term_stem) = term.stem.as_deref() else { continue };
            if cjk {
                continue;
            }
            // A word's English stem keeps all but (at most) its last letter
            // of the word's start ("easy" → "easi"): skip stemming words that
            // cannot match.
            let head = term_stem.char_indices().last().map_or("", |(i, _)| &term_stem[..i]);
            if !word.starts_with(head) {
                continue;
            }
            let word_stem = stem.get_or_insert_with(|| self.stemmer.stem(word));
            if word_stem.as_deref() == Some(term_stem) {
                return true;
            }
        }
        false
    }
}

/// Whether `a` and `b` differ by at most one insertion, deletion,
/// substitution or swap of adjacent characters, like the index's fuzzy match.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let common = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    let (short_rest, long_rest) = (&short[common..], &long[common..]);
    if short.len() < long.len() {
        return short_rest == &long_rest[1..];
    }
    if short_rest.get(1..) == long_rest.get(1..) {
        return true;
    }
    matches!((short_rest, long_rest), ([x0, x1, xs @ ..], [y0, y1, ys @ ..]) if x0 == y1 && x1 == y0 && xs == ys)
}

/// Adds a byte range, merging it into the previous one when they overlap
/// (CJK bigrams overlap by one character).
fn push_range(ranges: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    if start >= end {
        return;
    }
    match ranges.last_mut() {
        Some(last) if start <= last.1 => last.1 = last.1.max(end),
        _ => ranges.push((start, end)),
    }
}

/// The byte window shown for a match at `match_start..match_end`: some
/// context before it, about [`SNIPPET_CHARS`] in all, cut at spaces when
/// there is one nearby.
fn window(text: &str, match_start: usize, match_end: usize) -> (usize, usize) {
    let before = text.get(..match_start).unwrap_or_default();
    let mut start = before.char_indices().rev().take(LEAD_CHARS).last().map_or(match_start, |(i, _)| i);
    if start > 0 {
        // Start after a space, so the first word is whole.
        let lead = text.get(start..match_start).unwrap_or_default();
        if let Some((i, c)) = lead.char_indices().find(|(_, c)| c.is_whitespace()) {
            start += i + c.len_utf8();
        }
    }
    let after = text.get(start..).unwrap_or_default();
    let mut end = after.char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(i, _)| start + i);
    if end < text.len() && !text.get(end..).is_some_and(|rest| rest.starts_with(char::is_whitespace)) {
        // End before a space, so the last word is whole.
        let tail = text.get(..end).unwrap_or_default();
        let cut = tail
            .char_indices()
            .rev()
            .take(BOUNDARY_SEARCH_CHARS)
            .find(|(i, c)| c.is_whitespace() && *i >= match_end)
            .map(|(i, _)| i);
        end = cut.unwrap_or(end);
    }
    (start, end.max(match_end.min(text.len())))
}

/// The text of `start..end` split into plain and matched parts, whitespace
/// collapsed, with "…" where text was left out.
fn parts(text: &str, start: usize, end: usize, ranges: &[(usize, usize)]) -> Vec<SnippetPart> {
    let slice = |from: usize, to: usize| text.get(from..to).unwrap_or_default();
    let mut pieces: Vec<(&str, bool)> = Vec::with_capacity(ranges.len() * 2 + 3);
    if !slice(0, start).trim().is_empty() {
        pieces.push(("… ", false));
    }
    let mut at = start;
    for &(from, to) in ranges {
        let (from, to) = (from.max(at), to.min(end));
        if from >= to {
            continue;
        }
        pieces.push((slice(at, from), false));
        pieces.push((slice(from, to), true));
        at = to;
    }
    pieces.push((slice(at, end), false));
    if !slice(end, text.len()).trim().is_empty() {
        pieces.push((" …", false));
    }

    let mut parts: Vec<SnippetPart> = Vec::new();
    // Starts true so leading whitespace is dropped.
    let mut after_space = true;
    for (piece, matched) in pieces {
        let mut out = String::with_capacity(piece.len());
        for c in piece.chars() {
            if !c.is_whitespace() {
                out.push(c);
                after_space = false;
            } else if !after_space {
                out.push(' ');
                after_space = true;
            }
        }
        if out.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(&out),
            _ => parts.push(SnippetPart { text: out, matched }),
        }
    }
    if let Some(last) = parts.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    parts.retain(|part| !part.text.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn snip(body: &str, query: &str) -> Vec<SnippetPart> {
        let mut stemmer = WordStemmer::default();
        let parsed = parse(query, &mut stemmer);
        snippet(body, &parsed.terms, &mut stemmer)
    }

    fn marked(parts: &[SnippetPart]) -> String {
        parts.iter().map(|p| if p.matched { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn matched_words_are_flagged_by_stem() {
        let parts = snip("The cache is warm. Caching helps; cached pages are fast.", "caching");
        assert_eq!(marked(&parts), "The [cache] is warm. [Caching] helps; [cached] pages are fast.");
    }

    #[test]
    fn prefix_and_typo_matches_are_flagged_too() {
        assert_eq!(marked(&snip("Run the server now.", "serv")), "Run the [server] now.");
        assert_eq!(marked(&snip("Enable caching now.", "chaching")), "Enable [caching] now.");
    }

    #[test]
    fn overlapping_bigrams_merge_into_one_mark() {
        assert_eq!(marked(&snip("요청은 서버에서 처리합니다.", "서버에서")), "요청은 [서버에서] 처리합니다.");
        assert_eq!(marked(&snip("서버는 빠릅니다", "서버")), "[서버]는 빠릅니다");
    }

    #[test]
    fn a_cjk_phrase_is_marked_only_where_it_appears_whole() {
        let body = "사이드바에서 하이드레이션을 합니다.";
        assert_eq!(marked(&snip(body, "하이드레이션")), "사이드바에서 [하이드레이션]을 합니다.");
        assert_eq!(marked(&snip("드레스와 레이스", "하이드레이션")), "드레스와 레이스");
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let body = format!("{} needle {}", "lorem ipsum ".repeat(40), "dolor sit ".repeat(40));
        let parts = snip(&body, "needle");
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(text.starts_with("… "), "{text}");
        assert!(text.ends_with(" …"), "{text}");
        assert!(text.chars().count() <= SNIPPET_CHARS + 10, "{}", text.chars().count());
        assert!(parts.iter().any(|p| p.matched && p.text == "needle"));
        assert!(!text.contains("  "));
    }

    #[test]
    fn without_a_body_match_the_snippet_is_the_start_of_the_text() {
        let body = "word ".repeat(100);
        let parts = snip(&body, "absent");
        assert_eq!(parts.len(), 1);
        assert!(!parts[0].matched);
        assert!(parts[0].text.ends_with(" …"));
        assert!(snip("", "absent").is_empty());
    }

    #[test]
    fn cjk_text_without_spaces_is_cut_on_character_boundaries() {
        let body = "東京".repeat(300);
        let parts = snip(&body, "京東");
        assert!(parts.iter().any(|p| p.matched));
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(text.chars().count() <= SNIPPET_CHARS + 10);
    }

    #[test]
    fn no_ellipsis_stands_for_whitespace_alone() {
        let body = format!("   Start here. {}   ", "word ".repeat(10));
        let text: String = snip(&body, "start").iter().map(|p| p.text.as_str()).collect();
        assert!(!text.contains('…'), "{text}");
        assert!(text.starts_with("Start") && text.ends_with("word"), "{text}");
    }

    #[test]
    fn markup_in_the_text_stays_text() {
        let parts = snip("Use <script>alert(1)</script> carefully", "script");
        assert_eq!(marked(&parts), "Use <[script]>alert(1)</[script]> carefully");
    }

    #[test]
    fn one_edit_covers_every_kind_of_typo() {
        assert!(within_one_edit("caching", "chaching"));
        assert!(within_one_edit("server", "sever"));
        assert!(within_one_edit("server", "servar"));
        assert!(within_one_edit("server", "sevrer"));
        assert!(within_one_edit("서버", "서버"));
        assert!(!within_one_edit("server", "svrer"));
        assert!(!within_one_edit("cache", "caching"));
        assert!(!within_one_edit("ab", "ba ab"));
    }
}
