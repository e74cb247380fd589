//! [`ByObserver`]: each observer's observations, in id (arrival) order.

use crate::store::column::Column;
use crate::store::ids::{ObsId, ObserverId, remapped};

/// One column of observation ids per observer. Columns grow in chunks, so an observer with millions of
/// observations never needs a large contiguous reallocation.
#[derive(Debug, Clone, Default)]
pub struct ByObserver {
    lists: Vec<Column<ObsId>>,
}

impl ByObserver {
    /// An empty index.
    pub fn new() -> Self {
        ByObserver::default()
    }

    /// Adds a new observation (ids arrive in increasing order).
    pub fn push(&mut self, observer: ObserverId, obs: ObsId) {
        let index = observer.index();
        if self.lists.len() <= index {
            self.lists.resize_with(index + 1, Column::new);
        }
        if let Some(list) = self.lists.get_mut(index) {
            list.push(obs);
        }
    }

    /// The observations of `observer`, in id order.
    pub fn get(&self, observer: ObserverId) -> Option<&Column<ObsId>> {
        self.lists.get(observer.index())
    }

    /// Renumbers the lists after eviction (`remap[old]` is the new observation id or `NONE`); drops the
    /// trailing empty ones, so an observer with no observation left is listed only if a later one is.
    pub(crate) fn remap(&mut self, remap: &[u32]) {
        for list in &mut self.lists {
            list.retain_map(|_, obs| remapped(remap, obs.0).map(ObsId));
        }
        while self.lists.last().is_some_and(Column::is_empty) {
            self.lists.pop();
        }
    }

    /// Heap bytes.
    pub fn heap_bytes(&self) -> usize {
        self.lists.iter().map(Column::heap_bytes).sum::<usize>()
            + self.lists.capacity() * size_of::<Column<ObsId>>()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn lists_per_observer() {
        let mut index = ByObserver::new();
        index.push(ObserverId(2), ObsId(0));
        index.push(ObserverId(0), ObsId(1));
        index.push(ObserverId(2), ObsId(2));
        let two: Vec<ObsId> = index.get(ObserverId(2)).unwrap().iter().collect();
        assert_eq!(two, [ObsId(0), ObsId(2)]);
        assert_eq!(index.get(ObserverId(1)).map(Column::len), Some(0));
        assert!(index.get(ObserverId(3)).is_none());
    }
}
