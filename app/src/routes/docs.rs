//! `/docs/…` (English) and `/ko/docs/…` (Korean): the documentation.
//!
//! The layout (sidebar, version switcher, banner) is a parent route that
//! stays mounted while moving between pages. It holds the page's resource,
//! over `get_doc_page` and keyed by the path: a direct load renders it on the
//! server and carries it for hydration (once: see [`InDocument`]), client
//! navigation fetches it as JSON, and the page in the `<Outlet/>` shows it.

use leptos::prelude::*;
use leptos_router::{
    components::Outlet,
    hooks::{use_location, use_query_map},
};

use crate::{
    components::{
        docs::{behaviour, DocsLocale, Sidebar},
        site_chrome::SiteBanner,
        ErrorPage, MainContent,
    },
    docs::model::PageView,
    error::AppError,
    format::percent_decode,
    in_document::{InDocument, InDocumentCodec},
    locale::{split_path, Locale},
    seo::{Alternates, Indexing, PageMeta, PageTitle},
    server::docs::get_doc_page,
    tr, MenuOpen,
};

/// The docs page shown, as the layout loads it for the page in its outlet.
#[derive(Clone, Copy)]
struct ShownPage(Resource<Result<PageView, AppError>, InDocumentCodec>);

/// The slug of a docs path below its base, percent-decoded: `guide/ssr` for
/// `/ko/docs/guide/ssr`, empty for the docs index.
pub fn slug_of_path(path: &str) -> String {
    let (_, rest) = split_path(path);
    percent_decode(rest.strip_prefix("/docs").unwrap_or_default().trim_matches('/'))
}

/// The docs frame for the locale of the address: sidebar, optional banner,
/// and the page (`<Outlet/>`).
#[component]
pub fn DocsLayout() -> impl IntoView {
    let location = use_location();
    let locale = crate::locale::from_path(&location.pathname.get_untracked());
    provide_context(DocsLocale(locale));
    behaviour::install();
    let menu_open = use_context::<MenuOpen>().map(|m| m.0);
    // Its path below the docs base (`guide/ssr`, `0.1/guide/ssr`; empty for the index).
    // Leaving the docs changes the address before the layout goes: the slug keeps its last value.
    let slug = Memo::new(move |last: Option<&String>| {
        let path = location.pathname.read();
        let (_, rest) = split_path(&path);
        match last {
            Some(last) if rest != "/docs" && !rest.starts_with("/docs/") => last.clone(),
            _ => slug_of_path(&path),
        }
    });
    // `?missing=1` (a notice from the version switcher) is the one parameter a page reads.
    #[cfg(feature = "ssr")]
    crate::server::keep::declare(crate::server::keep::Kind::Content, &["missing"]);
    let page = Resource::new_with_options(move || slug.get(), move |slug| get_doc_page(locale, slug), false);
    provide_context(ShownPage(page));
    view! {
        <SiteBanner locale/>
        <div class="docs-layout">
            <aside class="docs-sidebar" class:open=move || menu_open.is_some_and(|m| m.get())>
                <Transition>
                    {move || Suspend::new(async move {
                        // The page's version switcher (`docs::html::version_switch`); an error has none.
                        let switcher = page.await.map(|page| page.switcher).unwrap_or_default();
                        view! { <div class="version-slot" inner_html=switcher></div> }
                    })}
                </Transition>
                <Sidebar/>
            </aside>
            <Outlet/>
        </div>
    }
}

