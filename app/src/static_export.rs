//! The site exported as static files (`server export`, see `scripts/export.sh`).
//!
//! An export is the served site's pages and their data, written to a folder
//! that any static host serves. Two things differ from the served site, and
//! both are decided here:
//!
//! - **Data.** Client navigation reads a docs page, its sidebar and navbar
//!   through resources over `GetUrl` server functions. A static host cannot
//!   choose a file by a query string, so those server functions use
//!   [`StaticClient`]: in an exported page it asks for
//!   [`answer_file`]`(path, query)`, the file the exporter wrote from the same
//!   server function's answer; in a served page it is server_fn's own browser
//!   client. Resources and server functions stay as they are.
//! - **Pages that need the server** (`/repos`, `/user/…`): their links point
//!   to a live deployment (`LEPTRA_EXPORT_LIVE_URL`) or are left out
//!   ([`ServerPageLink`]).
//!
//! The document says it is an export with `<meta name="leptra-export">`
//! (written by the shell when the server renders for the exporter); its
//! `content` is the live deployment's origin, or empty.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The `name` of the `<meta>` that marks an exported page.
pub const EXPORT_META: &str = "leptra-export";

/// The selector of that `<meta>` (a literal: no formatting code in the wasm).
#[cfg(any(not(feature = "ssr"), test))]
const EXPORT_SELECTOR: &str = "meta[name=\"leptra-export\"]";

/// How the site is being exported: set in the server's state while the
/// exporter renders, read from the document in the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticExport {
    /// The origin of a live deployment that serves the pages an export
    /// cannot (`https://leptra.example`), or none: their links are left out.
    pub live_url: Option<String>,
}

/// The longest name of one folder or file an answer's path is cut into:
/// under the 255 bytes file systems allow in one name, with room for `.json`.
pub const ANSWER_NAME_MAX: usize = 200;

/// The file of an export that holds the answer to `GET {path}?{query}`: the
/// query's bytes in hex, cut into names of at most [`ANSWER_NAME_MAX`]
/// characters (`/api/get_navbar/6c6f63….json`; a long query is a folder
/// path, `/api/get_sidebar/6c6f…/2f6b….json`). Every query has one file and
/// no two share it, whatever their bytes or length. A trailing `&`
/// (server_fn's encoding may leave one) means nothing and is not part of it.
pub fn answer_file(path: &str, query: &str) -> String {
    let query = query.trim_end_matches('&');
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut file = String::with_capacity(path.len() + 2 * query.len() + 2 * query.len() / ANSWER_NAME_MAX + 6);
    file.push_str(path.trim_end_matches('/'));
    file.push('/');
    for (i, byte) in query.bytes().enumerate() {
        if i > 0 && 2 * i % ANSWER_NAME_MAX == 0 {
            file.push('/');
        }
        file.push(char::from(HEX[usize::from(byte >> 4)]));
        file.push(char::from(HEX[usize::from(byte & 15)]));
    }
    file.push_str(".json");
    file
}

/// Whether the page is an export, and how: on the server from the render's
/// context (the server provides it while exporting), in the browser from the
/// document (read once).
pub fn static_export() -> Option<StaticExport> {
    #[cfg(feature = "ssr")]
    {
        use_context::<StaticExport>()
    }
    #[cfg(not(feature = "ssr"))]
    {
        thread_local! {
            static EXPORT: Option<StaticExport> = from_document();
        }
        EXPORT.with(Clone::clone)
    }
}

/// The export's settings as the shell wrote them into `<head>`.
#[cfg(not(feature = "ssr"))]
fn from_document() -> Option<StaticExport> {
    let meta = document().query_selector(EXPORT_SELECTOR).ok().flatten()?;
    let live = meta.get_attribute("content").unwrap_or_default();
    Some(StaticExport { live_url: (!live.is_empty()).then_some(live) })
}

/// The `<meta>` that marks an exported page (server only: the shell).
#[component]
pub fn ExportMeta() -> impl IntoView {
    static_export().map(|export| view! { <meta name=EXPORT_META content=export.live_url.unwrap_or_default()/> })
}

