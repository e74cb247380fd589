//! The RF and Overview analytics on hand-built stores with known answers: SNR and RSSI statistics (true median,
//! population standard deviation), CoreScope's histogram binning, packet sizes, SNR by payload type, signal over
//! time, the scatter, the per-observer breakdown; totals, hop counts by longest path (zero-hop counted, TRACE
//! left out), active nodes by `now_ms`, channel counts.

mod store_support;

use meshscope::analytics::{overview, rf};
use meshscope::protocol::crypto::ChannelKey;
use meshscope::protocol::{PacketRepr, PayloadRepr, Route, TraceRepr, encode_packet};
use meshscope::store::Store;
use store_support::{
    Heard, T0, ZERO_HOP_DIRECT, ack, advert, flood, group_text, identity, store_of,
};

const HOUR: i64 = 3_600_000;

/// An observer's name, observations, mean SNR and RSSI count.
type ObserverRow<'a> = (Option<&'a str>, u64, Option<f64>, Option<u64>);

fn hearing(
    offset_ms: i64,
    observer: u32,
    snr: Option<f32>,
    rssi: Option<i16>,
    packet: &[u8],
) -> Heard {
    Heard {
        time_ms: T0 + offset_ms,
        observer,
        snr_db: snr,
        rssi_dbm: rssi,
        packet: packet.to_vec(),
    }
}

fn trace(tag: u32, snrs: &[u8]) -> Vec<u8> {
    let payload = PayloadRepr::Trace(TraceRepr {
        tag,
        auth: 7,
        flags: 0,
        route: &[0x11, 0x22, 0x33],
    });
    let repr = PacketRepr::with_path(Route::Direct, 1, snrs, payload).unwrap();
    let mut out = Vec::new();
    encode_packet(&repr, &mut out).unwrap();
    out
}

