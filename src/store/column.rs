//! [`Column`]: a growable array of `Copy` values stored in fixed-size chunks.
//!
//! A `Vec` that doubles copies everything on each growth and holds old and new buffers at once: growing a
//! 400 MB column would need 1.2 GB for a moment, and wasm memory never shrinks. A column instead adds one chunk
//! of [`CHUNK_LEN`] values at a time (the first chunk grows by doubling, so small columns stay small), never
//! moves what it holds, and wastes at most one partly filled chunk.

/// Values per chunk (a power of two).
pub const CHUNK_LEN: usize = 1 << CHUNK_BITS;
const CHUNK_BITS: u32 = 14;
const CHUNK_MASK: usize = CHUNK_LEN - 1;
/// The first chunk's first allocation.
const FIRST_CAPACITY: usize = 16;

/// A growable array in chunks of [`CHUNK_LEN`] values. Indexes are `usize` positions, as in a `Vec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column<T: Copy> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T: Copy> Default for Column<T> {
    fn default() -> Self {
        Column::new()
    }
}

impl<T: Copy> Column<T> {
    /// An empty column; allocates nothing.
    pub const fn new() -> Self {
        Column {
            chunks: Vec::new(),
            len: 0,
        }
    }

    /// The number of values.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the column is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `value` and returns its index.
    #[inline]
    pub fn push(&mut self, value: T) -> usize {
        let index = self.len;
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK_LEN => {
                if chunk.len() == chunk.capacity() {
                    let wanted = (chunk.capacity() * 2).clamp(FIRST_CAPACITY, CHUNK_LEN);
                    chunk.reserve_exact(wanted - chunk.len());
                }
                chunk.push(value);
            }
            _ => {
                let mut chunk = if self.chunks.is_empty() {
                    Vec::with_capacity(FIRST_CAPACITY)
                } else {
                    Vec::with_capacity(CHUNK_LEN)
                };
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
        index
    }

    /// The value at `index`, `None` past the end.
    #[inline]
    pub fn get(&self, index: usize) -> Option<T> {
        self.chunks
            .get(index >> CHUNK_BITS)?
            .get(index & CHUNK_MASK)
            .copied()
    }

    /// A mutable reference to the value at `index`, `None` past the end.
    #[inline]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.chunks
            .get_mut(index >> CHUNK_BITS)?
            .get_mut(index & CHUNK_MASK)
    }

    /// Overwrites the value at `index`; returns `false`, changing nothing, past the end.
    #[inline]
    pub fn set(&mut self, index: usize, value: T) -> bool {
        match self.get_mut(index) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// The last value.
    pub fn last(&self) -> Option<T> {
        self.len.checked_sub(1).and_then(|index| self.get(index))
    }

    /// Every value, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = T> + '_ {
        self.chunks.iter().flat_map(|chunk| chunk.iter().copied())
    }

    /// The values as contiguous slices, in order (one per chunk).
    pub fn chunks(&self) -> impl Iterator<Item = &[T]> + '_ {
        self.chunks.iter().map(Vec::as_slice)
    }

    /// Keeps the first `len` values, frees the chunks no longer needed and shrinks the last one to fit (a
    /// compaction is what shortens a column).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let chunks = len.div_ceil(CHUNK_LEN);
        self.chunks.truncate(chunks);
        let keep = len - chunks.saturating_sub(1) * CHUNK_LEN;
        if let Some(last) = self.chunks.last_mut() {
            last.truncate(keep);
            last.shrink_to(FIRST_CAPACITY);
        }
        self.len = len;
    }

    /// Removes everything and frees every chunk.
    pub fn clear(&mut self) {
        self.chunks = Vec::new();
        self.len = 0;
    }

    /// Keeps the values for which `keep(index, value)` is true, in order, moving them forward in place, then
    /// truncates. Returns the number kept.
    pub fn retain(&mut self, mut keep: impl FnMut(usize, T) -> bool) -> usize {
        self.retain_map(|index, value| keep(index, value).then_some(value))
    }

    /// Replaces each value by `map(index, value)` and drops those mapped to `None`, keeping the order, then
    /// truncates. Returns the number kept.
    pub fn retain_map(&mut self, mut map: impl FnMut(usize, T) -> Option<T>) -> usize {
        let mut write = 0;
        for chunk in 0..self.chunks.len() {
            let start = chunk << CHUNK_BITS;
            let len = self.chunks.get(chunk).map_or(0, Vec::len);
            for offset in 0..len {
                let Some(value) = self.chunks.get(chunk).and_then(|c| c.get(offset)).copied()
                else {
                    break;
                };
                let Some(value) = map(start + offset, value) else {
                    continue;
                };
                // `write` never passes the read position, so its slot exists.
                if let Some(slot) = self
                    .chunks
                    .get_mut(write >> CHUNK_BITS)
                    .and_then(|c| c.get_mut(write & CHUNK_MASK))
                {
                    *slot = value;
                }
                write += 1;
            }
        }
        self.truncate(write);
        write
    }

    /// Replaces each value by `map(value)`.
    pub fn map_in_place(&mut self, mut map: impl FnMut(T) -> T) {
        for value in self.chunks.iter_mut().flatten() {
            *value = map(*value);
        }
    }

    /// Bytes allocated for values (capacity, not length), plus the chunk table.
    pub fn heap_bytes(&self) -> usize {
        let values: usize = self.chunks.iter().map(Vec::capacity).sum();
        values * size_of::<T>() + self.chunks.capacity() * size_of::<Vec<T>>()
    }
}

