//! Reading the content folder: Markdown files, their front matter, the
//! `_meta.json` files that order the sidebar, and when each file last changed.
//!
//! Nothing here panics or gives up on bad content: problems are returned with
//! the file, line and column so the author can fix them, and the rest of the
//! site loads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A problem in a content file: where it is and what is wrong.
///
/// Displayed as `path:line:column: message`, the form editors and terminals
/// turn into a link to the spot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as shown to the author (e.g. `content/en/guide/ssr.md`).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)
    }
}

/// The YAML block at the top of a page.
///
/// Unknown keys are an error rather than a warning: a misspelt `hiden: true`
/// would otherwise publish a page its author meant to hide.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title.
    pub title: Option<String>,
    /// One sentence for meta tags and link previews.
    pub description: Option<String>,
    /// A shorter title for the sidebar.
    pub sidebar_title: Option<String>,
    /// Keeps the page out of the sidebar and prev/next; it stays reachable.
    #[serde(default)]
    pub hidden: bool,
}

/// A page's source split into front matter and Markdown body.
#[derive(Debug)]
pub struct SplitSource<'a> {
    /// The parsed front matter (default when there is none).
    pub front_matter: FrontMatter,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// How many lines of the file come before `body`, to report body lines
    /// as file lines.
    pub body_line_offset: usize,
}

/// Splits off and parses the front matter between `---` lines at the top.
///
/// The error is `(line, column, message)` in file coordinates.
pub fn split_front_matter(source: &str) -> Result<SplitSource<'_>, (usize, usize, String)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let starts_with_fence = lines.next().is_some_and(|first| first.trim_end() == "---");
    if !starts_with_fence {
        return Ok(SplitSource { front_matter: FrontMatter::default(), body: source, body_line_offset: 0 });
    }
    let yaml_start = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &source[yaml_start..offset];
            let body = &source[offset + line.len()..];
            let front_matter = parse_front_matter(yaml)?;
            return Ok(SplitSource { front_matter, body, body_line_offset: line_no });
        }
        offset += line.len();
    }
    Err((1, 1, "front matter: no closing `---` line".to_owned()))
}

/// Parses front matter YAML that starts on the file's second line.
fn parse_front_matter(yaml: &str) -> Result<FrontMatter, (usize, usize, String)> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str::<FrontMatter>(yaml).map_err(|err| {
        let (line, column) = err.location().map_or((1, 1), |loc| (loc.line(), loc.column()));
        let mut message = err.to_string();
        if let Some(at) = message.find(&format!(" at line {line} column {column}")) {
            message.truncate(at);
        }
        // The YAML starts on line 2 of the file.
        (line + 1, column, format!("front matter: {message}"))
    })
}

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
    let object: OrderedObject = serde_json::from_str(text).map_err(|err| (err.line().max(1), err.column().max(1), err.to_string()))?;
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

/// One folder of a locale, as found on disk.
#[derive(Debug, Default, Clone)]
pub struct DirListing {
    /// Pages in this folder: file stem → path relative to the locale folder
    /// (e.g. `ssr` → `guide/ssr.md`).
    pub pages: BTreeMap<String, String>,
    /// Subfolders by name.
    pub folders: BTreeMap<String, DirListing>,
    /// The `_meta.json` path relative to the locale folder, if present.
    pub meta: Option<String>,
}

/// Deeper than this, folders are ignored (and a symlink loop ends).
const MAX_DEPTH: usize = 24;

/// Lists a locale folder recursively: Markdown pages, subfolders and
/// `_meta.json` files. Unreadable entries are returned as problems.
pub fn scan_locale(root: &Path, display_root: &str) -> (DirListing, Vec<Problem>) {
    let mut problems = Vec::new();
    let listing = scan_dir(root, "", display_root, 0, &mut problems);
    (listing, problems)
}

fn scan_dir(dir: &Path, rel: &str, display_root: &str, depth: usize, problems: &mut Vec<Problem>) -> DirListing {
    let mut listing = DirListing::default();
    let problem = |rel: &str, message: String| Problem { path: join_display(display_root, rel), line: 1, column: 1, message };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(problem(rel, format!("cannot read folder: {err}")));
            return listing;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            problems.push(problem(rel, format!("skipped a file whose name is not UTF-8: {}", path.display())));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let child_rel = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let Ok(metadata) = std::fs::metadata(&path) else { continue };
        if metadata.is_dir() {
            if depth >= MAX_DEPTH {
                problems.push(problem(&child_rel, "folder nested too deeply; skipped".to_owned()));
            } else if !name.starts_with('_') {
                let sub = scan_dir(&path, &child_rel, display_root, depth + 1, problems);
                listing.folders.insert(name, sub);
            }
        } else if name == "_meta.json" {
            listing.meta = Some(child_rel);
        } else if let Some(stem) = name.strip_suffix(".md") {
            if !stem.is_empty() && !stem.starts_with('_') {
                listing.pages.insert(stem.to_owned(), child_rel);
            }
        }
    }
    listing
}

