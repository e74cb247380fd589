use std::cell::RefCell;
use std::rc::Rc;

/// The latest snapshot of one analytic, swapped whole.
///
/// Clones share the same slot. Readers get an `Rc` of the snapshot that was current when they read, so a
/// swap never changes what a reader holds.
pub struct Slot<T>(Rc<RefCell<Option<Rc<T>>>>);

impl<T> Slot<T> {
    /// A slot with no snapshot yet.
    pub fn empty() -> Self {
        Slot(Rc::new(RefCell::new(None)))
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
        Slot(Rc::clone(&self.0))
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
    fn readers_keep_the_snapshot_they_read() {
        let slot = Slot::empty();
        slot.publish(String::from("old"));
        let held = slot.latest();
        slot.clone().publish(String::from("new"));
        assert_eq!(held.as_deref().map(String::as_str), Some("old"));
        assert_eq!(slot.latest().as_deref().map(String::as_str), Some("new"));
    }
}
