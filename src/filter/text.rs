//! Comparisons of one value: numbers, case-insensitive text, hex bytes and paths of hops.

use super::lexer::Operator;

/// A number compared with one of the six comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumTest {
    /// `==`, `!=`, `>`, `<`, `>=` or `<=`.
    pub op: Operator,
    /// The value compared with.
    pub value: f64,
}

impl NumTest {
    /// Whether `x` passes.
    #[inline]
    pub fn test(self, x: f64) -> bool {
        match self.op {
            Operator::Eq => x == self.value,
            Operator::Ne => x != self.value,
            Operator::Gt => x > self.value,
            Operator::Lt => x < self.value,
            Operator::Ge => x >= self.value,
            Operator::Le => x <= self.value,
            Operator::Contains | Operator::StartsWith | Operator::EndsWith => false,
        }
    }
}

/// Text compared case-insensitively: `==`, `!=`, `contains`, `starts_with` or `ends_with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTest {
    op: Operator,
    needle: String,
}

impl TextTest {
    /// A test of `op` against `value` (an ordering operator never passes).
    pub fn new(op: Operator, value: &str) -> TextTest {
        TextTest {
            op,
            needle: value.to_lowercase(),
        }
    }

    /// The operator.
    pub fn op(&self) -> Operator {
        self.op
    }

    /// The value, lower-cased.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// Whether `text` passes, `!=` read as `==`: for fields with several values (an observer's name, region
    /// and key), where `!=` means that none of them equals the value.
    pub fn test_positive(&self, text: &str) -> bool {
        match self.op {
            Operator::Ne => self.matches(Operator::Eq, text),
            op => self.matches(op, text),
        }
    }

    /// Whether `text` passes.
    pub fn test(&self, text: &str) -> bool {
        self.matches(self.op, text)
    }

    fn matches(&self, op: Operator, text: &str) -> bool {
        let needle = self.needle.as_bytes();
        let lowered;
        let text = if text.is_ascii() {
            text.as_bytes()
        } else {
            lowered = text.to_lowercase();
            lowered.as_bytes()
        };
        match op {
            Operator::Eq => eq_ascii_ci(text, needle),
            Operator::Ne => !eq_ascii_ci(text, needle),
            Operator::Contains => find_ascii_ci(text, needle),
            Operator::StartsWith => text
                .get(..needle.len())
                .is_some_and(|head| eq_ascii_ci(head, needle)),
            Operator::EndsWith => text
                .len()
                .checked_sub(needle.len())
                .and_then(|start| text.get(start..))
                .is_some_and(|tail| eq_ascii_ci(tail, needle)),
            Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le => false,
        }
    }
}

/// `text` equals the lower-case `needle`, ASCII letters of `text` compared lower-cased.
#[inline]
fn eq_ascii_ci(text: &[u8], needle: &[u8]) -> bool {
    text.len() == needle.len()
        && text
            .iter()
            .zip(needle)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
}

/// `text` contains the lower-case `needle`, ASCII letters of `text` compared lower-cased.
fn find_ascii_ci(text: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || text
            .windows(needle.len())
            .any(|window| eq_ascii_ci(window, needle))
}

/// Hex digits compared with bytes, by nibbles: `==`, `!=`, `contains` (at byte boundaries), `starts_with`,
/// `ends_with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexTest {
    op: Operator,
    nibbles: Vec<u8>,
    /// The whole bytes of an even-length value, for a fast `contains`.
    bytes: Vec<u8>,
}

impl HexTest {
    /// A test of `op` against `nibbles` (each 0-15).
    pub fn new(op: Operator, nibbles: Vec<u8>) -> HexTest {
        let bytes = if nibbles.len().is_multiple_of(2) {
            nibbles
                .chunks_exact(2)
                .map(|pair| pair.iter().fold(0, |byte, &nibble| byte << 4 | nibble))
                .collect()
        } else {
            Vec::new()
        };
        HexTest { op, nibbles, bytes }
    }

