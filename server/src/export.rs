//! `server export OUT`: the site as static files, for any static host.
//!
//! The exporter builds the same router the server serves and asks it for
//! every file in-process (tower's `oneshot`), so an exported page is the
//! bytes the server would send for its URL: same head, canonical URL,
//! `hreflang`, JSON-LD and social image. The only difference is the
//! `<meta name="leptra-export">` the shell adds when the state says it is
//! exporting (`app::static_export`), which makes client navigation read the
//! docs' server functions from the files written here.
//!
//! Written: every docs page of every locale and version (`…/index.html`),
//! the answers of the docs' server functions for each of them
//! (`api/<function>/<query in hex>.json`, cut into folders
//! of at most 200 characters), their `.md` twins, `llms.txt` and
//! `llms-full.txt` per locale, `sitemap.xml`, `robots.txt`, the social images,
//! the search index of each locale and version (`search-index/…json`, searched in
//! the browser), `/` and `/ko`, `404.html`, and the site folder's assets.

use std::{
    path::{Component, Path, PathBuf},
    time::{Duration, Instant},
};

use axum::{body::Body, Router};
use futures::{stream, StreamExt, TryStreamExt};
use http::{Request, StatusCode};
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

use app::{
    docs::model::DEFAULT_LOCALE,
    locale::Locale,
    routes::docs::slug_of_path,
    server::docs::{GetDocPage, GetNavbar, GetPageMarkdown, GetSidebar, GetSidebarFolder},
    static_export::{answer_file, StaticExport},
};

use crate::Config;

/// Pages rendered at once: enough to keep every core busy.
const IN_FLIGHT: usize = 16;

/// Pages only the server can answer, which an export leaves out.
pub const SERVER_PAGES: [&str; 4] = ["/repos", "/user/…", "/search", "/api/github-repos/…"];

/// Why the export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The services could not start.
    #[error(transparent)]
    Start(#[from] crate::StartError),
    /// A file could not be written or copied.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The site answered a URL it should have answered with something else.
    #[error("{url}: the site answered {status}")]
    Status {
        /// The URL asked for.
        url: String,
        /// Its answer's status.
        status: StatusCode,
    },
    /// A URL that cannot be a file inside the export.
    #[error("{0}: not a path inside the export")]
    Path(String),
    /// A server function's arguments could not be written as a query.
    #[error("{0}")]
    Query(String),
    /// A search index could not be read back for the browser.
    #[error("the {0} search index: {1}")]
    Search(Locale, String),
    /// The router failed (it does not: its error type is `Infallible`).
    #[error("{0}")]
    Router(String),
}

/// What an export wrote.
#[derive(Debug, Default)]
pub struct Report {
    /// Docs pages and home pages written as HTML.
    pub pages: usize,
    /// Other files written (data, Markdown, images, assets).
    pub files: usize,
    /// How long it took.
    pub elapsed: Duration,
}

