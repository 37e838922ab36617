//! The parts of the chrome a site configures in `site.toml` (see `site`):
//! the navbar's logo, its project and chat links, and the docs banner.

use leptos::prelude::*;

use crate::{
    locale::{use_locale, Locale},
    site::{use_site, Forge},
    tr,
};

/// The site's logo: its image, its text, or both.
#[component]
pub fn SiteLogo() -> impl IntoView {
    let site = use_site();
    let (width, height) = site.logo.size;
    // With text beside it the image is decoration; alone, it names the site.
    let alt = if site.logo.text.is_some() { String::new() } else { site.name.clone() };
    view! {
        {site.logo.image.clone().map(|src| view! { <img class="logo-image" src=src alt=alt width=width height=height/> })}
        {site.logo.text.clone()}
    }
}

/// The navbar's links to the project's repository and to its chat, each an
/// icon with an accessible name.
#[component]
pub fn ProjectLinks() -> impl IntoView {
    let site = use_site();
    let project = site.project.clone().map(|project| {
        let label = project.forge.label();
        view! {
            <a class="project-link" href=project.href rel="noopener" target="_blank" aria-label=label title=label>
                <svg viewBox="0 0 16 16" width="20" height="20" aria-hidden="true" fill="currentColor">
                    <path d=forge_icon(project.forge)/>
                </svg>
            </a>
        }
    });
    let chat = site.chat.clone().map(|chat| {
        view! {
            <a class="project-link" href=chat.href rel="noopener" target="_blank" aria-label=chat.label.clone() title=chat.label>
                <svg viewBox="0 0 16 16" width="20" height="20" aria-hidden="true" fill="currentColor">
                    <path d=CHAT_ICON/>
                </svg>
            </a>
        }
    });
    view! { {project} {chat} }
}

/// The 16×16 icon path of `forge`.
fn forge_icon(forge: Forge) -> &'static str {
    match forge {
        Forge::Github => GITHUB_ICON,
        Forge::Gitlab => GITLAB_ICON,
    }
}

const GITHUB_ICON: &str = "M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z";
const GITLAB_ICON: &str = "M15.73 6.34l-.02-.06-2.12-5.54a.55.55 0 00-.22-.26.57.57 0 00-.65.03.57.57 0 00-.19.29l-1.43 4.39H4.9L3.47.8a.56.56 0 00-.19-.29.57.57 0 00-.65-.03.56.56 0 00-.22.26L.29 6.28l-.02.06a3.94 3.94 0 001.31 4.55l.01.01.02.01 3.23 2.42 1.6 1.21.97.74a.65.65 0 00.79 0l.97-.74 1.6-1.21 3.25-2.43.01-.01a3.94 3.94 0 001.3-4.55z";
const CHAT_ICON: &str = "M1.75 1h12.5c.97 0 1.75.78 1.75 1.75v7.5A1.75 1.75 0 0114.25 12H8.06l-2.57 2.57A1.46 1.46 0 013 13.54V12H1.75A1.75 1.75 0 010 10.25v-7.5C0 1.78.78 1 1.75 1z";

/// The announcement above the docs, when the site has one. Rendered for
/// everyone; a banner the visitor closed is hidden by the stylesheet
/// (`data-banner` on `<html>`, set before the first paint when the cookie
/// names this banner's key, see `preferences`), and a banner with a new key
/// shows again.
#[component]
pub fn SiteBanner(locale: Locale) -> impl IntoView {
    let banner = use_site().banner.clone()?;
    let shown = RwSignal::new(true);
    let key = banner.key.clone();
    let dismiss = move |_| {
        shown.set(false);
        #[cfg(feature = "hydrate")]
        {
            use crate::preferences::{BANNER_COOKIE, BANNER_DISMISSED};
            crate::cookies::write(BANNER_COOKIE, &key, 60 * 60 * 24 * 365);
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-banner", BANNER_DISMISSED);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &key;
    };
    let text = banner.text.get(locale).to_owned();
    let link = banner.link.map(|link| (link.href.get(locale).to_owned(), link.text.get(locale).to_owned()));
    Some(view! {
        <Show when=move || shown.get()>
            <div class="banner" role="region" aria-label=tr!(docs.announcement)>
                <span>{text.clone()}</span>
                {link.clone().map(|(href, text)| view! { " " <a href=href>{text}</a> })}
                <button type="button" class="banner-close" aria-label=tr!(docs.dismiss) on:click=dismiss.clone()>"×"</button>
            </div>
        </Show>
    })
}

/// The placeholder of the search box in the current locale: the site's, else the translation.
pub fn search_placeholder() -> impl Fn() -> String + Send + Sync + 'static {
    let site = use_site();
    let locale = use_locale();
    move || match &site.search_placeholder {
        Some(text) => text.get(locale.get()).to_owned(),
        None => crate::tr_in!(locale.get(), search.placeholder),
    }
}
