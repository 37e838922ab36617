//! The docs sidebar, components the server renders to HTML: its entries, the
//! groups around the page being read open with their entries, the others
//! closed and loaded when opened.
//!
//! The browser keeps the server's HTML as it is, like the navbar's entries:
//! it replaces it from `get_sidebar` when moving changes the sidebar (another
//! version or navbar tab), inserts a closed group's entries from
//! `get_sidebar_folder` when it is first opened, and marks the current page
//! itself (`components::docs::sidebar`), reading what it needs from the
//! attributes written here.

use leptos::prelude::*;

use super::server_html;
use crate::docs::model::{is_current_page, SidebarItem};
use crate::locale::Locale;
use crate::tr_in;

/// The sidebar's list, as read at `route` (whose link is marked current),
/// with labels in `locale`. `tabs` are the URL paths of the navbar tabs, each
/// with its own sidebar; the list carries them (`data-tabs`, one per line) so
/// the browser can tell when moving needs another sidebar.
pub fn sidebar_html(items: &[SidebarItem], tabs: &[String], locale: Locale, route: &str) -> String {
    server_html(view! {
        <ul class="sidebar-list" data-tabs=tabs.join("\n")>
            <SidebarEntries items=items.to_vec() locale route=route.to_owned()/>
        </ul>
    })
}

/// The list of a group's entries, loaded when it is first opened (nothing
/// in it is current: the page being read is in no closed group).
pub fn folder_html(items: &[SidebarItem], locale: Locale) -> String {
    server_html(view! {
        <ul class="sidebar-list"><SidebarEntries items=items.to_vec() locale route=String::new()/></ul>
    })
}

/// The entries of one list: pages, separators, other sites' pages and groups.
#[component]
fn SidebarEntries(items: Vec<SidebarItem>, locale: Locale, route: String) -> impl IntoView {
    items
        .into_iter()
        .map(|item| match item {
            SidebarItem::Page { title, href } => {
                view! { <li><PageLink link_class="sidebar-link" title href route=route.clone()/></li> }.into_any()
            }
            SidebarItem::Separator { title } => view! { <li class="sidebar-separator">{title}</li> }.into_any(),
            SidebarItem::External { title, href } => view! {
                <li>
                    <a class="sidebar-link" href=href target="_blank" rel="noopener">{format!("{title} ↗")}</a>
                </li>
            }
            .into_any(),
            SidebarItem::Folder { title, href, path, children } => {
                view! { <SidebarFolder title href path children locale route=route.clone()/> }.into_any()
            }
        })
        .collect_view()
}

/// A group: its title (a link to its own page, if it has one) and a button
/// that opens and closes it; open, with its entries, when it is around the
/// page being read.
#[component]
fn SidebarFolder(
    title: String,
    href: Option<String>,
    path: String,
    children: Option<Vec<SidebarItem>>,
    locale: Locale,
    route: String,
) -> impl IntoView {
    let open = children.is_some();
    let toggle = tr_in!(locale, docs.toggle_group, name = title.clone());
    let heading = match href {
        Some(href) => {
            view! { <PageLink link_class="sidebar-link folder-link" title href route=route.clone()/> }.into_any()
        }
        None => view! { <span class="folder-title">{title}</span> }.into_any(),
    };
    let entries = children.map(|items| {
        view! { <ul class="sidebar-list"><SidebarEntries items locale route/></ul> }
    });
    view! {
        <li class="sidebar-folder" class:open=open data-path=path>
            <div class="folder-row">
                {heading}
                <button type="button" class="folder-toggle" aria-expanded=open.to_string() aria-label=toggle>
                    "›"
                </button>
            </div>
            {entries}
        </li>
    }
}

/// A link to one of the site's pages, current when it is the page at `route`.
#[component]
fn PageLink(link_class: &'static str, title: String, href: String, route: String) -> impl IntoView {
    let current = is_current_page(&href, &route).then_some("page");
    view! { <a class=link_class href=href aria-current=current>{title}</a> }
}
