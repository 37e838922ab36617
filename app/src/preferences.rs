//! The visitor's display preferences (theme, dismissed banner), applied by a
//! tiny inline script in `<head>` before the first paint.
//!
//! The server renders every page the same for everyone (`data-theme="system"`,
//! the banner present), so a page's HTML is a function of its URL and a CDN
//! can keep one copy. The script reads the two cookies and sets
//! `data-theme` and `data-banner` on `<html>` before anything is painted; the
//! stylesheet does the rest. Without JavaScript the theme follows
//! `prefers-color-scheme` (the `system` rules of the stylesheet).
//!
//! The script is allowed by the Content-Security-Policy through its SHA-256
//! hash, like every inline script of a page.

use leptos::prelude::*;

/// The cookie the docs banner's close button sets.
pub const BANNER_COOKIE: &str = "banner";
/// The `BANNER_COOKIE` value (and `data-banner` value) of a dismissed banner.
pub const BANNER_DISMISSED: &str = "dismissed";

/// The script's text: no `<` or `&`, so it reads the same as HTML and as script.
pub const PREFERENCES_SCRIPT: &str = concat!(
    "(function(){var d=document.documentElement,c=document.cookie,",
    "t=/(?:^|;\\s*)theme=(light|dark)(?:;|$)/.exec(c);",
    "d.setAttribute(\"data-theme\",t?t[1]:\"system\");",
    "if(/(?:^|;\\s*)banner=dismissed(?:;|$)/.test(c))d.setAttribute(\"data-banner\",\"dismissed\")})()"
);

/// The inline `<script>` for the document's `<head>`.
#[component]
pub fn PreferencesScript() -> impl IntoView {
    view! { <script inner_html=PREFERENCES_SCRIPT></script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_reads_the_cookies_the_switches_write() {
        assert!(PREFERENCES_SCRIPT.contains(&format!("{}=(light|dark)", crate::theme::THEME_COOKIE)));
        assert!(PREFERENCES_SCRIPT.contains(&format!("{BANNER_COOKIE}={BANNER_DISMISSED}")));
    }

    #[test]
    fn the_script_cannot_end_its_element_early() {
        assert!(!PREFERENCES_SCRIPT.contains('<') && !PREFERENCES_SCRIPT.contains('&'));
    }
}
