//! The `:::` component containers and the `::stars` leaf.
//!
//! A line `:::name args` opens a container and a line of just `:::` closes the
//! innermost one, so same-length fences nest (`:::tabs` holding `:::tab`).
//! Lines are recognised only at the start of a line and outside code and raw
//! HTML blocks. Each directive line is replaced by a marker paragraph with
//! blank lines around it, and the whole page is then parsed by comrak once,
//! so footnotes, link references and lists work across components. The
//! markers are finally folded back into a tree of containers.

use comrak::nodes::{AstNode, NodeValue};

use super::model::{CalloutKind, Card, FileNode};

/// Containers nested deeper than this are ignored (with a problem), so a
/// pathological page cannot exhaust the stack.
const MAX_DEPTH: usize = 16;

/// The private-use character around marker numbers; it never occurs in prose.
const MARK: char = '\u{E000}';

/// What a directive line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `:::name args`.
    Open {
        /// The component name.
        name: String,
        /// Everything after the name, trimmed.
        args: String,
    },
    /// `:::` alone.
    Close,
    /// `::name` alone, a component without content.
    Leaf {
        /// The component name.
        name: String,
    },
}

/// A directive line found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 0-based line in the Markdown body.
    pub line: usize,
    /// What it says.
    pub directive: Directive,
}

/// Reads one line as a directive, if it is one.
pub fn classify(line: &str) -> Option<Directive> {
    let line = line.trim_end();
    let colons = line.len() - line.trim_start_matches(':').len();
    let rest = &line[colons..];
    match colons {
        2 => {
            let name = rest.trim();
            (is_name(name) && rest == name).then(|| Directive::Leaf { name: name.to_owned() })
        }
        c if c >= 3 => {
            let rest = rest.trim_start();
            if rest.is_empty() {
                return Some(Directive::Close);
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let name = &rest[..end];
            is_name(name).then(|| Directive::Open { name: name.to_owned(), args: rest[end..].trim().to_owned() })
        }
        _ => None,
    }
}

/// A component name: a letter, then letters, digits, `-` or `_`.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Finds the directive lines of `body`, skipping lines for which `in_code`
/// (0-based line) is true.
pub fn find(body: &str, in_code: impl Fn(usize) -> bool) -> Vec<Found> {
    body.lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("::"))
        .filter(|(index, _)| !in_code(*index))
        .filter_map(|(line, text)| classify(text).map(|directive| Found { line, directive }))
        .collect()
}

/// Whether any line of `body` could be a directive, to skip the extra work
/// for the many pages without components.
pub fn may_contain_directives(body: &str) -> bool {
    body.lines().any(|line| line.starts_with("::") && classify(line).is_some())
}

/// The body with each directive line replaced by a marker paragraph.
#[derive(Debug)]
pub struct Prepared {
    /// The Markdown to parse.
    pub source: String,
    /// For each line of `source`, the 0-based body line it came from.
    pub line_map: Vec<usize>,
}

/// Replaces directive lines by markers (the index into `found`), with blank
/// lines around them so each is a paragraph of its own.
pub fn prepare(body: &str, found: &[Found]) -> Prepared {
    let mut source = String::with_capacity(body.len() + found.len() * 16);
    let mut line_map = Vec::new();
    let mut next = found.iter().enumerate().peekable();
    for (index, line) in body.lines().enumerate() {
        match next.peek() {
            Some((k, f)) if f.line == index => {
                source.push('\n');
                source.push_str(&marker(*k));
                source.push_str("\n\n");
                line_map.extend([index, index, index]);
                next.next();
            }
            _ => {
                source.push_str(line);
                source.push('\n');
                line_map.push(index);
            }
        }
    }
    Prepared { source, line_map }
}

/// The text of the marker paragraph for directive `index`.
pub fn marker(index: usize) -> String {
    format!("{MARK}{index}{MARK}")
}

/// The directive index if `node` is a marker paragraph.
pub fn marker_index<'a>(node: &'a AstNode<'a>) -> Option<usize> {
    if !matches!(node.data().value, NodeValue::Paragraph) {
        return None;
    }
    let child = node.first_child()?;
    if child.next_sibling().is_some() {
        return None;
    }
    let data = child.data();
    let NodeValue::Text(ref text) = data.value else { return None };
    text.strip_prefix(MARK)?.strip_suffix(MARK)?.parse().ok()
}

/// Part of a page: an ordinary node, or a component with its content.
#[derive(Debug)]
pub enum Tree<T> {
    /// An ordinary Markdown node.
    Node(T),
    /// A `:::name args` container.
    Container {
        /// Its name.
        name: String,
        /// Its arguments.
        args: String,
        /// Its 0-based body line.
        line: usize,
        /// Its content.
        children: Vec<Tree<T>>,
    },
    /// A `::name` leaf.
    Leaf {
        /// Its name.
        name: String,
        /// Its 0-based body line.
        line: usize,
    },
}

