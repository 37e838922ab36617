//! The server's search index: one tantivy index per locale, in RAM, built
//! from the loaded docs, and built again for the locales whose text changed
//! when the content is reloaded ([`SearchIndex::update`]).
//!
//! Each page section is one tantivy document, so a hit can link to the
//! section's heading. Its text is indexed twice:
//!
//! - stemmed (`title`, `heading`, `body`, with frequencies and positions):
//!   exact terms, ranked by BM25 with the title weighted [`TITLE_BOOST`] and
//!   the heading [`HEADING_BOOST`] over the body. A CJK run of three or more
//!   characters is a phrase of its bigrams, so it is found only where it
//!   appears whole;
//! - as typed (`*_words`, document ids only): the last term as a prefix
//!   ("serv" → "server") and long words with one typo ("chaching" →
//!   "caching"). These match with a small constant score, so they rank below
//!   any exact match.
//!
//! Terms are ANDed; when no section has them all, they are ORed instead, CJK
//! phrases split into their bigrams (with a notice). At most
//! [`MAX_HITS_PER_PAGE`] sections of one page are listed, so one long page
//! cannot fill the dropdown. What a hit shows (route, headings, text) lives
//! beside the index, found through the `section` fast field, so nothing is
//! stored twice.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::indexer::NoMergePolicy;
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING};
use tantivy::{DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::engine::{self, Sections, FUZZY_SCORE, HEADING_BOOST, MAX_HITS_PER_PAGE, PREFIX_SCORE, TITLE_BOOST};
use super::model::{SearchHit, SearchResults};
use super::query::{parse, QueryTerm};
use super::snippet::snippet;
use super::static_index::{StaticIndex, StaticSection, FIELD_COUNT};
use super::tokenizer::{stemmed_analyzer, words_analyzer, WordStemmer, STEMMED_ANALYZER, WORDS_ANALYZER};
use crate::docs::model::SearchDocument;
use crate::locale::Locale;

/// Indexing memory per locale before tantivy writes a segment, so one segment
/// holds thousands of pages. Most of it is allocated only as it is used.
const WRITER_MEMORY: usize = 200_000_000;

const NOTICE_UNKNOWN_LOCALE: &str = "Search is not available in this language.";

/// Why a locale's index could not be built: tantivy failed, which in RAM
/// means a bug or no memory, never the text.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the {locale} search index: {source}")]
pub struct IndexError {
    /// The locale whose index failed.
    pub locale: Locale,
    /// What tantivy said.
    #[source]
    pub source: tantivy::TantivyError,
}

/// Every locale's index. Cloning shares it; searching needs no lock.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<HashMap<Locale, Arc<LocaleIndex>>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sections: BTreeMap<&str, usize> =
            self.inner.iter().map(|(locale, index)| (locale.tag(), index.sections.len())).collect();
        f.debug_struct("SearchIndex").field("sections", &sections).finish()
    }
}

/// One locale: its searcher and what its hits show.
struct LocaleIndex {
    searcher: Searcher,
    fields: Fields,
    pages: Vec<PageInfo>,
    sections: Vec<SectionInfo>,
    /// For each segment (by ordinal), each document's index in `sections`.
    doc_sections: Vec<Vec<u32>>,
}

struct PageInfo {
    route: String,
    title: String,
}

struct SectionInfo {
    page: usize,
    anchor: Option<String>,
    /// As indexed: empty for the text before the first heading, whose hits
    /// show the page title instead.
    heading: String,
    body: String,
}

#[derive(Clone, Copy)]
struct Fields {
    locale: Field,
    route: Field,
    anchor: Field,
    section: Field,
    title: Field,
    heading: Field,
    body: Field,
    title_words: Field,
    heading_words: Field,
    body_words: Field,
}

impl SearchIndex {
    /// Indexes `documents`, one index per locale, each section a document.
    ///
    /// Fails only if tantivy does (which, in RAM, means a bug or no memory),
    /// never because of the text.
    pub fn build(documents: &[SearchDocument]) -> Result<SearchIndex, IndexError> {
        Self::build_reusing(documents, |_, _| None)
    }

