//! The docs' own navbar entries (tabs, links and menus) as HTML.
//!
//! The navbar shows them on every page, but they change only with the locale
//! and the version being read, so the browser does not hydrate them: it keeps
//! the server's HTML, replaces it from `get_navbar` when the locale or version
//! changes, and marks the current tab itself (`components::navbar`).

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::docs::model::{route_is_within, NavbarItem, NavbarLink};
use crate::locale::Locale;
use crate::tr_in;

/// The HTML of `items` as read at `path` (which marks the current tab), with
/// labels in `locale`.
pub fn navbar_html(items: &[NavbarItem], locale: Locale, path: &str) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            NavbarItem::Link(item) => link(&mut out, item, locale, path),
            NavbarItem::Menu { title, items } => {
                let _ = write!(out, r#"<details class="navbar-dropdown"><summary>{}</summary><ul>"#, text(title));
                for item in items {
                    out.push_str("<li>");
                    link(&mut out, item, locale, path);
                    out.push_str("</li>");
                }
                out.push_str("</ul></details>");
            }
        }
    }
    out
}

// `write!` into a `String` cannot fail.
fn link(out: &mut String, NavbarLink { title, href, external }: &NavbarLink, locale: Locale, path: &str) {
    let (href_attr, title_text) = (attr(href), text(title));
    if *external {
        let _ = write!(
            out,
            r#"<a href="{href_attr}" target="_blank" rel="noopener" class="external">{title_text}<span aria-hidden="true"> ↗</span><span class="sr-only"> {}</span></a>"#,
            text(&tr_in!(locale, docs.external))
        );
    } else if href.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        // A file such as `/llms.txt`, not a page: the router lets the browser load it.
        let _ = write!(out, r#"<a href="{href_attr}" rel="external">{title_text}</a>"#);
    } else {
        let current = if route_is_within(path, href) { r#" aria-current="page""# } else { "" };
        let _ = write!(out, r#"<a href="{href_attr}"{current}>{title_text}</a>"#);
    }
}
