//! What is wrong with a content file, and where.
//!
//! Every stage of the docs pipeline (reading files, front matter,
//! `_meta.json`, Markdown, the navigation) reports through these types, so
//! this module depends on none of them.

use std::path::PathBuf;

/// Something wrong at a line and column of a text, before it is known which
/// file the text came from (see [`Problem::at`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct TextError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl TextError {
    /// `message` at `line` and `column`.
    pub fn new(line: usize, column: usize, message: impl Into<String>) -> TextError {
        TextError { line, column, message: message.into() }
    }
}

/// A problem in a content file: where it is and what is wrong.
///
/// Displayed as `path:line:column: message`, the form editors and terminals
/// turn into a link to the spot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
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

impl Problem {
    /// `error` in the file shown as `path`.
    pub fn at(path: impl Into<String>, error: TextError) -> Problem {
        Problem { path: path.into(), line: error.line, column: error.column, message: error.message }
    }

    /// A problem with the file `path` as a whole, reported at its start.
    pub fn in_file(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::at(path, TextError::new(1, 1, message))
    }
}

/// Why docs could not be loaded at all (broken pages are [`Problem`]s, not
/// errors: the rest of the site still loads).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The content folder itself cannot be read.
    #[error("cannot read the docs folder {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `versions.json` exists but cannot be used.
    #[error("{0}")]
    Versions(Problem),
}
