//! [`Observations`]: one row per hearing of a transmission, in columns of 26 bytes a row.
//!
//! A row holds its transmission, time (unix ms), observer, SNR (quarter dB), RSSI (dBm), interned path, and the
//! next-older observation of the same transmission (the per-transmission list runs newest first). Its raw bytes
//! are the transmission's first copy with this row's path; the rare hearing whose header byte or transport codes
//! differ keeps them in a side map ([`RawVariant`]) so the exact bytes can be rebuilt.

use super::column::Column;
use super::hasher::{FastMap, map_heap_bytes};
use super::ids::{NONE, ObsId, ObserverId, PathId, TxId, remapped, some};

/// "Unknown" in the SNR and RSSI columns.
pub const UNKNOWN_SIGNAL: i16 = i16::MIN;

/// A header byte and transport codes that differ from the transmission's first copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawVariant {
    /// This copy's header byte.
    pub header: u8,
    /// This copy's transport codes as on the wire (zero when its route type has none).
    pub codes: [u8; 4],
}

/// One observation's values, as pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObservationRow {
    /// Its transmission.
    pub tx: TxId,
    /// When it was heard, unix ms.
    pub time_ms: i64,
    /// Who heard it (below 65,536).
    pub observer: ObserverId,
    /// SNR in quarter dB, [`UNKNOWN_SIGNAL`] when unknown.
    pub snr_quarter_db: i16,
    /// RSSI in dBm, [`UNKNOWN_SIGNAL`] when unknown.
    pub rssi_dbm: i16,
    /// The path as heard.
    pub path: PathId,
}

/// SNR in dB to quarter dB, rounded; `UNKNOWN_SIGNAL` for `None` or a value that is not finite.
pub fn quarter_db(snr_db: Option<f32>) -> i16 {
    match snr_db {
        Some(snr) if snr.is_finite() => (snr * 4.0)
            .round()
            .clamp(f32::from(i16::MIN + 1), f32::from(i16::MAX))
            as i16,
        _ => UNKNOWN_SIGNAL,
    }
}

/// The observation table: columns indexed by [`ObsId`], and the side map of raw variants.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    tx: Column<u32>,
    time: Column<i64>,
    observer: Column<u16>,
    snr: Column<i16>,
    rssi: Column<i16>,
    path: Column<u32>,
    next: Column<u32>,
    variants: FastMap<u32, RawVariant>,
}

impl Observations {
    /// An empty table.
    pub fn new() -> Self {
        Observations::default()
    }

    /// The number of observations.
    pub fn len(&self) -> usize {
        self.tx.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tx.is_empty()
    }

    /// Appends `row`, linked to `next` (the transmission's previous newest observation, or `None`).
    pub(crate) fn push(&mut self, row: ObservationRow, next: Option<ObsId>) -> ObsId {
        let id = self.tx.push(row.tx.0) as u32;
        self.time.push(row.time_ms);
        self.observer.push(row.observer.0 as u16);
        self.snr.push(row.snr_quarter_db);
        self.rssi.push(row.rssi_dbm);
        self.path.push(row.path.0);
        self.next.push(next.map_or(NONE, |obs| obs.0));
        ObsId(id)
    }

    /// The row of `id`.
    #[inline]
    pub fn row(&self, id: ObsId) -> Option<ObservationRow> {
        let index = id.index();
        Some(ObservationRow {
            tx: TxId(self.tx.get(index)?),
            time_ms: self.time.get(index)?,
            observer: ObserverId(u32::from(self.observer.get(index)?)),
            snr_quarter_db: self.snr.get(index)?,
            rssi_dbm: self.rssi.get(index)?,
            path: PathId(self.path.get(index)?),
        })
    }

    /// Its transmission.
    #[inline]
    pub fn tx(&self, id: ObsId) -> Option<TxId> {
        self.tx.get(id.index()).map(TxId)
    }

