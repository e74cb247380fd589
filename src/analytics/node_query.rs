//! The Nodes page's table query over the `nodes` snapshot: the tab a node belongs to, the count per tab, and
//! the rows of one tab that match a search, sorted by a column.
//!
//! Every read of a [`NodeEntry`] field by the Nodes page goes through the accessors here ([`key`], [`cell`],
//! ...), so a change to the snapshot's shape is made in this file alone.
//!
//! [`select`] is a linear filter and a stable sort: no allocation per row but the result, fast enough to run
//! on every keystroke over the largest node tables.

use std::cmp::Ordering;

use super::NodeEntry;
use super::node_table::Status;

/// A tab of the Nodes page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeTab {
    /// Every node.
    All,
    /// Role `REPEATER`.
    Repeaters,
    /// Role `CHAT` (companions).
    Companions,
    /// Role `ROOM`.
    Rooms,
    /// Role `SENSOR`.
    Sensors,
    /// Nodes without a known role: keys never validly advertised, and hashes heard only in paths.
    Unknown,
}

impl NodeTab {
    /// Every tab, in display order.
    pub const ALL: [NodeTab; 6] = [
        NodeTab::All,
        NodeTab::Repeaters,
        NodeTab::Companions,
        NodeTab::Rooms,
        NodeTab::Sensors,
        NodeTab::Unknown,
    ];

    /// The name in the query string (`tab=repeaters`).
    pub const fn slug(self) -> &'static str {
        match self {
            NodeTab::All => "all",
            NodeTab::Repeaters => "repeaters",
            NodeTab::Companions => "companions",
            NodeTab::Rooms => "rooms",
            NodeTab::Sensors => "sensors",
            NodeTab::Unknown => "unknown",
        }
    }

    /// The tab named `slug`; `None` for an unknown name.
    pub fn from_slug(slug: &str) -> Option<NodeTab> {
        NodeTab::ALL.into_iter().find(|tab| tab.slug() == slug)
    }

    /// The tab's title.
    pub const fn label(self) -> &'static str {
        match self {
            NodeTab::All => "All",
            NodeTab::Repeaters => "Repeaters",
            NodeTab::Companions => "Companions",
            NodeTab::Rooms => "Rooms",
            NodeTab::Sensors => "Sensors",
            NodeTab::Unknown => "Unknown",
        }
    }

    /// The tab a node of advertised role `role` (`REPEATER`, ...) belongs to besides All.
    pub fn of_role(role: Option<&str>) -> NodeTab {
        match role {
            Some("REPEATER") => NodeTab::Repeaters,
            Some("CHAT") => NodeTab::Companions,
            Some("ROOM") => NodeTab::Rooms,
            Some("SENSOR") => NodeTab::Sensors,
            _ => NodeTab::Unknown,
        }
    }

    /// Whether `entry` is listed on this tab.
    pub fn contains(self, entry: &NodeEntry) -> bool {
        self == NodeTab::All || NodeTab::of_role(entry.role) == self
    }

    fn index(self) -> usize {
        match self {
            NodeTab::All => 0,
            NodeTab::Repeaters => 1,
            NodeTab::Companions => 2,
            NodeTab::Rooms => 3,
            NodeTab::Sensors => 4,
            NodeTab::Unknown => 5,
        }
    }
}

/// The number of nodes on each tab, in the order of [`NodeTab::ALL`].
pub fn tab_counts(entries: &[NodeEntry]) -> [usize; 6] {
    let mut counts = [0; 6];
    counts[NodeTab::All.index()] = entries.len();
    for entry in entries {
        counts[NodeTab::of_role(entry.role).index()] += 1;
    }
    counts
}

/// A column of the node table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeColumn {
    /// The advertised name.
    Name,
    /// The public key (its first bytes are the node's path hash).
    Key,
    /// The advertised role.
    Role,
    /// Active, degraded or silent.
    Status,
    /// When it was last heard.
    LastHeard,
    /// Packets it originated.
    Packets,
    /// Mean SNR of its packets.
    AvgSnr,
    /// Observers that heard it.
    Observers,
    /// The path hash size of its adverts.
    HashSize,
    /// Unique adverts.
    Adverts,
    /// The advertised position.
    Location,
}

