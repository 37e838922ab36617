//! `versions.json`: the older versions of the docs kept beside the current
//! one, with their labels and order.
//!
//! ```json
//! { "current": "0.2", "older": [{ "id": "0.1", "label": "0.1 (2025)" }] }
//! ```
//!
//! Version `0.1` lives in `content/versions/0.1/<locale>/…` and is served at
//! `/docs/0.1/…`. An id starts with a digit, so a URL tells a version from a
//! page without a lookup (see [`super::model::version_of_route`]).

use std::path::Path;

use serde::Deserialize;

use super::problem::Problem;

/// The file, at the top of the content folder.
pub const VERSIONS_FILE: &str = "versions.json";

/// What `versions.json` declares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Versions {
    /// The label of the current version (the content folder's own locales).
    pub current: String,
    /// The older versions, newest first: the switcher's order.
    #[serde(default)]
    pub older: Vec<OlderVersion>,
}

/// One older version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OlderVersion {
    /// Its folder under `versions/` and its URL segment.
    pub id: String,
    /// What readers see; the id when absent.
    #[serde(default)]
    pub label: Option<String>,
    /// Lets search engines index it (listed in the sitemap, no `noindex`).
    #[serde(default)]
    pub index: bool,
}

impl OlderVersion {
    /// The label shown.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// Whether `id` can name a version: a digit, then letters, digits, `.`, `-`
/// or `_` (no `/`, so it is one URL segment and one folder).
pub fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_digit())
        && id.len() <= 32
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && !id.contains("..")
}

/// Reads `content_dir/versions.json`: `Ok(None)` when there is none, and a
/// problem (file, line, column) when it does not parse. Entries with a bad
/// or repeated id, or without a folder, are left out with a problem each.
pub fn read(content_dir: &Path, display_root: &str) -> Result<Option<(Versions, Vec<Problem>)>, Problem> {
    let path = content_dir.join(VERSIONS_FILE);
    let display = format!("{}/{VERSIONS_FILE}", display_root.trim_end_matches('/'));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(Problem { path: display, line: 1, column: 1, message: format!("cannot read: {err}") }),
    };
    let mut versions: Versions = serde_json::from_str(&text).map_err(|err| Problem {
        path: display.clone(),
        line: err.line().max(1),
        column: err.column().max(1),
        message: err.to_string(),
    })?;
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    versions.older.retain(|version| {
        let message = if !valid_id(&version.id) {
            Some(format!(
                "{:?} is not a version id: it must start with a digit and use only letters, digits, '.', '-' and '_'",
                version.id
            ))
        } else if !seen.insert(version.id.clone()) {
            Some(format!("version {:?} is listed twice; the first one counts", version.id))
        } else if !content_dir.join("versions").join(&version.id).is_dir() {
            Some(format!("version {:?} has no folder versions/{}/", version.id, version.id))
        } else {
            None
        };
        if let Some(message) = &message {
            problems.push(Problem { path: display.clone(), line: 1, column: 1, message: message.clone() });
        }
        message.is_none()
    });
    Ok(Some((versions, problems)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_ids_are_one_segment_starting_with_a_digit() {
        for id in ["0.1", "2", "1.0-beta", "3_x"] {
            assert!(valid_id(id), "{id}");
        }
        for id in ["", "v1", "guide", "0.1/../x", "1 0", "../1", "1..2"] {
            assert!(!valid_id(id), "{id}");
        }
    }

    #[test]
    fn the_file_is_read_and_bad_entries_are_problems() {
        let root = tempfile::Builder::new().prefix("leptra-versions-").tempdir().expect("temporary folder");
        let dir = root.path().join("content");
        std::fs::create_dir_all(dir.join("versions/0.1")).expect("folder");
        std::fs::write(
            dir.join(VERSIONS_FILE),
            r#"{"current": "0.2", "older": [{"id": "0.1", "label": "Old"}, {"id": "v0"}, {"id": "0.0"}, {"id": "0.1"}]}"#,
        )
        .expect("write");
        let (versions, problems) = read(&dir, "content").expect("parses").expect("present");
        assert_eq!(versions.current, "0.2");
        assert_eq!(versions.older.len(), 1);
        assert_eq!(versions.older[0].label(), "Old");
        assert_eq!(problems.len(), 3, "{problems:?}");
        std::fs::write(dir.join(VERSIONS_FILE), "{\"current\": 2}").expect("write");
        assert!(read(&dir, "content").is_err());
        root.close().expect("removed");
        assert_eq!(read(&dir, "content"), Ok(None));
    }
}
