//! Leptra's shared application: the document shell, the router and every page.
//!
//! Compiled twice: with `ssr` into the server, and with `hydrate` into the wasm
//! bundle that makes the server-rendered HTML interactive.

pub mod chunk;
pub mod components;
pub mod cookies;
pub mod docs;
#[cfg(feature = "hydrate")]
pub mod dom;
pub mod error;
pub mod format;
pub mod json;
#[cfg(feature = "hydrate")]
pub mod load_failure;
pub mod locale;
pub mod page_data;
pub mod preferences;
pub mod router;
pub mod routes;
pub mod search;
pub mod seo;
pub mod server;
pub mod site;
pub mod split;
pub mod theme;

use leptos::prelude::*;

use crate::chunk::Code;
use crate::components::{Footer, MainContent, Navbar, NotFound, RouteAnnouncer, SkipLink};
use crate::locale::{initial_locale, CurrentLocale};
use crate::router::{provide_router, use_page, Page};

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
    let script = {
        let path =
            use_context::<http::request::Parts>().map(|request| request.uri.path().to_owned()).unwrap_or_default();
        server::assets::loader_script(locale, server::assets::bundle_for(options, router::Page::at(&path)))
    };
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
#[component]
pub fn App() -> impl IntoView {
    // The server's `<head>` tags come through `leptos_meta`; the browser sets
    // its own (see `seo`).
    #[cfg(feature = "ssr")]
    leptos_meta::provide_meta_context();
    let menu_open = RwSignal::new(false);
    provide_context(MenuOpen(menu_open));
    let locale = RwSignal::new(initial_locale());
    provide_context(CurrentLocale(locale));
    site::provide_site();
    seo::provide_site_url();
    provide_router();
    // Effects run only in the browser, once hydration has attached the page:
    // mark the document so tests and scripts can tell.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <LocaleSync locale/>
        <SkipLink/>
        <Navbar/>
        <site::SiteProblem/>
        <div class="page" class:menu-open=move || menu_open.get()>
            {page_view()}
        </div>
        <Footer/>
        <RouteAnnouncer/>
    }
}

/// The page at the location being shown (`router::Page`). Moving between docs
/// pages of one locale keeps the docs layout (and its sidebar) mounted, and
/// moving between users keeps the user page: only their data changes. The
/// docs, search and user pages render from their chunk of the bundle
/// (`chunk`), which client navigation may have to fetch first.
fn page_view() -> impl IntoView {
    let shown = chunk::page_and_code(use_page());
    move || match shown.get() {
        (_, Code::Loading) => chunk::loading(),
        (_, Code::Failed) => chunk::failed(),
        (Page::Home, Code::Ready) => view! { <routes::home::HomePage/> }.into_any(),
        (Page::Repos, Code::Ready) => view! { <routes::repos::ReposPage/> }.into_any(),
        (Page::NotFound, Code::Ready) => view! { <MainContent><NotFound/></MainContent> }.into_any(),
        (Page::Docs(locale), Code::Ready) => chunk::docs(locale),
        (Page::Search, Code::Ready) => chunk::search(),
        (Page::User, Code::Ready) => chunk::user(),
    }
}

/// Keeps the locale in step with the URL and `<html lang>` (needs the router).
#[component]
fn LocaleSync(locale: RwSignal<locale::Locale>) -> impl IntoView {
    components::sync_with_url(locale);
}
