//! The docs as served: the store and its search index, one value that is
//! replaced whole when the content changes.
//!
//! A request takes one [snapshot](LiveContent::snapshot) and reads both the
//! pages and the index from it, so it never sees a new page with an old
//! sidebar or search results from another version; requests in flight during
//! a swap finish on the version they started with.

use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::docs::problem::LoadError;
use crate::locale::Locale;
use crate::search::index::IndexError;
use crate::search::model::SearchResults;
use crate::site::config::SiteConfig;
use crate::{docs::store::DocsStore, error::AppError, search::index::SearchIndex};

/// The most hits one search request returns.
pub const MAX_SEARCH_LIMIT: usize = 50;

/// Why the docs (of any version) or their search index could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// A docs folder, or `versions.json`.
    #[error(transparent)]
    Docs(#[from] LoadError),
    /// A search index.
    #[error(transparent)]
    Search(#[from] IndexError),
}

/// One version of the docs: pages and the index built from them.
#[derive(Debug)]
pub struct Content {
    /// Every docs page, rendered.
    pub docs: DocsStore,
    /// The full-text index of exactly those pages.
    pub search: SearchIndex,
    /// The older versions of the docs, read at start-up and kept across
    /// reloads of the current one.
    pub versions: Arc<DocVersions>,
    /// The site (`site.toml`): read with the pages, and replaced with them.
    pub site: Arc<SiteConfig>,
}

/// The versions of the docs besides the current one.
#[derive(Debug, Default)]
pub struct DocVersions {
    /// The current version's label; empty when there is no `versions.json`.
    pub current_label: String,
    /// The older versions, newest first.
    pub older: Vec<OlderDocs>,
}

/// One older version: its pages and their own search index.
#[derive(Debug)]
pub struct OlderDocs {
    /// Its URL segment and folder, e.g. `0.1`.
    pub id: String,
    /// What readers see.
    pub label: String,
    /// Whether search engines may index it.
    pub index: bool,
    /// Its pages, at `/docs/<id>/…`.
    pub docs: DocsStore,
    /// Their index.
    pub search: SearchIndex,
}

impl DocVersions {
    /// Reads `versions.json` and loads every older version it lists from
    /// `content_dir/versions/<id>/`. No file means one version. Problems
    /// (bad entries, broken pages) are returned for the log; only a
    /// `versions.json` that does not parse is an error.
    pub fn load(
        content_dir: &std::path::Path,
        edit_base_url: Option<&str>,
        show_problems: bool,
    ) -> Result<(DocVersions, Vec<String>), ContentError> {
        use crate::docs::{store::DocsConfig, versions};
        let display = content_dir.to_string_lossy().replace('\\', "/");
        let Some((declared, problems)) = versions::read(content_dir, &display).map_err(LoadError::Versions)? else {
            return Ok((DocVersions::default(), Vec::new()));
        };
        let mut messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let mut older = Vec::new();
        for version in &declared.older {
            let dir = content_dir.join(crate::docs::store::VERSIONS_FOLDER).join(&version.id);
            let docs = DocsStore::load(DocsConfig {
                content_dir: dir,
                edit_base_url: edit_base_url
                    .map(|base| format!("{}/versions/{}", base.trim_end_matches('/'), version.id)),
                show_problems,
                version: Some(version.id.clone()),
            })?;
            messages.extend(docs.problems());
            let search = SearchIndex::build(&docs.search_documents())?;
            older.push(OlderDocs {
                id: version.id.clone(),
                label: version.label().to_owned(),
                index: version.index,
                docs,
                search,
            });
        }
        Ok((DocVersions { current_label: declared.current, older }, messages))
    }
}

impl Content {
    /// The older version `id`, if there is one.
    pub fn older(&self, id: &str) -> Option<&OlderDocs> {
        self.versions.older.iter().find(|v| v.id == id)
    }

    /// The version a slug is in, and the slug within it: `0.1/guide` is
    /// `guide` in version 0.1; anything else is the current version's.
    pub fn split<'s>(&self, slug: &'s str) -> (Option<&OlderDocs>, &'s str) {
        let slug = slug.trim_matches('/');
        let (first, rest) = slug.split_once('/').unwrap_or((slug, ""));
        match self.older(first) {
            Some(version) => (Some(version), rest),
            None => (None, slug),
        }
    }

    /// The pages of `version` (`None`: the current one).
    pub fn docs_of<'a>(&'a self, version: Option<&'a OlderDocs>) -> &'a DocsStore {
        version.map_or(&self.docs, |v| &v.docs)
    }

    /// The version a docs URL path (`/ko/docs/0.1/guide`) of `locale` is in.
    pub fn version_at(&self, locale: Locale, path: &str) -> Option<&OlderDocs> {
        let base = crate::docs::model::docs_base(locale);
        let rest = path.strip_prefix(&base)?.strip_prefix('/')?;
        self.older(rest.split('/').next()?)
    }

    /// The docs page at `slug` (which may start with a version id), with
    /// its place among the versions.
    pub fn page(&self, locale: Locale, slug: &str) -> Result<crate::docs::model::DocPage, AppError> {
        let (version, rest) = self.split(slug);
        let mut page = self.docs_of(version).page(locale, rest)?;
        page.versions = self.page_versions(locale, version, rest);
        page.feedback_url = self.site.feedback_url(&page.title);
        page.site_name.clone_from(&self.site.page.name);
        Ok(page)
    }

    /// The page at `slug` as Markdown (the stars figure still a placeholder).
    pub fn markdown(&self, locale: Locale, slug: &str) -> Result<String, AppError> {
        let (version, rest) = self.split(slug);
        self.docs_of(version).markdown(locale, rest)
    }

    /// The best sections for `query` in `locale`'s docs: at least one and at
    /// most [`MAX_SEARCH_LIMIT`] of them whatever `limit` asks, in the older
    /// `version` when one is given (an unknown one is not found). Bad input
    /// gets a notice, never an error.
    pub fn search_docs(
        &self,
        locale: Locale,
        query: &str,
        limit: usize,
        version: Option<&str>,
    ) -> Result<SearchResults, AppError> {
        let limit = limit.clamp(1, MAX_SEARCH_LIMIT);
        let mut results = match version.filter(|v| !v.is_empty()) {
            Some(id) => {
                let older = self.older(id).ok_or_else(|| {
                    let id: String = id.chars().take(32).collect();
                    AppError::NotFound(format!("There is no docs version {id:?}."))
                })?;
                let mut results = older.search.search(locale, query, limit);
                results.version = Some(older.label.clone());
                results
            }
            None => self.search.search(locale, query, limit),
        };
        if results.version.is_none() && !self.versions.older.is_empty() {
            results.version = Some(self.versions.current_label.clone());
        }
        Ok(results)
    }

    /// The switcher and banner data for page `slug` of `version`; `None`
    /// when the site has a single version.
    fn page_versions(
        &self,
        locale: Locale,
        version: Option<&OlderDocs>,
        slug: &str,
    ) -> Option<crate::docs::model::PageVersions> {
        use crate::docs::model::{PageVersions, VersionChoice};
        if self.versions.older.is_empty() {
            return None;
        }
        let link = |docs: &DocsStore| {
            if docs.has_page(locale, slug) {
                (docs.route(locale, slug), true)
            } else {
                (format!("{}?missing=1", docs.base(locale)), false)
            }
        };
        let mut choices = Vec::new();
        let (latest, latest_has_page) = link(&self.docs);
        choices.push(VersionChoice {
            label: self.versions.current_label.clone(),
            href: latest.clone(),
            selected: version.is_none(),
        });
        for older in &self.versions.older {
            let (href, _) = link(&older.docs);
            let selected = version.is_some_and(|v| v.id == older.id);
            choices.push(VersionChoice { label: older.label.clone(), href, selected });
        }
        Some(PageVersions {
            label: version.map_or_else(|| self.versions.current_label.clone(), |v| v.label.clone()),
            latest: self.versions.current_label.clone(),
            latest_href: version.map(|_| latest.trim_end_matches("?missing=1").to_owned()),
            latest_has_page,
            noindex: version.is_some_and(|v| !v.index),
            choices,
        })
    }
}

