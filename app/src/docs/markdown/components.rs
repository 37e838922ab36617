//! The `:::` components as blocks: callouts, tabs, cards, steps and file
//! trees, with a problem for anything that does not fit and its content
//! still shown.

use comrak::nodes::{AstNode, NodeValue};

use super::text::{collapse_whitespace, plain_text, raw_text};
use super::Converter;
use crate::docs::directives::{self, Found, Tree};
use crate::docs::model::{Block, CalloutKind, Card, FileNode, Tab};
use crate::docs::problem::TextError;

/// File trees deeper than this are cut, to bound the recursion.
const MAX_TREE_DEPTH: usize = 64;

impl<'a> Converter<'_, 'a> {
    /// The blocks of one `:::name` container.
    pub(super) fn container(
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
                let (cards, malformed) = cards(list);
                for item in malformed {
                    this.problem_at_node(item, "a card must be a list item `[Title](href) description`".to_owned());
                }
                for card in &cards {
                    this.add_text(&format!("{} {}", card.title, card.description));
                }
                Block::Cards(cards)
            }),
            "filetree" => self.list_component(name, line, children, found, depth, |this, list| {
                this.add_text(&plain_text(list));
                Block::FileTree(file_tree(list))
            }),
            "tab" => {
                self.problem_at_body_line(line, "`:::tab` belongs inside `:::tabs`".to_owned());
                self.convert(children, found, depth)
            }
            other => {
                let message =
                    format!("unknown component `:::{other}` (expected callout, tabs, tab, cards, steps or filetree)");
                self.problem_at_body_line(line, message.clone());
                vec![Block::Callout {
                    kind: CalloutKind::Caution,
                    title: Some(message),
                    children: self.convert(children, found, depth),
                }]
            }
        }
    }

    /// `:::tabs` with `:::tab LABEL` sections; anything else inside is a
    /// problem and is shown after the tabs.
    fn tabs(
        &mut self,
        args: &str,
        line: usize,
        children: Vec<Tree<&'a AstNode<'a>>>,
        found: &[Found],
        depth: usize,
    ) -> Vec<Block> {
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
                    tabs.push(Tab { label, children });
                }
                other => {
                    // One problem per group is enough: the rest usually follows
                    // from the same mistake (often a missing `:::`).
                    if stray.is_empty() {
                        let line = match &other {
                            Tree::Node(node) => self.file_line(node.data().sourcepos.start.line),
                            Tree::Container { line, .. } | Tree::Leaf { line, .. } => line + 1 + self.line_offset,
                        };
                        self.out.problems.push(TextError::new(
                            line,
                            1,
                            "only `:::tab` sections belong inside `:::tabs`; this is shown after the tabs",
                        ));
                    }
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
                        self.problem_at_node(
                            node,
                            format!("`:::{name}` holds one Markdown list; this is shown after it"),
                        );
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

/// Reads a `:::cards` list: each item `[Title](href) description`. Returns
/// the cards and the items of another shape.
fn cards<'a>(list: &'a AstNode<'a>) -> (Vec<Card>, Vec<&'a AstNode<'a>>) {
    let mut cards = Vec::new();
    let mut malformed = Vec::new();
    for item in list.children() {
        match card(item) {
            Some(card) => cards.push(card),
            None => malformed.push(item),
        }
    }
    (cards, malformed)
}

fn card<'a>(item: &'a AstNode<'a>) -> Option<Card> {
    let paragraph = item.first_child()?;
    if !matches!(paragraph.data().value, NodeValue::Paragraph) {
        return None;
    }
    let link = paragraph.first_child()?;
    let href = match &link.data().value {
        NodeValue::Link(link) => link.url.clone(),
        _ => return None,
    };
    let title = plain_text(link);
    let mut description = String::new();
    for sibling in link.following_siblings().skip(1) {
        raw_text(sibling, &mut description);
    }
    for block in paragraph.following_siblings().skip(1) {
        raw_text(block, &mut description);
    }
    Some(Card { title, href, description: collapse_whitespace(&description) })
}

/// Reads a `:::filetree` list: names ending in `/`, or with children, are
/// folders (the slash is dropped from the name).
fn file_tree<'a>(list: &'a AstNode<'a>) -> Vec<FileNode> {
    file_nodes(list, 0)
}

fn file_nodes<'a>(list: &'a AstNode<'a>, depth: usize) -> Vec<FileNode> {
    let mut nodes = Vec::new();
    for item in list.children() {
        let mut name = String::new();
        let mut children = Vec::new();
        let mut has_list = false;
        for child in item.children() {
            if matches!(child.data().value, NodeValue::List(_)) {
                has_list = true;
                if depth < MAX_TREE_DEPTH {
                    children.extend(file_nodes(child, depth + 1));
                }
            } else {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(&plain_text(child));
            }
        }
        let name = name.trim();
        if name.is_empty() && children.is_empty() {
            continue;
        }
        let folder = name.ends_with('/') || has_list;
        nodes.push(FileNode { name: name.trim_end_matches('/').to_owned(), folder, children });
    }
    nodes
}
