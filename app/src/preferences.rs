//! The visitor's display preferences (theme, dismissed banner), applied by a
//! tiny inline script in `<head>` before the first paint.
//!
//! The server renders every page the same for everyone (`data-theme` the
//! site's default theme from `site.toml`, the banner present), so a page's
//! HTML is a function of its URL and a CDN can keep one copy. The script
//! reads the two cookies and sets `data-theme` and `data-banner` on `<html>`
//! before anything is painted (the banner cookie holds the key of the banner
//! the visitor closed, so a banner with a new key shows); the stylesheet
//! does the rest. Without JavaScript the theme follows
//! `prefers-color-scheme` (the `system` rules of the stylesheet).
//!
//! The script is allowed by the Content-Security-Policy through its SHA-256
//! hash, like every inline script of a page.

use leptos::prelude::*;

use crate::theme::Theme;

/// The cookie the docs banner's close button sets, to the banner's key.
pub const BANNER_COOKIE: &str = "banner";
/// The `data-banner` value of a dismissed banner.
pub const BANNER_DISMISSED: &str = "dismissed";

/// The script's text for a site whose default theme is `theme` and whose
/// banner (if any) has `banner_key`: a visitor's chosen theme, else the
/// default, and the banner hidden when the cookie names this banner (a new
/// key shows again). No `<` or `&`: it reads the same as HTML and as script.
pub fn script(theme: Theme, banner_key: Option<&str>) -> String {
    let mut text = format!(
        concat!(
            "(function(){{var d=document.documentElement,c=document.cookie,",
            "t=/(?:^|;\\s*)theme=(light|dark|system)(?:;|$)/.exec(c);",
            "d.setAttribute(\"data-theme\",t?t[1]:\"{}\");"
        ),
        theme.as_str()
    );
    if let Some(key) = banner_key {
        // Keys are letters, digits, `.`, `_` and `-` (`site::config`); a dot is literal here.
        let key = key.replace('.', "\\.");
        text.push_str(&format!(
            "if(/(?:^|;\\s*){BANNER_COOKIE}={key}(?:;|$)/.test(c))d.setAttribute(\"data-banner\",\"{BANNER_DISMISSED}\");"
        ));
    }
    text.push_str("})()");
    text
}

/// The script for the site being rendered (server only: the document's
/// `<head>` is not hydrated).
#[cfg(feature = "ssr")]
pub fn site_script() -> String {
    let site = crate::site::server_config();
    script(site.theme, site.page.banner.as_ref().map(|banner| banner.key.as_str()))
}

/// The inline `<script>` for the document's `<head>`.
#[component]
pub fn PreferencesScript() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = site_script();
    #[cfg(not(feature = "ssr"))]
    let text = String::new();
    view! { <script inner_html=text></script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_reads_the_cookies_the_switches_write() {
        let text = script(Theme::System, Some("v2.1"));
        assert!(text.contains(&format!("{}=(light|dark|system)", crate::theme::THEME_COOKIE)));
        assert!(text.contains(&format!("{BANNER_COOKIE}=v2\\.1(?:")), "{text}");
        assert!(!script(Theme::System, None).contains(BANNER_COOKIE), "no banner, nothing to hide");
    }

    #[test]
    fn a_visitor_without_a_choice_gets_the_sites_default_theme() {
        assert!(script(Theme::Dark, None).contains("t?t[1]:\"dark\""));
        assert!(script(Theme::System, None).contains("t?t[1]:\"system\""));
    }

    #[test]
    fn the_script_cannot_end_its_element_early() {
        let text = script(Theme::Light, Some("a-b_c.d"));
        assert!(!text.contains('<') && !text.contains('&'));
    }
}
