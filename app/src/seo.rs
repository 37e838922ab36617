//! What search engines and link previews read: absolute canonical and
//! alternate URLs, the meta description, Open Graph tags and JSON-LD.
//!
//! Every absolute URL starts with the public origin (`LEPTRA_SITE_URL`). The
//! server knows it from its configuration and hands it to the browser once per
//! page as a shared value, so tags rendered after client navigation match the
//! server's.

use leptos::prelude::*;

use crate::docs::model::DocPage;

/// The public origin without a trailing slash, e.g. `https://leptra.dev`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(pub String);

/// Provides [`SiteUrl`]: on the server from the services' configuration, in
/// the browser from the value the server serialized into the page.
pub fn provide_site_url() {
    let origin = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<crate::server::state::AppState>().map(|state| state.site_url).unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            String::new()
        }
    });
    provide_context(SiteUrl(origin.into_inner()));
}

/// The public origin, or `""` when none was provided (then URLs stay relative).
pub fn use_site_url() -> String {
    use_context::<SiteUrl>().map(|s| s.0).unwrap_or_default()
}

/// `path` (starting with `/`) under the public origin `site`.
pub fn absolute(site: &str, path: &str) -> String {
    format!("{}{path}", site.trim_end_matches('/'))
}

/// The same page in each language, as URL paths: English, Korean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternates {
    /// The English page; also the `x-default`.
    pub en: String,
    /// The Korean page.
    pub ko: String,
}

/// Whether search engines may index a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexing {
    /// A page worth finding: it gets a canonical URL.
    Index,
    /// Search results and error pages: `noindex`, and no canonical URL.
    NoIndex,
}

/// The page's `<title>`: `text` and the site's name (`SiteConfig::page_title`). After client navigation,
/// `leptos_meta` shows the newest title still mounted, so that when an error
/// page shown inside a page goes, the page's title comes back.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let site = crate::site::use_site();
    view! { <leptos_meta::Title text formatter=move |title: String| site.page_title(&title)/> }
}

/// The head tags every page has: description, Open Graph, canonical URL and
/// language alternates. `path` is the page's own URL path, without query.
///
/// `leptos_meta` writes them into the server's `<head>`, and in the browser
/// replaces them with each page's own after client navigation, so that sharing
/// the page (which reads its canonical URL) names the page shown.
#[component]
pub fn PageMeta(
    /// The page title, without the site name.
    #[prop(into)]
    title: String,
    /// One or two sentences about the page.
    #[prop(into)]
    description: String,
    /// The page's URL path.
    #[prop(into)]
    path: String,
    /// The Open Graph type: `website`, `article` or `profile`.
    #[prop(default = "website")]
    kind: &'static str,
    /// The page in every language, when it exists in more than one.
    #[prop(optional)]
    alternates: Option<Alternates>,
    /// Whether search engines may index it.
    #[prop(default = Indexing::Index)]
    indexing: Indexing,
    /// The path of its social image (1200×630), if it has one.
    #[prop(optional)]
    image: Option<String>,
) -> impl IntoView {
    let site = crate::site::use_site();
    let default_description = site.description.get(crate::locale::use_locale().get_untracked());
    let tags = PageHead { title, description, path, kind, alternates, indexing, image }.tags(
        &use_site_url(),
        &site.name,
        default_description,
    );
    tags.into_iter().map(HeadTag::view).collect_view()
}

/// What [`PageMeta`] says about a page.
struct PageHead {
    title: String,
    description: String,
    path: String,
    kind: &'static str,
    alternates: Option<Alternates>,
    indexing: Indexing,
    image: Option<String>,
}

impl PageHead {
    /// Its tags, in order, with absolute URLs under the public origin `site_url`,
    /// for the site named `site_name` whose description is `default_description`.
    fn tags(self, site_url: &str, site_name: &str, default_description: &str) -> Vec<HeadTag> {
        use HeadTag::{Link, Name, Property};
        let Self { title, description, path, kind, alternates, indexing, image } = self;
        let url = absolute(site_url, &path);
        let title = if title.is_empty() { site_name.to_owned() } else { title };
        let description = if description.is_empty() { default_description.to_owned() } else { description };
        let mut tags = vec![
            Name("description", description.clone()),
            Property("og:title", title.clone()),
            Property("og:description", description),
            Property("og:type", kind.to_owned()),
            Property("og:site_name", site_name.to_owned()),
            Property("og:url", url.clone()),
        ];
        match image {
            Some(image) => tags.extend([
                Property("og:image", absolute(site_url, &image)),
                Property("og:image:width", "1200".to_owned()),
                Property("og:image:height", "630".to_owned()),
                Property("og:image:alt", title),
                Name("twitter:card", "summary_large_image".to_owned()),
            ]),
            None => tags.push(Name("twitter:card", "summary".to_owned())),
        }
        tags.push(match indexing {
            Indexing::Index => Link { rel: "canonical", hreflang: None, href: url },
            Indexing::NoIndex => Name("robots", "noindex".to_owned()),
        });
        if let Some(alternates) = alternates {
            let en = absolute(site_url, &alternates.en);
            tags.extend([
                Link { rel: "alternate", hreflang: Some("en"), href: en.clone() },
                Link { rel: "alternate", hreflang: Some("ko"), href: absolute(site_url, &alternates.ko) },
                Link { rel: "alternate", hreflang: Some("x-default"), href: en },
            ]);
        }
        tags
    }
}

