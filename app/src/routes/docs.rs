//! `/docs/…` (English) and `/ko/docs/…` (Korean): the documentation.
//!
//! The layout (sidebar, banner) stays mounted while moving between pages;
//! each page's content comes from `get_doc_page`, which a direct load renders
//! on the server and client navigation fetches as JSON.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params, params::Params};

use crate::{
    components::{
        docs::{behaviour, Breadcrumb, DocsLocale, PageActions, Pagination, Sidebar, Toc},
        ErrorPage, MainContent,
    },
    docs::model::{docs_base, DocPage, PageVersions},
    error::AppError,
    format::{human_date, percent_encode},
    locale::{use_locale, Locale},
    seo::{docs_structured_data, social_image_path, use_site_url, Alternates, Indexing, PageMeta, SocialCard},
    server::docs::get_doc_page,
    site, tr, MenuOpen,
};

/// The docs route's parameter: the page's path below the docs base
/// (`guide/ssr`, `0.1/guide/ssr`; none for the docs index).
#[derive(Params, Debug, Clone, PartialEq, Eq)]
pub struct DocsParams {
    /// The page's slug, as in the URL.
    pub slug: Option<String>,
}

/// The docs frame for one locale: sidebar, optional banner, and the page.
#[component]
pub fn DocsLayout(locale: Locale) -> impl IntoView {
    provide_context(DocsLocale(locale));
    behaviour::install();
    let menu_open = use_context::<MenuOpen>().map(|m| m.0);
    // The page's data lives here, beside the version switcher that reads it too.
    let params = use_params::<DocsParams>();
    let slug = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.slug.as_deref().map(|s| s.trim_matches('/').to_owned()))
            .unwrap_or_default()
    });
    let page = Resource::new(move || slug.get(), move |slug| get_doc_page(locale, slug));
    view! {
        {docs_banner(locale)}
        <div class="docs-layout">
            <aside class="docs-sidebar" class:open=move || menu_open.is_some_and(|m| m.get())>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        page.await.ok().and_then(|page| page.versions).map(|versions| view! { <VersionSwitch versions/> })
                    })}
                </Transition>
                <Sidebar/>
            </aside>
            <DocArticle page/>
        </div>
    }
}

/// The announcement above the docs. Rendered for everyone; a dismissed
/// banner is hidden by the stylesheet (`data-banner` on `<html>`, see
/// `preferences`) before the first paint.
fn docs_banner(locale: Locale) -> impl IntoView {
    let banner = RwSignal::new(true);
    let dismiss = move |_| {
        banner.set(false);
        #[cfg(feature = "hydrate")]
        {
            use crate::preferences::{BANNER_COOKIE, BANNER_DISMISSED};
            crate::cookies::write(BANNER_COOKIE, BANNER_DISMISSED, 60 * 60 * 24 * 365);
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-banner", BANNER_DISMISSED);
            }
        }
    };
    view! {
        <Show when=move || banner.get()>
            <div class="banner" role="region" aria-label=tr!(docs.announcement)>
                <span>{tr!(docs.banner)}</span>
                <a href=format!("{}/guide/ssr", docs_base(locale))>{tr!(docs.banner_link)}</a>
                <button type="button" class="banner-close" aria-label=tr!(docs.dismiss) on:click=dismiss>"×"</button>
            </div>
        </Show>
    }
}