/// Six ACKs, one hearing each, SNR -10, -2.5, 0, 4.75, 10, 12 dB; RSSI -120, -100, -90, -80, -80, unknown.
fn six_acks() -> Vec<Heard> {
    let snrs = [-10.0, -2.5, 0.0, 4.75, 10.0, 12.0];
    let rssis = [
        Some(-120),
        Some(-100),
        Some(-90),
        Some(-80),
        Some(-80),
        None,
    ];
    snrs.iter()
        .zip(rssis)
        .enumerate()
        .map(|(i, (&snr, rssi))| {
            let packet = ack(i as u32, flood(&[]));
            hearing(i as i64 * HOUR, (i % 2) as u32, Some(snr), rssi, &packet)
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn signal_statistics_and_histograms() {
    let store = store_of(&six_acks());
    let snapshot = rf(&store);
    assert_eq!(
        (
            snapshot.observations,
            snapshot.observations_with_snr,
            snapshot.observations_with_rssi,
            snapshot.transmissions
        ),
        (6, 6, 5, 6)
    );
    let snr = snapshot.snr.unwrap();
    assert_eq!((snr.count, snr.min, snr.max), (6, -10.0, 12.0));
    assert!(close(snr.mean, 14.25 / 6.0));
    // The true median of an even count: (0 + 4.75) / 2 (CoreScope's sorted[n/2] gives 4.75).
    assert_eq!(snr.median, 2.375);
    let squares = [-10.0f64, -2.5, 0.0, 4.75, 10.0, 12.0]
        .iter()
        .map(|v| (v - snr.mean).powi(2))
        .sum::<f64>();
    assert!(close(snr.std_dev, (squares / 6.0).sqrt()));
    let rssi = snapshot.rssi.unwrap();
    // -120, -100, -90, -80, -80: odd count, the middle value.
    assert_eq!((rssi.count, rssi.median, rssi.mean), (5, -90.0, -94.0));
    // 20 bins of (12 - -10) / 20 = 1.1 dB: -10 in bin 0, -2.5 in 6, 0 in 9, 4.75 in 13, 10 in 18, 12 clamped
    // into 19.
    let bins = snapshot.snr_histogram.unwrap();
    assert_eq!((bins.min, bins.max, bins.bins.len()), (-10.0, 12.0, 20));
    let filled: Vec<(usize, u64)> = bins
        .bins
        .iter()
        .enumerate()
        .filter(|(_, bin)| bin.count > 0)
        .map(|(index, bin)| (index, bin.count))
        .collect();
    assert_eq!(filled, [(0, 1), (6, 1), (9, 1), (13, 1), (18, 1), (19, 1)]);
    assert!(close(bins.bins[3].x, -10.0 + 3.0 * 1.1));
    assert!(bins.bins.iter().all(|bin| close(bin.w, 1.1)));
    let rssi_bins = snapshot.rssi_histogram.unwrap();
    assert_eq!(rssi_bins.bins.first().map(|b| b.count), Some(1));
    assert_eq!(rssi_bins.bins.last().map(|b| b.count), Some(2));
    // Every ACK is 6 bytes: one value, a zero range binned with width 1/25.
    let sizes = snapshot.packet_size.unwrap();
    assert_eq!(
        (sizes.count, sizes.min, sizes.max, sizes.mean),
        (6, 6.0, 6.0, 6.0)
    );
    let size_bins = snapshot.packet_size_histogram.unwrap();
    assert_eq!((size_bins.bins.len(), size_bins.bins[0].count), (25, 6));
    assert_eq!(snapshot.span_hours, 5.0);
    assert_eq!(snapshot.first_ms, Some(T0));
}

#[test]
fn by_type_over_time_scatter_and_observers() {
    let public = ChannelKey::public();
    let message = group_text(&public, 1, "Ann", "hi", flood(&[0x11]));
    let mut hearings = six_acks();
    hearings.push(hearing(30 * 60_000, 2, Some(-4.0), Some(-110), &message));
    hearings.push(hearing(31 * 60_000, 3, None, Some(-105), &message));
    let store = store_of(&hearings);
    let snapshot = rf(&store);
    let types: Vec<(&str, u64, f64, f64, f64)> = snapshot
        .snr_by_type
        .iter()
        .map(|t| {
            (
                t.payload_type,
                t.snr.count,
                t.snr.mean,
                t.snr.min,
                t.snr.max,
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("ACK", 6, 14.25 / 6.0, -10.0, 12.0),
            ("GRP_TXT", 1, -4.0, -4.0, -4.0)
        ]
    );
    // Hour 0 holds the first ACK (-10 dB, -120 dBm) and both GRP_TXT hearings (-4 dB; -110 and -105 dBm).
    let first = snapshot.signal_over_time[0];
    assert_eq!(
        (first.hour_ms, first.observations, first.snr_count),
        (T0, 3, 2)
    );
    assert_eq!(first.mean_snr, Some(-7.0));
    assert_eq!(first.mean_rssi, Some(-335.0 / 3.0));
    assert_eq!(snapshot.signal_over_time.len(), 6);
    assert_eq!(snapshot.signal_over_time[5].mean_rssi, None);
    // Few observations: every one with both values, in observation order.
    let scatter: Vec<(f64, f64)> = snapshot.scatter.iter().map(|p| (p.snr, p.rssi)).collect();
    assert_eq!(
        scatter,
        [
            (-10.0, -120.0),
            (-2.5, -100.0),
            (0.0, -90.0),
            (4.75, -80.0),
            (10.0, -80.0),
            (-4.0, -110.0)
        ]
    );
    // Observers 0 and 1 took the ACKs in turn, 2 and 3 the message.
    let observers: Vec<ObserverRow> = snapshot
        .observers
        .iter()
        .map(|o| {
            (
                o.name.as_deref(),
                o.observations,
                o.snr.map(|s| s.mean),
                o.rssi.map(|s| s.count),
            )
        })
        .collect();
    assert_eq!(
        observers,
        [
            (Some("obs0"), 3, Some(0.0), Some(3)),
            (Some("obs1"), 3, Some(4.75), Some(2)),
            (Some("obs2"), 1, Some(-4.0), Some(1)),
            (Some("obs3"), 1, None, Some(1)),
        ]
    );
    let zero = snapshot.observers[0].snr.unwrap();
    assert_eq!((zero.min, zero.max), (-10.0, 10.0));
}

#[test]
fn the_scatter_is_thinned_to_about_500_points() {
    let hearings: Vec<Heard> = (0..5_000)
        .map(|i| {
            let rssi = if i % 2 == 0 { Some(-100) } else { None };
            hearing(i, 0, Some(1.0), rssi, &ack(i as u32, flood(&[])))
        })
        .collect();
    let snapshot = rf(&store_of(&hearings));
    // Every 10th observation; all of them even, so all have an RSSI.
    assert_eq!(snapshot.scatter.len(), 500);
    let odd: Vec<Heard> = (0..5_000)
        .map(|i| {
            let rssi = if i % 20 == 0 { Some(-100) } else { None };
            hearing(i, 0, Some(1.0), rssi, &ack(i as u32, flood(&[])))
        })
        .collect();
    // Every 10th observation, of which every other has an RSSI.
    assert_eq!(rf(&store_of(&odd)).scatter.len(), 250);
}

#[test]
fn empty_store_gives_empty_snapshots() {
    let store = Store::new();
    let snapshot = rf(&store);
    assert_eq!(snapshot.snr, None);
    assert_eq!(snapshot.snr_histogram, None);
    assert_eq!(snapshot.packet_size, None);
    assert!(snapshot.scatter.is_empty() && snapshot.observers.is_empty());
    assert_eq!(snapshot.span_hours, 0.0);
    let view = overview(&store, T0);
    assert_eq!(view.totals.transmissions, 0);
    assert_eq!((view.hops, view.snr), (None, None));
    assert!(view.packets_per_hour.is_empty() && view.hop_distribution.is_empty());
}

#[test]
fn overview_counts_hops_nodes_and_channels() {
    let hill = identity(1);
    let far = identity(2);
    let test = ChannelKey::from_hashtag("#test");
    let secret = ChannelKey::from_hashtag("#secret");
    let relayed = ack(1, flood(&[0x11, 0x22]));
    let hearings = vec![
        // A zero-hop advert of `hill`, heard late.
        hearing(
            20 * HOUR,
            0,
            Some(3.0),
            Some(-90),
            &advert(&hill, 1, "Hill", None, ZERO_HOP_DIRECT),
        ),
        // `far` advertised more than a day before `now` (T0 + 25 h): not active.
        hearing(
            0,
            0,
            Some(1.0),
            Some(-95),
            &advert(&far, 1, "Far", Some((0, 0)), flood(&[0x33])),
        ),
        // An ACK heard over 2 hops and, by another observer, over 1 (a shorter copy of the same packet).
        hearing(HOUR, 1, Some(2.0), Some(-99), &relayed),
        hearing(
            HOUR + 10,
            2,
            Some(-1.0),
            Some(-101),
            &ack(1, flood(&[0x11])),
        ),
        // A TRACE with 3 SNR bytes: left out of hop counts.
        hearing(2 * HOUR, 1, Some(0.0), Some(-100), &trace(9, &[4, 8, 12])),
        // #test is known but sends nothing; #secret is unknown.
        hearing(
            2 * HOUR,
            3,
            None,
            None,
            &group_text(&secret, 5, "Eve", "x", flood(&[])),
        ),
    ];
    let mut store = store_of(&hearings);
    store.add_channel("#test", test);
    let view = overview(&store, T0 + 25 * HOUR);
    let totals = view.totals;
    assert_eq!(
        (
            totals.transmissions,
            totals.observations,
            totals.observations_with_signal
        ),
        (5, 6, 5)
    );
    assert_eq!(
        (totals.nodes, totals.active_nodes, totals.observers),
        (2, 1, 4)
    );
    // Channels with traffic: only the unknown hash byte; Public and #test have no messages.
    assert_eq!((totals.channels, totals.decryptable_channels), (1, 0));
    let hops: Vec<(u8, u64)> = view
        .hop_distribution
        .iter()
        .map(|h| (h.hops, h.transmissions))
        .collect();
    // Advert 0 hops, group text 0, advert 1, ACK 2 (its longest path).
    assert_eq!(hops, [(0, 2), (1, 1), (2, 1)]);
    let hop_stats = view.hops.unwrap();
    assert_eq!(
        (
            hop_stats.count,
            hop_stats.mean,
            hop_stats.max,
            hop_stats.median
        ),
        (4, 0.75, 2.0, 0.5)
    );
    let per_hour: Vec<(i64, u64)> = view
        .packets_per_hour
        .iter()
        .map(|h| (h.hour_ms - T0, h.transmissions))
        .collect();
    // The ACK counts once although heard twice.
    assert_eq!(per_hour, [(0, 1), (HOUR, 1), (2 * HOUR, 2), (20 * HOUR, 1)]);
    assert_eq!(view.payload_types[0].payload_type, "ADVERT");
    assert_eq!(
        (
            view.payload_types[0].transmissions,
            view.payload_types.len()
        ),
        (2, 4)
    );
    assert_eq!(view.span_hours, 20.0);
    let snr = view.snr.unwrap();
    assert_eq!((snr.count, snr.min, snr.max), (5, -1.0, 3.0));
}

#[test]
fn a_known_channel_with_messages_is_decryptable() {
    let test = ChannelKey::from_hashtag("#test");
    let hearings = vec![
        hearing(
            0,
            0,
            None,
            None,
            &group_text(&test, 1, "Bo", "a", flood(&[])),
        ),
        hearing(
            1,
            0,
            None,
            None,
            &group_text(&ChannelKey::public(), 2, "Ann", "b", flood(&[])),
        ),
    ];
    let mut store = store_of(&hearings);
    let before = overview(&store, T0).totals;
    assert_eq!((before.channels, before.decryptable_channels), (2, 1));
    store.add_channel("#test", test);
    let after = overview(&store, T0).totals;
    assert_eq!((after.channels, after.decryptable_channels), (2, 2));
}
