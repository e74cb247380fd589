//! [`ByteArena`]: short byte strings (at most 255 bytes each: packets, paths, message texts) appended to
//! fixed-size chunks and addressed by a `u32` offset and a `u8` length.
//!
//! Like [`Column`](super::column::Column), it grows one chunk at a time and never moves what it holds, except
//! when [`Compactor`] squeezes out entries dropped by eviction, in place.

/// Bytes per chunk (a power of two). An entry never straddles two chunks.
pub const ARENA_CHUNK: usize = 1 << ARENA_BITS;
const ARENA_BITS: u32 = 18;
const FIRST_CAPACITY: usize = 256;

/// Where an entry is: offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The global offset: chunk number times [`ARENA_CHUNK`] plus the position in the chunk.
    pub offset: u32,
    /// The length in bytes.
    pub len: u8,
}

/// Append-only storage of short byte strings in chunks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByteArena {
    chunks: Vec<Vec<u8>>,
}

impl ByteArena {
    /// An empty arena; allocates nothing.
    pub const fn new() -> Self {
        ByteArena { chunks: Vec::new() }
    }

    /// Appends `bytes` and returns where they are; `None` when they are longer than 255 bytes or the arena has
    /// reached 4 GiB (offsets are `u32`).
    pub fn push(&mut self, bytes: &[u8]) -> Option<Span> {
        let len = u8::try_from(bytes.len()).ok()?;
        let fits = self
            .chunks
            .last()
            .is_some_and(|chunk| chunk.len() + bytes.len() <= ARENA_CHUNK);
        if !fits {
            if self.chunks.len() >= (1 << (32 - ARENA_BITS)) {
                return None;
            }
            let capacity = if self.chunks.is_empty() {
                FIRST_CAPACITY
            } else {
                ARENA_CHUNK
            };
            self.chunks.push(Vec::with_capacity(capacity));
        }
        let index = self.chunks.len() - 1;
        let chunk = self.chunks.last_mut()?;
        if chunk.len() + bytes.len() > chunk.capacity() {
            let wanted = (chunk.capacity() * 2).clamp(chunk.len() + bytes.len(), ARENA_CHUNK);
            chunk.reserve_exact(wanted - chunk.len());
        }
        let position = chunk.len();
        chunk.extend_from_slice(bytes);
        Some(Span {
            offset: ((index << ARENA_BITS) | position) as u32,
            len,
        })
    }

    /// The bytes at `span`; `None` if it is not inside the arena (an empty span is always found).
    #[inline]
    pub fn get(&self, span: Span) -> Option<&[u8]> {
        if span.len == 0 {
            return Some(&[]);
        }
        let offset = span.offset as usize;
        let start = offset & (ARENA_CHUNK - 1);
        self.chunks
            .get(offset >> ARENA_BITS)?
            .get(start..start + usize::from(span.len))
    }

    /// Bytes held (the sum of the chunks' lengths).
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }

    /// Bytes allocated (capacity).
    pub fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum::<usize>()
            + self.chunks.capacity() * size_of::<Vec<u8>>()
    }

    /// Removes everything and frees every chunk.
    pub fn clear(&mut self) {
        self.chunks = Vec::new();
    }

    /// Starts an in-place compaction: name the entries to keep in increasing offset order with
    /// [`Compactor::keep`], then [`Compactor::finish`]. Entries not named are dropped.
    pub fn compactor(&mut self) -> Compactor<'_> {
        Compactor {
            arena: self,
            chunk: 0,
            position: 0,
        }
    }
}

/// An in-place compaction of a [`ByteArena`] (see [`ByteArena::compactor`]).
///
/// Kept entries only move toward the start, so each is copied at most once and no second buffer is needed.
#[derive(Debug)]
pub struct Compactor<'a> {
    arena: &'a mut ByteArena,
    chunk: usize,
    position: usize,
}

