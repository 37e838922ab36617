//! The info string of a code fence: ```` ```rust filename="src/main.rs" {1,3-4} ````.

/// The parts of a code fence's info string.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Info {
    pub(super) lang: Option<String>,
    pub(super) filename: Option<String>,
    pub(super) ranges: Option<String>,
}

/// Splits an info string into language, file name and line ranges; unknown
/// attributes are ignored so a typo never breaks a page.
pub(super) fn parse_info(info: &str) -> Info {
    let mut out = Info::default();
    let mut rest = info.trim();
    let mut first = true;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let end = after.find('}').unwrap_or(after.len());
            out.ranges = Some(after[..end].to_owned());
            rest = after.get(end + 1..).unwrap_or("").trim_start();
        } else if let Some(eq) = attribute_name_end(rest) {
            let name = &rest[..eq];
            let (value, after) = attribute_value(&rest[eq + 1..]);
            if matches!(name, "filename" | "title") && !value.is_empty() {
                out.filename = Some(value);
            }
            rest = after.trim_start();
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '{' || (first && c == ',')).unwrap_or(rest.len());
            if first && end > 0 {
                out.lang = Some(rest[..end].to_ascii_lowercase());
            }
            rest = rest[end..].trim_start();
        }
        first = false;
    }
    out
}

/// If `s` starts with `name=`, the index of the `=`.
fn attribute_name_end(s: &str) -> Option<usize> {
    let eq = s.find('=')?;
    let name = &s[..eq];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')).then_some(eq)
}

/// An attribute value, quoted (`"…"`) or bare, and what follows it.
fn attribute_value(s: &str) -> (String, &str) {
    if let Some(quoted) = s.strip_prefix('"') {
        match quoted.find('"') {
            Some(end) => (quoted[..end].to_owned(), &quoted[end + 1..]),
            None => (quoted.to_owned(), ""),
        }
    } else {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        (s[..end].to_owned(), &s[end..])
    }
}

/// Turns `1,3-4` into `[1, 3, 4]`: 1-based, sorted, without duplicates, and
/// only lines that exist. Anything unreadable (`0`, `5-3`, `x`) is ignored.
pub(super) fn parse_line_ranges(spec: &str, line_count: usize) -> Vec<u32> {
    let max = u32::try_from(line_count).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (start, end) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>(), b.trim().parse::<u32>()),
            None => (part.parse::<u32>(), part.parse::<u32>()),
        };
        let (Ok(start), Ok(end)) = (start, end) else { continue };
        if start == 0 || end < start {
            continue;
        }
        out.extend(start..=end.min(max));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_may_come_before_the_file_name() {
        let info = parse_info(r#"toml {2} filename="Cargo.toml""#);
        assert_eq!(info.lang.as_deref(), Some("toml"));
        assert_eq!(info.filename.as_deref(), Some("Cargo.toml"));
        assert_eq!(info.ranges.as_deref(), Some("2"));
        assert_eq!(parse_info("rust,ignore").lang.as_deref(), Some("rust"));
        assert_eq!(parse_info(",x {1}").lang, None);
        assert_eq!(parse_info("{1} rust").lang, None);
    }

    #[test]
    fn invalid_line_ranges_are_ignored() {
        assert_eq!(parse_line_ranges("0, 5-3, x, 2-, 2, 9", 4), vec![2]);
        assert_eq!(parse_line_ranges("3-100", 5), vec![3, 4, 5]);
        assert_eq!(parse_line_ranges("1-4000000000", 2), vec![1, 2]);
        assert_eq!(parse_line_ranges("", 3), Vec::<u32>::new());
    }
}
