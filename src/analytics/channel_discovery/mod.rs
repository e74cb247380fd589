//! Channel discovery: names for the channel hash bytes whose GRP_TXT/GRP_DATA packets no known key opens.
//!
//! Hashtag channels take their key from their name (`SHA256("#name")[0..16]`), so a name can be guessed: each
//! candidate of the built-in list ([`words::BUILT_IN`]), the user's words, and optionally every `[a-z0-9]`
//! name up to a few letters, has its key derived and its hash byte compared with the bytes that have
//! undecrypted traffic; on a match its 2-byte MAC is checked on up to [`SAMPLES_PER_HASH`] captured packets.
//! A name is reported only when at least two sampled packets verify (one when only one was captured) and
//! their plaintexts are well formed: a false hit then needs two of eight 16-bit MACs to match by chance, about
//! 1 in 1.5·10⁸ per candidate whose hash byte matches (a 4-letter brute force has about 6,600 such candidates
//! per hash byte, so about 1 in 20,000 per hash byte searched). With a single captured packet the odds are one
//! MAC's, 1 in 65,536 per matching candidate, which the snapshot shows as `verified` 1 of `checked` 1.
//! Private channels (random secrets) are never found.
//!
//! [`Search`] is resumable (`step(budget)`), so the browser can run it in slices between frames;
//! [`channel_discovery`] runs one to the end for `meshscope analyze --json`.

pub mod candidates;
pub mod search;
pub mod words;

use serde::Serialize;

pub use candidates::{Candidates, MAX_BRUTE_FORCE_LEN, Origin, brute_force_count};
pub use search::{FoundChannel, Progress, SAMPLES_PER_HASH, Sample, Search, Target};

use crate::protocol::PayloadRepr;
use crate::store::Store;

/// What to try beyond the built-in list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiscoveryOptions {
    /// The user's words, with or without `#`.
    pub words: Vec<String>,
    /// Brute force every `[a-z0-9]` name up to this length (0: none; capped at [`MAX_BRUTE_FORCE_LEN`]).
    pub brute_force_len: u8,
}

/// A hash byte searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HashEntry {
    /// The channel hash byte.
    pub hash: u8,
    /// Undecrypted packets with it.
    pub packets: usize,
    /// Of which sampled to check keys.
    pub sampled: usize,
}

/// The result of a finished search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelDiscovery {
    /// The hash bytes with undecrypted traffic, ascending.
    pub hashes: Vec<HashEntry>,
    /// The channels found, in the order tried (built-in list, user words, brute force).
    pub found: Vec<FoundChannel>,
    /// Names tried.
    pub tried: u64,
    /// The brute force bound used (0: none).
    pub brute_force_len: u8,
}

/// The hash bytes with undecrypted group packets in `store`, ascending, each with its first
/// [`SAMPLES_PER_HASH`] packets (in id order) as evidence.
pub fn targets(store: &Store) -> Vec<Target> {
    let mut targets = Vec::new();
    for (hash, _) in store.indexes().channel_hash.iter() {
        let mut target = Target {
            hash,
            packets: 0,
            samples: Vec::new(),
        };
        for tx in store.undecrypted(hash) {
            target.packets += 1;
            if target.samples.len() < SAMPLES_PER_HASH
                && let Some(sample) = sample(store, tx)
            {
                target.samples.push(sample);
            }
        }
        if target.packets > 0 {
            targets.push(target);
        }
    }
    targets
}

/// The MAC and ciphertext of group packet `tx`.
fn sample(store: &Store, tx: crate::store::TxId) -> Option<Sample> {
    let decoded = store.decode(tx)?;
    let payload_type = decoded.packet.payload_type();
    match &decoded.packet.payload {
        PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => Some(Sample {
            payload_type,
            mac: group.mac,
            ciphertext: group.ciphertext.to_vec(),
        }),
        _ => None,
    }
}

/// A search of `store`'s undecrypted hash bytes with `options`, ready to step.
pub fn search(store: &Store, options: &DiscoveryOptions) -> Search {
    Search::new(
        targets(store),
        Candidates::new(&options.words, options.brute_force_len),
    )
}

/// Runs a whole search of `store` with `options`.
pub fn channel_discovery(store: &Store, options: &DiscoveryOptions) -> ChannelDiscovery {
    let mut search = search(store, options);
    let progress = search.run();
    snapshot(&search, progress)
}

/// The snapshot of `search` as far as it went.
pub fn snapshot(search: &Search, progress: Progress) -> ChannelDiscovery {
    ChannelDiscovery {
        hashes: search
            .targets()
            .iter()
            .map(|target| HashEntry {
                hash: target.hash,
                packets: target.packets,
                sampled: target.samples.len(),
            })
            .collect(),
        found: search.found().to_vec(),
        tried: progress.tried,
        brute_force_len: search.candidates().brute_force_len(),
    }
}
