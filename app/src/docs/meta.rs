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

use super::content::LayoutOverrides;
use super::model::NavbarLink;
use super::problem::TextError;

/// What a `_meta.json` entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaKind {
    /// A page or folder named by the key.
    Page,
    /// A section heading in the sidebar.
    Separator,
    /// A link to another site.
    External(String),
    /// `"type": "menu"`: a navbar drop-down with these links.
    Menu(Vec<NavbarLink>),
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
    /// `"type": "page"`: in the root `_meta.json`, a navbar tab (a folder
    /// then gets a sidebar of its own) or, with `href`, a navbar link.
    pub tab: bool,
    /// Layout flags for this page, or for everything in this folder.
    pub layout: LayoutOverrides,
}

/// A parsed `_meta.json`: its entries in sidebar order, and the problems of
/// single entries (the rest of the file still counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The entries, in the file's key order.
    pub entries: Vec<MetaEntry>,
    /// Problems with single entries.
    pub warnings: Vec<TextError>,
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

/// Parses a `_meta.json`. A syntax error fails the whole file; a bad entry
/// is skipped with a warning.
pub fn parse_meta(text: &str) -> Result<Meta, TextError> {
    let object: OrderedObject = serde_json::from_str(text)
        .map_err(|err| TextError::new(err.line().max(1), err.column().max(1), err.to_string()))?;
    let mut meta = Meta::default();
    let mut seen = BTreeSet::new();
    for (key, value) in object.0 {
        let line = key_line(text, &key);
        if !seen.insert(key.clone()) {
            meta.warnings.push(TextError::new(line, 1, format!("duplicate key {key:?}; the first one counts")));
            continue;
        }
        let mut warnings = Vec::new();
        let entry = meta_entry(&key, line, value, text, &mut warnings);
        meta.warnings.extend(warnings.into_iter().map(|warning| TextError::new(line, 1, warning)));
        meta.entries.extend(entry);
    }
    Ok(meta)
}

/// Reads one entry's value: a title string or an object. `None` when the
/// value is neither, with the reason among `warnings`.
fn meta_entry(
    key: &str,
    line: usize,
    value: serde_json::Value,
    text: &str,
    warnings: &mut Vec<String>,
) -> Option<MetaEntry> {
    let mut entry = MetaEntry {
        key: key.to_owned(),
        line,
        title: None,
        kind: MetaKind::Page,
        hidden: false,
        tab: false,
        layout: LayoutOverrides::default(),
    };
    match value {
        serde_json::Value::String(title) => entry.title = Some(title),
        serde_json::Value::Object(object) => read_entry_fields(&mut entry, object, text, warnings),
        other => {
            warnings.push(format!("{key:?}: expected a title string or an object, found {other}"));
            return None;
        }
    }
    Some(entry)
}

/// The fields of an entry written as an object, read into `entry`; unknown
/// fields and bad values are warnings.
fn read_entry_fields(
    entry: &mut MetaEntry,
    object: serde_json::Map<String, serde_json::Value>,
    text: &str,
    warnings: &mut Vec<String>,
) {
    let key = entry.key.clone();
    let mut separator = false;
    let mut menu = None;
    let mut href = None;
    for (field, value) in object {
        if let Some(flag) = layout_flag(&mut entry.layout, &field) {
            match value.as_bool() {
                Some(on) => *flag = Some(on),
                None => warnings.push(format!("{key:?}: {field:?} must be true or false, not {value}")),
            }
            continue;
        }
        match (field.as_str(), value.as_str()) {
            ("title", Some(title)) => entry.title = Some(title.to_owned()),
            ("href", Some(url)) => href = Some(url.to_owned()),
            ("type", Some("separator")) => separator = true,
            ("type", Some("page")) => entry.tab = true,
            ("type", Some("menu")) => {
                menu.get_or_insert_with(Vec::new);
            }
            ("display", Some("hidden")) => entry.hidden = true,
            ("display", Some("normal")) => {}
            ("layout", Some("full")) => entry.layout.full = Some(true),
            ("layout", Some("default")) => entry.layout.full = Some(false),
            ("items", None) if value.is_object() => {
                let (items, item_warnings) = menu_items(&key, &value, text);
                warnings.extend(item_warnings);
                menu.get_or_insert_with(Vec::new).extend(items);
            }
            ("title" | "href" | "type" | "display" | "layout" | "items", _) => {
                warnings.push(format!("{key:?}: unsupported value {value} for {field:?}"));
            }
            _ => warnings.push(format!(
                "{key:?}: unknown field {field:?} (expected title, type, href, display, items, layout, toc, \
                 sidebar, breadcrumb, pagination, timestamp or footer)"
            )),
        }
    }
    entry.kind = match (separator, menu, href) {
        (true, _, _) => MetaKind::Separator,
        (false, Some(items), _) => MetaKind::Menu(items),
        (false, None, Some(href)) => MetaKind::External(href),
        (false, None, None) => MetaKind::Page,
    };
}

