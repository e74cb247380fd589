//! [`PathTable`]: every distinct observed path (`path_len` byte and path bytes) stored once, named by a
//! [`PathId`]. Paths repeat a lot (the same repeaters relay most packets), so observations hold a 4-byte id.
//!
//! A path's bytes mean hop hashes, except in a TRACE packet, where they are one SNR byte per hop done (protocol
//! D.1). The table does not know which: the same bytes are the same entry, and [`Path::kind`] takes the
//! transmission's payload type to say how to read them. (A TRACE `path_len` is below 64, so its hash-size bits
//! are zero and its byte length reads the same either way.)

use super::arena::{ByteArena, Span};
use super::column::Column;
use super::hash_index::HashIndex;
use super::hasher::hash_bytes;
use super::ids::{NONE, PathId};
use crate::protocol::payload::trace::snr_db;
use crate::protocol::{PathLen, PayloadType};

/// Distinct paths, interned. Ids are dense; eviction drops the entries no observation uses any more.
#[derive(Debug, Clone, Default)]
pub struct PathTable {
    bytes: ByteArena,
    offsets: Column<u32>,
    index: HashIndex,
}

/// What a path's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// Hop hashes of 1-3 bytes.
    Hops,
    /// TRACE: one SNR byte (int8, dB × 4) per hop done.
    TraceSnrs,
}

/// A stored path: its `path_len` byte and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Path<'a> {
    /// The `path_len` byte as heard.
    pub path_len: PathLen,
    /// The path bytes.
    pub bytes: &'a [u8],
}

impl<'a> Path<'a> {
    /// What the bytes are in a packet of `payload_type`.
    pub fn kind(&self, payload_type: PayloadType) -> PathKind {
        match payload_type {
            PayloadType::Trace => PathKind::TraceSnrs,
            _ => PathKind::Hops,
        }
    }

    /// The hop hash size (1-3); 1 for a TRACE path.
    pub fn hash_size(&self) -> usize {
        self.path_len.hash_size().unwrap_or(1)
    }

    /// Hop hashes, or TRACE SNR entries: the count in bits 0-5 of `path_len`.
    pub fn hop_count(&self) -> usize {
        self.path_len.hash_count()
    }

    /// The hop hashes (empty for TRACE, whose bytes are SNRs).
    pub fn hops(&self, payload_type: PayloadType) -> core::slice::ChunksExact<'a, u8> {
        let bytes = match self.kind(payload_type) {
            PathKind::Hops => self.bytes,
            PathKind::TraceSnrs => &[],
        };
        bytes.chunks_exact(self.hash_size())
    }

    /// TRACE: the SNR of each hop done, in dB (empty for other packets).
    pub fn trace_snrs(&self, payload_type: PayloadType) -> impl Iterator<Item = f32> + 'a {
        let bytes: &'a [u8] = match self.kind(payload_type) {
            PathKind::TraceSnrs => self.bytes,
            PathKind::Hops => &[],
        };
        bytes.iter().map(|&byte| snr_db(byte))
    }
}

/// The byte length of the path a stored `path_len` byte describes (see the module doc for TRACE).
fn path_bytes(path_len: u8) -> usize {
    let path_len = PathLen(path_len);
    path_len.hash_count() * path_len.raw_hash_size()
}

impl PathTable {
    /// An empty table.
    pub fn new() -> Self {
        PathTable::default()
    }

    /// The number of distinct paths.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// The id of `entry` (`path_len` byte then exactly the path bytes it describes), added if new; `None` if
    /// `entry` is empty or does not match its `path_len`, or the arena is full.
    #[inline]
    pub fn intern(&mut self, entry: &[u8]) -> Option<PathId> {
        let (&path_len, path) = entry.split_first()?;
        if path.len() != path_bytes(path_len) {
            return None;
        }
        let hash = hash_bytes(entry);
        let PathTable {
            bytes,
            offsets,
            index,
        } = self;
        let found = index.find(hash, |id| {
            entry_at(bytes, offsets.get(id as usize)) == Some(entry)
        });
        if let Some(id) = found {
            return Some(PathId(id));
        }
        let span = bytes.push(entry)?;
        let id = offsets.push(span.offset) as u32;
        index.insert(hash, id);
        Some(PathId(id))
    }

