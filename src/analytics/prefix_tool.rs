//! The `prefix_tool` key (CoreScope's "Prefix Tool" tab), over the repeaters known by their adverts: how
//! full each prefix space is, which hash size to configure, and two on-demand tools: [`check_prefix`] (which
//! repeaters a prefix or key collides with) and [`available_prefix`] (a prefix nobody has).
//!
//! # The recommendation
//!
//! CoreScope says "1 byte is fine under 20 repeaters, else 2 bytes". Twenty repeaters is where a new
//! repeater's random key lands on a first byte already in use with about 8 % odds (20/256), and where two of
//! the twenty already share one with even odds (the birthday bound). This refines it with what the data
//! shows: a collision between repeaters 200 km or more apart rarely confuses anyone, one between nearby
//! repeaters (or ones without a position) does.
//!
//! - 1 byte: fewer than 20 repeaters and no 1-byte collision that is local, regional or incomplete;
//! - 2 bytes: otherwise, unless a 2-byte collision is local, regional or incomplete;
//! - 3 bytes: otherwise.
//!
//! Larger hashes cost path room: a path holds at most 64 bytes, so 64, 32 or 21 hops ([`Recommendation`]
//! carries it, and the longest path seen, so a page can warn when the advice would cut real routes).

use super::hash_collisions::{PrefixSpace, Repeater, prefix_space, repeaters};
use super::hash_sizes::node_name;
use crate::hex;
use crate::protocol::{MAX_PATH_SIZE, PayloadType, Role};
use crate::store::{Store, TxId};
use core::fmt;
use serde::Serialize;

/// Under this many repeaters (and without nearby 1-byte collisions), 1-byte hashes are recommended.
pub const ONE_BYTE_REPEATERS: usize = 20;
/// Most repeaters listed per size by [`check_prefix`] (the count is exact).
pub const MAX_MATCHES: usize = 100;

/// The snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrefixTool {
    /// Repeaters known.
    pub repeaters: usize,
    /// Per size (1, 2, 3): how full the space is.
    pub sizes: Vec<PrefixSpace>,
    /// The hash size to configure.
    pub recommendation: Recommendation,
}

/// The hash size to configure, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// 1, 2 or 3 bytes.
    pub bytes: usize,
    /// Why.
    pub reason: Reason,
    /// The most hops a path can hold at that size.
    pub max_hops: usize,
    /// The most hops observed in any path (TRACE excluded), for comparison.
    pub longest_path_hops: usize,
}

/// Why a size is recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Few repeaters and no nearby 1-byte collision.
    FewRepeaters,
    /// [`ONE_BYTE_REPEATERS`] or more repeaters, and no nearby 2-byte collision.
    ManyRepeaters,
    /// Nearby repeaters share a first byte, and no nearby 2-byte collision.
    NearbyOneByteCollision,
    /// Nearby repeaters share two bytes.
    NearbyTwoByteCollision,
}

/// What [`check_prefix`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrefixCheck {
    /// The bytes given: 1-3 for a prefix, 32 for a full key.
    pub input_bytes: usize,
    /// Per size up to the input's (at most 3): the repeaters with that prefix.
    pub sizes: Vec<PrefixMatch>,
}

/// The repeaters sharing one prefix of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrefixMatch {
    /// The prefix length in bytes.
    pub bytes: usize,
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// Repeaters with it (a full key's own repeater left out).
    pub count: usize,
    /// Those repeaters, in key order (at most [`MAX_MATCHES`]).
    pub repeaters: Vec<RepeaterRef>,
}

/// A repeater, by key and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeaterRef {
    /// The public key, 64 lower-case hex digits.
    pub public_key: String,
    /// The advertised name.
    pub name: Option<String>,
}

/// A prefix no repeater has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AvailablePrefix {
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// Its length in bytes.
    pub bytes: usize,
    /// Repeaters sharing its shorter prefixes: `[first byte]` for 2 bytes, `[first byte, first two]` for 3
    /// (the fewest possible: a new repeater with it is still matched by 1-byte packets).
    pub shorter_collisions: Vec<usize>,
}

/// Why [`check_prefix`] refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixError {
    /// Not 2, 4, 6 or 64 hex digits (after trimming whitespace).
    Length {
        /// The digits given.
        len: usize,
    },
    /// Not a hex digit.
    NotHex {
        /// Its offset in the trimmed text.
        at: usize,
    },
}

impl fmt::Display for PrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrefixError::Length { len } => write!(
                f,
                "a prefix is 2, 4 or 6 hex digits and a key 64, not {len}"
            ),
            PrefixError::NotHex { at } => write!(f, "not a hex digit at offset {at}"),
        }
    }
}

impl std::error::Error for PrefixError {}

