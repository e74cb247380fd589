//! [`PayloadTypeCounts`]: transmissions and observations per payload type.

use crate::protocol::PayloadType;

/// The counts of one payload type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCount {
    /// Unique transmissions.
    pub transmissions: u64,
    /// Observations.
    pub observations: u64,
}

/// One [`TypeCount`] per 4-bit payload type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayloadTypeCounts {
    counts: [TypeCount; 16],
}

impl PayloadTypeCounts {
    /// All zero.
    pub fn new() -> Self {
        PayloadTypeCounts::default()
    }

    /// The counts of `kind`.
    pub fn get(&self, kind: PayloadType) -> TypeCount {
        self.counts
            .get(usize::from(kind.bits()))
            .copied()
            .unwrap_or_default()
    }

    /// Every payload type with a non-zero count, by value.
    pub fn iter(&self) -> impl Iterator<Item = (PayloadType, TypeCount)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| count.observations > 0 || count.transmissions > 0)
            .map(|(bits, count)| (PayloadType::from_bits(bits as u8), *count))
    }

    pub(crate) fn add_transmission(&mut self, kind: PayloadType) {
        if let Some(count) = self.counts.get_mut(usize::from(kind.bits())) {
            count.transmissions += 1;
        }
    }

    pub(crate) fn add_observation(&mut self, kind: PayloadType) {
        if let Some(count) = self.counts.get_mut(usize::from(kind.bits())) {
            count.observations += 1;
        }
    }

    pub(crate) fn remove_transmission(&mut self, kind: PayloadType) {
        if let Some(count) = self.counts.get_mut(usize::from(kind.bits())) {
            count.transmissions = count.transmissions.saturating_sub(1);
        }
    }

    pub(crate) fn remove_observation(&mut self, kind: PayloadType) {
        if let Some(count) = self.counts.get_mut(usize::from(kind.bits())) {
            count.observations = count.observations.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn counts_per_type() {
        let mut counts = PayloadTypeCounts::new();
        counts.add_transmission(PayloadType::GrpTxt);
        counts.add_observation(PayloadType::GrpTxt);
        counts.add_observation(PayloadType::GrpTxt);
        counts.add_observation(PayloadType::Ack);
        assert_eq!(
            counts.get(PayloadType::GrpTxt),
            TypeCount {
                transmissions: 1,
                observations: 2
            }
        );
        let kinds: Vec<PayloadType> = counts.iter().map(|(kind, _)| kind).collect();
        assert_eq!(kinds, [PayloadType::Ack, PayloadType::GrpTxt]);
    }
}
