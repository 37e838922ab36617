use std::path::Path;

use super::*;
use crate::docs::model::SearchSection;
use crate::docs::store::{DocsConfig, DocsStore};
use crate::locale::Locale;
use crate::search::engine::{MAX_LIMIT, NOTICE_ANY_WORD, NOTICE_FAILED};
use crate::search::model::{MAX_QUERY_CHARS, NOTICE_EMPTY_QUERY};
use crate::search::static_index::StaticIndex;

fn section(anchor: Option<&str>, heading: &str, text: &str) -> SearchSection {
    SearchSection { anchor: anchor.map(str::to_owned), heading: heading.to_owned(), text: text.to_owned() }
}

fn page(locale: Locale, route: &str, title: &str, sections: Vec<SearchSection>) -> SearchDocument {
    SearchDocument { locale, route: route.to_owned(), title: title.to_owned(), sections }
}

fn fixture() -> Vec<SearchDocument> {
    vec![
        page(
            Locale::en,
            "/docs/guide/ssr",
            "Server-side rendering",
            vec![
                section(None, "Server-side rendering", "Leptra renders each page on the server before hydration."),
                section(Some("resources"), "Resources", "A resource loads data through a server function."),
                section(Some("status-codes"), "Status codes", "Pick the HTTP status before streaming starts."),
                section(Some("caching"), "Caching", "Caching responses saves work on every request."),
            ],
        ),
        page(
            Locale::en,
            "/docs/deploying",
            "Deploying",
            vec![
                section(None, "Deploying", "Build a release binary and copy it to the host."),
                section(Some("cdn"), "Behind a CDN", "The CDN keeps a cache of static files for a year."),
            ],
        ),
        page(
            Locale::en,
            "/docs/configuration",
            "Configuration",
            vec![
                section(None, "Configuration", "Settings come from environment variables."),
                section(Some("logging"), "Logging", "Set the log level; the output format is deploying-friendly."),
            ],
        ),
        page(
            Locale::en,
            "/docs/widgets",
            "Widgets",
            (1..=5)
                .map(|i| section(Some(&format!("part-{i}")), &format!("Part {i}"), "Every gizmo part is described."))
                .collect(),
        ),
        page(
            Locale::ko,
            "/ko/docs/guide/ssr",
            "서버 사이드 렌더링",
            vec![
                section(None, "서버 사이드 렌더링", "Leptra는 요청이 들어오면 서버에서 페이지를 렌더링합니다."),
                section(
                    Some("라우트"),
                    "라우트",
                    "라우트는 app/src/lib.rs에 선언합니다. 서버는 응답을 스트리밍하고, 하이드레이션이 이어집니다.",
                ),
            ],
        ),
        page(
            Locale::ko,
            "/ko/docs/outdoors",
            "야외 활동",
            vec![section(None, "야외 활동", "하이킹과 사이드 메뉴, 드레스와 레이스, 그리고 네이션.")],
        ),
        page(
            Locale::ko,
            "/ko/docs/getting-started",
            "시작하기",
            vec![section(None, "시작하기", "cargo leptos watch 명령으로 개발 환경을 띄웁니다.")],
        ),
    ]
}

fn index() -> SearchIndex {
    SearchIndex::build(&fixture()).expect("the fixture indexes")
}

fn routes(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.route.as_str()).collect()
}

fn marked(hit: &SearchHit) -> Vec<&str> {
    hit.snippet.iter().filter(|part| part.matched).map(|part| part.text.as_str()).collect()
}

#[test]
fn a_korean_query_finds_the_korean_page_by_bigrams() {
    let results = index().search(Locale::ko, "서버", 8);
    assert_eq!(results.notice, None);
    assert_eq!(routes(&results).first(), Some(&"/ko/docs/guide/ssr"), "{results:?}");
    let all_marks: Vec<&str> = results.hits.iter().flat_map(marked).collect();
    assert!(all_marks.contains(&"서버"), "서버에서 and 서버는 are marked: {all_marks:?}");
}

#[test]
fn a_long_korean_word_must_appear_whole() {
    // The outdoors page has every bigram of 하이드레이션, but in other words.
    let results = index().search(Locale::ko, "하이드레이션", 8);
    assert_eq!(routes(&results), ["/ko/docs/guide/ssr"], "{results:?}");
    assert_eq!(results.hits.first().map(marked), Some(vec!["하이드레이션"]));
    assert_eq!(results.notice, None);
}

