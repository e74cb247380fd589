//! The `distance` key (CoreScope's `/api/analytics/distance`): how far radios reach, from the legs of each
//! transmission's longest observed path whose ends are confidently resolved and located.
//!
//! Differences from CoreScope (reference-analyzer 3.3 "distance"):
//! * Only confident legs count (both ends exact or resolved Unique / NeighborEvidence, not flagged
//!   unreliable): CoreScope measures whatever its first-match resolution picked, so prefix collisions make
//!   long phantom links.
//! * A hop without a decided, located node breaks the chain ([`legs`](super::legs)) instead of being skipped,
//!   so a leg always joins radios that heard each other.
//! * The observer is the last radio of a flood when its key is a known node's; its leg is the one link whose
//!   SNR was measured, so a link's SNR comes from those legs only (CoreScope gives every hop the
//!   transmission's best SNR, which belongs to the last link).
//! * Legs over [`MAX_LEG_KM`] are dropped as CoreScope does, and counted.
//! * Link types: `R-R` when both ends are repeaters or rooms (rooms forward too), `C-C` when neither, else `C-R`.

use serde::Serialize;

use crate::analytics::legs::{Leg, legs, longest_in_observation_order};
use crate::analytics::resolve::{NodeLabel, PathContext, ResolvedPath, Resolver, ids};
use crate::hex;
use crate::protocol::Role;
use crate::store::hasher::FastMap;
use crate::store::{NodeId, ObsId, ObserverId, PathId, Store, TxId};

/// Legs longer than this are dropped as implausible (CoreScope's limit), km.
pub const MAX_LEG_KM: f64 = 300.0;
/// Histogram bins (CoreScope's 25).
pub const BINS: usize = 25;
/// Longest links listed.
pub const MAX_LINKS: usize = 20;
/// Longest paths listed.
pub const MAX_PATHS: usize = 10;
/// Newest hours listed in `over_time`.
pub const MAX_HOURS: usize = 24 * 31;

const HOUR_MS: i64 = 3_600_000;

/// The distance snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distance {
    /// Totals.
    pub summary: DistanceSummary,
    /// Per link type: `R-R`, `C-R`, `C-C` (those with legs).
    pub by_link_type: Vec<LinkTypeStats>,
    /// Leg lengths in [`BINS`] equal bins from the shortest to the longest.
    pub histogram: Vec<Bin>,
    /// The longest links, one per node pair (its longest leg), longest first.
    pub longest_links: Vec<LinkEntry>,
    /// The transmissions with the longest total of confident legs, longest first.
    pub longest_paths: Vec<PathEntry>,
    /// Per hour (by first heard), the newest [`MAX_HOURS`], oldest first.
    pub over_time: Vec<HourEntry>,
    /// Every node the links name.
    pub nodes: Vec<NodeLabel>,
}

/// Totals.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct DistanceSummary {
    /// Confident legs measured (at most [`MAX_LEG_KM`]).
    pub legs: u64,
    /// Transmissions with at least one.
    pub paths: u64,
    /// Mean leg, km.
    pub avg_km: f64,
    /// Longest leg, km.
    pub max_km: f64,
    /// Confident legs dropped for being over [`MAX_LEG_KM`].
    pub dropped_over_limit: u64,
    /// Legs between decided, located radios left out because an end was only guessed.
    pub unconfident_legs: u64,
}

/// Statistics of one link type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkTypeStats {
    /// `R-R`, `C-R` or `C-C`.
    pub link_type: &'static str,
    /// Legs.
    pub count: u64,
    /// Mean, km.
    pub avg_km: f64,
    /// `sorted[n / 2]` (CoreScope's median), km.
    pub median_km: f64,
    /// Shortest, km.
    pub min_km: f64,
    /// Longest, km.
    pub max_km: f64,
}

/// A histogram bin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge, km.
    pub x: f64,
    /// Width, km.
    pub w: f64,
    /// Legs in it (the longest leg is in the last bin).
    pub count: u64,
}

/// One link between two nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkEntry {
    /// One end (the sending end of its longest leg).
    #[serde(serialize_with = "ids::node")]
    pub from: NodeId,
    /// The other end.
    #[serde(serialize_with = "ids::node")]
    pub to: NodeId,
    /// Its longest leg, km.
    pub km: f64,
    /// `R-R`, `C-R` or `C-C`.
    pub link_type: &'static str,
    /// Legs over it, both directions.
    pub legs: u64,
    /// Best SNR an observer end measured on it, dB (only legs that end at the observer carry one).
    pub best_snr_db: Option<f32>,
    /// A transmission that used it.
    #[serde(serialize_with = "ids::tx")]
    pub sample: TxId,
    /// That transmission's hash.
    pub hash: String,
    /// Last used (first heard of the newest transmission), unix ms.
    pub last_ms: i64,
}