impl NodeColumn {
    /// Every column, in display order.
    pub const ALL: [NodeColumn; 11] = [
        NodeColumn::Name,
        NodeColumn::Key,
        NodeColumn::Role,
        NodeColumn::Status,
        NodeColumn::LastHeard,
        NodeColumn::Packets,
        NodeColumn::AvgSnr,
        NodeColumn::Observers,
        NodeColumn::HashSize,
        NodeColumn::Adverts,
        NodeColumn::Location,
    ];

    /// The name in the query string (`sort=adverts`).
    pub const fn slug(self) -> &'static str {
        match self {
            NodeColumn::Name => "name",
            NodeColumn::Key => "key",
            NodeColumn::Role => "role",
            NodeColumn::Status => "status",
            NodeColumn::LastHeard => "last_heard",
            NodeColumn::Packets => "packets",
            NodeColumn::AvgSnr => "snr",
            NodeColumn::Observers => "observers",
            NodeColumn::HashSize => "hash_size",
            NodeColumn::Adverts => "adverts",
            NodeColumn::Location => "location",
        }
    }

    /// The column named `slug`.
    pub fn from_slug(slug: &str) -> Option<NodeColumn> {
        NodeColumn::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The header text.
    pub const fn label(self) -> &'static str {
        match self {
            NodeColumn::Name => "Name",
            NodeColumn::Key => "Key",
            NodeColumn::Role => "Role",
            NodeColumn::Status => "Status",
            NodeColumn::LastHeard => "Last heard",
            NodeColumn::Packets => "Packets",
            NodeColumn::AvgSnr => "Avg SNR",
            NodeColumn::Observers => "Observers",
            NodeColumn::HashSize => "Hash",
            NodeColumn::Adverts => "Adverts",
            NodeColumn::Location => "Location",
        }
    }

    /// What the column means, for the header's tooltip.
    pub const fn help(self) -> &'static str {
        match self {
            NodeColumn::Name => "The name in the node's latest validly signed advert",
            NodeColumn::Key => {
                "The public key's first bytes: a hop in a path is this prefix (1-3 bytes)"
            }
            NodeColumn::Role => "The role the node advertises",
            NodeColumn::Status => {
                "Active, degraded or silent, by the age of the last packet heard from it"
            }
            NodeColumn::LastHeard => "When a packet from or through the node was last heard",
            NodeColumn::Packets => "Packets the node originated",
            NodeColumn::AvgSnr => "Mean SNR of the observations of its packets",
            NodeColumn::Observers => "Observers that heard its packets",
            NodeColumn::HashSize => {
                "Path hash size of its adverts in bytes; \"varies\" when it flip-flops between sizes"
            }
            NodeColumn::Adverts => "Unique adverts heard",
            NodeColumn::Location => "The advertised position",
        }
    }

    /// Whether a first click sorts this column largest first (figures) rather than A to Z (text).
    pub const fn descending_first(self) -> bool {
        matches!(
            self,
            NodeColumn::LastHeard
                | NodeColumn::Packets
                | NodeColumn::AvgSnr
                | NodeColumn::Observers
                | NodeColumn::HashSize
                | NodeColumn::Adverts
        )
    }
}

/// A sort order: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeSort {
    /// The column.
    pub column: NodeColumn,
    /// Largest (or Z) first.
    pub descending: bool,
}

impl NodeSort {
    /// The default: by name, A to Z.
    pub const DEFAULT: NodeSort = NodeSort {
        column: NodeColumn::Name,
        descending: false,
    };

    /// The query-string form: `name`, or `-adverts` for descending.
    pub fn to_query(self) -> String {
        let sign = if self.descending { "-" } else { "" };
        format!("{sign}{}", self.column.slug())
    }

    /// Reads the query-string form; `None` for an unknown column.
    pub fn from_query(text: &str) -> Option<NodeSort> {
        let (descending, slug) = match text.strip_prefix('-') {
            Some(slug) => (true, slug),
            None => (false, text),
        };
        Some(NodeSort {
            column: NodeColumn::from_slug(slug)?,
            descending,
        })
    }

