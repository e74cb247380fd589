use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The latest snapshot of one analytic, swapped whole.
///
/// Clones share the same slot. Readers get an `Rc` of the snapshot that was current when they read, so a
/// swap never changes what a reader holds. The slot also keeps when a view last asked for it, so that
/// analytics too costly to keep fresh unseen are computed only while someone looks.
pub struct Slot<T>(Rc<RefCell<Option<Rc<T>>>>, Rc<Cell<f64>>);

impl<T> Slot<T> {
    /// A slot with no snapshot yet.
    pub fn empty() -> Self {
        Slot(
            Rc::new(RefCell::new(None)),
            Rc::new(Cell::new(f64::NEG_INFINITY)),
        )
    }

    /// Records that a view asked for the snapshot at `now_ms`.
    pub fn mark_wanted(&self, now_ms: f64) {
        self.1.set(now_ms);
    }

    /// When a view last asked for the snapshot, unix milliseconds (negative infinity if never).
    pub fn wanted_at(&self) -> f64 {
        self.1.get()
    }

    /// The current snapshot: a borrow and an `Rc` clone, whatever the snapshot's size.
    pub fn latest(&self) -> Option<Rc<T>> {
        self.0.borrow().clone()
    }

    /// Replaces the current snapshot; readers holding the old one keep it until they drop it.
    pub fn publish(&self, snapshot: T) {
        *self.0.borrow_mut() = Some(Rc::new(snapshot));
    }
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot(Rc::clone(&self.0), Rc::clone(&self.1))
    }
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot::empty()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn empty_until_published() {
        let slot: Slot<u32> = Slot::empty();
        assert!(slot.latest().is_none());
        slot.publish(7);
        assert_eq!(slot.latest().as_deref(), Some(&7));
    }

    #[test]
    fn clones_share_when_the_snapshot_was_wanted() {
        let slot: Slot<u32> = Slot::empty();
        assert_eq!(slot.wanted_at(), f64::NEG_INFINITY);
        slot.clone().mark_wanted(1_000.0);
        assert_eq!(slot.wanted_at(), 1_000.0);
    }

    #[test]
    fn readers_keep_the_snapshot_they_read() {
        let slot = Slot::empty();
        slot.publish(String::from("old"));
        let held = slot.latest();
        slot.clone().publish(String::from("new"));
        assert_eq!(held.as_deref().map(String::as_str), Some("old"));
        assert_eq!(slot.latest().as_deref().map(String::as_str), Some("new"));
    }
}
