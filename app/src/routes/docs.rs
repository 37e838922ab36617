//! `/docs/…` (English) and `/ko/docs/…` (Korean): the documentation.
//!
//! The layout (sidebar, banner) stays mounted while moving between pages;
//! each page's content comes from `get_doc_page`, which a direct load renders
//! on the server and client navigation fetches as JSON.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;

use crate::{
    components::{
        docs::{provide_tab_ids, Blocks, Breadcrumb, DocsLocale, Pagination, Sidebar, TabChoices, Toc},
        ErrorPage, MainContent,
    },
    docs::model::{docs_base, DocPage},
    error::AppError,
    format::{human_date, percent_encode},
    locale::use_locale,
    seo::{docs_structured_data, use_site_url, Alternates, PageMeta},
    server::docs::{get_doc_page, get_sidebar},
    site, tr, MenuOpen,
};

/// The docs frame for one locale: sidebar, optional banner, and the page.
#[component]
pub fn DocsLayout(locale: &'static str) -> impl IntoView {
    provide_context(DocsLocale(locale));
    provide_context(TabChoices(RwSignal::new(Default::default())));
    let menu_open = use_context::<MenuOpen>().map(|m| m.0);
    let location = leptos_router::hooks::use_location();
    // Keyed by locale only: moving between pages keeps the sidebar.
    let sidebar =
        Resource::new(move || locale, move |locale| get_sidebar(locale.to_owned(), location.pathname.get_untracked()));
    // The page's data also lives here, keyed by path, so that switching
    // between the root and nested child routes fetches exactly once.
    let slug = Memo::new(move |_| {
        let path = location.pathname.get();
        path.strip_prefix(&docs_base(locale)).unwrap_or_default().trim_matches('/').to_owned()
    });
    let page = Resource::new(move || slug.get(), move |slug| get_doc_page(locale.to_owned(), slug));
    provide_context(CurrentPage(page));
    // Rendered for everyone; a dismissed banner is hidden by the stylesheet
    // (`data-banner` on `<html>`, see `preferences`) before the first paint.
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
        <div class="docs-layout">
            <aside class="docs-sidebar" class:open=move || menu_open.is_some_and(|m| m.get())>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        sidebar.await.ok().map(|items| view! { <Sidebar items/> })
                    })}
                </Suspense>
            </aside>
            <Outlet/>
        </div>
    }
}

/// The current page's data, loaded by the layout.
#[derive(Clone, Copy)]
struct CurrentPage(Resource<Result<DocPage, AppError>>);

/// One docs page: the routes `/docs` and `/docs/*slug`.
#[component]
pub fn DocArticle() -> impl IntoView {
    let Some(CurrentPage(page)) = use_context::<CurrentPage>() else {
        return view! { <ErrorPage error=AppError::Internal("the docs layout is missing".into())/> }.into_any();
    };
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
    let DocPage {
        locale,
        route,
        title,
        description,
        toc,
        blocks,
        last_updated,
        edit_url,
        breadcrumb,
        prev,
        next,
        fallback,
        problems,
    } = page;
    scroll_to_hash();
    let ui = use_locale();
    let slug = route.strip_prefix(&docs_base(&locale)).unwrap_or_default().to_owned();
    let en_href = crate::docs::model::docs_route("en", slug.trim_matches('/'));
    let ko_href = crate::docs::model::docs_route("ko", slug.trim_matches('/'));
    let feedback =
        format!("{}/issues/new?title={}", site::REPOSITORY, percent_encode(&format!("Feedback for “{title}”")));
    // A fallback is the English page shown at a Korean address: the English one is canonical.
    let canonical = if fallback { en_href.clone() } else { route };
    provide_tab_ids();
    let toc_edit_url = edit_url.clone();
    view! {
        <Title text=title.clone()/>
        <PageMeta
            title=title.clone()
            description
            path=canonical
            kind="article"
            alternates=Alternates { en: en_href, ko: ko_href }
        />
        <div class="docs-main">
            <MainContent class="docs-article">
            <script type="application/ld+json" inner_html=structured_data></script>
            <article>
                <Breadcrumb items=breadcrumb/>
                {(!problems.is_empty()).then(|| view! {
                    <div class="notice page-problems" role="alert">
                        <ul>{problems.into_iter().map(|problem| view! { <li><code>{problem}</code></li> }).collect_view()}</ul>
                    </div>
                })}
                {fallback.then(|| view! {
                    <p class="notice fallback-notice" role="note">
                        {tr!(docs.fallback)}
                    </p>
                })}
                <div class="docs-body" lang=locale>
                    <Blocks blocks/>
                </div>
                <footer class="docs-article-footer">
                    {last_updated.map(|at| {
                        let datetime = at.clone();
                        view! {
                            <p class="last-updated">{tr!(docs.last_updated)} <time datetime=datetime>{move || human_date(&at, ui.get().tag())}</time></p>
                        }
                    })}
                    <p class="page-links">
                        {edit_url.clone().map(|url| view! { <a href=url rel="noopener" target="_blank">{tr!(docs.edit_github)}</a> })}
                        <a href=feedback rel="noopener" target="_blank">{tr!(docs.feedback)}</a>
                    </p>
                </footer>
                <Pagination prev next/>
            </article>
            </MainContent>
            <aside class="docs-toc">
                <Toc entries=toc edit_url=toc_edit_url/>
            </aside>
        </div>
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
