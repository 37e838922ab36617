//! The docs' own navbar entries (tabs, links and menus), components the
//! server renders to HTML.
//!
//! The navbar shows them on every page, but they change only with the locale
//! and the version being read, so the browser does not hydrate them: it keeps
//! the server's HTML, replaces it from `get_navbar` when the locale or version
//! changes, and marks the current tab itself (`components::navbar`).

use leptos::prelude::*;

use super::server_html;
use crate::docs::model::{route_is_within, NavbarItem, NavbarLink};
use crate::locale::Locale;
use crate::tr_in;

/// The HTML of `items` as read at `path` (which marks the current tab), with
/// labels in `locale`.
pub fn navbar_html(items: &[NavbarItem], locale: Locale, path: &str) -> String {
    server_html(view! { <NavbarEntries items=items.to_vec() locale path=path.to_owned()/> })
}

/// The entries in order: links, and menus of links.
#[component]
fn NavbarEntries(items: Vec<NavbarItem>, locale: Locale, path: String) -> impl IntoView {
    items
        .into_iter()
        .map(|item| match item {
            NavbarItem::Link(link) => view! { <NavbarEntry link locale path=path.clone()/> }.into_any(),
            NavbarItem::Menu { title, items } => {
                let items = items
                    .into_iter()
                    .map(|link| view! { <li><NavbarEntry link locale path=path.clone()/></li> })
                    .collect_view();
                view! {
                    <details class="navbar-dropdown">
                        <summary>{title}</summary>
                        <ul>{items}</ul>
                    </details>
                }
                .into_any()
            }
        })
        .collect_view()
}

/// One link: to another site (a new tab, said so), to a file, or to a page
/// (current when `path` is within it).
#[component]
fn NavbarEntry(link: NavbarLink, locale: Locale, path: String) -> impl IntoView {
    let NavbarLink { title, href, external } = link;
    if external {
        view! {
            <a href=href target="_blank" rel="noopener" class="external">
                {title}
                <span aria-hidden="true">" ↗"</span>
                <span class="sr-only">{format!(" {}", tr_in!(locale, docs.external))}</span>
            </a>
        }
        .into_any()
    } else if href.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        // A file such as `/llms.txt`, not a page: the router lets the browser load it.
        view! { <a href=href rel="external">{title}</a> }.into_any()
    } else {
        let current = route_is_within(&path, &href).then_some("page");
        view! { <a href=href aria-current=current>{title}</a> }.into_any()
    }
}
