//! The docs sidebar: HTML from the server (`docs::html::sidebar_html`), not
//! hydrated components.
//!
//! A direct load renders it into the page and the browser keeps that HTML as
//! it is, so hydrating the docs costs the sidebar one element however many
//! entries it has. The browser then does what the sidebar does, on the DOM:
//! - moving to a page with another sidebar (another version, or another
//!   navbar tab; the tabs are listed in the sidebar's `data-tabs`) replaces it
//!   from `get_sidebar`; moving within it asks for nothing;
//! - after each navigation it marks the current page (`aria-current`) and
//!   opens the groups around it;
//! - a group's button opens and closes it; a group that came closed gets its
//!   entries from `get_sidebar_folder` the first time it is opened.

use leptos::prelude::*;

use super::DocsLocale;
use leptos_router::hooks::use_location;

use crate::{components::server_html::ServerHtml, locale::Locale};

/// The sidebar of the docs being read.
#[component]
pub fn Sidebar() -> impl IntoView {
    let locale = use_context::<DocsLocale>().map_or(Locale::default(), |l| l.0);
    let path = use_location().pathname;
    let sidebar = ServerHtml::<leptos::html::Nav, String>::new();
    // In the browser the HTML stays the server's, or is fetched (`browser::follow`).
    #[cfg(feature = "ssr")]
    let html = crate::server::docs::sidebar_html_at(locale, &path.get_untracked()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let html = String::new();
    #[cfg(feature = "hydrate")]
    browser::follow(locale, path, sidebar);
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
    let on_click = move |_ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        browser::toggle_from(&_ev, locale);
    };
    view! {
        <nav class="sidebar" aria-label=crate::tr!(docs.sidebar) node_ref=sidebar.element inner_html=html on:click=on_click></nav>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{prelude::*, task::spawn_local};
    use web_sys::Element;

    use super::ServerHtml;
    use crate::{
        docs::model::{docs_base_in, is_current_page, route_is_within, version_of_route},
        dom::{closest, event_target, mark_current_links, query_all},
        locale::Locale,
        server::docs::{get_sidebar, get_sidebar_folder},
    };

    /// Keeps the sidebar that of the page at `path`: the one shown, re-marked,
    /// while moving within it; otherwise the server's.
    pub(super) fn follow(locale: Locale, path: Memo<String>, sidebar: ServerHtml<leptos::html::Nav, String>) {
        Effect::new(move |_| {
            let path = path.get();
            let Some(nav) = sidebar.get() else { return };
            let scope = scope_of(locale, &path, &nav);
            if own_list(&nav).is_some() && sidebar.shows(&scope) {
                mark(&nav, &path, locale);
                return;
            }
            let answer = get_sidebar(locale, path.clone());
            sidebar.fetch(scope, answer, move |nav| {
                // The new sidebar says which tabs it lists, so which scope it is.
                sidebar.record(scope_of(locale, &path, nav));
                mark(nav, &path, locale);
            });
        });
    }

    /// Opens or closes the group whose button the click was on.
    pub(super) fn toggle_from(ev: &leptos::ev::MouseEvent, locale: Locale) {
        let Some(target) = event_target(ev) else { return };
        let Some(folder) = closest(&target, ".folder-toggle").and_then(|button| closest(&button, ".sidebar-folder"))
        else {
            return;
        };
        if folder.class_list().contains("open") {
            set_open(&folder, false);
        } else {
            open(&folder, locale, None);
        }
    }

    /// What the sidebar depends on in `path`: the navbar tab it is in (the
    /// shown sidebar lists them), else the version (`/docs/0.1/guide/ssr` →
    /// `/docs/0.1`; `/docs/reference/x` → `/docs/reference` when that is a tab).
    fn scope_of(locale: Locale, path: &str, nav: &Element) -> String {
        let tabs = own_list(nav).and_then(|list| list.get_attribute("data-tabs")).unwrap_or_default();
        match tabs.lines().find(|tab| route_is_within(path, tab)) {
            Some(tab) => tab.to_owned(),
            None => docs_base_in(locale, version_of_route(path)),
        }
    }

    /// Marks the link to the page at `path` current, and opens the groups around it.
    fn mark(nav: &Element, path: &str, locale: Locale) {
        mark_current_links(nav, "a.sidebar-link:not([target])", |href| is_current_page(href, path));
        for folder in query_all(nav, ".sidebar-folder:not(.open)") {
            if folder.get_attribute("data-path").is_some_and(|group| route_is_within(path, &group)) {
                open(&folder, locale, Some(path));
            }
        }
    }

    /// Opens `folder`, loading its entries the first time; once they are in,
    /// the groups in it around `path` (the page being read) open too.
    fn open(folder: &Element, locale: Locale, path: Option<&str>) {
        set_open(folder, true);
        if own_list(folder).is_some() || folder.has_attribute("data-loading") {
            return;
        }
        let Some(group) = folder.get_attribute("data-path") else { return };
        let _ = folder.set_attribute("data-loading", "");
        let (folder, path) = (folder.clone(), path.map(str::to_owned));
        spawn_local(async move {
            let answer = get_sidebar_folder(locale, group).await;
            let _ = folder.remove_attribute("data-loading");
            let Ok(html) = answer else { return };
            let _ = folder.insert_adjacent_html("beforeend", &html);
            // Closed again while loading.
            set_open(&folder, folder.class_list().contains("open"));
            if let Some(path) = path {
                mark(&folder, &path, locale);
            }
        });
    }

    /// Shows or hides `folder`'s entries, and says so on its button.
    fn set_open(folder: &Element, open: bool) {
        let _ = folder.class_list().toggle_with_force("open", open);
        if let Ok(Some(button)) = folder.query_selector(":scope > .folder-row > .folder-toggle") {
            let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
        if let Some(entries) = own_list(folder) {
            let _ = entries.toggle_attribute_with_force("hidden", !open);
        }
    }

    /// The list of entries right inside `element`: the sidebar's, or a group's
    /// once loaded.
    fn own_list(element: &Element) -> Option<Element> {
        element.query_selector(":scope > .sidebar-list").ok().flatten()
    }
}
