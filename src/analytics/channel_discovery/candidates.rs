//! The names a search tries, addressed by position so that a search can stop and resume anywhere: the
//! built-in list, then the user's words, then (optionally) every name of `[a-z0-9]` up to a bounded length.

use super::words::BUILT_IN;

/// The letters of brute-forced names.
pub const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The longest brute-forced name: 36^5 = 60M more names would take minutes, not seconds.
pub const MAX_BRUTE_FORCE_LEN: u8 = 4;

/// Longest name handled (a longer user word is skipped): hashtag names are short.
pub const MAX_NAME_LEN: usize = 64;

/// Where a candidate name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The built-in list.
    BuiltIn,
    /// A word the user gave.
    UserWord,
    /// The brute force of short names.
    BruteForce,
}

/// A name being tried, `#` included, on the stack.
#[derive(Debug, Clone, Copy)]
pub struct Name {
    bytes: [u8; MAX_NAME_LEN + 1],
    len: usize,
}

impl Name {
    /// `#` followed by `text` (which must not start with `#`); `None` when longer than [`MAX_NAME_LEN`].
    fn hashtag(text: &[u8]) -> Option<Name> {
        let mut name = Name {
            bytes: [0; MAX_NAME_LEN + 1],
            len: text.len() + 1,
        };
        name.bytes.get_mut(1..name.len)?.copy_from_slice(text);
        name.bytes[0] = b'#';
        Some(name)
    }

    /// The name with its `#`; empty if it is not UTF-8 (never: it is built from `&str`s and ASCII).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// The ordered candidates of one search.
#[derive(Debug, Clone)]
pub struct Candidates {
    words: Vec<String>,
    brute_force_len: u8,
    total: u64,
}

impl Candidates {
    /// The built-in list, then `words` (each trimmed, a leading `#` dropped, empty and over-long ones
    /// skipped, and also tried in lower case when that differs), then every `[a-z0-9]` name of length
    /// `1..=brute_force_len` (capped at [`MAX_BRUTE_FORCE_LEN`]).
    pub fn new(words: &[String], brute_force_len: u8) -> Candidates {
        let mut cleaned: Vec<String> = Vec::new();
        for word in words {
            let word = word.trim().trim_start_matches('#');
            if word.is_empty() || word.len() > MAX_NAME_LEN {
                continue;
            }
            for variant in [word.to_owned(), word.to_lowercase()] {
                if !cleaned.contains(&variant) && !BUILT_IN.contains(&variant.as_str()) {
                    cleaned.push(variant);
                }
            }
        }
        let brute_force_len = brute_force_len.min(MAX_BRUTE_FORCE_LEN);
        let total = (BUILT_IN.len() + cleaned.len()) as u64 + brute_force_count(brute_force_len);
        Candidates {
            words: cleaned,
            brute_force_len,
            total,
        }
    }

    /// How many names there are.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The brute force bound in use.
    pub fn brute_force_len(&self) -> u8 {
        self.brute_force_len
    }

    /// The name at `position` (`0..total`) and where it came from.
    pub fn get(&self, position: u64) -> Option<(Name, Origin)> {
        let built_in = BUILT_IN.len() as u64;
        let words = self.words.len() as u64;
        if position < built_in {
            let word = BUILT_IN.get(usize::try_from(position).ok()?)?;
            return Some((Name::hashtag(word.as_bytes())?, Origin::BuiltIn));
        }
        let position = position - built_in;
        if position < words {
            let word = self.words.get(usize::try_from(position).ok()?)?;
            return Some((Name::hashtag(word.as_bytes())?, Origin::UserWord));
        }
        let name = brute_force_name(position - words, self.brute_force_len)?;
        Some((name, Origin::BruteForce))
    }
}

/// The number of `[a-z0-9]` names of length `1..=len`.
pub fn brute_force_count(len: u8) -> u64 {
    (1..=u32::from(len)).map(|k| 36u64.pow(k)).sum()
}

/// The `index`th brute-forced name: all names of length 1, then of length 2, ..., each length in odometer
/// order; `None` past the last name of length `max_len`.
fn brute_force_name(mut index: u64, max_len: u8) -> Option<Name> {
    for len in 1..=u32::from(max_len) {
        let count = 36u64.pow(len);
        if index < count {
            let mut letters = [0u8; MAX_BRUTE_FORCE_LEN as usize];
            let letters = letters.get_mut(..len as usize)?;
            for slot in letters.iter_mut().rev() {
                *slot = *ALPHABET.get((index % 36) as usize)?;
                index /= 36;
            }
            return Name::hashtag(letters);
        }
        index -= count;
    }
    None
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn order_and_count() {
        let candidates = Candidates::new(
            &["  #Kestrel ".to_owned(), "test".to_owned(), String::new()],
            2,
        );
        let built_in = BUILT_IN.len() as u64;
        // "Kestrel" and "kestrel"; "test" is built in.
        assert_eq!(candidates.total(), built_in + 2 + 36 + 36 * 36);
        let name = |position| {
            candidates
                .get(position)
                .map(|(n, o)| (n.as_str().to_owned(), o))
        };
        assert_eq!(name(0), Some(("#public".to_owned(), Origin::BuiltIn)));
        assert_eq!(
            name(built_in),
            Some(("#Kestrel".to_owned(), Origin::UserWord))
        );
        assert_eq!(
            name(built_in + 1),
            Some(("#kestrel".to_owned(), Origin::UserWord))
        );
        assert_eq!(
            name(built_in + 2),
            Some(("#a".to_owned(), Origin::BruteForce))
        );
        assert_eq!(
            name(built_in + 2 + 35),
            Some(("#9".to_owned(), Origin::BruteForce))
        );
        assert_eq!(
            name(built_in + 2 + 36),
            Some(("#aa".to_owned(), Origin::BruteForce))
        );
        assert_eq!(
            name(built_in + 2 + 36 + 37),
            Some(("#bb".to_owned(), Origin::BruteForce))
        );
        assert_eq!(
            name(candidates.total() - 1),
            Some(("#99".to_owned(), Origin::BruteForce))
        );
        assert_eq!(name(candidates.total()), None);
    }

    #[test]
    fn bounds() {
        assert_eq!(brute_force_count(0), 0);
        assert_eq!(brute_force_count(4), 36 + 1296 + 46_656 + 1_679_616);
        assert_eq!(
            Candidates::new(&[], 9).brute_force_len(),
            MAX_BRUTE_FORCE_LEN
        );
        let long = "x".repeat(MAX_NAME_LEN + 1);
        assert_eq!(Candidates::new(&[long], 0).total(), BUILT_IN.len() as u64);
        let longest = "y".repeat(MAX_NAME_LEN);
        let candidates = Candidates::new(std::slice::from_ref(&longest), 0);
        let (name, _) = candidates.get(BUILT_IN.len() as u64).unwrap();
        assert_eq!(name.as_str().len(), MAX_NAME_LEN + 1);
    }
}
