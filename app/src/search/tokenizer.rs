//! How text is cut into search terms, for both languages and mixed text.
//!
//! Alphabetic text (Latin, Cyrillic, digits, …) becomes lowercase words split
//! at anything that is not a letter or digit, exactly like tantivy's
//! `SimpleTokenizer` + `LowerCaser`. Runs of Hangul, kana and CJK ideographs
//! have no reliable word boundaries (Korean glues particles to words:
//! "서버는", "서버에서"), so they become overlapping character bigrams
//! ("서버는" → "서버", "버는"); a run of a single character is kept as is.
//! A query bigram then finds every word that contains it.
//!
//! Every locale's index uses the same tokenizer: for text without CJK it is the
//! usual English analysis, and it lets Korean pages mix in English ("Leptra
//! 서버") and English pages quote Korean. The stemmed analyzer adds tantivy's
//! English stemmer (so "caching" finds "cache"); it leaves bigrams untouched.

#[cfg(feature = "ssr")]
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use tantivy::tokenizer::{
    Language, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

#[cfg(feature = "ssr")]
/// The name of the stemmed analyzer in each index's tokenizer manager.
pub const STEMMED_ANALYZER: &str = "leptra_stemmed";
#[cfg(feature = "ssr")]
/// The name of the unstemmed analyzer (lowercase words and bigrams), used for
/// prefix and typo-tolerant matching.
pub const WORDS_ANALYZER: &str = "leptra_words";

/// Tokens of this many bytes or more are dropped: they are hashes, base64 or
/// minified code, never something a reader types, and they bloat the index.
const MAX_TOKEN_BYTES: usize = 64;

#[cfg(feature = "ssr")]
/// Distinct words whose stems one analyzer remembers. Docs use a few
/// thousand distinct words, so this is never reached in practice; it only
/// bounds memory for odd input.
const MAX_CACHED_STEMS: usize = 50_000;

#[cfg(feature = "ssr")]
/// The stemmed analyzer: mixed-script tokens, English stemming.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MixedScriptTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(CachedEnglishStemmer)
        .build()
}

#[cfg(feature = "ssr")]
/// The unstemmed analyzer: mixed-script tokens only.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MixedScriptTokenizer).filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES)).build()
}

#[cfg(feature = "ssr")]
/// Lowercase words for alphabetic scripts, character bigrams for CJK runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct MixedScriptTokenizer;

#[cfg(feature = "ssr")]
impl Tokenizer for MixedScriptTokenizer {
    type TokenStream<'a> = MixedScriptTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MixedScriptTokenStream<'a> {
        MixedScriptTokenStream { spans: Spans::new(text), text, token: Token::default() }
    }
}

#[cfg(feature = "ssr")]
/// The tokens of one text; see [`MixedScriptTokenizer`].
pub struct MixedScriptTokenStream<'a> {
    spans: Spans<'a>,
    text: &'a str,
    token: Token,
}

#[cfg(feature = "ssr")]
impl TokenStream for MixedScriptTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.next() else { return false };
        self.token.offset_from = span.start;
        self.token.offset_to = span.end;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.text.clear();
        push_lowercase(&mut self.token.text, span.text(self.text));
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(feature = "ssr")]
/// Tantivy's English stemmer, skipping CJK tokens and remembering the stem of
/// each word it has seen. Stemming was a third of the index build time; docs
/// repeat the same words, so nearly every token is then a map lookup.
#[derive(Debug, Clone, Copy, Default)]
pub struct CachedEnglishStemmer;

#[cfg(feature = "ssr")]
impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        let stemmer = TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::English)).build();
        CachedStemmerFilter { inner: tokenizer, stemmer, stems: HashMap::new() }
    }
}

#[cfg(feature = "ssr")]
/// A tokenizer followed by [`CachedEnglishStemmer`].
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// Stems one word (the whole input is one token).
    stemmer: TextAnalyzer,
    /// Word → stem, for the words seen so far.
    stems: HashMap<String, String>,
}

#[cfg(feature = "ssr")]
impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedStemmerStream<'a, T::TokenStream<'a>> {
        CachedStemmerStream { tail: self.inner.token_stream(text), stemmer: &mut self.stemmer, stems: &mut self.stems }
    }
}

#[cfg(feature = "ssr")]
/// The tokens of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut HashMap<String, String>,
}

