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
    let items = match crate::static_export::static_export() {
        Some(export) => for_export(items, export.live_url.as_deref()),
        None => items.to_vec(),
    };
    server_html(view! { <NavbarEntries items locale path=path.to_owned()/> })
}

/// `items` in an export: a link to a page only the server answers (`/repos`)
/// goes to the live deployment at `live`, or is left out (and a menu left
/// empty with it).
fn for_export(items: &[NavbarItem], live: Option<&str>) -> Vec<NavbarItem> {
    let link = |link: &NavbarLink| match (link.external || !needs_server(&link.href), live) {
        (true, _) => Some(link.clone()),
        (false, Some(live)) => {
            Some(NavbarLink { href: format!("{live}{}", link.href), external: true, ..link.clone() })
        }
        (false, None) => None,
    };
    items
        .iter()
        .filter_map(|item| match item {
            NavbarItem::Link(l) => link(l).map(NavbarItem::Link),
            NavbarItem::Menu { title, items } => {
                let items: Vec<NavbarLink> = items.iter().filter_map(link).collect();
                (!items.is_empty()).then(|| NavbarItem::Menu { title: title.clone(), items })
            }
        })
        .collect()
}

/// Whether the site path `href` is a page only the server can answer.
pub fn needs_server(href: &str) -> bool {
    let (_, path) = crate::locale::split_path(href);
    ["/repos", "/user", "/search", "/api"]
        .iter()
        .any(|page| path == *page || path.strip_prefix(page).is_some_and(|rest| rest.starts_with(['/', '?'])))
}

#[cfg(test)]
mod export_tests {
    use super::*;

    fn link(href: &str) -> NavbarLink {
        NavbarLink { title: href.into(), href: href.into(), external: false }
    }

    #[test]
    fn server_pages_are_the_ones_a_static_host_cannot_answer() {
        for page in ["/repos", "/ko/repos", "/user/alice", "/search?q=x", "/api/github-repos/a"] {
            assert!(needs_server(page), "{page}");
        }
        for page in ["/docs", "/ko/docs/guide", "/llms.txt", "/repository"] {
            assert!(!needs_server(page), "{page}");
        }
    }

    #[test]
    fn an_export_points_server_pages_at_the_live_site_or_leaves_them_out() {
        let items = vec![
            NavbarItem::Link(link("/docs/reference")),
            NavbarItem::Menu { title: "More".into(), items: vec![link("/repos")] },
        ];
        assert_eq!(for_export(&items, None), items[..1].to_vec());
        let live = for_export(&items, Some("https://leptra.example"));
        assert_eq!(
            live[1],
            NavbarItem::Menu {
                title: "More".into(),
                items: vec![NavbarLink {
                    href: "https://leptra.example/repos".into(),
                    external: true,
                    ..link("/repos")
                }]
            }
        );
    }
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
