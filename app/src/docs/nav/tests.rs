//! Tests of `nav`: ordering, titles, hidden entries, the sidebar,
//! breadcrumbs and previous/next, on folder trees built in code.

use super::*;
use crate::docs::meta::parse_meta;
use crate::locale::Locale;

fn page(slug: &str, title: &str) -> NavPage {
    NavPage { slug: slug.into(), title: title.into(), hidden: false, fallback: false }
}

fn folder(slug: &str, meta: Option<&str>, pages: &[(&str, NavPage)], folders: Vec<(&str, NavFolder)>) -> NavFolder {
    NavFolder {
        slug: slug.into(),
        own_meta: meta.map(|m| parse_meta(m).expect("valid meta")),
        own_meta_path: meta.map(|_| {
            format!("content/en/{}_meta.json", if slug.is_empty() { String::new() } else { format!("{slug}/") })
        }),
        pages: pages.iter().map(|(name, p)| ((*name).to_owned(), p.clone())).collect(),
        folders: folders.into_iter().map(|(name, f)| (name.to_owned(), f)).collect(),
        ..NavFolder::default()
    }
}

/// A site like the real one, plus hidden, unlisted and index-less cases.
fn site() -> NavFolder {
    let guide = folder(
        "guide",
        Some(r#"{ "index": "Overview", "ssr": "Server-side rendering", "caching": "Caching" }"#),
        &[
            ("index", page("guide", "Guide")),
            ("ssr", page("guide/ssr", "SSR")),
            ("caching", page("guide/caching", "Caching page")),
            ("zebra", page("guide/zebra", "Zebra")),
            ("apple", page("guide/apple", "Apple")),
        ],
        vec![],
    );
    let reference = folder(
        "reference",
        None,
        &[("b", page("reference/b", "B")), ("a", page("reference/a", "A"))],
        vec![("deep", folder("reference/deep", None, &[("x", page("reference/deep/x", "X"))], vec![]))],
    );
    let mut secret = page("secret", "Secret");
    secret.hidden = true;
    folder(
        "",
        Some(
            r#"{
  "index": "Introduction",
  "getting-started": "Getting started",
  "--guides": { "type": "separator", "title": "Guides" },
  "guide": "Rendering and data",
  "drafts": { "display": "hidden" },
  "missing": "Nothing here",
  "github": { "title": "GitHub", "href": "https://github.com/leptra-rs/leptra" }
}"#,
        ),
        &[
            ("index", page("", "Home")),
            ("getting-started", page("getting-started", "Start")),
            ("drafts", page("drafts", "Drafts")),
            ("secret", secret),
            ("about", page("about", "About")),
        ],
        vec![("guide", guide), ("reference", reference)],
    )
}

fn titles(items: &[SidebarItem]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            SidebarItem::Page { title, .. } => title.clone(),
            SidebarItem::Folder { title, children: Some(_), .. } => format!("{title}/+"),
            SidebarItem::Folder { title, children: None, .. } => format!("{title}/"),
            SidebarItem::Separator { title } => format!("--{title}"),
            SidebarItem::External { title, .. } => format!("{title}↗"),
        })
        .collect()
}

#[test]
fn meta_order_comes_first_then_unlisted_entries_alphabetically() {
    let mut problems = Vec::new();
    let nodes = build(&site(), &mut problems);
    let items = sidebar(&nodes, "/docs", "/docs");
    assert_eq!(
        titles(&items),
        ["Introduction", "Getting started", "--Guides", "Rendering and data/", "GitHub↗", "About", "reference/"]
    );
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["content/en/_meta.json:7:1: \"missing\" names no page or folder here (no missing.md and no missing/)"]
    );
}

#[test]
fn folders_without_meta_put_index_first_then_sort_by_name() {
    let mut problems = Vec::new();
    let nodes = build(&site(), &mut problems);
    let guide = folder_items(&nodes, "/docs", "/docs/guide").expect("guide folder");
    assert_eq!(titles(&guide), ["Server-side rendering", "Caching", "Apple", "Zebra"]);
    let reference = folder_items(&nodes, "/docs", "/docs/reference").expect("reference folder");
    assert_eq!(titles(&reference), ["A", "B", "deep/"]);
    assert_eq!(folder_items(&nodes, "/docs", "/docs/reference/deep").map(|i| titles(&i)), Some(vec!["X".to_owned()]));
    assert_eq!(folder_items(&nodes, "/docs", "/docs/nowhere"), None);
}

#[test]
fn folders_link_to_their_index_page() {
    let nodes = build(&site(), &mut Vec::new());
    let items = sidebar(&nodes, "/ko/docs", "");
    let guide = items.iter().find(|i| matches!(i, SidebarItem::Folder { title, .. } if title == "Rendering and data"));
    assert_eq!(
        guide,
        Some(&SidebarItem::Folder {
            title: "Rendering and data".into(),
            href: Some("/ko/docs/guide".into()),
            path: "/ko/docs/guide".into(),
            children: None
        })
    );
}

#[test]
fn only_folders_containing_the_route_are_expanded() {
    let nodes = build(&site(), &mut Vec::new());
    let items = sidebar(&nodes, "/docs", "/docs/reference/deep/x");
    assert_eq!(
        titles(&items),
        ["Introduction", "Getting started", "--Guides", "Rendering and data/", "GitHub↗", "About", "reference/+"]
    );
    let Some(SidebarItem::Folder { children: Some(children), .. }) = items.last() else { panic!("{items:?}") };
    assert_eq!(titles(children), ["A", "B", "deep/+"]);
    // A route that merely starts with a folder's name does not open it.
    let items = sidebar(&nodes, "/docs", "/docs/guidebook");
    assert!(items.iter().all(|i| !matches!(i, SidebarItem::Folder { children: Some(_), .. })));
}