    /// The index of `documents`, rebuilding only the locales whose documents
    /// differ from `previous` (the documents this index was built from); the
    /// other locales' indexes are shared with this one.
    pub fn update(&self, previous: &[SearchDocument], documents: &[SearchDocument]) -> Result<SearchIndex, IndexError> {
        let before = by_locale(previous);
        Self::build_reusing(documents, |locale, docs| {
            (before.get(&locale) == Some(docs)).then(|| self.inner.get(&locale).cloned()).flatten()
        })
    }

    /// Indexes `documents`, taking a locale's index from `reuse` when it has one.
    fn build_reusing(
        documents: &[SearchDocument],
        reuse: impl Fn(Locale, &Vec<&SearchDocument>) -> Option<Arc<LocaleIndex>>,
    ) -> Result<SearchIndex, IndexError> {
        let mut locales = HashMap::new();
        let mut to_build = Vec::new();
        for (locale, docs) in by_locale(documents) {
            match reuse(locale, &docs) {
                Some(index) => {
                    locales.insert(locale, index);
                }
                None => to_build.push((locale, docs)),
            }
        }
        // Each locale is indexed on its own thread (plus tantivy's worker):
        // both cores are busy while the biggest locale is indexed.
        let built: Vec<(Locale, tantivy::Result<LocaleIndex>)> =
            to_build.into_par_iter().map(|(locale, docs)| (locale, build_locale(locale, &docs))).collect();
        for (locale, result) in built {
            let index = result.map_err(|source| IndexError { locale, source })?;
            locales.insert(locale, Arc::new(index));
        }
        Ok(SearchIndex { inner: Arc::new(locales) })
    }

    /// The best sections for `query` in `locale`, at most `limit` (capped at
    /// [`MAX_LIMIT`](engine::MAX_LIMIT)). Never fails: bad input gives no hits and a notice.
    pub fn search(&self, locale: Locale, query: &str, limit: usize) -> SearchResults {
        let Some(index) = self.inner.get(&locale) else {
            return SearchResults {
                query: parse(query, &mut WordStemmer::default()).text,
                hits: Vec::new(),
                notice: Some(NOTICE_UNKNOWN_LOCALE.into()),
                version: None,
            };
        };
        engine::search(index.as_ref(), query, limit, |err| tracing::warn!(%err, %locale, "search failed"))
    }

    /// `locale`'s index as an exported site's browser searches it: what
    /// tantivy scores with, read back from the index (see
    /// [`StaticIndex`]). `None` for a locale without docs.
    pub fn export(&self, locale: Locale, version: Option<String>) -> Option<tantivy::Result<StaticIndex>> {
        self.inner.get(&locale).map(|index| index.export(version))
    }
}

/// `documents` grouped by locale, in order.
fn by_locale(documents: &[SearchDocument]) -> HashMap<Locale, Vec<&SearchDocument>> {
    let mut grouped: HashMap<Locale, Vec<&SearchDocument>> = HashMap::new();
    for document in documents {
        grouped.entry(document.locale).or_default().push(document);
    }
    grouped
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEMMED_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(WORDS_ANALYZER).set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        locale: builder.add_text_field("locale", STRING),
        route: builder.add_text_field("route", STRING),
        anchor: builder.add_text_field("anchor", STRING),
        section: builder.add_u64_field("section", FAST),
        title: builder.add_text_field("title", stemmed.clone()),
        heading: builder.add_text_field("heading", stemmed.clone()),
        body: builder.add_text_field("body", stemmed),
        title_words: builder.add_text_field("title_words", words.clone()),
        heading_words: builder.add_text_field("heading_words", words.clone()),
        body_words: builder.add_text_field("body_words", words),
    };
    (builder.build(), fields)
}

