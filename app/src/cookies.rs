//! Reading and writing the few small cookies Leptra uses (theme, banner, locale).
//!
//! Pages never depend on them: the browser writes them, the inline script of
//! [`crate::preferences`] applies the theme and banner ones before the first
//! paint, and the server reads only the `locale` cookie, on the entry point
//! `/`, to redirect.

/// The value of cookie `name` in a `Cookie` header (server only: the browser
/// never reads cookies, it only writes them).
#[cfg(feature = "ssr")]
pub fn get(header: &str, name: &str) -> Option<String> {
    cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().trim().to_owned())
}

/// Sets a site-wide cookie from the browser: `Path=/`, `SameSite=Lax`, and
/// `Secure` when the page was served over HTTPS.
///
/// Written by hand rather than with the `cookie` crate, which would bring
/// its date and time dependency into the wasm for one `format!`.
#[cfg(feature = "hydrate")]
pub fn write(name: &str, value: &str, max_age_secs: u64) {
    use wasm_bindgen::JsCast;
    let https = leptos::prelude::window().location().protocol().is_ok_and(|p| p == "https:");
    if let Ok(doc) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&cookie_line(name, value, max_age_secs, https));
    }
}

/// The `document.cookie` line that sets `name`.
pub fn cookie_line(name: &str, value: &str, max_age_secs: u64, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax{secure}")
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "ssr")]
    use super::get;

    #[cfg(feature = "ssr")]
    #[test]
    fn finds_a_cookie_among_others() {
        assert_eq!(get("a=1; theme=dark; b=2", "theme").as_deref(), Some("dark"));
        assert_eq!(get("theme=light", "theme").as_deref(), Some("light"));
    }

    // proptest is a native-only dev-dependency; the wasm build lints these tests without it.
    #[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
    proptest::proptest! {
        #[test]
        fn any_cookie_header_parses_without_panicking(header in ".{0,300}", name in "[a-z]{1,8}") {
            if let Some(value) = get(&header, &name) {
                proptest::prop_assert!(header.contains(&value));
                proptest::prop_assert_eq!(value.trim(), value.as_str());
            }
        }

        #[test]
        fn a_cookie_written_among_others_is_read_back(value in "[a-z0-9]{0,20}", other in "[a-z]{1,5}=[a-z]{0,5}") {
            let header = format!("{other}; theme={value}; {other}");
            let expected = if other.starts_with("theme=") { other.split_once('=').map(|(_, v)| v) } else { Some(value.as_str()) };
            let found = get(&header, "theme");
            proptest::prop_assert_eq!(found.as_deref(), expected);
        }
    }

    #[test]
    fn cookies_are_site_wide_lax_and_secure_over_https() {
        assert_eq!(super::cookie_line("theme", "dark", 60, false), "theme=dark; Path=/; Max-Age=60; SameSite=Lax");
        assert_eq!(
            super::cookie_line("theme", "dark", 60, true),
            "theme=dark; Path=/; Max-Age=60; SameSite=Lax; Secure"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn does_not_match_a_cookie_whose_name_only_ends_the_same() {
        assert_eq!(get("mytheme=dark", "theme"), None);
        assert_eq!(get("", "theme"), None);
    }
}
