//! [`TxFlags`]: facts about a transmission that are set once.

/// Per-transmission facts that are set once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TxFlags(pub u8);

impl TxFlags {
    /// ADVERT: the signature was checked.
    pub const SIGNATURE_CHECKED: u8 = 1;
    /// ADVERT: the signature is valid (with [`TxFlags::SIGNATURE_CHECKED`]).
    pub const SIGNATURE_VALID: u8 = 2;
    /// ADVERT: its path hash size went into the node's history.
    pub const HASH_SIZE_SAMPLED: u8 = 4;

    /// For an ADVERT: whether its signature verified; `None` for other packets.
    pub fn signature_valid(self) -> Option<bool> {
        (self.0 & Self::SIGNATURE_CHECKED != 0).then_some(self.0 & Self::SIGNATURE_VALID != 0)
    }

    /// Whether every bit of `bits` is set.
    pub fn contains(self, bits: u8) -> bool {
        self.0 & bits == bits
    }
}
