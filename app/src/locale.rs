//! The UI language: English (default) and Korean.
//!
//! Translations live in `app/locales/en.json` and `app/locales/ko.json`;
//! `build.rs` turns them into the `i18n` module below with `leptos_i18n_build`,
//! so every key used with [`tr!`](crate::tr) is checked at compile time.
//!
//! The locale of a page is its URL's: `/ko` and `/ko/…` are Korean, every
//! other path English, so a page's HTML depends on its URL alone and every
//! cache can keep one copy of it. Only the entry point `/` looks at the
//! visitor: the `locale` cookie, then `Accept-Language`, may send them to
//! `/ko` (see `routes::home`). The server writes the locale into
//! `<html lang>`, and the browser starts from that attribute, so both render
//! the same text during hydration.

#[allow(unused, dead_code, missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

use leptos::prelude::*;

pub use generated::i18n::Locale;

/// The cookie that remembers the visitor's language.
pub const LOCALE_COOKIE: &str = "locale";

/// Translates `key` (with optional `name = value` interpolations) into the
/// current locale, reactively: `{tr!(nav.docs)}`.
#[macro_export]
macro_rules! tr {
    ($($tt:tt)*) => {{
        let __locale = $crate::locale::use_locale();
        move || -> String { ::leptos_i18n::td_string!(__locale.get(), $($tt)*).to_string() }
    }};
}

/// Translates `key` into `locale` once, as a `String`.
#[macro_export]
macro_rules! tr_in {
    ($locale:expr, $($tt:tt)*) => {
        ::leptos_i18n::td_string!($locale, $($tt)*).to_string()
    };
}

impl Locale {
    /// Both locales, in the order the switcher shows them.
    pub const ALL: [Locale; 2] = [Locale::en, Locale::ko];

    /// The language tag: `en`, `ko`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::en => "en",
            Locale::ko => "ko",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::en => "English",
            Locale::ko => "한국어",
        }
    }

    /// Parses a tag (`ko`, `ko-KR`, `EN-us`); `None` for unsupported languages.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::en),
            "ko" => Some(Locale::ko),
            _ => None,
        }
    }
}

/// The preferred supported locale of an `Accept-Language` header, if any:
/// the highest q-value wins, earlier entries win ties, `q=0` means "not
/// this one", and `*` stands for English.
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut best: Option<(u32, Locale)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let mut quality = 1000_u32;
        for param in parts {
            if let Some(q) = param.trim().strip_prefix("q=") {
                quality = match q.trim().parse::<f32>() {
                    Ok(q) if (0.0..=1.0).contains(&q) => (q * 1000.0).round() as u32,
                    _ => 0,
                };
            }
        }
        let locale = if tag == "*" { Some(Locale::en) } else { Locale::from_tag(tag) };
        if let Some(locale) = locale.filter(|_| quality > 0) {
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
    }
    best.map(|(_, locale)| locale)
}

/// The locale of a URL path and the path of the same page in English:
/// `/ko/docs/x` is Korean `/docs/x`, `/ko` is Korean `/`, every path not
/// under `/ko` is English and itself. The one place a path's locale is read.
pub fn split_path(path: &str) -> (Locale, &str) {
    match path.strip_prefix("/ko") {
        Some("") => (Locale::ko, "/"),
        Some(rest) if rest.starts_with('/') => (Locale::ko, rest),
        _ => (Locale::en, path),
    }
}

/// The locale of a URL path: `/ko` and `/ko/…` are Korean, every other path English.
pub fn from_path(path: &str) -> Locale {
    split_path(path).0
}

/// How the visitor's preferred locale was decided.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// By the `locale` cookie.
    Cookie,
    /// By `Accept-Language`, or the default: nothing was chosen yet.
    Guess,
}

