//! [`ByPayloadType`]: transmissions by payload type.

use super::sorted_ids::remap_ids;
use crate::protocol::PayloadType;
use crate::store::ids::TxId;

/// One ascending list of transmission ids per 4-bit payload type.
#[derive(Debug, Clone, Default)]
pub struct ByPayloadType {
    lists: [Vec<TxId>; 16],
}

impl ByPayloadType {
    /// An empty index.
    pub fn new() -> Self {
        ByPayloadType::default()
    }

    /// Adds a new transmission (ids arrive in increasing order).
    pub fn push(&mut self, kind: PayloadType, tx: TxId) {
        if let Some(list) = self.lists.get_mut(usize::from(kind.bits())) {
            list.push(tx);
        }
    }

    /// The transmissions of `kind`, in id order.
    pub fn get(&self, kind: PayloadType) -> &[TxId] {
        self.lists
            .get(usize::from(kind.bits()))
            .map_or(&[], Vec::as_slice)
    }

    /// Renumbers the lists after eviction (`remap[old]` is the new id or `NONE`).
    pub(crate) fn remap(&mut self, remap: &[u32]) {
        for list in &mut self.lists {
            remap_ids(list, remap);
        }
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.lists.iter().map(|l| l.capacity() * 4).sum()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn lists_per_type() {
        let mut index = ByPayloadType::new();
        index.push(PayloadType::Advert, TxId(0));
        index.push(PayloadType::Ack, TxId(1));
        index.push(PayloadType::Advert, TxId(2));
        index.push(PayloadType::Unknown(0x0C), TxId(3));
        assert_eq!(index.get(PayloadType::Advert), [TxId(0), TxId(2)]);
        assert_eq!(index.get(PayloadType::Ack), [TxId(1)]);
        assert_eq!(index.get(PayloadType::Unknown(0x0C)), [TxId(3)]);
        assert_eq!(index.get(PayloadType::Trace), []);
    }
}
