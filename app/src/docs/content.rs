//! Reading the content folder: Markdown files and their front matter, the
//! folder tree, and when each file last changed (`_meta.json` files are read
//! by `meta`).
//!
//! Nothing here panics or gives up on bad content: problems are returned with
//! the file, line and column so the author can fix them, and the rest of the
//! site loads.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::UNIX_EPOCH;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use super::model::PageLayout;
use super::problem::{Problem, TextError};

/// The YAML block at the top of a page.
///
/// Unknown keys are an error rather than a warning: a misspelt `hiden: true`
/// would otherwise publish a page its author meant to hide.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title.
    #[serde(default, deserialize_with = "scalar_text")]
    pub title: Option<String>,
    /// One sentence for meta tags and link previews.
    #[serde(default, deserialize_with = "scalar_text")]
    pub description: Option<String>,
    /// A shorter title for the sidebar.
    #[serde(default, deserialize_with = "scalar_text")]
    pub sidebar_title: Option<String>,
    /// Keeps the page out of the sidebar and prev/next; it stays reachable.
    #[serde(default)]
    pub hidden: bool,
    /// Show "On this page".
    #[serde(default)]
    pub toc: Option<bool>,
    /// Show the sidebar.
    #[serde(default)]
    pub sidebar: Option<bool>,
    /// Show the breadcrumb.
    #[serde(default)]
    pub breadcrumb: Option<bool>,
    /// Show previous and next links.
    #[serde(default)]
    pub pagination: Option<bool>,
    /// Show "Last updated on".
    #[serde(default)]
    pub timestamp: Option<bool>,
    /// Show the site footer.
    #[serde(default)]
    pub footer: Option<bool>,
    /// `full` or `default`.
    #[serde(default)]
    pub layout: Option<LayoutName>,
}

/// The value of `layout:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LayoutName {
    /// Sidebar, content and "On this page".
    Default,
    /// Content only, as wide as the window.
    Full,
}

/// Layout flags as one file sets them; unset ones leave the inherited value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOverrides {
    /// `toc`.
    pub toc: Option<bool>,
    /// `sidebar`.
    pub sidebar: Option<bool>,
    /// `breadcrumb`.
    pub breadcrumb: Option<bool>,
    /// `pagination`.
    pub pagination: Option<bool>,
    /// `timestamp`.
    pub timestamp: Option<bool>,
    /// `footer`.
    pub footer: Option<bool>,
    /// `layout: full` (true) or `layout: default` (false).
    pub full: Option<bool>,
}

impl LayoutOverrides {
    /// Applies the flags that are set to `layout`.
    pub fn apply(&self, layout: &mut PageLayout) {
        let pairs = [
            (self.toc, &mut layout.toc),
            (self.sidebar, &mut layout.sidebar),
            (self.breadcrumb, &mut layout.breadcrumb),
            (self.pagination, &mut layout.pagination),
            (self.timestamp, &mut layout.timestamp),
            (self.footer, &mut layout.footer),
            (self.full, &mut layout.full),
        ];
        for (value, slot) in pairs {
            if let Some(value) = value {
                *slot = value;
            }
        }
    }
}

impl FrontMatter {
    /// The layout flags this page sets.
    pub fn layout_overrides(&self) -> LayoutOverrides {
        LayoutOverrides {
            toc: self.toc,
            sidebar: self.sidebar,
            breadcrumb: self.breadcrumb,
            pagination: self.pagination,
            timestamp: self.timestamp,
            footer: self.footer,
            full: self.layout.map(|layout| layout == LayoutName::Full),
        }
    }
}

/// Reads a text field that YAML may have typed as a number or boolean
/// (`title: 404` is a fine title); lists and maps are still errors.
fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Text)
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
/// The error's line and column are the file's.
pub fn split_front_matter(source: &str) -> Result<SplitSource<'_>, TextError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let starts_with_fence = lines.next().is_some_and(|first| first.trim_end() == "---");
    if !starts_with_fence {
        return Ok(SplitSource { front_matter: FrontMatter::default(), body: source, body_line_offset: 0 });
    }
    let yaml_start = source.find('\n').map_or(source.len(), |i| i + 1);
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &source[yaml_start..offset];
            let body = &source[offset + line.len()..];
            let front_matter = parse_front_matter(yaml)?;
            return Ok(SplitSource { front_matter, body, body_line_offset: line_no });
        }
        offset += line.len();
    }
    Err(TextError::new(1, 1, "front matter: no closing `---` line"))
}

/// Parses front matter YAML that starts on the file's second line.
fn parse_front_matter(yaml: &str) -> Result<FrontMatter, TextError> {
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
        TextError::new(line + 1, column, format!("front matter: {message}"))
    })
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
    let problem = |rel: &str, message: String| Problem::in_file(join_display(display_root, rel), message);
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
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--relative",
            "--no-renames",
            "--format=@@%ct",
            "--name-only",
            "--",
            ".",
        ])
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
        let TextError { line, column, message } = split_front_matter(source).expect_err("a list is not a string");
        assert_eq!((line, column), (3, 14), "{message}");
        assert!(message.starts_with("front matter: description: invalid type: sequence"), "{message}");
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn numbers_and_booleans_are_read_as_text_and_empty_values_as_absent() {
        let split = split_front_matter("---\ntitle: 404\ndescription:\nsidebar_title: true\n---\n").expect("valid");
        assert_eq!(split.front_matter.title.as_deref(), Some("404"));
        assert_eq!(split.front_matter.description, None);
        assert_eq!(split.front_matter.sidebar_title.as_deref(), Some("true"));
    }

    #[test]
    fn unknown_front_matter_keys_are_errors() {
        let TextError { line, message, .. } =
            split_front_matter("---\ntitle: A\nhiden: true\n---\n").expect_err("typo");
        assert_eq!(line, 3);
        assert!(message.contains("unknown field `hiden`"), "{message}");
    }

    #[test]
    fn layout_flags_are_read_and_misspelt_values_rejected() {
        let split = split_front_matter("---\ntoc: false\nlayout: full\n---\n").expect("valid");
        let mut layout = PageLayout::default();
        split.front_matter.layout_overrides().apply(&mut layout);
        assert!(!layout.toc && layout.full && layout.sidebar && layout.footer);
        let TextError { line, message, .. } =
            split_front_matter("---\nlayout: wide\n---\n").expect_err("unknown layout");
        assert_eq!(line, 2, "{message}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let TextError { line, message, .. } =
            split_front_matter("---\ntitle: A\n# Body\n").expect_err("no closing line");
        assert_eq!(line, 1);
        assert!(message.contains("closing"), "{message}");
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
