//! The sidebar, breadcrumbs and previous/next links, computed from the
//! folder tree and its `_meta.json` files.
//!
//! Pure functions over plain data, so every ordering rule is testable without
//! files: [`build`] resolves order and titles into a [`NavNode`] tree, and the
//! other functions read that tree.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::meta::is_external;
use super::meta::{Meta, MetaKind};
use super::model::{route_in, route_is_within, NavLink, NavbarItem, NavbarLink, SidebarItem};
use super::problem::Problem;

/// A page as the sidebar sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPage {
    /// Its slug, e.g. `guide/ssr`; a folder's index has the folder's slug.
    pub slug: String,
    /// Its own title: front matter `sidebar_title`, else `title`, else first
    /// heading, else file name.
    pub title: String,
    /// Front matter `hidden: true`.
    pub hidden: bool,
    /// Shown from the default locale because this locale lacks it.
    pub fallback: bool,
}

/// A folder with everything needed to order it.
#[derive(Debug, Clone, Default)]
pub struct NavFolder {
    /// Its slug (`""` for the root, `guide` for `guide/`).
    pub slug: String,
    /// This locale's `_meta.json`, if it parsed.
    pub own_meta: Option<Meta>,
    /// Where `own_meta` came from, for problems; `None` when not reported.
    pub own_meta_path: Option<String>,
    /// Whether this locale has a `_meta.json` here that failed to parse (the
    /// folder then uses the default order).
    pub own_meta_broken: bool,
    /// The default locale's `_meta.json`, for folders of other locales: it
    /// orders the folder when this locale has none, and titles fallback pages.
    pub default_meta: Option<Meta>,
    /// Pages by file stem.
    pub pages: BTreeMap<String, NavPage>,
    /// Subfolders by name.
    pub folders: BTreeMap<String, NavFolder>,
    /// The folder exists only in the default locale.
    pub fallback: bool,
}

/// A page entry with its resolved sidebar title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavEntry {
    /// Its slug.
    pub slug: String,
    /// Its sidebar title.
    pub title: String,
    /// Left out of the sidebar and prev/next.
    pub hidden: bool,
}

/// One entry of the resolved navigation tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavNode {
    /// A page.
    Page(NavEntry),
    /// A folder, with its index page pulled out of its children.
    Folder {
        /// Its slug.
        slug: String,
        /// Its title.
        title: String,
        /// Left out of the sidebar and prev/next, with everything inside.
        hidden: bool,
        /// Its `index.md`.
        index: Option<NavEntry>,
        /// Its other entries, in order.
        children: Vec<NavNode>,
    },
    /// A sidebar section title.
    Separator {
        /// The label.
        title: String,
    },
    /// A link to another site.
    External {
        /// The label.
        title: String,
        /// The URL.
        href: String,
    },
}

/// Resolves the root folder into the navigation tree.
///
/// Each folder lists its `_meta.json` entries in key order, then everything
/// the file does not list: `index` first, the rest alphabetically
/// (case-insensitive), so a new page shows up before anyone orders it. Keys
/// that name nothing are reported as `path:line:1: …` problems.
pub fn build(root: &NavFolder, problems: &mut Vec<Problem>) -> Vec<NavNode> {
    let mut builder = Builder { problems };
    builder.children(root, false).0
}

struct Builder<'p> {
    problems: &'p mut Vec<Problem>,
}