#[cfg(feature = "ssr")]
impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.chars().next().is_none_or(is_cjk) {
            return true;
        }
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            stream.next().map(|stemmed| stemmed.text.clone())
        };
        if let Some(stem) = stem {
            if self.stems.len() < MAX_CACHED_STEMS {
                self.stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
            } else {
                token.text = stem;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// One token's place in the text, before lowercasing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Whether this is a CJK bigram (or lone CJK character) rather than a word.
    pub cjk: bool,
}

impl Span {
    /// The original text of this token.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// The token spans of a text, in order: what [`MixedScriptTokenizer`] emits,
/// with offsets, for code that needs them without tantivy (query parsing,
/// snippets).
#[derive(Debug, Clone)]
pub struct Spans<'a> {
    text: &'a str,
    /// Where scanning for the next word or CJK run resumes.
    pos: usize,
    /// Inside a CJK run of two or more characters: where the next bigram
    /// starts and where the run ends.
    run: Option<(usize, usize)>,
}

impl<'a> Spans<'a> {
    /// The spans of `text`.
    pub fn new(text: &'a str) -> Spans<'a> {
        Spans { text, pos: 0, run: None }
    }

    fn next_bigram(&mut self, next: usize, run_end: usize) -> Option<Span> {
        let rest = self.text.get(next..run_end)?;
        let mut chars = rest.chars();
        let first = chars.next()?;
        let second = chars.next()?;
        let middle = next + first.len_utf8();
        let end = middle + second.len_utf8();
        if end >= run_end {
            self.run = None;
            self.pos = run_end;
        } else {
            self.run = Some((middle, run_end));
        }
        Some(Span { start: next, end, cjk: true })
    }
}

impl Iterator for Spans<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        if let Some((next, run_end)) = self.run {
            if let Some(span) = self.next_bigram(next, run_end) {
                return Some(span);
            }
            // Unreachable with valid offsets; resume after the run regardless.
            self.run = None;
            self.pos = run_end;
        }
        let rest = self.text.get(self.pos..)?;
        let Some((offset, first)) = rest.char_indices().find(|&(_, c)| c.is_alphanumeric()) else {
            self.pos = self.text.len();
            return None;
        };
        let start = self.pos + offset;
        let cjk = is_cjk(first);
        let mut end = start;
        let mut run_chars = 0usize;
        for c in rest.get(offset..).unwrap_or_default().chars() {
            if !c.is_alphanumeric() || is_cjk(c) != cjk {
                break;
            }
            end += c.len_utf8();
            run_chars += 1;
        }
        if cjk && run_chars >= 2 {
            return self.next_bigram(start, end);
        }
        self.pos = end;
        Some(Span { start, end, cjk })
    }
}

/// Whether `c` belongs to a script written without spaces between words (or,
/// for Hangul, with particles glued to words): Hangul, kana, CJK ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF // Hangul Jamo
            | 0x3005..=0x3007 // 々 〆 〇
            | 0x3040..=0x30FF // Hiragana, Katakana
            | 0x3130..=0x318F // Hangul Compatibility Jamo
            | 0x31F0..=0x31FF // Katakana Phonetic Extensions
            | 0x3400..=0x4DBF // CJK Extension A
            | 0x4E00..=0x9FFF // CJK Unified Ideographs
            | 0xA960..=0xA97F // Hangul Jamo Extended-A
            | 0xAC00..=0xD7AF // Hangul Syllables
            | 0xD7B0..=0xD7FF // Hangul Jamo Extended-B
            | 0xF900..=0xFAFF // CJK Compatibility Ideographs
            | 0xFF66..=0xFFDC // Halfwidth Katakana and Hangul
            | 0x20000..=0x3FFFF // CJK Extensions B and later
    )
}

/// Appends `text` lowercased to `out`.
pub fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// The lowercase token texts of `text`, as the unstemmed analyzer indexes them.
pub fn words(text: &str) -> Vec<String> {
    Spans::new(text)
        .map(|span| {
            let mut word = String::new();
            push_lowercase(&mut word, span.text(text));
            word
        })
        .collect()
}

/// Stems single words the way the stemmed analyzer does, so query terms and
/// snippet matching agree with the index: the first token, lowercase, `None`
/// when the index drops it (too long); English words through the same
/// Snowball stemmer tantivy's `Stemmer` runs (`frostem`), CJK as it is. Built
/// for the browser too, which searches an exported site's index.
pub struct WordStemmer {
    stemmer: frostem::Stemmer,
}

impl Default for WordStemmer {
    fn default() -> Self {
        WordStemmer { stemmer: frostem::Stemmer::new(frostem::Algorithm::English) }
    }
}

impl WordStemmer {
    /// The indexed form of one lowercase word (a single token); `None` if the
    /// index drops it (too long).
    pub fn stem(&mut self, word: &str) -> Option<String> {
        let span = Spans::new(word).next()?;
        let mut token = String::new();
        push_lowercase(&mut token, span.text(word));
        if token.len() >= MAX_TOKEN_BYTES {
            return None;
        }
        if span.cjk {
            return Some(token);
        }
        Some(self.stemmer.stem(&token).into_owned())
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
