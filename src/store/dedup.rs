//! Repeats: the same hearing stored twice is one hearing.
//!
//! An observation is a *repeat* of a stored one when the same observer heard the same transmission over the
//! same path (and with the same header byte and transport codes) within [`DEDUP_WINDOW_MS`] of it, on the
//! observations' own timestamps. A WebSocket server that replays its recent packets after a reconnect, or a dump
//! loaded twice, thus adds nothing; the store counts repeats instead of storing them
//! ([`Store::repeats`](super::Store::repeats)).
//!
//! Only the newest [`DEDUP_DEPTH`] observations of the transmission are compared, so a flood of copies of one
//! packet costs a bounded amount of work per copy.

use super::ids::{ObsId, ObserverId, PathId};
use super::observations::{Observations, RawVariant};

/// How far apart two identical hearings may be and still be one: 10 minutes.
pub const DEDUP_WINDOW_MS: i64 = 10 * 60 * 1000;

/// How many of a transmission's newest observations a new one is compared with.
pub const DEDUP_DEPTH: usize = 256;

/// What identifies a hearing besides its transmission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hearing {
    /// Who heard it.
    pub observer: ObserverId,
    /// The path as heard.
    pub path: PathId,
    /// When, unix ms.
    pub time_ms: i64,
    /// Its header byte and codes, when they differ from the transmission's first copy.
    pub variant: Option<RawVariant>,
}

/// The stored observation that `hearing` repeats, searching the list that starts at `newest` (the
/// transmission's newest observation).
pub fn find_repeat(
    observations: &Observations,
    newest: Option<ObsId>,
    hearing: &Hearing,
) -> Option<ObsId> {
    let mut cursor = newest;
    for _ in 0..DEDUP_DEPTH {
        let id = cursor?;
        if observations.observer(id) == Some(hearing.observer)
            && observations.path(id) == Some(hearing.path)
            && observations
                .time(id)
                .is_some_and(|time| time.abs_diff(hearing.time_ms) <= DEDUP_WINDOW_MS as u64)
            && observations.variant(id) == hearing.variant
        {
            return Some(id);
        }
        cursor = observations.next(id);
    }
    None
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::store::ids::TxId;
    use crate::store::observations::ObservationRow;

    fn hearing(observer: u32, path: u32, time_ms: i64) -> Hearing {
        Hearing {
            observer: ObserverId(observer),
            path: PathId(path),
            time_ms,
            variant: None,
        }
    }

    /// A list of one transmission's observations, oldest first; returns the newest.
    fn stored(observations: &mut Observations, hearings: &[Hearing]) -> Option<ObsId> {
        let mut newest = None;
        for h in hearings {
            let row = ObservationRow {
                tx: TxId(0),
                time_ms: h.time_ms,
                observer: h.observer,
                snr_quarter_db: 0,
                rssi_dbm: 0,
                path: h.path,
            };
            newest = Some(observations.push(row, newest));
        }
        newest
    }

    #[test]
    fn same_observer_path_and_window() {
        let mut observations = Observations::new();
        let newest = stored(&mut observations, &[hearing(1, 7, 0), hearing(2, 7, 5)]);
        assert_eq!(
            find_repeat(&observations, newest, &hearing(1, 7, 1000)),
            Some(ObsId(0))
        );
        assert_eq!(
            find_repeat(&observations, newest, &hearing(1, 7, DEDUP_WINDOW_MS)),
            Some(ObsId(0))
        );
        assert_eq!(
            find_repeat(&observations, newest, &hearing(1, 7, -DEDUP_WINDOW_MS)),
            Some(ObsId(0))
        );
        assert_eq!(
            find_repeat(&observations, newest, &hearing(1, 7, DEDUP_WINDOW_MS + 1)),
            None
        );
        assert_eq!(find_repeat(&observations, newest, &hearing(1, 8, 0)), None);
        assert_eq!(find_repeat(&observations, newest, &hearing(3, 7, 0)), None);
        assert_eq!(find_repeat(&observations, None, &hearing(1, 7, 0)), None);
    }

    #[test]
    fn variants_must_match() {
        let mut observations = Observations::new();
        let newest = stored(&mut observations, &[hearing(1, 7, 0)]);
        let other_header = Hearing {
            variant: Some(RawVariant {
                header: 0x14,
                codes: [1, 0, 0, 0],
            }),
            ..hearing(1, 7, 0)
        };
        assert_eq!(find_repeat(&observations, newest, &other_header), None);
    }

    #[test]
    fn looks_only_at_the_newest() {
        let mut observations = Observations::new();
        let mut hearings = vec![hearing(1, 7, 0)];
        hearings.extend((0..DEDUP_DEPTH as u32).map(|i| hearing(100 + i, 7, 0)));
        let newest = stored(&mut observations, &hearings);
        // The first hearing is DEDUP_DEPTH + 1 deep: out of reach.
        assert_eq!(find_repeat(&observations, newest, &hearing(1, 7, 0)), None);
        assert!(find_repeat(&observations, newest, &hearing(101, 7, 0)).is_some());
    }
}