#[test]
fn a_korean_word_with_another_particle_falls_back_to_its_bigrams() {
    let results = index().search(Locale::ko, "서버를", 8);
    assert_eq!(routes(&results).first(), Some(&"/ko/docs/guide/ssr"), "{results:?}");
    assert_eq!(results.notice.as_deref(), Some(NOTICE_ANY_WORD));
}

#[test]
fn mixed_korean_and_english_queries_work_in_korean() {
    let results = index().search(Locale::ko, "Leptra 서버", 8);
    assert_eq!(routes(&results), ["/ko/docs/guide/ssr"], "{results:?}");
    assert_eq!(results.notice, None);
}

#[test]
fn caching_finds_cache_through_the_stemmer() {
    let results = index().search(Locale::en, "caching", 8);
    assert_eq!(results.hits.first().map(SearchHit::href).as_deref(), Some("/docs/guide/ssr#caching"));
    let hit = results.hits.iter().find(|hit| hit.route == "/docs/deploying").expect("the page that says cache");
    assert_eq!(hit.href(), "/docs/deploying#cdn");
    assert_eq!(marked(hit), ["cache"]);
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let results = index().search(Locale::en, "serv", 8);
    assert!(routes(&results).contains(&"/docs/guide/ssr"), "{results:?}");
    assert!(results.hits.iter().flat_map(marked).any(|word| word == "server"), "{results:?}");
    let results = index().search(Locale::en, "cach", 8);
    assert_eq!(routes(&results)[..2], ["/docs/guide/ssr", "/docs/deploying"]);
    assert_eq!(routes(&results).len(), 3, "'each' is one typo away, and ranks last");
}

#[test]
fn a_typo_still_finds_the_word() {
    let results = index().search(Locale::en, "chaching", 8);
    assert_eq!(results.hits.first().map(SearchHit::href).as_deref(), Some("/docs/guide/ssr#caching"), "{results:?}");
    assert_eq!(results.hits.first().map(marked), Some(vec!["Caching"]));
    let results = index().search(Locale::en, "hydratoin", 8);
    assert_eq!(routes(&results), ["/docs/guide/ssr"], "a swap of two letters is one typo");
}

#[test]
fn hits_link_to_the_matched_section() {
    let results = index().search(Locale::en, "resource", 8);
    let hit = results.hits.first().expect("a hit");
    assert_eq!(hit.anchor.as_deref(), Some("resources"));
    assert_eq!(hit.heading, "Resources");
    assert_eq!(hit.title, "Server-side rendering");
    assert_eq!(hit.href(), "/docs/guide/ssr#resources");
    let intro = index().search(Locale::en, "hydration", 8);
    assert_eq!(intro.hits.first().map(SearchHit::href).as_deref(), Some("/docs/guide/ssr"));
}

#[test]
fn symbols_or_whitespace_ask_for_a_word() {
    let index = index();
    for query in ["", "   ", "\t\n", "!!! ??? ...", "-- ** :: ()", "🚀🔥", "\"\"", "'"] {
        let results = index.search(Locale::en, query, 8);
        assert!(results.hits.is_empty(), "{query:?}");
        assert_eq!(results.notice.as_deref(), Some(NOTICE_EMPTY_QUERY), "{query:?}");
    }
}

#[test]
fn a_huge_query_is_shortened_with_a_notice() {
    let index = index();
    let results = index.search(Locale::en, &"server ".repeat(1_500), 8);
    assert!(results.query.chars().count() <= MAX_QUERY_CHARS);
    assert!(results.notice.as_deref().is_some_and(|n| n.contains("shortened to 200 characters")), "{results:?}");
    assert!(!results.hits.is_empty());
    let one_word = "x".repeat(10_000);
    let results = index.search(Locale::en, &one_word, 8);
    assert!(results.hits.is_empty());
    assert_eq!(results.query.len(), MAX_QUERY_CHARS);
    let korean = "서버".repeat(5_000);
    let results = index.search(Locale::ko, &korean, 8);
    assert!(results.notice.is_some());
}

