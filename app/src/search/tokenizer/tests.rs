use super::*;

fn tokens(text: &str) -> Vec<String> {
    let mut analyzer = words_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        assert_eq!(text.get(token.offset_from..token.offset_to).map(|s| s.is_empty()), Some(false));
        out.push(token.text.clone());
    }
    out
}

fn stemmed(text: &str) -> Vec<String> {
    let mut analyzer = stemmed_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[test]
fn latin_text_becomes_lowercase_words() {
    assert_eq!(tokens("Server-Side Rendering, v0.8!"), ["server", "side", "rendering", "v0", "8"]);
    assert_eq!(tokens("ÉCOLE Straße"), ["école", "straße"]);
}

#[test]
fn hangul_runs_become_overlapping_bigrams() {
    assert_eq!(tokens("서버에서"), ["서버", "버에", "에서"]);
    assert_eq!(tokens("서버는 빠릅니다"), ["서버", "버는", "빠릅", "릅니", "니다"]);
}

#[test]
fn a_lone_cjk_character_is_its_own_token() {
    assert_eq!(tokens("및"), ["및"]);
    assert_eq!(tokens("a 수 b"), ["a", "수", "b"]);
    assert_eq!(tokens("수"), ["수"]);
}

#[test]
fn mixed_scripts_split_at_the_script_change() {
    assert_eq!(tokens("Leptra 서버"), ["leptra", "서버"]);
    assert_eq!(tokens("Leptra서버를"), ["leptra", "서버", "버를"]);
    assert_eq!(tokens("SSR모드v2"), ["ssr", "모드", "v2"]);
    assert_eq!(tokens("東京タワー"), ["東京", "京タ", "タワ", "ワー"]);
}

#[test]
fn punctuation_and_emoji_separate_tokens_and_vanish() {
    assert_eq!(tokens("\"서버\"는…(SSR)🚀캐시"), ["서버", "는", "ssr", "캐시"]);
    assert_eq!(tokens("🚀🔥 ... -- ::"), Vec::<String>::new());
    assert_eq!(tokens("a🚀b"), ["a", "b"]);
}

#[test]
fn empty_and_blank_text_has_no_tokens() {
    assert_eq!(tokens(""), Vec::<String>::new());
    assert_eq!(tokens(" \n\t "), Vec::<String>::new());
}

#[test]
fn offsets_point_at_the_original_text() {
    let text = "Ab 서버는";
    let spans: Vec<Span> = Spans::new(text).collect();
    let texts: Vec<&str> = spans.iter().map(|s| s.text(text)).collect();
    assert_eq!(texts, ["Ab", "서버", "버는"]);
    assert!(spans.iter().skip(1).all(|s| s.cjk));
    assert!(!spans[0].cjk);
}

#[test]
fn spans_and_the_tantivy_stream_agree() {
    let text = "Leptra 서버는 SSR과 캐싱을 씁니다 — caching, 東京.";
    assert_eq!(words(text), tokens(text));
}

#[test]
fn english_words_are_stemmed_and_bigrams_are_not() {
    assert_eq!(stemmed("caching cache cached"), ["cach", "cach", "cach"]);
    assert_eq!(stemmed("서버에서 Servers"), ["서버", "버에", "에서", "server"]);
}

#[test]
fn cached_stems_equal_fresh_ones() {
    let text = "Caching cached caches; the running runner runs. Caching again, 서버 again.";
    let mut plain = TextAnalyzer::builder(MixedScriptTokenizer).filter(Stemmer::new(Language::English)).build();
    let mut expected = Vec::new();
    let mut stream = plain.token_stream(text);
    while let Some(token) = stream.next() {
        expected.push(token.text.clone());
    }
    let mut cached = stemmed_analyzer();
    for _ in 0..2 {
        let mut stream = cached.token_stream(text);
        let mut got = Vec::new();
        while let Some(token) = stream.next() {
            got.push(token.text.clone());
        }
        assert_eq!(got, expected);
    }
}

#[test]
fn very_long_tokens_are_dropped() {
    let long = "x".repeat(MAX_TOKEN_BYTES);
    assert_eq!(tokens(&format!("a {long} b")), ["a", "b"]);
    assert_eq!(WordStemmer::default().stem(&long), None);
}

#[test]
fn the_word_stemmer_matches_the_index() {
    let mut stemmer = WordStemmer::default();
    assert_eq!(stemmer.stem("caching").as_deref(), Some("cach"));
    assert_eq!(stemmer.stem("서버").as_deref(), Some("서버"));
}
