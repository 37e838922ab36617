//! `_meta.json`: the order and titles of a folder's sidebar entries.
//!
//! The file is a JSON object whose key order is the sidebar order, so it is
//! read into an ordered list rather than a map. A syntax error fails the
//! file (its folder then uses the default order); a bad entry is skipped with
//! a warning and the rest still counts.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// What a `_meta.json` entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaKind {
    /// A page or folder named by the key.
    Page,
    /// A section heading in the sidebar.
    Separator,
    /// A link to another site.
    External(String),
}

/// One key of a `_meta.json`, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaEntry {
    /// The key: a file name without `.md`, a folder name, or any label for
    /// separators and links.
    pub key: String,
    /// The line of the key, for problems.
    pub line: usize,
    /// The title, if given.
    pub title: Option<String>,
    /// Page, separator or external link.
    pub kind: MetaKind,
    /// `"display": "hidden"`.
    pub hidden: bool,
}

/// A parsed `_meta.json`: its entries in sidebar order, and the problems of
/// single entries (the rest of the file still counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The entries, in the file's key order.
    pub entries: Vec<MetaEntry>,
    /// Problems with single entries, as `(line, column, message)`.
    pub warnings: Vec<(usize, usize, String)>,
}

impl Meta {
    /// The entry for `key`, if listed.
    pub fn get(&self, key: &str) -> Option<&MetaEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// The title given to `key`, if any.
    pub fn title(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|e| e.title.as_deref())
    }
}

/// A JSON object read with its keys in file order (serde_json's own map
/// sorts them unless `preserve_order`, which would change JSON output
/// crate-wide).
struct OrderedObject(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object whose keys are the sidebar entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                    entries.push(entry);
                }
                Ok(OrderedObject(entries))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// Parses a `_meta.json`. A syntax error fails the whole file, as
/// `(line, column, message)`; a bad entry is skipped with a warning.
pub fn parse_meta(text: &str) -> Result<Meta, (usize, usize, String)> {
    let object: OrderedObject =
        serde_json::from_str(text).map_err(|err| (err.line().max(1), err.column().max(1), err.to_string()))?;
    let mut meta = Meta::default();
    let mut seen = BTreeSet::new();
    for (key, value) in object.0 {
        let line = key_line(text, &key);
        if !seen.insert(key.clone()) {
            meta.warnings.push((line, 1, format!("duplicate key {key:?}; the first one counts")));
            continue;
        }
        match meta_entry(&key, line, value) {
            Ok((entry, warnings)) => {
                meta.warnings.extend(warnings.into_iter().map(|w| (line, 1, w)));
                meta.entries.push(entry);
            }
            Err(message) => meta.warnings.push((line, 1, message)),
        }
    }
    Ok(meta)
}

/// Reads one entry's value: a title string or an object.
fn meta_entry(key: &str, line: usize, value: serde_json::Value) -> Result<(MetaEntry, Vec<String>), String> {
    let mut entry = MetaEntry { key: key.to_owned(), line, title: None, kind: MetaKind::Page, hidden: false };
    let mut warnings = Vec::new();
    let object = match value {
        serde_json::Value::String(title) => {
            entry.title = Some(title);
            return Ok((entry, warnings));
        }
        serde_json::Value::Object(object) => object,
        other => return Err(format!("{key:?}: expected a title string or an object, found {other}")),
    };
    let mut kind_separator = false;
    let mut href = None;
    for (field, value) in object {
        let text = value.as_str().map(str::to_owned);
        match (field.as_str(), text) {
            ("title", Some(title)) => entry.title = Some(title),
            ("href", Some(url)) => href = Some(url),
            ("type", Some(kind)) if kind == "separator" => kind_separator = true,
            ("type", Some(kind)) if kind == "page" => {}
            ("display", Some(display)) if display == "hidden" => entry.hidden = true,
            ("display", Some(display)) if display == "normal" => {}
            ("title" | "href" | "type" | "display", _) => {
                warnings.push(format!("{key:?}: unsupported value {value} for {field:?}"));
            }
            _ => warnings.push(format!("{key:?}: unknown field {field:?} (expected title, type, href or display)")),
        }
    }
    entry.kind = match (kind_separator, href) {
        (true, _) => MetaKind::Separator,
        (false, Some(href)) => MetaKind::External(href),
        (false, None) => MetaKind::Page,
    };
    Ok((entry, warnings))
}

/// The 1-based line where `"key"` first appears as an object key in `text`.
fn key_line(text: &str, key: &str) -> usize {
    let quoted = serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""));
    let mut from = 0;
    while let Some(found) = text[from..].find(&quoted) {
        let at = from + found;
        let after = text[at + quoted.len()..].trim_start();
        if after.starts_with(':') {
            return text[..at].matches('\n').count() + 1;
        }
        from = at + quoted.len();
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_keeps_key_order_and_reads_every_form() {
        let text = r#"{
  "zeta": "Last letter first",
  "--guides": { "type": "separator", "title": "Guides" },
  "alpha": { "title": "Alpha", "display": "hidden" },
  "github": { "title": "GitHub", "href": "https://github.com" }
}"#;
        let meta = parse_meta(text).expect("valid");
        let keys: Vec<_> = meta.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["zeta", "--guides", "alpha", "github"]);
        assert_eq!(meta.entries[1].kind, MetaKind::Separator);
        assert!(meta.entries[2].hidden);
        assert_eq!(meta.entries[3].kind, MetaKind::External("https://github.com".into()));
        assert_eq!(meta.entries[3].line, 5);
        assert_eq!(meta.title("zeta"), Some("Last letter first"));
        assert!(meta.warnings.is_empty(), "{:?}", meta.warnings);
    }

    #[test]
    fn meta_syntax_errors_have_a_line() {
        let (line, _, message) = parse_meta("{\n  \"a\": \"A\",\n  \"b\": \n}").expect_err("broken");
        assert_eq!(line, 4, "{message}");
    }

    #[test]
    fn bad_meta_entries_are_warnings_not_failures() {
        let meta = parse_meta("{\n\"a\": 3,\n\"b\": {\"titel\": \"B\"},\n\"b\": \"again\"\n}").expect("valid JSON");
        assert_eq!(meta.entries.len(), 1);
        let lines: Vec<usize> = meta.warnings.iter().map(|w| w.0).collect();
        assert_eq!(lines, [2, 3, 3]);
    }
}
