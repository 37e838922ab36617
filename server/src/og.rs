//! Social images: a 1200×630 PNG per docs page, with the site's name, the
//! page's section, title and description in the site's colours, drawn from
//! an SVG by resvg with a real font (Nanum Gothic, which has Hangul and
//! Latin; SIL Open Font License, from Debian's `fonts-nanum`).
//!
//! `/og/docs/guide/ssr.png?v=<fingerprint>` is the image of
//! `/docs/guide/ssr`. Nothing is drawn at start-up: the font is read on the
//! first request, each image is drawn once and kept (bounded in bytes), and
//! sent with an `ETag`. A URL whose fingerprint matches what the page shows
//! now is cached for a year (the fingerprint changes with the picture); any
//! other gets the current picture for five minutes.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, Method, StatusCode};
use moka::future::Cache;

use app::{docs::model::docs_base, locale::Locale, seo::SocialCard};

use crate::ServerState;

/// The image size Open Graph and X (Twitter) recommend.
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
/// The most memory drawn images may take.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;
/// The font family the SVG asks for.
const FAMILY: &str = "NanumGothic";

/// The drawn images and the font, shared by all requests.
#[derive(Clone)]
pub struct SocialImages {
    font_dir: PathBuf,
    fonts: Arc<OnceLock<Result<Fonts, FontError>>>,
    cache: Cache<(String, String), Bytes>,
}

struct Fonts {
    database: Arc<resvg::usvg::fontdb::Database>,
    /// The regular and bold faces' bytes, to measure text for wrapping.
    regular: Vec<u8>,
    bold: Vec<u8>,
}

impl SocialImages {
    /// Images drawn with the fonts in `font_dir` (read when the first image is drawn).
    pub fn new(font_dir: &Path) -> Self {
        let cache = Cache::builder()
            .weigher(|key: &(String, String), png: &Bytes| {
                u32::try_from(key.0.len() + key.1.len() + png.len()).unwrap_or(u32::MAX)
            })
            .max_capacity(CACHE_BYTES)
            .build();
        Self { font_dir: font_dir.to_owned(), fonts: Arc::new(OnceLock::new()), cache }
    }

    fn fonts(&self) -> Result<&Fonts, FontError> {
        self.fonts.get_or_init(|| load_fonts(&self.font_dir)).as_ref().map_err(Clone::clone)
    }
}

/// A font file the cards need that cannot be read; kept with the images, so
/// every request reports it without reading the folder again.
#[derive(Debug, Clone, thiserror::Error)]
#[error("social images need {} ({source}): install fonts-nanum or set LEPTRA_OG_FONT_DIR", path.display())]
pub struct FontError {
    /// The font file.
    path: PathBuf,
    /// Why it cannot be read.
    source: Arc<std::io::Error>,
}

/// Why a card could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// A font file is missing.
    #[error(transparent)]
    Font(#[from] FontError),
    /// A font file is not a font.
    #[error("{face} font: {source}")]
    BadFont {
        /// `regular` or `bold`.
        face: &'static str,
        /// What the parser said.
        source: ttf_parser::FaceParsingError,
    },
    /// The card's SVG does not parse (a bug in the template).
    #[error("card SVG: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// The pixmap could not be allocated or encoded.
    #[error("PNG: {0}")]
    Png(String),
    /// The drawing thread did not finish.
    #[error("drawing the image failed")]
    Interrupted,
}

fn load_fonts(dir: &Path) -> Result<Fonts, FontError> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|source| FontError { path, source: Arc::new(source) })
    };
    let (regular, bold) = (read("NanumGothic.ttf")?, read("NanumGothicBold.ttf")?);
    let mut database = resvg::usvg::fontdb::Database::new();
    database.load_font_data(regular.clone());
    database.load_font_data(bold.clone());
    Ok(Fonts { database: Arc::new(database), regular, bold })
}