/// Writes the site that `config` serves into `out`, its links to server-only
/// pages pointing at `live_url` (or left out).
pub async fn export(config: &Config, out: &Path, live_url: Option<String>) -> Result<Report, ExportError> {
    let started = Instant::now();
    let mut state = crate::services(config)?;
    state.stars.refresh().await;
    state.export = Some(StaticExport { live_url });
    let content = state.content.snapshot();
    // Each answer is asked for once and written uncompressed: nothing to keep or compress ahead.
    let pages = crate::PageCache::passing_through(crate::page_cache_policy(config));
    let router = crate::router_with_pages(config, state, pages);
    let site = Site { router, out: out.to_owned() };

    // Every docs route of every locale and version, then the home pages.
    let mut routes = Vec::new();
    for locale in content.docs.locales() {
        routes.extend(content.docs.served_routes(locale).into_iter().map(|route| (locale, route)));
    }
    for older in &content.versions.older {
        for locale in older.docs.locales() {
            routes.extend(older.docs.served_routes(locale).into_iter().map(|route| (locale, route)));
        }
    }
    let docs_pages = routes.len();
    // A sidebar group's entries, for a sidebar that shows it closed: every folder above a page.
    let mut groups = std::collections::BTreeSet::new();
    for (locale, route) in &routes {
        let mut path = route.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if parent.is_empty() {
                break;
            }
            groups.insert((locale.tag(), parent.to_owned()));
            path = parent;
        }
        groups.insert((locale.tag(), route.clone()));
    }
    let files: usize = stream::iter(routes.iter().map(|(locale, route)| site.docs_page(*locale, route)))
        .buffer_unordered(IN_FLIGHT)
        .try_fold(0, |total, files| async move { Ok(total + files) })
        .await?;

    let mut other = 0;
    for (tag, path) in groups {
        let Some(locale) = Locale::from_tag(tag) else { continue };
        let (url, file) = call(GetSidebarFolder::PATH, &GetSidebarFolder { locale, path })?;
        other += usize::from(site.write_if_found(&url, &file).await?);
    }
    for home in ["/", "/ko"] {
        site.write_ok(home, &page_file(home)?).await?;
    }
    for locale in content.docs.locales() {
        let prefix = if locale == DEFAULT_LOCALE { String::new() } else { format!("/{locale}") };
        for name in ["llms.txt", "llms-full.txt"] {
            let url = format!("{prefix}/{name}");
            site.write_ok(&url, &url).await?;
            other += 1;
        }
    }
    // The search indexes the browser searches (app::search::static_index), per locale and version.
    let current = (!content.versions.older.is_empty()).then(|| content.versions.current_label.clone());
    for locale in content.docs.locales() {
        site.write_search(&content.search, locale, None, current.clone()).await?;
        other += 1;
    }
    for older in &content.versions.older {
        for locale in older.docs.locales() {
            site.write_search(&older.search, locale, Some(&older.id), Some(older.label.clone())).await?;
            other += 1;
        }
    }
    for url in ["/sitemap.xml", "/robots.txt"] {
        site.write_ok(url, url).await?;
        other += 1;
    }
    let (status, body) = site.get("/__leptra-export/not-found").await?;
    if status != StatusCode::NOT_FOUND {
        return Err(ExportError::Status { url: "a missing page".into(), status });
    }
    site.write("/404.html", static_page(&body, &config.leptos)?.as_bytes()).await?;
    let root = PathBuf::from(config.leptos.site_root.as_ref());
    other += copy_folder(root, out.to_owned()).await?;

    Ok(Report { pages: docs_pages + 2, files: files + other + 1, elapsed: started.elapsed() })
}

/// The router, and the folder it is written into.
struct Site {
    router: Router,
    out: PathBuf,
}

impl Site {
    /// The status and body of `GET url`.
    async fn get(&self, url: &str) -> Result<(StatusCode, axum::body::Bytes), ExportError> {
        let request =
            Request::get(url).body(Body::empty()).map_err(|err| ExportError::Path(format!("{url}: {err}")))?;
        let response =
            self.router.clone().oneshot(request).await.map_err(|err| ExportError::Router(err.to_string()))?;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|err| ExportError::Router(format!("{url}: {err}")))?;
        Ok((status, body))
    }

    /// Writes the answer to `GET url` at `file`, which must be a success.
    async fn write_ok(&self, url: &str, file: &str) -> Result<(), ExportError> {
        let (status, body) = self.get(url).await?;
        if !status.is_success() {
            return Err(ExportError::Status { url: url.to_owned(), status });
        }
        self.write(file, &body).await
    }

    /// Writes the answer to `GET url` at `file` when it is a success; whether it was.
    async fn write_if_found(&self, url: &str, file: &str) -> Result<bool, ExportError> {
        let (status, body) = self.get(url).await?;
        if !status.is_success() {
            return Ok(false);
        }
        self.write(file, &body).await.map(|()| true)
    }

    /// Writes `body` at the export's `file` (a URL path).
    async fn write(&self, file: &str, body: &[u8]) -> Result<(), ExportError> {
        let path = inside(&self.out, file)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|source| ExportError::Io { path: parent.into(), source })?;
        }
        tokio::fs::write(&path, body).await.map_err(|source| ExportError::Io { path, source })
    }

    /// `locale`'s search index of the docs version `id` (the current one when
    /// `None`), labelled `label`, as the browser reads it.
    async fn write_search(
        &self,
        search: &app::search::SearchIndex,
        locale: Locale,
        id: Option<&str>,
        label: Option<String>,
    ) -> Result<(), ExportError> {
        let file = app::search::static_index::index_file(locale, id);
        let index = match search.export(locale, label) {
            Some(index) => index.map_err(|err| ExportError::Search(locale, err.to_string()))?,
            None => Default::default(),
        };
        let json = serde_json::to_vec(&index).map_err(|err| ExportError::Search(locale, err.to_string()))?;
        self.write(&file, &json).await
    }

    /// One docs page, everything client navigation and its buttons read for
    /// it, its Markdown twin and its social image; how many files.
    async fn docs_page(&self, locale: Locale, route: &str) -> Result<usize, ExportError> {
        self.write_ok(route, &page_file(route)?).await?;
        let slug = slug_of_path(route);
        let data = [
            call(GetDocPage::PATH, &GetDocPage { locale, slug: slug.clone() })?,
            call(GetPageMarkdown::PATH, &GetPageMarkdown { locale, slug })?,
            call(GetSidebar::PATH, &GetSidebar { locale, route: route.to_owned() })?,
            call(GetNavbar::PATH, &GetNavbar { locale, route: route.to_owned() })?,
        ];
        for (url, file) in &data {
            self.write_ok(url, file).await?;
        }
        let mut files = 1 + data.len();
        let markdown = format!("{route}.md");
        files += usize::from(self.write_if_found(&markdown, &markdown).await?);
        let image = format!("/og{route}.png");
        files += usize::from(self.write_if_found(&image, &image).await?);
        Ok(files)
    }
}