    /// When it was heard, unix ms.
    #[inline]
    pub fn time(&self, id: ObsId) -> Option<i64> {
        self.time.get(id.index())
    }

    /// Who heard it.
    #[inline]
    pub fn observer(&self, id: ObsId) -> Option<ObserverId> {
        self.observer
            .get(id.index())
            .map(|o| ObserverId(u32::from(o)))
    }

    /// SNR in dB, when known.
    #[inline]
    pub fn snr_db(&self, id: ObsId) -> Option<f32> {
        let snr = self.snr.get(id.index())?;
        (snr != UNKNOWN_SIGNAL).then(|| f32::from(snr) / 4.0)
    }

    /// RSSI in dBm, when known.
    #[inline]
    pub fn rssi_dbm(&self, id: ObsId) -> Option<i16> {
        self.rssi.get(id.index()).filter(|&r| r != UNKNOWN_SIGNAL)
    }

    /// The path as heard.
    #[inline]
    pub fn path(&self, id: ObsId) -> Option<PathId> {
        self.path.get(id.index()).map(PathId)
    }

    /// The next-older observation of the same transmission.
    #[inline]
    pub fn next(&self, id: ObsId) -> Option<ObsId> {
        some(self.next.get(id.index())?).map(ObsId)
    }

    /// The header byte and transport codes of this copy, when they differ from the transmission's first copy.
    pub fn variant(&self, id: ObsId) -> Option<RawVariant> {
        self.variants.get(&id.0).copied()
    }

    /// The number of observations with a raw variant.
    pub fn variant_count(&self) -> usize {
        self.variants.len()
    }

    /// The columns, for scans: transmission, time, observer.
    pub fn tx_column(&self) -> &Column<u32> {
        &self.tx
    }

    /// Every time, in id order.
    pub fn time_column(&self) -> &Column<i64> {
        &self.time
    }

    /// Every observer, in id order.
    pub fn observer_column(&self) -> &Column<u16> {
        &self.observer
    }

    /// Every SNR (quarter dB, [`UNKNOWN_SIGNAL`] when unknown), in id order.
    pub fn snr_column(&self) -> &Column<i16> {
        &self.snr
    }

    /// Every RSSI (dBm, [`UNKNOWN_SIGNAL`] when unknown), in id order.
    pub fn rssi_column(&self) -> &Column<i16> {
        &self.rssi
    }

    /// Every path id, in id order.
    pub fn path_column(&self) -> &Column<u32> {
        &self.path
    }

    pub(crate) fn set_variant(&mut self, id: ObsId, variant: RawVariant) {
        self.variants.insert(id.0, variant);
    }

    pub(crate) fn set_next(&mut self, id: ObsId, next: Option<ObsId>) {
        self.next.set(id.index(), next.map_or(NONE, |obs| obs.0));
    }

    /// Keeps the observations whose transmission survives (`tx_remap[old tx]` is its new id or `NONE`), in
    /// order, renumbering their transmissions, `next` links and raw variants. Returns the observation remap
    /// (`remap[old]` is the new id or `NONE`).
    pub(crate) fn compact(&mut self, tx_remap: &[u32]) -> Vec<u32> {
        let mut remap = vec![NONE; self.len()];
        let mut write = 0;
        for (slot, tx) in remap.iter_mut().zip(self.tx.iter()) {
            if remapped(tx_remap, tx).is_some() {
                *slot = write;
                write += 1;
            }
        }
        let keep = |index: usize| remap.get(index).is_some_and(|&new| new != NONE);
        self.tx.retain_map(|_, tx| remapped(tx_remap, tx));
        self.time.retain(|index, _| keep(index));
        self.observer.retain(|index, _| keep(index));
        self.snr.retain(|index, _| keep(index));
        self.rssi.retain(|index, _| keep(index));
        self.path.retain(|index, _| keep(index));
        // An observation's older sibling shares its transmission, so it survives with it.
        self.next
            .retain_map(|index, next| keep(index).then(|| remapped(&remap, next).unwrap_or(NONE)));
        self.variants = self
            .variants
            .iter()
            .filter_map(|(&old, &variant)| Some((remapped(&remap, old)?, variant)))
            .collect();
        remap
    }

