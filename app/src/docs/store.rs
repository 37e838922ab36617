//! The loaded docs: every page rendered once at start-up, with the sidebar,
//! breadcrumbs and previous/next links worked out, behind a cheap-to-clone
//! handle.
//!
//! A store is never changed: [`DocsStore::reload`] reads the folder again
//! into a new one, re-rendering only the files whose bytes changed and
//! sharing every other page with the old store, then rebuilds the navigation.
//!
//! URL input is only ever looked up in the loaded page map, never turned into
//! a file path. Broken content never stops loading: it becomes a problem (see
//! [`DocsStore::problems`]), and a page whose source cannot be read answers
//! with an error naming the file and line.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::content::{self, DirListing, LayoutOverrides};
use super::meta::Meta;
use super::model::{
    docs_base_in, route_in, route_is_within, DocPage, NavbarItem, PageLayout, SearchDocument, SearchSection,
    SidebarItem, TocEntry, DEFAULT_LOCALE,
};
use super::nav::{self, NavNode, PageNav};
use super::problem::{LoadError, Problem};
use crate::error::AppError;
use crate::locale::Locale;
use load::{collect_jobs, load_pages, read_metas, Metas, NavSources};

/// The folder of the content folder that holds older versions, one
/// subfolder per version (`versions/0.1/en/…`); it is not a locale.
pub const VERSIONS_FOLDER: &str = "versions";

/// Where the docs come from.
#[derive(Debug, Clone)]
pub struct DocsConfig {
    /// The content folder, with one subfolder per locale (`en`, `ko`).
    pub content_dir: PathBuf,
    /// The base of "Edit this page" links, e.g.
    /// `https://github.com/leptra-rs/leptra/edit/main/content`; the locale and
    /// the file's path are appended.
    pub edit_base_url: Option<String>,
    /// Whether a page shows its own content problems above its text, for
    /// authors watching their edits; the log always has them.
    pub show_problems: bool,
    /// The id of the older version these docs are (`0.1`), which prefixes
    /// their URLs (`/docs/0.1/…`); `None` for the current version.
    pub version: Option<String>,
}

/// A page as `llms.txt` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlinePage {
    /// Its slug.
    pub slug: String,
    /// Its URL path.
    pub route: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: String,
}

/// Every docs page, rendered. Cloning shares the same data.
#[derive(Clone)]
pub struct DocsStore {
    inner: Arc<Inner>,
}

impl fmt::Debug for DocsStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocsStore")
            .field("locales", &self.locales())
            .field("pages", &self.inner.page_count)
            .field("problems", &self.inner.problems.len())
            .finish()
    }
}

struct Inner {
    config: DocsConfig,
    /// When each file was last committed, read once at start-up.
    git_times: Arc<HashMap<String, u64>>,
    locales: HashMap<Locale, LocaleData>,
    problems: Vec<String>,
    page_count: usize,
    /// How many pages this load rendered; the others came from the previous store.
    rendered: usize,
}

/// One locale: its own pages and its navigation, which also covers the
/// default locale's pages it lacks.
struct LocaleData {
    pages: HashMap<String, Arc<LoadedPage>>,
    /// The `_meta.json` files that parsed, by folder slug.
    metas: HashMap<String, Meta>,
    /// The navbar entries of the root `_meta.json`.
    navbar: Vec<NavbarItem>,
    /// The slugs of the top-level folders and pages that are navbar tabs.
    tabs: Vec<String>,
    nav: Vec<NavNode>,
    navs: HashMap<String, PageNav>,
    order: Vec<String>,
}

/// A page as loaded: rendered content, or why it could not be.
struct LoadedPage {
    locale: Locale,
    slug: String,
    /// The file, relative to the locale folder.
    rel: String,
    /// A hash of the file's bytes: a reload renders the file again only when it changes.
    source_hash: u64,
    /// The problems found in this file.
    problems: Vec<Problem>,
    /// Sidebar title by the page's own precedence (no `_meta.json`).
    nav_title: String,
    hidden: bool,
    /// The layout flags of its front matter.
    layout: LayoutOverrides,
    /// Its rendered content, or the problem that keeps it from showing.
    content: Result<PageContent, Problem>,
}

