//! Server-side syntax highlighting of code blocks, and the CSS of its themes.
//!
//! Code is highlighted once, when the docs load, into HTML with `hl-`
//! prefixed classes, so pages need no script and the colours follow the
//! site's light and dark themes through [`theme_css`]. Each source line
//! becomes its own HTML string with balanced spans, so the page can number,
//! emphasise or wrap lines independently.
//!
//! One job per module: `info` reads a fence's info string, `lines`
//! highlights the code, `theme` writes the themes' CSS with the colours
//! `contrast` makes readable.

mod contrast;
mod info;
mod lines;
mod theme;

use syntect::html::ClassStyle;

use info::parse_line_ranges;
use lines::highlight_lines;
pub use lines::warm_up;
pub use theme::theme_css;

use super::model::CodeBlock;

/// The class style of every highlighted span: `hl-` in front of each scope part.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Builds a [`CodeBlock`] from a fenced block's info string and its content.
///
/// The info string is ```` ```rust filename="src/main.rs" {1,3-4} ````: a
/// language, then optional `filename="…"` and a `{…}` set of lines to
/// emphasise, in any order after the language.
pub fn code_block(info: &str, literal: &str) -> CodeBlock {
    let info = info::parse_info(info);
    let code = normalize_code(literal);
    let lines = highlight_lines(info.lang.as_deref(), &code);
    let highlighted = parse_line_ranges(info.ranges.as_deref().unwrap_or(""), lines.len());
    CodeBlock { lang: info.lang, filename: info.filename, lines, highlighted, code }
}

/// Line endings made `\n` and the fence's final newline removed, so lines and
/// the copied text match what the author wrote.
fn normalize_code(literal: &str) -> String {
    let mut code = literal.replace("\r\n", "\n");
    if code.ends_with('\n') {
        code.pop();
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_string_gives_language_file_name_and_lines() {
        let block = code_block(r#"rust filename="src/main.rs" {1,3-4}"#, "a\nb\nc\nd\ne\n");
        assert_eq!(block.lang.as_deref(), Some("rust"));
        assert_eq!(block.filename.as_deref(), Some("src/main.rs"));
        assert_eq!(block.highlighted, vec![1, 3, 4]);
        assert_eq!(block.code, "a\nb\nc\nd\ne");
        assert_eq!(block.lines.len(), 5);
    }
}