impl Compactor<'_> {
    /// Keeps the entry at `span`, which must come after every entry kept before; returns its new place, or
    /// `None` (keeping nothing) if `span` is not inside the arena or comes before the write position.
    pub fn keep(&mut self, span: Span) -> Option<Span> {
        if span.len == 0 {
            return Some(Span {
                offset: ((self.chunk << ARENA_BITS) | self.position) as u32,
                len: 0,
            });
        }
        let offset = span.offset as usize;
        let (from_chunk, from) = (offset >> ARENA_BITS, offset & (ARENA_CHUNK - 1));
        let len = usize::from(span.len);
        self.arena.chunks.get(from_chunk)?.get(from..from + len)?;
        if self.position + len > ARENA_CHUNK {
            self.chunk += 1;
            self.position = 0;
        }
        if (self.chunk, self.position) > (from_chunk, from) {
            return None;
        }
        let (to_chunk, to) = (self.chunk, self.position);
        if to_chunk == from_chunk {
            let chunk = self.arena.chunks.get_mut(to_chunk)?;
            chunk.copy_within(from..from + len, to);
        } else {
            let (head, tail) = self.arena.chunks.split_at_mut(from_chunk);
            let source = tail.first()?.get(from..from + len)?;
            let target = head.get_mut(to_chunk)?;
            if target.len() < to + len {
                target.resize(to + len, 0);
            }
            target.get_mut(to..to + len)?.copy_from_slice(source);
        }
        self.position += len;
        Some(Span {
            offset: ((to_chunk << ARENA_BITS) | to) as u32,
            len: span.len,
        })
    }

    /// The bytes at `span` as they are now: the entry itself for any span at or after the write position (not
    /// yet overwritten).
    pub fn source(&self, span: Span) -> Option<&[u8]> {
        self.arena.get(span)
    }

    /// Truncates the arena after the last kept entry, frees the chunks no longer needed and shrinks the last.
    pub fn finish(self) {
        let chunks = &mut self.arena.chunks;
        if self.position == 0 {
            chunks.truncate(self.chunk);
        } else {
            chunks.truncate(self.chunk + 1);
            if let Some(last) = chunks.last_mut() {
                last.truncate(self.position);
                last.shrink_to(FIRST_CAPACITY);
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn push_and_get() {
        let mut arena = ByteArena::new();
        let a = arena.push(&[1, 2, 3]).unwrap();
        let b = arena.push(&[]).unwrap();
        let c = arena.push(&[9; 255]).unwrap();
        assert_eq!(arena.push(&[0; 256]), None);
        assert_eq!(arena.get(a), Some(&[1, 2, 3][..]));
        assert_eq!(arena.get(b), Some(&[][..]));
        assert_eq!(arena.get(c).map(<[u8]>::len), Some(255));
        assert_eq!(arena.len(), 258);
        assert_eq!(
            arena.get(Span {
                offset: 1 << 30,
                len: 1
            }),
            None
        );
    }

    #[test]
    fn entries_never_straddle_chunks() {
        let mut arena = ByteArena::new();
        let entry = [7; 200];
        let spans: Vec<Span> = (0..3000).map(|_| arena.push(&entry).unwrap()).collect();
        assert!(arena.chunks.len() > 1);
        for span in &spans {
            assert_eq!(arena.get(*span), Some(&entry[..]));
        }
        // The first entry of the second chunk starts it.
        let per_chunk = ARENA_CHUNK / 200;
        assert_eq!(spans[per_chunk].offset as usize, ARENA_CHUNK);
    }

    #[test]
    fn compaction_moves_kept_entries_forward() {
        let mut arena = ByteArena::new();
        let spans: Vec<Span> = (0..4000u32)
            .map(|i| arena.push(&[(i % 251) as u8; 150]).unwrap())
            .collect();
        let before = arena.chunks.len();
        let mut compactor = arena.compactor();
        let kept: Vec<(u32, Span)> = spans
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 0)
            .map(|(i, span)| (i as u32, compactor.keep(*span).unwrap()))
            .collect();
        compactor.finish();
        assert!(arena.chunks.len() < before);
        for (i, span) in kept {
            assert_eq!(
                arena.get(span),
                Some(&[(i % 251) as u8; 150][..]),
                "entry {i}"
            );
        }
    }

    #[test]
    fn compaction_refuses_backward_entries_and_can_empty() {
        let mut arena = ByteArena::new();
        let a = arena.push(&[1; 10]).unwrap();
        let b = arena.push(&[2; 10]).unwrap();
        let mut compactor = arena.compactor();
        assert_eq!(compactor.keep(b), Some(a));
        assert_eq!(compactor.keep(a), None);
        compactor.finish();
        assert_eq!(arena.get(a), Some(&[2; 10][..]));
        assert_eq!(arena.len(), 10);
        arena.compactor().finish();
        assert!(arena.is_empty());
    }
}