struct PageContent {
    title: String,
    description: String,
    toc: Vec<TocEntry>,
    /// The body ([`super::html`]) with its built-ins labelled in each locale
    /// that shows the page: its own, and for a default-locale page every
    /// locale it is the fallback of.
    bodies: Vec<(Locale, String)>,
    last_updated: Option<String>,
    edit_url: Option<String>,
    sections: Vec<SearchSection>,
    /// The page as Markdown (see [`super::export`]).
    markdown: String,
}

/// A page file to load.
struct Job {
    locale: Locale,
    slug: String,
    rel: String,
    path: PathBuf,
}

impl DocsStore {
    /// Loads and renders everything under `config.content_dir`.
    ///
    /// Fails only if the folder itself cannot be read; broken pages and
    /// `_meta.json` files are [problems](Self::problems).
    pub fn load(config: DocsConfig) -> Result<DocsStore, LoadError> {
        let git_times = Arc::new(content::git_commit_times(&config.content_dir));
        Self::build(config, git_times, None)
    }

    /// Reads the content folder again into a new store.
    ///
    /// Files whose bytes are unchanged keep their rendered page (shared, not
    /// copied); only new and changed files are rendered. `_meta.json` files
    /// and the navigation are always read and built again: both are cheap.
    /// This store is left as it is, so requests using it finish undisturbed.
    pub fn reload(&self) -> Result<DocsStore, LoadError> {
        Self::build(self.inner.config.clone(), self.inner.git_times.clone(), Some(self))
    }

    /// [`reload`](Self::reload), with "Edit this page" links under
    /// `edit_base_url` (the site file's): when that changed, every page is
    /// rendered again.
    pub fn reload_with_edit_base(&self, edit_base_url: Option<String>) -> Result<DocsStore, LoadError> {
        if edit_base_url == self.inner.config.edit_base_url {
            return self.reload();
        }
        let config = DocsConfig { edit_base_url, ..self.inner.config.clone() };
        Self::build(config, self.inner.git_times.clone(), None)
    }

    /// The content folder these docs are read from.
    pub fn content_dir(&self) -> &std::path::Path {
        &self.inner.config.content_dir
    }

    fn build(
        config: DocsConfig,
        git_times: Arc<HashMap<String, u64>>,
        previous: Option<&DocsStore>,
    ) -> Result<DocsStore, LoadError> {
        let dir = &config.content_dir;
        let display_root = dir.to_string_lossy().replace('\\', "/").trim_end_matches('/').to_owned();
        let mut problems: Vec<Problem> = Vec::new();
        let listings = scan_locales(dir, &display_root, &mut problems)?;

        let mut jobs = Vec::new();
        for (locale, listing) in &listings {
            collect_jobs(dir, *locale, listing, &mut jobs, &mut problems, &display_root);
        }
        let (kept, jobs) = match previous {
            Some(previous) => previous.unchanged_pages(jobs),
            None => (Vec::new(), jobs),
        };
        let rendered = jobs.len();
        let loaded = load_pages(&jobs, &config, &display_root, &git_times);
        let page_count = loaded.len() + kept.len();
        let mut pages: HashMap<Locale, HashMap<String, Arc<LoadedPage>>> = HashMap::new();
        for page in loaded.into_iter().map(Arc::new).chain(kept) {
            problems.extend(page.problems.iter().cloned());
            pages.entry(page.locale).or_default().insert(page.slug.clone(), page);
        }

        let mut metas = Metas::new();
        for (locale, listing) in &listings {
            read_metas(dir, &display_root, *locale, "", listing, &mut metas, &mut problems);
        }
        let navs = LocaleNavs { listings: &listings, pages: &pages, metas: &metas, display_root: &display_root };
        let mut locales = HashMap::new();
        for &locale in listings.keys() {
            let nav = navs.build(locale, config.version.as_deref(), &mut problems);
            locales.insert(locale, nav);
        }
        for (locale, data) in &mut locales {
            data.pages = pages.remove(locale).unwrap_or_default();
        }
        Ok(DocsStore {
            inner: Arc::new(Inner { config, git_times, locales, problems: messages(problems), page_count, rendered }),
        })
    }

