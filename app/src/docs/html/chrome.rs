//! What surrounds a docs page's body, as HTML: the breadcrumb and page
//! actions above it, its notices, the footer and previous/next links below
//! it, "On this page" beside it, and the version switcher above the sidebar.
//! With the body, this is the page the browser shows ([`PageView`]), which
//! keeps the HTML as it is.
//!
//! Labels are in the locale of the docs being read, which for a fallback
//! (the English page at a Korean address) is not the content's.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::docs::model::{docs_slug, DocPage, NavLink, PageVersions, PageView, TocEntry};
use crate::format::human_date;
use crate::locale::Locale;
use crate::seo::{docs_structured_data, social_image_path, SocialCard};
use crate::tr_in;

/// `page` as the browser shows it at its address in `ui`'s docs, with
/// absolute URLs under `site_url`.
pub fn page_view(page: DocPage, ui: Locale, site_url: &str) -> PageView {
    let slug = docs_slug(ui, &page.route).to_owned();
    let layout = page.layout;
    let mut head = String::from(r#"<div class="article-head">"#);
    if layout.breadcrumb {
        breadcrumb(&mut head, &page.breadcrumb, ui);
    }
    page_actions(&mut head, ui, &slug, &page.route);
    head.push_str("</div>");
    notices(&mut head, &page, ui);
    let mut foot = String::new();
    footer(&mut foot, &page, ui);
    if layout.pagination {
        pagination(&mut foot, page.prev.as_ref(), page.next.as_ref(), ui);
    }
    let mut toc = String::new();
    if layout.toc && !layout.full {
        contents(&mut toc, &page.toc, page.edit_url.as_deref(), ui);
    }
    let switcher = page.versions.as_ref().map(|versions| version_switch(versions, ui)).unwrap_or_default();
    PageView {
        structured_data: docs_structured_data(site_url, &page),
        image: social_image_path(&page.route, &SocialCard::of(&page)),
        locale: page.locale,
        route: page.route,
        title: page.title,
        description: page.description,
        head,
        body: page.body,
        foot,
        toc,
        switcher,
        fallback: page.fallback,
        layout,
        version: page.versions.as_ref().map(|versions| versions.label.clone()).unwrap_or_default(),
        noindex: page.versions.as_ref().is_some_and(|versions| versions.noindex),
    }
}

// `write!` into a `String` cannot fail.

/// The docs root and the groups above the page.
fn breadcrumb(out: &mut String, links: &[NavLink], ui: Locale) {
    let _ = write!(out, r#"<nav class="breadcrumb" aria-label="{}">"#, attr(&tr_in!(ui, docs.breadcrumb)));
    for NavLink { title, href } in links {
        let _ = write!(
            out,
            r#"<a href="{}">{}</a><span class="crumb-sep" aria-hidden="true">›</span>"#,
            attr(href),
            text(title)
        );
    }
    out.push_str("</nav>");
}

/// "Copy page" (the browser fetches the page's Markdown, `get_page_markdown`,
/// for the locale and slug the button names) and "View as Markdown".
fn page_actions(out: &mut String, ui: Locale, slug: &str, route: &str) {
    let copy = tr_in!(ui, docs.copy_page);
    let _ = write!(
        out,
        concat!(
            r#"<div class="page-actions" role="group" aria-label="{}">"#,
            r#"<button type="button" class="page-action copy-page" aria-live="polite" data-locale="{}" data-slug="{}" data-copy="{}" data-copied="{}">{}</button>"#,
            r#"<a class="page-action" href="{}.md" rel="external" type="text/markdown">{}</a></div>"#
        ),
        attr(&tr_in!(ui, docs.page_actions)),
        ui.tag(),
        attr(slug),
        attr(&copy),
        attr(&tr_in!(ui, docs.copied_page)),
        text(&copy),
        attr(route),
        text(&tr_in!(ui, docs.view_markdown)),
    );
}

/// The page's content problems (while the content is watched), "you are
/// reading an old version", and "not translated yet".
fn notices(out: &mut String, page: &DocPage, ui: Locale) {
    if !page.problems.is_empty() {
        out.push_str(r#"<div class="notice page-problems" role="alert"><ul>"#);
        for problem in &page.problems {
            let _ = write!(out, "<li><code>{}</code></li>", text(problem));
        }
        out.push_str("</ul></div>");
    }
    if let Some(versions) = &page.versions {
        if let Some(href) = &versions.latest_href {
            let latest = versions.latest.clone();
            let link = if versions.latest_has_page {
                tr_in!(ui, docs.old_version_link, latest = latest)
            } else {
                tr_in!(ui, docs.old_version_index, latest = latest)
            };
            let _ = write!(
                out,
                r#"<p class="notice version-banner" role="note">{} <a href="{}">{}</a></p>"#,
                text(&tr_in!(ui, docs.old_version, version = versions.label.clone(), latest = versions.latest.clone())),
                attr(href),
                text(&link)
            );
        }
    }
    if page.fallback {
        let _ =
            write!(out, r#"<p class="notice fallback-notice" role="note">{}</p>"#, text(&tr_in!(ui, docs.fallback)));
    }
}

/// When the page was last updated, and where to edit it or leave feedback on it.
fn footer(out: &mut String, page: &DocPage, ui: Locale) {
    out.push_str(r#"<footer class="docs-article-footer">"#);
    if let Some(at) = page.last_updated.as_deref().filter(|_| page.layout.timestamp) {
        let _ = write!(
            out,
            r#"<p class="last-updated">{}<time datetime="{}">{}</time></p>"#,
            text(&tr_in!(ui, docs.last_updated)),
            attr(at),
            text(&human_date(at, ui))
        );
    }
    out.push_str(r#"<p class="page-links">"#);
    if let Some(url) = &page.edit_url {
        // GitLab's edit links are `…/-/edit/…` (`site::config`).
        let label = if url.contains("/-/edit/") { tr_in!(ui, docs.edit_gitlab) } else { tr_in!(ui, docs.edit_github) };
        external_link(out, url, &label);
    }
    if let Some(feedback) = &page.feedback_url {
        external_link(out, feedback, &tr_in!(ui, docs.feedback));
    }
    out.push_str("</p></footer>");
}

/// The previous and next pages in sidebar order.
fn pagination(out: &mut String, prev: Option<&NavLink>, next: Option<&NavLink>, ui: Locale) {
    let _ = write!(out, r#"<nav class="pagination" aria-label="{}">"#, attr(&tr_in!(ui, docs.pages)));
    for (link, rel, label) in [(prev, "prev", tr_in!(ui, docs.previous)), (next, "next", tr_in!(ui, docs.next))] {
        if let Some(NavLink { title, href }) = link {
            let _ = write!(
                out,
                r#"<a href="{}" class="pagination-{rel}" rel="{rel}"><span class="pagination-label">{}</span><span class="pagination-title">{}</span></a>"#,
                attr(href),
                text(&label),
                text(title)
            );
        }
    }
    out.push_str("</nav>");
}

/// "On this page": the page's sections, the one in view marked by the
/// browser (`class="active"`), an edit link and a way back to the top.
fn contents(out: &mut String, entries: &[TocEntry], edit_url: Option<&str>, ui: Locale) {
    let title = tr_in!(ui, toc.title);
    let _ = write!(out, r#"<nav class="toc" aria-label="{}">"#, attr(&title));
    if !entries.is_empty() {
        let _ = write!(out, r#"<p class="toc-title">{}</p>"#, text(&title));
    }
    out.push_str("<ul>");
    for TocEntry { level, id, text: heading } in entries {
        let _ = write!(out, r##"<li class="toc-level-{level}"><a href="#{}">{}</a></li>"##, attr(id), text(heading));
    }
    out.push_str(r#"</ul><div class="toc-footer">"#);
    if let Some(url) = edit_url {
        external_link(out, url, &tr_in!(ui, toc.edit));
    }
    let _ = write!(out, r##"<a href="#top" class="scroll-top">{}</a></div></nav>"##, text(&tr_in!(ui, toc.top)));
}

/// The version switcher: every version's link to this page (or to its first
/// page, when it lacks this one), latest first, the one being read marked. A
/// list of links, so it works without JavaScript.
pub fn version_switch(versions: &PageVersions, ui: Locale) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<details class="version-switch"><summary>{}: <strong>{}</strong></summary><ul>"#,
        text(&tr_in!(ui, docs.version)),
        text(&versions.label)
    );
    for choice in &versions.choices {
        let current = if choice.selected { r#" aria-current="page" class="selected""# } else { "" };
        let _ = write!(out, r#"<li><a href="{}"{current}>{}</a></li>"#, attr(&choice.href), text(&choice.label));
    }
    out.push_str("</ul></details>");
    out
}

/// A link to another site, opened in a new tab.
fn external_link(out: &mut String, href: &str, label: &str) {
    let _ = write!(out, r#"<a href="{}" rel="noopener" target="_blank">{}</a>"#, attr(href), text(label));
}
