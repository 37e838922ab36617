//! A generated docs corpus and query mix for benchmarking the search index.
//!
//! The real content is a dozen pages; the index must stay fast for a thousand.
//! [`generated_documents`] makes such a corpus deterministically (same input,
//! same pages, on every machine), and [`generated_queries`] a matching mix of
//! what users type, so build time and latency can be compared across changes.

use std::sync::OnceLock;

use app::docs::model::{SearchDocument, SearchSection};
use app::locale::Locale;

/// Every this many pages, one is Korean; the rest are English.
const KOREAN_EVERY: usize = 4;

const EN_TOPICS: &str = "\
    routing, hydration, caching, deployment, configuration, streaming, resources, actions, signals, effects,\
    forms, errors, testing, logging, styling, assets, islands, sessions, cookies, metadata, sitemaps,\
    search, translations, themes, components, layouts, middleware, authentication, databases, websockets,\
    uploads, pagination, redirects, headers, compression, benchmarks, profiling, observability, migrations,\
    workspaces";

const EN_QUALIFIERS: &str = "\
    in practice, for beginners, step by step, reference, recipes, internals, on the server, in the browser,\
    with Leptos, and performance, pitfalls, checklist";

const EN_HEADINGS: &str = "\
    Overview, Getting started, How it works, Configuration options, Common patterns, Error handling,\
    Performance tips, Testing your code, Troubleshooting, Migration notes, Security considerations,\
    Examples, Advanced usage, Limitations, Further reading, Server functions, Client behaviour";

/// Ordered roughly by how often docs use them: earlier words are picked more.
const EN_WORDS: &str = "\
    the, a, to, of, and, is, in, that, it, for, on, with, as, you, this, page, server, request, response,\
    component, signal, data, route, render, rendering, browser, client, state, value, function, cache,\
    caching, cached, build, file, files, error, errors, config, configuration, option, options, default,\
    feature, features, crate, module, type, types, view, views, resource, resources, action, effect,\
    effects, memo, context, store, query, queries, handler, handlers, router, layout, template, markup,\
    attribute, event, events, listener, stream, streaming, chunk, hydrate, hydration, island, islands,\
    suspense, transition, fallback, loading, async, await, future, task, runtime, thread, threads, memory,\
    latency, throughput, benchmark, profile, trace, tracing, log, logging, metric, metrics, deploy,\
    deploying, deployment, container, image, binary, release, debug, profile, optimize, optimized, compile,\
    compiler, macro, macros, trait, traits, struct, enum, closure, lifetime, borrow, ownership, reference,\
    clone, serialize, deserialize, json, encoding, header, headers, cookie, cookies, session, token,\
    authentication, authorization, password, secret, environment, variable, variables, database, connection,\
    pool, transaction, migration, schema, table, index, search, filter, sort, paginate, pagination,\
    redirect, status, code, codes, middleware, layer, service, tower, axum, leptos, cargo, wasm, bundle,\
    asset, assets, stylesheet, theme, dark, light, mode, navigation, link, links, anchor, heading, sidebar,\
    breadcrumb, footer, navbar, menu, form, input, button, validation, submit, upload, download, websocket,\
    socket, message, channel, queue, retry, timeout, deadline, limit, quota, rate, backoff, compression,\
    gzip, brotli, etag, revalidate, stale, fresh, invalidate, invalidation, prefetch, preload, lazy, eager,\
    static, dynamic, generated, generate, incremental, snapshot, translation, locale, language, korean,\
    english, unicode, bigram, tokenizer, stemmer, quickly, safely, reliably, usually, rarely, always, never,\
    first, second, then, finally, instead, because, when, while, before, after, until, unless, only, also,\
    every";

const EN_VERBS: &str = "\
    returns, renders, loads, stores, caches, streams, validates, handles, creates, updates, reads, writes,\
    sends, receives, compiles, deploys, configures, serializes, hydrates, invalidates, retries, logs,\
    measures, registers, resolves";

