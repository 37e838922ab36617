//! Readable code themes: moving a colour until it reaches AA contrast
//! (WCAG's contrast from `crate::colour`).

use syntect::highlighting::Color;

use crate::colour::Rgb;

/// WCAG's AA contrast for normal text, with a little margin for rounding.
const MIN_CONTRAST: f64 = 4.6;

/// An opaque colour.
pub(super) const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// `top` at `alpha` over the opaque `bottom`.
pub(super) fn blend(top: Color, bottom: Color, alpha: f64) -> Color {
    let Rgb(r, g, b) = Rgb(top.r, top.g, top.b).mix(Rgb(bottom.r, bottom.g, bottom.b), alpha);
    rgb(r, g, b)
}

/// WCAG's contrast ratio of two opaque colours, from 1 to 21.
pub(super) fn contrast(a: Color, b: Color) -> f64 {
    Rgb(a.r, a.g, a.b).contrast(Rgb(b.r, b.g, b.b))
}

/// `fg` (made opaque over the first background) moved toward `toward` in
/// 5% steps until it has [`MIN_CONTRAST`] on every background; if even
/// `toward` is not enough (a token with a background of its own, such as
/// invalid code), toward the opposite extreme instead.
pub(super) fn readable(fg: Color, backgrounds: &[Color], toward: Color) -> Color {
    let base = blend(fg, backgrounds[0], f64::from(fg.a) / 255.0);
    let opposite = rgb(0xff - toward.r, 0xff - toward.g, 0xff - toward.b);
    [toward, opposite]
        .into_iter()
        .flat_map(|end| (0..=20).map(move |step| blend(end, base, f64::from(step) / 20.0)))
        .find(|c| backgrounds.iter().all(|bg| contrast(*c, *bg) >= MIN_CONTRAST))
        .unwrap_or(toward)
}
