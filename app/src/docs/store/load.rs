//! Loading the content folder into the store: page files rendered on all
//! cores, `_meta.json` files read, and each locale's folder tree merged with
//! the default locale's for the sidebar.

use std::collections::{BTreeMap, HashMap};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{source_hash, DocsConfig, Job, LoadedPage, PageContent};
use crate::docs::content::{self, DirListing, LayoutOverrides};
use crate::docs::meta::{self, Meta};
use crate::docs::model::DEFAULT_LOCALE;
use crate::docs::nav::{NavFolder, NavPage};
use crate::docs::problem::{Problem, TextError};
use crate::docs::{export, highlight, html, markdown};
use crate::format::rfc3339_from_unix;
use crate::locale::Locale;

/// Every `_meta.json` by locale and folder slug: parsed, or why it did not.
pub(super) type Metas = HashMap<(Locale, String), Result<Meta, TextError>>;

/// The slug of a page file: `guide/ssr.md` → `guide/ssr`, `guide/index.md` →
/// `guide`, `index.md` → `""`.
fn slug_of(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    if stem == "index" {
        String::new()
    } else {
        stem.strip_suffix("/index").unwrap_or(stem).to_owned()
    }
}

/// The locales a page of `locale` is shown in: its own, and every other one
/// when it is in the default locale, which the others fall back to.
fn body_locales(locale: Locale) -> impl Iterator<Item = Locale> {
    Locale::ALL.into_iter().filter(move |&other| other == locale || locale == DEFAULT_LOCALE)
}

/// Lists the page files of a locale, reporting two files with one URL.
pub(super) fn collect_jobs(
    dir: &Path,
    locale: Locale,
    listing: &DirListing,
    jobs: &mut Vec<Job>,
    problems: &mut Vec<Problem>,
    display_root: &str,
) {
    let mut all = Vec::new();
    gather_pages(listing, &mut all);
    // `guide/index.md` wins over `guide.md`: sort index files first.
    all.sort_by_key(|rel| (!(rel == "index.md" || rel.ends_with("/index.md")), rel.clone()));
    let mut seen: HashMap<String, String> = HashMap::new();
    for rel in all {
        let slug = slug_of(&rel);
        if let Some(first) = seen.get(&slug) {
            problems.push(Problem::in_file(
                content::join_display(display_root, &format!("{locale}/{rel}")),
                format!("has the same URL as {first}; it is ignored"),
            ));
            continue;
        }
        seen.insert(slug.clone(), rel.clone());
        let path = content::file_path(dir, locale.tag(), &rel);
        jobs.push(Job { locale, slug, rel, path });
    }
}

fn gather_pages(listing: &DirListing, out: &mut Vec<String>) {
    out.extend(listing.pages.values().cloned());
    for sub in listing.folders.values() {
        gather_pages(sub, out);
    }
}

/// Renders every page, on all cores: loading is what start-up waits for.
/// Each page carries its own problems.
pub(super) fn load_pages(
    jobs: &[Job],
    config: &DocsConfig,
    display_root: &str,
    git_times: &HashMap<String, u64>,
) -> Vec<LoadedPage> {
    if jobs.is_empty() {
        return Vec::new();
    }
    highlight::warm_up();
    jobs.par_iter()
        .map(|job| {
            // A bug tripped by one page must not take the others down with it.
            panic::catch_unwind(AssertUnwindSafe(|| load_page(job, config, display_root, git_times)))
                .unwrap_or_else(|_| internal_error(job, display_root))
        })
        .collect()
}

/// The page for a page whose rendering failed unexpectedly.
fn internal_error(job: &Job, display_root: &str) -> LoadedPage {
    let problem = Problem::in_file(
        content::join_display(display_root, &format!("{}/{}", job.locale, job.rel)),
        "internal error while rendering this page",
    );
    broken_page(job, 0, problem)
}

/// A page that cannot be shown because of `problem`, which `page()` answers with.
fn broken_page(job: &Job, source_hash: u64, problem: Problem) -> LoadedPage {
    let stem = job.rel.rsplit('/').next().unwrap_or(&job.rel).trim_end_matches(".md").to_owned();
    LoadedPage {
        locale: job.locale,
        slug: job.slug.clone(),
        rel: job.rel.clone(),
        source_hash,
        nav_title: stem,
        hidden: false,
        layout: LayoutOverrides::default(),
        content: Err(problem.clone()),
        problems: vec![problem],
    }
}

/// Reads and renders one page file.
fn load_page(job: &Job, config: &DocsConfig, display_root: &str, git_times: &HashMap<String, u64>) -> LoadedPage {
    let path = content::join_display(display_root, &format!("{}/{}", job.locale, job.rel));
    let bytes = match std::fs::read(&job.path) {
        Ok(bytes) => bytes,
        Err(err) => return broken_page(job, 0, Problem::in_file(path, format!("cannot read the file: {err}"))),
    };
    let hash = source_hash(&bytes);
    let Ok(source) = String::from_utf8(bytes) else {
        return broken_page(job, hash, Problem::in_file(path, "the file is not UTF-8 text"));
    };
    let split = match content::split_front_matter(&source) {
        Ok(split) => split,
        Err(error) => return broken_page(job, hash, Problem::at(path, error)),
    };
    let rendered = markdown::render(split.body, split.body_line_offset);
    let problems = rendered.problems.iter().map(|error| Problem::at(path.clone(), error.clone())).collect();
    let fm = split.front_matter;
    let stem = job.rel.rsplit('/').next().unwrap_or(&job.rel).trim_end_matches(".md").to_owned();
    let title = fm.title.clone().or_else(|| rendered.h1.clone()).unwrap_or(stem);
    let mut sections = rendered.sections;
    if let Some(first) = sections.first_mut().filter(|s| s.anchor.is_none()) {
        first.heading = title.clone();
    }
    let (last_updated, edit_url) = file_links(job, config, git_times);
    let content = PageContent {
        markdown: export::page_markdown(&title, fm.description.as_deref(), split.body),
        description: fm.description.clone().or(rendered.summary).unwrap_or_default(),
        title: title.clone(),
        toc: rendered.toc,
        bodies: body_locales(job.locale).map(|locale| (locale, html::body_html(&rendered.blocks, locale))).collect(),
        last_updated,
        edit_url,
        sections,
    };
    LoadedPage {
        locale: job.locale,
        slug: job.slug.clone(),
        rel: job.rel.clone(),
        source_hash: hash,
        nav_title: fm.sidebar_title.clone().unwrap_or(title),
        hidden: fm.hidden,
        layout: fm.layout_overrides(),
        content: Ok(content),
        problems,
    }
}