/// The layout flag a field of an entry sets (`toc`, `sidebar`…), if it is one.
fn layout_flag<'a>(layout: &'a mut LayoutOverrides, field: &str) -> Option<&'a mut Option<bool>> {
    match field {
        "toc" => Some(&mut layout.toc),
        "sidebar" => Some(&mut layout.sidebar),
        "breadcrumb" => Some(&mut layout.breadcrumb),
        "pagination" => Some(&mut layout.pagination),
        "timestamp" => Some(&mut layout.timestamp),
        "footer" => Some(&mut layout.footer),
        _ => None,
    }
}

/// The links of a menu's `items`, in the file's order: each a title string
/// (a page of the docs named by its key is not supported: menus link) or
/// `{"title", "href"}`.
fn menu_items(key: &str, items: &serde_json::Value, text: &str) -> (Vec<NavbarLink>, Vec<String>) {
    let mut links = Vec::new();
    let mut warnings = Vec::new();
    let Some(object) = items.as_object() else { return (links, warnings) };
    let menu_at = text.find(&format!("{}:", serde_json::to_string(key).unwrap_or_default())).unwrap_or(0);
    let mut ordered: Vec<(usize, &String, &serde_json::Value)> = object
        .iter()
        .map(|(name, value)| {
            let quoted = serde_json::to_string(name).unwrap_or_default();
            let at = text[menu_at..].find(&quoted).map_or(usize::MAX, |at| at + menu_at);
            (at, name, value)
        })
        .collect();
    ordered.sort_by_key(|(at, name, _)| (*at, (*name).clone()));
    for (_, name, value) in ordered {
        let title = value.get("title").and_then(|t| t.as_str()).unwrap_or(name).to_owned();
        match value.get("href").and_then(|h| h.as_str()) {
            Some(href) => links.push(NavbarLink { title, external: is_external(href), href: href.to_owned() }),
            None => warnings.push(format!("{key:?}: menu item {name:?} needs an \"href\"")),
        }
    }
    (links, warnings)
}

/// Whether `href` leaves the site (an absolute URL rather than a path).
pub fn is_external(href: &str) -> bool {
    href.contains("://") || href.starts_with("//") || href.starts_with("mailto:")
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
    fn tabs_menus_and_layout_flags_are_read() {
        let text = r#"{
  "api": { "title": "API", "type": "page", "layout": "full", "toc": false },
  "more": { "title": "More", "type": "menu", "items": {
    "zed": { "title": "Zed first", "href": "https://example.com" },
    "alpha": { "title": "Then alpha", "href": "/repos" }
  } },
  "bad": { "sidebar": "no" }
}"#;
        let meta = parse_meta(text).expect("valid");
        let api = meta.get("api").expect("api");
        assert!(api.tab);
        assert_eq!((api.layout.full, api.layout.toc, api.layout.sidebar), (Some(true), Some(false), None));
        let MetaKind::Menu(items) = &meta.get("more").expect("more").kind else { panic!("not a menu") };
        let titles: Vec<_> = items.iter().map(|i| (i.title.as_str(), i.external)).collect();
        assert_eq!(titles, [("Zed first", true), ("Then alpha", false)], "file order, external marked");
        assert_eq!(meta.warnings.len(), 1, "{:?}", meta.warnings);
        assert!(meta.warnings[0].message.contains("true or false"));
    }

    #[test]
    fn meta_syntax_errors_have_a_line() {
        let TextError { line, message, .. } = parse_meta("{\n  \"a\": \"A\",\n  \"b\": \n}").expect_err("broken");
        assert_eq!(line, 4, "{message}");
    }

    #[test]
    fn bad_meta_entries_are_warnings_not_failures() {
        let meta = parse_meta("{\n\"a\": 3,\n\"b\": {\"titel\": \"B\"},\n\"b\": \"again\"\n}").expect("valid JSON");
        assert_eq!(meta.entries.len(), 1);
        let lines: Vec<usize> = meta.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [2, 3, 3]);
    }
}