const KO_TOPICS: &str = "\
    라우팅, 하이드레이션, 캐싱, 배포, 설정, 스트리밍, 리소스, 액션, 시그널, 이펙트, 폼,\
    오류 처리, 테스트, 로깅, 스타일, 에셋, 세션, 쿠키, 메타데이터, 검색, 번역, 테마, 컴포넌트,\
    레이아웃, 미들웨어, 인증, 데이터베이스, 웹소켓, 업로드, 페이지네이션";

const KO_HEADINGS: &str = "\
    개요, 시작하기, 동작 방식, 설정 옵션, 자주 쓰는 패턴, 오류 처리, 성능 팁, 테스트하기,\
    문제 해결, 마이그레이션, 보안, 예제, 고급 사용법, 제한 사항, 더 읽을거리, 서버     함수";

const KO_NOUNS: &str = "\
    서버, 페이지, 요청, 응답, 컴포넌트, 시그널, 데이터, 라우트, 렌더링, 브라우저, 클라이언트,\
    상태, 값, 함수, 캐시, 빌드, 파일, 오류, 설정, 옵션, 기본값, 기능, 모듈, 타입, 뷰,\
    리소스, 액션, 이펙트, 컨텍스트, 저장소, 쿼리, 핸들러, 라우터, 레이아웃, 템플릿, 이벤트,\
    스트림, 하이드레이션, 아일랜드, 서스펜스, 전환, 대체 화면, 비동기, 런타임, 스레드, 메모리,\
    지연 시간, 처리량, 벤치마크, 로그, 지표, 배포, 컨테이너, 이미지, 바이너리, 릴리스, 컴파일러,\
    매크로, 트레이트, 구조체, 열거형, 클로저, 수명, 직렬화, 헤더, 쿠키, 세션, 토큰, 인증,\
    환경 변수, 데이터베이스, 연결, 트랜잭션, 스키마, 색인, 검색, 필터, 정렬, 리디렉션,\
    상태 코드, 미들웨어, 서비스, 번들, 에셋, 스타일시트, 테마, 내비게이션, 링크, 제목, 사이드바,\
    폼, 입력, 버튼, 검증, 업로드, 웹소켓, 메시지, 채널, 재시도, 시간 제한, 압축, 번역, 언어,\
    한국어";

const KO_ENGLISH: &[&str] = &["Leptos", "Leptra", "SSR", "cargo", "wasm", "axum", "tokio", "Resource", "Suspense"];

const KO_PARTICLES: &[&str] = &["은", "는", "이", "가", "을", "를", "에서", "으로", "의", "와", "에", "도", "만"];

const KO_ENDINGS: &str = "\
    합니다, 됩니다, 있습니다, 없습니다, 보여 줍니다, 불러옵니다, 렌더링합니다, 저장합니다,\
    처리합니다, 확인합니다, 설정합니다, 보냅니다, 만듭니다, 바뀝니다, 필요합니다";

/// The word lists above, split once.
struct Vocabulary {
    en_topics: Vec<&'static str>,
    en_qualifiers: Vec<&'static str>,
    en_headings: Vec<&'static str>,
    en_words: Vec<&'static str>,
    en_verbs: Vec<&'static str>,
    ko_topics: Vec<&'static str>,
    ko_headings: Vec<&'static str>,
    ko_nouns: Vec<&'static str>,
    ko_endings: Vec<&'static str>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let split = |list: &'static str| list.split(',').map(str::trim).filter(|w| !w.is_empty()).collect();
        Vocabulary {
            en_topics: split(EN_TOPICS),
            en_qualifiers: split(EN_QUALIFIERS),
            en_headings: split(EN_HEADINGS),
            en_words: split(EN_WORDS),
            en_verbs: split(EN_VERBS),
            ko_topics: split(KO_TOPICS),
            ko_headings: split(KO_HEADINGS),
            ko_nouns: split(KO_NOUNS),
            ko_endings: split(KO_ENDINGS),
        }
    })
}