/// One transmission's confident legs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathEntry {
    /// The transmission.
    #[serde(serialize_with = "ids::tx")]
    pub tx: TxId,
    /// Its hash.
    pub hash: String,
    /// Total of its confident legs, km.
    pub total_km: f64,
    /// Its confident legs.
    pub legs: usize,
    /// Hops in its longest path.
    pub hops: usize,
}

/// One hour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HourEntry {
    /// The hour's start, unix ms.
    pub hour_ms: i64,
    /// Legs of transmissions first heard in it.
    pub count: u64,
    /// Their mean, km.
    pub avg_km: f64,
}

/// One resolved context's confident legs, memoised: many transmissions share a path (emptied for TRACE),
/// observer, originator and route.
type ContextKey = (PathId, bool, ObserverId, Option<NodeId>, u8);

/// The distance snapshot of `store`, hops resolved by `resolver` (built for this `store`).
pub fn distance(store: &Store, resolver: &Resolver) -> Distance {
    let mut sums = DistanceSums::default();
    for (obs, tx, hops) in longest_in_observation_order(store) {
        sums.add(store, resolver, obs, tx, hops);
    }
    sums.finish(store)
}

/// The running sums of [`distance`], one longest-path observation at a time (see
/// [`GraphJob`](super::graph::GraphJob)).
#[derive(Default)]
pub(crate) struct DistanceSums {
    memo: FastMap<ContextKey, (u32, u32)>,
    memo_legs: Vec<Leg>,
    path: ResolvedPath,
    summary: DistanceSummary,
    kms: [Vec<f64>; 3],
    links: FastMap<(NodeId, NodeId), LinkEntry>,
    paths: Vec<PathEntry>,
    hours: FastMap<i64, (u64, f64)>,
}

impl DistanceSums {
    /// Adds the legs of `tx`'s longest-path observation `obs` with `hops` hops.
    pub(crate) fn add(
        &mut self,
        store: &Store,
        resolver: &Resolver,
        obs: ObsId,
        tx: TxId,
        hops: u8,
    ) {
        let observations = store.observations();
        let Some(((context, heard), path_id)) =
            PathContext::of_observation(store, obs).zip(observations.path(obs))
        else {
            return;
        };
        let Some(observer) = context.observer else {
            return;
        };
        let key = (
            path_id,
            heard.bytes.is_empty(),
            observer,
            context.originator,
            u8::from(context.route.is_flood()),
        );
        let DistanceSums {
            memo,
            memo_legs,
            path,
            summary,
            kms,
            links,
            paths,
            hours,
        } = self;
        let (start, end) = *memo.entry(key).or_insert_with(|| {
            let start = memo_legs.len() as u32;
            if resolver.resolve_observation(store, obs, path) {
                legs(resolver, &context, path, |leg| memo_legs.push(leg));
            }
            (start, memo_legs.len() as u32)
        });
        let first_seen = store.transmissions().first_seen(tx).unwrap_or(0);
        let (mut total, mut count) = (0.0, 0);
        for leg in memo_legs
            .get(start as usize..end as usize)
            .unwrap_or_default()
        {
            if !leg.confident {
                summary.unconfident_legs += 1;
                continue;
            }
            if leg.km > MAX_LEG_KM {
                summary.dropped_over_limit += 1;
                continue;
            }
            total += leg.km;
            count += 1;
            summary.max_km = summary.max_km.max(leg.km);
            let link_type = link_type(store, leg.from, leg.to);
            if let Some(bucket) = kms.get_mut(link_type as usize) {
                bucket.push(leg.km);
            }
            let hour = hours
                .entry(first_seen.div_euclid(HOUR_MS) * HOUR_MS)
                .or_default();
            hour.0 += 1;
            hour.1 += leg.km;
            let pair = if leg.from <= leg.to {
                (leg.from, leg.to)
            } else {
                (leg.to, leg.from)
            };
            let link = links.entry(pair).or_insert_with(|| LinkEntry {
                from: leg.from,
                to: leg.to,
                km: leg.km,
                link_type: LINK_TYPES[link_type as usize],
                legs: 0,
                best_snr_db: None,
                sample: tx,
                hash: String::new(),
                last_ms: first_seen,
            });
            link.legs += 1;
            if leg.km > link.km {
                (link.from, link.to, link.km) = (leg.from, leg.to, leg.km);
            }
            if first_seen >= link.last_ms {
                (link.last_ms, link.sample) = (first_seen, tx);
            }
            if leg.to_hop.is_none()
                && let Some(snr) = observations.snr_db(obs)
            {
                link.best_snr_db = Some(link.best_snr_db.map_or(snr, |best| best.max(snr)));
            }
        }
        if count > 0 {
            summary.legs += count;
            summary.paths += 1;
            paths.push(PathEntry {
                tx,
                hash: String::new(),
                total_km: total,
                legs: count as usize,
                hops: usize::from(hops),
            });
            summary.avg_km += total;
        }
    }

