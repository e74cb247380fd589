//! MeshCore MQTT topics (`meshcore-protocol.md` F.1): `meshcore/{IATA}/{PUBKEY}/{kind}` and the legacy
//! flat `meshcore/{kind}`.

/// What a message on a topic is, from the topic's last level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicKind {
    /// `packets`: an F.1 packet message.
    Packets,
    /// `raw`: an F.1 raw message (`data` holds the packet).
    Raw,
    /// `status`: an observer status message (retained; also the last will).
    Status,
    /// Anything else (`neighbors`, other applications' topics): not read.
    Other,
}

impl TopicKind {
    /// Whether messages of this kind are read (packets, raw packets and statuses).
    pub fn is_read(self) -> bool {
        !matches!(self, TopicKind::Other)
    }
}

/// The parts of a topic MeshScope reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic<'a> {
    /// The region's IATA code (the third level from the end), when the topic has four levels or more.
    pub iata: Option<&'a str>,
    /// The observer's public key as the topic writes it (the second level from the end), when the
    /// topic has four levels or more.
    pub observer_key: Option<&'a str>,
    /// The kind, from the last level.
    pub kind: TopicKind,
}

/// The topic filter MeshScope subscribes to by default: every MeshCore topic.
pub const DEFAULT_FILTER: &str = "meshcore/#";

impl<'a> Topic<'a> {
    /// Splits a topic name (not a filter: no wildcards). Levels are counted from the end, so a prefix
    /// with extra levels (`org/meshcore/SEA/KEY/packets`) reads the same.
    pub fn parse(topic: &'a str) -> Topic<'a> {
        let mut levels = topic.rsplit('/');
        let kind = match levels.next() {
            Some("packets") => TopicKind::Packets,
            Some("raw") => TopicKind::Raw,
            Some("status") => TopicKind::Status,
            _ => TopicKind::Other,
        };
        let observer_key = levels.next();
        let iata = levels.next();
        let has_prefix = levels.next().is_some();
        if has_prefix {
            Topic {
                iata,
                observer_key,
                kind,
            }
        } else {
            Topic {
                iata: None,
                observer_key: None,
                kind,
            }
        }
    }
}

/// The longest topic MQTT encodes (a two-byte length).
const MAX_TOPIC_LEN: usize = u16::MAX as usize;

/// Whether `filter` is a valid MQTT 3.1.1 topic filter (section 4.7): not empty, at most 65 535
/// bytes, no NUL, `+` only as a whole level, `#` only as the whole last level.
pub fn is_valid_filter(filter: &str) -> bool {
    if filter.is_empty() || filter.len() > MAX_TOPIC_LEN || filter.contains('\0') {
        return false;
    }
    let levels = filter.split('/').count();
    filter
        .split('/')
        .enumerate()
        .all(|(index, level)| match level {
            "+" => true,
            "#" => index + 1 == levels,
            other => !other.contains(['+', '#']),
        })
}

/// Whether `topic` is a valid MQTT 3.1.1 topic name to publish to: a filter without wildcards.
pub fn is_valid_topic_name(topic: &str) -> bool {
    is_valid_filter(topic) && !topic.contains(['+', '#'])
}