/// Answers `/og/….png`; passes on everything else.
pub(crate) async fn serve(State(state): State<ServerState>, req: Request, next: Next) -> Response<Body> {
    let path = req.uri().path();
    let Some(route) = path.strip_prefix("/og").and_then(|p| p.strip_suffix(".png")) else {
        return next.run(req).await;
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let asked =
        req.uri().query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("v="))).map(str::to_owned);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let content = state.app.content.snapshot();
    let page = match locate(route).map(|(locale, slug)| content.page(locale, &slug)) {
        Some(Ok(page)) => page,
        Some(Err(error)) => return plain(error.status_code(), &error.to_string()),
        None => return plain(StatusCode::NOT_FOUND, "There is no docs page for this image."),
    };
    let card = SocialCard::of(&page);
    let fingerprint = card.fingerprint();
    let etag = format!("\"{fingerprint}\"");
    let headers = image_headers(&etag, asked.as_deref() == Some(fingerprint.as_str()));
    if if_none_match.is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*")) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let text = CardText {
        site: card.site.to_owned(),
        locale: page.locale,
        title: card.title.to_owned(),
        section: card.section.to_owned(),
        description: card.description.to_owned(),
    };
    match state.social_images.png(page.route.clone(), fingerprint, text).await {
        Ok(png) => (headers, png).into_response(),
        Err(error) => {
            tracing::error!(%error, "social image");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "The image could not be drawn.")
        }
    }
}

/// The headers of an image with `etag`: cached for a year when the URL
/// names its fingerprint (`?v=`), else for five minutes.
fn image_headers(etag: &str, fingerprinted: bool) -> [(header::HeaderName, HeaderValue); 3] {
    let cache_control = if fingerprinted { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache_control)),
        (header::ETAG, HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"\""))),
    ]
}

impl SocialImages {
    /// The PNG of the card `text` for `route`, drawn off the async threads
    /// once per route and fingerprint, then kept in the cache.
    async fn png(&self, route: String, fingerprint: String, text: CardText) -> Result<Bytes, Arc<ImageError>> {
        let images = self.clone();
        self.cache
            .try_get_with((route, fingerprint), async move {
                tokio::task::spawn_blocking(move || draw(&images, &text))
                    .await
                    .map_err(|_| ImageError::Interrupted)?
                    .map(Bytes::from)
            })
            .await
    }
}

/// The locale and slug of a docs route, e.g. `/ko/docs/0.1/guide` → (`ko`, `0.1/guide`).
fn locate(route: &str) -> Option<(Locale, String)> {
    for locale in Locale::ALL {
        let base = docs_base(locale);
        if let Some(rest) = route.strip_prefix(&base).filter(|r| r.is_empty() || r.starts_with('/')) {
            return Some((locale, rest.trim_start_matches('/').to_owned()));
        }
    }
    None
}

fn plain(status: StatusCode, message: &str) -> Response<Body> {
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        format!("{message}\n"),
    )
        .into_response()
}

/// The words on one image.
pub struct CardText {
    /// The site's name, at the top.
    pub site: String,
    /// The page's locale (sets `xml:lang`).
    pub locale: Locale,
    /// The title.
    pub title: String,
    /// The section above it.
    pub section: String,
    /// The description under it; may be empty.
    pub description: String,
}

/// Draws one card as PNG bytes.
pub fn draw(images: &SocialImages, text: &CardText) -> Result<Vec<u8>, ImageError> {
    let fonts = images.fonts()?;
    let svg = card_svg(fonts, text)?;
    let options = resvg::usvg::Options { fontdb: fonts.database.clone(), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(&svg, &options)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| ImageError::Png("cannot allocate the image".to_owned()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|err| ImageError::Png(err.to_string()))
}

/// The card as SVG: text wrapped to the card's width with the font's own
/// glyph widths, at most three lines of title and three of description.
fn card_svg(fonts: &Fonts, text: &CardText) -> Result<String, ImageError> {
    let face = |face: &'static str, bytes| {
        ttf_parser::Face::parse(bytes, 0).map_err(|source| ImageError::BadFont { face, source })
    };
    let (bold, regular) = (face("bold", &fonts.bold)?, face("regular", &fonts.regular)?);
    let width = f32::from(u16::try_from(WIDTH - 2 * 80).unwrap_or(1040));
    let title_size = if text.title.chars().count() > 48 { 56.0 } else { 68.0 };
    let title = wrap(&bold, text.title.trim(), title_size, width, 3);
    let description = wrap(&regular, text.description.trim(), 30.0, width, 3);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{lang}" font-family="{FAMILY}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#111214"/><stop offset="1" stop-color="#2a1a12"/></linearGradient></defs>
<rect width="{WIDTH}" height="{HEIGHT}" fill="url(#bg)"/>
<rect x="0" y="0" width="{WIDTH}" height="10" fill="#f26b38"/>
<text x="80" y="118" font-size="40" font-weight="bold" fill="#f26b38">◆ <tspan fill="#f5f5f5">{name}</tspan></text>
<text x="80" y="196" font-size="28" font-weight="bold" fill="#f0a07e" letter-spacing="2">{section}</text>
"##,
        lang = text.locale.tag(),
        name = escape(&text.site),
        section = escape(&text.section.to_uppercase()),
    );
    let mut y = 196.0 + 24.0 + title_size;
    for line in &title {
        svg.push_str(&format!(
            "<text x=\"80\" y=\"{y}\" font-size=\"{title_size}\" font-weight=\"bold\" fill=\"#ffffff\">{}</text>\n",
            escape(line)
        ));
        y += title_size * 1.2;
    }
    y += 16.0;
    // The description keeps clear of the footer line.
    let last_baseline = 534.0;
    for line in &description {
        if y > last_baseline {
            break;
        }
        svg.push_str(&format!("<text x=\"80\" y=\"{y}\" font-size=\"30\" fill=\"#c9ccd1\">{}</text>\n", escape(line)));
        y += 42.0;
    }
    svg.push_str(&format!(
        "<text x=\"80\" y=\"{}\" font-size=\"24\" fill=\"#8b9099\">{}</text>\n</svg>\n",
        HEIGHT - 48,
        escape("leptra · docs")
    ));
    Ok(svg)
}