/// When a page's file last changed (its last commit, else its mtime, as
/// RFC 3339) and its "Edit this page" URL.
fn file_links(job: &Job, config: &DocsConfig, git_times: &HashMap<String, u64>) -> (Option<String>, Option<String>) {
    let key = format!("{}/{}", job.locale, job.rel);
    let last_updated =
        git_times.get(&key).copied().or_else(|| content::modified_secs(&job.path)).map(rfc3339_from_unix);
    let edit_url = config.edit_base_url.as_ref().map(|base| format!("{}/{key}", base.trim_end_matches('/')));
    (last_updated, edit_url)
}

/// Reads every `_meta.json` of a locale; a file that fails to parse is a
/// problem and is recorded as broken, so its folder uses the default order.
pub(super) fn read_metas(
    dir: &Path,
    display_root: &str,
    locale: Locale,
    slug: &str,
    listing: &DirListing,
    metas: &mut Metas,
    problems: &mut Vec<Problem>,
) {
    if let Some(rel) = &listing.meta {
        let path = content::join_display(display_root, &format!("{locale}/{rel}"));
        let parsed = std::fs::read_to_string(content::file_path(dir, locale.tag(), rel))
            .map_err(|err| TextError::new(1, 1, format!("cannot read the file: {err}")))
            .and_then(|text| meta::parse_meta(&text));
        match &parsed {
            Ok(meta) => problems.extend(meta.warnings.iter().map(|warning| Problem::at(path.clone(), warning.clone()))),
            Err(error) => problems.push(Problem::at(
                path,
                TextError::new(
                    error.line,
                    error.column,
                    format!("{}; this folder uses the default order", error.message),
                ),
            )),
        }
        metas.insert((locale, slug.to_owned()), parsed);
    }
    for (name, sub) in &listing.folders {
        let child = if slug.is_empty() { name.clone() } else { format!("{slug}/{name}") };
        read_metas(dir, display_root, locale, &child, sub, metas, problems);
    }
}

/// What building a locale's navigation reads.
pub(super) struct NavSources<'a> {
    pub(super) locale: Locale,
    pub(super) display_root: &'a str,
    pub(super) own_pages: &'a HashMap<String, Arc<LoadedPage>>,
    pub(super) default_pages: &'a HashMap<String, Arc<LoadedPage>>,
    pub(super) metas: &'a Metas,
}

impl NavSources<'_> {
    /// The folder at `slug`, merging this locale's listing with the default
    /// locale's so pages missing here still appear (as fallbacks).
    pub(super) fn folder(&self, slug: &str, own: Option<&DirListing>, default: Option<&DirListing>) -> NavFolder {
        let own_meta_state = self.metas.get(&(self.locale, slug.to_owned()));
        let mut folder = NavFolder {
            slug: slug.to_owned(),
            own_meta: own_meta_state.and_then(|m| m.as_ref().ok()).cloned(),
            own_meta_path: own
                .and_then(|l| l.meta.as_ref())
                .map(|rel| content::join_display(self.display_root, &format!("{}/{rel}", self.locale))),
            own_meta_broken: matches!(own_meta_state, Some(Err(_))),
            default_meta: if default.is_some() {
                self.metas.get(&(DEFAULT_LOCALE, slug.to_owned())).and_then(|m| m.as_ref().ok()).cloned()
            } else {
                None
            },
            pages: BTreeMap::new(),
            folders: BTreeMap::new(),
            fallback: own.is_none(),
        };
        let child_slug = |name: &str| if slug.is_empty() { name.to_owned() } else { format!("{slug}/{name}") };
        let page_slug = |name: &str| if name == "index" { slug.to_owned() } else { child_slug(name) };
        for (listing, pages, fallback) in [(own, self.own_pages, false), (default, self.default_pages, true)] {
            let Some(listing) = listing else { continue };
            for name in listing.pages.keys() {
                let page_slug = page_slug(name);
                if folder.pages.contains_key(name) {
                    continue;
                }
                if let Some(page) = pages.get(&page_slug) {
                    folder.pages.insert(
                        name.clone(),
                        NavPage { slug: page_slug, title: page.nav_title.clone(), hidden: page.hidden, fallback },
                    );
                }
            }
        }
        let mut names: Vec<&String> = own.iter().chain(default.iter()).flat_map(|l| l.folders.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let sub_own = own.and_then(|l| l.folders.get(name));
            let sub_default = default.and_then(|l| l.folders.get(name));
            folder.folders.insert(name.clone(), self.folder(&child_slug(name), sub_own, sub_default));
        }
        folder
    }
}