/// The current [`Content`], swapped atomically; cheap to clone.
#[derive(Clone)]
pub struct LiveContent {
    current: Arc<ArcSwap<Content>>,
    watched: bool,
}

impl std::fmt::Debug for LiveContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveContent").field("current", &self.current.load()).field("watched", &self.watched).finish()
    }
}

impl LiveContent {
    /// Serves `content`; `watched` says whether it will be replaced as the
    /// folder changes (pages then load the live-reload script).
    pub fn new(content: Content, watched: bool) -> Self {
        Self { current: Arc::new(ArcSwap::from_pointee(content)), watched }
    }

    /// The current version, to use for a whole request.
    pub fn snapshot(&self) -> Arc<Content> {
        self.current.load_full()
    }

    /// Makes `content` the current version; returns the one it replaces.
    pub fn replace(&self, content: Content) -> Arc<Content> {
        self.current.swap(Arc::new(content))
    }

    /// Whether the content folder is watched.
    pub fn is_watched(&self) -> bool {
        self.watched
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::store::DocsConfig;

    fn content(dir: &std::path::Path) -> Content {
        let docs = DocsStore::load(DocsConfig {
            content_dir: dir.to_owned(),
            edit_base_url: None,
            show_problems: false,
            version: None,
        })
        .expect("content loads");
        let search = SearchIndex::build(&docs.search_documents()).expect("index builds");
        Content { docs, search, versions: Default::default(), site: Default::default() }
    }

    #[test]
    fn a_search_returns_at_least_one_and_at_most_the_maximum_of_hits() {
        let root = tempfile::Builder::new().prefix("leptra-search-limit-").tempdir().expect("temporary folder");
        let dir = root.path();
        for i in 0..40 {
            let text = format!("# Page {i}\n\nA zanzibar page.\n\n## More\n\nAnother zanzibar section.\n");
            std::fs::create_dir_all(dir.join("en")).expect("create folder");
            std::fs::write(dir.join(format!("en/page{i}.md")), text).expect("write page");
        }
        let content = content(dir);
        let hits = |limit| content.search_docs(Locale::en, "zanzibar", limit, None).expect("searches").hits.len();
        assert_eq!(hits(0), 1);
        assert_eq!(hits(7), 7);
        assert_eq!(hits(1_000), MAX_SEARCH_LIMIT);
    }

    #[test]
    fn a_snapshot_never_mixes_the_pages_of_one_version_with_the_index_of_another() {
        let root = tempfile::Builder::new().prefix("leptra-content-").tempdir().expect("temporary folder");
        let small = root.path();
        std::fs::create_dir_all(small.join("en")).expect("create folder");
        std::fs::write(small.join("en/index.md"), "# Home\n\nOne quokka page.\n").expect("write page");
        let real = content(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"));
        let tiny = content(small);
        // Pages of a version, and whether its index knows the small version's word.
        let version =
            |content: &Content| (content.docs.len(), content.search.search(Locale::en, "quokka", 1).hits.len());
        let pairs = [version(&real), version(&tiny)];
        assert_ne!(pairs[0], pairs[1]);
        let (real, tiny) = (Arc::new(real), Arc::new(tiny));
        let live = LiveContent::new(
            Content {
                docs: real.docs.clone(),
                search: real.search.clone(),
                versions: Default::default(),
                site: Default::default(),
            },
            true,
        );
        let held = live.snapshot();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..2_000 {
                        let snapshot = live.snapshot();
                        let pair = version(&snapshot);
                        assert!(pairs.contains(&pair), "{pair:?} is half of each version");
                    }
                });
            }
            for round in 0..500 {
                let next = if round % 2 == 0 { &tiny } else { &real };
                live.replace(Content {
                    docs: next.docs.clone(),
                    search: next.search.clone(),
                    versions: Default::default(),
                    site: Default::default(),
                });
            }
        });
        assert_eq!(held.docs.len(), pairs[0].0, "a snapshot taken earlier stays on its version");
    }
}
