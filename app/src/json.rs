//! The JSON that server functions (and their errors) answer with, and that a
//! server-rendered page carries for hydration (`page_data`).
//!
//! The server writes it with serde_json. The browser reads it with the JS
//! engine's `JSON.parse` and `serde-wasm-bindgen` ([`read`]): serde_json's
//! reader brought its parser and, through its error messages, its float
//! formatting into every bundle (7.7 KB, brotli). `vendor/serde-wasm-bindgen`
//! leaves that crate's error messages out too (6.2 KB more): an answer that
//! cannot be read is [`Unreadable`], whatever the detail. Every answer is read
//! as text, so one reader serves both.

use leptos::server_fn::{codec::Post, Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};

/// `application/json`, written with serde_json and read as UTF-8 text.
pub struct JsonText;

/// The output encoding of every server function (and of their errors).
pub type Json = Post<JsonText>;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = Unreadable;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        std::str::from_utf8(&bytes).map_err(|_| Unreadable).and_then(read)
    }
}

/// JSON that is not what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer is not the JSON expected")
    }
}

/// The `T` that `text` holds as JSON.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, Unreadable> {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let value = js_sys::JSON::parse(text).map_err(|_| Unreadable)?;
        serde_wasm_bindgen::from_value(value).map_err(|_| Unreadable)
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    {
        serde_json::from_str(text).map_err(|_| Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_and_bad_text_is_an_error() {
        let bytes = <JsonText as Encodes<Vec<String>>>::encode(&vec!["한".to_owned()]).expect("encodes");
        let back: Vec<String> = <JsonText as Decodes<Vec<String>>>::decode(bytes).expect("decodes");
        assert_eq!(back, ["한"]);
        assert!(<JsonText as Decodes<Vec<String>>>::decode(Bytes::from_static(b"\xff")).is_err());
        assert!(<JsonText as Decodes<Vec<String>>>::decode(Bytes::from_static(b"[1")).is_err());
    }

    /// A server function left on Leptos' default output would bring its
    /// types' second deserializer back into the wasm.
    #[test]
    fn every_server_function_answers_through_this_encoding() {
        fn server_fn_attributes(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("reads the source folder") {
                let path = entry.expect("reads an entry").path();
                if path.is_dir() {
                    server_fn_attributes(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("reads a source file");
                    for line in text.lines().filter(|l| l.trim_start().starts_with("#[server(")) {
                        found.push((path.display().to_string(), line.trim().to_owned()));
                    }
                }
            }
        }
        let mut found = Vec::new();
        server_fn_attributes(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(!found.is_empty(), "no server function found under src/");
        for (file, attribute) in found {
            assert!(attribute.contains("output = crate::json::Json"), "{file}: {attribute}");
        }
    }
}
