//! What surrounds a docs page's body: the breadcrumb and page
//! actions above it, its notices, the footer and previous/next links below
//! it, "On this page" beside it, and the version switcher above the sidebar.
//! Each is a component the server renders to HTML once per page; with the
//! body, this is the page the browser shows ([`PageView`]), which keeps the
//! HTML as it is.
//!
//! Labels are in the locale of the docs being read, which for a fallback
//! (the English page at a Korean address) is not the content's.

use leptos::prelude::*;

use super::server_html;
use crate::docs::model::{docs_slug, DocPage, NavLink, PageVersions, PageView, TocEntry, VersionChoice};
use crate::format::human_date;
use crate::locale::Locale;
use crate::seo::{docs_structured_data, social_image_path, SocialCard};
use crate::tr_in;

/// `page` as the browser shows it at its address in `ui`'s docs, with
/// absolute URLs under `site_url`.
pub fn page_view(page: DocPage, ui: Locale, site_url: &str) -> PageView {
    let slug = docs_slug(ui, &page.route).to_owned();
    let layout = page.layout;
    let head = server_html(view! {
        <div class="article-head">
            {layout.breadcrumb.then(|| view! { <Breadcrumb links=page.breadcrumb.clone() ui/> })}
            <PageActions ui slug route=page.route.clone()/>
        </div>
        <Notices problems=page.problems.clone() versions=page.versions.clone() fallback=page.fallback ui/>
    });
    let foot = server_html(view! {
        <ArticleFooter
            last_updated=page.last_updated.clone().filter(|_| layout.timestamp)
            edit_url=page.edit_url.clone()
            feedback_url=page.feedback_url.clone()
            ui
        />
        {layout.pagination.then(|| view! { <Pagination prev=page.prev.clone() next=page.next.clone() ui/> })}
    });
    let toc = if layout.toc && !layout.full {
        server_html(view! { <TableOfContents entries=page.toc.clone() edit_url=page.edit_url.clone() ui/> })
    } else {
        String::new()
    };
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

/// The docs root and the groups above the page.
#[component]
fn Breadcrumb(links: Vec<NavLink>, ui: Locale) -> impl IntoView {
    let links = links
        .into_iter()
        .map(|NavLink { title, href }| {
            view! { <a href=href>{title}</a><span class="crumb-sep" aria-hidden="true">"›"</span> }
        })
        .collect_view();
    view! { <nav class="breadcrumb" aria-label=tr_in!(ui, docs.breadcrumb)>{links}</nav> }
}

/// "Copy page" (the browser fetches the page's Markdown, `get_page_markdown`,
/// for the locale and slug the button names) and "View as Markdown".
#[component]
fn PageActions(ui: Locale, slug: String, route: String) -> impl IntoView {
    let copy = tr_in!(ui, docs.copy_page);
    let copy_label = copy.clone();
    view! {
        <div class="page-actions" role="group" aria-label=tr_in!(ui, docs.page_actions)>
            <button
                type="button"
                class="page-action copy-page"
                aria-live="polite"
                data-locale=ui.tag()
                data-slug=slug
                data-copy=copy_label
                data-copied=tr_in!(ui, docs.copied_page)
            >
                {copy}
            </button>
            <a class="page-action" href=format!("{route}.md") rel="external" type="text/markdown">
                {tr_in!(ui, docs.view_markdown)}
            </a>
        </div>
    }
}

/// The page's content problems (while the content is watched), "you are
/// reading an old version", and "not translated yet".
#[component]
fn Notices(problems: Vec<String>, versions: Option<PageVersions>, fallback: bool, ui: Locale) -> impl IntoView {
    let problems = (!problems.is_empty()).then(|| {
        let problems = problems.into_iter().map(|problem| view! { <li><code>{problem}</code></li> }).collect_view();
        view! { <div class="notice page-problems" role="alert"><ul>{problems}</ul></div> }
    });
    let old_version = versions.and_then(|versions| {
        let href = versions.latest_href?;
        let latest = versions.latest;
        let link = if versions.latest_has_page {
            tr_in!(ui, docs.old_version_link, latest = latest.clone())
        } else {
            tr_in!(ui, docs.old_version_index, latest = latest.clone())
        };
        let text = tr_in!(ui, docs.old_version, version = versions.label, latest = latest);
        Some(view! { <p class="notice version-banner" role="note">{format!("{text} ")}<a href=href>{link}</a></p> })
    });
    let fallback =
        fallback.then(|| view! { <p class="notice fallback-notice" role="note">{tr_in!(ui, docs.fallback)}</p> });
    (problems, old_version, fallback)
}

/// When the page was last updated, and where to edit it or leave feedback on it.
#[component]
fn ArticleFooter(
    last_updated: Option<String>,
    edit_url: Option<String>,
    feedback_url: Option<String>,
    ui: Locale,
) -> impl IntoView {
    let updated = last_updated.map(|at| {
        let date = human_date(&at, ui);
        view! { <p class="last-updated">{tr_in!(ui, docs.last_updated)}<time datetime=at>{date}</time></p> }
    });
    // GitLab's edit links are `…/-/edit/…` (`site::config`).
    let edit = edit_url.map(|url| {
        let label = if url.contains("/-/edit/") { tr_in!(ui, docs.edit_gitlab) } else { tr_in!(ui, docs.edit_github) };
        view! { <ExternalLink href=url label/> }
    });
    let feedback = feedback_url.map(|url| view! { <ExternalLink href=url label=tr_in!(ui, docs.feedback)/> });
    view! {
        <footer class="docs-article-footer">
            {updated}
            <p class="page-links">{edit}{feedback}</p>
        </footer>
    }
}

/// The previous and next pages in sidebar order.
#[component]
fn Pagination(prev: Option<NavLink>, next: Option<NavLink>, ui: Locale) -> impl IntoView {
    let link = |link: Option<NavLink>, rel: &'static str, label: String| {
        link.map(|NavLink { title, href }| {
            view! {
                <a href=href class=format!("pagination-{rel}") rel=rel>
                    <span class="pagination-label">{label}</span>
                    <span class="pagination-title">{title}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="pagination" aria-label=tr_in!(ui, docs.pages)>
            {link(prev, "prev", tr_in!(ui, docs.previous))}
            {link(next, "next", tr_in!(ui, docs.next))}
        </nav>
    }
}

/// "On this page": the page's sections, the one in view marked by the
/// browser (`class="active"`), an edit link and a way back to the top.
#[component]
fn TableOfContents(entries: Vec<TocEntry>, edit_url: Option<String>, ui: Locale) -> impl IntoView {
    let title = tr_in!(ui, toc.title);
    let heading = (!entries.is_empty()).then(|| view! { <p class="toc-title">{title.clone()}</p> });
    let entries = entries
        .into_iter()
        .map(|TocEntry { level, id, text }| {
            view! { <li class=format!("toc-level-{level}")><a href=format!("#{id}")>{text}</a></li> }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-label=title>
            {heading}
            <ul>{entries}</ul>
            <div class="toc-footer">
                {edit_url.map(|url| view! { <ExternalLink href=url label=tr_in!(ui, toc.edit)/> })}
                <a href="#top" class="scroll-top">{tr_in!(ui, toc.top)}</a>
            </div>
        </nav>
    }
}

/// The version switcher: every version's link to this page (or to its first
/// page, when it lacks this one), latest first, the one being read marked. A
/// list of links, so it works without JavaScript.
pub fn version_switch(versions: &PageVersions, ui: Locale) -> String {
    server_html(view! { <VersionSwitch versions=versions.clone() ui/> })
}

/// The version switcher's component ([`version_switch`]).
#[component]
fn VersionSwitch(versions: PageVersions, ui: Locale) -> impl IntoView {
    let choices = versions
        .choices
        .into_iter()
        .map(|VersionChoice { label, href, selected }| {
            // Two views: an absent class would still write `class=""`.
            let link = if selected {
                view! { <a href=href aria-current="page" class="selected">{label}</a> }.into_any()
            } else {
                view! { <a href=href>{label}</a> }.into_any()
            };
            view! { <li>{link}</li> }
        })
        .collect_view();
    view! {
        <details class="version-switch">
            <summary>{format!("{}: ", tr_in!(ui, docs.version))}<strong>{versions.label}</strong></summary>
            <ul>{choices}</ul>
        </details>
    }
}

/// A link to another site, opened in a new tab.
#[component]
fn ExternalLink(href: String, label: String) -> impl IntoView {
    view! { <a href=href rel="noopener" target="_blank">{label}</a> }
}