/// The visitor's preferred locale from the `Cookie` and `Accept-Language`
/// headers: only the entry point `/` asks, to redirect.
#[cfg(feature = "ssr")]
pub fn preferred(cookie_header: Option<&str>, accept_language: Option<&str>) -> (Locale, Source) {
    if let Some(locale) =
        cookie_header.and_then(|h| crate::cookies::get(h, LOCALE_COOKIE)).and_then(|tag| Locale::from_tag(&tag))
    {
        return (locale, Source::Cookie);
    }
    (accept_language.and_then(from_accept_language).unwrap_or_default(), Source::Guess)
}

/// The current request's locale: its path's (server only).
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    use_context::<http::request::Parts>().map_or_else(Locale::default, |parts| from_path(parts.uri.path()))
}

/// The locale the page starts with: the request's on the server, the one the
/// server wrote into `<html lang>` in the browser.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        request_locale()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("lang"))
            .and_then(|lang| Locale::from_tag(&lang))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// The current locale, provided once by the app.
#[derive(Clone, Copy)]
pub struct CurrentLocale(pub RwSignal<Locale>);

/// The current locale signal (English if no app provided one, as in unit tests).
pub fn use_locale() -> RwSignal<Locale> {
    use_context::<CurrentLocale>().map_or_else(|| RwSignal::new(Locale::default()), |c| c.0)
}

