//! The accent colour: links, the current sidebar entry, buttons and focus
//! rings. A site gives a hue or a colour per theme; every colour used must
//! keep WCAG AA contrast (4.5:1) against the backgrounds it is drawn on, so
//! a hue is turned into the lightest (light theme) or darkest (dark theme)
//! shade that does, and a given colour that does not is refused.

pub use crate::colour::Rgb;

/// WCAG 2.2 AA for normal text.
pub const AA: f64 = 4.5;

/// The accents `style/main.css` has of itself (light, dark): a site with
/// these needs no rules of its own.
pub const STYLESHEET: (Rgb, Rgb) = (Rgb(0xb8, 0x3d, 0x0b), Rgb(0xff, 0x8a, 0x4c));

/// One of the two themes, with the backgrounds the stylesheet (`style/main.css`) draws accent text on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The light theme.
    Light,
    /// The dark theme.
    Dark,
}

impl Mode {
    /// `--bg` and `--bg-soft`.
    fn backgrounds(self) -> [Rgb; 2] {
        match self {
            Mode::Light => [Rgb(0xff, 0xff, 0xff), Rgb(0xf6, 0xf7, 0xf9)],
            Mode::Dark => [Rgb(0x11, 0x12, 0x14), Rgb(0x1a, 0x1c, 0x1f)],
        }
    }

    /// The name the file and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Light => "light",
            Mode::Dark => "dark",
        }
    }

    /// The tinted background of the current sidebar entry and the banner
    /// (`--accent-soft`) for `accent`.
    fn soft(self, accent: Rgb) -> Rgb {
        let [bg, _] = self.backgrounds();
        match self {
            Mode::Light => accent.mix(bg, 0.08),
            Mode::Dark => accent.mix(bg, 0.12),
        }
    }

    /// The text on an accent-coloured button (`--accent-fg`): the theme's own
    /// background, whose contrast with the accent is checked already.
    fn on_accent(self) -> Rgb {
        self.backgrounds()[0]
    }
}

/// The accent of one theme, with the colours derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shade {
    /// `--accent`.
    pub accent: Rgb,
    /// `--accent-soft`.
    pub soft: Rgb,
    /// `--accent-fg`.
    pub on_accent: Rgb,
}

/// Why an accent colour cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{accent} has a contrast of {ratio:.2}:1 against the {mode} theme's background {background}; WCAG AA needs at least 4.5:1"
)]
pub struct LowContrast {
    /// The colour.
    pub accent: Rgb,
    /// Its theme's name.
    pub mode: &'static str,
    /// The background it fails on.
    pub background: Rgb,
    /// The contrast it has there.
    pub ratio: f64,
}

/// `accent` in `mode`, if it keeps AA contrast with every background it is drawn on.
pub fn shade(mode: Mode, accent: Rgb) -> Result<Shade, LowContrast> {
    let soft = mode.soft(accent);
    for background in mode.backgrounds().into_iter().chain([soft]) {
        let ratio = accent.contrast(background);
        if ratio < AA {
            return Err(LowContrast { accent, mode: mode.name(), background, ratio });
        }
    }
    Ok(Shade { accent, soft, on_accent: mode.on_accent() })
}

/// The most vivid shade of `hue` that keeps AA contrast in `mode`: lightness
/// walks from the middle towards black (light theme) or white (dark theme)
/// until every background passes, which it always does before the end.
pub fn from_hue(mode: Mode, hue: f64) -> Shade {
    for step in 0..=50 {
        let offset = f64::from(step) / 100.0;
        let lightness = match mode {
            Mode::Light => 0.5 - offset,
            Mode::Dark => 0.5 + offset,
        };
        if let Ok(shade) = shade(mode, Rgb::from_hsl(hue, 0.85, lightness)) {
            return shade;
        }
    }
    // Black on white and white on near-black: 21:1 and 18:1.
    let extreme = match mode {
        Mode::Light => Rgb(0, 0, 0),
        Mode::Dark => Rgb(0xff, 0xff, 0xff),
    };
    Shade { accent: extreme, soft: mode.soft(extreme), on_accent: mode.on_accent() }
}

/// The stylesheet rules that give both themes their accent; they follow the
/// site's stylesheet in `<head>` and override its defaults.
pub fn css(light: &Shade, dark: &Shade) -> String {
    let vars = |s: &Shade| format!("--accent:{};--accent-soft:{};--accent-fg:{}", s.accent, s.soft, s.on_accent);
    format!(
        ":root{{{}}}html[data-theme=\"dark\"]{{{}}}@media (prefers-color-scheme:dark){{html[data-theme=\"system\"]{{{}}}}}",
        vars(light),
        vars(dark),
        vars(dark)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_accents_pass_and_a_pale_one_is_refused_with_its_ratio() {
        assert!(shade(Mode::Light, Rgb(0xb8, 0x3d, 0x0b)).is_ok());
        assert!(shade(Mode::Dark, Rgb(0xff, 0x8a, 0x4c)).is_ok());
        let err = shade(Mode::Light, Rgb(0xff, 0xcc, 0x00)).expect_err("yellow on white is unreadable");
        assert_eq!(err.mode, "light");
        assert!(err.ratio < AA);
        assert!(err.to_string().contains("#ffcc00 has a contrast of 1."), "{err}");
        assert!(shade(Mode::Dark, Rgb(0x1a, 0x3d, 0x8b)).is_err(), "dark blue on near-black");
    }

    #[test]
    fn every_hue_gives_shades_with_aa_contrast_in_both_themes() {
        for hue in (0..360).step_by(5) {
            for mode in [Mode::Light, Mode::Dark] {
                let found = from_hue(mode, f64::from(hue));
                assert!(shade(mode, found.accent).is_ok(), "hue {hue} in {mode:?}: {}", found.accent);
            }
        }
    }

    #[test]
    fn the_stylesheets_own_accents_are_the_ones_named_here() {
        let css = include_str!("../../../style/main.css");
        for accent in [STYLESHEET.0, STYLESHEET.1] {
            assert!(css.contains(&format!("--accent: {accent};")), "style/main.css no longer has {accent}");
        }
    }

    #[test]
    fn the_rules_cover_the_light_dark_and_system_themes() {
        let light = from_hue(Mode::Light, 210.0);
        let dark = from_hue(Mode::Dark, 210.0);
        let css = css(&light, &dark);
        assert!(css.starts_with(&format!(":root{{--accent:{}", light.accent)), "{css}");
        assert!(css.contains("html[data-theme=\"dark\"]{--accent:"), "{css}");
        assert!(css.contains("html[data-theme=\"system\"]"), "{css}");
        assert!(!css.contains('<'), "the rules cannot end their element");
    }
}