/// `root/rel` with forward slashes, as shown in problems.
pub fn join_display(root: &str, rel: &str) -> String {
    match (root.is_empty(), rel.is_empty()) {
        (_, true) => root.to_owned(),
        (true, false) => rel.to_owned(),
        (false, false) => format!("{}/{rel}", root.trim_end_matches('/')),
    }
}

/// When each file under `dir` was last committed (Unix seconds), keyed by its
/// path relative to `dir`, from one `git log` for the whole folder.
///
/// Empty when git is missing or `dir` is not in a repository: callers then
/// use the file's modification time.
pub fn git_commit_times(dir: &Path) -> HashMap<String, u64> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false", "log", "--relative", "--no-renames", "--format=@@%ct", "--name-only", "--", "."])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let Ok(output) = output else { return HashMap::new() };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_git_log(&String::from_utf8_lossy(&output.stdout))
}

/// Reads `git log --format=@@%ct --name-only` output: newest commit first, so
/// the first time seen for a file is its last change.
fn parse_git_log(log: &str) -> HashMap<String, u64> {
    let mut times = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(secs) = line.strip_prefix("@@") {
            current = secs.trim().parse::<u64>().ok();
        } else if let (Some(secs), false) = (current, line.trim().is_empty()) {
            times.entry(line.to_owned()).or_insert(secs);
        }
    }
    times
}

/// The file's modification time in Unix seconds, if the system has one.
pub fn modified_secs(path: &Path) -> Option<u64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(UNIX_EPOCH).ok()?.as_secs())
}

/// A file's path under the content folder.
pub fn file_path(content_dir: &Path, locale: &str, rel: &str) -> PathBuf {
    let mut path = content_dir.join(locale);
    for part in rel.split('/') {
        path.push(part);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body_with_its_line_count() {
        let source = "---\ntitle: Hello\ndescription: A page.\nsidebar_title: Hi\nhidden: true\n---\n# Hello\n";
        let split = split_front_matter(source).expect("valid");
        assert_eq!(split.front_matter.title.as_deref(), Some("Hello"));
        assert_eq!(split.front_matter.sidebar_title.as_deref(), Some("Hi"));
        assert!(split.front_matter.hidden);
        assert_eq!(split.body, "# Hello\n");
        assert_eq!(split.body_line_offset, 6);
    }

    #[test]
    fn pages_without_front_matter_are_all_body() {
        let split = split_front_matter("# Title\n\ntext\n").expect("valid");
        assert_eq!(split.front_matter, FrontMatter::default());
        assert_eq!(split.body_line_offset, 0);
    }

    #[test]
    fn front_matter_errors_give_file_line_and_column() {
        let source = "---\ntitle: Fine\ndescription: [1, 2]\n---\nbody\n";
        let (line, column, message) = split_front_matter(source).expect_err("a list is not a string");
        assert_eq!((line, column), (3, 14), "{message}");
        assert!(message.starts_with("front matter: invalid type: sequence"), "{message}");
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn unknown_front_matter_keys_are_errors() {
        let (line, _, message) = split_front_matter("---\ntitle: A\nhiden: true\n---\n").expect_err("typo");
        assert_eq!(line, 3);
        assert!(message.contains("unknown field `hiden`"), "{message}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let (line, _, message) = split_front_matter("---\ntitle: A\n# Body\n").expect_err("no closing line");
        assert_eq!(line, 1);
        assert!(message.contains("closing"), "{message}");
    }

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

    #[test]
    fn git_log_output_gives_each_file_its_newest_time() {
        let log = "@@200\n\nen/a.md\nen/b.md\n@@100\n\nen/a.md\nko/c.md\n";
        let times = parse_git_log(log);
        assert_eq!(times.get("en/a.md"), Some(&200));
        assert_eq!(times.get("en/b.md"), Some(&200));
        assert_eq!(times.get("ko/c.md"), Some(&100));
    }
}
