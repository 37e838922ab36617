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
    let mut rewriter = Rewriter { stack: Vec::new(), last_heading: 1, out: String::with_capacity(body.len()) };
    for (index, line) in body.lines().enumerate() {
        match at.get(&index) {
            Some(Directive::Open { name, args }) => rewriter.open(name, args),
            Some(Directive::Close) => rewriter.close(),
            Some(Directive::Leaf { name }) if name == "stars" => rewriter.emit(STARS_PLACEHOLDER),
            Some(Directive::Leaf { .. }) => {}
            None => rewriter.line(line, code.contains(&index)),
        }
    }
    rewriter.out
}

/// The state of [`rewrite_components`]: the components open around the
/// current line, the level of the last heading (a tab becomes a heading one
/// below it), and the Markdown so far.
struct Rewriter {
    stack: Vec<Frame>,
    last_heading: usize,
    out: String,
}

impl Rewriter {
    /// Writes `text` as one line, quoted once per callout it is inside.
    fn emit(&mut self, text: &str) {
        let full = format!("{}{text}", self.quote());
        self.out.push_str(full.trim_end());
        self.out.push('\n');
    }

    /// The blockquote prefix of the callouts open around the current line.
    fn quote(&self) -> String {
        "> ".repeat(self.stack.iter().filter(|f| matches!(f, Frame::Callout)).count())
    }

    /// A component opens: callouts start a blockquote with their label, tabs
    /// a heading, file trees a code block.
    fn open(&mut self, name: &str, args: &str) {
        match name {
            "callout" => {
                let (kind, title, _) = directives::callout_args(args);
                let mut label = capitalised(kind.as_str());
                if let Some(title) = title {
                    label = format!("{label}: {title}");
                }
                // The label is quoted by the callouts around this one only.
                self.emit(&format!("> **{label}**"));
                self.emit(">");
                self.stack.push(Frame::Callout);
            }
            "tab" => {
                let level = (self.last_heading + 1).clamp(2, 6);
                self.emit(&format!("{} {}", "#".repeat(level), args.trim()));
                self.stack.push(Frame::Plain);
            }
            "filetree" => {
                self.stack.push(Frame::FileTree);
                self.emit("```text");
            }
            _ => self.stack.push(Frame::Plain),
        }
    }

    /// A component closes; a file tree ends its code block.
    fn close(&mut self) {
        if let Some(Frame::FileTree) = self.stack.pop() {
            let fence = format!("{}```\n", self.quote());
            self.out.push_str(&fence);
        }
    }

    /// A line of content; `in_code` when it is inside a code block, where
    /// `#` starts no heading.
    fn line(&mut self, line: &str, in_code: bool) {
        if matches!(self.stack.last(), Some(Frame::FileTree)) {
            if !line.trim().is_empty() {
                self.emit(&tree_line(line));
            }
            return;
        }
        if !in_code {
            let hashes = line.len() - line.trim_start_matches('#').len();
            if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
                self.last_heading = hashes;
            }
        }
        self.emit(line);
    }
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
