//! Error pages: real pages in the site's shell that also set the HTTP status.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::error::AppError;

/// Shows `error` and, when rendered on the server, answers with its status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
        response.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
        if let Some(secs) = error.retry_after() {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
    }
    let status = error.status_code();
    let title = error.title();
    view! {
        <Title text=title/>
        <section class="error-page" data-status=status.as_u16()>
            <p class="error-code">{status.as_u16()}</p>
            <h1>{title}</h1>
            <p class="error-message">{error.to_string()}</p>
            <p class="error-links">
                <A href="/">"Home"</A>
                <A href="/docs">"Documentation"</A>
                <A href="/repos">"Explore repositories"</A>
            </p>
        </section>
    }
}

/// The 404 page for paths that match no route.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <ErrorPage error=AppError::NotFound(
            "There is no page at this address. It may have moved, or the link may be mistyped.".to_owned(),
        )/>
    }
}