    /// The order a click on `column`'s header gives: the other direction of the same column, else the
    /// column's natural first direction.
    pub fn clicked(self, column: NodeColumn) -> NodeSort {
        if self.column == column {
            NodeSort {
                column,
                descending: !self.descending,
            }
        } else {
            NodeSort {
                column,
                descending: column.descending_first(),
            }
        }
    }
}

/// The public key of `entry`, 64 lower-case hex digits.
pub fn key(entry: &NodeEntry) -> Option<&str> {
    entry.public_key.as_deref()
}

/// The advertised name of `entry`.
pub fn name(entry: &NodeEntry) -> Option<&str> {
    entry.name.as_deref()
}

/// The advertised position of `entry`, degrees.
pub fn position(entry: &NodeEntry) -> Option<(f64, f64)> {
    entry.lat.zip(entry.lon)
}

/// The text of `entry`'s cell in `column`; `None` when the node has no such figure.
pub fn cell(entry: &NodeEntry, column: NodeColumn) -> Option<String> {
    match column {
        NodeColumn::Name => name(entry).map(str::to_owned),
        NodeColumn::Key => key(entry).map(|key| key.get(..8).unwrap_or(key).to_uppercase()),
        NodeColumn::Role => entry.role.map(role_label).map(str::to_owned),
        NodeColumn::HashSize => entry.hash_size.map(|size| format!("{size} B")),
        NodeColumn::Adverts => Some(entry.adverts.to_string()),
        NodeColumn::Location => position(entry).map(|(lat, lon)| format!("{lat:.4}, {lon:.4}")),
        NodeColumn::Status => Some(status_label(entry.status).to_owned()),
        NodeColumn::LastHeard => (entry.last_heard_ms > 0).then(|| {
            let text = crate::time::format_rfc3339_ms(entry.last_heard_ms);
            text.get(..19).unwrap_or(&text).replace('T', " ")
        }),
        NodeColumn::Packets => Some(entry.transmissions.to_string()),
        NodeColumn::AvgSnr => entry.avg_snr_db.map(|snr| format!("{snr:.1} dB")),
        NodeColumn::Observers => Some(entry.observers.to_string()),
    }
}

/// `Active`, `Degraded` or `Silent`.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Active => "Active",
        Status::Degraded => "Degraded",
        Status::Silent => "Silent",
    }
}

/// The role as people say it: `Repeater`, `Companion`, `Room`, `Sensor`, or the wire name.
pub fn role_label(role: &str) -> &str {
    match role {
        "REPEATER" => "Repeater",
        "CHAT" => "Companion",
        "ROOM" => "Room",
        "SENSOR" => "Sensor",
        other => other,
    }
}

/// The indices into `entries` of the nodes on `tab` that match `search`, ordered by `sort` (ties keep the
/// snapshot's order; nodes without the sorted figure come last in either direction).
///
/// `search` matches a name containing it (case-insensitive) or a key starting with it (hex, any case);
/// surrounding whitespace is ignored and an empty search matches every node.
pub fn select(entries: &[NodeEntry], tab: NodeTab, search: &str, sort: NodeSort) -> Vec<u32> {
    let needle = Needle::new(search);
    let mut rows: Vec<u32> = entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| tab.contains(entry) && needle.matches(entry))
        .map(|(index, _)| index as u32)
        .collect();
    let at = |index: u32| entries.get(index as usize);
    rows.sort_by(|&a, &b| match (at(a), at(b)) {
        (Some(a), Some(b)) => compare(a, b, sort),
        _ => Ordering::Equal,
    });
    rows
}

/// A search, prepared once per query.
struct Needle {
    lower: String,
    key_prefix: Option<String>,
}

impl Needle {
    fn new(search: &str) -> Needle {
        let trimmed = search.trim();
        let lower = trimmed.to_lowercase();
        let key_prefix = (!lower.is_empty() && lower.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| lower.clone());
        Needle { lower, key_prefix }
    }

