//! Server-side syntax highlighting of code blocks, and the CSS of its themes.
//!
//! Code is highlighted once, when the docs load, into HTML with `hl-`
//! prefixed classes, so pages need no script and the colours follow the
//! site's light and dark themes through [`theme_css`]. Each source line
//! becomes its own HTML string with balanced spans, so the page can number,
//! emphasise or wrap lines independently.

use std::sync::LazyLock;

use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::model::CodeBlock;

/// The class style of every highlighted span: `hl-` in front of each scope part.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The light theme, shown unless the dark one applies.
const LIGHT_THEME: &str = "InspiredGitHub";
/// The dark theme, for `data-theme="dark"` and for `system` in a dark OS.
const DARK_THEME: &str = "base16-ocean.dark";

/// Past this size a block is shown unhighlighted, so a huge generated file
/// cannot stall loading.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// syntect's defaults plus bat's extra syntaxes (TOML, TypeScript, Dockerfile…),
/// deserialized once: loading them is the slow part of highlighting.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// syntect's bundled themes, loaded once for [`theme_css`].
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Loads the syntax definitions now rather than on the first code block, so
/// the cost shows up once at start-up and not in the first page's timing.
pub fn warm_up() {
    LazyLock::force(&SYNTAXES);
}

/// Builds a [`CodeBlock`] from a fenced block's info string and its content.
///
/// The info string is ```` ```rust filename="src/main.rs" {1,3-4} ````: a
/// language, then optional `filename="…"` and a `{…}` set of lines to
/// emphasise, in any order after the language.
pub fn code_block(info: &str, literal: &str) -> CodeBlock {
    let info = parse_info(info);
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

/// The parts of a code fence's info string.
#[derive(Debug, Default, PartialEq, Eq)]
struct Info {
    lang: Option<String>,
    filename: Option<String>,
    ranges: Option<String>,
}

/// Splits an info string into language, file name and line ranges; unknown
/// attributes are ignored so a typo never breaks a page.
fn parse_info(info: &str) -> Info {
    let mut out = Info::default();
    let mut rest = info.trim();
    let mut first = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let end = after.find('}').unwrap_or(after.len());
            out.ranges = Some(after[..end].to_owned());
            rest = after.get(end + 1..).unwrap_or("").trim_start();
        } else if let Some(eq) = attribute_name_end(rest) {
            let name = &rest[..eq];
            let (value, after) = attribute_value(&rest[eq + 1..]);
            if matches!(name, "filename" | "title") && !value.is_empty() {
                out.filename = Some(value);
            }
            rest = after.trim_start();
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '{' || (first && c == ',')).unwrap_or(rest.len());
            if first && end > 0 {
                out.lang = Some(rest[..end].to_ascii_lowercase());
            }
            rest = rest[end..].trim_start();
        }
        first = false;
    }
    out
}

/// If `s` starts with `name=`, the index of the `=`.
fn attribute_name_end(s: &str) -> Option<usize> {
    let eq = s.find('=')?;
    let name = &s[..eq];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')).then_some(eq)
}

/// An attribute value, quoted (`"…"`) or bare, and what follows it.
fn attribute_value(s: &str) -> (String, &str) {
    if let Some(quoted) = s.strip_prefix('"') {
        match quoted.find('"') {
            Some(end) => (quoted[..end].to_owned(), &quoted[end + 1..]),
            None => (quoted.to_owned(), ""),
        }
    } else {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        (s[..end].to_owned(), &s[end..])
    }
}

/// Turns `1,3-4` into `[1, 3, 4]`: 1-based, sorted, without duplicates, and
/// only lines that exist. Anything unreadable (`0`, `5-3`, `x`) is ignored.
pub fn parse_line_ranges(spec: &str, line_count: usize) -> Vec<u32> {
    let max = u32::try_from(line_count).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (start, end) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>(), b.trim().parse::<u32>()),
            None => (part.parse::<u32>(), part.parse::<u32>()),
        };
        let (Ok(start), Ok(end)) = (start, end) else { continue };
        if start == 0 || end < start {
            continue;
        }
        out.extend(start..=end.min(max));
    }
    out.sort_unstable();
    out.dedup();
    out
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
pub fn highlight_lines(lang: Option<&str>, code: &str) -> Vec<String> {
    let syntax = if code.len() > MAX_HIGHLIGHT_BYTES { None } else { lang.and_then(find_syntax) };
    syntax.and_then(|syntax| highlight_with(syntax, code)).unwrap_or_else(|| plain_lines(code))
}

