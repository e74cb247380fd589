//! The Overview tab (reference 3.1): totals, unique transmissions per hour, the payload-type mix, the hop-count
//! distribution, and the average and range of SNR, RSSI, hops and packet size.
//!
//! Built from the aggregates and one pass over the transmissions' columns. Where it differs from CoreScope:
//! - a transmission counts once in packets per hour, in the hour it was first heard (CoreScope counts a hash in
//!   every hour one of its observations fell in);
//! - the hop distribution counts every transmission by its longest observed path, zero hops included (CoreScope
//!   leaves out transmissions heard without hops, so its average hop count is over relayed packets only); TRACE
//!   packets are left out, their path bytes are SNRs.

use core::cmp::Reverse;

use serde::Serialize;

use super::channels::encrypted_hashes;
use super::rf::distribution::Stats;
use super::rf::{MAX_HOURS, packet_size_counts, value_counts};
use crate::protocol::PayloadType;
use crate::store::aggregates::HOUR_MS;
use crate::store::{Store, TxId};

/// Milliseconds in the "active" window of nodes.
pub const ACTIVE_WINDOW_MS: i64 = 24 * HOUR_MS;

/// The Overview snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// The stat cards' counts.
    pub totals: Totals,
    /// Unique transmissions per UTC hour (by first heard), oldest first (the latest [`MAX_HOURS`] hours with data).
    pub packets_per_hour: Vec<HourCount>,
    /// Transmissions and observations per payload type, most transmissions first.
    pub payload_types: Vec<TypeMix>,
    /// Transmissions per hop count of their longest observed path (TRACE left out), by hop count.
    pub hop_distribution: Vec<HopCount>,
    /// SNR over observations, dB.
    pub snr: Option<Stats>,
    /// RSSI over observations, dBm.
    pub rssi: Option<Stats>,
    /// Hops of the longest observed path over transmissions (TRACE left out).
    pub hops: Option<Stats>,
    /// Packet size over transmissions, bytes.
    pub packet_size: Option<Stats>,
    /// Hours from the first to the last observation.
    pub span_hours: f64,
}

/// The stat cards' counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Unique transmissions.
    pub transmissions: u64,
    /// Observations.
    pub observations: u64,
    /// Observations with a known SNR.
    pub observations_with_signal: u64,
    /// Nodes known.
    pub nodes: u64,
    /// Nodes heard (advert or ANON_REQ) in the [`ACTIVE_WINDOW_MS`] before `now_ms`.
    pub active_nodes: u64,
    /// Observers.
    pub observers: u64,
    /// Channels with traffic: known channels with messages, plus channel hash bytes with packets no key opens.
    pub channels: u64,
    /// Of those, the known channels.
    pub decryptable_channels: u64,
}

/// Transmissions first heard in one hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourCount {
    /// The hour's start, unix ms.
    pub hour_ms: i64,
    /// Transmissions.
    pub transmissions: u64,
}

/// One payload type's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TypeMix {
    /// The firmware name.
    pub payload_type: &'static str,
    /// Unique transmissions.
    pub transmissions: u64,
    /// Observations.
    pub observations: u64,
}

/// Transmissions with one hop count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HopCount {
    /// Hops of the longest observed path.
    pub hops: u8,
    /// Transmissions.
    pub transmissions: u64,
}

/// The Overview of `store` at `now_ms` (which decides the active nodes).
pub fn overview(store: &Store, now_ms: i64) -> Overview {
    let aggregates = store.aggregates();
    let hop_counts = hop_counts(store);
    let hop_pairs = hop_counts
        .iter()
        .enumerate()
        .map(|(hops, count)| (hops as f64, *count));
    let sizes = packet_size_counts(store);
    let snr = value_counts(&aggregates.snr, 4.0);
    let rssi = value_counts(&aggregates.rssi, 1.0);
    let span = store.time_span();
    let mut payload_types: Vec<TypeMix> = aggregates
        .payload_types
        .iter()
        .map(|(kind, count)| TypeMix {
            payload_type: kind.name(),
            transmissions: count.transmissions,
            observations: count.observations,
        })
        .collect();
    payload_types.sort_by_key(|entry| Reverse(entry.transmissions));
    let hours = aggregates.hourly.buckets();
    Overview {
        totals: totals(store, now_ms),
        packets_per_hour: hours
            .get(hours.len().saturating_sub(MAX_HOURS)..)
            .unwrap_or_default()
            .iter()
            .map(|bucket| HourCount {
                hour_ms: bucket.start_ms(),
                transmissions: u64::from(bucket.transmissions),
            })
            .collect(),
        payload_types,
        hop_distribution: hop_counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(hops, count)| HopCount {
                hops: hops as u8,
                transmissions: *count,
            })
            .collect(),
        snr: Stats::of_counts(snr.iter().copied()),
        rssi: Stats::of_counts(rssi.iter().copied()),
        hops: Stats::of_counts(hop_pairs),
        packet_size: Stats::of_counts(
            sizes
                .iter()
                .enumerate()
                .map(|(len, count)| (len as f64, *count)),
        ),
        span_hours: span.map_or(0.0, |(first, last)| {
            last.saturating_sub(first) as f64 / HOUR_MS as f64
        }),
    }
}

fn totals(store: &Store, now_ms: i64) -> Totals {
    let active_since = now_ms.saturating_sub(ACTIVE_WINDOW_MS);
    let active_nodes = store
        .nodes()
        .iter()
        .filter(|(_, node)| node.last_seen >= active_since)
        .count();
    let channels = store.channels();
    let decryptable = channels
        .iter()
        .filter(|(id, _)| !channels.messages(*id).is_empty())
        .count();
    let encrypted = encrypted_hashes(store).count();
    Totals {
        transmissions: store.transmission_count() as u64,
        observations: store.observation_count() as u64,
        observations_with_signal: store.aggregates().snr.total(),
        nodes: store.nodes().len() as u64,
        active_nodes: active_nodes as u64,
        observers: store.observers().len() as u64,
        channels: (decryptable + encrypted) as u64,
        decryptable_channels: decryptable as u64,
    }
}

/// Transmissions per hop count of their longest observed path (0-63), TRACE left out.
fn hop_counts(store: &Store) -> [u64; 64] {
    let mut counts = [0u64; 64];
    let txs = store.transmissions();
    for (index, header) in txs.header_column().iter().enumerate() {
        if PayloadType::from_header(header) == PayloadType::Trace {
            continue;
        }
        if let Some(count) = txs
            .longest_path(TxId(index as u32))
            .and_then(|(hops, _)| counts.get_mut(usize::from(hops)))
        {
            *count += 1;
        }
    }
    counts
}
