//! Markdown to blocks: one comrak parse per page, walked once to build the
//! blocks, the table of contents, heading anchors and the search sections.
//!
//! Raw HTML in Markdown is escaped, never rendered; the only markup that
//! reaches pages is what comrak, the highlighter and the math converter
//! generate.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::LazyLock;

use comrak::nodes::{AlertType, AstNode, NodeValue};
use comrak::{create_formatter, parse_document, Arena, Options};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use super::directives::{self, Found, Item, Tree};
use super::highlight;
use super::model::{Block, CalloutKind, TocEntry};
use super::store::SearchSection;

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
    /// Problems as (1-based file line, message).
    pub problems: Vec<(usize, String)>,
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
        Some(result) => result.mathml,
        None => format!("<code class=\"math math-error\">{}</code>", highlight::escape_html(tex)),
    }
}

create_formatter!(DocsHtml, {
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

/// A node as HTML, with math and nested code blocks rendered our way.
fn node_html<'a>(node: &'a AstNode<'a>, options: &Options) -> String {
    let mut html = String::new();
    if DocsHtml::format_document(node, options, &mut html).is_err() {
        html.clear();
    }
    html
}

/// Makes heading anchors: lower case, letters and digits of any script kept,
/// spaces to `-`, other punctuation dropped, and repeats numbered `-1`, `-2`.
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
    for (line, message) in tree_problems {
        converter.problem_at_body_line(line, message);
    }
    let mut blocks = converter.convert(tree, &found, 0);
    if !converter.footnotes.is_empty() {
        let section = arena.alloc(AstNode::from(NodeValue::Document));
        for node in converter.footnotes.drain(..) {
            node.detach();
            section.append(node);
        }
        converter.add_text(&directives::plain_text(section));
        blocks.push(Block::Html(node_html(section, &options)));
    }
    let mut out = converter.out;
    out.blocks = blocks;
    out.sections.retain(|s| s.anchor.is_some() || !s.text.is_empty());
    out.problems.sort_by_key(|p| p.0);
    out
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
        self.out.problems.push((body_line + 1 + self.line_offset, message));
    }

    fn problem_at_node(&mut self, node: &'a AstNode<'a>, message: String) {
        let line = self.file_line(node.data().sourcepos.start.line);
        self.out.problems.push((line, message));
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
                        self.problem_at_body_line(line, format!("unknown component `::{name}` (the only one is `::stars`)"));
                        run.push_str(&format!("<p>::{}</p>\n", highlight::escape_html(&name)));
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
                let text = directives::plain_text(node);
                if self.out.summary.is_none() && !text.is_empty() {
                    self.out.summary = Some(truncate_words(&text, DESCRIPTION_CHARS));
                }
                self.add_text(&text);
                None
            }
            _ => {
                self.add_text(&directives::plain_text(node));
                None
            }
        }
    }

    /// A heading block with its unique anchor; levels 2 and 3 also start a
    /// TOC entry and a search section.
    fn heading(&mut self, node: &'a AstNode<'a>, level: u8) -> Block {
        let text = directives::plain_text(node);
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

    /// The blocks of one `:::name` container.
    fn container(
        &mut self,
        name: &str,
        args: &str,
        line: usize,
        children: Vec<Tree<&'a AstNode<'a>>>,
        found: &[Found],
        depth: usize,
    ) -> Vec<Block> {
        match name {
            "callout" => {
                let (kind, title, problem) = directives::callout_args(args);
                if let Some(problem) = problem {
                    self.problem_at_body_line(line, problem);
                }
                if let Some(title) = &title {
                    self.add_text(title);
                }
                vec![Block::Callout { kind, title, children: self.convert(children, found, depth) }]
            }
            "steps" => vec![Block::Steps(self.convert(children, found, depth))],
            "tabs" => self.tabs(args, line, children, found, depth),
            "cards" => self.list_component(name, line, children, found, depth, |this, list| {
                let (cards, problems) = directives::cards(list);
                for (source_line, message) in problems {
                    let line = this.file_line(source_line);
                    this.out.problems.push((line, message));
                }
                for card in &cards {
                    this.add_text(&format!("{} {}", card.title, card.description));
                }
                Block::Cards(cards)
            }),
            "filetree" => self.list_component(name, line, children, found, depth, |this, list| {
                this.add_text(&directives::plain_text(list));
                Block::FileTree(directives::file_tree(list))
            }),
            "tab" => {
                self.problem_at_body_line(line, "`:::tab` belongs inside `:::tabs`".to_owned());
                self.convert(children, found, depth)
            }
            other => {
                let message = format!("unknown component `:::{other}` (expected callout, tabs, tab, cards, steps or filetree)");
                self.problem_at_body_line(line, message.clone());
                vec![Block::Callout { kind: CalloutKind::Caution, title: Some(message), children: self.convert(children, found, depth) }]
            }
        }
    }

    /// `:::tabs` with `:::tab LABEL` sections; anything else inside is a
    /// problem and is shown after the tabs.
    fn tabs(&mut self, args: &str, line: usize, children: Vec<Tree<&'a AstNode<'a>>>, found: &[Found], depth: usize) -> Vec<Block> {
        let (key, problems) = directives::tabs_key(args);
        for problem in problems {
            self.problem_at_body_line(line, problem);
        }
        let mut tabs = Vec::new();
        let mut stray = Vec::new();
        for child in children {
            match child {
                Tree::Container { name, args, line, children } if name == "tab" => {
                    let mut label = args.trim().to_owned();
                    if label.is_empty() {
                        self.problem_at_body_line(line, "`:::tab` needs a label, e.g. `:::tab Release`".to_owned());
                        label = format!("Tab {}", tabs.len() + 1);
                    }
                    self.add_text(&label);
                    let children = self.convert(children, found, depth);
                    tabs.push(super::model::Tab { label, children });
                }
                other => {
                    let line = match &other {
                        Tree::Node(node) => self.file_line(node.data().sourcepos.start.line),
                        Tree::Container { line, .. } | Tree::Leaf { line, .. } => line + 1 + self.line_offset,
                    };
                    self.out.problems.push((line, "only `:::tab` sections belong inside `:::tabs`; this is shown after the tabs".to_owned()));
                    stray.push(other);
                }
            }
        }
        if tabs.is_empty() {
            self.problem_at_body_line(line, "`:::tabs` has no `:::tab` sections".to_owned());
        }
        let mut blocks = vec![Block::Tabs { key, tabs }];
        blocks.extend(self.convert(stray, found, depth));
        blocks
    }

    /// A component made of one Markdown list (`cards`, `filetree`); other
    /// content is a problem and is shown after it.
    fn list_component(
        &mut self,
        name: &str,
        line: usize,
        children: Vec<Tree<&'a AstNode<'a>>>,
        found: &[Found],
        depth: usize,
        build: impl Fn(&mut Self, &'a AstNode<'a>) -> Block,
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut stray = Vec::new();
        for child in children {
            match child {
                Tree::Node(node) if blocks.is_empty() && matches!(node.data().value, NodeValue::List(_)) => {
                    blocks.push(build(self, node));
                }
                other => {
                    if let Tree::Node(node) = &other {
                        self.problem_at_node(node, format!("`:::{name}` holds one Markdown list; this is shown after it"));
                    } else {
                        self.problem_at_body_line(line, format!("`:::{name}` holds one Markdown list, not components"));
                    }
                    stray.push(other);
                }
            }
        }
        if blocks.is_empty() {
            self.problem_at_body_line(line, format!("`:::{name}` has no Markdown list"));
        }
        blocks.extend(self.convert(stray, found, depth));
        blocks
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

#[cfg(test)]
mod tests;