/// A tag of `<head>` that differs from page to page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadTag {
    /// `<meta name=… content=…>`.
    Name(&'static str, String),
    /// `<meta property=… content=…>` (Open Graph).
    Property(&'static str, String),
    /// `<link rel=… href=…>`, with its `hreflang` for a language alternate.
    Link { rel: &'static str, hreflang: Option<&'static str>, href: String },
}

impl HeadTag {
    /// The tag, for `leptos_meta` to write into `<head>`.
    fn view(self) -> AnyView {
        use leptos_meta::{Link, Meta};
        match self {
            Self::Name(name, content) => view! { <Meta name content/> }.into_any(),
            Self::Property(property, content) => view! { <Meta property content/> }.into_any(),
            Self::Link { rel, hreflang: Some(hreflang), href } => view! { <Link rel hreflang href/> }.into_any(),
            Self::Link { rel, hreflang: None, href } => view! { <Link rel href/> }.into_any(),
        }
    }
}

/// What a docs page's social image shows, besides the site's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialCard<'a> {
    /// The site's name.
    pub site: &'a str,
    /// The page title.
    pub title: &'a str,
    /// Its section: the sidebar group it is in, else the docs' name.
    pub section: &'a str,
    /// Its description (may be empty).
    pub description: &'a str,
}

impl SocialCard<'_> {
    /// The card of `page`.
    pub fn of(page: &DocPage) -> SocialCard<'_> {
        // The breadcrumb starts at the docs root; a top-level page is in the docs themselves.
        let section = page.breadcrumb.iter().skip(1).last().map_or("Docs", |link| link.title.as_str());
        SocialCard { site: &page.site_name, title: &page.title, section, description: &page.description }
    }

    /// A short fingerprint of what the image shows (FNV-1a, 64 bits), so its
    /// URL changes whenever the picture does and it can be cached for good.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.title, "\u{0}", self.section, "\u{0}", self.description, "\u{0}", self.site] {
            for byte in part.bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

/// The path of the social image of the page at `route`: `/og/docs/guide/ssr.png?v=…`.
pub fn social_image_path(route: &str, card: &SocialCard<'_>) -> String {
    format!("/og{route}.png?v={}", card.fingerprint())
}