/// An item of the flat sequence the tree is built from.
#[derive(Debug)]
pub enum Item<T> {
    /// An ordinary node.
    Node(T),
    /// A directive line, by index into the found list.
    Directive(usize),
}

/// Folds nodes and directive lines into a tree. Problems (0-based body line,
/// message) are reported for stray closers, unclosed containers and too deep
/// nesting; the content is always kept.
pub fn build_tree<T>(items: Vec<Item<T>>, found: &[Found]) -> (Vec<Tree<T>>, Vec<(usize, String)>) {
    struct Open<T> {
        name: String,
        args: String,
        line: usize,
        children: Vec<Tree<T>>,
        ignored: bool,
    }
    let mut problems = Vec::new();
    let mut root: Vec<Tree<T>> = Vec::new();
    let mut stack: Vec<Open<T>> = Vec::new();
    fn push<T>(root: &mut Vec<Tree<T>>, stack: &mut [Open<T>], tree: Tree<T>) {
        match stack.iter_mut().rev().find(|open| !open.ignored) {
            Some(open) => open.children.push(tree),
            None => root.push(tree),
        }
    }
    fn close<T>(root: &mut Vec<Tree<T>>, stack: &mut Vec<Open<T>>) {
        if let Some(open) = stack.pop() {
            if open.ignored {
                return;
            }
            let tree = Tree::Container { name: open.name, args: open.args, line: open.line, children: open.children };
            push(root, stack, tree);
        }
    }
    for item in items {
        let index = match item {
            Item::Node(node) => {
                push(&mut root, &mut stack, Tree::Node(node));
                continue;
            }
            Item::Directive(index) => index,
        };
        let Some(found) = found.get(index) else { continue };
        match &found.directive {
            Directive::Open { name, args } => {
                let ignored = stack.len() >= MAX_DEPTH;
                if ignored {
                    problems.push((found.line, format!("`:::{name}` is nested too deeply (more than {MAX_DEPTH} levels); it is ignored")));
                }
                stack.push(Open { name: name.clone(), args: args.clone(), line: found.line, children: Vec::new(), ignored });
            }
            Directive::Close => {
                if stack.is_empty() {
                    problems.push((found.line, "`:::` closes nothing: there is no open component here".to_owned()));
                } else {
                    close(&mut root, &mut stack);
                }
            }
            Directive::Leaf { name } => push(&mut root, &mut stack, Tree::Leaf { name: name.clone(), line: found.line }),
        }
    }
    while let Some(open) = stack.last() {
        if !open.ignored {
            problems.push((open.line, format!("`:::{}` is never closed: add a line with just `:::` after its content", open.name)));
        }
        close(&mut root, &mut stack);
    }
    (root, problems)
}

/// Reads `:::callout KIND title…`: the kind (default note) and an optional
/// title, or a problem message if the first word is not a kind.
pub fn callout_args(args: &str) -> (CalloutKind, Option<String>, Option<String>) {
    let args = args.trim();
    if args.is_empty() {
        return (CalloutKind::Note, None, None);
    }
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let title = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    match callout_kind(first) {
        Some(kind) => (kind, title(rest), None),
        None => (
            CalloutKind::Note,
            title(args),
            Some(format!("unknown callout kind {first:?} (expected note, tip, important, warning or caution); shown as a note")),
        ),
    }
}

/// A callout kind by its name, case-insensitively.
pub fn callout_kind(name: &str) -> Option<CalloutKind> {
    match name.to_ascii_lowercase().as_str() {
        "note" => Some(CalloutKind::Note),
        "tip" => Some(CalloutKind::Tip),
        "important" => Some(CalloutKind::Important),
        "warning" => Some(CalloutKind::Warning),
        "caution" => Some(CalloutKind::Caution),
        _ => None,
    }
}

/// Reads `:::tabs key=NAME`: the sync key, and problems for other arguments.
pub fn tabs_key(args: &str) -> (Option<String>, Vec<String>) {
    let mut key = None;
    let mut problems = Vec::new();
    for arg in args.split_whitespace() {
        match arg.split_once('=') {
            Some(("key", value)) if !value.trim_matches('"').is_empty() => {
                key = Some(value.trim_matches('"').to_owned());
            }
            _ => problems.push(format!("unknown `:::tabs` argument {arg:?} (expected key=NAME)")),
        }
    }
    (key, problems)
}

/// The plain text of a node and everything in it, whitespace collapsed.
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut raw = String::new();
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
    collapse_whitespace(&raw)
}

