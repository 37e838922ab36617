//! `/search?q=…` and `/ko/search?q=…`: search results rendered on the
//! server, so search works without JavaScript too. The URL's locale decides
//! which docs are searched.
//!
//! The results are a resource over `search_docs`, keyed by the query: a
//! direct load renders them and carries them for hydration, and a new search
//! (the router's `<Form>`, or the navbar's search) fetches them once. On an
//! exported site, which has no page here, a search reached by client
//! navigation runs in the browser ([`find_docs`]).

use leptos::prelude::*;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::{
    components::{search_box::snippet, ErrorPage, MainContent},
    locale::{title_text, use_locale},
    search::model::{SearchKey, SearchResults, MAX_QUERY_CHARS},
    seo::{Indexing, PageMeta, PageTitle},
    server::search::find_docs,
    tr, tr_in,
};

/// The search results page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query_map = use_query_map();
    let locale = use_locale();
    let search = Memo::new(move |_| {
        let query = query_map.read();
        SearchKey::for_page(locale.get(), query.get("q"), query.get("v"))
    });
    let query = Memo::new(move |_| search.read().query.clone());
    let version = Memo::new(move |_| search.read().version.clone());
    let results = Resource::new(
        move || search.get(),
        |SearchKey { locale, query, version, limit }| find_docs(locale, query, limit, version),
    );
    let ui = use_locale().get_untracked();
    let name = crate::site::use_site().name.clone();
    let description = query.with_untracked(|q| {
        if q.trim().is_empty() {
            tr_in!(ui, search.description, name = name)
        } else {
            tr_in!(ui, search.description_query, name = name, query = q.trim().chars().take(80).collect::<String>())
        }
    });
    view! {
        <PageTitle text=title_text(|locale| tr_in!(locale, search.title))/>
        <PageMeta
            title=tr_in!(ui, search.title)
            description
            path=crate::locale::localized_path("/search", ui)
            indexing=Indexing::NoIndex
        />
        <MainContent>
        <section class="narrow search-page">
            <h1>{tr!(search.heading)}</h1>
            <Form method="get" action=crate::locale::use_localized("/search") attr:class="ask-user-row">
                <input
                    type="search"
                    name="q"
                    aria-label=tr!(search.query_label)
                    maxlength=MAX_QUERY_CHARS * 4
                    prop:value=move || query.get()
                />
                {move || version.get().map(|version| view! { <input type="hidden" name="v" value=version/> })}
                <button type="submit" class="button primary">{tr!(search.button)}</button>
            </Form>
            <Suspense fallback=|| view! { <p class="loading">{tr!(search.searching)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(found) => results_view(found),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        </MainContent>
    }
}

/// The hits as a list, or why there are none.
fn results_view(found: SearchResults) -> AnyView {
    if found.hits.is_empty() {
        let ui = use_locale().get_untracked();
        let message = found.notice.unwrap_or_else(|| {
            if found.query.is_empty() {
                String::new()
            } else {
                tr_in!(ui, search.no_results, query = found.query.clone())
            }
        });
        return view! { <p class="search-empty" role="status">{message}</p> }.into_any();
    }
    view! {
        {found.notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
        <ol class="search-page-results">
            {found.hits.into_iter().map(|hit| view! {
                <li>
                    <a href=hit.href() class="search-hit-title">{hit.title.clone()}</a>
                    {found.version.clone().map(|v| view! { " " <span class="search-hit-version">{v}</span> })}
                    {(hit.heading != hit.title).then(|| view! { <span class="search-hit-heading">{hit.heading.clone()}</span> })}
                    <p class="search-hit-snippet">{snippet(&hit)}</p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}
