//! Deliberately bad lines, made from a good line of the same format: a JSON line cut short, packet hex that
//! lost a digit or holds a non-hex letter, a timestamp that is no date.

use super::Format;
use crate::generate::rng::Rng;
use crate::generate::truth::BadLineKind;

/// A timestamp in F.1 and export lines that fails to parse (month 13).
const BAD_ISO: &[u8] = b"2026-13-01T00:00:00.000000+00:00";
/// A CSV timestamp that fails to parse (February 30th).
const BAD_CSV_TIME: &[u8] = b"2026-02-30T12:00:00.000Z";

/// The kinds of bad line that `format` can have (none for the serial capture).
pub fn kinds(format: Format) -> &'static [BadLineKind] {
    match format {
        Format::F1 | Format::F1Wrapped | Format::Export => &[
            BadLineKind::TruncatedJson,
            BadLineKind::OddHex,
            BadLineKind::BadTimestamp,
        ],
        Format::Csv => &[
            BadLineKind::OddHex,
            BadLineKind::BadHexDigit,
            BadLineKind::BadTimestamp,
        ],
        Format::Hex => &[BadLineKind::OddHex, BadLineKind::BadHexDigit],
        Format::Serial => &[],
    }
}

/// `line` (a good line of `format`, ending in `\n`) broken as `kind` says, ending in `\n`; `None` if the
/// line has no such field.
pub fn corrupt(format: Format, kind: BadLineKind, line: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    let mut out = match kind {
        BadLineKind::TruncatedJson => {
            let cut = rng.between(1, body.len() as i64 - 2).max(1) as usize;
            body.get(..cut)?.to_vec()
        }
        BadLineKind::OddHex => {
            let span = hex_span(format, body)?;
            let mut out = body.to_vec();
            out.remove(span.start + rng.index(span.len()));
            out
        }
        BadLineKind::BadHexDigit => {
            let span = hex_span(format, body)?;
            let mut out = body.to_vec();
            *out.get_mut(span.start + rng.index(span.len()))? = b'G';
            out
        }
        BadLineKind::BadTimestamp => {
            let (span, replacement) = match format {
                Format::Csv => (0..body.iter().position(|&b| b == b',')?, BAD_CSV_TIME),
                _ => (json_string_value(body, b"timestamp")?, BAD_ISO),
            };
            let mut out = body.get(..span.start)?.to_vec();
            out.extend_from_slice(replacement);
            out.extend_from_slice(body.get(span.end..)?);
            out
        }
    };
    out.push(b'\n');
    Some(out)
}

/// Where the packet hex is in a line of `format`.
fn hex_span(format: Format, body: &[u8]) -> Option<core::ops::Range<usize>> {
    let span = match format {
        Format::Hex => 0..body.len(),
        Format::Csv => body.iter().rposition(|&b| b == b',')? + 1..body.len(),
        _ => json_string_value(body, b"raw")?,
    };
    (!span.is_empty()).then_some(span)
}

/// The range of the string value of `key` in a JSON line written with `": "` or `":"` after keys.
fn json_string_value(body: &[u8], key: &[u8]) -> Option<core::ops::Range<usize>> {
    let mut pattern = Vec::with_capacity(key.len() + 6);
    pattern.push(b'"');
    pattern.extend_from_slice(key);
    pattern.extend_from_slice(b"\":");
    let at = memchr::memmem::find(body, &pattern)? + pattern.len();
    let rest = body.get(at..)?;
    let open = at + rest.iter().position(|&b| b == b'"')? + 1;
    let close = open + body.get(open..)?.iter().position(|&b| b == b'"')?;
    Some(open..close)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn breaks_what_it_says() {
        let mut rng = Rng::new(1);
        let json = b"{\"timestamp\": \"2026-01-01T00:00:00.000000+00:00\", \"raw\": \"0D04\"}\n";
        let odd = corrupt(Format::F1, BadLineKind::OddHex, json, &mut rng).unwrap();
        assert_eq!(odd.len(), json.len() - 1);
        let time = corrupt(Format::F1, BadLineKind::BadTimestamp, json, &mut rng).unwrap();
        assert!(memchr::memmem::find(&time, BAD_ISO).is_some());
        let cut = corrupt(Format::F1, BadLineKind::TruncatedJson, json, &mut rng).unwrap();
        assert!(cut.len() < json.len() && cut.starts_with(b"{") && cut.ends_with(b"\n"));
        let csv = b"2026-01-01T00:00:00.000Z,1.0,-90,0D04\n";
        let digit = corrupt(Format::Csv, BadLineKind::BadHexDigit, csv, &mut rng).unwrap();
        assert_eq!(digit.iter().filter(|&&b| b == b'G').count(), 1);
        assert!(digit.starts_with(b"2026-01-01T00:00:00.000Z,1.0,-90,"));
        let time = corrupt(Format::Csv, BadLineKind::BadTimestamp, csv, &mut rng).unwrap();
        assert!(time.starts_with(BAD_CSV_TIME));
        assert_eq!(
            corrupt(Format::Hex, BadLineKind::OddHex, b"\n", &mut rng),
            None
        );
        assert!(kinds(Format::Serial).is_empty());
    }
}
