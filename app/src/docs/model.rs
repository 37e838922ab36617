//! The typed, serializable form of a docs page, of the sidebar and of a
//! page's text for search.
//!
//! The server renders Markdown into these types once; the same values are
//! rendered to HTML on the server, serialized for hydration, and sent as JSON
//! on client navigation. Built-in components are variants of [`Block`], which
//! the server renders into a page's body HTML.
//!
//! This is the bottom of the docs engine: every stage (Markdown, the store,
//! search) builds or reads these types, and this module uses none of them
//! (only the site-wide [`Locale`]).

use serde::{Deserialize, Serialize};

use crate::locale::Locale;

/// One block of page content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// Prose rendered from Markdown by the server (paragraphs, lists, tables,
    /// footnotes, math as MathML). Built only from the site's own content, with
    /// raw HTML in Markdown escaped.
    Html(String),
    /// A heading with its anchor id; `html` is its inline content.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The unique anchor id (slug).
        id: String,
        /// The heading's inline HTML.
        html: String,
    },
    /// A highlighted code block.
    Code(CodeBlock),
    /// A callout (also what GitHub alerts `> [!NOTE]` become).
    Callout {
        /// Its kind, which sets colour and icon.
        kind: CalloutKind,
        /// An optional title; the kind's name is shown otherwise.
        title: Option<String>,
        /// The content.
        children: Vec<Block>,
    },
    /// Tabs; groups with the same `key` switch together and remember the choice.
    Tabs {
        /// The sync key, if any.
        key: Option<String>,
        /// The tabs, in order.
        tabs: Vec<Tab>,
    },
    /// A grid of link cards.
    Cards(Vec<Card>),
    /// Numbered steps; each level-3 heading inside starts a step.
    Steps(Vec<Block>),
    /// A file tree.
    FileTree(Vec<FileNode>),
    /// The live "stars" figure of the configured repository.
    Stars,
}

/// A highlighted code block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeBlock {
    /// The language from the info string, if any.
    pub lang: Option<String>,
    /// The `filename="…"` title, if any.
    pub filename: Option<String>,
    /// One HTML string per line: spans with `hl-` classes, balanced on each line.
    pub lines: Vec<String>,
    /// 1-based numbers of the lines to emphasise (`{1,3-4}`).
    pub highlighted: Vec<u32>,
    /// The plain source, for the copy button.
    pub code: String,
}

/// The kinds of callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalloutKind {
    /// Neutral information.
    Note,
    /// Helpful advice.
    Tip,
    /// Something users need to know.
    Important,
    /// Something that may go wrong.
    Warning,
    /// Something dangerous.
    Caution,
}

impl CalloutKind {
    /// The lowercase name, used as a CSS class and in directives.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Tip => "tip",
            Self::Important => "important",
            Self::Warning => "warning",
            Self::Caution => "caution",
        }
    }
}

/// One tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tab {
    /// The tab's label.
    pub label: String,
    /// Its content.
    pub children: Vec<Block>,
}

/// One link card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The card's title.
    pub title: String,
    /// Where it links.
    pub href: String,
    /// A sentence under the title.
    pub description: String,
}

/// A file or folder in a file tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileNode {
    /// The name, without a trailing slash.
    pub name: String,
    /// Whether this is a folder.
    pub folder: bool,
    /// Its entries, for folders.
    pub children: Vec<FileNode>,
}

/// An entry of the "On this page" table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's anchor id.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A titled link (breadcrumb, previous and next).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    /// The title shown.
    pub title: String,
    /// The URL path, e.g. `/docs/guide/ssr`.
    pub href: String,
}

