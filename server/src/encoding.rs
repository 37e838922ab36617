//! Answers compressed once and sent many times.
//!
//! Every browser asks for `Accept-Encoding: br, gzip`. Compressing a page on
//! each request costs more than rendering it, so an answer the server keeps
//! ([`crate::page_cache`]) is kept as [`Variants`]: the body as rendered plus
//! its brotli and gzip encodings, made once, on a blocking thread so that no
//! request waits behind the work on an async worker. Each request is sent the
//! variant its `Accept-Encoding` prefers ([`Coding::negotiate`]), byte for
//! byte as stored, with its own `ETag`.
//!
//! Answers that are not kept (errors, searches, one-off answers) are
//! compressed per request by tower-http at [`ON_THE_FLY`], a fast level; the
//! layer leaves alone what arrives here already encoded ([`Stored`]).
//!
//! The negotiation is written here rather than taken from a crate: the crates
//! that parse `Accept-Encoding` alone are archived or pre-release, and
//! tower-http keeps its own parser private.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

use axum::body::Bytes;
use http::{header, HeaderMap, HeaderValue};
use tower_http::compression::{predicate::Predicate, CompressionLevel};

/// The level of what is compressed per request: brotli 4 and gzip 4 compress
/// a 200 KB page in about a millisecond each, at most a few percent larger
/// than their best.
pub const ON_THE_FLY: CompressionLevel = CompressionLevel::Precise(4);

/// A content coding the server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Brotli (`br`).
    Brotli,
    /// Gzip.
    Gzip,
    /// No coding.
    Identity,
}

impl Coding {
    /// The coding to send for `headers`' `Accept-Encoding`: the one with the
    /// highest quality value among brotli and gzip (brotli on a tie), or
    /// identity when neither is acceptable. Codings we do not make are ignored.
    pub fn negotiate(headers: &HeaderMap) -> Coding {
        let mut brotli = None;
        let mut gzip = None;
        let mut star = None;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let quality = parts.find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")));
                let quality = quality.map_or(Some(1000), parse_quality);
                let Some(quality) = quality else { continue };
                if name.eq_ignore_ascii_case("br") {
                    brotli = Some(quality);
                } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                    gzip = Some(quality);
                } else if name == "*" {
                    star = Some(quality);
                }
            }
        }
        let brotli = brotli.or(star).unwrap_or(0);
        let gzip = gzip.or(star).unwrap_or(0);
        match (brotli, gzip) {
            (0, 0) => Coding::Identity,
            (b, g) if b >= g => Coding::Brotli,
            _ => Coding::Gzip,
        }
    }

    /// The `Content-Encoding` value, if any.
    fn content_encoding(self) -> Option<HeaderValue> {
        match self {
            Coding::Brotli => Some(HeaderValue::from_static("br")),
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Identity => None,
        }
    }

    /// What a variant's `ETag` adds to the body's own.
    fn tag_suffix(self) -> &'static str {
        match self {
            Coding::Brotli => "-br",
            Coding::Gzip => "-gz",
            Coding::Identity => "",
        }
    }
}

/// A quality value (`0` to `1`, at most three decimals) in thousandths; `None` when malformed.
fn parse_quality(text: &str) -> Option<u16> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// How hard to compress: the levels pay for themselves by how long the bytes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effort {
    /// Brotli's quality, 0 to 11.
    pub brotli: u32,
    /// Gzip's level, 0 to 9.
    pub gzip: u32,
}

impl Effort {
    /// For answers kept for minutes (docs pages, their JSON, `.md`, `llms.txt`,
    /// the sitemap): the smallest bytes, once per render.
    pub const KEPT: Effort = Effort { brotli: 11, gzip: 9 };
    /// For answers kept for a second (user pages and their JSON), rendered
    /// anew every second under load: within a few percent of the smallest, at
    /// a fraction of the work.
    pub const BRIEF: Effort = Effort { brotli: 6, gzip: 6 };
}

