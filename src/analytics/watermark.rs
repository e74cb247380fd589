//! [`Watermark`]: how far an incremental analytic has read a store, and whether it can go on from there.
//!
//! Between evictions and clears the store only appends observations, so an accumulator that has folded the
//! first `n` observations can fold the rest later. An eviction renumbers observations (the store's
//! generation moves on); a clear empties the store and starts again at generation 0, possibly with as many
//! observations as before by the next compute. The watermark therefore also keeps the last observation it
//! read (its transmission's hash, its time and observer) and requires the store to still hold it at the same
//! id: a store cleared and refilled with other traffic fails that check (a refill that reproduces the same
//! observation at the same id is the same traffic so far, as far as any analytic can tell).

use crate::protocol::PacketHash;
use crate::store::column::{CHUNK_LEN, Column};
use crate::store::{ObsId, Store};

/// The identity of one observation: its transmission's hash, time and observer.
type Fingerprint = (Option<PacketHash>, Option<i64>, Option<u32>);

/// The position an accumulator reached in a store (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Watermark {
    generation: u64,
    observations: usize,
    last: Option<Fingerprint>,
}

impl Watermark {
    /// Observations already folded.
    pub(crate) fn observations(&self) -> usize {
        self.observations
    }

    /// Whether the observations folded so far are still the first ones of `store`, so that folding the
    /// rest continues correctly; `false` after an eviction or a clear.
    pub(crate) fn continues(&self, store: &Store) -> bool {
        self.generation == store.generation()
            && self.observations <= store.observation_count()
            && self.last
                == self
                    .observations
                    .checked_sub(1)
                    .map(|last| fingerprint(store, last))
    }

    /// The watermark after folding the first `observations` of `store` (at most all it holds).
    pub(crate) fn at(store: &Store, observations: usize) -> Watermark {
        let observations = observations.min(store.observation_count());
        Watermark {
            generation: store.generation(),
            observations,
            last: observations
                .checked_sub(1)
                .map(|last| fingerprint(store, last)),
        }
    }
}

fn fingerprint(store: &Store, index: usize) -> Fingerprint {
    let observations = store.observations();
    let id = ObsId(index as u32);
    (
        observations
            .tx(id)
            .and_then(|tx| store.transmissions().hash(tx)),
        observations.time(id),
        observations.observer(id).map(|observer| observer.0),
    )
}

/// The chunks of `column` from row `start` on: zip several columns' chunks to read rows `start..` of a table
/// (every column of a table is chunked alike).
pub(crate) fn chunks_from<T: Copy>(
    column: &Column<T>,
    start: usize,
) -> impl Iterator<Item = &[T]> + '_ {
    let skip = start / CHUNK_LEN;
    let offset = start % CHUNK_LEN;
    column
        .chunks()
        .skip(skip)
        .enumerate()
        .map(move |(index, chunk)| match index {
            0 => chunk.get(offset..).unwrap_or_default(),
            _ => chunk,
        })
}
