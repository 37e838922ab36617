//! The docs sidebar as HTML: its entries, the groups around the page being
//! read open with their entries, the others closed and loaded when opened.
//!
//! The browser keeps the server's HTML as it is, like the navbar's entries:
//! it replaces it from `get_sidebar` when moving changes the sidebar (another
//! version or navbar tab), inserts a closed group's entries from
//! `get_sidebar_folder` when it is first opened, and marks the current page
//! itself (`components::docs::sidebar`), reading what it needs from the
//! attributes written here.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::docs::model::{is_current_page, SidebarItem};
use crate::locale::Locale;
use crate::tr_in;

/// The sidebar's list, as read at `route` (whose link is marked current),
/// with labels in `locale`. `tabs` are the URL paths of the navbar tabs, each
/// with its own sidebar; the list carries them (`data-tabs`, one per line) so
/// the browser can tell when moving needs another sidebar.
pub fn sidebar_html(items: &[SidebarItem], tabs: &[String], locale: Locale, route: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, r#"<ul class="sidebar-list" data-tabs="{}">"#, attr(&tabs.join("\n")));
    entries(&mut out, items, locale, route);
    out.push_str("</ul>");
    out
}

/// The list of a group's entries, loaded when it is first opened (nothing
/// in it is current: the page being read is in no closed group).
pub fn folder_html(items: &[SidebarItem], locale: Locale) -> String {
    let mut out = String::from(r#"<ul class="sidebar-list">"#);
    entries(&mut out, items, locale, "");
    out.push_str("</ul>");
    out
}

// `write!` into a `String` cannot fail.
fn entries(out: &mut String, items: &[SidebarItem], locale: Locale, route: &str) {
    for item in items {
        match item {
            SidebarItem::Page { title, href } => {
                out.push_str("<li>");
                page_link(out, "sidebar-link", title, href, route);
                out.push_str("</li>");
            }
            SidebarItem::Separator { title } => {
                let _ = write!(out, r#"<li class="sidebar-separator">{}</li>"#, text(title));
            }
            SidebarItem::External { title, href } => {
                let _ = write!(
                    out,
                    r#"<li><a class="sidebar-link" href="{}" target="_blank" rel="noopener">{} ↗</a></li>"#,
                    attr(href),
                    text(title)
                );
            }
            SidebarItem::Folder { title, href, path, children } => {
                let open = children.is_some();
                let _ = write!(
                    out,
                    r#"<li class="sidebar-folder{}" data-path="{}"><div class="folder-row">"#,
                    if open { " open" } else { "" },
                    attr(path)
                );
                match href {
                    Some(href) => page_link(out, "sidebar-link folder-link", title, href, route),
                    None => {
                        let _ = write!(out, r#"<span class="folder-title">{}</span>"#, text(title));
                    }
                }
                let _ = write!(
                    out,
                    r#"<button type="button" class="folder-toggle" aria-expanded="{open}" aria-label="{}">›</button></div>"#,
                    attr(&tr_in!(locale, docs.toggle_group, name = title.clone()))
                );
                if let Some(children) = children {
                    out.push_str(r#"<ul class="sidebar-list">"#);
                    entries(out, children, locale, route);
                    out.push_str("</ul>");
                }
                out.push_str("</li>");
            }
        }
    }
}

/// A link to one of the site's pages, current when it is the page at `route`.
fn page_link(out: &mut String, class: &str, title: &str, href: &str, route: &str) {
    let current = if is_current_page(href, route) { r#" aria-current="page""# } else { "" };
    let _ = write!(out, r#"<a class="{class}" href="{}"{current}>{}</a>"#, attr(href), text(title));
}
