use std::time::{Duration, Instant};

use super::*;
use app::search::index::SearchIndex;

fn words(document: &SearchDocument) -> usize {
    document.sections.iter().map(|s| s.text.split_whitespace().count()).sum()
}

#[test]
fn the_corpus_is_the_same_every_time() {
    assert_eq!(generated_documents(20), generated_documents(20));
    assert_eq!(generated_queries(30), generated_queries(30));
    assert_eq!(generated_documents(0), Vec::new());
}

#[test]
fn the_corpus_mixes_languages_and_sizes_realistically() {
    let documents = generated_documents(40);
    assert_eq!(documents.len(), 40);
    let korean = documents.iter().filter(|d| d.locale == Locale::ko).count();
    assert_eq!(korean, 10);
    for document in &documents {
        let prefix = if document.locale == Locale::ko { "/ko/docs/" } else { "/docs/" };
        assert!(document.route.starts_with(prefix), "{}", document.route);
        assert!((3..=7).contains(&document.sections.len()));
        assert!((300..=820).contains(&words(document)), "{}: {}", document.route, words(document));
    }
    let mut routes: Vec<&str> = documents.iter().map(|d| d.route.as_str()).collect();
    routes.sort_unstable();
    routes.dedup();
    assert_eq!(routes.len(), documents.len(), "routes are unique");
}

#[test]
fn generated_queries_find_generated_pages() {
    let index = SearchIndex::build(&generated_documents(60)).expect("builds");
    let queries = generated_queries(50);
    let found = queries.iter().filter(|(locale, query)| !index.search(*locale, query, 8).hits.is_empty()).count();
    assert!(found >= queries.len() / 2, "{found} of {}", queries.len());
    assert!(!index.search(Locale::ko, "서버", 8).hits.is_empty());
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let at = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted.get(at).copied().unwrap_or_default()
}

/// Run with `cargo test -p testkit --features corpus --release --lib corpus -- --ignored --nocapture`.
#[test]
#[ignore = "a benchmark, not a check"]
fn building_and_searching_a_thousand_generated_pages() {
    let documents = generated_documents(1_000);
    let sections: usize = documents.iter().map(|d| d.sections.len()).sum();
    let total_words: usize = documents.iter().map(words).sum();
    let start = Instant::now();
    let index = SearchIndex::build(&documents).expect("builds");
    let build = start.elapsed();

    let queries = generated_queries(200);
    for (locale, query) in queries.iter().take(20) {
        index.search(*locale, query, 8);
    }
    let mut times = Vec::with_capacity(queries.len() * 2);
    let mut hits = 0;
    for limit in [8, 20] {
        for (locale, query) in &queries {
            let start = Instant::now();
            let results = index.search(*locale, query, limit);
            times.push(start.elapsed());
            hits += usize::from(!results.hits.is_empty());
        }
    }
    times.sort_unstable();
    println!(
        "1,000 pages ({sections} sections, {total_words} words): built in {build:.1?}; {} searches \
         ({hits} with hits): p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        times.len(),
        percentile(&times, 50),
        percentile(&times, 99),
        times.last().copied().unwrap_or_default(),
    );
}