#[test]
fn prev_and_next_follow_sidebar_order_across_folders() {
    let nodes = build(&site(), &mut Vec::new());
    let (navs, order) = page_navs(&nodes, "/docs");
    assert_eq!(
        order,
        [
            "",
            "getting-started",
            "guide",
            "guide/ssr",
            "guide/caching",
            "guide/apple",
            "guide/zebra",
            "about",
            "reference/a",
            "reference/b",
            "reference/deep/x"
        ]
    );
    let link = |t: &str, h: &str| Some(NavLink { title: t.into(), href: h.into() });
    assert_eq!(navs["getting-started"].next, link("Overview", "/docs/guide"));
    assert_eq!(navs["guide"].prev, link("Getting started", "/docs/getting-started"));
    assert_eq!(navs["guide/zebra"].next, link("About", "/docs/about"));
    assert_eq!(navs["about"].next, link("A", "/docs/reference/a"));
    assert_eq!(navs[""].prev, None);
    assert_eq!(navs["reference/deep/x"].next, None);
}

#[test]
fn hidden_pages_are_reachable_but_not_listed() {
    let nodes = build(&site(), &mut Vec::new());
    let (navs, order) = page_navs(&nodes, "/docs");
    for slug in ["drafts", "secret"] {
        assert!(!order.iter().any(|s| s == slug), "{slug} in {order:?}");
        let nav = &navs[slug];
        assert_eq!((nav.prev.as_ref(), nav.next.as_ref()), (None, None));
        assert_eq!(nav.breadcrumb.len(), 1);
    }
    let items = sidebar(&nodes, "/docs", "/docs/secret");
    assert!(!titles(&items).iter().any(|t| t == "Drafts" || t == "Secret"));
}

#[test]
fn breadcrumbs_lead_from_the_root_through_each_folder() {
    let nodes = build(&site(), &mut Vec::new());
    let (navs, _) = page_navs(&nodes, "/ko/docs");
    let link = |t: &str, h: &str| NavLink { title: t.into(), href: h.into() };
    assert_eq!(navs[""].breadcrumb, vec![]);
    assert_eq!(navs["guide"].breadcrumb, vec![link("Introduction", "/ko/docs")]);
    assert_eq!(
        navs["guide/ssr"].breadcrumb,
        vec![link("Introduction", "/ko/docs"), link("Rendering and data", "/ko/docs/guide")]
    );
    // Folders without an index link to their first page.
    assert_eq!(
        navs["reference/deep/x"].breadcrumb,
        vec![
            link("Introduction", "/ko/docs"),
            link("reference", "/ko/docs/reference/a"),
            link("deep", "/ko/docs/reference/deep/x")
        ]
    );
}

#[test]
fn titles_follow_meta_then_the_default_locale_for_fallbacks() {
    let mut ko = folder("", Some(r#"{ "index": "소개" }"#), &[("index", page("", "홈"))], vec![]);
    let mut fallback = page("deploying", "Deploying page");
    fallback.fallback = true;
    ko.pages.insert("deploying".into(), fallback);
    ko.pages.insert("native".into(), page("native", "네이티브"));
    ko.default_meta = Some(
        parse_meta(r#"{ "index": "Introduction", "deploying": "Deploying", "native": "Native" }"#).expect("valid"),
    );
    let nodes = build(&ko, &mut Vec::new());
    // ko's own meta orders the folder; unlisted pages follow alphabetically.
    assert_eq!(titles(&sidebar(&nodes, "/ko/docs", "/ko/docs")), ["소개", "Deploying", "네이티브"]);
    // Without its own meta, the default locale's orders it.
    ko.own_meta = None;
    let nodes = build(&ko, &mut Vec::new());
    assert_eq!(titles(&sidebar(&nodes, "/ko/docs", "/ko/docs")), ["홈", "Deploying", "네이티브"]);
    // A broken own meta means default order, not the other locale's.
    ko.own_meta_broken = true;
    let nodes = build(&ko, &mut Vec::new());
    assert_eq!(titles(&sidebar(&nodes, "/ko/docs", "/ko/docs")), ["홈", "Deploying", "네이티브"]);
    let (_, order) = page_navs(&nodes, "/ko/docs");
    assert_eq!(order, ["", "deploying", "native"]);
}

#[test]
fn hidden_folders_hide_everything_inside() {
    let inner = folder("old", None, &[("index", page("old", "Old")), ("a", page("old/a", "A"))], vec![]);
    let root =
        folder("", Some(r#"{ "old": { "display": "hidden" } }"#), &[("index", page("", "Home"))], vec![("old", inner)]);
    let nodes = build(&root, &mut Vec::new());
    assert_eq!(titles(&sidebar(&nodes, "/docs", "/docs/old/a")), ["Home"]);
    let (navs, order) = page_navs(&nodes, "/docs");
    assert_eq!(order, [""]);
    assert!(navs.contains_key("old/a"));
    assert_eq!(folder_items(&nodes, "/docs", "/docs/old"), None);
}

#[test]
fn urls_put_other_locales_in_front_of_docs() {
    use crate::docs::model::{docs_base, docs_route};
    assert_eq!(docs_base(Locale::en), "/docs");
    assert_eq!(docs_base(Locale::ko), "/ko/docs");
    assert_eq!(docs_route(Locale::en, ""), "/docs");
    assert_eq!(docs_route(Locale::ko, "guide/ssr"), "/ko/docs/guide/ssr");
}
