//! Leptra's shared application: the document shell, the router and every page.
//!
//! Compiled twice: with `ssr` into the server, and with `hydrate` into the wasm
//! bundle that makes the server-rendered HTML interactive.

#[cfg(feature = "ssr")]
pub mod colour;
pub mod components;
pub mod cookies;
pub mod docs;
#[cfg(feature = "hydrate")]
pub mod dom;
pub mod error;
pub mod format;
pub mod in_document;
#[cfg(feature = "hydrate")]
pub mod load_failure;
pub mod locale;
pub mod preferences;
pub mod routes;
pub mod search;
pub mod seo;
pub mod server;
pub mod site;
pub mod static_export;
pub mod theme;

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

use crate::components::{Footer, MainContent, Navbar, NotFound, RouteAnnouncer, SkipLink};
use crate::locale::{initial_locale, CurrentLocale};
use crate::routes::{
    docs::{DocsLayout, DocsPage},
    home::HomePage,
    repos::ReposPage,
    search::SearchPage,
    user::UserPage,
};

/// The whole HTML document, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_locale().tag();
    view! {
        <!DOCTYPE html>
        <html lang=lang data-theme=site::default_theme()>
            <head>
                <meta charset="utf-8"/>
                <preferences::PreferencesScript/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <AutoReload options=options.clone()/>
                {styles(&options)}
                <site::SiteHead/>
                <static_export::ExportMeta/>
                {loader(&options, initial_locale())}
                {live_content_script()}
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet: a hashed file (see `server::assets`), or inside the page when the server is told so.
fn styles(options: &LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if server::state::app_state().is_ok_and(|state| state.inline_css) {
        if let Some(css) = server::assets::inline_css(options) {
            return view! { <style>{css}</style> }.into_any();
        }
    }
    view! { <leptos_meta::HashedStylesheet options=options.clone() id="leptos"/> }.into_any()
}

/// The script that loads the wasm after the first paint (see `server::assets`).
fn loader(options: &LeptosOptions, locale: locale::Locale) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let script = server::assets::loader_script(locale, server::assets::bundle(options));
    #[cfg(not(feature = "ssr"))]
    let script = {
        let _ = (options, locale);
        String::new()
    };
    view! { <script>{script}</script> }
}

/// The script that updates open pages when their content changes, only when
/// the server watches the content folder: a production page carries none of it.
fn live_content_script() -> Option<impl IntoView> {
    #[cfg(feature = "ssr")]
    let watched = server::state::app_state().is_ok_and(|state| state.content.is_watched());
    #[cfg(not(feature = "ssr"))]
    let watched = false;
    watched.then(|| view! { <script src=site::LIVE_CONTENT_SCRIPT defer></script> })
}

/// Whether the mobile menu (navbar links and sidebar) is open.
#[derive(Clone, Copy)]
pub struct MenuOpen(pub RwSignal<bool>);

/// The application: chrome around the router's pages.
///
/// Every page is a `<Route>` here, in English and under `/ko` in Korean: this
/// is the one route table. The server registers it with `leptos_axum`
/// (`generate_route_list`). Pages with data load it with a resource over their
/// server function and render in one piece (`SsrMode::Async`), so that their
/// status and `<head>` follow the data; the others stream.
#[component]
pub fn App() -> impl IntoView {
    leptos_meta::provide_meta_context();
    let menu_open = RwSignal::new(false);
    provide_context(MenuOpen(menu_open));
    let locale = RwSignal::new(initial_locale());
    provide_context(CurrentLocale(locale));
    site::provide_site();
    seo::provide_site_url();
    // Effects run only in the browser, once hydration has attached the page:
    // mark the document so tests and scripts can tell.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Router>
            <LocaleSync locale/>
            <SkipLink/>
            <Navbar/>
            <site::SiteProblem/>
            <div class="page" class:menu-open=move || menu_open.get()>
                <Routes fallback=|| view! { <MainContent><NotFound/></MainContent> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/ko") view=HomePage/>
                    <Route path=path!("/repos") view=ReposPage/>
                    <Route path=path!("/ko/repos") view=ReposPage/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/ko/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/user/:username") view=UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/ko/user/:username") view=UserPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("/docs") view=DocsLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=DocsPage/>
                        <Route path=path!("*slug") view=DocsPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/ko/docs") view=DocsLayout ssr=SsrMode::Async>
                        <Route path=path!("") view=DocsPage/>
                        <Route path=path!("*slug") view=DocsPage/>
                    </ParentRoute>
                </Routes>
            </div>
            <Footer/>
            <RouteAnnouncer/>
        </Router>
    }
}

/// Keeps the locale in step with the URL and `<html lang>` (needs the router).
#[component]
fn LocaleSync(locale: RwSignal<locale::Locale>) -> impl IntoView {
    components::sync_with_url(locale);
}