/// A small, fast, deterministic random number generator (SplitMix64), so the
/// corpus is the same everywhere without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or_default()
    }

    /// Like [`Rng::pick`], but favouring the first items, as word use does.
    fn pick_skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let index = (u * u * items.len() as f64) as usize;
        items.get(index).copied().unwrap_or_default()
    }
}

/// `pages` deterministic docs pages for benchmarks: three English pages to
/// one Korean, each with a title, 3 to 7 sections with headings and anchors,
/// and 300 to 800 words of docs-like prose (Korean with particles glued on and
/// some English terms mixed in). Routes look like the real ones
/// (`/docs/<group>/<slug>`, `/ko/docs/<group>/<slug>`) and are unique.
pub fn generated_documents(pages: usize) -> Vec<SearchDocument> {
    let mut rng = Rng(0x5EED_1E97_4A00_0001);
    (0..pages)
        .map(
            |i| if i % KOREAN_EVERY == KOREAN_EVERY - 1 { korean_page(&mut rng, i) } else { english_page(&mut rng, i) },
        )
        .collect()
}

/// `count` deterministic queries as users type them, with the locale to
/// search: whole words, several words, words being typed (prefixes), typos,
/// Korean words and mixed Korean and English, words found nowhere, and junk
/// (symbols, query syntax, long pasted text).
pub fn generated_queries(count: usize) -> Vec<(Locale, String)> {
    let mut rng = Rng(0x0017_E55E_A2C4);
    (0..count)
        .map(|i| {
            let en = |query: String| (Locale::en, query);
            let ko = |query: String| (Locale::ko, query);
            match i % 10 {
                0 | 1 => en(rng.pick(&vocabulary().en_topics).to_owned()),
                2 => en(format!("{} {}", rng.pick(&vocabulary().en_words), rng.pick(&vocabulary().en_topics))),
                3 => {
                    let word = rng.pick(&vocabulary().en_topics);
                    let cut = word.char_indices().nth(rng.between(2, 5)).map_or(word.len(), |(at, _)| at);
                    en(format!("{} {}", rng.pick(&vocabulary().en_verbs), &word[..cut]))
                }
                4 => {
                    let word = long_word(&mut rng);
                    en(typo(&mut rng, &word))
                }
                5 => ko(rng.pick(&vocabulary().ko_nouns).to_owned()),
                6 => ko(format!("{} {}", rng.pick(KO_ENGLISH), rng.pick(&vocabulary().ko_nouns))),
                7 => ko(format!("{}{}", rng.pick(&vocabulary().ko_nouns), rng.pick(KO_PARTICLES))),
                8 => en(["zyxwvut", "\"server function\" title:cache", "<script>", "-- ** ::", "qwerty asdf"]
                    [rng.below(5)]
                .to_owned()),
                _ => en(sentence(&mut rng, 25)),
            }
        })
        .collect()
}

/// A long English word from the vocabulary (one worth a typo).
fn long_word(rng: &mut Rng) -> String {
    loop {
        let word = rng.pick(&vocabulary().en_words);
        if word.len() >= 6 {
            return word.to_owned();
        }
    }
}

/// `word` with one typo: two letters swapped, one dropped or one doubled.
fn typo(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = rng.between(1, chars.len().saturating_sub(2).max(1));
    match rng.below(3) {
        0 if at + 1 < chars.len() => chars.swap(at, at + 1),
        1 if at < chars.len() => {
            chars.remove(at);
        }
        _ => {
            if let Some(&c) = chars.get(at) {
                chars.insert(at, c);
            }
        }
    }
    chars.into_iter().collect()
}

