//! [`Interner`]: each distinct short string (node names, message senders) stored once, named by a [`StrId`].

use super::arena::{ByteArena, Span};
use super::column::Column;
use super::hash_index::HashIndex;
use super::hasher::hash_bytes;
use super::ids::StrId;

/// Interned strings of at most 255 bytes. Ids are dense and never change; strings are never removed.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    bytes: ByteArena,
    spans: Column<Span>,
    index: HashIndex,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Interner::default()
    }

    /// The id of `text`, added if new; `None` for text over 255 bytes or a full arena.
    pub fn intern(&mut self, text: &str) -> Option<StrId> {
        let hash = hash_bytes(text.as_bytes());
        let Interner {
            bytes,
            spans,
            index,
        } = self;
        let found = index.find(hash, |id| {
            spans
                .get(id as usize)
                .and_then(|span| bytes.get(span))
                .is_some_and(|stored| stored == text.as_bytes())
        });
        if let Some(id) = found {
            return Some(StrId(id));
        }
        let span = bytes.push(text.as_bytes())?;
        let id = spans.push(span) as u32;
        index.insert(hash, id);
        Some(StrId(id))
    }

    /// The id of `text` if it was interned.
    pub fn find(&self, text: &str) -> Option<StrId> {
        self.index
            .find(hash_bytes(text.as_bytes()), |id| {
                self.get(StrId(id)) == Some(text)
            })
            .map(StrId)
    }

    /// The string `id` names.
    pub fn get(&self, id: StrId) -> Option<&str> {
        let bytes = self.bytes.get(self.spans.get(id.index())?)?;
        std::str::from_utf8(bytes).ok()
    }

    /// The number of strings.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether no string was interned.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Estimated heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.heap_bytes() + self.spans.heap_bytes() + self.index.heap_bytes()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn each_string_once() {
        let mut strings = Interner::new();
        let hill = strings.intern("Hilltop").unwrap();
        let tree = strings.intern("🌲 Tree").unwrap();
        assert_eq!(strings.intern("Hilltop"), Some(hill));
        assert_ne!(hill, tree);
        assert_eq!(strings.get(tree), Some("🌲 Tree"));
        assert_eq!(strings.find("Hilltop"), Some(hill));
        assert_eq!(strings.find("hilltop"), None);
        assert_eq!(strings.get(StrId(9)), None);
        assert_eq!(strings.intern(&"x".repeat(256)), None);
        let empty = strings.intern("").unwrap();
        assert_eq!(strings.get(empty), Some(""));
        assert_eq!(strings.len(), 3);
    }
}