/// Everything one docs page shows except the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocPage {
    /// The locale of the content shown; on the wire its tag (`"en"`, `"ko"`).
    pub locale: Locale,
    /// The page's URL path, e.g. `/docs/guide/ssr` or `/ko/docs`.
    pub route: String,
    /// The title (front matter, else the first heading, else the file name).
    pub title: String,
    /// The description for meta and Open Graph tags.
    pub description: String,
    /// The table of contents (levels 2 and 3).
    pub toc: Vec<TocEntry>,
    /// The content as HTML, rendered by the server from the page's blocks
    /// (see `docs::html`): the browser inserts it as it is.
    pub body: String,
    /// When the source last changed (RFC 3339), from git or the file's mtime.
    pub last_updated: Option<String>,
    /// "Edit this page" URL.
    pub edit_url: Option<String>,
    /// From the docs root down to this page's parent.
    pub breadcrumb: Vec<NavLink>,
    /// The previous page in sidebar order.
    pub prev: Option<NavLink>,
    /// The next page in sidebar order.
    pub next: Option<NavLink>,
    /// Set when the page was missing in the asked locale and this is the fallback's content.
    pub fallback: bool,
    /// The page's own content problems (`file:line:column: message`), shown
    /// above its text while authors watch their edits; empty otherwise.
    #[serde(default)]
    pub problems: Vec<String>,
    /// The parts of the chrome the page shows.
    #[serde(default)]
    pub layout: PageLayout,
    /// The versions of the docs, when the site has more than one.
    #[serde(default)]
    pub versions: Option<PageVersions>,
    /// The site's name, for the page's social image and structured data (`site.toml`).
    #[serde(default)]
    pub site_name: String,
    /// The link that opens an issue about the page, when the site has one (`site.toml`).
    #[serde(default)]
    pub feedback_url: Option<String>,
}

/// A docs page as the browser shows it: [`DocPage`] with everything around
/// its body rendered by the server (`docs::html::page_view`). What a direct
/// load serializes for hydration and `get_doc_page` answers: the browser
/// inserts the HTML as it is, so it holds no code for the parts it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    /// The locale of the content shown (its body's `lang`); on the wire its tag.
    pub locale: Locale,
    /// The page's URL path, e.g. `/docs/guide/ssr` or `/ko/docs`.
    pub route: String,
    /// The title, for `<title>` and the page's metadata.
    pub title: String,
    /// The description for meta and Open Graph tags.
    pub description: String,
    /// The path of the page's social image.
    pub image: String,
    /// The page's JSON-LD (breadcrumb and article).
    pub structured_data: String,
    /// Above the body: the breadcrumb, the page actions and the notices.
    pub head: String,
    /// The content, as [`DocPage::body`].
    pub body: String,
    /// Below the body: when it was last updated, its links, previous and next.
    pub foot: String,
    /// "On this page"; empty when the page shows none.
    pub toc: String,
    /// The version switcher above the sidebar; empty when the site has one version.
    pub switcher: String,
    /// Set when the page was missing in the asked locale and this is the fallback's content.
    pub fallback: bool,
    /// The parts of the chrome the page shows.
    pub layout: PageLayout,
    /// The label of the version shown when the site has more than one (the
    /// notice for a page missing in a version names it); empty otherwise.
    pub version: String,
    /// An older version that search engines are asked not to index.
    pub noindex: bool,
}

/// Where a page stands among the versions of the docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageVersions {
    /// The label of the version shown.
    pub label: String,
    /// The label of the latest version.
    pub latest: String,
    /// Set on pages of an older version: the same page in the latest
    /// version, or that version's first page when it has no such page.
    pub latest_href: Option<String>,
    /// Whether `latest_href` is the same page (else the latest version's first page).
    pub latest_has_page: bool,
    /// An older version that search engines are asked not to index.
    pub noindex: bool,
    /// Every version, latest first, for the switcher.
    pub choices: Vec<VersionChoice>,
}

/// One entry of the version switcher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionChoice {
    /// Its label.
    pub label: String,
    /// The same page in that version, or its first page with `?missing=1`.
    pub href: String,
    /// The version being read.
    pub selected: bool,
}

/// Which parts of the docs chrome a page shows: the defaults, then every
/// `_meta.json` entry on the way to the page (a folder's entry applies to
/// everything inside it), then the page's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLayout {
    /// "On this page".
    pub toc: bool,
    /// The docs sidebar.
    pub sidebar: bool,
    /// The breadcrumb above the title.
    pub breadcrumb: bool,
    /// Previous and next links.
    pub pagination: bool,
    /// "Last updated on".
    pub timestamp: bool,
    /// The site footer.
    pub footer: bool,
    /// `layout: full`: no sidebar and no "On this page", the content as wide as the window.
    pub full: bool,
}

impl Default for PageLayout {
    fn default() -> Self {
        Self {
            toc: true,
            sidebar: true,
            breadcrumb: true,
            pagination: true,
            timestamp: true,
            footer: true,
            full: false,
        }
    }
}

