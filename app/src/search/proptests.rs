//! Any text a visitor types is a valid query: parsing and snippets never
//! panic, and a snippet only ever shows text of the page it comes from.

use proptest::prelude::*;

use super::{query::parse, snippet::snippet, tokenizer::WordStemmer};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,200}", "[a-z ]{0,80}", "[서버캐시 ]{0,40}", r#"[-+:"*()\\/<>!?^~ a-z0-9]{0,60}"#,]
}

proptest! {
    #[test]
    fn parsing_any_query_never_panics_and_yields_plain_words(input in text()) {
        let query = parse(&input, &mut WordStemmer::default());
        for term in &query.terms {
            prop_assert!(!term.word.is_empty());
            prop_assert!(!term.word.contains(['"', ':', '(', ')', '<', '>']), "{:?}", term.word);
        }
    }

    #[test]
    fn a_snippet_is_made_of_the_body_text(body in text(), input in text()) {
        let mut stemmer = WordStemmer::default();
        let query = parse(&input, &mut stemmer);
        let parts = snippet(&body, &query.terms, &mut stemmer);
        let normalized: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
        for part in &parts {
            let words = part.text.trim_matches('…').trim();
            if !words.is_empty() {
                for word in words.split_whitespace() {
                    prop_assert!(normalized.contains(word), "{word:?} is not in {body:?}");
                }
            }
        }
    }
}