    /// Whether `data` passes.
    pub fn test(&self, data: &[u8]) -> bool {
        let len = data.len() * 2;
        let wanted = self.nibbles.len();
        match self.op {
            Operator::Eq => len == wanted && self.matches_at(data, 0),
            Operator::Ne => !(len == wanted && self.matches_at(data, 0)),
            Operator::StartsWith => len >= wanted && self.matches_at(data, 0),
            Operator::EndsWith => len >= wanted && self.matches_at(data, len - wanted),
            Operator::Contains if wanted.is_multiple_of(2) => {
                memchr::memmem::find(data, &self.bytes).is_some()
            }
            Operator::Contains => (0..data.len())
                .any(|byte| len >= byte * 2 + wanted && self.matches_at(data, byte * 2)),
            Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le => false,
        }
    }

    /// Whether the nibbles match `data` from nibble offset `at` (the caller checked the length).
    fn matches_at(&self, data: &[u8], at: usize) -> bool {
        self.nibbles
            .iter()
            .enumerate()
            .all(|(i, &wanted)| nibble(data, at + i) == Some(wanted))
    }
}

/// Nibble `index` of `data`, high nibble first.
#[inline]
fn nibble(data: &[u8], index: usize) -> Option<u8> {
    let byte = data.get(index / 2)?;
    Some(if index.is_multiple_of(2) {
        byte >> 4
    } else {
        byte & 0x0F
    })
}

/// The nibbles of a hex value (spaces, `:` and a `0x` prefix ignored); `None` if it holds anything else.
pub fn parse_nibbles(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    let text = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect()
}

/// One part of a path value: a hop prefix in hex, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HopPattern {
    /// Hex digits: matches a hop when one of them is a prefix of the other (`A3` matches hop `A3F1`, and
    /// `A3F1` matches a 1-byte hop `A3`).
    Prefix(Vec<u8>),
    /// Other text: matches a hop when a node whose key starts with the hop has a name containing it
    /// (case-insensitive).
    Name(String),
}

impl HopPattern {
    /// Whether hop bytes `hop` match, `name_matches` telling whether a candidate node's name contains a name
    /// pattern.
    pub fn matches(&self, hop: &[u8], name_matches: &mut impl FnMut(&[u8], &str) -> bool) -> bool {
        match self {
            HopPattern::Prefix(nibbles) => {
                let common = nibbles.len().min(hop.len() * 2);
                nibbles
                    .iter()
                    .take(common)
                    .enumerate()
                    .all(|(i, &wanted)| nibble(hop, i) == Some(wanted))
            }
            HopPattern::Name(name) => name_matches(hop, name),
        }
    }
}

/// A path compared hop by hop: `==` (same hops), `!=`, `contains` (consecutive hops), `starts_with`,
/// `ends_with`. Parts of the value are separated by spaces, commas or arrows (`A3 5F`, `A3,5F`, `A3 → 5F`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTest {
    op: Operator,
    hops: Vec<HopPattern>,
}