impl Builder<'_> {
    /// A folder's entries in order, and its index page when `extract_index`
    /// (subfolders show their index as the folder's link; the root lists it
    /// as a page where `_meta.json` puts it).
    fn children(&mut self, folder: &NavFolder, extract_index: bool) -> (Vec<NavNode>, Option<NavEntry>) {
        let mut used: HashSet<&str> = HashSet::new();
        let mut slots = self.listed_slots(folder, &mut used);
        slots.extend(unlisted_slots(folder, &used));
        let mut nodes = Vec::new();
        let mut index = None;
        for slot in slots {
            match slot {
                Slot::Separator(title) => nodes.push(NavNode::Separator { title }),
                Slot::External(title, href) => nodes.push(NavNode::External { title, href }),
                Slot::Name(name, hidden) => {
                    if let Some(sub) = folder.folders.get(&name) {
                        nodes.extend(self.folder_node(folder, &name, sub, hidden));
                    } else if let Some(page) = folder.pages.get(&name) {
                        let entry = NavEntry {
                            slug: page.slug.clone(),
                            title: entry_title(folder, &name, page.fallback, &page.title),
                            hidden: hidden || page.hidden,
                        };
                        if name == "index" && extract_index {
                            index = Some(entry);
                        } else {
                            nodes.push(NavNode::Page(entry));
                        }
                    }
                }
            }
        }
        (nodes, index)
    }

    /// The entries the folder's `_meta.json` lists (its own, else the
    /// default locale's unless its own is broken), in its order; the names
    /// used go into `used`. Keys that name nothing in the folder are problems.
    fn listed_slots<'f>(&mut self, folder: &'f NavFolder, used: &mut HashSet<&'f str>) -> Vec<Slot> {
        let order_meta = match (&folder.own_meta, folder.own_meta_broken) {
            (Some(meta), _) => Some(meta),
            (None, false) => folder.default_meta.as_ref(),
            (None, true) => None,
        };
        let mut slots = Vec::new();
        for entry in order_meta.iter().flat_map(|meta| &meta.entries) {
            match &entry.kind {
                MetaKind::Separator if !entry.hidden => {
                    slots.push(Slot::Separator(entry.title.clone().unwrap_or_default()))
                }
                MetaKind::External(href) if !entry.hidden && !entry.tab => {
                    let title = entry.title.clone().unwrap_or_else(|| entry.key.clone());
                    slots.push(Slot::External(title, href.clone()));
                }
                // Hidden entries, and navbar entries (links with `"type": "page"`, menus).
                MetaKind::Separator | MetaKind::External(_) | MetaKind::Menu(_) => {}
                MetaKind::Page => {
                    let key = entry.key.as_str();
                    if folder.folders.contains_key(key) || folder.pages.contains_key(key) {
                        if used.insert(key) {
                            slots.push(Slot::Name(key.to_owned(), entry.hidden));
                        }
                    } else if let (Some(path), true) = (&folder.own_meta_path, folder.own_meta.is_some()) {
                        self.problems.push(Problem {
                            path: path.clone(),
                            line: entry.line,
                            column: 1,
                            message: format!("{key:?} names no page or folder here (no {key}.md and no {key}/)"),
                        });
                    }
                }
            }
        }
        slots
    }

    /// A subfolder's node; its index is its `index.md`, or a page file of the
    /// same name beside the folder. `None` for folders with no pages at all.
    fn folder_node(&mut self, parent: &NavFolder, name: &str, sub: &NavFolder, hidden: bool) -> Option<NavNode> {
        let (children, mut index) = self.children(sub, true);
        let sibling_page = parent.pages.get(name);
        if index.is_none() {
            index = sibling_page.map(|page| NavEntry {
                slug: page.slug.clone(),
                title: page.title.clone(),
                hidden: page.hidden,
            });
        }
        if children.is_empty() && index.is_none() {
            return None;
        }
        let fallback_title = index.as_ref().map_or_else(|| name.to_owned(), |i| i.title.clone());
        let title = entry_title(parent, name, sub.fallback, &fallback_title);
        Some(NavNode::Folder { slug: sub.slug.clone(), title, hidden, index, children })
    }
}

/// A place in a folder's order before it is resolved.
enum Slot {
    Name(String, bool),
    Separator(String),
    External(String, String),
}

/// The pages and subfolders of `folder` that its `_meta.json` does not
/// list: `index` first, the rest alphabetically (case-insensitive).
fn unlisted_slots(folder: &NavFolder, used: &HashSet<&str>) -> Vec<Slot> {
    let mut unlisted: Vec<&str> = folder
        .pages
        .keys()
        .chain(folder.folders.keys())
        .map(String::as_str)
        .filter(|name| !used.contains(name))
        .collect();
    unlisted.sort_by(|a, b| (*a != "index", a.to_lowercase(), *a).cmp(&(*b != "index", b.to_lowercase(), *b)));
    unlisted.dedup();
    unlisted.into_iter().map(|name| Slot::Name(name.to_owned(), false)).collect()
}

/// A title by precedence: this locale's `_meta.json`, then (for fallback
/// entries) the default locale's, then the entry's own title.
fn entry_title(folder: &NavFolder, key: &str, fallback: bool, own: &str) -> String {
    folder
        .own_meta
        .as_ref()
        .and_then(|meta| meta.title(key))
        .or_else(|| fallback.then(|| folder.default_meta.as_ref().and_then(|meta| meta.title(key))).flatten())
        .unwrap_or(own)
        .to_owned()
}

