//! The site a content folder is: its name, logo, links, footer and banner,
//! from the folder's `site.toml` ([`config`]).
//!
//! The server reads the file at start-up (and again when it changes, while it
//! watches the content folder) into a [`config::SiteConfig`]. What pages
//! show of it is [`Site`]: the server provides it to every render, and writes
//! it into the page once (a shared value, as for the public origin), so the
//! browser has the same value after hydration without asking for it.

#[cfg(feature = "ssr")]
pub mod accent;
#[cfg(feature = "ssr")]
pub mod config;
pub mod text;

use std::sync::Arc;

use leptos::prelude::*;
use serde::Deserialize;

use crate::locale::Locale;

/// Where the server streams content changes while it watches the content
/// folder (Server-Sent Events).
pub const CONTENT_EVENTS_PATH: &str = "/__leptra/content-events";

/// The live-reload script pages load while the content folder is watched.
pub const LIVE_CONTENT_SCRIPT: &str = "/__leptra/live.js";

/// The name of the site file in a content folder.
pub const SITE_FILE: &str = "site.toml";

/// What every page shows of the site: the part of `site.toml` the browser
/// needs too. Kept small: it is written into every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The site's name: titles, the navbar, Open Graph, `llms.txt`, social images.
    pub name: String,
    /// The document title of a page, `%s` standing for the page's own title.
    pub title: String,
    /// The default meta description.
    pub description: Localized,
    /// The navbar's logo.
    pub logo: Logo,
    /// The project's repository, linked with its forge's icon.
    pub project: Option<ProjectLink>,
    /// A chat (Discord, Matrix, …), linked beside the project.
    pub chat: Option<ChatLink>,
    /// The footer's text and links.
    pub footer: FooterContent,
    /// The announcement above the docs.
    pub banner: Option<Banner>,
    /// The search box's placeholder, when the site names one.
    pub search_placeholder: Option<Localized>,
    /// What is wrong with the site file, while the content folder is watched
    /// and its last edit could not be used (the page shows it; the site keeps
    /// the last good configuration).
    pub problem: Option<String>,
}

impl Default for Site {
    /// The site of a content folder without `site.toml`.
    fn default() -> Self {
        Site {
            name: DEFAULT_NAME.to_owned(),
            title: DEFAULT_TITLE.to_owned(),
            description: Localized::default(),
            logo: Logo { text: Some(DEFAULT_NAME.to_owned()), image: None, size: (24, 24) },
            project: None,
            chat: None,
            footer: FooterContent { text: Localized::same(DEFAULT_NAME), links: Vec::new() },
            banner: None,
            search_placeholder: None,
            problem: None,
        }
    }
}

/// The name of a site whose folder has no `site.toml`.
pub const DEFAULT_NAME: &str = "Docs";
/// The title template when the file names none.
pub const DEFAULT_TITLE: &str = "%s – {name}";

impl Site {
    /// The document title of a page titled `title`: the template, or the
    /// site's name alone when `title` is empty.
    pub fn page_title(&self, title: &str) -> String {
        if title.is_empty() {
            self.name.clone()
        } else {
            self.title.replace("{name}", &self.name).replace("%s", title)
        }
    }
}

/// Text in each locale: the same for all (`"Docs"`), or one per locale
/// (`{ en = "Docs", ko = "문서" }`); a locale it does not name shows English.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized {
    /// English, and every locale without its own.
    pub en: String,
    /// Korean.
    pub ko: Option<String>,
}

impl Localized {
    /// The same `text` in every locale.
    pub fn same(text: impl Into<String>) -> Localized {
        Localized { en: text.into(), ko: None }
    }

    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::en => &self.en,
            Locale::ko => self.ko.as_deref().unwrap_or(&self.en),
        }
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.ko.as_deref().is_none_or(str::is_empty)
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Localized;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, or a table of strings by locale (`en`, `ko`)")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Localized, E> {
                Ok(Localized::same(text))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let (mut en, mut ko) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "en" => en = Some(map.next_value::<String>()?),
                        "ko" => ko = Some(map.next_value::<String>()?),
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "unknown locale `{other}`, expected `en` or `ko`"
                            )))
                        }
                    }
                }
                let en = en.ok_or_else(|| serde::de::Error::custom("the English text (`en`) is missing"))?;
                Ok(Localized { en, ko })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The navbar's logo: text, an image, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logo {
    /// The text beside the image (the site's name unless the file says otherwise).
    pub text: Option<String>,
    /// An image from `public/` (`/logo.svg`) or an `https://` URL.
    pub image: Option<String>,
    /// The image's width and height in CSS pixels.
    pub size: (u16, u16),
}