/// `text` in lines no wider than `width` at `size`, breaking at spaces (or
/// anywhere in a word too long for a line); the last of `max_lines` ends
/// with "…" when text is left over.
fn wrap(face: &ttf_parser::Face<'_>, text: &str, size: f32, width: f32, max_lines: usize) -> Vec<String> {
    let scale = size / f32::from(face.units_per_em());
    let advance = |c: char| {
        let units = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em() / 2);
        f32::from(units) * scale
    };
    let measure = |s: &str| s.chars().map(advance).sum::<f32>();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line is cut where it no longer fits.
        for c in word.chars() {
            if measure(&line) + advance(c) > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && measure(&format!("{last}…")) > width {
                last.pop();
            }
            let trimmed = last.trim_end().to_owned();
            *last = format!("{trimmed}…");
        }
    }
    lines
}

/// Escapes text for the SVG's text and attribute values.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images() -> SocialImages {
        SocialImages::new(Path::new("/usr/share/fonts/truetype/nanum"))
    }

    fn size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
        let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        (word(16), word(20))
    }

    #[test]
    fn a_card_without_a_description_is_still_a_full_image() {
        let text = CardText {
            site: "Leptra".into(),
            locale: Locale::en,
            title: "Untitled".into(),
            section: "Docs".into(),
            description: String::new(),
        };
        let png = draw(&images(), &text).expect("drawn");
        assert_eq!(size(&png), (WIDTH, HEIGHT));
    }

    #[test]
    fn the_font_has_hangul_and_long_text_wraps_within_the_card() {
        let images = images();
        let fonts = images.fonts().expect("fonts-nanum is installed (scripts/setup.sh)");
        let face = ttf_parser::Face::parse(&fonts.bold, 0).expect("font");
        for c in "서버 사이드 렌더링".chars().filter(|c| !c.is_whitespace()) {
            assert!(face.glyph_index(c).is_some_and(|g| g.0 != 0), "no glyph for {c}");
        }
        let long = "word ".repeat(80);
        let lines = wrap(&face, &long, 68.0, 1040.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        let unbroken = "가".repeat(100);
        assert!(wrap(&face, &unbroken, 68.0, 1040.0, 3).len() == 3, "a word longer than a line is cut");
        let korean = CardText {
            site: "Leptra".into(),
            locale: Locale::ko,
            title: "서버 사이드 렌더링".into(),
            section: "가이드".into(),
            description: "설명".into(),
        };
        let english = CardText {
            site: "Leptra".into(),
            locale: Locale::en,
            title: "Server-side rendering".into(),
            section: "Guide".into(),
            description: "About".into(),
        };
        assert_ne!(draw(&images, &korean).expect("drawn"), draw(&images, &english).expect("drawn"));
    }

    #[test]
    fn missing_fonts_are_a_clear_error() {
        let images = SocialImages::new(Path::new("/nonexistent"));
        let text = CardText {
            site: "Leptra".into(),
            locale: Locale::en,
            title: "T".into(),
            section: "S".into(),
            description: String::new(),
        };
        let error = draw(&images, &text).expect_err("no fonts").to_string();
        assert!(error.contains("LEPTRA_OG_FONT_DIR"), "{error}");
        assert!(error.contains("/nonexistent/NanumGothic.ttf"), "{error}");
    }
}