fn build_locale(locale: Locale, documents: &[&SearchDocument]) -> tantivy::Result<LocaleIndex> {
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    index.tokenizers().register(STEMMED_ANALYZER, stemmed_analyzer());
    index.tokenizers().register(WORDS_ANALYZER, words_analyzer());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));

    let mut pages = Vec::with_capacity(documents.len());
    let mut sections = Vec::new();
    for document in documents {
        let page = pages.len();
        pages.push(PageInfo { route: document.route.clone(), title: document.title.clone() });
        let mut add = |anchor: Option<&String>, heading: &str, body: &str| -> tantivy::Result<()> {
            let ord = sections.len() as u64;
            let text = SectionText { route: &document.route, title: &document.title, anchor, heading, body };
            writer.add_document(fields.document(locale, ord, &text))?;
            sections.push(SectionInfo {
                page,
                anchor: anchor.cloned(),
                heading: heading.to_owned(),
                body: body.to_owned(),
            });
            Ok(())
        };
        if document.sections.is_empty() {
            // A page without text is still findable by its title.
            add(None, &document.title, "")?;
        }
        for section in &document.sections {
            add(section.anchor.as_ref(), &section.heading, &section.text)?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let searcher = reader.searcher();
    let mut doc_sections = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64("section")?;
        let ords = (0..segment.max_doc())
            .map(|doc| column.first(doc).and_then(|ord| u32::try_from(ord).ok()).unwrap_or(u32::MAX))
            .collect();
        doc_sections.push(ords);
    }
    Ok(LocaleIndex { searcher, fields, pages, sections, doc_sections })
}

/// What one section's tantivy document holds.
struct SectionText<'a> {
    route: &'a str,
    title: &'a str,
    anchor: Option<&'a String>,
    heading: &'a str,
    body: &'a str,
}

impl Fields {
    /// The tantivy document of section `ord` of `locale`: its text in the
    /// stemmed fields and again, as typed, in the `*_words` ones.
    fn document(&self, locale: Locale, ord: u64, text: &SectionText<'_>) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.locale, locale.tag());
        doc.add_text(self.route, text.route);
        if let Some(anchor) = text.anchor {
            doc.add_text(self.anchor, anchor);
        }
        doc.add_u64(self.section, ord);
        doc.add_text(self.title, text.title);
        doc.add_text(self.heading, text.heading);
        doc.add_text(self.body, text.body);
        doc.add_text(self.title_words, text.title);
        doc.add_text(self.heading_words, text.heading);
        doc.add_text(self.body_words, text.body);
        doc
    }
}

impl Sections for LocaleIndex {
    type Error = tantivy::TantivyError;

    fn top_sections(&self, terms: &[QueryTerm], all: bool, limit: usize) -> tantivy::Result<Vec<usize>> {
        let occur = if all { Occur::Must } else { Occur::Should };
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms.iter().map(|term| (occur, self.term_query(term))).collect();
        let query = BooleanQuery::new(clauses);
        let total = self.sections.len().max(1);
        // Fetch more than needed, since some are dropped by the per-page cap;
        // fetch again, more, in the rare case that was not enough.
        let mut fetch = (limit * (MAX_HITS_PER_PAGE + 2)).min(total);
        loop {
            let top = self.searcher.search(&query, &TopDocs::with_limit(fetch).order_by_score())?;
            let exhausted = top.len() < fetch || fetch >= total;
            let ranked = top.iter().filter_map(|(_, address)| self.section_of(*address));
            let picked = engine::pick(ranked, |ord| self.sections.get(ord).map(|section| section.page), limit);
            if picked.len() >= limit || exhausted {
                return Ok(picked);
            }
            fetch = (fetch * 4).min(total);
        }
    }

    fn hit(&self, ord: usize, terms: &[QueryTerm], stemmer: &mut WordStemmer) -> Option<SearchHit> {
        let section = self.sections.get(ord)?;
        let page = self.pages.get(section.page)?;
        Some(SearchHit {
            route: page.route.clone(),
            anchor: section.anchor.clone(),
            title: page.title.clone(),
            heading: if section.heading.is_empty() { page.title.clone() } else { section.heading.clone() },
            snippet: snippet(&section.body, terms, stemmer),
        })
    }
}

impl LocaleIndex {
    fn section_of(&self, address: DocAddress) -> Option<usize> {
        let segment = self.doc_sections.get(address.segment_ord as usize)?;
        let ord = *segment.get(address.doc_id as usize)?;
        (ord != u32::MAX).then_some(ord as usize)
    }