/// A body and its encodings, as kept and sent.
#[derive(Debug, Clone)]
pub struct Variants {
    identity: Bytes,
    /// Absent when the coding would not make the body smaller.
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl Variants {
    /// Encodes `identity` in every coding at `effort`, counting the work in
    /// `counter`. CPU-bound: call it where blocking is allowed ([`Variants::encode`]).
    pub fn encode_blocking(identity: Bytes, effort: Effort, counter: &AtomicU64) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        let brotli = brotli_bytes(&identity, effort.brotli);
        let gzip = gzip_bytes(&identity, effort.gzip);
        let smaller = |encoded: Vec<u8>| (encoded.len() < identity.len()).then(|| Bytes::from(encoded));
        let (brotli, gzip) = (smaller(brotli), smaller(gzip));
        Self { identity, brotli, gzip }
    }

    /// Encodes `identity` on tokio's blocking pool, off the async workers.
    pub async fn encode(identity: Bytes, effort: Effort, counter: Arc<AtomicU64>) -> Self {
        let fallback = identity.clone();
        tokio::task::spawn_blocking(move || Self::encode_blocking(identity, effort, &counter)).await.unwrap_or(Self {
            identity: fallback,
            brotli: None,
            gzip: None,
        })
    }

    /// The bytes kept, every variant counted.
    pub fn held_bytes(&self) -> usize {
        self.identity.len() + self.brotli.as_ref().map_or(0, Bytes::len) + self.gzip.as_ref().map_or(0, Bytes::len)
    }

    /// The body as rendered.
    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// The variant to send for `coding`, and the coding it is in (identity
    /// when that coding would not have made it smaller).
    pub fn pick(&self, coding: Coding) -> (Coding, &Bytes) {
        match coding {
            Coding::Brotli => match &self.brotli {
                Some(brotli) => (Coding::Brotli, brotli),
                None => (Coding::Identity, &self.identity),
            },
            Coding::Gzip => match &self.gzip {
                Some(gzip) => (Coding::Gzip, gzip),
                None => (Coding::Identity, &self.identity),
            },
            Coding::Identity => (Coding::Identity, &self.identity),
        }
    }

    /// Headers for sending `coding`'s variant: `headers` (which carry the
    /// body's own `ETag`, if any) with the variant's `Content-Encoding` and
    /// `ETag`, and `Vary: Accept-Encoding`.
    pub fn headers_for(coding: Coding, headers: &HeaderMap) -> HeaderMap {
        let mut headers = headers.clone();
        headers.remove(header::CONTENT_LENGTH);
        if let Some(encoding) = coding.content_encoding() {
            headers.insert(header::CONTENT_ENCODING, encoding);
        }
        let tag = headers.get(header::ETAG).and_then(|tag| tag.to_str().ok()).and_then(|tag| tag.strip_suffix('"'));
        if let Some(value) = tag.and_then(|tag| HeaderValue::from_str(&format!("{tag}{}\"", coding.tag_suffix())).ok())
        {
            headers.insert(header::ETAG, value);
        }
        let varies = headers.get_all(header::VARY).iter().any(|value| {
            value.to_str().is_ok_and(|v| v.split(',').any(|name| name.trim().eq_ignore_ascii_case("accept-encoding")))
        });
        if !varies {
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        headers
    }
}

fn brotli_bytes(body: &[u8], quality: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality.min(11)).unwrap_or(11),
        size_hint: body.len(),
        ..Default::default()
    };
    let mut input = body;
    // Writing to a Vec cannot fail; an error leaves `out` incomplete, which the size check drops.
    if brotli::BrotliCompress(&mut input, &mut out, &params).is_err() {
        return body.to_vec();
    }
    out
}

fn gzip_bytes(body: &[u8], level: u32) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(level.min(9)));
    match encoder.write_all(body).and_then(|()| encoder.finish()) {
        Ok(out) => out,
        Err(_) => body.to_vec(),
    }
}

/// Marks an answer that is already encoded for its request (a [`Variants`]
/// variant), so that per-request compression leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub struct Stored;

/// tower-http's predicate for per-request compression: its default rules,
/// and never an answer marked [`Stored`] (its identity variant was chosen on
/// purpose: the client accepts no coding we make, or none made it smaller).
#[derive(Debug, Clone, Copy, Default)]
pub struct NotStored;