/// The JSON-LD of a docs page: its `BreadcrumbList` (the docs root, its
/// groups and the page) and a `TechArticle` whose `dateModified` is the
/// page's "last updated" date.
pub fn docs_structured_data(site_url: &str, page: &DocPage) -> String {
    use serde_json::json;
    let url = absolute(site_url, &page.route);
    let mut crumbs: Vec<(&str, String)> =
        page.breadcrumb.iter().map(|link| (link.title.as_str(), absolute(site_url, &link.href))).collect();
    crumbs.push((page.title.as_str(), url.clone()));
    let items: Vec<serde_json::Value> = crumbs
        .iter()
        .enumerate()
        .map(|(index, (name, item))| json!({"@type": "ListItem", "position": index + 1, "name": name, "item": item}))
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": page.title,
        "description": page.description,
        "inLanguage": page.locale.tag(),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": page.site_name, "url": absolute(site_url, "/")},
    });
    if let Some(at) = &page.last_updated {
        article["dateModified"] = json!(at);
    }
    let breadcrumbs = json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items});
    script_safe(&json!([breadcrumbs, article]).to_string())
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` (and the
/// line separators JavaScript once rejected) escaped, so no `</script>` can appear.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::model::NavLink;

    fn page() -> DocPage {
        DocPage {
            locale: crate::locale::Locale::en,
            route: "/docs/guide/ssr".into(),
            title: "Rendering </script> & \"SSR\"".into(),
            description: "How pages render.".into(),
            toc: Vec::new(),
            body: String::new(),
            last_updated: Some("2026-11-30T10:00:00+00:00".into()),
            edit_url: None,
            breadcrumb: vec![
                NavLink { title: "Docs".into(), href: "/docs".into() },
                NavLink { title: "Guide".into(), href: "/docs/guide".into() },
            ],
            prev: None,
            next: None,
            fallback: false,
            problems: Vec::new(),
            layout: Default::default(),
            versions: None,
            site_name: "Leptra".into(),
            feedback_url: None,
        }
    }

    fn head(indexing: Indexing, image: Option<&str>, alternates: bool) -> PageHead {
        PageHead {
            title: "Rendering".into(),
            description: String::new(),
            path: "/docs/guide/ssr".into(),
            kind: "article",
            alternates: alternates
                .then(|| Alternates { en: "/docs/guide/ssr".into(), ko: "/ko/docs/guide/ssr".into() }),
            indexing,
            image: image.map(str::to_owned),
        }
    }

    #[test]
    fn a_page_head_has_absolute_urls_and_either_a_canonical_url_or_noindex() {
        use HeadTag::{Link, Name, Property};
        let tags = head(Indexing::Index, Some("/og/docs/guide/ssr.png?v=1"), true).tags(
            "https://leptra.dev/",
            "Leptra",
            "About Leptra.",
        );
        assert_eq!(tags[0], Name("description", "About Leptra.".to_owned()), "an empty description is the site's");
        assert!(tags.contains(&Property("og:site_name", "Leptra".into())));
        assert!(tags.contains(&Property("og:url", "https://leptra.dev/docs/guide/ssr".into())));
        assert!(tags.contains(&Property("og:image", "https://leptra.dev/og/docs/guide/ssr.png?v=1".into())));
        assert!(tags.contains(&Property("og:image:alt", "Rendering".into())));
        assert!(tags.contains(&Name("twitter:card", "summary_large_image".into())));
        assert!(tags.contains(&Link {
            rel: "canonical",
            hreflang: None,
            href: "https://leptra.dev/docs/guide/ssr".into()
        }));
        let alternates: Vec<_> = tags.iter().filter(|tag| matches!(tag, Link { rel: "alternate", .. })).collect();
        assert_eq!(alternates.len(), 3);
        assert!(tags.contains(&Link {
            rel: "alternate",
            hreflang: Some("ko"),
            href: "https://leptra.dev/ko/docs/guide/ssr".into()
        }));
        assert!(!tags.iter().any(|tag| matches!(tag, Name("robots", _))));

        let hidden = head(Indexing::NoIndex, None, false).tags("https://leptra.dev", "Leptra", "");
        assert!(hidden.contains(&Name("robots", "noindex".into())));
        assert!(hidden.contains(&Name("twitter:card", "summary".into())));
        assert!(!hidden.iter().any(|tag| matches!(tag, Link { .. } | Property("og:image", _))), "{hidden:?}");
    }

    #[test]
    fn absolute_urls_join_the_origin_and_the_path() {
        assert_eq!(absolute("https://leptra.dev", "/docs"), "https://leptra.dev/docs");
        assert_eq!(absolute("https://leptra.dev/", "/"), "https://leptra.dev/");
    }

    #[test]
    fn structured_data_is_json_with_breadcrumbs_and_the_modified_date() {
        let json = docs_structured_data("https://leptra.dev", &page());
        assert!(!json.contains('<') && !json.contains('>'), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let crumbs = &value[0]["itemListElement"];
        assert_eq!(value[0]["@type"], "BreadcrumbList");
        assert_eq!(crumbs[0]["item"], "https://leptra.dev/docs");
        assert_eq!(crumbs[1]["position"], 2);
        assert_eq!(crumbs[2]["name"], "Rendering </script> & \"SSR\"");
        assert_eq!(crumbs[2]["item"], "https://leptra.dev/docs/guide/ssr");
        assert_eq!(value[1]["@type"], "TechArticle");
        assert_eq!(value[1]["dateModified"], "2026-11-30T10:00:00+00:00");
        assert_eq!(value[1]["url"], "https://leptra.dev/docs/guide/ssr");
    }

    #[test]
    fn a_page_without_a_date_has_no_date_modified() {
        let json = docs_structured_data("https://leptra.dev", &DocPage { last_updated: None, ..page() });
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert!(value[1].get("dateModified").is_none());
    }

    #[test]
    fn json_in_a_script_escapes_control_characters_and_markup() {
        let text = "a\u{1}b\n\"c\\</script>\u{2028}";
        let encoded = script_safe(&serde_json::to_string(text).expect("serializes"));
        assert!(!encoded.contains("</"), "{encoded}");
        assert_eq!(serde_json::from_str::<String>(&encoded).expect("valid JSON"), text);
    }
}
