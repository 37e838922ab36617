//! The loaded docs: every page rendered once at start-up, with the sidebar,
//! breadcrumbs and previous/next links worked out, behind a cheap-to-clone
//! handle.
//!
//! URL input is only ever looked up in the loaded page map, never turned into
//! a file path. Broken content never stops loading: it becomes a problem (see
//! [`DocsStore::problems`]), and a page whose source cannot be read answers
//! with an error naming the file and line.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::content::{self, DirListing, Problem};
use super::meta::Meta;
use super::model::{docs_route, Block, DocPage, SidebarItem, TocEntry, DEFAULT_LOCALE};
use super::nav::{self, NavNode, PageNav};
use crate::error::AppError;
use load::{collect_jobs, load_pages, read_metas, NavSources};

/// Where the docs come from.
#[derive(Debug, Clone)]
pub struct DocsConfig {
    /// The content folder, with one subfolder per locale (`en`, `ko`).
    pub content_dir: PathBuf,
    /// The base of "Edit this page" links, e.g.
    /// `https://github.com/leptra-rs/leptra/edit/main/content`; the locale and
    /// the file's path are appended.
    pub edit_base_url: Option<String>,
}

/// One page's text for the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// The page's locale.
    pub locale: String,
    /// Its URL path.
    pub route: String,
    /// Its title.
    pub title: String,
    /// Its text, split at level 2 and 3 headings.
    pub sections: Vec<SearchSection>,
}

/// A part of a page between two headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchSection {
    /// The heading's anchor id; `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// The heading's text (the page title for the text before it).
    pub heading: String,
    /// The plain text of the section.
    pub text: String,
}

/// Every docs page, rendered. Cloning shares the same data.
#[derive(Clone)]
pub struct DocsStore {
    inner: Arc<Inner>,
}

impl fmt::Debug for DocsStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocsStore")
            .field("locales", &self.inner.locales.keys().collect::<Vec<_>>())
            .field("pages", &self.inner.page_count)
            .field("problems", &self.inner.problems.len())
            .finish()
    }
}

struct Inner {
    locales: BTreeMap<String, LocaleData>,
    problems: Vec<String>,
    page_count: usize,
}

/// One locale: its own pages and its navigation, which also covers the
/// default locale's pages it lacks.
struct LocaleData {
    pages: HashMap<String, LoadedPage>,
    nav: Vec<NavNode>,
    navs: HashMap<String, PageNav>,
    order: Vec<String>,
}

/// A page as loaded: rendered content, or why it could not be.
struct LoadedPage {
    locale: String,
    slug: String,
    /// Sidebar title by the page's own precedence (no `_meta.json`).
    nav_title: String,
    hidden: bool,
    content: Result<PageContent, String>,
}

struct PageContent {
    title: String,
    description: String,
    toc: Vec<TocEntry>,
    blocks: Vec<Block>,
    last_updated: Option<String>,
    edit_url: Option<String>,
    sections: Vec<SearchSection>,
}

/// A page file to load.
struct Job {
    locale: String,
    slug: String,
    rel: String,
    path: PathBuf,
}

impl DocsStore {
    /// Loads and renders everything under `config.content_dir`.
    ///
    /// Fails only if the folder itself cannot be read; broken pages and
    /// `_meta.json` files are [problems](Self::problems).
    pub fn load(config: DocsConfig) -> Result<DocsStore, String> {
        let dir = &config.content_dir;
        let entries =
            std::fs::read_dir(dir).map_err(|err| format!("cannot read the docs folder {}: {err}", dir.display()))?;
        let display_root = dir.to_string_lossy().replace('\\', "/").trim_end_matches('/').to_owned();
        let mut problems: Vec<Problem> = Vec::new();
        let mut listings: BTreeMap<String, DirListing> = BTreeMap::new();
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if !is_dir || name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let (listing, scan_problems) =
                content::scan_locale(&entry.path(), &content::join_display(&display_root, &name));
            problems.extend(scan_problems);
            listings.insert(name, listing);
        }

        let mut jobs = Vec::new();
        for (locale, listing) in &listings {
            collect_jobs(dir, locale, listing, &mut jobs, &mut problems, &display_root);
        }
        let git_times = content::git_commit_times(dir);
        let loaded = load_pages(&jobs, &config, &display_root, &git_times, &mut problems);
        let page_count = loaded.len();
        let mut pages: BTreeMap<String, HashMap<String, LoadedPage>> = BTreeMap::new();
        for page in loaded {
            pages.entry(page.locale.clone()).or_default().insert(page.slug.clone(), page);
        }

        let mut metas: HashMap<(String, String), Result<Meta, ()>> = HashMap::new();
        for (locale, listing) in &listings {
            read_metas(dir, &display_root, locale, "", listing, &mut metas, &mut problems);
        }

