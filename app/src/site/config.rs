//! `site.toml`: the file format, read into a typed, validated
//! [`SiteConfig`] (server only).
//!
//! Every table refuses keys it does not know, and every value is checked as
//! it is read (URLs, paths, colours and their contrast, the banner's key), so
//! a mistake is reported as `file:line:column: message` at the value at fault
//! and never reaches a page. A content folder without the file is a site
//! with the defaults.

use std::{path::Path, sync::Arc};

use serde::Deserialize;

use super::accent::{self, Mode, Rgb, Shade};
use super::{Banner, ChatLink, FooterContent, Forge, Link, Localized, Logo, ProjectLink, Site, DEFAULT_TITLE};
use crate::docs::problem::{Problem, TextError};
use crate::theme::Theme;

/// The site, as the server uses it: what pages show ([`Site`]) and what
/// only the server needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// What every page shows, and the browser receives.
    pub page: Arc<Site>,
    /// The icon browsers show for the site: a path under `public/` or a URL.
    pub favicon: String,
    /// The accent of the light and dark themes; the stylesheet's own without one.
    pub accent: Option<(Shade, Shade)>,
    /// The theme of a visitor who has not chosen one.
    pub theme: Theme,
    /// Where "Edit this page" and feedback links lead.
    pub repository: Option<Repository>,
    /// The GitHub repository (`owner/name`) whose stars the docs show.
    pub stars: Option<String>,
    /// The site's public origin, e.g. `https://docs.example.com`.
    pub url: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            page: Arc::default(),
            favicon: DEFAULT_FAVICON.to_owned(),
            accent: None,
            theme: Theme::System,
            repository: None,
            stars: None,
            url: None,
        }
    }
}

/// The favicon when the file names none.
pub const DEFAULT_FAVICON: &str = "/favicon.svg";

/// The repository the docs' source is in, for edit and feedback links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// Its web URL, e.g. `https://github.com/acme/widgets`.
    pub url: String,
    /// GitHub or GitLab: the form of the links.
    pub forge: Forge,
    /// The branch edits are made on.
    pub branch: String,
    /// The content folder's path within the repository.
    pub path: String,
    /// Whether pages link to their source for editing.
    pub edit_link: bool,
    /// Whether pages link to a new issue about them.
    pub feedback: bool,
}

impl SiteConfig {
    /// Reads `content_dir/site.toml`; the defaults when there is none.
    pub fn load(content_dir: &Path) -> Result<SiteConfig, Problem> {
        let path = content_dir.join(super::SITE_FILE);
        let shown = path.to_string_lossy().replace('\\', "/");
        match std::fs::read_to_string(&path) {
            Ok(text) => SiteConfig::parse(&text).map_err(|err| Problem::at(shown, err)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(SiteConfig::default()),
            Err(err) => Err(Problem::in_file(shown, format!("cannot read the site file: {err}"))),
        }
    }

    /// The site `text` (the file's contents) describes.
    pub fn parse(text: &str) -> Result<SiteConfig, TextError> {
        let file: SiteFile = toml::from_str(text).map_err(|err| {
            let (line, column) = err.span().map_or((1, 1), |span| line_and_column(text, span.start));
            TextError::new(line, column, err.message().trim_end().to_owned())
        })?;
        Ok(file.into_config())
    }

    /// The base of "Edit this page" links (the page's path within the
    /// content folder is appended), if pages have them.
    pub fn edit_base_url(&self) -> Option<String> {
        let repo = self.repository.as_ref().filter(|repo| repo.edit_link)?;
        let path = repo.path.trim_matches('/');
        let edit = match repo.forge {
            Forge::Github => "edit",
            Forge::Gitlab => "-/edit",
        };
        let base = format!("{}/{edit}/{}", repo.url.trim_end_matches('/'), repo.branch);
        Some(if path.is_empty() { base } else { format!("{base}/{path}") })
    }

    /// The link that opens a new issue about the page titled `title`, if pages have one.
    pub fn feedback_url(&self, title: &str) -> Option<String> {
        let repo = self.repository.as_ref().filter(|repo| repo.feedback)?;
        let title = crate::format::percent_encode(&format!("Feedback for “{title}”"));
        let base = repo.url.trim_end_matches('/');
        Some(match repo.forge {
            Forge::Github => format!("{base}/issues/new?title={title}"),
            Forge::Gitlab => format!("{base}/-/issues/new?issue%5Btitle%5D={title}"),
        })
    }

    /// The rules that set the accent, if the site has its own (the
    /// stylesheet's own accents need none: pages stay as they were).
    pub fn accent_css(&self) -> Option<String> {
        let (light, dark) = self.accent.as_ref()?;
        ((light.accent, dark.accent) != accent::STYLESHEET).then(|| accent::css(light, dark))
    }

    /// The favicon's media type, from its extension.
    pub fn favicon_type(&self) -> &'static str {
        let path = self.favicon.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
        match path.rsplit('.').next() {
            Some("png") => "image/png",
            Some("ico") => "image/x-icon",
            Some("gif") => "image/gif",
            Some("jpg" | "jpeg") => "image/jpeg",
            Some("webp") => "image/webp",
            _ => "image/svg+xml",
        }
    }

