//! Dependencies between our modules point one way: no module of `app`,
//! `server` or `testkit` reaches, through its `crate::`, `super::` and
//! `self::` paths, a module that reaches it back.
//!
//! A module using its own parent's or child's items is ordinary Rust (a
//! parent re-exports, a child uses what the parent declares) and is not an
//! edge here; test code is left out. Paths inside macros (`view!`) count.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

type Module = Vec<String>;

/// Every module of the crate whose sources are in `src`, by path, with its file.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut found = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let Some(relative) = path.strip_prefix(src).ok().and_then(|p| p.to_str()) else { continue };
            let Some(stem) = relative.strip_suffix(".rs") else { continue };
            let mut module: Module = stem.split('/').map(str::to_owned).collect();
            if matches!(module.last().map(String::as_str), Some("tests" | "proptests")) {
                continue;
            }
            if module == ["lib"] || module == ["main"] || module.first().is_some_and(|m| m == "bin") {
                module.clear();
            }
            found.insert(module, path);
        }
    }
    found
}

/// The `crate::`/`super::`/`self::` paths of one file, outside test code.
#[derive(Default)]
struct Paths(Vec<Vec<String>>);

impl Paths {
    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(&path.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.use_tree(item, prefix)),
            syn::UseTree::Name(name) => self.push([prefix.clone(), vec![name.ident.to_string()]].concat()),
            syn::UseTree::Rename(rename) => self.push([prefix.clone(), vec![rename.ident.to_string()]].concat()),
            syn::UseTree::Glob(_) => self.push(prefix.clone()),
        }
    }

    fn push(&mut self, segments: Vec<String>) {
        if segments.first().is_some_and(|first| matches!(first.as_str(), "crate" | "super" | "self")) {
            self.0.push(segments);
        }
    }

    /// Paths written inside a macro's tokens: `crate :: a :: b`.
    fn tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            if let TokenTree::Group(group) = &tokens[i] {
                self.tokens(group.stream());
            }
            let mut segments = Vec::new();
            while let Some(TokenTree::Ident(ident)) = tokens.get(i) {
                segments.push(ident.to_string());
                let colons = matches!((tokens.get(i + 1), tokens.get(i + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':');
                if !colons {
                    break;
                }
                i += 3;
            }
            if segments.len() > 1 {
                self.push(segments);
            }
            i += 1;
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr.meta.require_list().is_ok_and(|list| list.tokens.to_string().contains("test"))
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(item) => &item.attrs,
            syn::Item::Fn(item) => &item.attrs,
            syn::Item::Impl(item) => &item.attrs,
            syn::Item::Use(item) => &item.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&item.tree, &mut Vec::new());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.push(path.segments.iter().map(|segment| segment.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

/// The module `segments` (written in `from`) names: the longest known prefix.
fn resolve(from: &Module, segments: &[String], known: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let (mut base, mut rest) = (from.clone(), segments);
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        _ => {
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => drop(base.pop()),
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
    }
    let mut best = known.contains_key(&base).then(|| base.clone());
    for segment in rest {
        base.push(segment.clone());
        if !known.contains_key(&base) {
            break;
        }
        best = Some(base.clone());
    }
    best
}

/// The module graph of the crate in `src`: who uses whom, kin left out.
fn graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules(src);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &known {
        let text = std::fs::read_to_string(file).expect("source file");
        let syntax = syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let mut paths = Paths::default();
        paths.visit_file(&syntax);
        for target in paths.0.iter().filter_map(|segments| resolve(module, segments, &known)) {
            let kin = target.starts_with(module) || module.starts_with(&target);
            if !kin {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// A path of edges from `from` back to `from`, if there is one.
fn cycle_through(from: &Module, edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![from.clone()]];
    while let Some(path) = stack.pop() {
        let last = path.last().expect("a path has a module");
        for next in edges.get(last).into_iter().flatten() {
            if next == from {
                return Some([path.clone(), vec![next.clone()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

fn cycles(crate_dir: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate_dir).join("src");
    let edges = graph(&src);
    assert!(edges.len() > 3 || crate_dir != "app", "the app's module graph was not read: {edges:?}");
    edges
        .keys()
        .filter_map(|module| cycle_through(module, &edges))
        .map(|cycle| cycle.iter().map(|m| format!("{crate_dir}::{}", m.join("::"))).collect::<Vec<_>>().join(" -> "))
        .collect()
}

#[test]
fn no_module_reaches_a_module_that_reaches_it_back() {
    for crate_dir in ["app", "server", "testkit", "frontend"] {
        let found = cycles(crate_dir);
        assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
    }
}

#[test]
fn a_cycle_is_found_where_there_is_one() {
    let known: BTreeMap<Module, PathBuf> =
        [vec![], vec!["a".into()], vec!["b".into()]].into_iter().map(|m| (m, PathBuf::new())).collect();
    let a = vec!["a".to_owned()];
    let b = vec!["b".to_owned()];
    assert_eq!(resolve(&a, &["crate".into(), "b".into(), "Thing".into()], &known), Some(b.clone()));
    assert_eq!(resolve(&a, &["super".into(), "b".into()], &known), Some(b.clone()));
    let edges = BTreeMap::from([(a.clone(), BTreeSet::from([b.clone()])), (b.clone(), BTreeSet::from([a.clone()]))]);
    assert_eq!(cycle_through(&a, &edges), Some(vec![a.clone(), b.clone(), a]));
}
