//! The fields a filter can name: their spelling and aliases, what values they take, and whether they belong to
//! a transmission or to one observation of it.

/// A field of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The payload type (`ADVERT`, `GRP_TXT`, ...; aliases such as `dm` or `"channel msg"`).
    Type,
    /// The route type of the first copy (`FLOOD`, `DIRECT`, `TRANSPORT_FLOOD`, `TRANSPORT_DIRECT`).
    Route,
    /// The packet hash, 16 lower-case hex digits.
    Hash,
    /// The first copy's length in bytes.
    Size,
    /// Observations stored.
    Observations,
    /// Distinct observers that heard it.
    Observers,
    /// Some observer that heard it (name, IATA code or key prefix), as a property of the transmission.
    HeardBy,
    /// The advertised name (ADVERT), or the sender node's name (ANON_REQ).
    Name,
    /// The channel of a group packet: its name when a key opened it, else its hash byte in hex.
    Channel,
    /// The sender name of a decrypted channel message.
    Sender,
    /// The text of a decrypted channel message.
    Text,
    /// The payload bytes (first copy), in hex.
    PayloadHex,
    /// The whole first copy, in hex.
    Raw,
    /// Whether a known channel key opened the group packet.
    Decrypted,
    /// Whether the advert's signature verified.
    Verified,
    /// SNR of an observation, dB.
    Snr,
    /// RSSI of an observation, dBm.
    Rssi,
    /// Hops in an observation's path (for TRACE, the hops done).
    Hops,
    /// The observer of an observation (name, IATA code or key prefix).
    Observer,
    /// An observation's path, as a list of hops (hex prefixes or node names).
    Path,
    /// When an observation was heard.
    Time,
}

/// What a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The same for every observation of a transmission.
    Transmission,
    /// Each observation has its own value.
    Observation,
}

/// What values a field takes, which decides the operators it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number: all six comparisons.
    Number,
    /// A time: all six comparisons, values are dates (`"2026-01-01T10:00"`) or unix seconds.
    Time,
    /// Text: `==`, `!=`, `contains`, `starts_with`, `ends_with`, case-insensitive.
    Text,
    /// Hex bytes: as text, with hex digits for values.
    Hex,
    /// A name from a fixed list (payload type, route type): as text, with aliases for `==` and `!=`.
    Enum,
    /// `true` or `false`; the bare field means `== true`.
    Bool,
    /// A path: as text, each space-separated part of the value matching one hop.
    Path,
}

/// Every field with its canonical name first, then its aliases.
const NAMES: &[(Field, &[&str])] = &[
    (Field::Type, &["type", "payload_type"]),
    (Field::Route, &["route", "route_type"]),
    (Field::Hash, &["hash"]),
    (Field::Size, &["size", "len", "length"]),
    (Field::Observations, &["observations", "obs", "seen"]),
    (Field::Observers, &["observers"]),
    (Field::HeardBy, &["heard_by"]),
    (Field::Name, &["name"]),
    (Field::Channel, &["channel"]),
    (Field::Sender, &["sender", "from"]),
    (Field::Text, &["text", "message", "msg"]),
    (Field::PayloadHex, &["payload_hex", "payload"]),
    (Field::Raw, &["raw", "raw_hex"]),
    (Field::Decrypted, &["decrypted"]),
    (Field::Verified, &["verified", "signature_valid"]),
    (Field::Snr, &["snr"]),
    (Field::Rssi, &["rssi"]),
    (Field::Hops, &["hops", "hop_count"]),
    (Field::Observer, &["observer"]),
    (Field::Path, &["path"]),
    (Field::Time, &["time"]),
];

impl Field {
    /// The field named `word` (canonical name or alias, case-insensitive).
    pub fn named(word: &str) -> Option<Field> {
        NAMES
            .iter()
            .find(|(_, names)| names.iter().any(|name| name.eq_ignore_ascii_case(word)))
            .map(|(field, _)| *field)
    }

    /// Every field, in the order of the language reference.
    pub fn all() -> impl Iterator<Item = Field> {
        NAMES.iter().map(|(field, _)| *field)
    }

    /// The canonical name.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(field, _)| *field == self)
            .and_then(|(_, names)| names.first())
            .copied()
            .unwrap_or("?")
    }

    /// The closest canonical name to a misspelt `word` (edit distance at most 2, and less than its length).
    pub fn suggest(word: &str) -> Option<&'static str> {
        let word = word.to_ascii_lowercase();
        NAMES
            .iter()
            .flat_map(|(field, names)| names.iter().map(move |name| (*field, *name)))
            .map(|(field, name)| (edit_distance(&word, name), field))
            .filter(|&(distance, _)| distance <= 2 && distance < word.len())
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, field)| field.name())
    }

    /// Whether each observation has its own value.
    pub fn level(self) -> Level {
        match self {
            Field::Snr
            | Field::Rssi
            | Field::Hops
            | Field::Observer
            | Field::Path
            | Field::Time => Level::Observation,
            _ => Level::Transmission,
        }
    }

    /// What values it takes.
    pub fn kind(self) -> Kind {
        match self {
            Field::Size | Field::Observations | Field::Observers | Field::Snr | Field::Rssi => {
                Kind::Number
            }
            Field::Hops => Kind::Number,
            Field::Time => Kind::Time,
            Field::Type | Field::Route => Kind::Enum,
            Field::Decrypted | Field::Verified => Kind::Bool,
            Field::PayloadHex | Field::Raw => Kind::Hex,
            Field::Path => Kind::Path,
            Field::Hash
            | Field::HeardBy
            | Field::Name
            | Field::Channel
            | Field::Sender
            | Field::Text
            | Field::Observer => Kind::Text,
        }
    }
}

/// The Levenshtein distance between two short ASCII-ish strings (by bytes).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.as_bytes().iter().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = substitution.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn names_aliases_and_suggestions() {
        assert_eq!(Field::named("SNR"), Some(Field::Snr));
        assert_eq!(Field::named("payload_type"), Some(Field::Type));
        assert_eq!(Field::named("snrr"), None);
        assert_eq!(Field::suggest("snrr"), Some("snr"));
        assert_eq!(Field::suggest("obsrver"), Some("observer"));
        assert_eq!(Field::suggest("chanel"), Some("channel"));
        assert_eq!(Field::suggest("zzzzzz"), None);
        assert_eq!(Field::Text.name(), "text");
        assert!(Field::all().all(|field| Field::named(field.name()) == Some(field)));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("snr", "snr"), 0);
    }
}
