//! Server-side syntax highlighting of code blocks, and the CSS of its themes.
//!
//! Code is highlighted once, when the docs load, into HTML with `hl-`
//! prefixed classes, so pages need no script and the colours follow the
//! site's light and dark themes through [`theme_css`]. Each source line
//! becomes its own HTML string with balanced spans, so the page can number,
//! emphasise or wrap lines independently.

use std::sync::LazyLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
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

/// The background of code blocks in each theme (`--code-bg` in `style/main.css`).
const LIGHT_CODE_BG: Color = rgb(0xf6, 0xf8, 0xfa);
const DARK_CODE_BG: Color = rgb(0x1a, 0x1c, 0x1f);
/// The accent (`--accent`), which tints emphasised lines at 14%.
const LIGHT_ACCENT: Color = rgb(0xb8, 0x3d, 0x0b);
const DARK_ACCENT: Color = rgb(0xff, 0x8a, 0x4c);
/// How much of the accent an emphasised line's background has (`.hl-line`).
const EMPHASIS_ALPHA: f64 = 0.14;
/// WCAG's AA contrast for normal text, with a little margin for rounding.
const MIN_CONTRAST: f64 = 4.6;

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
    let light = theme_rules(&accessible_theme(LIGHT_THEME, LIGHT_CODE_BG, LIGHT_ACCENT, rgb(0, 0, 0)));
    let dark = theme_rules(&accessible_theme(DARK_THEME, DARK_CODE_BG, DARK_ACCENT, rgb(0xff, 0xff, 0xff)));
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

/// A bundled theme on the site's code background, with every token colour
/// moved toward `toward` (black or white) just enough to reach AA contrast on
/// that background and on an emphasised line.
fn accessible_theme(name: &str, code_bg: Color, accent: Color, toward: Color) -> Theme {
    let mut theme = THEMES.themes.get(name).cloned().unwrap_or_default();
    let emphasised = blend(accent, code_bg, EMPHASIS_ALPHA);
    theme.settings.background = Some(code_bg);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = readable(*fg, &[code_bg, emphasised], toward);
    }
    for item in &mut theme.scopes {
        let backgrounds = match item.style.background {
            Some(bg) => vec![blend(bg, code_bg, f64::from(bg.a) / 255.0)],
            None => vec![code_bg, emphasised],
        };
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = readable(*fg, &backgrounds, toward);
        }
    }
    theme
}

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// `top` at `alpha` over the opaque `bottom`.
fn blend(top: Color, bottom: Color, alpha: f64) -> Color {
    let mix = |t: u8, b: u8| (f64::from(t) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8;
    rgb(mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b))
}

/// WCAG's relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG's contrast ratio of two opaque colours, from 1 to 21.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg` (made opaque over the first background) moved toward `toward` in
/// 5% steps until it has [`MIN_CONTRAST`] on every background; if even
/// `toward` is not enough (a token with a background of its own, such as
/// invalid code), toward the opposite extreme instead.
fn readable(fg: Color, backgrounds: &[Color], toward: Color) -> Color {
    let base = blend(fg, backgrounds[0], f64::from(fg.a) / 255.0);
    let opposite = rgb(0xff - toward.r, 0xff - toward.g, 0xff - toward.b);
    [toward, opposite]
        .into_iter()
        .flat_map(|end| (0..=20).map(move |step| blend(end, base, f64::from(step) / 20.0)))
        .find(|c| backgrounds.iter().all(|bg| contrast(*c, *bg) >= MIN_CONTRAST))
        .unwrap_or(toward)
}

/// One theme's rules as syntect writes them, without its header comment.
fn theme_rules(theme: &Theme) -> String {
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
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

    /// Every `color:` of a theme's CSS with the background it is shown on.
    fn token_colours(theme: &Theme, code_bg: Color) -> Vec<(Color, Color)> {
        theme
            .scopes
            .iter()
            .filter_map(|item| {
                let bg = item.style.background.map_or(code_bg, |bg| blend(bg, code_bg, f64::from(bg.a) / 255.0));
                item.style.foreground.map(|fg| (fg, bg))
            })
            .chain(theme.settings.foreground.map(|fg| (fg, code_bg)))
            .collect()
    }

    #[test]
    fn every_token_colour_has_aa_contrast_in_both_themes_and_on_emphasised_lines() {
        for (name, code_bg, accent, toward) in [
            (LIGHT_THEME, LIGHT_CODE_BG, LIGHT_ACCENT, rgb(0, 0, 0)),
            (DARK_THEME, DARK_CODE_BG, DARK_ACCENT, rgb(0xff, 0xff, 0xff)),
        ] {
            let theme = accessible_theme(name, code_bg, accent, toward);
            let colours = token_colours(&theme, code_bg);
            assert!(colours.len() > 10, "{name} has token colours");
            let emphasised = blend(accent, code_bg, EMPHASIS_ALPHA);
            for (fg, bg) in colours {
                assert_eq!(fg.a, 0xff, "{name}: opaque");
                for bg in [bg, if bg == code_bg { emphasised } else { bg }] {
                    let ratio = contrast(fg, bg);
                    assert!(ratio >= 4.5, "{name}: {fg:?} on {bg:?} is {ratio:.2}:1");
                }
            }
        }
    }

    #[test]
    fn the_bundled_themes_needed_the_adjustment() {
        // Guards the test above: without the adjustment some tokens fail.
        let original = THEMES.themes.get(LIGHT_THEME).expect("bundled theme");
        let failing = token_colours(original, LIGHT_CODE_BG)
            .into_iter()
            .filter(|(fg, bg)| contrast(blend(*fg, *bg, f64::from(fg.a) / 255.0), *bg) < 4.5)
            .count();
        assert!(failing > 0);
    }

    #[test]
    fn the_backgrounds_match_the_stylesheet() {
        let css = include_str!("../../../style/main.css");
        for colour in [LIGHT_CODE_BG, DARK_CODE_BG] {
            let value = format!("--code-bg: #{:02x}{:02x}{:02x};", colour.r, colour.g, colour.b);
            assert!(css.contains(&value), "style/main.css has {value}");
        }
        for colour in [LIGHT_ACCENT, DARK_ACCENT] {
            let value = format!("--accent: #{:02x}{:02x}{:02x};", colour.r, colour.g, colour.b);
            assert!(css.contains(&value), "style/main.css has {value}");
        }
        assert!(css.contains("color-mix(in srgb, var(--accent) 14%, transparent)"));
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
