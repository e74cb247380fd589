//! Sorted id lists: most ids arrive in increasing order (ids are given out in arrival order), so inserting is
//! a push; a late one is a binary search near the end.

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
}