/// The lines escaped, with no spans.
fn plain_lines(code: &str) -> Vec<String> {
    code.split('\n').map(escape_html).collect()
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
fn scope_classes(scope: syntect::parsing::Scope) -> String {
    scope.build_string().split('.').map(|part| format!("hl-{part}")).collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The CSS of both highlighting themes, for the site's stylesheet.
///
/// The light theme applies unless the page is dark: `data-theme="dark"` on
/// `<html>`, or `data-theme="system"` while the OS prefers dark. The two never
/// apply together, so neither leaks colours into the other. Wrap a block in an
/// element with the class `hl-code` to get the theme's base colours.
pub fn theme_css() -> String {
    let light = theme_rules(LIGHT_THEME);
    let dark = theme_rules(DARK_THEME);
    let mut css = String::from("/* Code highlighting, generated by syntect. */\n");
    css.push_str(&scoped(&light, r#"html:not([data-theme="dark"]):not([data-theme="system"])"#));
    css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
    css.push_str(&scoped(&light, r#"html[data-theme="system"]"#));
    css.push_str("}\n");
    css.push_str(&scoped(&dark, r#"html[data-theme="dark"]"#));
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scoped(&dark, r#"html[data-theme="system"]"#));
    css.push_str("}\n");
    css
}

/// One theme's rules as syntect writes them, without its header comment.
fn theme_rules(name: &str) -> String {
    let theme: Option<&Theme> = THEMES.themes.get(name);
    let css = theme.and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok()).unwrap_or_default();
    match css.find("*/") {
        Some(end) => css[end + 2..].trim_start().to_owned(),
        None => css,
    }
}

/// Prefixes every selector of every rule in `css` with `prefix`.
fn scoped(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        match line.strip_suffix('{') {
            Some(selectors) => {
                let prefixed: Vec<String> = selectors
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("{prefix} {s}"))
                    .collect();
                out.push_str(&prefixed.join(", "));
                out.push_str(" {\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_balance(line: &str) -> (usize, usize) {
        (line.matches("<span").count(), line.matches("</span>").count())
    }

    #[test]
    fn info_string_gives_language_file_name_and_lines() {
        let block = code_block(r#"rust filename="src/main.rs" {1,3-4}"#, "a\nb\nc\nd\ne\n");
        assert_eq!(block.lang.as_deref(), Some("rust"));
        assert_eq!(block.filename.as_deref(), Some("src/main.rs"));
        assert_eq!(block.highlighted, vec![1, 3, 4]);
        assert_eq!(block.code, "a\nb\nc\nd\ne");
        assert_eq!(block.lines.len(), 5);
    }

    #[test]
    fn ranges_may_come_before_the_file_name() {
        let info = parse_info(r#"toml {2} filename="Cargo.toml""#);
        assert_eq!(info.lang.as_deref(), Some("toml"));
        assert_eq!(info.filename.as_deref(), Some("Cargo.toml"));
        assert_eq!(info.ranges.as_deref(), Some("2"));
        assert_eq!(parse_info("rust,ignore").lang.as_deref(), Some("rust"));
        assert_eq!(parse_info(",x {1}").lang, None);
        assert_eq!(parse_info("{1} rust").lang, None);
    }

    #[test]
    fn invalid_line_ranges_are_ignored() {
        assert_eq!(parse_line_ranges("0, 5-3, x, 2-, 2, 9", 4), vec![2]);
        assert_eq!(parse_line_ranges("3-100", 5), vec![3, 4, 5]);
        assert_eq!(parse_line_ranges("1-4000000000", 2), vec![1, 2]);
        assert_eq!(parse_line_ranges("", 3), Vec::<u32>::new());
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

    #[test]
    fn theme_css_covers_light_dark_and_system() {
        let css = theme_css();
        assert!(css.contains(r#"html[data-theme="dark"] .hl-"#));
        assert!(css.contains("@media (prefers-color-scheme: dark) {\nhtml[data-theme=\"system\"] .hl-"));
        assert!(css.contains(r#"html:not([data-theme="dark"]):not([data-theme="system"]) .hl-code"#));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}