/// The sidebar entries of `nodes`: folders containing `route` are expanded,
/// recursively; the others are collapsed (`children: None`).
pub fn sidebar(nodes: &[NavNode], base: &str, route: &str) -> Vec<SidebarItem> {
    nodes
        .iter()
        .filter_map(|node| match node {
            NavNode::Page(page) if !page.hidden => {
                Some(SidebarItem::Page { title: page.title.clone(), href: route_in(base, &page.slug) })
            }
            NavNode::Page(_) => None,
            NavNode::Folder { hidden: true, .. } => None,
            NavNode::Folder { slug, title, index, children, .. } => {
                let path = route_in(base, slug);
                let expanded = route_is_within(route, &path).then(|| sidebar(children, base, route));
                let href = index.as_ref().filter(|i| !i.hidden).map(|i| route_in(base, &i.slug));
                Some(SidebarItem::Folder { title: title.clone(), href, path, children: expanded })
            }
            NavNode::Separator { title } => Some(SidebarItem::Separator { title: title.clone() }),
            NavNode::External { title, href } => {
                Some(SidebarItem::External { title: title.clone(), href: href.clone() })
            }
        })
        .collect()
}

/// The slug of a page or folder node.
pub fn node_slug(node: &NavNode) -> Option<&str> {
    match node {
        NavNode::Page(page) => Some(&page.slug),
        NavNode::Folder { slug, .. } => Some(slug),
        NavNode::Separator { .. } | NavNode::External { .. } => None,
    }
}

/// The sidebar of the navbar tab `tab` (a top-level folder): its index page
/// first, then its entries; `None` when `tab` is not a folder.
pub fn tab_sidebar(nodes: &[NavNode], base: &str, tab: &str, route: &str) -> Option<Vec<SidebarItem>> {
    nodes.iter().find_map(|node| match node {
        NavNode::Folder { slug, title, index, children, .. } if slug == tab => {
            let mut items = Vec::new();
            if let Some(index) = index.as_ref().filter(|i| !i.hidden) {
                items.push(SidebarItem::Page { title: title.clone(), href: route_in(base, &index.slug) });
            }
            items.extend(sidebar(children, base, route));
            Some(items)
        }
        _ => None,
    })
}

