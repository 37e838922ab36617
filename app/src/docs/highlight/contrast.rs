//! Colour arithmetic for readable themes: WCAG luminance and contrast, and
//! moving a colour until it reaches AA contrast.

use syntect::highlighting::Color;

/// WCAG's AA contrast for normal text, with a little margin for rounding.
const MIN_CONTRAST: f64 = 4.6;

/// An opaque colour.
pub(super) const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// `top` at `alpha` over the opaque `bottom`.
pub(super) fn blend(top: Color, bottom: Color, alpha: f64) -> Color {
    let mix = |t: u8, b: u8| (f64::from(t) * alpha + f64::from(b) * (1.0 - alpha)).round() as u8;
    rgb(mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b))
}

/// WCAG's relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG's contrast ratio of two opaque colours, from 1 to 21.
pub(super) fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
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
