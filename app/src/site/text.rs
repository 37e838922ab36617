//! [`Site`] as the text a page carries for hydration: its fields in a fixed
//! order, separated by U+001F (the unit separator).
//!
//! Not JSON, although the browser reads JSON with serde_json for its
//! resources: `SharedValue::new` with serde's derives on these eight types
//! was measured at +24,093 bytes of wasm (+5,066 brotli) on every page's
//! first load, for a value read once, and hydration runs (so compiles) that
//! code too. Splitting a string is a few hundred bytes. Absent values are
//! written `-`, present optional ones `+text`.

use super::{Banner, ChatLink, FooterContent, Forge, Link, Localized, Logo, ProjectLink, Site};

/// Separates the fields.
const SEP: char = '\u{1f}';

/// Writes the fields.
#[cfg(feature = "ssr")]
struct Writer(String);

#[cfg(feature = "ssr")]
impl Writer {
    fn text(&mut self, text: &str) {
        if !self.0.is_empty() {
            self.0.push(SEP);
        }
        // The separator cannot come from the file's text.
        self.0.extend(text.chars().filter(|&c| c != SEP));
    }

    fn option(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.text(&format!("+{text}")),
            None => self.text("-"),
        }
    }

    fn flag(&mut self, present: bool) {
        self.text(if present { "+" } else { "-" });
    }

    fn localized(&mut self, text: &Localized) {
        self.text(&text.en);
        self.option(text.ko.as_deref());
    }

    fn link(&mut self, link: &Link) {
        self.localized(&link.text);
        self.localized(&link.href);
    }
}

/// Reads the fields back; `None` when the text is not what [`to_text`] wrote.
struct Reader<'a>(std::str::Split<'a, char>);

impl Reader<'_> {
    fn text(&mut self) -> Option<String> {
        self.0.next().map(str::to_owned)
    }

    fn option(&mut self) -> Option<Option<String>> {
        let field = self.0.next()?;
        match field.strip_prefix('+') {
            Some(text) => Some(Some(text.to_owned())),
            None => (field == "-").then_some(None),
        }
    }

    fn flag(&mut self) -> Option<bool> {
        match self.0.next()? {
            "+" => Some(true),
            "-" => Some(false),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<u16> {
        self.0.next()?.parse().ok()
    }

    fn localized(&mut self) -> Option<Localized> {
        Some(Localized { en: self.text()?, ko: self.option()? })
    }

    fn link(&mut self) -> Option<Link> {
        Some(Link { text: self.localized()?, href: self.localized()? })
    }
}

/// `site` as text.
#[cfg(feature = "ssr")]
pub fn to_text(site: &Site) -> String {
    let mut w = Writer(String::new());
    w.text(&site.name);
    w.text(&site.title);
    w.localized(&site.description);
    w.option(site.logo.text.as_deref());
    w.option(site.logo.image.as_deref());
    w.text(&site.logo.size.0.to_string());
    w.text(&site.logo.size.1.to_string());
    w.option(site.project.as_ref().map(|p| p.href.as_str()));
    w.text(site.project.as_ref().map_or("", |p| p.forge.label()));
    w.option(site.chat.as_ref().map(|c| c.href.as_str()));
    w.text(site.chat.as_ref().map_or("", |c| c.label.as_str()));
    w.localized(&site.footer.text);
    w.text(&site.footer.links.len().to_string());
    for link in &site.footer.links {
        w.link(link);
    }
    w.flag(site.banner.is_some());
    if let Some(banner) = &site.banner {
        w.text(&banner.key);
        w.localized(&banner.text);
        w.flag(banner.link.is_some());
        if let Some(link) = &banner.link {
            w.link(link);
        }
    }
    w.flag(site.search_placeholder.is_some());
    if let Some(placeholder) = &site.search_placeholder {
        w.localized(placeholder);
    }
    w.option(site.problem.as_deref());
    w.0
}

/// The site [`to_text`] wrote as `text`.
pub fn from_text(text: &str) -> Option<Site> {
    let mut r = Reader(text.split(SEP));
    let name = r.text()?;
    let title = r.text()?;
    let description = r.localized()?;
    let logo = Logo { text: r.option()?, image: r.option()?, size: (r.number()?, r.number()?) };
    let project_href = r.option()?;
    let forge = if r.text()? == Forge::Gitlab.label() { Forge::Gitlab } else { Forge::Github };
    let project = project_href.map(|href| ProjectLink { href, forge });
    let chat_href = r.option()?;
    let chat_label = r.text()?;
    let chat = chat_href.map(|href| ChatLink { href, label: chat_label });
    let footer_text = r.localized()?;
    let count = r.number()?;
    let links = (0..count).map(|_| r.link()).collect::<Option<Vec<_>>>()?;
    let banner = if r.flag()? {
        let key = r.text()?;
        let text = r.localized()?;
        let link = if r.flag()? { Some(r.link()?) } else { None };
        Some(Banner { key, text, link })
    } else {
        None
    };
    let search_placeholder = if r.flag()? { Some(r.localized()?) } else { None };
    let problem = r.option()?;
    r.0.next().is_none().then_some(Site {
        name,
        title,
        description,
        logo,
        project,
        chat,
        footer: FooterContent { text: footer_text, links },
        banner,
        search_placeholder,
        problem,
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_the_site_survives_the_page() {
        let both = |en: &str, ko: &str| Localized { en: en.to_owned(), ko: Some(ko.to_owned()) };
        let site = Site {
            name: "Quokka".to_owned(),
            title: "%s | Quokka".to_owned(),
            description: both("About", "소개"),
            logo: Logo { text: None, image: Some("/q.svg".to_owned()), size: (30, 20) },
            project: Some(ProjectLink { href: "https://gitlab.com/q/d".to_owned(), forge: Forge::Gitlab }),
            chat: Some(ChatLink { href: "https://chat.example".to_owned(), label: "Chat".to_owned() }),
            footer: FooterContent {
                text: Localized::same("Made by quokkas"),
                links: vec![
                    Link { text: both("Imprint", "정보"), href: Localized::same("/docs/imprint") },
                    Link { text: Localized::same("+-"), href: Localized::same("-") },
                ],
            },
            banner: Some(Banner {
                key: "k".to_owned(),
                text: Localized::same(""),
                link: Some(Link { text: Localized::same("see"), href: both("/docs", "/ko/docs") }),
            }),
            search_placeholder: Some(both("Find", "찾기")),
            problem: Some("content/site.toml:1:1: bad".to_owned()),
        };
        assert_eq!(from_text(&to_text(&site)), Some(site));
        let plain = Site::default();
        assert_eq!(from_text(&to_text(&plain)), Some(plain));
    }

    #[test]
    fn text_that_is_not_a_site_is_refused() {
        for text in [
            "",
            "a",
            &to_text(&Site::default()).replacen("\u{1f}24\u{1f}", "\u{1f}x\u{1f}", 1),
            &format!("{}\u{1f}more", to_text(&Site::default())),
        ] {
            assert_eq!(from_text(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_separator_in_a_value_cannot_shift_the_fields() {
        let site = Site { name: "A\u{1f}B".to_owned(), ..Site::default() };
        assert_eq!(from_text(&to_text(&site)).map(|s| s.name), Some("AB".to_owned()));
    }
}
