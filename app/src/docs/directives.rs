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

use super::model::CalloutKind;

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

/// Something wrong with the directives of a page body, found while
/// folding them into a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeProblem {
    /// The 0-based body line of the directive.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Folds nodes and directive lines into a tree. Problems are reported for
/// stray closers, unclosed containers and too deep nesting; the content is
/// always kept.
pub fn build_tree<T>(items: Vec<Item<T>>, found: &[Found]) -> (Vec<Tree<T>>, Vec<TreeProblem>) {
    let mut builder = TreeBuilder { root: Vec::new(), stack: Vec::new(), problems: Vec::new() };
    for item in items {
        match item {
            Item::Node(node) => builder.push(Tree::Node(node)),
            Item::Directive(index) => {
                if let Some(found) = found.get(index) {
                    builder.directive(found);
                }
            }
        }
    }
    builder.finish()
}

/// A container directive whose closing `:::` has not come yet.
struct Open<T> {
    name: String,
    args: String,
    line: usize,
    children: Vec<Tree<T>>,
    /// Nested too deeply: its content goes to the enclosing container.
    ignored: bool,
}

/// The state of [`build_tree`]: the finished top level, the open containers
/// (innermost last) and the problems so far.
struct TreeBuilder<T> {
    root: Vec<Tree<T>>,
    stack: Vec<Open<T>>,
    problems: Vec<TreeProblem>,
}

impl<T> TreeBuilder<T> {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(TreeProblem { line, message });
    }

    /// Adds `tree` to the innermost open container that is not ignored.
    fn push(&mut self, tree: Tree<T>) {
        match self.stack.iter_mut().rev().find(|open| !open.ignored) {
            Some(open) => open.children.push(tree),
            None => self.root.push(tree),
        }
    }

    /// Closes the innermost open container.
    fn close(&mut self) {
        if let Some(open) = self.stack.pop() {
            if !open.ignored {
                self.push(Tree::Container {
                    name: open.name,
                    args: open.args,
                    line: open.line,
                    children: open.children,
                });
            }
        }
    }

    fn directive(&mut self, found: &Found) {
        match &found.directive {
            Directive::Open { name, args } => {
                let ignored = self.stack.len() >= MAX_DEPTH;
                if ignored {
                    self.problem(
                        found.line,
                        format!("`:::{name}` is nested too deeply (more than {MAX_DEPTH} levels); it is ignored"),
                    );
                }
                let open =
                    Open { name: name.clone(), args: args.clone(), line: found.line, children: Vec::new(), ignored };
                self.stack.push(open);
            }
            Directive::Close if self.stack.is_empty() => {
                self.problem(found.line, "`:::` closes nothing: there is no open component here".to_owned());
            }
            Directive::Close => self.close(),
            Directive::Leaf { name } => self.push(Tree::Leaf { name: name.clone(), line: found.line }),
        }
    }

    /// Closes what is still open, each unclosed container a problem.
    fn finish(mut self) -> (Vec<Tree<T>>, Vec<TreeProblem>) {
        while let Some(open) = self.stack.last() {
            if !open.ignored {
                let message =
                    format!("`:::{}` is never closed: add a line with just `:::` after its content", open.name);
                let line = open.line;
                self.problem(line, message);
            }
            self.close();
        }
        (self.root, self.problems)
    }
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
            Some(format!(
                "unknown callout kind {first:?} (expected note, tip, important, warning or caution); shown as a note"
            )),
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

#[cfg(test)]
mod tests;