    /// Splits `jobs` into the pages of this store whose files are unchanged
    /// (same locale, path and bytes) and the jobs left to render.
    fn unchanged_pages(&self, jobs: Vec<Job>) -> (Vec<Arc<LoadedPage>>, Vec<Job>) {
        let mut kept = Vec::new();
        let mut left = Vec::new();
        for job in jobs {
            let previous = self.inner.locales.get(&job.locale).and_then(|data| data.pages.get(&job.slug));
            let same = previous.filter(|page| {
                page.rel == job.rel
                    && std::fs::read(&job.path).is_ok_and(|bytes| source_hash(&bytes) == page.source_hash)
            });
            match same {
                Some(page) => kept.push(page.clone()),
                None => left.push(job),
            }
        }
        (kept, left)
    }

    /// The routes whose page or navigation differs in `newer`: pages added,
    /// removed or changed, their fallback copies in other locales, and every
    /// page of a locale whose navigation (sidebar, order, titles) changed.
    pub fn changed_routes(&self, newer: &DocsStore) -> Vec<String> {
        let mut routes = Vec::new();
        let locales = Locale::ALL
            .into_iter()
            .filter(|l| self.inner.locales.contains_key(l) || newer.inner.locales.contains_key(l));
        for locale in locales {
            let (old, new) = (self.inner.locales.get(&locale), newer.inner.locales.get(&locale));
            let nav_changed = old.map(|d| &d.nav) != new.map(|d| &d.nav);
            let mut slugs: Vec<&String> = self.served_slugs(locale).chain(newer.served_slugs(locale)).collect();
            slugs.sort();
            slugs.dedup();
            for slug in slugs {
                let same = match (self.resolve(locale, slug), newer.resolve(locale, slug)) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    _ => false,
                };
                if nav_changed || !same {
                    routes.push(self.route(locale, slug));
                }
            }
        }
        routes
    }

    /// Every route `locale` answers, hidden pages and fallback copies
    /// included, sorted: what a static export writes.
    pub fn served_routes(&self, locale: Locale) -> Vec<String> {
        let mut slugs: Vec<&String> = self.served_slugs(locale).collect();
        slugs.sort();
        slugs.dedup();
        slugs.into_iter().map(|slug| self.route(locale, slug)).collect()
    }

    /// Every slug `locale` answers: its own pages and the default locale's.
    fn served_slugs(&self, locale: Locale) -> impl Iterator<Item = &String> {
        let own = self.inner.locales.get(&locale).map(|d| d.pages.keys());
        let fallback = (locale != DEFAULT_LOCALE && self.inner.locales.contains_key(&locale))
            .then(|| self.inner.locales.get(&DEFAULT_LOCALE).map(|d| d.pages.keys()))
            .flatten();
        own.into_iter().flatten().chain(fallback.into_iter().flatten())
    }

    /// The page `locale` shows at `slug`: its own, else the default locale's.
    fn resolve(&self, locale: Locale, slug: &str) -> Option<&Arc<LoadedPage>> {
        let data = self.inner.locales.get(&locale)?;
        data.pages.get(slug).or_else(|| {
            (locale != DEFAULT_LOCALE).then(|| self.inner.locales.get(&DEFAULT_LOCALE)?.pages.get(slug)).flatten()
        })
    }

    /// The page at `slug` (`""` or `guide/ssr`) in `locale`.
    ///
    /// A page missing in a locale but present in the default one is that
    /// page with `fallback: true`, linked within the asked locale's URLs.
    pub fn page(&self, locale: Locale, slug: &str) -> Result<DocPage, AppError> {
        let slug = slug.trim_matches('/');
        let not_found = || AppError::NotFound(format!("There is no docs page at {}.", self.route(locale, slug)));
        let data = self.inner.locales.get(&locale).ok_or_else(not_found)?;
        let (page, fallback) = match data.pages.get(slug) {
            Some(page) => (page, false),
            None if locale != DEFAULT_LOCALE => {
                let page =
                    self.inner.locales.get(&DEFAULT_LOCALE).and_then(|d| d.pages.get(slug)).ok_or_else(not_found)?;
                (page, true)
            }
            None => return Err(not_found()),
        };
        let content = page.content.as_ref().map_err(|problem| AppError::Internal(problem.to_string()))?;
        let nav = data.navs.get(slug).cloned().unwrap_or_default();
        let problems = if self.inner.config.show_problems {
            page.problems.iter().map(Problem::to_string).collect()
        } else {
            Vec::new()
        };
        let layout = self.layout(locale, page);
        Ok(DocPage {
            layout,
            versions: None,
            site_name: String::new(),
            feedback_url: None,
            locale: page.locale,
            route: self.route(locale, slug),
            title: content.title.clone(),
            description: content.description.clone(),
            toc: content.toc.clone(),
            // A fallback page's built-ins are labelled in the asked locale.
            body: content
                .bodies
                .iter()
                .find(|(shown_in, _)| *shown_in == locale)
                .or(content.bodies.first())
                .map(|(_, body)| body.clone())
                .unwrap_or_default(),
            last_updated: content.last_updated.clone(),
            edit_url: content.edit_url.clone(),
            breadcrumb: nav.breadcrumb,
            prev: nav.prev,
            next: nav.next,
            fallback,
            problems,
        })
    }

    /// The page at `slug` as Markdown, with the stars figure still a
    /// placeholder ([`super::export::fill_stars`]); a locale without the page
    /// gets the default locale's, as [`page`](Self::page) does.
    pub fn markdown(&self, locale: Locale, slug: &str) -> Result<String, AppError> {
        let slug = slug.trim_matches('/');
        let page = self
            .resolve(locale, slug)
            .ok_or_else(|| AppError::NotFound(format!("There is no docs page at {}.", self.route(locale, slug))))?;
        let content = page.content.as_ref().map_err(|problem| AppError::Internal(problem.to_string()))?;
        Ok(content.markdown.clone())
    }

    /// Every visible page of `locale` in sidebar order, grouped under the
    /// sidebar's section titles (its separators; `None` before the first),
    /// for `llms.txt`. Fallback pages are listed at this locale's URLs.
    pub fn outline(&self, locale: Locale) -> Vec<(Option<String>, Vec<OutlinePage>)> {
        let Some(data) = self.inner.locales.get(&locale) else { return Vec::new() };
        let mut sections: Vec<(Option<String>, Vec<OutlinePage>)> = vec![(None, Vec::new())];
        let mut visible = Vec::new();
        nav::visible_pages(&data.nav, None, &mut visible);
        for (section, slug) in visible {
            let Some(Ok(content)) = self.resolve(locale, &slug).map(|page| &page.content) else { continue };
            if sections.last().is_none_or(|(title, _)| *title != section) {
                sections.push((section.clone(), Vec::new()));
            }
            if let Some((_, pages)) = sections.last_mut() {
                pages.push(OutlinePage {
                    slug: slug.clone(),
                    route: self.route(locale, &slug),
                    title: content.title.clone(),
                    description: content.description.clone(),
                });
            }
        }
        sections.retain(|(_, pages)| !pages.is_empty());
        sections
    }

    /// The URL prefix of `locale`'s pages in this version, e.g. `/ko/docs/0.1`.
    pub fn base(&self, locale: Locale) -> String {
        docs_base_in(locale, self.inner.config.version.as_deref())
    }

    /// The URL path of the page at `slug` in `locale`.
    pub fn route(&self, locale: Locale, slug: &str) -> String {
        route_in(&self.base(locale), slug)
    }

    /// Whether `locale` has a page (its own or the default locale's) at `slug`.
    pub fn has_page(&self, locale: Locale, slug: &str) -> bool {
        self.resolve(locale, slug.trim_matches('/')).is_some()
    }

    /// The layout flags of `page` shown in `locale`: the defaults, then the
    /// `_meta.json` entry of every folder on the way to it and its own entry
    /// (this locale's file, else the default locale's), then its front matter.
    fn layout(&self, locale: Locale, page: &LoadedPage) -> PageLayout {
        let mut layout = PageLayout::default();
        let stem = page.rel.strip_suffix(".md").unwrap_or(&page.rel);
        let parts: Vec<&str> = stem.split('/').collect();
        for (depth, key) in parts.iter().enumerate() {
            let folder = parts[..depth].join("/");
            let entry = [locale, DEFAULT_LOCALE].iter().find_map(|l| {
                self.inner.locales.get(l).and_then(|data| data.metas.get(&folder)).and_then(|meta| meta.get(key))
            });
            if let Some(entry) = entry {
                entry.layout.apply(&mut layout);
            }
        }
        page.layout.apply(&mut layout);
        layout
    }

    /// The top-level sidebar of `locale`, with the folders that contain
    /// `route` expanded and the others collapsed (loaded on demand).
    ///
    /// Inside a navbar tab (a top-level folder with `"type": "page"`) it is
    /// that folder's own sidebar; elsewhere the tabs are left out of it.
    pub fn sidebar(&self, locale: Locale, route: &str) -> Vec<SidebarItem> {
        let Some(data) = self.inner.locales.get(&locale) else { return Vec::new() };
        let in_tab = |slug: &str| route_is_within(route, &self.route(locale, slug));
        if let Some(tab) = data.tabs.iter().find(|tab| in_tab(tab)) {
            if let Some(items) = nav::tab_sidebar(&data.nav, &self.base(locale), tab, route) {
                return items;
            }
        }
        let root: Vec<NavNode> = data
            .nav
            .iter()
            .filter(|node| !nav::node_slug(node).is_some_and(|slug| data.tabs.iter().any(|tab| tab == slug)))
            .cloned()
            .collect();
        nav::sidebar(&root, &self.base(locale), route)
    }

    /// The URL paths of `locale`'s navbar tabs, e.g. `/docs/reference`.
    pub fn tab_routes(&self, locale: Locale) -> Vec<String> {
        let tabs = self.inner.locales.get(&locale).map(|data| data.tabs.clone()).unwrap_or_default();
        tabs.iter().map(|tab| self.route(locale, tab)).collect()
    }

    /// The navbar entries of `locale`'s docs: tabs, links and menus from its
    /// root `_meta.json`.
    pub fn navbar(&self, locale: Locale) -> Vec<NavbarItem> {
        self.inner.locales.get(&locale).map(|data| data.navbar.clone()).unwrap_or_default()
    }

    /// The entries of one sidebar folder by its `path` (e.g. `/docs/guide`),
    /// with its subfolders collapsed.
    pub fn sidebar_folder(&self, locale: Locale, path: &str) -> Result<Vec<SidebarItem>, AppError> {
        let path = path.trim_end_matches('/');
        self.inner
            .locales
            .get(&locale)
            .and_then(|data| nav::folder_items(&data.nav, &self.base(locale), path))
            .ok_or_else(|| AppError::NotFound(format!("There is no docs folder at {path}.")))
    }

    /// Every visible page's route in `locale`, in sidebar order, including
    /// the default locale's pages this locale falls back to.
    pub fn routes(&self, locale: Locale) -> Vec<String> {
        self.inner
            .locales
            .get(&locale)
            .map(|data| data.order.iter().map(|slug| self.route(locale, slug)).collect())
            .unwrap_or_default()
    }

    /// Every content problem found while loading, as `path:line:column: message`.
    pub fn problems(&self) -> Vec<String> {
        self.inner.problems.clone()
    }

    /// The text of every page that renders and is not hidden, each in its own
    /// locale (fallback copies are not repeated).
    pub fn search_documents(&self) -> Vec<SearchDocument> {
        let mut docs = Vec::new();
        for locale in self.locales() {
            let Some(data) = self.inner.locales.get(&locale) else { continue };
            for slug in &data.order {
                let Some(page) = data.pages.get(slug) else { continue };
                let Ok(content) = &page.content else { continue };
                docs.push(SearchDocument {
                    locale,
                    route: self.route(locale, slug),
                    title: content.title.clone(),
                    sections: content.sections.clone(),
                });
            }
        }
        docs
    }

    /// The locales found in the content folder, in [`Locale::ALL`] order.
    pub fn locales(&self) -> Vec<Locale> {
        Locale::ALL.into_iter().filter(|locale| self.inner.locales.contains_key(locale)).collect()
    }

    /// How many pages were loaded, over all locales.
    pub fn len(&self) -> usize {
        self.inner.page_count
    }

    /// How many pages this load rendered: all of them at start-up, only the
    /// new and changed ones after a [reload](Self::reload).
    pub fn rendered(&self) -> usize {
        self.inner.rendered
    }

    /// Whether no page was loaded.
    pub fn is_empty(&self) -> bool {
        self.inner.page_count == 0
    }
}