/// Single spaces between words, none at the ends.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a `:::cards` list: each item `[Title](href) description`. Returns
/// the cards and, for items of another shape, (node line, message).
pub fn cards<'a>(list: &'a AstNode<'a>) -> (Vec<Card>, Vec<(usize, String)>) {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for item in list.children() {
        let line = item.data().sourcepos.start.line;
        match card(item) {
            Some(card) => cards.push(card),
            None => problems.push((line, "a card must be a list item `[Title](href) description`".to_owned())),
        }
    }
    (cards, problems)
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
        description.push(' ');
        description.push_str(&plain_text(sibling));
    }
    for block in paragraph.following_siblings().skip(1) {
        description.push(' ');
        description.push_str(&plain_text(block));
    }
    Some(Card { title, href, description: collapse_whitespace(&description) })
}

/// Reads a `:::filetree` list: names ending in `/`, or with children, are
/// folders. Nesting deeper than the list allows is not possible, but the
/// depth is still bounded for safety.
pub fn file_tree<'a>(list: &'a AstNode<'a>) -> Vec<FileNode> {
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
                if depth < MAX_DEPTH * 4 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_shape(trees: &[Tree<&str>]) -> String {
        trees
            .iter()
            .map(|t| match t {
                Tree::Node(n) => (*n).to_owned(),
                Tree::Container { name, children, .. } => format!("{name}[{}]", tree_shape(children)),
                Tree::Leaf { name, .. } => format!("::{name}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn directive_lines_are_classified() {
        assert_eq!(classify(":::callout warning Mind the cache"), Some(Directive::Open { name: "callout".into(), args: "warning Mind the cache".into() }));
        assert_eq!(classify(":::  "), Some(Directive::Close));
        assert_eq!(classify("::::"), Some(Directive::Close));
        assert_eq!(classify("::stars"), Some(Directive::Leaf { name: "stars".into() }));
        assert_eq!(classify("::stars now"), None);
        assert_eq!(classify("::: 42"), None);
        assert_eq!(classify("a ::: b"), None);
        assert_eq!(classify(":: stars"), None);
    }

    #[test]
    fn closers_close_the_innermost_container() {
        let found: Vec<Found> = [":::tabs", ":::tab A", ":::", ":::tab B", ":::", ":::"]
            .iter()
            .enumerate()
            .map(|(line, text)| Found { line, directive: classify(text).expect("directive") })
            .collect();
        let items = vec![
            Item::Directive(0),
            Item::Directive(1),
            Item::Node("a"),
            Item::Directive(2),
            Item::Directive(3),
            Item::Node("b"),
            Item::Directive(4),
            Item::Directive(5),
            Item::Node("after"),
        ];
        let (tree, problems) = build_tree(items, &found);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(tree_shape(&tree), "tabs[tab[a] tab[b]] after");
    }

    #[test]
    fn unclosed_and_stray_directives_are_problems_but_keep_content() {
        let found = vec![
            Found { line: 0, directive: Directive::Close },
            Found { line: 4, directive: Directive::Open { name: "steps".into(), args: String::new() } },
        ];
        let items = vec![Item::Directive(0), Item::Node("x"), Item::Directive(1), Item::Node("y")];
        let (tree, problems) = build_tree(items, &found);
        assert_eq!(tree_shape(&tree), "x steps[y]");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].0, 0);
        assert_eq!(problems[1].0, 4);
        assert!(problems[1].1.contains("never closed"));
    }

    #[test]
    fn too_deep_nesting_is_flattened() {
        let mut found = Vec::new();
        let mut items = Vec::new();
        for line in 0..40 {
            found.push(Found { line, directive: Directive::Open { name: "callout".into(), args: String::new() } });
            items.push(Item::Directive(line));
        }
        items.push(Item::Node("deep"));
        let (tree, problems) = build_tree(items, &found);
        assert!(problems.iter().any(|p| p.1.contains("too deeply")));
        assert!(tree_shape(&tree).contains("deep"));
    }

    #[test]
    fn callout_arguments_give_kind_and_title() {
        assert_eq!(callout_args(""), (CalloutKind::Note, None, None));
        assert_eq!(callout_args("warning Mind the cache"), (CalloutKind::Warning, Some("Mind the cache".into()), None));
        let (kind, title, problem) = callout_args("danger Zone");
        assert_eq!((kind, title.as_deref()), (CalloutKind::Note, Some("danger Zone")));
        assert!(problem.is_some());
    }

    #[test]
    fn tabs_take_a_key() {
        assert_eq!(tabs_key("key=mode"), (Some("mode".into()), vec![]));
        let (key, problems) = tabs_key("sync");
        assert_eq!(key, None);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn preparing_surrounds_markers_with_blank_lines_and_maps_lines() {
        let body = "text\n:::steps\n### One\n:::\n";
        let found = find(body, |_| false);
        let prepared = prepare(body, &found);
        assert_eq!(prepared.source, format!("text\n\n{}\n\n### One\n\n{}\n\n", marker(0), marker(1)));
        assert_eq!(prepared.line_map, vec![0, 1, 1, 1, 2, 3, 3, 3]);
    }
}