/// The 404 page without the script that loads the bundle. A static host
/// answers every missing URL with this one file, but the router in the
/// browser would read the URL it is shown at (a docs address makes the docs
/// layout, another the not-found route) and not find the page it was
/// rendered for. Without hydration it stays as rendered, its links plain ones.
fn static_page(html: &[u8], options: &leptos::config::LeptosOptions) -> Result<String, ExportError> {
    let html = String::from_utf8_lossy(html);
    let bundle = app::server::assets::bundle(options);
    let loader = format!("<script>{}</script>", app::server::assets::loader_script(Locale::en, bundle));
    if !html.contains(&loader) {
        return Err(ExportError::Path("404.html: the page has no bundle loader to leave out".into()));
    }
    Ok(html.replacen(&loader, "", 1))
}

/// The URL of a `GetUrl` server function's call with `args`, and the file
/// of the export that holds its answer (`app::static_export::answer_file`).
fn call(path: &str, args: &impl serde::Serialize) -> Result<(String, String), ExportError> {
    let query = serde_qs::to_string(args).map_err(|err| ExportError::Query(format!("{path}: {err}")))?;
    Ok((format!("{path}?{query}"), answer_file(path, &query)))
}

/// The file of the page at `route`: its folder's `index.html`, which every
/// static host serves at the folder's URL.
fn page_file(route: &str) -> Result<String, ExportError> {
    if !route.starts_with('/') {
        return Err(ExportError::Path(route.to_owned()));
    }
    Ok(format!("{}/index.html", route.trim_end_matches('/')))
}

/// `file` (a URL path) as a path inside `out`; never outside it.
fn inside(out: &Path, file: &str) -> Result<PathBuf, ExportError> {
    let relative = Path::new(file.trim_start_matches('/'));
    if relative.as_os_str().is_empty() || !relative.components().all(|part| matches!(part, Component::Normal(_))) {
        return Err(ExportError::Path(file.to_owned()));
    }
    Ok(out.join(relative))
}

/// Copies the site folder (`pkg/` and the public files) into `out`; how many files.
async fn copy_folder(from: PathBuf, to: PathBuf) -> Result<usize, ExportError> {
    tokio::task::spawn_blocking(move || copy_tree(&from, &to))
        .await
        .map_err(|err| ExportError::Router(err.to_string()))?
}

fn copy_tree(from: &Path, to: &Path) -> Result<usize, ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().map_err(io(&source))?.is_dir() {
            copied += copy_tree(&source, &target)?;
        } else {
            std::fs::copy(&source, &target).map_err(io(&source))?;
            copied += 1;
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_the_index_of_its_folder() {
        assert_eq!(page_file("/").expect("a route"), "/index.html");
        assert_eq!(page_file("/docs/guide/ssr").expect("a route"), "/docs/guide/ssr/index.html");
        assert!(page_file("docs").is_err());
    }

    #[test]
    fn no_file_is_written_outside_the_export() {
        let out = Path::new("/tmp/out");
        assert_eq!(inside(out, "/docs/a/index.html").expect("inside"), out.join("docs/a/index.html"));
        for bad in ["", "/", "/../etc/passwd", "/docs/../../x", "/./x"] {
            assert!(inside(out, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_call_is_written_where_the_browser_asks_for_it() {
        let (url, file) =
            call(GetDocPage::PATH, &GetDocPage { locale: Locale::ko, slug: "guide/ssr".into() }).expect("a query");
        assert_eq!(url, "/api/get_doc_page?locale=ko&slug=guide%2Fssr");
        assert_eq!(file, answer_file("/api/get_doc_page", "locale=ko&slug=guide%2Fssr"));
    }
}