/// A link to a page only the server can answer (`/repos`): as it is on the
/// served site; in an export, to the live deployment, or nothing.
#[component]
pub fn ServerPageLink(
    /// The page's English path; the reader's locale is added.
    path: &'static str,
    /// Classes of the link.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let href = crate::locale::use_localized(path);
    // One link either way (leptos_router's `<A>` keeps an absolute URL as it is): less code to hydrate.
    let live = match static_export() {
        None => String::new(),
        Some(StaticExport { live_url: Some(live) }) => live,
        Some(StaticExport { live_url: None }) => return None,
    };
    Some(view! {
        <leptos_router::components::A href=move || format!("{live}{}", href()) attr:class=class>
            {children()}
        </leptos_router::components::A>
    })
}

/// The inline script of an exported `/`: the server chooses the reader's
/// language there, a static host cannot. It goes to `/ko` when the reader
/// chose Korean (the `locale` cookie the switcher sets) or, having not
/// chosen, their browser prefers it; only while the page first loads, never
/// after client navigation. Without JavaScript the page stays English, with
/// the language switcher's link.
pub const LOCALE_CHOOSER: &str = "if(document.readyState===\"loading\"){\
const c=document.cookie.match(/(?:^|; )locale=(en|ko)(?:;|$)/);\
const l=c?c[1]:(navigator.languages||[navigator.language]).map(t=>String(t).slice(0,2).toLowerCase()).find(t=>t===\"en\"||t===\"ko\");\
if(l===\"ko\")location.replace(\"/ko\")}";

/// The client of the docs' read-only server functions: server_fn's browser
/// client, whose `GET` goes to [`answer_file`] in an exported page.
pub struct StaticClient;

use leptos::server_fn::{
    client::{browser::BrowserClient, Client},
    error::FromServerFnError,
    request::browser::BrowserRequest,
    response::browser::BrowserResponse,
};

impl<E, I, O> Client<E, I, O> for StaticClient
where
    E: FromServerFnError,
    I: FromServerFnError,
    O: FromServerFnError,
{
    type Request = BrowserRequest;
    type Response = BrowserResponse;

    fn send(req: Self::Request) -> impl std::future::Future<Output = Result<Self::Response, E>> + Send {
        #[cfg(not(feature = "ssr"))]
        let req = match static_export() {
            // A request that cannot be rebuilt goes where it was going, and fails there.
            Some(_) => to_answer_file::<E>(&req).unwrap_or(req),
            None => req,
        };
        <BrowserClient as Client<E, I, O>>::send(req)
    }

    fn open_websocket(
        path: &str,
    ) -> impl std::future::Future<
        Output = Result<
            (
                impl futures::Stream<Item = Result<leptos::server_fn::Bytes, leptos::server_fn::Bytes>> + Send + 'static,
                impl futures::Sink<leptos::server_fn::Bytes> + Send + 'static,
            ),
            E,
        >,
    > + Send {
        <BrowserClient as Client<E, I, O>>::open_websocket(path)
    }

    fn spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
        <BrowserClient as Client<E, I, O>>::spawn(future)
    }
}

/// Searches an exported site's docs in the browser: the export's index of
/// `locale` (and `version`) is fetched the first time it is searched, never
/// with the page, and kept for the next searches. The search itself
/// ([`search_loaded`]) is a split point: its code (the index's reader, the
/// query parser, the stemmer, the ranking) comes with the first search too,
/// so the pages of a served site, which never call it, do not carry it.
#[cfg(not(feature = "ssr"))]
pub async fn search(
    locale: crate::locale::Locale,
    query: &str,
    limit: usize,
    version: Option<&str>,
) -> Result<crate::search::SearchResults, crate::error::AppError> {
    use std::{cell::RefCell, collections::HashSet};

    thread_local! {
        /// The index files already handed to `search_loaded`.
        static LOADED: RefCell<HashSet<String>> = RefCell::default();
    }
    let file = crate::search::static_index::index_file(locale, version);
    let json = match LOADED.with_borrow(|loaded| loaded.contains(&file)) {
        true => None,
        false => Some(fetch_index(&file).await?),
    };
    let results = search_loaded(file.clone(), json, query.to_owned(), limit.max(1))
        .await
        .map_err(crate::error::AppError::Internal)?;
    LOADED.with_borrow_mut(|loaded| loaded.insert(file));
    Ok(results)
}

