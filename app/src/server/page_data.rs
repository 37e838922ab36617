//! What a page's address asks the server to load before the page renders
//! (`app::page_data`): a user's repositories, a docs page, search results.

use std::sync::Arc;

use crate::{
    page_data::Loaded,
    router::Page,
    search::model::SearchKey,
    server::{content::Content, state::AppState},
};

/// Loads the data of the page at `uri` from `content`, into `extensions` as a
/// [`Loaded`]; nothing for a page without data.
pub async fn load(state: &AppState, content: &Content, uri: &http::Uri, extensions: &mut http::Extensions) {
    let path = uri.path();
    match Page::at(path) {
        Page::User => {
            let repos = super::github::list_user_repos::for_page(state, path).await;
            extensions.insert(Loaded(Arc::new(repos)));
        }
        Page::Docs(locale) => {
            let slug = crate::router::docs_slug(path);
            let page = super::docs::get_doc_page::load(state, content, locale, &slug).await;
            extensions.insert(Loaded(Arc::new(page)));
        }
        Page::Search => {
            let query = crate::router::Query::parse(uri.query().unwrap_or_default());
            let search = SearchKey::for_page(crate::locale::from_path(path), query.get("q"), query.get("v"));
            let results = content.search_docs(search.locale, &search.query, search.limit, search.version.as_deref());
            extensions.insert(Loaded(Arc::new(results)));
        }
        Page::Home | Page::Repos | Page::NotFound => {}
    }
}
