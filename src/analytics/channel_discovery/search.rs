//! The resumable search: each candidate name's hashtag key is derived, its hash byte compared with the bytes
//! that have undecrypted traffic (cheap: two SHA-256 of a few bytes), and only on a match its MAC is checked
//! on the captured packets of that byte.

use serde::Serialize;

use super::candidates::{Candidates, Origin};
use crate::protocol::PayloadType;
use crate::protocol::crypto::{ChannelKey, Cipher};

/// Packets of one hash byte kept to check candidate keys against.
pub const SAMPLES_PER_HASH: usize = 8;

/// Offset of the text in a GRP_TXT plaintext: a 4-byte timestamp and a flags byte come first.
const TEXT_OFFSET: usize = 5;

/// One captured group packet: what its MAC covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// GRP_TXT or GRP_DATA.
    pub payload_type: PayloadType,
    /// The 2-byte MAC as captured.
    pub mac: [u8; 2],
    /// The ciphertext as captured.
    pub ciphertext: Vec<u8>,
}

/// A channel hash byte with group packets no known key opens, and some of those packets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The hash byte.
    pub hash: u8,
    /// How many stored packets have it and are not decrypted.
    pub packets: usize,
    /// Up to [`SAMPLES_PER_HASH`] of them.
    pub samples: Vec<Sample>,
}

/// A hashtag channel whose key opens captured packets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundChannel {
    /// The name, `#` included, exactly as tried (names are case sensitive).
    pub name: String,
    /// Its hash byte.
    pub hash: u8,
    /// Which list it came from.
    pub origin: Origin,
    /// Undecrypted packets with this hash byte (not all need be on this channel: bytes collide).
    pub packets: usize,
    /// Sampled packets checked.
    pub checked: usize,
    /// Sampled packets whose MAC verified and whose plaintext is well formed.
    pub verified: usize,
}

/// How far a search is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Names tried so far.
    pub tried: u64,
    /// Names in all.
    pub total: u64,
    /// Channels found so far.
    pub found: usize,
}

impl Progress {
    /// Whether every name was tried.
    pub fn done(&self) -> bool {
        self.tried >= self.total
    }

    /// The share tried, 0 to 1 (1 for nothing to try).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.tried as f64 / self.total as f64
        }
    }
}

/// A search in progress: owns its evidence, so it can be stepped between frames without holding the store.
#[derive(Debug, Clone)]
pub struct Search {
    targets: Vec<Target>,
    /// `slot[hash]` is the index of the target with that byte plus one, or 0.
    slot: [u8; 256],
    candidates: Candidates,
    next: u64,
    found: Vec<FoundChannel>,
}

impl Search {
    /// A search of `candidates` against `targets` (one per hash byte; later duplicates are ignored). With no
    /// targets there is nothing to find and the search is done at once.
    pub fn new(targets: Vec<Target>, candidates: Candidates) -> Search {
        let mut slot = [0u8; 256];
        let mut kept: Vec<Target> = Vec::new();
        for target in targets {
            let entry = &mut slot[usize::from(target.hash)];
            if *entry == 0 && !target.samples.is_empty() {
                kept.push(target);
                *entry = kept.len() as u8;
            }
        }
        let next = if kept.is_empty() {
            candidates.total()
        } else {
            0
        };
        Search {
            targets: kept,
            slot,
            candidates,
            next,
            found: Vec::new(),
        }
    }

    /// Tries up to `budget` more names; returns the progress after them.
    pub fn step(&mut self, budget: u64) -> Progress {
        let end = self
            .next
            .saturating_add(budget)
            .min(self.candidates.total());
        while self.next < end {
            let position = self.next;
            self.next += 1;
            let Some((name, origin)) = self.candidates.get(position) else {
                continue;
            };
            let key = ChannelKey::from_hashtag(name.as_str());
            let hash = key.hash();
            let Some(target) = self.target(hash) else {
                continue;
            };
            let (checked, verified) = verify(&key.cipher(), &target.samples);
            let packets = target.packets;
            if verified > 0
                && verified >= checked.min(2)
                && !self.found.iter().any(|f| f.name == name.as_str())
            {
                self.found.push(FoundChannel {
                    name: name.as_str().to_owned(),
                    hash,
                    origin,
                    packets,
                    checked,
                    verified,
                });
            }
        }
        self.progress()
    }