    /// The snapshot of what was added, with the names `store` knows now.
    pub(crate) fn finish(self, store: &Store) -> Distance {
        let DistanceSums {
            mut summary,
            mut kms,
            links,
            mut paths,
            hours,
            ..
        } = self;
        let txs = store.transmissions();
        summary.avg_km = if summary.legs > 0 {
            summary.avg_km / summary.legs as f64
        } else {
            0.0
        };
        let histogram = histogram(kms.iter().flatten().copied());
        let by_link_type = kms
            .iter_mut()
            .zip(LINK_TYPES)
            .filter(|(kms, _)| !kms.is_empty())
            .map(|(kms, link_type)| stats(link_type, kms))
            .collect();
        let hash_of = |tx: TxId| {
            txs.hash(tx)
                .map_or_else(String::new, |hash| hex::encode_lower(&hash.0))
        };
        let mut longest_links: Vec<LinkEntry> = links.into_values().collect();
        longest_links.sort_by(|a, b| {
            b.km.total_cmp(&a.km)
                .then((a.from, a.to).cmp(&(b.from, b.to)))
        });
        longest_links.truncate(MAX_LINKS);
        for link in &mut longest_links {
            link.hash = hash_of(link.sample);
        }
        let longest_first =
            |a: &PathEntry, b: &PathEntry| b.total_km.total_cmp(&a.total_km).then(a.tx.cmp(&b.tx));
        if paths.len() > MAX_PATHS {
            paths.select_nth_unstable_by(MAX_PATHS, longest_first);
            paths.truncate(MAX_PATHS);
        }
        paths.sort_by(longest_first);
        for entry in &mut paths {
            entry.hash = hash_of(entry.tx);
        }
        let mut over_time: Vec<HourEntry> = hours
            .into_iter()
            .map(|(hour_ms, (count, sum))| HourEntry {
                hour_ms,
                count,
                avg_km: sum / count.max(1) as f64,
            })
            .collect();
        over_time.sort_by_key(|hour| hour.hour_ms);
        let skip = over_time.len().saturating_sub(MAX_HOURS);
        over_time.drain(..skip);
        let mut named: Vec<NodeId> = longest_links
            .iter()
            .flat_map(|link| [link.from, link.to])
            .collect();
        named.sort_unstable();
        named.dedup();
        Distance {
            summary,
            by_link_type,
            histogram,
            longest_links,
            longest_paths: paths,
            over_time,
            nodes: named
                .into_iter()
                .filter_map(|node| NodeLabel::of(store, node))
                .collect(),
        }
    }
}

/// Link type names, by [`link_type`] index.
const LINK_TYPES: [&str; 3] = ["R-R", "C-R", "C-C"];

/// 0 for two forwarders (repeaters, rooms), 2 for none, 1 otherwise.
fn link_type(store: &Store, a: NodeId, b: NodeId) -> u8 {
    let forwards = |node: NodeId| {
        store
            .node(node)
            .is_some_and(|n| matches!(n.role, Some(Role::Repeater | Role::Room)))
    };
    match (forwards(a), forwards(b)) {
        (true, true) => 0,
        (false, false) => 2,
        _ => 1,
    }
}

/// The figures of `kms` (reordered: a selection, not a sort, so that millions of legs cost a pass or two).
fn stats(link_type: &'static str, kms: &mut [f64]) -> LinkTypeStats {
    let count = kms.len();
    let avg_km = kms.iter().sum::<f64>() / count.max(1) as f64;
    let min_km = kms.iter().copied().min_by(f64::total_cmp).unwrap_or(0.0);
    let max_km = kms.iter().copied().max_by(f64::total_cmp).unwrap_or(0.0);
    let median_km = if count > 0 {
        *kms.select_nth_unstable_by(count / 2, f64::total_cmp).1
    } else {
        0.0
    };
    LinkTypeStats {
        link_type,
        count: count as u64,
        avg_km,
        median_km,
        min_km,
        max_km,
    }
}

/// [`BINS`] equal bins from the shortest to the longest leg (width 1 km when all are equal).
fn histogram(kms: impl Iterator<Item = f64> + Clone) -> Vec<Bin> {
    let (min, max) = kms
        .clone()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(min, max), km| {
            (min.min(km), max.max(km))
        });
    if min > max {
        return Vec::new();
    }
    let width = if max > min {
        (max - min) / BINS as f64
    } else {
        1.0
    };
    let mut bins: Vec<Bin> = (0..BINS)
        .map(|i| Bin {
            x: min + width * i as f64,
            w: width,
            count: 0,
        })
        .collect();
    for km in kms {
        let index = (((km - min) / width) as usize).min(BINS - 1);
        if let Some(bin) = bins.get_mut(index) {
            bin.count += 1;
        }
    }
    bins
}