/// Where a repository lives; picks the icon and the form of edit and feedback links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Forge {
    /// github.com, or GitHub Enterprise.
    Github,
    /// gitlab.com, or a GitLab of one's own.
    Gitlab,
}

impl Forge {
    /// The forge's name, for the link's accessible name.
    pub fn label(self) -> &'static str {
        match self {
            Forge::Github => "GitHub",
            Forge::Gitlab => "GitLab",
        }
    }
}

/// The navbar's link to the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLink {
    /// The repository's URL.
    pub href: String,
    /// Which icon it shows.
    pub forge: Forge,
}

/// The navbar's link to a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLink {
    /// The chat's URL.
    pub href: String,
    /// Its accessible name, e.g. `Discord`.
    pub label: String,
}

/// A link with text in each locale (and possibly a target per locale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it says.
    pub text: Localized,
    /// Where it goes: a path on the site or an `http(s)://` URL.
    pub href: Localized,
}

/// The footer of every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FooterContent {
    /// A sentence (the site's name when the file has none).
    pub text: Localized,
    /// Links after it.
    pub links: Vec<Link>,
}

/// The announcement above the docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Names this banner: a visitor who closed it keeps it closed, and a
    /// banner with a new key shows again.
    pub key: String,
    /// What it says.
    pub text: Localized,
    /// A link after the text.
    pub link: Option<Link>,
}

/// The site, as provided to every component.
#[derive(Debug, Clone)]
pub struct SiteContext(pub Arc<Site>);

/// Provides the [`Site`]: on the server from the request's content, in the
/// browser from the copy the server wrote into the page.
pub fn provide_site() {
    // As text, not JSON (see `text`).
    let text = leptos::server::SharedValue::new_str(|| {
        #[cfg(feature = "ssr")]
        {
            text::to_text(&server_site())
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::new()
        }
    });
    #[cfg(feature = "ssr")]
    let site = {
        let _ = text;
        server_site()
    };
    #[cfg(not(feature = "ssr"))]
    let site = Arc::new(text::from_text(&text.into_inner()).unwrap_or_default());
    provide_context(SiteContext(site));
}

/// The site configuration of the request being rendered (its content snapshot's).
#[cfg(feature = "ssr")]
pub fn server_config() -> Arc<config::SiteConfig> {
    crate::server::docs::request_content().map(|content| content.site.clone()).unwrap_or_default()
}

/// What pages show of the site of the request being rendered.
#[cfg(feature = "ssr")]
pub fn server_site() -> Arc<Site> {
    server_config().page.clone()
}

/// The site's parts of the document's `<head>`, after the stylesheet: the
/// favicon, and the accent's rules when the site has its own (server only:
/// the head is not hydrated).
#[component]
pub fn SiteHead() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let site = server_config();
        view! {
            <link rel="icon" type=site.favicon_type() href=site.favicon.clone()/>
            {site.accent_css().map(|css| view! { <style>{css}</style> })}
        }
    }
}

/// The site's default theme, for `<html data-theme>` (server only; the
/// visitor's choice replaces it before the first paint, see `preferences`).
pub fn default_theme() -> &'static str {
    #[cfg(feature = "ssr")]
    {
        server_config().theme.as_str()
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::theme::Theme::System.as_str()
    }
}

/// What is wrong with the site file, on every page while the server
/// watches the content folder and the file's last edit cannot be used.
#[component]
pub fn SiteProblem() -> impl IntoView {
    use_site().problem.clone().map(|problem| {
        view! {
            <div class="notice page-problems site-problem" role="alert">
                <ul>
                    <li><code>{problem}</code></li>
                </ul>
            </div>
        }
    })
}

/// The site, as [`provide_site`] provided it (the default site in unit tests).
pub fn use_site() -> Arc<Site> {
    use_context::<SiteContext>().map(|site| site.0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_follows_the_template_and_an_empty_one_is_the_name() {
        let site = Site { name: "Acme".to_owned(), title: "%s · {name} docs".to_owned(), ..Site::default() };
        assert_eq!(site.page_title("Install"), "Install · Acme docs");
        assert_eq!(site.page_title(""), "Acme");
    }

    #[test]
    fn localized_text_falls_back_to_english() {
        let text = Localized::same("Hello");
        assert_eq!(text.get(Locale::ko), "Hello");
        let both = Localized { en: "Hello".to_owned(), ko: Some("안녕".to_owned()) };
        assert_eq!(both.get(Locale::ko), "안녕");
        assert_eq!(both.get(Locale::en), "Hello");
    }
}
