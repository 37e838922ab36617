//! `/`: the landing page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    components::MainContent,
    docs::model::docs_base,
    locale::{home_path, use_locale},
    seo::{Alternates, PageMeta, PageTitle},
    static_export::{static_export, ServerPageLink, LOCALE_CHOOSER},
    tr, tr_in,
};

/// What the site is, and where to go next.
#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    #[cfg(feature = "ssr")]
    redirect_first_visit();
    let shown = locale.get_untracked();
    let name = crate::site::use_site().name.clone();
    let lead = move |locale: crate::locale::Locale| tr_in!(locale, home.lead, name = name.clone());
    // An export's `/` chooses the reader's language in the browser (see `LOCALE_CHOOSER`).
    // Without JavaScript it stays English, and says where the Korean site is.
    let chooser = (static_export().is_some() && shown == crate::locale::Locale::en).then(|| {
        view! {
            <script>{LOCALE_CHOOSER}</script>
            <p class="locale-choice"><a href="/ko" hreflang="ko" lang="ko">"한국어"</a></p>
        }
    });
    view! {
        {chooser}
        <PageTitle text=""/>
        <PageMeta
            title=""
            description=lead(shown)
            path=home_path(shown)
            alternates=Alternates { en: "/".into(), ko: "/ko".into() }
        />
        <MainContent>
        <section class="hero">
            <h1>{tr!(home.title)}</h1>
            <p class="hero-lead">{move || lead(locale.get())}</p>
            <p class="hero-actions">
                <A href=move || docs_base(locale.get()) attr:class="button primary">{tr!(home.read_docs)}</A>
                <ServerPageLink path="/repos" class="button">{tr!(home.list_repos)}</ServerPageLink>
            </p>
        </section>
        </MainContent>
    }
}

/// `/` is the one page that looks at the visitor: one who chose Korean (the
/// `locale` cookie the switcher sets) or whose browser prefers it is
/// redirected to `/ko`. A first guess is remembered in the cookie, so a
/// visitor who then chooses English stays.
///
/// Its answer depends on those two headers, so it says so (`Vary`) and is
/// never kept by a shared cache (`private`); every other page depends on its
/// URL alone.
#[cfg(feature = "ssr")]
fn redirect_first_visit() {
    use crate::locale::{preferred, Locale, Source, LOCALE_COOKIE};
    use http::{header, HeaderValue, StatusCode};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let Some(parts) = use_context::<http::request::Parts>() else { return };
    if parts.uri.path() != "/" {
        return;
    }
    let header = |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let (locale, source) = preferred(header(header::COOKIE), header(header::ACCEPT_LANGUAGE));
    response.insert_header(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if source == Source::Guess {
        let cookie = cookie::Cookie::build((LOCALE_COOKIE, locale.tag()))
            .path("/")
            .max_age(time::Duration::days(365))
            .same_site(cookie::SameSite::Lax)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.append_header(header::SET_COOKIE, value);
        }
    }
    if locale == Locale::ko {
        response.set_status(StatusCode::FOUND);
        response.insert_header(header::LOCATION, HeaderValue::from_static("/ko"));
        response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
}
