//! Small, deterministic formatting of dates and counts.
//!
//! The same code runs on the server and in the browser, so hydration sees the
//! exact text the server rendered (no time-zone or locale surprises: dates are
//! shown in UTC).

use crate::locale::Locale;

/// Formats Unix seconds as RFC 3339 in UTC, e.g. `2024-03-01T12:00:00Z`
/// (server only: file and GitHub times; the browser only shows them).
#[cfg(feature = "ssr")]
pub fn rfc3339_from_unix(secs: u64) -> String {
    use time::{format_description::well_known::Rfc3339, OffsetDateTime};
    /// 9999-12-31T23:59:59Z, the last second RFC 3339 can write.
    const LAST: i64 = 253_402_300_799;
    let secs = i64::try_from(secs).unwrap_or(LAST).min(LAST);
    OffsetDateTime::from_unix_timestamp(secs).ok().and_then(|at| at.format(&Rfc3339).ok()).unwrap_or_default()
}

/// Year, month and day of an RFC 3339 timestamp, if it has a valid date part.
pub fn date_parts(rfc3339: &str) -> Option<(u32, u32, u32)> {
    let date = rfc3339.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d = parts.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some((y, m, d))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A human date for `locale` (`Mar 1, 2024`, `2024년 3월 1일`); the input
/// unchanged if it is not a date.
pub fn human_date(rfc3339: &str, locale: Locale) -> String {
    match (date_parts(rfc3339), locale) {
        (Some((y, m, d)), Locale::ko) => format!("{y}년 {m}월 {d}일"),
        (Some((y, m, d)), Locale::en) => format!("{} {d}, {y}", MONTHS[m as usize - 1]),
        (None, _) => rfc3339.to_owned(),
    }
}

/// A human date and time for `locale`, to the minute, in UTC (`Mar 1, 2024,
/// 12:05 UTC`, `2024년 3월 1일 12:05 UTC`); the date alone if the time is unreadable.
pub fn human_time(rfc3339: &str, locale: Locale) -> String {
    let date = human_date(rfc3339, locale);
    let clock = rfc3339.get(10..16).filter(|t| {
        let t = t.as_bytes();
        matches!(t[0], b'T' | b't' | b' ') && t[3] == b':' && [1, 2, 4, 5].iter().all(|&i| t[i].is_ascii_digit())
    });
    match (clock, date_parts(rfc3339), locale) {
        (Some(clock), Some(_), Locale::en) => format!("{date}, {} UTC", &clock[1..]),
        (Some(clock), Some(_), Locale::ko) => format!("{date} {} UTC", &clock[1..]),
        _ => date,
    }
}

/// A compact count: `999`, `1.2k`, `12k`, `3.4M`, rounded down (integer
/// arithmetic only: float formatting would add kilobytes to the wasm).
pub fn compact_count(n: u64) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=9_999 => with_tenths(n / 100, "k"),
        10_000..=999_999 => format!("{}k", n / 1_000),
        _ => with_tenths(n / 100_000, "M"),
    }
}

/// `tenths` as a number with one decimal, without a trailing `.0`: `12` → `1.2`.
fn with_tenths(tenths: u64, unit: &str) -> String {
    match tenths % 10 {
        0 => format!("{}{unit}", tenths / 10),
        digit => format!("{}.{digit}{unit}", tenths / 10),
    }
}

/// `text` in lower case, by Unicode's default case mapping: Rust's
/// `str::to_lowercase` on the server, the JavaScript engine's `toLowerCase`
/// (the same mapping) in the browser, whose own Unicode tables then stay out
/// of the wasm (12 KB before compression).
pub fn lowercase(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    return String::from(js_sys::JsString::from(text).to_lower_case());
    #[cfg(not(feature = "hydrate"))]
    text.to_lowercase()
}

/// Percent-encodes `text` for a URL query value (everything but RFC 3986's
/// unreserved characters).
///
/// A URL's path segment as it was meant: `%XX` decoded (invalid UTF-8 replaced).
pub fn percent_decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// Written by hand rather than with the `percent-encoding` crate: this runs
/// in the browser too (the repository list's view query, the docs' feedback
/// link), and the crate made the wasm 2.5 KB larger.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn unix_time_becomes_rfc3339() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_709_294_400), "2024-03-01T12:00:00Z");
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(253_402_300_800), "9999-12-31T23:59:59Z", "beyond year 9999");
        assert_eq!(rfc3339_from_unix(u64::MAX), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn dates_are_formatted_per_locale() {
        assert_eq!(human_date("2024-03-01T12:00:00Z", Locale::en), "Mar 1, 2024");
        assert_eq!(human_date("2024-03-01T12:00:00Z", Locale::ko), "2024년 3월 1일");
        assert_eq!(human_date("garbage", Locale::en), "garbage");
        assert_eq!(human_date("2024-13-01", Locale::en), "2024-13-01");
    }

    #[test]
    fn times_are_formatted_per_locale_to_the_minute() {
        assert_eq!(human_time("2024-03-01T12:05:59Z", Locale::en), "Mar 1, 2024, 12:05 UTC");
        assert_eq!(human_time("2024-03-01T09:00:00Z", Locale::ko), "2024년 3월 1일 09:00 UTC");
        assert_eq!(human_time("2024-03-01", Locale::en), "Mar 1, 2024", "no time");
        assert_eq!(human_time("2024-03-01T1x:00:00Z", Locale::en), "Mar 1, 2024");
        assert_eq!(human_time("garbage", Locale::ko), "garbage");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(percent_encode("a b&c/서"), "a%20b%26c%2F%EC%84%9C");
        assert_eq!(percent_encode("safe-._~"), "safe-._~");
    }

    #[test]
    fn counts_are_compact() {
        assert_eq!(compact_count(999), "999");
        assert_eq!(compact_count(1_000), "1k");
        assert_eq!(compact_count(1_250), "1.2k");
        assert_eq!(compact_count(1_999), "1.9k");
        assert_eq!(compact_count(2_000_000), "2M");
        assert_eq!(compact_count(12_345), "12k");
        assert_eq!(compact_count(3_400_000), "3.4M");
    }
}