/// The prefix tool's snapshot of `store`.
pub fn prefix_tool(store: &Store) -> PrefixTool {
    let repeaters = repeaters(store);
    let sizes: Vec<PrefixSpace> = (1..=3)
        .map(|bytes| prefix_space(&repeaters, bytes))
        .collect();
    let nearby = |bytes: usize| {
        sizes
            .iter()
            .find(|s| s.bytes == bytes)
            .map_or(0, |s| s.nearby_collisions)
    };
    let (bytes, reason) = if repeaters.len() < ONE_BYTE_REPEATERS && nearby(1) == 0 {
        (1, Reason::FewRepeaters)
    } else if nearby(2) == 0 {
        if nearby(1) > 0 {
            (2, Reason::NearbyOneByteCollision)
        } else {
            (2, Reason::ManyRepeaters)
        }
    } else {
        (3, Reason::NearbyTwoByteCollision)
    };
    PrefixTool {
        repeaters: repeaters.len(),
        sizes,
        recommendation: Recommendation {
            bytes,
            reason,
            max_hops: MAX_PATH_SIZE / bytes,
            longest_path_hops: longest_path_hops(store),
        },
    }
}

/// Which repeaters `text` collides with: `text` is a 2-, 4- or 6-digit hex prefix, or a 64-digit public key
/// (whose own repeater is left out), in either case.
pub fn check_prefix(store: &Store, text: &str) -> Result<PrefixCheck, PrefixError> {
    let text = text.trim();
    let len = text.len();
    if !matches!(len, 2 | 4 | 6 | 64) {
        return Err(PrefixError::Length { len });
    }
    if let Some(at) = text.bytes().position(|c| !c.is_ascii_hexdigit()) {
        return Err(PrefixError::NotHex { at });
    }
    let input = hex::decode(text).map_err(|_| PrefixError::NotHex { at: 0 })?;
    let own: Option<&[u8]> = (input.len() == 32).then_some(&input[..]);
    let sizes = (1..=input.len().min(3))
        .map(|bytes| {
            let prefix = input.get(..bytes).unwrap_or_default();
            let mut count = 0;
            let mut list = Vec::new();
            let matching = store
                .candidates(prefix)
                .iter()
                .filter_map(|&id| store.node(id))
                .filter(|node| node.role == Some(Role::Repeater))
                .filter(|node| own != Some(&node.public_key[..]));
            for node in matching {
                count += 1;
                if list.len() < MAX_MATCHES {
                    list.push(RepeaterRef {
                        public_key: hex::encode_lower(&node.public_key),
                        name: node_name(store, node),
                    });
                }
            }
            PrefixMatch {
                bytes,
                prefix: hex::encode_upper(prefix),
                count,
                repeaters: list,
            }
        })
        .collect();
    Ok(PrefixCheck {
        input_bytes: input.len(),
        sizes,
    })
}

/// A `bytes`-byte prefix (1-3) that no repeater has, with the fewest repeaters on its shorter prefixes;
/// `seed` picks among equally good ones. `None` for another size, or when every 1-byte prefix is taken.
pub fn available_prefix(store: &Store, bytes: usize, seed: u64) -> Option<AvailablePrefix> {
    if !(1..=3).contains(&bytes) {
        return None;
    }
    let repeaters = repeaters(store);
    let mut rng = SplitMix(seed);
    let mut prefix: Vec<u8> = Vec::with_capacity(bytes);
    let mut shorter_collisions = Vec::new();
    let mut within: &[Repeater<'_>] = &repeaters;
    for depth in 1..=bytes {
        // Repeaters per next byte under the prefix chosen so far (`within` holds exactly those).
        let mut counts = [0usize; 256];
        for repeater in within {
            if let Some(&byte) = repeater.node.public_key.get(depth - 1) {
                counts[usize::from(byte)] += 1;
            }
        }
        let fewest = counts.iter().copied().min().unwrap_or(0);
        if depth == bytes && fewest > 0 {
            return None;
        }
        let ties: Vec<u8> = (0..=255u8)
            .filter(|&byte| counts[usize::from(byte)] == fewest)
            .collect();
        let byte = *ties.get(rng.below(ties.len()))?;
        prefix.push(byte);
        if depth < bytes {
            shorter_collisions.push(fewest);
        }
        let start = within.partition_point(|r| r.prefix(depth) < &prefix[..]);
        let end = within.partition_point(|r| r.prefix(depth) <= &prefix[..]);
        within = within.get(start..end).unwrap_or_default();
    }
    Some(AvailablePrefix {
        prefix: hex::encode_upper(&prefix),
        bytes,
        shorter_collisions,
    })
}

/// The most hops in any transmission's longest observed path, TRACE excluded.
fn longest_path_hops(store: &Store) -> usize {
    let txs = store.transmissions();
    (0..txs.len() as u32)
        .map(TxId)
        .filter(|&tx| txs.payload_type(tx) != Some(PayloadType::Trace))
        .filter_map(|tx| txs.longest_path(tx))
        .map(|(hops, _)| usize::from(hops))
        .max()
        .unwrap_or(0)
}

/// SplitMix64: a tiny seeded generator for picking among equal prefixes.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % bound.max(1) as u64) as usize
    }
}