    /// Renumbers every path through `path_remap` (`path_remap[old]` is the new id or `NONE`).
    pub(crate) fn remap_paths(&mut self, path_remap: &[u32]) {
        self.path
            .map_in_place(|path| remapped(path_remap, path).unwrap_or(NONE));
    }

    /// Estimated heap bytes: the columns, and the variant side map.
    pub fn heap_bytes(&self) -> (usize, usize) {
        let columns = self.tx.heap_bytes()
            + self.time.heap_bytes()
            + self.observer.heap_bytes()
            + self.snr.heap_bytes()
            + self.rssi.heap_bytes()
            + self.path.heap_bytes()
            + self.next.heap_bytes();
        (columns, map_heap_bytes(self.variants.capacity(), 12))
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn row(tx: u32, time_ms: i64) -> ObservationRow {
        ObservationRow {
            tx: TxId(tx),
            time_ms,
            observer: ObserverId(3),
            snr_quarter_db: quarter_db(Some(-7.25)),
            rssi_dbm: -90,
            path: PathId(5),
        }
    }

    #[test]
    fn push_and_read() {
        let mut obs = Observations::new();
        let a = obs.push(row(0, 10), None);
        let b = obs.push(row(0, 20), Some(a));
        assert_eq!(obs.next(b), Some(a));
        assert_eq!(obs.next(a), None);
        assert_eq!(obs.snr_db(a), Some(-7.25));
        assert_eq!(obs.rssi_dbm(a), Some(-90));
        assert_eq!(obs.observer(b), Some(ObserverId(3)));
        assert_eq!(obs.row(b), Some(row(0, 20)));
        assert_eq!(obs.row(ObsId(2)), None);
        let unknown = obs.push(
            ObservationRow {
                snr_quarter_db: quarter_db(None),
                rssi_dbm: UNKNOWN_SIGNAL,
                ..row(1, 0)
            },
            None,
        );
        assert_eq!((obs.snr_db(unknown), obs.rssi_dbm(unknown)), (None, None));
    }

    #[test]
    fn quarter_db_rounds_and_clamps() {
        assert_eq!(quarter_db(Some(12.5)), 50);
        assert_eq!(quarter_db(Some(12.3)), 49);
        assert_eq!(quarter_db(Some(-1e9)), i16::MIN + 1);
        assert_eq!(quarter_db(Some(f32::NAN)), UNKNOWN_SIGNAL);
    }

    #[test]
    fn compaction_renumbers() {
        let mut obs = Observations::new();
        for i in 0..10u32 {
            let id = obs.push(row(i % 3, i64::from(i)), None);
            if i == 7 {
                obs.set_variant(
                    id,
                    RawVariant {
                        header: 0x14,
                        codes: [1, 2, 3, 4],
                    },
                );
            }
        }
        // Drop transmission 0; 1 and 2 become 0 and 1.
        let remap = obs.compact(&[NONE, 0, 1]);
        assert_eq!(remap.iter().filter(|&&new| new == NONE).count(), 4);
        assert_eq!(remap[1..4], [0, 1, NONE]);
        assert_eq!(obs.len(), 6);
        let times: Vec<i64> = obs.time_column().iter().collect();
        assert_eq!(times, [1, 2, 4, 5, 7, 8]);
        let txs: Vec<u32> = obs.tx_column().iter().collect();
        assert_eq!(txs, [0, 1, 0, 1, 0, 1]);
        assert_eq!(obs.variant(ObsId(4)).map(|v| v.header), Some(0x14));
        assert_eq!(obs.variant_count(), 1);
    }
}
