//! Plain text from Markdown nodes, heading anchors, and short summaries.

use std::collections::{HashMap, HashSet};

use comrak::nodes::{AstNode, NodeValue};

/// Makes heading anchors: lower case, letters and digits of any script kept
/// (and `_`, as GitHub does), spaces to `-`, other punctuation dropped, and
/// repeats numbered `-1`, `-2` like GitHub and mdBook, so links written for
/// those keep working.
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
    counts: HashMap<String, usize>,
}

impl Slugger {
    /// A new, unique anchor for a heading's text.
    pub fn unique(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "section".to_owned();
        }
        let count = self.counts.entry(base.clone()).or_insert(0);
        let mut id = if *count == 0 { base.clone() } else { format!("{base}-{count}") };
        while self.used.contains(&id) {
            *count += 1;
            id = format!("{base}-{count}");
        }
        *count += 1;
        self.used.insert(id.clone());
        id
    }
}

/// The anchor form of a heading's text (without de-duplication).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The plain text of a node and everything in it, whitespace collapsed.
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut raw = String::new();
    raw_text(node, &mut raw);
    collapse_whitespace(&raw)
}

/// Appends the text of a node and everything in it, as written; block
/// boundaries become spaces.
pub(super) fn raw_text<'a>(node: &'a AstNode<'a>, raw: &mut String) {
    for n in node.descendants() {
        let data = n.data();
        match &data.value {
            NodeValue::Text(text) => raw.push_str(text),
            NodeValue::Code(code) => raw.push_str(&code.literal),
            NodeValue::Math(math) => raw.push_str(&math.literal),
            NodeValue::HtmlInline(html) => raw.push_str(html),
            NodeValue::HtmlBlock(html) => {
                raw.push(' ');
                raw.push_str(&html.literal);
            }
            NodeValue::CodeBlock(code) => {
                raw.push(' ');
                raw.push_str(&code.literal);
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => raw.push(' '),
            value if value.block() => raw.push(' '),
            _ => {}
        }
    }
}

/// Single spaces between words, none at the ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut at a word boundary to at most about `max` characters, with `…`.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':'))
}