/// The locale folders of the content folder (not hidden, `_`-prefixed or
/// [`VERSIONS_FOLDER`]), each listed recursively. A folder named for no
/// locale the site has is a problem, and skipped.
fn scan_locales(
    dir: &std::path::Path,
    display_root: &str,
    problems: &mut Vec<Problem>,
) -> Result<HashMap<Locale, DirListing>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Folder { path: dir.to_owned(), source })?;
    let mut listings = HashMap::new();
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
        if !is_dir || name.starts_with('.') || name.starts_with('_') || name == VERSIONS_FOLDER {
            continue;
        }
        let display = content::join_display(display_root, &name);
        let Some(locale) = Locale::ALL.into_iter().find(|locale| locale.tag() == name) else {
            let tags: Vec<&str> = Locale::ALL.iter().map(|locale| locale.tag()).collect();
            let message = format!("is not a locale folder ({}); it is ignored", tags.join(", "));
            problems.push(Problem::in_file(display, message));
            continue;
        };
        let (listing, scan_problems) = content::scan_locale(&entry.path(), &display);
        problems.extend(scan_problems);
        listings.insert(locale, listing);
    }
    Ok(listings)
}

/// What each locale's navigation is built from: every locale's folder
/// listing, loaded pages and `_meta.json` files.
struct LocaleNavs<'a> {
    listings: &'a HashMap<Locale, DirListing>,
    pages: &'a HashMap<Locale, HashMap<String, Arc<LoadedPage>>>,
    metas: &'a Metas,
    display_root: &'a str,
}

