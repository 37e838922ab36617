//! Pages as Markdown, for readers that are not browsers: the `.md` twin of
//! every page, `llms.txt`, `llms-full.txt` and the "Copy page" button.
//!
//! The export starts from the page's own source, so prose, links, tables and
//! code stay exactly as written. Only the built-in components, which mean
//! nothing outside Leptra, are rewritten into plain Markdown: tabs become
//! headed sections, callouts blockquotes, file trees code blocks, and the
//! stars figure its value (filled in when the page is served, see
//! [`fill_stars`]).

use std::collections::HashMap;

use super::directives::{self, Directive};
use super::markdown;

/// Stands for the live stars figure until the page is served.
pub const STARS_PLACEHOLDER: &str = "\u{E001}stars\u{E001}";

/// A component being rewritten.
enum Frame {
    /// Lines inside are quoted.
    Callout,
    /// Lines inside are list items turned into tree lines.
    FileTree,
    /// Anything else: its content is kept as it is.
    Plain,
}

/// The Markdown of one page: its title as the level-1 heading (replacing
/// the body's own, if it opens with one), the front matter description, then
/// the body with its components rewritten.
pub fn page_markdown(title: &str, description: Option<&str>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + title.len() + 64);
    out.push_str(&format!("# {}\n\n", title.trim()));
    if let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) {
        out.push_str(description);
        out.push_str("\n\n");
    }
    let start = body.len() - body.trim_start_matches(['\n', '\r', ' ']).len();
    let rest = &body[start..];
    let body = match rest.strip_prefix("# ") {
        Some(after) => after.split_once('\n').map_or("", |(_, tail)| tail),
        None => body,
    };
    out.push_str(rewrite_components(body).trim_start());
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The body with every `:::` component and `::stars` leaf turned into plain Markdown.
pub fn rewrite_components(body: &str) -> String {
    let (found, code) = markdown::directive_lines(body);
    let at: HashMap<usize, &Directive> = found.iter().map(|f| (f.line, &f.directive)).collect();
    let mut stack: Vec<Frame> = Vec::new();
    let mut last_heading = 1;
    let mut out = String::with_capacity(body.len());
    for (index, line) in body.lines().enumerate() {
        let quote = "> ".repeat(stack.iter().filter(|f| matches!(f, Frame::Callout)).count());
        let emit = |out: &mut String, text: &str| {
            let full = format!("{quote}{text}");
            out.push_str(full.trim_end());
            out.push('\n');
        };
        match at.get(&index) {
            Some(Directive::Open { name, args }) => match name.as_str() {
                "callout" => {
                    let (kind, title, _) = directives::callout_args(args);
                    let mut label = capitalised(kind.as_str());
                    if let Some(title) = title {
                        label = format!("{label}: {title}");
                    }
                    stack.push(Frame::Callout);
                    emit(&mut out, &format!("> **{label}**"));
                    emit(&mut out, ">");
                }
                "tab" => {
                    let level = (last_heading + 1).clamp(2, 6);
                    emit(&mut out, &format!("{} {}", "#".repeat(level), args.trim()));
                    stack.push(Frame::Plain);
                }
                "filetree" => {
                    stack.push(Frame::FileTree);
                    emit(&mut out, "```text");
                }
                _ => stack.push(Frame::Plain),
            },
            Some(Directive::Close) => {
                if let Some(Frame::FileTree) = stack.pop() {
                    let quote = "> ".repeat(stack.iter().filter(|f| matches!(f, Frame::Callout)).count());
                    out.push_str(&format!("{quote}```\n"));
                }
            }
            Some(Directive::Leaf { name }) if name == "stars" => emit(&mut out, STARS_PLACEHOLDER),
            Some(Directive::Leaf { .. }) => {}
            None => {
                if matches!(stack.last(), Some(Frame::FileTree)) {
                    if !line.trim().is_empty() {
                        emit(&mut out, &tree_line(line));
                    }
                    continue;
                }
                if !code.contains(&index) {
                    let hashes = line.len() - line.trim_start_matches('#').len();
                    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
                        last_heading = hashes;
                    }
                }
                emit(&mut out, line);
            }
        }
    }
    out
}

/// A file tree's list item as a line of the tree: `  - src/` → `  src/`.
fn tree_line(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let item = line.trim_start();
    let name = item.strip_prefix("- ").or_else(|| item.strip_prefix("* ")).unwrap_or(item);
    format!("{}{}", &line[..indent], name.trim_end())
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The Markdown with the stars figure filled in: `text` when it is known.
pub fn fill_stars(markdown: &str, text: &str) -> String {
    markdown.replace(STARS_PLACEHOLDER, text)
}

/// The stars figure as the sentence the Markdown shows.
pub fn stars_sentence(stars: &crate::server::github::model::RepoStars) -> String {
    match stars.stars {
        Some(count) => format!("{} has {count} stars on GitHub.", stars.full_name),
        None => format!("The star count of {} is not available right now.", stars.full_name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_become_plain_markdown() {
        let body = "# Guide\n\nIntro.\n\n## Install\n\n:::tabs key=pm\n:::tab cargo\n```sh\ncargo add leptra\n```\n:::\n:::tab git\nClone it.\n:::\n:::\n\n:::callout warning Careful\nHot *stuff*.\n\n:::callout tip\nNested.\n:::\n:::\n\n:::filetree\n- content/\n  - en/\n    - index.md\n:::\n\n::stars\n";
        let md = page_markdown("Guide", Some("One line."), body);
        assert_eq!(
            md,
            "# Guide\n\nOne line.\n\nIntro.\n\n## Install\n\n### cargo\n```sh\ncargo add leptra\n```\n### git\nClone it.\n\n> **Warning: Careful**\n>\n> Hot *stuff*.\n>\n> > **Tip**\n> >\n> > Nested.\n\n```text\ncontent/\n  en/\n    index.md\n```\n\n\u{E001}stars\u{E001}\n"
        );
        assert!(!md.contains(":::"), "{md}");
    }

    #[test]
    fn directives_inside_code_are_content() {
        let body = "```md\n:::callout\nshown as is\n:::\n```\n";
        assert_eq!(rewrite_components(body), body);
    }

    #[test]
    fn a_page_without_its_own_heading_gets_its_title() {
        assert_eq!(page_markdown("Title", None, "Text.\n"), "# Title\n\nText.\n");
        assert_eq!(page_markdown("Title", None, "\n# Own\n\nText.\n"), "# Title\n\nText.\n");
        assert_eq!(fill_stars(&page_markdown("T", None, "::stars\n"), "42 stars"), "# T\n\n42 stars\n");
    }
}