    /// The query for one term: exact stem in any field (BM25, boosted by
    /// field), or as a prefix or with a typo (constant, smaller scores).
    fn term_query(&self, term: &QueryTerm) -> Box<dyn Query> {
        let f = &self.fields;
        let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let weighted = [
            (f.title, f.title_words, TITLE_BOOST),
            (f.heading, f.heading_words, HEADING_BOOST),
            (f.body, f.body_words, 1.0),
        ];
        for (stemmed, words, boost) in weighted {
            if term.grams.len() >= 2 {
                let grams = term.grams.iter().map(|gram| Term::from_field_text(stemmed, gram)).collect();
                let phrase = PhraseQuery::new(grams);
                options.push((Occur::Should, Box::new(BoostQuery::new(Box::new(phrase), boost))));
                continue;
            }
            if let Some(stem) = &term.stem {
                let exact = TermQuery::new(Term::from_field_text(stemmed, stem), IndexRecordOption::WithFreqs);
                options.push((Occur::Should, Box::new(BoostQuery::new(Box::new(exact), boost))));
            }
            let typed = Term::from_field_text(words, &term.word);
            if term.prefix {
                let prefix = FuzzyTermQuery::new_prefix(typed.clone(), 0, false);
                options.push((Occur::Should, Box::new(BoostQuery::new(Box::new(prefix), PREFIX_SCORE * boost))));
            }
            if term.fuzzy {
                let fuzzy = FuzzyTermQuery::new(typed, 1, true);
                options.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), FUZZY_SCORE * boost))));
            }
        }
        Box::new(BooleanQuery::new(options))
    }

    /// This index as an export writes it: for each of the stemmed fields,
    /// every term's postings with frequencies, the fields' lengths and token
    /// totals; for the fields as typed, every word's sections.
    fn export(&self, version: Option<String>) -> tantivy::Result<StaticIndex> {
        let f = &self.fields;
        let mut index = StaticIndex {
            version,
            pages: self.pages.iter().map(|page| (page.route.clone(), page.title.clone())).collect(),
            sections: self
                .sections
                .iter()
                .map(|section| StaticSection {
                    page: u32::try_from(section.page).unwrap_or(u32::MAX),
                    anchor: section.anchor.clone(),
                    heading: section.heading.clone(),
                    body: section.body.clone(),
                    norms: [0; FIELD_COUNT],
                })
                .collect(),
            ..StaticIndex::default()
        };
        for (field, (stemmed, words)) in
            [(f.title, f.title_words), (f.heading, f.heading_words), (f.body, f.body_words)].into_iter().enumerate()
        {
            for (segment_ord, segment) in self.searcher.segment_readers().iter().enumerate() {
                let sections = self.doc_sections.get(segment_ord).map(Vec::as_slice).unwrap_or_default();
                let section_of = |doc: u32| sections.get(doc as usize).copied().filter(|&ord| ord != u32::MAX);
                let norms = segment.get_fieldnorms_reader(stemmed)?;
                for doc in 0..segment.max_doc() {
                    if let Some(section) = section_of(doc).and_then(|ord| index.sections.get_mut(ord as usize)) {
                        section.norms[field] = norms.fieldnorm(doc);
                    }
                }
                let inverted = segment.inverted_index(stemmed)?;
                index.tokens[field] += inverted.total_num_tokens();
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    let Ok(term) = std::str::from_utf8(terms.key()) else { continue };
                    let mut postings =
                        inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
                    let list = &mut index.terms.entry(term.to_owned()).or_default()[field];
                    while postings.doc() != tantivy::TERMINATED {
                        if let Some(section) = section_of(postings.doc()) {
                            list.push((section, postings.term_freq()));
                        }
                        postings.advance();
                    }
                }
                let inverted = segment.inverted_index(words)?;
                let mut terms = inverted.terms().stream()?;
                while terms.advance() {
                    let Ok(word) = std::str::from_utf8(terms.key()) else { continue };
                    let mut postings = inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                    let list = &mut index.words.entry(word.to_owned()).or_default()[field];
                    while postings.doc() != tantivy::TERMINATED {
                        list.extend(section_of(postings.doc()));
                        postings.advance();
                    }
                }
            }
        }
        for postings in index.terms.values_mut() {
            postings.iter_mut().for_each(|list| list.sort_unstable());
        }
        for postings in index.words.values_mut() {
            postings.iter_mut().for_each(|list| list.sort_unstable());
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests;
