//! Sorted id lists: most ids arrive in increasing order (ids are given out in arrival order), so inserting is
//! a push; a late one is a binary search near the end. Eviction renumbers them in place ([`remap_ids`]): a
//! compaction keeps the order of what it keeps, so a sorted list stays sorted.

use crate::store::ids::{TxId, remapped};

/// Inserts `id` into the ascending `list` unless present; returns whether it was added.
#[inline]
pub fn insert_sorted<T: Ord + Copy>(list: &mut Vec<T>, id: T) -> bool {
    match list.last() {
        None => {
            list.push(id);
            true
        }
        Some(&last) if last < id => {
            list.push(id);
            true
        }
        Some(&last) if last == id => false,
        Some(_) => match list.binary_search(&id) {
            Ok(_) => false,
            Err(at) => {
                list.insert(at, id);
                true
            }
        },
    }
}

/// Renumbers `list` through `remap` (old id to new id, `NONE` for dropped), dropping the dropped ids, in order,
/// then trims its capacity as [`trim_capacity`] does.
pub fn remap_ids(list: &mut Vec<TxId>, remap: &[u32]) {
    let mut write = 0;
    for read in 0..list.len() {
        let Some(new) = list.get(read).and_then(|tx| remapped(remap, tx.0)) else {
            continue;
        };
        if let Some(slot) = list.get_mut(write) {
            *slot = TxId(new);
        }
        write += 1;
    }
    list.truncate(write);
    trim_capacity(list);
}

/// Shrinks `list` to the capacity pushing its values into a new `Vec` gives (a power of two, at least 4), so
/// that memory accounting after eviction matches a list built afresh.
pub fn trim_capacity<T>(list: &mut Vec<T>) {
    let pushed = match list.len() {
        0 => 0,
        len => len.next_power_of_two().max(4),
    };
    list.shrink_to(pushed);
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn keeps_order_and_uniqueness() {
        let mut list = Vec::new();
        for id in [3, 5, 5, 9, 4, 3, 10, 1] {
            insert_sorted(&mut list, id);
        }
        assert_eq!(list, [1, 3, 4, 5, 9, 10]);
        assert!(!insert_sorted(&mut list, 9));
        assert!(insert_sorted(&mut list, 7));
    }

    #[test]
    fn remaps_in_order_and_trims() {
        use crate::store::ids::NONE;
        let mut list: Vec<TxId> = (0..40).map(TxId).collect();
        let remap: Vec<u32> = (0..40)
            .map(|i| if i < 35 { NONE } else { i - 35 })
            .collect();
        remap_ids(&mut list, &remap);
        assert_eq!(list, (0..5).map(TxId).collect::<Vec<_>>());
        assert_eq!(list.capacity(), 8);
        remap_ids(&mut list, &[NONE; 5]);
        assert_eq!((list.len(), list.capacity()), (0, 0));
    }
}
