//! Which page a path shows, the location as signals, and links that move
//! without reloading the document.
//!
//! Leptra's pages are a fixed set of paths ([`Page`]), so it routes them
//! itself instead of with `leptos_router`: in a minimal app of Leptra's shape,
//! `leptos_router` is 37 KB of the wasm (brotli), a quarter of the first-load
//! budget (see README, "First load on a phone"). The server still lists these
//! pages for `leptos_axum` with `leptos_router`'s types ([`listing`]).
//!
//! In the browser a click on a link to another page of the site (left button,
//! no modifier key, no `target`, `download` or `rel="external"`) pushes the
//! new address and updates the location's signals; the page's components
//! follow it, and fetch their data with one server-function request. Back
//! and forward do the same from the history.

use leptos::prelude::*;

use crate::locale::{split_path, Locale};

/// The pages of the site, by path (in either locale: `/ko/…` is the same page in Korean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/`: the landing page.
    Home,
    /// `/repos`: the form that asks for a GitHub username.
    Repos,
    /// `/search?q=…`: the docs' search results.
    Search,
    /// `/user/{username}`: a user's repositories.
    User,
    /// `/docs` and every path below it, in the docs of `Locale`.
    Docs(Locale),
    /// Any other path: the 404 page.
    NotFound,
}

impl Page {
    /// The page at `path` (the URL's path, without query or fragment).
    pub fn at(path: &str) -> Self {
        let (locale, rest) = split_path(path);
        let rest = if rest.len() > 1 { rest.strip_suffix('/').unwrap_or(rest) } else { rest };
        match rest {
            "/" => Self::Home,
            "/repos" => Self::Repos,
            "/search" => Self::Search,
            "/docs" => Self::Docs(locale),
            _ if rest.starts_with("/docs/") => Self::Docs(locale),
            _ if username_in(rest).is_some() => Self::User,
            _ => Self::NotFound,
        }
    }
}

/// The username of a `/user/{username}` path, percent-decoded.
pub fn username_of(path: &str) -> Option<String> {
    username_in(split_path(path).1).map(decode)
}

/// The username segment of a locale-neutral `/user/{username}` path, as written.
fn username_in(rest: &str) -> Option<&str> {
    let name = rest.strip_prefix("/user/")?;
    let name = name.strip_suffix('/').unwrap_or(name);
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

/// The slug of a docs path below its base, percent-decoded: `guide/ssr` for
/// `/ko/docs/guide/ssr`, empty for the docs index.
pub fn docs_slug(path: &str) -> String {
    let (_, rest) = split_path(path);
    decode(rest.strip_prefix("/docs").unwrap_or_default().trim_matches('/'))
}

/// A path segment as it was meant: `%XX` decoded (invalid UTF-8 replaced).
fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// Every page's path pattern for the server's router. A page with data
/// (`app::page_data`) is sent in one piece (`SsrMode::Async`), the others
/// streamed as they render; neither waits for anything, as the data is loaded
/// before the page renders.
#[cfg(feature = "ssr")]
pub fn listing() -> Vec<leptos_axum::AxumRouteListing> {
    use leptos_router::{Method, SsrMode};
    const PAGES: [(&str, bool); 6] = [
        ("/", false),
        ("/repos", false),
        ("/search", true),
        ("/user/{username}", true),
        ("/docs", true),
        ("/docs/{*slug}", true),
    ];
    let localized = |path: &str| if path == "/" { "/ko".to_owned() } else { format!("/ko{path}") };
    PAGES
        .into_iter()
        .flat_map(|(path, data)| [(path.to_owned(), data), (localized(path), data)])
        .map(|(path, data)| {
            let mode = if data { SsrMode::Async } else { SsrMode::OutOfOrder };
            leptos_axum::AxumRouteListing::new(path, mode, [Method::Get], Vec::new())
        })
        .collect()
}

/// An address inside the site: what the address bar shows after the origin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Address {
    /// The path, e.g. `/user/octocat`.
    path: String,
    /// The query without its `?`; empty when there is none.
    search: String,
    /// The fragment with its `#`; empty when there is none.
    hash: String,
}

impl Address {
    /// Splits `path?query#fragment`.
    fn parse(href: &str) -> Self {
        let (rest, hash) = match href.find('#') {
            Some(at) => (&href[..at], &href[at..]),
            None => (href, ""),
        };
        let (path, search) = rest.split_once('?').unwrap_or((rest, ""));
        Self {
            path: if path.is_empty() { "/".to_owned() } else { path.to_owned() },
            search: search.to_owned(),
            hash: if hash == "#" { String::new() } else { hash.to_owned() },
        }
    }

    /// The address as the history records it.
    #[cfg(any(feature = "hydrate", test))]
    fn href(&self) -> String {
        let query = if self.search.is_empty() { "" } else { "?" };
        format!("{}{query}{}{}", self.path, self.search, self.hash)
    }
}

