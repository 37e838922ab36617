//! Markdown to blocks: one comrak parse per page, walked once to build the
//! blocks, the table of contents, heading anchors and the search sections.
//!
//! Raw HTML in Markdown is escaped, never rendered; the only markup that
//! reaches pages is what comrak, the highlighter and the math converter
//! generate.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use comrak::nodes::{AlertType, AstNode, NodeValue};
use comrak::{create_formatter, parse_document, Arena, Options};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use super::directives::{self, Found, Item, Tree};
use super::highlight;
use super::model::{Block, CalloutKind, SearchSection, TocEntry};
use super::problem::TextError;

/// Alerts nested deeper than this inside each other are left as plain HTML.
const MAX_ALERT_DEPTH: usize = 8;

/// Descriptions taken from the first paragraph are cut near this many characters.
const DESCRIPTION_CHARS: usize = 160;

/// A page body rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The content.
    pub blocks: Vec<Block>,
    /// Levels 2 and 3, in order.
    pub toc: Vec<TocEntry>,
    /// Text split at level 2 and 3 headings, for search.
    pub sections: Vec<SearchSection>,
    /// The text of the first level-1 heading.
    pub h1: Option<String>,
    /// The first paragraph's text, cut to about 160 characters.
    pub summary: Option<String>,
    /// Problems, at file lines (column 1: directives are whole lines).
    pub problems: Vec<TextError>,
}

/// The comrak options: GitHub Flavored Markdown, alerts, math, and raw HTML
/// escaped.
fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.alerts = true;
    options.extension.math_dollars = true;
    options.render.escape = true;
    options
}

/// The TeX converter, built once. `None` only if its configuration failed,
/// in which case math is shown as source.
static MATH: LazyLock<Option<LatexToMathML>> = LazyLock::new(|| LatexToMathML::new(MathCoreConfig::default()).ok());

/// TeX as MathML, or the escaped source in `<code>` when it cannot be converted.
pub fn math_html(tex: &str, display: bool) -> String {
    let mode = if display { MathDisplay::Block } else { MathDisplay::Inline };
    let converted = MATH.as_ref().and_then(|math| math.convert_with_local_state(tex.trim(), mode).ok());
    match converted {
        // A wide formula scrolls sideways in a focusable box, so keyboards can scroll it (a
        // `<math>` cannot take focus itself); a span, as display math sits in a paragraph.
        Some(result) if display => format!("<span class=\"math-scroll\" tabindex=\"0\">{}</span>", result.mathml),
        Some(result) => result.mathml,
        None => format!("<code class=\"math math-error\">{}</code>", html_escape::encode_quoted_attribute(tex)),
    }
}

create_formatter!(DocsHtml, {
    NodeValue::HtmlBlock(ref block) => |context, entering| {
        if entering {
            context.write_str("<p class=\"raw-html\">")?;
            context.escape(block.literal.trim_end())?;
            context.write_str("</p>\n")?;
        }
    },
    // A task's checkbox is read-only and needs a name of its own; its text follows it.
    NodeValue::TaskItem(ref task) => |context, entering| {
        if entering {
            context.write_str("<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\"")?;
            if task.symbol.is_some() {
                context.write_str(" checked=\"\"")?;
            }
            context.write_str(" disabled=\"\" aria-label=\"Task\" /> ")?;
        } else {
            context.write_str("</li>\n")?;
        }
    },
    NodeValue::Math(ref math) => |context, entering| {
        if entering {
            context.write_str(&math_html(&math.literal, math.display_math))?;
        }
    },
    NodeValue::CodeBlock(ref code) => |context, entering| {
        if entering {
            let block = highlight::code_block(&code.info, &code.literal);
            context.write_str("<pre class=\"code-block hl-code\"><code>")?;
            context.write_str(&block.lines.join("\n"))?;
            context.write_str("</code></pre>\n")?;
        }
    },
});

/// A node as HTML, with math, nested code blocks and raw HTML blocks (as
/// escaped text in a paragraph) rendered our way.
fn node_html<'a>(node: &'a AstNode<'a>, options: &Options) -> String {
    let mut html = String::new();
    if DocsHtml::format_document(node, options, &mut html).is_err() {
        html.clear();
    }
    scrollable_tables(&html)
}

