//! The top navigation bar.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use super::{
    search_box::SearchBox,
    server_html::ServerHtml,
    site_chrome::{ProjectLinks, SiteLogo},
    LocaleSwitch,
};
use crate::docs::model::docs_base;
#[cfg(feature = "hydrate")]
use crate::{
    docs::model::{route_is_within, version_of_route},
    server::docs::get_navbar,
};
use crate::{
    locale::{home_path, use_locale, Locale},
    theme::ThemeSwitch,
    tr, MenuOpen,
};

/// Logo, primary links, theme switch, project links and the mobile menu button.
#[component]
pub fn Navbar() -> impl IntoView {
    let MenuOpen(menu_open) = expect_context::<MenuOpen>();
    let location = use_location();
    let locale = use_locale();
    // Close the mobile menu whenever the page changes.
    Effect::watch(move || location.pathname.get(), move |_, _, _| menu_open.set(false), false);
    let button = NodeRef::<leptos::html::Button>::new();
    trap_focus_in_menu(menu_open, button);
    // The docs' own navbar entries (tabs, links, menus): HTML from the server.
    let (docs_items, docs_html) = docs_items(locale, location.pathname);
    view! {
        <header class="navbar">
            <nav class="navbar-inner" aria-label=tr!(nav.main)>
                <A href=move || home_path(locale.get()).to_owned() attr:class="logo">
                    <SiteLogo/>
                </A>
                // On phones this is the drop-down panel behind the menu button.
                <div class="navbar-menu" id=MENU_ID class:open=move || menu_open.get()>
                    <div class="navbar-links">
                        <A href=move || docs_base(locale.get())>{tr!(nav.docs)}</A>
                        <crate::static_export::ServerPageLink path="/repos">{tr!(nav.repos)}</crate::static_export::ServerPageLink>
                        <div class="navbar-docs" node_ref=docs_items.element inner_html=docs_html></div>
                    </div>
                    <div class="navbar-prefs">
                        <LocaleSwitch/>
                        <ThemeSwitch/>
                        <ProjectLinks/>
                    </div>
                </div>
                <div class="navbar-tools">
                    <SearchBox/>
                    <button
                        type="button"
                        class="menu-button"
                        node_ref=button
                        aria-label=tr!(nav.menu)
                        aria-controls=MENU_ID
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|open| *open = !*open)
                    >
                        <span aria-hidden="true">"☰"</span>
                    </button>
                </div>
            </nav>
        </header>
    }
}

/// The docs' navbar entries (tabs, links, menus) depend on the locale and the
/// version being read.
type NavbarScope = (Locale, Option<String>);

/// The docs' navbar entries for the locale and the version being read, and
/// their HTML. The server renders them into the page; the browser fetches them
/// again (`get_navbar`) when the locale or the version changes, and marks the
/// current tab after each navigation.
fn docs_items(locale: RwSignal<Locale>, path: Memo<String>) -> (ServerHtml<leptos::html::Div, NavbarScope>, String) {
    #[cfg(feature = "ssr")]
    let html = crate::server::docs::navbar_html_at(locale.get_untracked(), &path.get_untracked()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let html = String::new();
    let items = ServerHtml::new();
    #[cfg(feature = "hydrate")]
    {
        // A memo, so that moving within one version and locale asks for nothing.
        let scope = Memo::new(move |_| (locale.get(), version_of_route(&path.get()).map(str::to_owned)));
        Effect::new(move |_| {
            let scope = scope.get();
            if items.get().is_none() || items.shows(&scope) {
                return;
            }
            let answer = get_navbar(scope.0, path.get_untracked());
            items.fetch(scope, answer, move |element| mark_current(element, &path.get_untracked()));
        });
        // After each navigation.
        Effect::new(move |_| {
            let path = path.get();
            if let Some(element) = items.get() {
                mark_current(&element, &path);
            }
        });
    }
    (items, html)
}

/// Sets `aria-current` on the entry links that lead to the section at `path`,
/// and removes it from the others (links to files and other sites never are).
#[cfg(feature = "hydrate")]
fn mark_current(element: &web_sys::Element, path: &str) {
    crate::dom::mark_current_links(element, "a:not([rel])", |href| route_is_within(path, href));
}

/// The `id` of the panel the menu button opens on phones.
const MENU_ID: &str = "site-menu";

/// What the open mobile menu holds, in Tab order: its button first, then the
/// navbar links and preferences, then the docs sidebar it also opens.
#[cfg(feature = "hydrate")]
const MENU_ITEMS: [&str; 2] = [
    ".navbar-menu.open :is(a[href], button, select, input, summary)",
    ".docs-sidebar.open :is(a[href], button, select, input, summary)",
];

/// While the mobile menu is open, Tab and Shift+Tab cycle through it and
/// Escape closes it, returning focus to the menu button.
fn trap_focus_in_menu(menu_open: RwSignal<bool>, button: NodeRef<leptos::html::Button>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let Some(button) = button.get_untracked() else { return };
            // On wide screens the button is hidden and the menu is the navbar itself.
            if !menu_open.get_untracked() || button.offset_parent().is_none() {
                return;
            }
            match ev.key().as_str() {
                "Escape" => {
                    ev.prevent_default();
                    menu_open.set(false);
                    let _ = button.focus();
                }
                "Tab" => {
                    let mut items: Vec<web_sys::HtmlElement> = vec![button.clone().unchecked_into()];
                    let Some(root) = document().document_element() else { return };
                    for selector in MENU_ITEMS {
                        items.extend(
                            crate::dom::query_all(&root, selector)
                                .into_iter()
                                .filter_map(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                                .filter(|el| el.offset_parent().is_some()),
                        );
                    }
                    let active: Option<JsValue> = document().active_element().map(Into::into);
                    let current = items.iter().position(|el| Some(AsRef::<JsValue>::as_ref(el)) == active.as_ref());
                    let count = items.len();
                    let next = match (current, ev.shift_key()) {
                        (Some(i), false) => (i + 1) % count,
                        (Some(i), true) => (i + count - 1) % count,
                        (None, _) => 0,
                    };
                    ev.prevent_default();
                    let _ = items[next].focus();
                }
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (menu_open, button);
}