/// A URL's query, decoded (`+` and `%XX`), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Decodes `search` (without its `?`).
    pub fn parse(search: &str) -> Self {
        Self(form_urlencoded::parse(search.as_bytes()).into_owned().collect())
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(name, _)| name == key).map(|(_, value)| value.clone())
    }
}

/// The location being shown, as signals.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// The path, e.g. `/ko/docs/guide/ssr`.
    pub pathname: Memo<String>,
    /// The query without its `?`.
    pub search: Memo<String>,
    /// The fragment with its `#`, or empty.
    pub hash: Memo<String>,
    /// The query, decoded.
    pub query: Memo<Query>,
}

/// How [`use_navigate`]'s function moves.
#[derive(Debug, Clone, Copy)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the fragment's element, or to the top.
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        Self { replace: false, scroll: true }
    }
}

/// The router's state, in the app's context.
#[derive(Clone, Copy)]
struct Router {
    address: RwSignal<Address>,
    location: Location,
}

/// Starts routing for the app being rendered: the location comes from the
/// request on the server and from the address bar in the browser, where
/// links and the history then move it.
pub fn provide_router() {
    #[cfg(feature = "ssr")]
    let start = use_context::<http::request::Parts>()
        .and_then(|request| request.uri.path_and_query().map(|url| Address::parse(url.as_str())))
        .unwrap_or_else(|| Address::parse("/"));
    #[cfg(not(feature = "ssr"))]
    let start = browser::current();
    let address = RwSignal::new(start);
    let location = Location {
        pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
        search: Memo::new(move |_| address.with(|a| a.search.clone())),
        hash: Memo::new(move |_| address.with(|a| a.hash.clone())),
        query: Memo::new(move |_| address.with(|a| Query::parse(&a.search))),
    };
    provide_context(Router { address, location });
    #[cfg(feature = "hydrate")]
    browser::listen(address);
}

fn router() -> Router {
    expect_context::<Router>()
}

/// The location being shown.
pub fn use_location() -> Location {
    router().location
}

/// The query of the location being shown, decoded.
pub fn use_query_map() -> Memo<Query> {
    router().location.query
}

/// The page being shown.
pub fn use_page() -> Memo<Page> {
    let pathname = use_location().pathname;
    Memo::new(move |_| Page::at(&pathname.read()))
}

/// A function that moves to `href` (a path, with an optional query and
/// fragment) without reloading the document.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let address = router().address;
    move |href: &str, options: NavigateOptions| {
        #[cfg(feature = "hydrate")]
        browser::go(address, Address::parse(href), options);
        #[cfg(not(feature = "hydrate"))]
        let _ = (address, href, options);
    }
}

/// A link within the site, marked `aria-current="page"` while its page, or a
/// page below it, is shown. (Any `<a>` moves without reloading; this one also
/// says where the reader is.)
#[component]
pub fn A(
    /// Where it leads: a path of the site.
    href: impl Fn() -> String + Send + Sync + 'static,
    /// Its class.
    #[prop(optional)]
    class: &'static str,
    /// What it shows.
    children: Children,
) -> impl IntoView {
    link(Signal::derive(href), class, children)
}

/// [`A`]'s body, compiled once for every kind of `href`.
fn link(href: Signal<String>, class: &'static str, children: Children) -> AnyView {
    let pathname = use_location().pathname;
    let current = move || {
        let here = pathname.read();
        href.with(|href| crate::docs::model::route_is_within(&here, href)).then_some("page")
    };
    view! { <a href=href class=(!class.is_empty()).then_some(class) aria-current=current>{children()}</a> }.into_any()
}

#[cfg(not(feature = "ssr"))]
mod browser {
    //! The address bar and the history.

    use leptos::prelude::*;
    #[cfg(feature = "hydrate")]
    use wasm_bindgen::JsCast;

    use super::Address;
    #[cfg(feature = "hydrate")]
    use super::NavigateOptions;

    /// The address the browser shows.
    pub(super) fn current() -> Address {
        let location = window().location();
        Address {
            path: location.pathname().unwrap_or_default(),
            search: location.search().unwrap_or_default().trim_start_matches('?').to_owned(),
            hash: location.hash().unwrap_or_default(),
        }
    }

