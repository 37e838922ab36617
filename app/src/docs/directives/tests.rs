//! Tests of `directives`: line classification, nesting and arguments.

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
    assert_eq!(
        classify(":::callout warning Mind the cache"),
        Some(Directive::Open { name: "callout".into(), args: "warning Mind the cache".into() })
    );
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
    assert_eq!(problems[0].line, 0);
    assert_eq!(problems[1].line, 4);
    assert!(problems[1].message.contains("never closed"));
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
    assert!(problems.iter().any(|p| p.message.contains("too deeply")));
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
