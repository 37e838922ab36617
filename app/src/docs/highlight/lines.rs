//! Highlighting code into one HTML string per line, with syntect.

use std::sync::LazyLock;

use syntect::html::line_tokens_to_classed_spans;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::CLASS_STYLE;

/// Past this size a block is shown unhighlighted, so a huge generated file
/// cannot stall loading.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// syntect's defaults plus bat's extra syntaxes (TOML, TypeScript, Dockerfile…),
/// deserialized once: loading them is the slow part of highlighting.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Loads the syntax definitions now rather than on the first code block, so
/// the cost shows up once at start-up and not in the first page's timing.
pub fn warm_up() {
    LazyLock::force(&SYNTAXES);
}

/// The syntax for a fence's language, or `None` for plain text and unknown
/// languages.
fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim();
    if lang.is_empty() || matches!(lang, "text" | "txt" | "plain" | "plaintext") {
        return None;
    }
    let syntaxes: &'static SyntaxSet = &SYNTAXES;
    let token = match lang {
        "shell" | "console" => "bash",
        other => other,
    };
    syntaxes.find_syntax_by_token(token).filter(|syntax| syntax.name != "Plain Text")
}

/// One HTML string per line of `code`, highlighted when the language is known.
///
/// Every line opens the spans of the scopes still open from the previous line
/// and closes all of its spans at its end, so each line stands alone.
pub(super) fn highlight_lines(lang: Option<&str>, code: &str) -> Vec<String> {
    let syntax = if code.len() > MAX_HIGHLIGHT_BYTES { None } else { lang.and_then(find_syntax) };
    syntax.and_then(|syntax| highlight_with(syntax, code)).unwrap_or_else(|| plain_lines(code))
}

/// The lines escaped, with no spans.
fn plain_lines(code: &str) -> Vec<String> {
    code.split('\n').map(|line| html_escape::encode_quoted_attribute(line).into_owned()).collect()
}

/// Highlights `code` line by line; `None` if syntect fails on it.
fn highlight_with(syntax: &SyntaxReference, code: &str) -> Option<Vec<String>> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut lines = Vec::new();
    let mut source = code.to_owned();
    // A trailing newline makes the last line parse like the others.
    source.push('\n');
    for line in LinesWithEndings::from(&source) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let mut html = String::with_capacity(line.len() * 2);
        let open_before = stack.len();
        for scope in stack.as_slice() {
            html.push_str("<span class=\"");
            html.push_str(&scope_classes(*scope));
            html.push_str("\">");
        }
        let (body, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut stack).ok()?;
        html.push_str(&body);
        let still_open = isize::try_from(open_before).ok()? + delta;
        for _ in 0..still_open.max(0) {
            html.push_str("</span>");
        }
        html.retain(|c| c != '\n');
        lines.push(html);
    }
    Some(lines)
}

/// The class attribute value syntect gives a scope, e.g. `hl-string hl-quoted`.
fn scope_classes(scope: Scope) -> String {
    scope.build_string().split('.').map(|part| format!("hl-{part}")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_balance(line: &str) -> (usize, usize) {
        (line.matches("<span").count(), line.matches("</span>").count())
    }

    #[test]
    fn multi_line_strings_and_comments_keep_spans_balanced_on_every_line() {
        let code =
            "/* a comment\n   over two lines */\nfn main() {\n    let s = \"one\ntwo <b>\nthree\";\n    // done\n}";
        let lines = highlight_lines(Some("rust"), code);
        assert_eq!(lines.len(), 8);
        for line in &lines {
            let (open, close) = span_balance(line);
            assert_eq!(open, close, "unbalanced line: {line}");
            assert!(open > 0, "not highlighted: {line}");
        }
        assert!(lines[1].contains("hl-comment"), "{}", lines[1]);
        assert!(lines[4].contains("hl-string"), "{}", lines[4]);
        assert!(lines[4].contains("&lt;b&gt;"), "{}", lines[4]);
    }

    #[test]
    fn toml_and_typescript_are_highlighted() {
        for lang in ["toml", "ts", "bash", "sh", "json", "yaml", "css", "html", "js"] {
            let lines = highlight_lines(Some(lang), "a = \"b\"");
            assert!(lines[0].contains("<span"), "{lang}: {}", lines[0]);
        }
    }

    #[test]
    fn unknown_languages_are_plain_escaped_lines() {
        for lang in [None, Some("text"), Some("no-such-language")] {
            let lines = highlight_lines(lang, "<script>\nx & y");
            assert_eq!(lines, vec!["&lt;script&gt;".to_owned(), "x &amp; y".to_owned()]);
        }
    }
}