#[test]
fn query_syntax_and_markup_are_searched_as_text() {
    let index = index();
    for query in [
        "\"server function\"",
        "title:resources",
        "-server +resource",
        "(server OR cdn) AND *",
        "resource~2^3",
        "<script>alert('x')</script>",
        "'; DROP TABLE docs; --",
        "server 🚀",
        "\\ / [ ] { } ^ ~ ? : !",
    ] {
        let results = index.search(Locale::en, query, 8);
        assert!(results.notice.as_deref() != Some(NOTICE_FAILED), "{query:?}: {results:?}");
    }
    let results = index.search(Locale::en, "title:resources", 8);
    assert_eq!(results.hits.first().map(|hit| hit.anchor.as_deref()), Some(Some("resources")));
    let results = index.search(Locale::en, "\"server function\"", 8);
    assert_eq!(results.hits.first().map(|hit| hit.anchor.as_deref()), Some(Some("resources")));
}

#[test]
fn each_locale_only_searches_its_own_pages() {
    let index = index();
    assert!(index.search(Locale::ko, "hydration", 8).hits.is_empty(), "only the English page mentions hydration");
    assert!(index.search(Locale::en, "렌더링", 8).hits.is_empty());
    assert_eq!(
        routes(&index.search(Locale::ko, "leptra", 8)),
        ["/ko/docs/guide/ssr"],
        "the Korean page mentions Leptra"
    );
    assert!(routes(&index.search(Locale::en, "leptra", 8)).iter().all(|route| route.starts_with("/docs")));
}

#[test]
fn a_locale_without_an_index_gives_a_notice() {
    let english: Vec<SearchDocument> = fixture().into_iter().filter(|doc| doc.locale == Locale::en).collect();
    let results = SearchIndex::build(&english).expect("builds").search(Locale::ko, "server", 8);
    assert!(results.hits.is_empty());
    assert_eq!(results.notice.as_deref(), Some(NOTICE_UNKNOWN_LOCALE));
}

#[test]
fn a_title_match_ranks_above_a_body_only_match() {
    let results = index().search(Locale::en, "deploying", 8);
    assert_eq!(routes(&results).first(), Some(&"/docs/deploying"), "{results:?}");
    assert!(routes(&results).contains(&"/docs/configuration"), "the body-only match is listed too");
}

#[test]
fn exact_matches_rank_above_typo_matches() {
    let docs = vec![
        page(Locale::en, "/docs/a", "A", vec![section(None, "A", "The cart holds items.")]),
        page(Locale::en, "/docs/b", "B", vec![section(None, "B", "The card holds items.")]),
    ];
    let index = SearchIndex::build(&docs).expect("indexes");
    // "card" is one edit from "cart"; the exact match comes first either way.
    assert_eq!(routes(&index.search(Locale::en, "card holds", 8)), ["/docs/b", "/docs/a"]);
    assert_eq!(routes(&index.search(Locale::en, "cart holds", 8)), ["/docs/a", "/docs/b"]);
}

#[test]
fn one_page_fills_at_most_its_share_of_the_hits() {
    let results = index().search(Locale::en, "gizmo", 8);
    assert_eq!(results.hits.len(), MAX_HITS_PER_PAGE);
    assert!(results.hits.iter().all(|hit| hit.route == "/docs/widgets"));
}

#[test]
fn the_limit_is_respected() {
    let index = index();
    assert_eq!(index.search(Locale::en, "the", 1).hits.len(), 1);
    assert!(index.search(Locale::en, "the", 0).hits.is_empty());
    assert!(index.search(Locale::en, "the", usize::MAX).hits.len() <= MAX_LIMIT);
}

#[test]
fn when_no_section_has_every_word_any_word_will_do() {
    let results = index().search(Locale::en, "hydration cdn", 8);
    let found = routes(&results);
    assert!(found.contains(&"/docs/guide/ssr") && found.contains(&"/docs/deploying"), "{results:?}");
    assert_eq!(results.notice.as_deref(), Some(NOTICE_ANY_WORD));
    let both = index().search(Locale::en, "server function", 8);
    assert_eq!(both.notice, None, "a section has both words");
}

#[test]
fn an_empty_corpus_and_empty_pages_are_fine() {
    let empty = SearchIndex::build(&[]).expect("indexes nothing");
    assert!(empty.search(Locale::en, "server", 8).hits.is_empty());
    let docs = vec![page(Locale::en, "/docs/blank", "Blank page", Vec::new())];
    let index = SearchIndex::build(&docs).expect("indexes");
    let results = index.search(Locale::en, "blank", 8);
    assert_eq!(routes(&results), ["/docs/blank"]);
    assert!(results.hits[0].snippet.is_empty());
}

