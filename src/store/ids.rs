//! Ids of the store's rows: `u32` positions in their tables, small and `Copy`.
//!
//! An id stays valid until the next eviction ([`Store::generation`](super::Store::generation) changes then):
//! eviction compacts the transmission, observation, message and path tables and renumbers them. Node, observer,
//! channel and string ids never change.

use core::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident, $tag:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in its table, for indexing.
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($tag, "{}"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }
    };
}

id!(
    /// A transmission: one unique packet (by firmware packet hash).
    TxId,
    "tx"
);
id!(
    /// An observation: one hearing of a transmission by one observer.
    ObsId,
    "obs"
);
id!(
    /// A node known by its full public key (from an advert or an ANON_REQ sender key).
    NodeId,
    "node"
);
id!(
    /// An observer: a radio that logged packets.
    ObserverId,
    "observer"
);
id!(
    /// A channel key the store decrypts with.
    ChannelId,
    "channel"
);
id!(
    /// A decrypted group message (GRP_TXT or GRP_DATA).
    MessageId,
    "msg"
);
id!(
    /// An interned path (`path_len` byte and path bytes).
    PathId,
    "path"
);
id!(
    /// An interned string (node names, message senders).
    StrId,
    "str"
);

/// The "no row" value stored in `u32` link columns (list ends, missing subjects).
pub(crate) const NONE: u32 = u32::MAX;

/// The new id of `old` after a compaction (`remap[old]`), `None` if its row was dropped (or `old` is `NONE`).
#[inline]
pub(crate) fn remapped(remap: &[u32], old: u32) -> Option<u32> {
    remap.get(old as usize).copied().and_then(some)
}

/// `Some(id)` unless `raw` is [`NONE`].
#[inline]
pub(crate) fn some(raw: u32) -> Option<u32> {
    (raw != NONE).then_some(raw)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn shows_kind_and_number() {
        assert_eq!(format!("{:?}", TxId(3)), "tx3");
        assert_eq!(ObsId(7).to_string(), "obs7");
        assert_eq!(NodeId(9).index(), 9);
        assert_eq!(some(NONE), None);
        assert_eq!(some(4), Some(4));
    }
}