/// Wraps each table in a box that scrolls sideways on narrow screens, so the
/// table itself keeps its table semantics (a `display: block` table loses
/// them). The box can take focus, so keyboards can scroll it too. Text that
/// reads `<table>` is escaped by then, so only real tables match.
fn scrollable_tables(html: &str) -> String {
    if !html.contains("<table>") {
        return html.to_owned();
    }
    html.replace("<table>", "<div class=\"table-scroll\" tabindex=\"0\"><table>").replace("</table>", "</table></div>")
}

/// Renders a page's Markdown body. `line_offset` is the number of file lines
/// before the body (the front matter), so problems point at file lines.
pub fn render(body: &str, line_offset: usize) -> Rendered {
    let options = options();
    let found = if directives::may_contain_directives(body) {
        let excluded = code_lines(body, &options);
        directives::find(body, |line| excluded.contains(&line))
    } else {
        Vec::new()
    };
    let prepared = directives::prepare(body, &found);
    let arena = Arena::new();
    let root = parse_document(&arena, &prepared.source, &options);

    let items = root
        .children()
        .map(|node| match directives::marker_index(node) {
            Some(index) => Item::Directive(index),
            None => Item::Node(node),
        })
        .collect();
    let (tree, tree_problems) = directives::build_tree(items, &found);

    let mut converter = Converter {
        options: &options,
        line_map: &prepared.line_map,
        line_offset,
        slugs: Slugger::default(),
        out: Rendered::default(),
        footnotes: Vec::new(),
    };
    for problem in tree_problems {
        converter.problem_at_body_line(problem.line, problem.message);
    }
    let mut blocks = converter.convert(tree, &found, 0);
    if !converter.footnotes.is_empty() {
        let section = arena.alloc(AstNode::from(NodeValue::Document));
        for node in converter.footnotes.drain(..) {
            node.detach();
            section.append(node);
        }
        converter.add_text(&plain_text(section));
        blocks.push(Block::Html(node_html(section, &options)));
    }
    let mut out = converter.out;
    out.blocks = blocks;
    out.sections.retain(|s| s.anchor.is_some() || !s.text.is_empty());
    out.problems.sort_by_key(|p| p.line);
    out
}

/// The directive lines of `body` and the 0-based lines inside its code and
/// raw HTML blocks, as [`render`] finds them (the Markdown export reads the
/// same lines the renderer does).
pub fn directive_lines(body: &str) -> (Vec<Found>, HashSet<usize>) {
    let options = options();
    if !directives::may_contain_directives(body) && !body.contains("```") && !body.contains("~~~") {
        return (Vec::new(), HashSet::new());
    }
    let excluded = code_lines(body, &options);
    let found = directives::find(body, |line| excluded.contains(&line));
    (found, excluded)
}

/// The 0-based body lines inside code blocks and raw HTML blocks, where `:::`
/// is content rather than a directive.
fn code_lines(body: &str, options: &Options) -> HashSet<usize> {
    let arena = Arena::new();
    let root = parse_document(&arena, body, options);
    let mut lines = HashSet::new();
    for node in root.descendants() {
        let data = node.data();
        if matches!(data.value, NodeValue::CodeBlock(_) | NodeValue::HtmlBlock(_)) {
            let (start, end) = (data.sourcepos.start.line, data.sourcepos.end.line);
            lines.extend(start.saturating_sub(1)..end.max(start));
        }
    }
    lines
}

/// Walks the tree once, building blocks, anchors, the TOC and search text.
struct Converter<'o, 'a> {
    options: &'o Options<'static>,
    line_map: &'o [usize],
    line_offset: usize,
    slugs: Slugger,
    out: Rendered,
    footnotes: Vec<&'a AstNode<'a>>,
}

impl<'o, 'a> Converter<'o, 'a> {
    /// The file line of a line of the prepared source.
    fn file_line(&self, source_line: usize) -> usize {
        let body_line = self.line_map.get(source_line.saturating_sub(1)).copied().unwrap_or(0);
        body_line + 1 + self.line_offset
    }

    fn problem_at_body_line(&mut self, body_line: usize, message: String) {
        self.out.problems.push(TextError::new(body_line + 1 + self.line_offset, 1, message));
    }

    fn problem_at_node(&mut self, node: &'a AstNode<'a>, message: String) {
        let line = self.file_line(node.data().sourcepos.start.line);
        self.out.problems.push(TextError::new(line, 1, message));
    }