/// An entry of the navbar that the docs' root `_meta.json` adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NavbarItem {
    /// A tab (a top-level folder or page with `"type": "page"`) or a link.
    Link(NavbarLink),
    /// `"type": "menu"`: a drop-down of links.
    Menu {
        /// The label of the drop-down.
        title: String,
        /// Its links, in order.
        items: Vec<NavbarLink>,
    },
}

/// One link of the navbar or of a navbar menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavbarLink {
    /// The label.
    pub title: String,
    /// A site path or an absolute URL.
    pub href: String,
    /// Another site's page: opened in a new tab, marked ↗.
    pub external: bool,
}

/// One sidebar entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SidebarItem {
    /// A page.
    Page {
        /// Sidebar title.
        title: String,
        /// URL path.
        href: String,
    },
    /// A collapsible group (a folder).
    Folder {
        /// Group title.
        title: String,
        /// The folder's own page (its `index.md`), if any.
        href: Option<String>,
        /// The folder's URL path prefix, e.g. `/docs/guide`; also the key for loading children.
        path: String,
        /// The entries, or `None` when they are loaded on demand (collapsed group).
        children: Option<Vec<SidebarItem>>,
    },
    /// A separator with an optional title.
    Separator {
        /// The label shown, may be empty.
        title: String,
    },
    /// An external link.
    External {
        /// Title shown.
        title: String,
        /// Absolute URL.
        href: String,
    },
}

/// One page's text for the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// The page's locale.
    pub locale: Locale,
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

/// The locale whose pages every other locale falls back to.
pub const DEFAULT_LOCALE: Locale = Locale::en;

/// The URL prefix of a locale's docs: `/docs` for English, `/ko/docs` for Korean.
///
/// Kept here, beside the types, so the server and the browser build the same
/// links from a locale.
pub fn docs_base(locale: Locale) -> String {
    if locale == DEFAULT_LOCALE {
        "/docs".to_owned()
    } else {
        format!("/{}/docs", locale.tag())
    }
}

/// The URL prefix of a version of a locale's docs: `/docs` for the current
/// version, `/ko/docs/0.1` for an older one.
pub fn docs_base_in(locale: Locale, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{}/{version}", docs_base(locale)),
        None => docs_base(locale),
    }
}

/// `base` joined with a slug: `base` itself for the root page.
pub fn route_in(base: &str, slug: &str) -> String {
    if slug.is_empty() {
        base.to_owned()
    } else {
        format!("{base}/{slug}")
    }
}

/// The older version a docs URL path is in, if any: the segment after the
/// docs prefix when it starts with a digit (a version id always does, and
/// the current version's pages never are named so), e.g. `0.1` in
/// `/ko/docs/0.1/guide`. Lets the browser tell versions apart without asking.
pub fn version_of_route(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/ko").filter(|r| r.starts_with("/docs")).unwrap_or(path);
    let rest = rest.strip_prefix("/docs/")?;
    let segment = rest.split('/').next()?;
    segment.starts_with(|c: char| c.is_ascii_digit()).then_some(segment)
}

/// Whether `route` is `section` or a page below it, segment by segment (the
/// rule of the router's `<A>`): `/docs/reference/front-matter` is within
/// `/docs/reference`, `/docs/referenced` is not.
pub fn route_is_within(route: &str, section: &str) -> bool {
    route == section || route.strip_prefix(section).is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a link to `href` is the page at `route` (the router's exact
/// match, as a sidebar link's: a trailing slash names the same page).
pub fn is_current_page(href: &str, route: &str) -> bool {
    !route.is_empty() && href.trim_end_matches('/') == route.trim_end_matches('/')
}

/// The slug of the page at `route` in `locale`'s docs (`guide/ssr` for
/// `/ko/docs/guide/ssr`, `""` for the root page): [`docs_route`]'s inverse.
pub fn docs_slug(locale: Locale, route: &str) -> &str {
    route.strip_prefix(&docs_base(locale)).unwrap_or_default().trim_matches('/')
}

/// The URL path of a page from its locale and slug (`""` for the root page,
/// `guide/ssr` for a nested one), e.g. `/ko/docs/guide/ssr`.
pub fn docs_route(locale: Locale, slug: &str) -> String {
    let base = docs_base(locale);
    if slug.is_empty() {
        base
    } else {
        format!("{base}/{slug}")
    }
}
