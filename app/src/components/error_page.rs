//! Error pages: real pages in the site's shell that also set the HTTP status.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::{
    error::AppError,
    locale::{title_text, use_locale, Locale},
    seo::{Indexing, PageMeta, PageTitle},
    tr, tr_in,
};

/// Shows `error` and, when rendered on the server, answers with its status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::state::answer_error(&error);
    let status = error.status_code();
    let locale = use_locale();
    let (title, explanation) = {
        let error = error.clone();
        let same = error.clone();
        (move || translated_title(&error, locale.get()), move || translated_explanation(&same, locale.get()))
    };
    let detail = {
        let error = error.clone();
        move || error.message(locale.get())
    };
    let shown = locale.get_untracked();
    let path = use_location().pathname.get_untracked();
    let explanation_differs = move || locale.get() != Locale::en;
    view! {
        <PageTitle text={
            let error = error.clone();
            title_text(move |locale| translated_title(&error, locale))
        }/>
        <PageMeta
            title=translated_title(&error, shown)
            description=translated_explanation(&error, shown)
            path
            indexing=Indexing::NoIndex
        />
        <section class="error-page" data-status=status.as_u16()>
            <p class="error-code">{status.as_u16()}</p>
            <h1>{title}</h1>
            <Show when=explanation_differs>
                <p class="error-explanation">{explanation.clone()}</p>
            </Show>
            <p class="error-message">{detail}</p>
            <p class="error-links">
                <A href=move || crate::locale::home_path(locale.get()).to_owned()>{tr!(error.home)}</A>
                <A href=move || crate::docs::model::docs_base(locale.get())>{tr!(error.documentation)}</A>
                <crate::static_export::ServerPageLink path="/repos">{tr!(error.explore)}</crate::static_export::ServerPageLink>
            </p>
        </section>
    }
}

/// The 404 page for paths that match no route.
#[component]
pub fn NotFound() -> impl IntoView {
    let locale = use_locale().get_untracked();
    view! { <ErrorPage error=AppError::NotFound(tr_in!(locale, error.no_page))/> }
}

/// The error page's title in `locale`.
fn translated_title(error: &AppError, locale: Locale) -> String {
    match error {
        AppError::BadRequest(_) => tr_in!(locale, error.bad_request),
        AppError::NotFound(_) => tr_in!(locale, error.not_found),
        AppError::RateLimited { .. } => tr_in!(locale, error.unavailable),
        AppError::Upstream(_) => tr_in!(locale, error.bad_gateway),
        AppError::Internal(_) | AppError::Transport(_) => tr_in!(locale, error.internal),
    }
}

/// A generic explanation of `error` in `locale`, shown above its detail
/// where the detail may be in English (what GitHub or the content said).
fn translated_explanation(error: &AppError, locale: Locale) -> String {
    match error {
        AppError::BadRequest(_) => tr_in!(locale, error.bad_request_text),
        AppError::NotFound(_) => tr_in!(locale, error.not_found_text),
        AppError::RateLimited { .. } => tr_in!(locale, error.unavailable_text),
        AppError::Upstream(_) => tr_in!(locale, error.bad_gateway_text),
        AppError::Internal(_) | AppError::Transport(_) => tr_in!(locale, error.internal_text),
    }
}