    /// Moves to `next`: records it in the history, shows it, then scrolls.
    #[cfg(feature = "hydrate")]
    pub(super) fn go(address: RwSignal<Address>, next: Address, options: NavigateOptions) {
        let moves = address.with_untracked(|shown| *shown != next);
        if let Ok(history) = window().history() {
            let href = next.href();
            let _ = if options.replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            } else if moves {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            } else {
                Ok(())
            };
        }
        let hash = next.hash.clone();
        if moves {
            address.set(next);
        }
        // After the new page's components have rendered.
        request_animation_frame(move || scroll(&hash, options.scroll));
    }

    /// Scrolls the fragment's element into view; without one, to the top if `to_top`.
    #[cfg(feature = "hydrate")]
    fn scroll(hash: &str, to_top: bool) {
        let id = hash.strip_prefix('#').unwrap_or_default();
        let id = js_sys::decode_uri_component(id).ok().and_then(|id| id.as_string()).unwrap_or_else(|| id.to_owned());
        if let Some(element) = (!id.is_empty()).then(|| document().get_element_by_id(&id)).flatten() {
            element.scroll_into_view();
        } else if to_top {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Follows clicks on the site's links, and back and forward.
    #[cfg(feature = "hydrate")]
    pub(super) fn listen(address: RwSignal<Address>) {
        let _ = window_event_listener(leptos::ev::click, move |ev| {
            if let Some(next) = followed(&ev) {
                ev.prevent_default();
                go(address, next, NavigateOptions::default());
            }
        });
        let _ = window_event_listener(leptos::ev::popstate, move |_| address.set(current()));
    }

    /// Where a click leads, when it is a plain click on a link this router
    /// follows: to the site's own origin, in this tab, not a download, not
    /// marked `rel="external"`.
    #[cfg(feature = "hydrate")]
    fn followed(ev: &web_sys::MouseEvent) -> Option<Address> {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return None;
        }
        let link = ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest("a[href]").ok()??;
        let link = link.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
        let external =
            link.get_attribute("rel").is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
        if !link.target().is_empty() || link.has_attribute("download") || external {
            return None;
        }
        if link.origin() != window().location().origin().ok()? {
            return None;
        }
        Some(Address {
            path: link.pathname(),
            search: link.search().trim_start_matches('?').to_owned(),
            hash: link.hash(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_has_one_page_in_either_locale() {
        assert_eq!(Page::at("/"), Page::Home);
        assert_eq!(Page::at("/ko"), Page::Home);
        assert_eq!(Page::at("/ko/"), Page::Home);
        assert_eq!(Page::at("/repos"), Page::Repos);
        assert_eq!(Page::at("/ko/repos/"), Page::Repos);
        assert_eq!(Page::at("/search"), Page::Search);
        assert_eq!(Page::at("/user/octocat"), Page::User);
        assert_eq!(Page::at("/ko/user/octocat"), Page::User);
        assert_eq!(Page::at("/docs"), Page::Docs(Locale::en));
        assert_eq!(Page::at("/docs/guide/ssr"), Page::Docs(Locale::en));
        assert_eq!(Page::at("/ko/docs/guide/ssr"), Page::Docs(Locale::ko));
        for unknown in ["/user", "/user/", "/user/a/b", "/docsx", "/kor", "/repos/x", "/favicon.ico"] {
            assert_eq!(Page::at(unknown), Page::NotFound, "{unknown}");
        }
    }

    #[test]
    fn route_parameters_come_from_the_path_decoded() {
        assert_eq!(username_of("/ko/user/octo-cat").as_deref(), Some("octo-cat"));
        assert_eq!(username_of("/user/octocat/").as_deref(), Some("octocat"));
        assert_eq!(username_of("/user/a%20b%3C").as_deref(), Some("a b<"));
        assert_eq!(docs_slug("/docs"), "");
        assert_eq!(docs_slug("/docs/"), "");
        assert_eq!(docs_slug("/ko/docs/0.1/guide/ssr/"), "0.1/guide/ssr");
    }

    #[test]
    fn an_address_splits_into_path_query_and_fragment() {
        let address = Address::parse("/user/a?sort=stars&q=x+y#top");
        assert_eq!(address.path, "/user/a");
        assert_eq!(address.search, "sort=stars&q=x+y");
        assert_eq!(address.hash, "#top");
        assert_eq!(address.href(), "/user/a?sort=stars&q=x+y#top");
        assert_eq!(Address::parse("?q=1").path, "/");
        assert_eq!(Address::parse("/a#").href(), "/a");
    }

    #[test]
    fn a_query_is_decoded_and_keeps_its_first_value() {
        let query = Query::parse("q=x+y%21&lang=&q=second&bad=%ZZ");
        assert_eq!(query.get("q").as_deref(), Some("x y!"));
        assert_eq!(query.get("lang").as_deref(), Some(""));
        assert_eq!(query.get("bad").as_deref(), Some("%ZZ"));
        assert_eq!(query.get("missing"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_server_lists_every_page_in_both_locales() {
        let paths: Vec<String> = listing().iter().map(|route| route.path().to_owned()).collect();
        for path in [
            "/",
            "/ko",
            "/repos",
            "/ko/repos",
            "/search",
            "/ko/search",
            "/user/{username}",
            "/ko/user/{username}",
            "/docs",
            "/ko/docs",
            "/docs/{*slug}",
            "/ko/docs/{*slug}",
        ] {
            assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
        }
        assert_eq!(paths.len(), 12);
    }
}