    /// Tries every remaining name.
    pub fn run(&mut self) -> Progress {
        self.step(u64::MAX)
    }

    /// How far it is.
    pub fn progress(&self) -> Progress {
        Progress {
            tried: self.next,
            total: self.candidates.total(),
            found: self.found.len(),
        }
    }

    /// The channels found so far, in the order found.
    pub fn found(&self) -> &[FoundChannel] {
        &self.found
    }

    /// The hash bytes searched for.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The candidate names.
    pub fn candidates(&self) -> &Candidates {
        &self.candidates
    }

    fn target(&self, hash: u8) -> Option<&Target> {
        let slot = usize::from(self.slot[usize::from(hash)]);
        self.targets.get(slot.checked_sub(1)?)
    }
}

/// `(checked, verified)`: the samples checked, and those whose MAC verifies under `cipher` and whose plaintext
/// is plausible (GRP_TXT: the text before the zero padding is UTF-8).
fn verify(cipher: &Cipher, samples: &[Sample]) -> (usize, usize) {
    let verified = samples
        .iter()
        .filter(|sample| {
            cipher
                .open(sample.mac, &sample.ciphertext)
                .is_some_and(|plain| plausible(sample.payload_type, plain.as_bytes()))
        })
        .count();
    (samples.len(), verified)
}

/// Whether a decrypted plaintext looks like the firmware wrote it.
fn plausible(payload_type: PayloadType, plaintext: &[u8]) -> bool {
    match payload_type {
        PayloadType::GrpTxt => {
            let text = plaintext.get(TEXT_OFFSET..).unwrap_or_default();
            let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
            std::str::from_utf8(text.get(..end).unwrap_or_default()).is_ok()
        }
        _ => true,
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::crypto::seal;

    fn sample(key: &ChannelKey, text: &str) -> Sample {
        let sealed = seal::seal_group_message(key, 1_700_000_000, "Ann", text).unwrap();
        Sample {
            payload_type: PayloadType::GrpTxt,
            mac: sealed.mac,
            ciphertext: sealed.ciphertext().to_vec(),
        }
    }

    #[test]
    fn finds_a_word_and_resumes() {
        let key = ChannelKey::from_hashtag("#kestrel");
        let target = Target {
            hash: key.hash(),
            packets: 3,
            samples: vec![sample(&key, "one"), sample(&key, "two")],
        };
        let words = ["kestrel".to_owned()];
        let mut search = Search::new(vec![target], Candidates::new(&words, 0));
        let total = search.progress().total;
        let mut steps = 0;
        while !search.step(7).done() {
            steps += 1;
        }
        assert_eq!(steps as u64, total.div_ceil(7) - 1);
        assert_eq!(
            search.found(),
            [FoundChannel {
                name: "#kestrel".to_owned(),
                hash: key.hash(),
                origin: Origin::UserWord,
                packets: 3,
                checked: 2,
                verified: 2,
            }]
        );
        assert_eq!(search.step(10), search.progress());
    }

    #[test]
    fn a_wrong_mac_is_not_found() {
        let key = ChannelKey::from_hashtag("#kestrel");
        let mut forged = sample(&key, "one");
        forged.mac[0] ^= 1;
        let target = Target {
            hash: key.hash(),
            packets: 1,
            samples: vec![forged],
        };
        let mut search = Search::new(vec![target], Candidates::new(&["kestrel".to_owned()], 0));
        assert_eq!(search.run().found, 0);
    }

    #[test]
    fn nothing_to_find_is_done_at_once() {
        let search = Search::new(Vec::new(), Candidates::new(&[], 2));
        assert!(search.progress().done());
        assert_eq!(search.progress().fraction(), 1.0);
    }

    #[test]
    fn plausibility() {
        assert!(plausible(PayloadType::GrpTxt, b"\0\0\0\0\0Ann: hi\0\0"));
        assert!(!plausible(PayloadType::GrpTxt, b"\0\0\0\0\0\xff\xfe\0"));
        assert!(plausible(PayloadType::GrpData, b"\xff"));
        assert!(plausible(PayloadType::GrpTxt, b""));
    }
}