impl PathTest {
    /// A test of `op` against the path value `text`.
    pub fn new(op: Operator, text: &str) -> PathTest {
        let hops = text
            .replace("->", " ")
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '→' | '>'))
            .filter(|part| !part.is_empty())
            .map(|part| match parse_nibbles(part) {
                Some(nibbles) if !nibbles.is_empty() => HopPattern::Prefix(nibbles),
                _ => HopPattern::Name(part.to_lowercase()),
            })
            .collect();
        PathTest { op, hops }
    }

    /// The hop patterns.
    pub fn hops(&self) -> &[HopPattern] {
        &self.hops
    }

    /// Whether `path` (its hops in order) passes.
    pub fn test<'h>(
        &self,
        path: impl ExactSizeIterator<Item = &'h [u8]> + Clone,
        name_matches: &mut impl FnMut(&[u8], &str) -> bool,
    ) -> bool {
        let len = path.len();
        let wanted = self.hops.len();
        let mut run_at = |start: usize| {
            path.clone()
                .skip(start)
                .zip(&self.hops)
                .all(|(hop, pattern)| pattern.matches(hop, name_matches))
        };
        match self.op {
            Operator::Eq => len == wanted && run_at(0),
            Operator::Ne => !(len == wanted && run_at(0)),
            Operator::StartsWith => len >= wanted && run_at(0),
            Operator::EndsWith => len >= wanted && run_at(len - wanted),
            Operator::Contains => wanted == 0 || (len >= wanted && (0..=len - wanted).any(run_at)),
            Operator::Gt | Operator::Lt | Operator::Ge | Operator::Le => false,
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn numbers() {
        let test = NumTest {
            op: Operator::Ge,
            value: -5.0,
        };
        assert!(test.test(-5.0) && test.test(3.0) && !test.test(-5.25));
    }

    #[test]
    fn text_is_case_insensitive() {
        let t = |op, needle: &str, text: &str| TextTest::new(op, needle).test(text);
        assert!(t(Operator::Eq, "ROOF", "roof"));
        assert!(!t(Operator::Eq, "roof", "roof2"));
        assert!(t(Operator::Ne, "roof", "roof2"));
        assert!(t(Operator::Contains, "OOF", "Rooftop"));
        assert!(t(Operator::StartsWith, "roof", "ROOFtop"));
        assert!(t(Operator::EndsWith, "TOP", "Rooftop"));
        assert!(!t(Operator::EndsWith, "longer than text", "top"));
        assert!(t(Operator::Contains, "", "anything"));
        assert!(t(Operator::Eq, "ÉCOLE", "école"));
        assert!(t(Operator::Contains, "🤠", "Liam 🤠"));
        assert!(!t(Operator::Gt, "a", "b"));
    }

    #[test]
    fn hex_by_nibbles() {
        let bytes = [0x11, 0xA3, 0x5F, 0x20];
        let t = |op, hex: &str| HexTest::new(op, parse_nibbles(hex).unwrap()).test(&bytes);
        assert!(t(Operator::Eq, "11a35f20"));
        assert!(t(Operator::Ne, "11a35f"));
        assert!(t(Operator::StartsWith, "11A"));
        assert!(t(Operator::EndsWith, "F20"));
        assert!(t(Operator::Contains, "A35F"));
        assert!(t(Operator::Contains, "5F2"));
        assert!(
            !t(Operator::Contains, "1A"),
            "contains matches at byte boundaries"
        );
        assert!(!t(Operator::StartsWith, "11a35f2000"));
        assert_eq!(parse_nibbles("0x0A bc"), Some(vec![0, 0xA, 0xB, 0xC]));
        assert_eq!(parse_nibbles("xyz"), None);
    }

    #[test]
    fn paths_hop_by_hop() {
        let path: [&[u8]; 3] = [&[0xA3, 0xF1], &[0x5F, 0x00], &[0x12, 0x34]];
        let mut roof = |hop: &[u8], name: &str| hop == [0x5F, 0x00] && "rooftop".contains(name);
        let mut t = |op, text: &str| PathTest::new(op, text).test(path.iter().copied(), &mut roof);
        assert!(t(Operator::Contains, "A3"));
        assert!(t(Operator::Contains, "5F 12"));
        assert!(!t(Operator::Contains, "F1"), "a part matches a hop's start");
        assert!(
            !t(Operator::Contains, "A3 12"),
            "parts are consecutive hops"
        );
        assert!(t(Operator::Contains, "roof"));
        assert!(t(Operator::Eq, "A3 → Roof → 1234"));
        assert!(t(Operator::StartsWith, "A3F1,5F"));
        assert!(t(Operator::EndsWith, "12"));
        assert!(t(Operator::Ne, "A3"));
        assert!(!t(Operator::Eq, ""));
        let mut none = |_: &[u8], _: &str| false;
        assert!(PathTest::new(Operator::Eq, "").test([].iter().copied(), &mut none));
        // A longer prefix than a 1-byte hop still matches it: the hop could be that node.
        let short: [&[u8]; 1] = [&[0xA3]];
        assert!(PathTest::new(Operator::Eq, "A3F1").test(short.iter().copied(), &mut none));
    }
}