    /// Appends text to the current search section.
    fn add_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.out.sections.is_empty() {
            self.out.sections.push(SearchSection { anchor: None, heading: String::new(), text: String::new() });
        }
        if let Some(section) = self.out.sections.last_mut() {
            if !section.text.is_empty() {
                section.text.push(' ');
            }
            section.text.push_str(text);
        }
    }

    /// Converts a list of tree items, merging runs of ordinary nodes into one
    /// HTML block.
    fn convert(&mut self, trees: Vec<Tree<&'a AstNode<'a>>>, found: &[Found], depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut run = String::new();
        let flush = |run: &mut String, blocks: &mut Vec<Block>| {
            if !run.is_empty() {
                blocks.push(Block::Html(std::mem::take(run)));
            }
        };
        for tree in trees {
            match tree {
                Tree::Node(node) => {
                    if let Some(block) = self.special_node(node, found, depth) {
                        flush(&mut run, &mut blocks);
                        blocks.extend(block);
                    } else {
                        run.push_str(&node_html(node, self.options));
                    }
                }
                Tree::Container { name, args, line, children } => {
                    flush(&mut run, &mut blocks);
                    blocks.extend(self.container(&name, &args, line, children, found, depth));
                }
                Tree::Leaf { name, line } => {
                    if name == "stars" {
                        flush(&mut run, &mut blocks);
                        blocks.push(Block::Stars);
                    } else {
                        self.problem_at_body_line(
                            line,
                            format!("unknown component `::{name}` (the only one is `::stars`)"),
                        );
                        run.push_str(&format!("<p>::{}</p>\n", html_escape::encode_quoted_attribute(&name)));
                    }
                }
            }
        }
        flush(&mut run, &mut blocks);
        blocks
    }

    /// Blocks for nodes that are not plain prose: headings, code blocks,
    /// alerts and footnote definitions. `None` for prose, which joins the run.
    fn special_node(&mut self, node: &'a AstNode<'a>, found: &[Found], depth: usize) -> Option<Vec<Block>> {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(heading) => Some(vec![self.heading(node, heading.level)]),
            NodeValue::CodeBlock(code) => {
                self.add_text(code.literal.trim());
                Some(vec![Block::Code(highlight::code_block(&code.info, &code.literal))])
            }
            NodeValue::Alert(alert) if depth < MAX_ALERT_DEPTH => {
                let children = node.children().map(Tree::Node).collect();
                let children = self.convert(children, found, depth + 1);
                Some(vec![Block::Callout { kind: alert_kind(alert.alert_type), title: alert.title.clone(), children }])
            }
            NodeValue::FootnoteDefinition(_) => {
                self.footnotes.push(node);
                Some(Vec::new())
            }
            NodeValue::Paragraph => {
                let text = plain_text(node);
                if self.out.summary.is_none() && !text.is_empty() {
                    self.out.summary = Some(truncate_words(&text, DESCRIPTION_CHARS));
                }
                self.add_text(&text);
                None
            }
            _ => {
                self.add_text(&plain_text(node));
                None
            }
        }
    }

    /// A heading block with its unique anchor; levels 2 and 3 also start a
    /// TOC entry and a search section.
    fn heading(&mut self, node: &'a AstNode<'a>, level: u8) -> Block {
        let text = plain_text(node);
        let id = self.slugs.unique(&text);
        let html = heading_inner_html(&node_html(node, self.options), level);
        if level == 1 && self.out.h1.is_none() {
            self.out.h1 = Some(text.clone());
        }
        if level == 2 || level == 3 {
            self.out.toc.push(TocEntry { level, id: id.clone(), text: text.clone() });
            self.out.sections.push(SearchSection { anchor: Some(id.clone()), heading: text, text: String::new() });
        } else if level > 3 {
            self.add_text(&text);
        }
        Block::Heading { level, id, html }
    }
}

/// The callout kind of a GitHub alert.
fn alert_kind(alert: AlertType) -> CalloutKind {
    match alert {
        AlertType::Note => CalloutKind::Note,
        AlertType::Tip => CalloutKind::Tip,
        AlertType::Important => CalloutKind::Important,
        AlertType::Warning => CalloutKind::Warning,
        AlertType::Caution => CalloutKind::Caution,
    }
}

/// `<h2>inner</h2>\n` → `inner`.
fn heading_inner_html(html: &str, level: u8) -> String {
    let html = html.trim_end();
    let open = html.find('>').map_or(0, |i| i + 1);
    let close_tag = format!("</h{level}>");
    let close = html.rfind(&close_tag).unwrap_or(html.len());
    html.get(open..close).unwrap_or_default().to_owned()
}

mod components;
mod text;

pub use text::{plain_text, slugify, truncate_words, Slugger};

#[cfg(test)]
mod tests;
