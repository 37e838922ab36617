//! Light, dark and system themes, remembered in a cookie.
//!
//! Pages are rendered the same for everyone (`data-theme="system"`); the
//! inline script of [`crate::preferences`] applies the cookie's theme before
//! the first paint, and `system` is resolved by a CSS media query, so it needs
//! no script at all. The switch starts from `system` on both sides (so
//! hydration matches), then shows the document's theme; choosing updates the
//! attribute and the cookie.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie that remembers the visitor's theme choice.
pub const THEME_COOKIE: &str = "theme";

/// A theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// Follow the operating system's preference.
    #[default]
    System,
}

impl Theme {
    /// Every choice, in the order the switch shows them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    /// The value stored in the cookie and in `data-theme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    /// Parses a `data-theme` or switch value; anything unknown means "system".
    pub fn parse(value: &str) -> Theme {
        match value {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The theme the document shows: `data-theme` on `<html>` in the browser,
/// `system` on the server (which never reads the visitor's cookies).
pub fn document_theme() -> Theme {
    #[cfg(feature = "hydrate")]
    {
        document()
            .document_element()
            .and_then(|root| root.get_attribute("data-theme"))
            .map_or_else(Theme::default, |v| Theme::parse(&v))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Theme::default()
    }
}

/// The theme selector in the navbar.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let theme = RwSignal::new(Theme::default());
    // Effects run in the browser only, once hydrated: then show the document's theme.
    Effect::new(move |_| theme.set(document_theme()));
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = Theme::parse(&event_target_value(&ev));
        theme.set(chosen);
        apply(chosen);
    };
    view! {
        <label class="theme-switch">
            <span class="sr-only">{crate::tr!(nav.theme)}</span>
            <select aria-label=crate::tr!(nav.theme) on:change=on_change prop:value=move || theme.get().as_str()>
                {Theme::ALL
                    .into_iter()
                    .map(|t| {
                        let locale = crate::locale::use_locale();
                        let label = move || match t {
                            Theme::Light => crate::tr_in!(locale.get(), nav.light),
                            Theme::Dark => crate::tr_in!(locale.get(), nav.dark),
                            Theme::System => crate::tr_in!(locale.get(), nav.system),
                        };
                        view! {
                            <option value=t.as_str() selected=move || theme.get() == t>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Shows `theme` at once and remembers it for a year.
fn apply(theme: Theme) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
        crate::cookies::write(THEME_COOKIE, theme.as_str(), 60 * 60 * 24 * 365);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_reads_back_every_value_it_writes() {
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.as_str()), theme);
        }
    }

    #[test]
    fn an_unknown_document_theme_means_system() {
        for value in ["purple", "", "Dark", " light"] {
            assert_eq!(Theme::parse(value), Theme::System, "{value:?}");
        }
    }

    #[test]
    fn the_first_paint_script_applies_every_chosen_theme() {
        let script = crate::preferences::script(Theme::System, None);
        for theme in Theme::ALL {
            assert!(script.contains(theme.as_str()), "{theme:?}");
        }
    }
}