/// The navbar entries of the root `_meta.json`, in its order, and the slugs
/// of the tabs among them: `"type": "page"` on a folder or page makes a tab,
/// with an `href` a link; `"type": "menu"` a drop-down.
pub fn navbar(nodes: &[NavNode], root_meta: Option<&Meta>, base: &str) -> (Vec<NavbarItem>, Vec<String>) {
    let mut items = Vec::new();
    let mut tabs = Vec::new();
    let Some(meta) = root_meta else { return (items, tabs) };
    for entry in meta.entries.iter().filter(|e| !e.hidden) {
        match &entry.kind {
            MetaKind::Menu(links) => {
                let title = entry.title.clone().unwrap_or_else(|| entry.key.clone());
                items.push(NavbarItem::Menu { title, items: links.clone() });
            }
            MetaKind::External(href) if entry.tab => items.push(NavbarItem::Link(NavbarLink {
                title: entry.title.clone().unwrap_or_else(|| entry.key.clone()),
                href: href.clone(),
                external: is_external(href),
            })),
            MetaKind::Page if entry.tab => {
                let node = nodes.iter().find(|node| node_slug(node) == Some(entry.key.as_str()));
                let (title, href) = match node {
                    Some(NavNode::Page(page)) => (page.title.clone(), route_in(base, &page.slug)),
                    Some(NavNode::Folder { title, index, children, .. }) => {
                        let slug = index.as_ref().map(|i| i.slug.clone()).or_else(|| first_visible(children));
                        match slug {
                            Some(slug) => (title.clone(), route_in(base, &slug)),
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                tabs.push(entry.key.clone());
                items.push(NavbarItem::Link(NavbarLink { title, href, external: false }));
            }
            _ => {}
        }
    }
    (items, tabs)
}

/// The entries of the folder at `path` (e.g. `/docs/guide`), subfolders
/// collapsed; `None` if no visible folder has that path.
pub fn folder_items(nodes: &[NavNode], base: &str, path: &str) -> Option<Vec<SidebarItem>> {
    for node in nodes {
        if let NavNode::Folder { slug, hidden: false, children, .. } = node {
            let folder_path = route_in(base, slug);
            if folder_path == path {
                return Some(sidebar(children, base, ""));
            }
            if route_is_within(path, &folder_path) {
                return folder_items(children, base, path);
            }
        }
    }
    None
}

/// Breadcrumb and previous/next links of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageNav {
    /// From the docs root down to the page's parent.
    pub breadcrumb: Vec<NavLink>,
    /// The previous visible page in sidebar order.
    pub prev: Option<NavLink>,
    /// The next visible page in sidebar order.
    pub next: Option<NavLink>,
}

/// Every page's navigation, keyed by slug, and the visible pages' slugs in
/// sidebar order (folders' index pages first within their folder).
pub fn page_navs(nodes: &[NavNode], base: &str) -> (HashMap<String, PageNav>, Vec<String>) {
    let root_title = nodes
        .iter()
        .find_map(|node| match node {
            NavNode::Page(page) if page.slug.is_empty() => Some(page.title.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "Docs".to_owned());
    let root = NavLink { title: root_title, href: base.to_owned() };
    let mut walk = Walk { base, navs: HashMap::new(), order: Vec::new() };
    walk.nodes(nodes, &[root], false);
    let order: Vec<(String, String)> = walk.order;
    for (i, (slug, _)) in order.iter().enumerate() {
        let link =
            |j: usize| order.get(j).map(|(slug, title)| NavLink { title: title.clone(), href: route_in(base, slug) });
        if let Some(nav) = walk.navs.get_mut(slug) {
            nav.prev = i.checked_sub(1).and_then(link);
            nav.next = link(i + 1);
        }
    }
    (walk.navs, order.into_iter().map(|(slug, _)| slug).collect())
}

struct Walk<'l> {
    base: &'l str,
    navs: HashMap<String, PageNav>,
    order: Vec<(String, String)>,
}

impl Walk<'_> {
    fn page(&mut self, page: &NavEntry, trail: &[NavLink], hidden: bool) {
        let breadcrumb = if page.slug.is_empty() { Vec::new() } else { trail.to_vec() };
        self.navs.entry(page.slug.clone()).or_insert(PageNav { breadcrumb, prev: None, next: None });
        if !hidden && !page.hidden {
            self.order.push((page.slug.clone(), page.title.clone()));
        }
    }

    fn nodes(&mut self, nodes: &[NavNode], trail: &[NavLink], hidden: bool) {
        for node in nodes {
            match node {
                NavNode::Page(page) => self.page(page, trail, hidden),
                NavNode::Folder { title, hidden: folder_hidden, index, children, .. } => {
                    let hidden = hidden || *folder_hidden;
                    if let Some(index) = index {
                        self.page(index, trail, hidden);
                    }
                    let href = index
                        .as_ref()
                        .filter(|i| !i.hidden)
                        .map(|i| i.slug.clone())
                        .or_else(|| first_visible(children))
                        .map(|slug| route_in(self.base, &slug));
                    let mut inner = trail.to_vec();
                    if let Some(href) = href {
                        inner.push(NavLink { title: title.clone(), href });
                    }
                    self.nodes(children, &inner, hidden);
                }
                NavNode::Separator { .. } | NavNode::External { .. } => {}
            }
        }
    }
}

/// Every visible page's slug in sidebar order, each with the title of the
/// separator above it (`section`, `None` before the first one).
pub fn visible_pages(nodes: &[NavNode], section: Option<String>, out: &mut Vec<(Option<String>, String)>) {
    let mut section = section;
    for node in nodes {
        match node {
            NavNode::Page(page) if !page.hidden => out.push((section.clone(), page.slug.clone())),
            NavNode::Folder { hidden: false, index, children, .. } => {
                if let Some(index) = index.as_ref().filter(|i| !i.hidden) {
                    out.push((section.clone(), index.slug.clone()));
                }
                visible_pages(children, section.clone(), out);
            }
            NavNode::Separator { title } if !title.is_empty() => section = Some(title.clone()),
            _ => {}
        }
    }
}

/// The slug of the first visible page in `nodes`, depth first.
fn first_visible(nodes: &[NavNode]) -> Option<String> {
    nodes.iter().find_map(|node| match node {
        NavNode::Page(page) if !page.hidden => Some(page.slug.clone()),
        NavNode::Folder { hidden: false, index, children, .. } => {
            index.as_ref().filter(|i| !i.hidden).map(|i| i.slug.clone()).or_else(|| first_visible(children))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests;