impl Predicate for NotStored {
    fn should_compress<B>(&self, response: &http::Response<B>) -> bool
    where
        B: http_body::Body,
    {
        response.extensions().get::<Stored>().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(header::ACCEPT_ENCODING, HeaderValue::from_str(value).expect("value"));
        }
        headers
    }

    #[test]
    fn browsers_get_brotli_and_others_what_they_ask_for() {
        let cases = [
            (&["gzip, deflate, br, zstd"][..], Coding::Brotli),
            (&["br, gzip"], Coding::Brotli),
            (&["gzip"], Coding::Gzip),
            (&["x-gzip"], Coding::Gzip),
            (&["GZIP;Q=0.5"], Coding::Gzip),
            (&["br;q=0.5, gzip;q=0.9"], Coding::Gzip),
            (&["br;q=0, gzip;q=0"], Coding::Identity),
            (&["br;q=0"], Coding::Identity),
            (&["deflate, zstd"], Coding::Identity),
            (&["identity"], Coding::Identity),
            (&[], Coding::Identity),
            (&["*"], Coding::Brotli),
            (&["*;q=0.5, br;q=0.2"], Coding::Gzip),
            (&["gzip", "br"], Coding::Brotli),
            // Malformed quality values make their item unacceptable, not the header.
            (&["br;q=2, gzip"], Coding::Gzip),
            (&["br;q=0.0001, gzip;q=abc"], Coding::Identity),
            (&["br;q=1.000"], Coding::Brotli),
        ];
        for (values, expected) in cases {
            assert_eq!(Coding::negotiate(&accepting(values)), expected, "{values:?}");
        }
    }

    #[test]
    fn every_variant_decodes_to_the_body() {
        use std::io::Read as _;
        let body = Bytes::from("<p>Leptra compresses a page once.</p>\n".repeat(200));
        let counter = AtomicU64::new(0);
        let variants = Variants::encode_blocking(body.clone(), Effort::KEPT, &counter);
        assert_eq!(counter.load(Ordering::Relaxed), 1);
        let (coding, brotli) = variants.pick(Coding::Brotli);
        assert_eq!(coding, Coding::Brotli);
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&brotli[..], 4096).read_to_end(&mut decoded).expect("brotli decodes");
        assert_eq!(decoded, body);
        let (coding, gzip) = variants.pick(Coding::Gzip);
        assert_eq!(coding, Coding::Gzip);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..]).read_to_end(&mut decoded).expect("gzip decodes");
        assert_eq!(decoded, body);
        assert!(brotli.len() < body.len() / 10 && gzip.len() < body.len() / 10);
        assert_eq!(variants.held_bytes(), body.len() + brotli.len() + gzip.len());
    }

    #[test]
    fn a_body_that_does_not_shrink_is_sent_as_it_is() {
        let variants = Variants::encode_blocking(Bytes::from_static(b"ok"), Effort::BRIEF, &AtomicU64::new(0));
        assert_eq!(variants.pick(Coding::Brotli), (Coding::Identity, &Bytes::from_static(b"ok")));
        assert_eq!(variants.pick(Coding::Gzip).0, Coding::Identity);
        assert_eq!(variants.held_bytes(), 2);
    }

    #[test]
    fn each_variant_has_its_own_tag_and_every_one_varies_by_encoding() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, HeaderValue::from_static("W/\"abc\""));
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("10"));
        headers.insert(header::VARY, HeaderValue::from_static("cookie"));
        let brotli = Variants::headers_for(Coding::Brotli, &headers);
        assert_eq!(brotli[header::ETAG], "W/\"abc-br\"");
        assert_eq!(brotli[header::CONTENT_ENCODING], "br");
        assert!(!brotli.contains_key(header::CONTENT_LENGTH), "the length is the variant's");
        let vary: Vec<_> = brotli.get_all(header::VARY).iter().collect();
        assert_eq!(vary, ["cookie", "accept-encoding"]);
        let gzip = Variants::headers_for(Coding::Gzip, &brotli);
        assert_eq!(gzip.get_all(header::VARY).iter().count(), 2, "accept-encoding is listed once");
        assert_eq!(Variants::headers_for(Coding::Gzip, &headers)[header::ETAG], "W/\"abc-gz\"");
        let identity = Variants::headers_for(Coding::Identity, &headers);
        assert_eq!(identity[header::ETAG], "W/\"abc\"");
        assert!(!identity.contains_key(header::CONTENT_ENCODING));
    }
}