/// The version switcher: a list of links, so it works without JavaScript;
/// each keeps the page when that version has it.
#[component]
fn VersionSwitch(versions: PageVersions) -> impl IntoView {
    view! {
        <details class="version-switch">
            <summary>{tr!(docs.version)} ": " <strong>{versions.label}</strong></summary>
            <ul>
                {versions.choices.into_iter().map(|choice| view! {
                    <li>
                        // The link to the version being read is the current page: the router marks it.
                        <A href=choice.href attr:class=choice.selected.then_some("selected")>{choice.label}</A>
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// One docs page, or why it cannot be shown.
#[component]
fn DocArticle(page: Resource<Result<DocPage, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <div class="docs-main"><MainContent><p class="loading">{tr!(docs.loading)}</p></MainContent></div> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <DocView page/> }.into_any(),
                    Err(error) => view! { <div class="docs-main"><MainContent><ErrorPage error/></MainContent></div> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn DocView(page: DocPage) -> impl IntoView {
    let structured_data = docs_structured_data(&use_site_url(), &page);
    let docs_locale = use_context::<DocsLocale>().map_or(Locale::default(), |l| l.0);
    let slug = page.route.strip_prefix(&docs_base(docs_locale)).unwrap_or_default().trim_matches('/').to_owned();
    let head = doc_head(&page, &slug);
    let DocPage {
        locale,
        route,
        title,
        toc,
        body,
        last_updated,
        edit_url,
        breadcrumb,
        prev,
        next,
        fallback,
        problems,
        layout,
        versions,
        ..
    } = page;
    scroll_to_hash();
    let body_element = NodeRef::<leptos::html::Div>::new();
    behaviour::restore_tab_choices(body_element);
    let toc_edit_url = edit_url.clone();
    view! {
        {head}
        <div
            class="docs-main"
            class:layout-full=layout.full
            class:no-sidebar=layout.full || !layout.sidebar
            class:no-toc=layout.full || !layout.toc
            class:no-footer=!layout.footer
        >
            <MainContent class="docs-article">
            <script type="application/ld+json" inner_html=structured_data></script>
            <article>
                <div class="article-head">
                    {layout.breadcrumb.then(|| view! { <Breadcrumb items=breadcrumb/> })}
                    <PageActions locale=docs_locale.to_owned() slug route/>
                </div>
                {page_notices(problems, versions, fallback)}
                <div class="docs-body" lang=locale.tag() node_ref=body_element inner_html=body></div>
                {article_footer(last_updated.filter(|_| layout.timestamp), edit_url, &title)}
                {layout.pagination.then(|| view! { <Pagination prev next/> })}
            </article>
            </MainContent>
            {(layout.toc && !layout.full).then(|| view! {
                <aside class="docs-toc">
                    <Toc entries=toc edit_url=toc_edit_url/>
                </aside>
            })}
        </div>
    }
}

/// `<title>` and the page's metadata. A fallback (the English page shown at a
/// Korean address) names the English page as canonical.
fn doc_head(page: &DocPage, slug: &str) -> impl IntoView {
    let en_href = crate::docs::model::docs_route(Locale::en, slug);
    let ko_href = crate::docs::model::docs_route(Locale::ko, slug);
    let canonical = if page.fallback { en_href.clone() } else { page.route.clone() };
    let noindex = page.versions.as_ref().is_some_and(|v| v.noindex);
    view! {
        <Title text=page.title.clone()/>
        <PageMeta
            title=page.title.clone()
            description=page.description.clone()
            path=canonical
            kind="article"
            alternates=Alternates { en: en_href, ko: ko_href }
            indexing=if noindex { Indexing::NoIndex } else { Indexing::Index }
            image=social_image_path(&page.route, &SocialCard::of(page))
        />
    }
}

/// The notices above a page's text: its content problems (while the content
/// is watched), an older version, a page the chosen version lacks, and an
/// English page shown at a Korean address.
fn page_notices(problems: Vec<String>, versions: Option<PageVersions>, fallback: bool) -> impl IntoView {
    let missing_label = versions.as_ref().map(|v| v.label.clone()).unwrap_or_default();
    view! {
        {problems_notice(problems)}
        {versions.and_then(old_version_notice)}
        {missing_notice(missing_label)}
        {fallback.then(|| view! {
            <p class="notice fallback-notice" role="note">
                {tr!(docs.fallback)}
            </p>
        })}
    }
}

/// The content problems of the page, shown while the content is watched.
fn problems_notice(problems: Vec<String>) -> Option<impl IntoView> {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="notice page-problems" role="alert">
                <ul>{problems.into_iter().map(|problem| view! { <li><code>{problem}</code></li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// "You are reading an old version", with a link to the latest, when there is one.
fn old_version_notice(versions: PageVersions) -> Option<impl IntoView> {
    let href = versions.latest_href.clone()?;
    let ui = use_locale();
    let latest = versions.latest.clone();
    let same_page = versions.latest_has_page;
    let link = move || {
        if same_page {
            crate::tr_in!(ui.get(), docs.old_version_link, latest = latest.clone())
        } else {
            crate::tr_in!(ui.get(), docs.old_version_index, latest = latest.clone())
        }
    };
    Some(view! {
        <p class="notice version-banner" role="note">
            {tr!(docs.old_version, version = versions.label.clone(), latest = versions.latest.clone())} " "
            <A href=href>{link}</A>
        </p>
    })
}

/// `?missing=1`: the version switcher sent the reader to this version's
/// first page (of version `label`) because it lacks the page they were reading.
fn missing_notice(label: String) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let missing = Memo::new(move |_| query.read().get("missing").as_deref() == Some("1"));
    move || {
        let label = label.clone();
        missing.get().then(move || {
            view! {
                <p class="notice missing-notice" role="note">
                    {tr!(docs.missing_in_version, version = label.clone())}
                </p>
            }
        })
    }
}

/// When the page was last updated, and where to edit it or leave feedback on it.
fn article_footer(last_updated: Option<String>, edit_url: Option<String>, title: &str) -> impl IntoView {
    let ui = use_locale();
    let feedback =
        format!("{}/issues/new?title={}", site::REPOSITORY, percent_encode(&format!("Feedback for “{title}”")));
    view! {
        <footer class="docs-article-footer">
            {last_updated.map(|at| {
                let datetime = at.clone();
                view! {
                    <p class="last-updated">{tr!(docs.last_updated)} <time datetime=datetime>{move || human_date(&at, ui.get())}</time></p>
                }
            })}
            <p class="page-links">
                {edit_url.map(|url| view! { <a href=url rel="noopener" target="_blank">{tr!(docs.edit_github)}</a> })}
                <a href=feedback rel="noopener" target="_blank">{tr!(docs.feedback)}</a>
            </p>
        </footer>
    }
}

/// After client navigation to `page#heading`, scrolls to the heading once the
/// page's content exists (the router cannot: the data arrives later, and the
/// new page may be mounted a few frames after this component is created).
fn scroll_to_hash() {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let hash = location.hash.get();
            let id = hash.trim_start_matches('#').to_owned();
            if !id.is_empty() {
                scroll_when_present(id, 120);
            }
        });
    }
}

/// Scrolls to the element with `id` as soon as it exists, checking once per
/// frame for at most `frames` frames.
#[cfg(feature = "hydrate")]
fn scroll_when_present(id: String, frames: u32) {
    request_animation_frame(move || {
        // Non-ASCII anchors (Korean headings) arrive percent-encoded.
        let decoded = js_sys::decode_uri_component(&id).ok().and_then(|d| d.as_string());
        let element =
            document().get_element_by_id(&id).or_else(|| decoded.and_then(|d| document().get_element_by_id(&d)));
        match element {
            Some(element) => element.scroll_into_view(),
            None if frames > 0 => scroll_when_present(id, frames - 1),
            None => {}
        }
    });
}