#[test]
fn the_index_is_shareable_between_requests() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<SearchIndex>();
}

/// The index of the site's own content (`content/`).
fn real_content() -> SearchIndex {
    let content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let store = DocsStore::load(DocsConfig { content_dir, edit_base_url: None, show_problems: false, version: None })
        .expect("content loads");
    SearchIndex::build(&store.search_documents()).expect("the content indexes")
}

#[test]
fn the_real_content_is_searchable_in_korean() {
    let index = real_content();
    let results = index.search(Locale::ko, "서버", 8);
    assert!(!results.hits.is_empty(), "{results:?}");
    assert!(results.hits.iter().all(|hit| hit.route.starts_with("/ko/docs")), "{results:?}");
    let english = index.search(Locale::en, "hydration", 8);
    assert!(english.hits.iter().all(|hit| hit.route.starts_with("/docs")), "{english:?}");
    assert!(!english.hits.is_empty());
}

#[test]
fn an_update_rebuilds_only_the_locales_whose_text_changed() {
    let before = fixture();
    let index = SearchIndex::build(&before).expect("builds");
    let mut after = before.clone();
    let english = after.iter_mut().find(|doc| doc.locale == Locale::en).expect("an English page");
    english.sections.push(section(Some("gizmos"), "Gizmos", "A zanzibar gizmo appears after the edit."));
    let updated = index.update(&before, &after).expect("updates");
    assert_eq!(routes(&updated.search(Locale::en, "zanzibar", 8)), ["/docs/guide/ssr"]);
    assert!(index.search(Locale::en, "zanzibar", 8).hits.is_empty(), "the old index is unchanged");
    assert!(Arc::ptr_eq(&index.inner[&Locale::ko], &updated.inner[&Locale::ko]), "the Korean index is shared");
    assert!(!Arc::ptr_eq(&index.inner[&Locale::en], &updated.inner[&Locale::en]));
    let without_korean: Vec<SearchDocument> = after.iter().filter(|doc| doc.locale != Locale::ko).cloned().collect();
    let rebuilt = updated.update(&after, &without_korean).expect("updates");
    assert_eq!(rebuilt.inner.keys().collect::<Vec<_>>(), [&Locale::en]);
}

/// `index`'s `locale` as an exported site's browser reads it: exported, then
/// through JSON.
fn exported(index: &SearchIndex, locale: Locale) -> StaticIndex {
    let exported = index.export(locale, None).expect("the locale has docs").expect("the index exports");
    let json = serde_json::to_string(&exported).expect("serializes");
    serde_json::from_str(&json).expect("reads back")
}

#[test]
fn an_exported_index_answers_every_query_as_the_server_does() {
    let index = index();
    let queries = [
        "rendering",
        "server function",
        "caching",
        "cach",
        "serv",
        "chaching",
        "deploying static files",
        "how to deploy",
        "gizmo",
        "server zanzibar",
        "zanzibar",
        "Status codes",
        "!!!",
    ];
    let english = exported(&index, Locale::en);
    for query in queries {
        for limit in [1, 3, 8] {
            assert_eq!(english.search(query, limit), index.search(Locale::en, query, limit), "{query:?}, {limit}");
        }
    }
    let korean = exported(&index, Locale::ko);
    for query in ["서버", "렌더링", "서버를", "하이드레이션", "Leptra 서버", "서버 렌더링 캐시"]
    {
        assert_eq!(korean.search(query, 8), index.search(Locale::ko, query, 8), "{query:?}");
    }
}

#[test]
fn the_real_contents_exported_index_ranks_the_top_three_as_the_server_does() {
    let index = real_content();
    let cases = [
        (
            Locale::en,
            &[
                "hydration",
                "server function",
                "caching",
                "static export",
                "how to deploy",
                "sidebar",
                "hydr",
                "hydartion",
                "leptos router resource",
                "i18n",
            ][..],
        ),
        (Locale::ko, &["서버", "하이드레이션", "서버를", "캐시", "정적 파일", "Leptra 서버", "검색"][..]),
    ];
    for (locale, queries) in cases {
        let browser = exported(&index, locale);
        for query in queries {
            let server = index.search(locale, query, 3);
            assert!(!server.hits.is_empty(), "{query:?} finds something");
            assert_eq!(browser.search(query, 3), server, "{locale}: {query:?}");
        }
    }
}