/// One docs page, or why it cannot be shown. While client navigation fetches
/// the next page, the last one stays (`<Transition>`).
#[component]
pub fn DocsPage() -> impl IntoView {
    let ShownPage(page) = expect_context::<ShownPage>();
    view! {
        <Transition fallback=|| view! {
            <div class="docs-main"><MainContent><p class="loading">{tr!(docs.loading)}</p></MainContent></div>
        }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <DocView page/> }.into_any(),
                    Err(error) => {
                        view! { <div class="docs-main"><MainContent><ErrorPage error/></MainContent></div> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// One page, as the server rendered it: the browser inserts its HTML as it
/// is (`docs::html::page_view`), and the behaviour of its parts (tabs, copy
/// buttons, "Copy page", the section in view) acts on that HTML.
#[component]
fn DocView(page: PageView) -> impl IntoView {
    let head = doc_head(&page);
    let PageView { locale, head: top, body, foot, toc, layout, version, structured_data, .. } = page;
    scroll_to_hash();
    let body_element = NodeRef::<leptos::html::Div>::new();
    behaviour::restore_tab_choices(body_element);
    let toc_element = NodeRef::<leptos::html::Aside>::new();
    behaviour::follow_sections(toc_element);
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
                <div class="article-top" inner_html=top></div>
                {missing_notice(version)}
                <div class="docs-body" lang=locale.tag() node_ref=body_element inner_html=body></div>
                <div class="article-end" inner_html=foot></div>
            </article>
            </MainContent>
            {(!toc.is_empty()).then(|| view! {
                <aside class="docs-toc" node_ref=toc_element inner_html=toc on:click=behaviour::scroll_to_top></aside>
            })}
        </div>
    }
}

/// A direct load's copy of the page for hydration leaves out the HTML that
/// the document shows as it is (the body, the parts around it, the table of
/// contents, the version switcher, the JSON-LD: about half of the page's
/// bytes), and hydration reads it back from the elements [`DocView`] and
/// [`DocsLayout`] render it into.
impl InDocument for PageView {
    fn for_document(&self) -> Self {
        let PageView { locale, route, title, description, image, fallback, layout, version, noindex, .. } = self;
        PageView {
            locale: *locale,
            route: route.clone(),
            title: title.clone(),
            description: description.clone(),
            image: image.clone(),
            fallback: *fallback,
            layout: *layout,
            version: version.clone(),
            noindex: *noindex,
            structured_data: String::new(),
            head: String::new(),
            body: String::new(),
            foot: String::new(),
            toc: String::new(),
            switcher: String::new(),
        }
    }

    fn restored_from_document(self) -> Self {
        #[cfg(feature = "hydrate")]
        {
            let element = |selector: &str| document().query_selector(selector).ok().flatten();
            let html = |selector: &str| element(selector).map(|element| element.inner_html()).unwrap_or_default();
            PageView {
                switcher: html(".docs-sidebar > .version-slot"),
                structured_data: element(".docs-article > script[type=\"application/ld+json\"]")
                    .and_then(|script| script.text_content())
                    .unwrap_or_default(),
                head: html(".docs-article .article-top"),
                body: html(".docs-article .docs-body"),
                foot: html(".docs-article .article-end"),
                toc: html(".docs-main > .docs-toc"),
                ..self
            }
        }
        #[cfg(not(feature = "hydrate"))]
        self
    }
}

/// `<title>` and the page's metadata. A fallback (the English page shown at a
/// Korean address) names the English page as canonical.
fn doc_head(page: &PageView) -> impl IntoView {
    let docs_locale = use_context::<DocsLocale>().map_or(Locale::default(), |l| l.0);
    let slug = crate::docs::model::docs_slug(docs_locale, &page.route);
    let en_href = crate::docs::model::docs_route(Locale::en, slug);
    let ko_href = crate::docs::model::docs_route(Locale::ko, slug);
    let canonical = if page.fallback { en_href.clone() } else { page.route.clone() };
    view! {
        <PageTitle text=page.title.clone()/>
        <PageMeta
            title=page.title.clone()
            description=page.description.clone()
            path=canonical
            kind="article"
            alternates=Alternates { en: en_href, ko: ko_href }
            indexing=if page.noindex { Indexing::NoIndex } else { Indexing::Index }
            image=page.image.clone()
        />
    }
}

/// `?missing=1`: the version switcher sent the reader to this version's
/// first page (of version `label`) because it lacks the page they were reading.
fn missing_notice(label: String) -> impl IntoView {
    let query = use_query_map();
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

/// After client navigation to `page#heading`, scrolls to the heading once the
/// page's content exists (the router cannot: the data arrives later, and the
/// new page may be mounted a few frames after this component is created).
fn scroll_to_hash() {
    #[cfg(feature = "hydrate")]
    {
        let location = use_location();
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
