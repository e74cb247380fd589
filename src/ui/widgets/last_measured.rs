//! [`LastMeasured`]: the size each keyed widget measured last, so that the next one with the same key (a page
//! opened again) is built at its size at once instead of at an assumed one and again after measuring.

use std::cell::RefCell;

/// Sizes by key; a widget kind keeps one in a `thread_local!`.
pub struct LastMeasured<T: Copy> {
    sizes: RefCell<Vec<(&'static str, T)>>,
}

impl<T: Copy> LastMeasured<T> {
    /// No size yet.
    pub const fn new() -> Self {
        LastMeasured {
            sizes: RefCell::new(Vec::new()),
        }
    }

    /// The size last measured under `key`.
    pub fn get(&self, key: &'static str) -> Option<T> {
        self.sizes
            .borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, size)| size)
    }

    /// Keeps `size` as the last measured under `key`.
    pub fn set(&self, key: &'static str, size: T) {
        let mut sizes = self.sizes.borrow_mut();
        match sizes.iter_mut().find(|(k, _)| *k == key) {
            Some((_, kept)) => *kept = size,
            None => sizes.push((key, size)),
        }
    }
}