/// Text for `<Title>` that follows the locale in the browser. The server
/// renders the title once the body is done, outside the request's reactive
/// owner, so there it gets plain text.
pub fn title_text(text: impl Fn(Locale) -> String + Send + Sync + 'static) -> TextProp {
    let locale = use_locale();
    #[cfg(feature = "ssr")]
    {
        TextProp::from(text(locale.get_untracked()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(move || text(locale.get()))
    }
}

/// The home page of `locale`: `/` or `/ko`.
pub fn home_path(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "/",
        Locale::ko => "/ko",
    }
}

/// The same page in `target`: `/x` ↔ `/ko/x`, `/` ↔ `/ko`.
pub fn localized_path(path: &str, target: Locale) -> String {
    let (_, neutral) = split_path(path);
    match target {
        Locale::en => neutral.to_owned(),
        Locale::ko if neutral == "/" => "/ko".to_owned(),
        Locale::ko => format!("/ko{neutral}"),
    }
}

/// `path` (a path of the English site, like `/repos`) in the current locale.
pub fn use_localized(path: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || localized_path(path, locale.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_respects_q_values() {
        assert_eq!(from_accept_language("ko-KR,ko;q=0.9"), Some(Locale::ko));
        assert_eq!(from_accept_language("en;q=0.5, ko;q=0.8"), Some(Locale::ko));
        assert_eq!(from_accept_language("ko;q=0.3, en-US;q=0.9"), Some(Locale::en));
        assert_eq!(from_accept_language("fr-FR, ko;q=0.7, en;q=0.6"), Some(Locale::ko));
        assert_eq!(from_accept_language("ko;q=0, en;q=0.1"), Some(Locale::en));
        assert_eq!(from_accept_language("en, ko"), Some(Locale::en));
    }

    #[test]
    fn accept_language_wildcards_and_garbage() {
        assert_eq!(from_accept_language("*"), Some(Locale::en));
        assert_eq!(from_accept_language("fr, *;q=0.1"), Some(Locale::en));
        assert_eq!(from_accept_language("KO-kr"), Some(Locale::ko));
        assert_eq!(from_accept_language(""), None);
        assert_eq!(from_accept_language("fr-FR, de"), None);
        assert_eq!(from_accept_language(";;,,q=,ko;q=abc"), None);
        assert_eq!(from_accept_language("ko;q=2"), None);
    }

    // proptest is a native-only dev-dependency; the wasm build lints these tests without it.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_accept_language_parses_to_a_supported_locale_or_none(header in ".{0,200}") {
            if let Some(locale) = from_accept_language(&header) {
                proptest::prop_assert!(Locale::ALL.contains(&locale));
            }
        }

        #[test]
        fn the_best_q_value_wins(qk in 1_u32..=1000, qe in 1_u32..=1000) {
            let header = format!("ko;q={}, en;q={}", f64::from(qk) / 1000.0, f64::from(qe) / 1000.0);
            let expected = if qk >= qe { Locale::ko } else { Locale::en };
            proptest::prop_assert_eq!(from_accept_language(&header), Some(expected));
        }

        #[cfg(feature = "ssr")]
        #[test]
        fn any_visitor_prefers_one_locale(cookie in ".{0,80}", accept in ".{0,80}") {
            let (locale, _) = preferred(Some(&cookie), Some(&accept));
            proptest::prop_assert!(Locale::ALL.contains(&locale));
        }

        #[test]
        fn switching_there_and_back_gives_the_same_path(path in "(/[a-z0-9]{1,6}){0,4}") {
            let path = if path.is_empty() { "/".to_owned() } else { path };
            let korean = localized_path(&path, Locale::ko);
            proptest::prop_assert_eq!(from_path(&korean), Locale::ko);
            if from_path(&path) == Locale::en {
                proptest::prop_assert_eq!(localized_path(&korean, Locale::en), path);
            }
        }
    }

    #[test]
    fn the_url_alone_decides_a_pages_locale() {
        assert_eq!(from_path("/ko/docs/x"), Locale::ko);
        assert_eq!(from_path("/ko/user/octocat"), Locale::ko);
        assert_eq!(from_path("/ko"), Locale::ko);
        assert_eq!(from_path("/docs"), Locale::en);
        assert_eq!(from_path("/user/octocat"), Locale::en);
        assert_eq!(from_path("/kor"), Locale::en);
    }

    #[test]
    fn a_path_splits_into_its_locale_and_the_english_path() {
        assert_eq!(split_path("/ko/docs/x"), (Locale::ko, "/docs/x"));
        assert_eq!(split_path("/ko"), (Locale::ko, "/"));
        assert_eq!(split_path("/ko/"), (Locale::ko, "/"));
        assert_eq!(split_path("/korea/x"), (Locale::en, "/korea/x"));
        assert_eq!(split_path("/user/ko"), (Locale::en, "/user/ko"));
        assert_eq!(split_path("/"), (Locale::en, "/"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_cookie_then_the_header_decide_a_visitors_preference() {
        assert_eq!(preferred(Some("locale=en"), Some("ko")), (Locale::en, Source::Cookie));
        assert_eq!(preferred(Some("locale=ko"), Some("en")), (Locale::ko, Source::Cookie));
        assert_eq!(preferred(None, Some("ko-KR,ko;q=0.9")), (Locale::ko, Source::Guess));
        assert_eq!(preferred(Some("locale=xx"), None), (Locale::en, Source::Guess));
    }

    #[test]
    fn paths_switch_locale_and_keep_the_page() {
        assert_eq!(localized_path("/docs/guide/ssr", Locale::ko), "/ko/docs/guide/ssr");
        assert_eq!(localized_path("/ko/docs/guide/ssr", Locale::en), "/docs/guide/ssr");
        assert_eq!(localized_path("/docs", Locale::ko), "/ko/docs");
        assert_eq!(localized_path("/", Locale::ko), "/ko");
        assert_eq!(localized_path("/ko", Locale::en), "/");
        assert_eq!(localized_path("/repos", Locale::ko), "/ko/repos");
        assert_eq!(localized_path("/ko/user/octocat", Locale::en), "/user/octocat");
        assert_eq!(localized_path("/user/octocat", Locale::ko), "/ko/user/octocat");
        assert_eq!(localized_path("/ko/search", Locale::ko), "/ko/search");
        assert_eq!(localized_path("/ko", Locale::ko), "/ko");
    }

    #[test]
    fn translations_exist_in_both_locales() {
        assert_eq!(tr_in!(Locale::en, toc.title), "On this page");
        assert_eq!(tr_in!(Locale::ko, toc.title), "이 페이지에서");
    }
}