        let empty = HashMap::new();
        let default_listing = listings.get(DEFAULT_LOCALE);
        let default_pages = pages.get(DEFAULT_LOCALE).unwrap_or(&empty);
        let mut navs = Vec::new();
        for (locale, listing) in &listings {
            let is_default = locale == DEFAULT_LOCALE;
            let sources = NavSources {
                locale,
                display_root: &display_root,
                own_pages: pages.get(locale).unwrap_or(&empty),
                default_pages: if is_default { &empty } else { default_pages },
                metas: &metas,
            };
            let folder = sources.folder("", Some(listing), if is_default { None } else { default_listing });
            let nav = nav::build(&folder, &mut problems);
            let (page_navs, order) = nav::page_navs(&nav, locale);
            navs.push((locale.clone(), nav, page_navs, order));
        }
        let mut locales = BTreeMap::new();
        for (locale, nav, page_navs, order) in navs {
            let own_pages = pages.remove(&locale).unwrap_or_default();
            locales.insert(locale, LocaleData { pages: own_pages, nav, navs: page_navs, order });
        }
        problems.sort_by(|a, b| (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message)));
        let mut messages: Vec<String> = problems.iter().map(Problem::to_string).collect();
        messages.dedup();
        Ok(DocsStore { inner: Arc::new(Inner { locales, problems: messages, page_count }) })
    }

    /// The page at `slug` (`""` or `guide/ssr`) in `locale`.
    ///
    /// A page missing in a locale but present in the default one is that
    /// page with `fallback: true`, linked within the asked locale's URLs.
    pub fn page(&self, locale: &str, slug: &str) -> Result<DocPage, AppError> {
        let slug = slug.trim_matches('/');
        let not_found = || AppError::NotFound(format!("There is no docs page at {}.", docs_route(locale, slug)));
        let data = self.inner.locales.get(locale).ok_or_else(not_found)?;
        let (page, fallback) = match data.pages.get(slug) {
            Some(page) => (page, false),
            None if locale != DEFAULT_LOCALE => {
                let page =
                    self.inner.locales.get(DEFAULT_LOCALE).and_then(|d| d.pages.get(slug)).ok_or_else(not_found)?;
                (page, true)
            }
            None => return Err(not_found()),
        };
        let content = page.content.as_ref().map_err(|err| AppError::Internal(err.clone()))?;
        let nav = data.navs.get(slug).cloned().unwrap_or_default();
        Ok(DocPage {
            locale: page.locale.clone(),
            route: docs_route(locale, slug),
            title: content.title.clone(),
            description: content.description.clone(),
            toc: content.toc.clone(),
            blocks: content.blocks.clone(),
            last_updated: content.last_updated.clone(),
            edit_url: content.edit_url.clone(),
            breadcrumb: nav.breadcrumb,
            prev: nav.prev,
            next: nav.next,
            fallback,
        })
    }

    /// The top-level sidebar of `locale`, with the folders that contain
    /// `route` expanded and the others collapsed (loaded on demand).
    pub fn sidebar(&self, locale: &str, route: &str) -> Vec<SidebarItem> {
        self.inner.locales.get(locale).map(|data| nav::sidebar(&data.nav, locale, route)).unwrap_or_default()
    }

    /// The entries of one sidebar folder by its `path` (e.g. `/docs/guide`),
    /// with its subfolders collapsed.
    pub fn sidebar_folder(&self, locale: &str, path: &str) -> Result<Vec<SidebarItem>, AppError> {
        let path = path.trim_end_matches('/');
        self.inner
            .locales
            .get(locale)
            .and_then(|data| nav::folder_items(&data.nav, locale, path))
            .ok_or_else(|| AppError::NotFound(format!("There is no docs folder at {path}.")))
    }

    /// Every visible page's route in `locale`, in sidebar order, including
    /// the default locale's pages this locale falls back to.
    pub fn routes(&self, locale: &str) -> Vec<String> {
        self.inner
            .locales
            .get(locale)
            .map(|data| data.order.iter().map(|slug| docs_route(locale, slug)).collect())
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
        for (locale, data) in &self.inner.locales {
            for slug in &data.order {
                let Some(page) = data.pages.get(slug) else { continue };
                let Ok(content) = &page.content else { continue };
                docs.push(SearchDocument {
                    locale: locale.clone(),
                    route: docs_route(locale, slug),
                    title: content.title.clone(),
                    sections: content.sections.clone(),
                });
            }
        }
        docs
    }

    /// The locales found in the content folder.
    pub fn locales(&self) -> Vec<String> {
        self.inner.locales.keys().cloned().collect()
    }

    /// How many pages were loaded, over all locales.
    pub fn len(&self) -> usize {
        self.inner.page_count
    }

    /// Whether no page was loaded.
    pub fn is_empty(&self) -> bool {
        self.inner.page_count == 0
    }
}

mod load;

#[cfg(test)]
mod tests;