fn english_page(rng: &mut Rng, i: usize) -> SearchDocument {
    let topic = rng.pick(&vocabulary().en_topics);
    let title = format!("{} {}", capitalized(topic), rng.pick(&vocabulary().en_qualifiers));
    let group = rng.pick(&["guide", "reference", "recipes", "concepts"]);
    let route = format!("/docs/{group}/{topic}-{i}");
    let sections = sections(rng, &title, &vocabulary().en_headings, |rng, words| {
        let mut text = String::new();
        let mut written = 0;
        while written < words {
            let length = rng.between(8, 18).min(words - written).max(1);
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence_about(rng, length, topic));
            written = text.split_whitespace().count();
        }
        text
    });
    SearchDocument { locale: Locale::en, route, title, sections }
}

fn korean_page(rng: &mut Rng, i: usize) -> SearchDocument {
    let topic = rng.pick(&vocabulary().ko_topics);
    let title = format!("{topic} {}", rng.pick(&["안내", "가이드", "레퍼런스", "예제", "기초", "심화"]));
    let group = rng.pick(&["guide", "reference", "recipes", "concepts"]);
    let route = format!("/ko/docs/{group}/topic-{i}");
    let sections = sections(rng, &title, &vocabulary().ko_headings, |rng, words| {
        let mut text = String::new();
        let mut written = 0;
        while written < words {
            let length = rng.between(4, 9).min(words - written).max(1);
            for w in 0..length {
                if !text.is_empty() {
                    text.push(' ');
                }
                if w + 1 == length {
                    text.push_str(rng.pick(&vocabulary().ko_endings));
                    text.push('.');
                } else if rng.below(8) == 0 {
                    text.push_str(rng.pick(KO_ENGLISH));
                    text.push_str(rng.pick(KO_PARTICLES));
                } else if rng.below(6) == 0 {
                    text.push_str(topic);
                    text.push_str(rng.pick(KO_PARTICLES));
                } else {
                    text.push_str(rng.pick_skewed(&vocabulary().ko_nouns));
                    text.push_str(rng.pick(KO_PARTICLES));
                }
            }
            written = text.split_whitespace().count();
        }
        text
    });
    SearchDocument { locale: Locale::ko, route, title, sections }
}

/// 3 to 7 sections sharing 300 to 800 words; the first has no heading of its
/// own (it is the text before the first heading).
fn sections(
    rng: &mut Rng,
    title: &str,
    headings: &[&str],
    mut text: impl FnMut(&mut Rng, usize) -> String,
) -> Vec<SearchSection> {
    let count = rng.between(3, 7);
    let total = rng.between(300, 800);
    let mut sections = Vec::with_capacity(count);
    for s in 0..count {
        let words = total / count;
        if s == 0 {
            sections.push(SearchSection { anchor: None, heading: title.to_owned(), text: text(rng, words) });
            continue;
        }
        let heading = rng.pick(headings).to_owned();
        let anchor = format!("{}-{s}", heading.to_lowercase().replace(' ', "-"));
        sections.push(SearchSection { anchor: Some(anchor), heading, text: text(rng, words) });
    }
    sections
}

/// An English sentence of `length` words.
fn sentence(rng: &mut Rng, length: usize) -> String {
    let topic = rng.pick(&vocabulary().en_topics);
    sentence_about(rng, length, topic)
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// An English sentence of `length` words that mentions `topic` now and then.
fn sentence_about(rng: &mut Rng, length: usize, topic: &str) -> String {
    let mut words: Vec<String> = Vec::with_capacity(length);
    for w in 0..length {
        let word = match rng.below(10) {
            0 => topic.to_owned(),
            1 if w > 0 => rng.pick(&vocabulary().en_verbs).to_owned(),
            2 => format!("`{}`", rng.pick(&["cargo leptos watch", "app/src/lib.rs", "Resource::new", "0.8"])),
            _ => rng.pick_skewed(&vocabulary().en_words).to_owned(),
        };
        words.push(word);
    }
    let mut sentence = capitalized(&words.join(" "));
    sentence.push('.');
    sentence
}

#[cfg(test)]
mod tests;