    /// The repository whose stars the docs show: the file's, else the
    /// project's when it is on github.com.
    pub fn stars_repository(&self) -> Option<String> {
        self.stars.clone().or_else(|| {
            let project = self.page.project.as_ref()?;
            let path = project.href.strip_prefix("https://github.com/")?.trim_end_matches('/');
            (path.split('/').filter(|part| !part.is_empty()).count() == 2).then(|| path.to_owned())
        })
    }

    /// This configuration, with `problem` shown on every page (the last good
    /// one, while the file's latest edit cannot be used).
    pub fn with_problem(&self, problem: Option<&Problem>) -> SiteConfig {
        let mut page = (*self.page).clone();
        page.problem = problem.map(ToString::to_string);
        SiteConfig { page: Arc::new(page), ..self.clone() }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

// ---------- The file, as written ----------

/// `site.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    name: Name,
    title: Option<TitleTemplate>,
    description: Option<Localized>,
    url: Option<HttpUrl>,
    favicon: Option<Asset>,
    theme: Option<ThemeName>,
    logo: Option<LogoFile>,
    project: Option<ProjectFile>,
    chat: Option<ChatFile>,
    repository: Option<RepositoryFile>,
    footer: Option<FooterFile>,
    banner: Option<BannerFile>,
    accent: Option<AccentFile>,
    search: Option<SearchFile>,
    stars: Option<StarsFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoFile {
    text: Option<String>,
    image: Option<Asset>,
    width: Option<Pixels>,
    height: Option<Pixels>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    link: HttpUrl,
    icon: Option<Forge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatFile {
    link: HttpUrl,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepositoryFile {
    url: HttpUrl,
    forge: Option<Forge>,
    branch: Option<String>,
    path: Option<String>,
    edit_link: Option<bool>,
    feedback: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FooterFile {
    text: Option<Localized>,
    #[serde(default)]
    links: Vec<LinkFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkFile {
    text: Localized,
    href: Href,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BannerFile {
    key: BannerKey,
    text: Localized,
    link: Option<LinkFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccentFile {
    hue: Option<Hue>,
    light: Option<LightAccent>,
    dark: Option<DarkAccent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchFile {
    placeholder: Option<Localized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StarsFile {
    repository: RepoName,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum ThemeName {
    System,
    Light,
    Dark,
}

/// Checked values: each is refused, with the reason, where it is written.
macro_rules! checked {
    ($(#[$doc:meta])* $name:ident($inner:ty = $read:literal), |$value:ident| $check:expr) => {
        $(#[$doc])*
        #[derive(Deserialize)]
        #[serde(try_from = $read)]
        struct $name($inner);

        impl TryFrom<$inner> for $name {
            type Error = String;

            fn try_from($value: $inner) -> Result<Self, String> {
                $check.map($name)
            }
        }
    };
}

checked!(
    /// A non-empty name.
    Name(String = "String"), |name| if name.trim().is_empty() { Err("the name is empty".to_owned()) } else { Ok(name) }
);
checked!(
    /// A title template with `%s` for the page's title.
    TitleTemplate(String = "String"),
    |title| if title.contains("%s") { Ok(title) } else { Err(format!("{title:?} has no `%s` for the page's title")) }
);
checked!(
    /// An `http://` or `https://` URL.
    HttpUrl(String = "String"), |url| http_url(&url).map(|()| url.trim_end_matches('/').to_owned())
);
checked!(
    /// A file under `public/` (`/logo.svg`) or an `https://` URL.
    Asset(String = "String"),
    |path| if path.starts_with('/') && !path.starts_with("//") || path.starts_with("https://") {
        Ok(path)
    } else {
        Err(format!("{path:?} is neither a path from the site's root (`/logo.svg`, a file in `public/`) nor an https:// URL"))
    }
);
checked!(
    /// A size in CSS pixels.
    Pixels(u16 = "u16"), |px| if (1..=512).contains(&px) { Ok(px) } else { Err(format!("{px} is not between 1 and 512 pixels")) }
);
checked!(
    /// Where a link goes, in each locale: a path on the site or an `http(s)://` URL.
    Href(Localized = "Localized"), |href| {
        for target in std::iter::once(&href.en).chain(&href.ko) {
            if !(target.starts_with('/') && !target.starts_with("//") || http_url(target).is_ok()) {
                return Err(format!("{target:?} is neither a path on the site (`/docs`) nor an http(s):// URL"));
            }
        }
        Ok(href)
    }
);
checked!(
    /// A banner's key: letters, digits, `.`, `_` and `-`, as a cookie value holds them.
    BannerKey(String = "String"), |key| {
        let ok = (1..=64).contains(&key.len())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok { Ok(key) } else { Err(format!("{key:?} is not a key: use 1 to 64 letters, digits, `.`, `_` or `-`")) }
    }
);
checked!(
    /// A hue in degrees.
    Hue(f64 = "f64"), |hue| if (0.0..360.0).contains(&hue) { Ok(hue) } else { Err(format!("{hue} is not a hue from 0 to 359")) }
);
checked!(
    /// The light theme's accent, with AA contrast on its backgrounds.
    LightAccent(String = "String"), |text| accent_shade(Mode::Light, &text)
);
checked!(
    /// The dark theme's accent, with AA contrast on its backgrounds.
    DarkAccent(String = "String"), |text| accent_shade(Mode::Dark, &text)
);
checked!(
    /// A GitHub repository, `owner/name`.
    RepoName(String = "String"), |repo| if repo.split('/').filter(|part| !part.trim().is_empty()).count() == 2 && !repo.contains(char::is_whitespace) {
        Ok(repo)
    } else {
        Err(format!("{repo:?} is not a GitHub repository: expected `owner/name`"))
    }
);

fn http_url(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) => Ok(()),
        _ => Err(format!("{url:?} is not an http:// or https:// URL")),
    }
}

/// `text` as the accent of `mode`, refused without AA contrast; kept as
/// text (the check made it a colour), turned into a shade once more below.
fn accent_shade(mode: Mode, text: &str) -> Result<String, String> {
    let colour = Rgb::parse(text).ok_or_else(|| format!("{text:?} is not a colour: expected `#rrggbb`"))?;
    accent::shade(mode, colour).map(|_| text.to_owned()).map_err(|err| err.to_string())
}

/// The forge of a repository at `url`: said in the file, else known from its host.
fn forge_of(url: &str, said: Option<Forge>) -> Forge {
    said.unwrap_or(if url.contains("gitlab") { Forge::Gitlab } else { Forge::Github })
}

impl SiteFile {
    fn into_config(self) -> SiteConfig {
        let name = self.name.0;
        let title = self.title.map_or_else(|| DEFAULT_TITLE.to_owned(), |t| t.0);
        let project = self.project.map(|p| ProjectLink { forge: forge_of(&p.link.0, p.icon), href: p.link.0 });
        let repository = self
            .repository
            .map(|r| Repository {
                forge: forge_of(&r.url.0, r.forge),
                url: r.url.0,
                branch: r.branch.unwrap_or_else(|| "main".to_owned()),
                path: r.path.unwrap_or_else(|| "content".to_owned()),
                edit_link: r.edit_link.unwrap_or(true),
                feedback: r.feedback.unwrap_or(true),
            })
            .or_else(|| {
                project.as_ref().map(|p| Repository {
                    url: p.href.clone(),
                    forge: p.forge,
                    branch: "main".to_owned(),
                    path: "content".to_owned(),
                    edit_link: true,
                    feedback: true,
                })
            });
        let logo = match self.logo {
            Some(logo) => Logo {
                text: match (logo.text, &logo.image) {
                    (Some(text), _) => Some(text),
                    (None, Some(_)) => None,
                    (None, None) => Some(name.clone()),
                },
                image: logo.image.map(|i| i.0),
                size: (logo.width.map_or(24, |w| w.0), logo.height.map_or(24, |h| h.0)),
            },
            None => Logo { text: Some(name.clone()), image: None, size: (24, 24) },
        };
        let link = |l: LinkFile| Link { text: l.text, href: l.href.0 };
        let footer = self.footer.map_or_else(
            || FooterContent { text: Localized::same(name.clone()), links: Vec::new() },
            |f| FooterContent {
                text: f.text.unwrap_or_else(|| Localized::same(name.clone())),
                links: f.links.into_iter().map(link).collect(),
            },
        );
        let banner = self.banner.map(|b| Banner { key: b.key.0, text: b.text, link: b.link.map(link) });
        let accent = self.accent.map(|a| {
            let hue = a.hue.map_or(24.0, |h| h.0);
            let given = |text: Option<String>, mode| {
                text.and_then(|t| Rgb::parse(&t))
                    .and_then(|c| accent::shade(mode, c).ok())
                    .unwrap_or_else(|| accent::from_hue(mode, hue))
            };
            (given(a.light.map(|l| l.0), Mode::Light), given(a.dark.map(|d| d.0), Mode::Dark))
        });
        let page = Site {
            title,
            description: self.description.unwrap_or_default(),
            logo,
            project,
            chat: self.chat.map(|c| ChatLink { href: c.link.0, label: c.label.unwrap_or_else(|| "Chat".to_owned()) }),
            footer,
            banner,
            search_placeholder: self.search.and_then(|s| s.placeholder),
            problem: None,
            name,
        };
        SiteConfig {
            page: Arc::new(page),
            favicon: self.favicon.map_or_else(|| DEFAULT_FAVICON.to_owned(), |f| f.0),
            accent,
            theme: match self.theme {
                None | Some(ThemeName::System) => Theme::System,
                Some(ThemeName::Light) => Theme::Light,
                Some(ThemeName::Dark) => Theme::Dark,
            },
            repository,
            stars: self.stars.map(|s| s.repository.0),
            url: self.url.map(|u| u.0),
        }
    }
}

#[cfg(test)]
mod tests;