    /// The path `id` names.
    pub fn get(&self, id: PathId) -> Option<Path<'_>> {
        let entry = entry_at(&self.bytes, self.offsets.get(id.index()))?;
        let (&path_len, bytes) = entry.split_first()?;
        Some(Path {
            path_len: PathLen(path_len),
            bytes,
        })
    }

    /// The stored entry: `path_len` byte then path bytes, as on the wire.
    pub fn entry(&self, id: PathId) -> Option<&[u8]> {
        entry_at(&self.bytes, self.offsets.get(id.index()))
    }

    /// Keeps the paths whose `used` flag is set, in order; returns `remap[old] = new id or NONE`.
    pub(crate) fn compact(&mut self, used: &[bool]) -> Vec<u32> {
        let mut remap = vec![NONE; self.len()];
        let mut compactor = self.bytes.compactor();
        let mut write = 0;
        let mut index = HashIndex::new();
        for (read, slot) in remap.iter_mut().enumerate() {
            if !used.get(read).copied().unwrap_or(false) {
                continue;
            }
            let Some(offset) = self.offsets.get(read) else {
                continue;
            };
            let Some(&path_len) = compactor
                .source(Span { offset, len: 1 })
                .and_then(<[u8]>::first)
            else {
                continue;
            };
            let span = Span {
                offset,
                len: (1 + path_bytes(path_len)) as u8,
            };
            let Some(moved) = compactor.keep(span) else {
                continue;
            };
            self.offsets.set(write, moved.offset);
            *slot = write as u32;
            write += 1;
        }
        compactor.finish();
        self.offsets.truncate(write);
        for id in 0..write as u32 {
            if let Some(entry) = self.entry(PathId(id)) {
                index.insert(hash_bytes(entry), id);
            }
        }
        self.index = index;
        remap
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.heap_bytes() + self.offsets.heap_bytes() + self.index.heap_bytes()
    }
}

fn entry_at(bytes: &ByteArena, offset: Option<u32>) -> Option<&[u8]> {
    let offset = offset?;
    let path_len = *bytes.get(Span { offset, len: 1 })?.first()?;
    bytes.get(Span {
        offset,
        len: u8::try_from(1 + path_bytes(path_len)).ok()?,
    })
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn interns_once() {
        let mut paths = PathTable::new();
        let two = paths.intern(&[0x42, 0xAB, 0xCD, 0x12, 0x34]).unwrap();
        let empty = paths.intern(&[0x00]).unwrap();
        assert_eq!(paths.intern(&[0x42, 0xAB, 0xCD, 0x12, 0x34]), Some(two));
        assert_ne!(paths.intern(&[0x40]), Some(empty));
        assert_eq!(paths.len(), 3);
        let path = paths.get(two).unwrap();
        assert_eq!((path.hash_size(), path.hop_count()), (2, 2));
        let hops: Vec<&[u8]> = path.hops(PayloadType::Ack).collect();
        assert_eq!(hops, [&[0xAB, 0xCD][..], &[0x12, 0x34]]);
        assert_eq!(paths.entry(empty), Some(&[0x00][..]));
        assert_eq!(paths.get(PathId(9)), None);
    }

    #[test]
    fn refuses_entries_that_disagree_with_path_len() {
        let mut paths = PathTable::new();
        assert_eq!(paths.intern(&[]), None);
        assert_eq!(paths.intern(&[0x02, 0xAB]), None);
        assert_eq!(paths.intern(&[0x01, 0xAB, 0xCD]), None);
        assert!(paths.is_empty());
    }

    #[test]
    fn trace_paths_are_snrs() {
        let mut paths = PathTable::new();
        // D.1 example: 4 SNR bytes 12, 11.25, 3.25, 8.75 dB.
        let id = paths.intern(&[0x04, 0x30, 0x2D, 0x0D, 0x23]).unwrap();
        let path = paths.get(id).unwrap();
        assert_eq!(path.kind(PayloadType::Trace), PathKind::TraceSnrs);
        assert_eq!(path.hops(PayloadType::Trace).count(), 0);
        let snrs: Vec<f32> = path.trace_snrs(PayloadType::Trace).collect();
        assert_eq!(snrs, [12.0, 11.25, 3.25, 8.75]);
        assert_eq!(path.hops(PayloadType::Ack).count(), 4);
        assert_eq!(path.trace_snrs(PayloadType::Ack).count(), 0);
    }

    #[test]
    fn compaction_drops_unused() {
        let mut paths = PathTable::new();
        let ids: Vec<PathId> = (0..20u8)
            .map(|i| paths.intern(&[0x01, i]).unwrap())
            .collect();
        let used: Vec<bool> = (0..20).map(|i| i % 5 == 0).collect();
        let remap = paths.compact(&used);
        assert_eq!(paths.len(), 4);
        for (old, id) in ids.iter().enumerate() {
            if old % 5 == 0 {
                let new = PathId(remap[id.index()]);
                assert_eq!(paths.entry(new), Some(&[0x01, old as u8][..]));
                assert_eq!(paths.intern(&[0x01, old as u8]), Some(new));
            } else {
                assert_eq!(remap[id.index()], NONE);
            }
        }
    }
}