    fn matches(&self, entry: &NodeEntry) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        let by_key = self
            .key_prefix
            .as_deref()
            .zip(key(entry))
            .is_some_and(|(prefix, key)| key.starts_with(prefix));
        by_key || name(entry).is_some_and(|name| contains_folded(name, &self.lower))
    }
}

/// Whether `haystack` contains `lower` (already lower-cased), ignoring case; allocates only for non-ASCII.
fn contains_folded(haystack: &str, lower: &str) -> bool {
    if haystack.is_ascii() && lower.is_ascii() {
        let needle = lower.as_bytes();
        return needle.is_empty()
            || haystack
                .as_bytes()
                .windows(needle.len())
                .any(|window| window.eq_ignore_ascii_case(needle));
    }
    haystack.to_lowercase().contains(lower)
}

/// The order of two nodes by `sort`, missing figures last.
fn compare(a: &NodeEntry, b: &NodeEntry, sort: NodeSort) -> Ordering {
    let ordered = |order: Ordering| {
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    };
    match sort.column {
        NodeColumn::Name => last_if_none(name(a), name(b), |a, b| ordered(cmp_folded(a, b))),
        NodeColumn::Key => last_if_none(key(a), key(b), |a, b| ordered(a.cmp(b))),
        NodeColumn::Role => last_if_none(a.role, b.role, |a, b| {
            ordered(role_label(a).cmp(role_label(b)))
        }),
        NodeColumn::HashSize => last_if_none(a.hash_size, b.hash_size, |a, b| ordered(a.cmp(&b))),
        NodeColumn::Adverts => ordered(a.adverts.cmp(&b.adverts)),
        NodeColumn::Location => last_if_none(position(a), position(b), |a, b| {
            ordered(a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
        }),
        NodeColumn::Status => ordered(a.status.cmp(&b.status)),
        NodeColumn::LastHeard => ordered(a.last_heard_ms.cmp(&b.last_heard_ms)),
        NodeColumn::Packets => ordered(a.transmissions.cmp(&b.transmissions)),
        NodeColumn::AvgSnr => {
            last_if_none(a.avg_snr_db, b.avg_snr_db, |a, b| ordered(a.total_cmp(&b)))
        }
        NodeColumn::Observers => ordered(a.observers.cmp(&b.observers)),
    }
}

/// Compares two names ignoring case, without allocating.
fn cmp_folded(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// Orders two optional figures with `order`, a missing one after a present one.
fn last_if_none<T>(a: Option<T>, b: Option<T>, order: impl FnOnce(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => order(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn node(
        key_byte: u8,
        name: Option<&str>,
        role: Option<&'static str>,
        adverts: u32,
    ) -> NodeEntry {
        NodeEntry {
            public_key: Some(format!("{key_byte:02x}").repeat(32)),
            name: name.map(str::to_owned),
            role,
            lat: None,
            lon: None,
            adverts,
            hash_size: None,
            known: super::super::Known::Advert,
            prefix: None,
            prefix_source: None,
            transmissions: u64::from(adverts),
            observations: u64::from(adverts),
            path_transmissions: 0,
            path_ambiguous: 0,
            datagrams_sent: 0,
            first_seen_ms: 0,
            last_heard_ms: i64::from(key_byte) * 1_000,
            avg_snr_db: None,
            observers: 1,
            hash_size_varies: false,
            hash_sizes_seen: Vec::new(),
            status: Status::Active,
            signature_valid: Some(true),
            invalid_adverts: 0,
        }
    }

    fn sample() -> Vec<NodeEntry> {
        vec![
            node(0xa1, Some("Hilltop"), Some("REPEATER"), 5),
            node(0x3c, Some("bob's phone"), Some("CHAT"), 9),
            node(0xa2, Some("Ålesund Room"), Some("ROOM"), 1),
            node(0x07, None, None, 0),
            node(0x99, Some("hill sensor"), Some("SENSOR"), 2),
        ]
    }

    #[test]
    fn tabs_and_counts() {
        let entries = sample();
        assert_eq!(tab_counts(&entries), [5, 1, 1, 1, 1, 1]);
        let all = select(&entries, NodeTab::All, "", NodeSort::DEFAULT);
        // Names A to Z ignoring case, the unnamed node last.
        assert_eq!(all, [1, 4, 0, 2, 3]);
        assert_eq!(
            select(&entries, NodeTab::Unknown, "", NodeSort::DEFAULT),
            [3]
        );
        assert_eq!(
            select(&entries, NodeTab::Repeaters, "", NodeSort::DEFAULT),
            [0]
        );
        for tab in NodeTab::ALL {
            assert_eq!(NodeTab::from_slug(tab.slug()), Some(tab));
        }
        assert_eq!(NodeTab::from_slug("bogus"), None);
    }

    #[test]
    fn search_by_name_or_key_prefix() {
        let entries = sample();
        let sort = NodeSort::DEFAULT;
        assert_eq!(select(&entries, NodeTab::All, "HILL", sort), [4, 0]);
        assert_eq!(select(&entries, NodeTab::All, " a1a1 ", sort), [0]);
        assert_eq!(select(&entries, NodeTab::All, "A", sort), [0, 2]);
        assert_eq!(select(&entries, NodeTab::All, "ålesund", sort), [2]);
        assert_eq!(select(&entries, NodeTab::Sensors, "hill", sort), [4]);
        assert!(select(&entries, NodeTab::All, "zzz", sort).is_empty());
    }

    #[test]
    fn sorts_both_ways_with_missing_last() {
        let mut entries = sample();
        entries[0].hash_size = Some(2);
        entries[1].hash_size = Some(1);
        let by = |text: &str| {
            select(
                &entries,
                NodeTab::All,
                "",
                NodeSort::from_query(text).unwrap(),
            )
        };
        assert_eq!(by("-adverts"), [1, 0, 4, 2, 3]);
        assert_eq!(by("adverts"), [3, 2, 4, 0, 1]);
        assert_eq!(by("hash_size"), [1, 0, 2, 3, 4]);
        assert_eq!(by("-hash_size"), [0, 1, 2, 3, 4]);
        assert_eq!(by("-name"), [2, 0, 4, 1, 3]);
        assert_eq!(by("key"), [3, 1, 4, 0, 2]);
        assert_eq!(by("role"), [1, 0, 2, 4, 3]);
    }

    #[test]
    fn query_forms_and_clicks() {
        assert_eq!(NodeSort::DEFAULT.to_query(), "name");
        let adverts = NodeSort::DEFAULT.clicked(NodeColumn::Adverts);
        assert_eq!(adverts.to_query(), "-adverts");
        assert_eq!(adverts.clicked(NodeColumn::Adverts).to_query(), "adverts");
        assert_eq!(NodeSort::from_query("-adverts"), Some(adverts));
        assert_eq!(NodeSort::from_query("nope"), None);
        assert_eq!(
            NodeSort::DEFAULT.clicked(NodeColumn::Name).to_query(),
            "-name"
        );
    }

    #[test]
    fn cells() {
        let mut entry = node(0xab, Some("X"), Some("CHAT"), 3);
        entry.lat = Some(47.5);
        entry.lon = Some(-122.25);
        entry.hash_size = Some(2);
        assert_eq!(cell(&entry, NodeColumn::Key).as_deref(), Some("ABABABAB"));
        assert_eq!(cell(&entry, NodeColumn::Role).as_deref(), Some("Companion"));
        assert_eq!(cell(&entry, NodeColumn::HashSize).as_deref(), Some("2 B"));
        assert_eq!(
            cell(&entry, NodeColumn::Location).as_deref(),
            Some("47.5000, -122.2500")
        );
        assert_eq!(cell(&entry, NodeColumn::Status).as_deref(), Some("Active"));
        assert_eq!(cell(&entry, NodeColumn::Packets).as_deref(), Some("3"));
        assert_eq!(cell(&entry, NodeColumn::AvgSnr), None);
        entry.avg_snr_db = Some(-4.25);
        assert_eq!(cell(&entry, NodeColumn::AvgSnr).as_deref(), Some("-4.2 dB"));
        entry.last_heard_ms = 1_767_225_600_000;
        assert_eq!(
            cell(&entry, NodeColumn::LastHeard).as_deref(),
            Some("2026-01-01 00:00:00")
        );
    }
}