impl LocaleNavs<'_> {
    /// `locale`'s navigation (sidebar tree, page order, prev/next, navbar)
    /// and its parsed `_meta.json` files; its pages are added by the caller.
    fn build(&self, locale: Locale, version: Option<&str>, problems: &mut Vec<Problem>) -> LocaleData {
        let empty = HashMap::new();
        let is_default = locale == DEFAULT_LOCALE;
        let sources = NavSources {
            locale,
            display_root: self.display_root,
            own_pages: self.pages.get(&locale).unwrap_or(&empty),
            default_pages: if is_default { &empty } else { self.pages.get(&DEFAULT_LOCALE).unwrap_or(&empty) },
            metas: self.metas,
        };
        let default_listing = if is_default { None } else { self.listings.get(&DEFAULT_LOCALE) };
        let folder = sources.folder("", self.listings.get(&locale), default_listing);
        let nav = nav::build(&folder, problems);
        let base = docs_base_in(locale, version);
        let (navs, order) = nav::page_navs(&nav, &base);
        let root_meta = folder.own_meta.as_ref().or(folder.default_meta.as_ref());
        let (navbar, tabs) = nav::navbar(&nav, root_meta, &base);
        let metas = self
            .metas
            .iter()
            .filter(|((meta_locale, _), _)| *meta_locale == locale)
            .filter_map(|((_, slug), meta)| Some((slug.clone(), meta.as_ref().ok()?.clone())))
            .collect();
        LocaleData { pages: HashMap::new(), metas, navbar, tabs, nav, navs, order }
    }
}

/// The problems as the log shows them (`path:line:column: message`), in
/// file order, each once.
fn messages(mut problems: Vec<Problem>) -> Vec<String> {
    problems.sort_by(|a, b| (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message)));
    let mut messages: Vec<String> = problems.iter().map(Problem::to_string).collect();
    messages.dedup();
    messages
}

/// The hash a reload compares to tell whether a file changed.
fn source_hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

mod load;

#[cfg(test)]
mod tests;