impl<T: Copy> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut column = Column::new();
        for value in iter {
            column.push(value);
        }
        column
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn pushes_across_chunks() {
        let mut column = Column::new();
        for i in 0..(CHUNK_LEN * 2 + 5) as u32 {
            assert_eq!(column.push(i), i as usize);
        }
        assert_eq!(column.len(), CHUNK_LEN * 2 + 5);
        assert_eq!(column.get(CHUNK_LEN), Some(CHUNK_LEN as u32));
        assert_eq!(column.get(CHUNK_LEN * 2 + 5), None);
        assert_eq!(column.last(), Some((CHUNK_LEN * 2 + 4) as u32));
        assert_eq!(column.chunks().count(), 3);
        assert!(column.iter().eq(0..(CHUNK_LEN * 2 + 5) as u32));
        assert!(
            column
                .iter()
                .rev()
                .take(2)
                .eq([CHUNK_LEN as u32 * 2 + 4, CHUNK_LEN as u32 * 2 + 3])
        );
        // Full chunks were allocated once, at their final size.
        assert_eq!(
            column.heap_bytes(),
            (CHUNK_LEN * 3) * 4 + column.chunks.capacity() * 24
        );
    }

    #[test]
    fn small_columns_stay_small() {
        let mut column = Column::new();
        for i in 0..20u64 {
            column.push(i);
        }
        assert_eq!(column.chunks[0].capacity(), 32);
    }

    #[test]
    fn set_and_truncate() {
        let mut column: Column<u8> = (0..10).collect();
        assert!(column.set(3, 30));
        assert!(!column.set(10, 1));
        *column.get_mut(4).unwrap() = 40;
        column.truncate(5);
        assert!(column.iter().eq([0, 1, 2, 30, 40]));
        column.truncate(9);
        assert_eq!(column.len(), 5);
        column.clear();
        assert!(column.is_empty());
        assert_eq!(column.heap_bytes(), 0);
    }

    #[test]
    fn retain_map_renumbers_in_place() {
        let mut column: Column<u32> = (0..(CHUNK_LEN * 2 + 3) as u32).collect();
        let kept = column.retain_map(|index, value| (index % 3 != 0).then_some(value * 2));
        assert_eq!(kept, column.len());
        assert!(
            column.iter().eq((0..(CHUNK_LEN * 2 + 3) as u32)
                .filter(|v| v % 3 != 0)
                .map(|v| v * 2))
        );
        column.map_in_place(|value| value + 1);
        assert_eq!(column.get(0), Some(3));
    }

    #[test]
    fn retain_frees_chunks() {
        let mut column: Column<u32> = (0..(CHUNK_LEN * 3) as u32).collect();
        let kept = column.retain(|index, value| index % 4 == 0 && value % 4 == 0);
        assert_eq!(kept, CHUNK_LEN * 3 / 4);
        assert_eq!(column.chunks().count(), 1);
        assert!(column.iter().eq((0..(CHUNK_LEN * 3) as u32).step_by(4)));
    }
}