/// Searches the index of `file` for `query`, reading it from `json` first
/// when given (it is kept, parsed, for the next searches).
/// A `#[lazy]` function in the release bundle, which `scripts/build.sh`
/// splits (the `split` feature); a plain one in builds that do not split.
#[cfg(not(feature = "ssr"))]
#[cfg_attr(feature = "split", lazy)]
async fn search_loaded(
    file: String,
    json: Option<String>,
    query: String,
    limit: usize,
) -> Result<crate::search::SearchResults, String> {
    use crate::search::static_index::StaticIndex;
    use std::{cell::RefCell, collections::HashMap};

    thread_local! {
        static INDEXES: RefCell<HashMap<String, StaticIndex>> = RefCell::default();
    }
    if let Some(json) = json {
        let index: StaticIndex =
            serde_json::from_str(&json).map_err(|err| format!("The search index cannot be read: {err}"))?;
        INDEXES.with_borrow_mut(|indexes| indexes.insert(file.clone(), index));
    }
    INDEXES.with_borrow(|indexes| match indexes.get(&file) {
        Some(index) => Ok(index.search(&query, limit)),
        None => Err("The search index is not loaded.".to_owned()),
    })
}

/// The text of the search index the export wrote at `file`.
#[cfg(not(feature = "ssr"))]
async fn fetch_index(file: &str) -> Result<String, crate::error::AppError> {
    use crate::error::AppError;
    use leptos::server_fn::{request::ClientReq, response::ClientRes};

    let req = <BrowserRequest as ClientReq<AppError>>::try_new_req_query(
        file,
        "",
        "application/json",
        "",
        http::Method::GET,
    )?;
    let res = <BrowserClient as Client<AppError, AppError, AppError>>::send(req).await?;
    match <BrowserResponse as ClientRes<AppError>>::status(&res) {
        200 => res.try_into_string().await,
        404 => Err(AppError::NotFound("This version of the docs has no search index.".into())),
        status => Err(AppError::Transport(format!("The search index answered {status}."))),
    }
}

/// The same `GET`, to the file that holds its answer.
#[cfg(not(feature = "ssr"))]
fn to_answer_file<E: FromServerFnError>(req: &BrowserRequest) -> Option<BrowserRequest> {
    use leptos::server_fn::request::ClientReq;
    let url = req.url();
    let origin = window().location().origin().unwrap_or_default();
    let local = url.strip_prefix(origin.as_str()).unwrap_or(&url);
    let (path, query) = local.split_once('?').unwrap_or((local, ""));
    let accepts = req.headers().get("Accept").unwrap_or_default();
    <BrowserRequest as ClientReq<E>>::try_new_req_query(
        &answer_file(path, query),
        "application/x-www-form-urlencoded",
        &accepts,
        "",
        http::Method::GET,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_file_names_the_query_in_hex_under_the_function_path() {
        assert_eq!(answer_file("/api/get_navbar", "a=%2F&b"), "/api/get_navbar/613d2532462662.json");
        assert_eq!(answer_file("/api/x/", ""), "/api/x/.json");
        assert_eq!(answer_file("/api/x", "a=1&"), answer_file("/api/x", "a=1"));
    }

    #[test]
    fn no_name_in_an_answer_path_is_too_long_for_a_file_system() {
        // A Korean page's sidebar: 3 bytes a character, each percent-encoded, each in hex.
        let route = format!("/ko/docs/{}", "서버에서데이터불러오기".repeat(4));
        let query = form_urlencoded::Serializer::new(String::new()).append_pair("route", &route).finish();
        let file = answer_file("/api/get_sidebar", &query);
        let names: Vec<&str> = file.trim_start_matches("/api/get_sidebar/").split('/').collect();
        assert!(names.len() > 1, "{file}");
        assert!(names.iter().all(|name| name.len() <= ANSWER_NAME_MAX + ".json".len()), "{file}");
        let hex: String = names.concat();
        assert_eq!(hex.trim_end_matches(".json").len(), 2 * query.len(), "every byte, once");
        // One more byte of query is another file.
        assert_ne!(answer_file("/api/get_sidebar", &format!("{query}x")), file);
        assert_eq!(answer_file("/api/x", &"a".repeat(100)), format!("/api/x/{}.json", "61".repeat(100)));
        assert_eq!(answer_file("/api/x", &"a".repeat(101)), format!("/api/x/{}/61.json", "61".repeat(100)));
    }

    #[test]
    fn the_selector_finds_the_meta_the_shell_writes() {
        assert_eq!(EXPORT_SELECTOR, format!("meta[name=\"{EXPORT_META}\"]"));
    }

    #[test]
    fn the_locale_chooser_goes_only_to_the_korean_home() {
        assert!(LOCALE_CHOOSER.contains("location.replace(\"/ko\")"));
        assert!(!LOCALE_CHOOSER.contains('<'), "it must not end its script element");
    }
}
