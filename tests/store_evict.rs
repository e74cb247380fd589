//! Eviction under a memory budget: the oldest transmissions go with all their observations, the count is kept,
//! and the store stays consistent; what remains equals a fresh store of the survivors.

mod store_support;

use std::collections::BTreeMap;

use meshscope::protocol::{PacketRepr, PayloadRepr, PayloadType, Route, TraceRepr, encode_packet};
use meshscope::store::aggregates::{
    Histogram, HourBucket, HourSignal, LinkEnd, LinkTally, NodeTally, ObserverSignal,
    ObserverTally, SignalPair, TypeCount,
};
use meshscope::store::budget::EVICT_TO_PERCENT;
use meshscope::store::index::HopHash;
use meshscope::store::{NodeId, ObsId, ObserverId, TxId};
use proptest::prelude::*;
use store_support::*;

#[test]
fn evicts_the_oldest_down_to_the_target() {
    let mut store = store_of(&mixed_hearings(30_000, 48));
    let before = store.memory();
    let (txs, obs) = (store.transmission_count(), store.observation_count());
    let budget = before.total / 2;
    let evicted = store.set_budget(Some(budget));
    assert!(evicted.transmissions > 0);
    let after = store.memory();
    assert!(after.total <= budget, "{} > {budget}", after.total);
    assert!(
        after.total >= budget / 100 * EVICT_TO_PERCENT / 2,
        "evicted far too much: {}",
        after.total
    );
    assert_eq!(
        store.transmission_count() as u64 + evicted.transmissions,
        txs as u64
    );
    assert_eq!(
        store.observation_count() as u64 + evicted.observations,
        obs as u64
    );
    assert_eq!(store.evicted(), evicted);
    assert_eq!(store.generation(), 1);
    // The oldest went: every survivor is newer than every evicted transmission.
    let oldest_left = store
        .transmission(store.by_time()[0])
        .unwrap()
        .first_seen_ms;
    assert!(oldest_left > T0);
    check_consistency(&store);
    // What is left is what a store of the survivors holds (nodes excepted: they outlive their adverts).
    let mut expected = contents(&reimport(&store));
    let mut got = contents(&store);
    expected.nodes.clear();
    got.nodes.clear();
    assert_eq!(got, expected);
    // Nodes survive.
    assert_eq!(store.nodes().len(), 6);
}

#[test]
fn ingest_keeps_the_store_under_budget() {
    let hearings = mixed_hearings(20_000, 24);
    let mut store = Store::new();
    store.set_budget(Some(600_000));
    let mut added = 0;
    for chunk in hearings.chunks(1_000) {
        let report = ingest(&mut store, chunk);
        added += report.added;
        assert!(store.memory().total <= 600_000);
    }
    assert!(store.evicted().observations > 0);
    assert_eq!(
        store.observation_count() as u64 + store.evicted().observations,
        added
    );
    check_consistency(&store);
}

#[derive(Debug, Clone)]
enum Step {
    Ingest(Vec<(usize, u32, i64)>),
    Budget(u8),
    Unbounded,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec((0usize..240, 0u32..5, -600_000i64..3_600_000), 1..60).prop_map(Step::Ingest),
        1 => (10u8..100).prop_map(Step::Budget),
        1 => Just(Step::Unbounded),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_ingest_and_eviction_keep_invariants(steps in prop::collection::vec(step(), 1..8)) {
        let pool = mixed_hearings(240, 2);
        let mut store = Store::new();
        let mut added = 0;
        for step in steps {
            match step {
                Step::Ingest(picks) => {
                    let hearings: Vec<Heard> = picks
                        .iter()
                        .map(|&(index, observer, shift)| Heard {
                            time_ms: pool[index].time_ms + shift,
                            observer,
                            ..pool[index].clone()
                        })
                        .collect();
                    added += ingest(&mut store, &hearings).added;
                }
                Step::Budget(percent) => {
                    let budget = store.memory().total / 100 * usize::from(percent);
                    store.set_budget(Some(budget));
                    prop_assert!(store.memory().total <= budget || store.transmission_count() == 0);
                }
                Step::Unbounded => {
                    store.set_budget(None);
                }
            }
            check_consistency(&store);
            prop_assert_eq!(store.observation_count() as u64 + store.evicted().observations, added);
        }
    }
}

#[test]
fn clear_forgets_everything_but_the_budget_and_moves_the_revision_on() {
    let mut store = store_of(&mixed_hearings(2_000, 4));
    store.set_budget(Some(50_000_000));
    assert!(store.observation_count() > 0);
    let revision = store.revision();
    store.clear();
    assert_eq!(store.observation_count(), 0);
    assert_eq!(store.transmission_count(), 0);
    assert_eq!(store.nodes().len(), 0);
    assert_eq!(store.budget(), Some(50_000_000));
    assert!(store.revision() > revision);
    let report = ingest(&mut store, &mixed_hearings(100, 1));
    assert!(report.added > 0);
    check_consistency(&store);
}

/// One end of a link, by key rather than by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    Node([u8; 32]),
    Observer(Option<[u8; 32]>),
    Hop(HopHash),
}

/// A transmission's links: observation count, newest, longest path, its observations newest first.
type Row = (TxId, u32, Option<ObsId>, Option<(u8, ObsId)>, Vec<ObsId>);
/// A byte's datagram source, datagram destination and channel hash lists.
type ByteLists = (u8, Vec<TxId>, Vec<TxId>, Vec<TxId>);
/// A histogram's counts, range and total.
type HistogramView = (Vec<(i16, u64)>, Option<(i16, i16)>, u64);
/// A node's tally, SNR sum and count, and the observers that heard it (by key).
type NodeView = (NodeTally, i64, u64, Vec<Option<[u8; 32]>>);

/// Every index and aggregate eviction renumbers or recounts, with nodes and observers named by key (their ids
/// differ between a store and a fresh one). Tallies that count nothing are left out: a fresh store has none.
#[derive(Debug, PartialEq)]
struct Derived {
    rows: Vec<Row>,
    by_time: Vec<TxId>,
    by_type: Vec<Vec<TxId>>,
    by_observer: BTreeMap<Option<[u8; 32]>, Vec<ObsId>>,
    by_originator: BTreeMap<[u8; 32], Vec<TxId>>,
    hops: BTreeMap<HopHash, (Vec<TxId>, i64, i64, u64)>,
    bytes: Vec<ByteLists>,
    byte_times: Vec<(u8, [(i64, i64); 3])>,
    histograms: [HistogramView; 2],
    hourly: Vec<HourBucket>,
    payload_types: Vec<(u8, TypeCount)>,
    observers: BTreeMap<Option<[u8; 32]>, (ObserverTally, ObserverSignal)>,
    nodes: BTreeMap<[u8; 32], NodeView>,
    links: BTreeMap<(End, End), LinkTally>,
    signal_by_type: Vec<SignalPair>,
    signal_hours: Vec<HourSignal>,
}

/// Asserts `got` equals `expected`, naming the first field that differs and where.
fn assert_same(got: &Derived, expected: &Derived) {
    macro_rules! fields {
        ($($field:ident),*) => {$(
            if got.$field != expected.$field {
                let (got, expected) = (format!("{:?}", got.$field), format!("{:?}", expected.$field));
                let at = got.chars().zip(expected.chars()).take_while(|(a, b)| a == b).count();
                let from = at.saturating_sub(200);
                panic!(
                    "{} differ at {at}:\n got: {}\nwant: {}",
                    stringify!($field),
                    got.get(from..(at + 300).min(got.len())).unwrap_or(&got),
                    expected.get(from..(at + 300).min(expected.len())).unwrap_or(&expected),
                );
            }
        )*};
    }
    fields!(
        rows,
        by_time,
        by_type,
        by_observer,
        by_originator,
        hops,
        bytes,
        byte_times,
        histograms,
        hourly,
        payload_types,
        observers,
        nodes,
        links,
        signal_by_type,
        signal_hours
    );
}

fn derived(store: &Store) -> Derived {
    let node_key = |id: NodeId| store.nodes().get(id).unwrap().public_key;
    let observer_key = |id: ObserverId| store.observers().get(id).unwrap().public_key;
    let end = |end: LinkEnd| match end {
        LinkEnd::Node(id) => End::Node(node_key(id)),
        LinkEnd::Observer(id) => End::Observer(observer_key(id)),
        LinkEnd::Hop(hop) => End::Hop(hop),
    };
    let aggregates = store.aggregates();
    let indexes = store.indexes();
    let histogram = |h: &Histogram| (h.iter().collect(), h.range(), h.total());
    Derived {
        rows: (0..store.transmission_count() as u32)
            .map(|index| {
                let row = store.transmission(TxId(index)).unwrap();
                let list = store.observations_of(row.id).collect();
                (row.id, row.observations, row.newest, row.longest_path, list)
            })
            .collect(),
        by_time: store.by_time().to_vec(),
        by_type: (0..16)
            .map(|bits| store.txs_by_type(PayloadType::from_bits(bits)).to_vec())
            .collect(),
        by_observer: store
            .observers()
            .iter()
            .map(|(id, observer)| (observer.public_key, store.obs_by_observer(id).collect()))
            .filter(|(_, list): &(_, Vec<ObsId>)| !list.is_empty())
            .collect(),
        by_originator: store
            .nodes()
            .iter()
            .map(|(id, node)| (node.public_key, store.txs_by_originator(id).to_vec()))
            .filter(|(_, list)| !list.is_empty())
            .collect(),
        hops: indexes
            .hop
            .iter()
            .map(|(hop, e)| {
                let txs = e.transmissions().to_vec();
                (hop, (txs, e.first_seen, e.last_seen, e.observations))
            })
            .collect(),
        bytes: (0..=255u8)
            .map(|byte| {
                (
                    byte,
                    store.txs_by_datagram_src(byte).to_vec(),
                    store.txs_by_datagram_dest(byte).to_vec(),
                    store.txs_by_channel_hash(byte).to_vec(),
                )
            })
            .collect(),
        byte_times: (0..=255u8)
            .map(|byte| {
                let times = [
                    &indexes.datagram_src,
                    &indexes.datagram_dest,
                    &indexes.channel_hash,
                ]
                .map(|index| (index.get(byte).first_seen, index.get(byte).last_seen));
                (byte, times)
            })
            .collect(),
        histograms: [histogram(&aggregates.snr), histogram(&aggregates.rssi)],
        hourly: aggregates.hourly.buckets().to_vec(),
        payload_types: aggregates
            .payload_types
            .iter()
            .map(|(kind, count)| (kind.bits(), count))
            .collect(),
        observers: store
            .observers()
            .iter()
            .filter_map(|(id, observer)| {
                let tally = *aggregates.observers.get(id)?;
                let signal = *aggregates.signal.observer(id)?;
                (tally.observations > 0).then_some((observer.public_key, (tally, signal)))
            })
            .collect(),
        nodes: store
            .nodes()
            .iter()
            .filter_map(|(id, node)| {
                let tally = aggregates.nodes.get(id).copied().unwrap_or_default();
                let signal = aggregates.node_signals.get(id).cloned().unwrap_or_default();
                let mut heard_by: Vec<_> = signal
                    .observers()
                    .iter()
                    .map(|&o| observer_key(o))
                    .collect();
                heard_by.sort();
                let signal = (signal.snr_sum_quarter_db, signal.snr_count, heard_by);
                (tally.transmissions > 0)
                    .then_some((node.public_key, (tally, signal.0, signal.1, signal.2)))
            })
            .collect(),
        links: aggregates
            .links
            .iter()
            .map(|(key, tally)| ((end(key.from), end(key.to)), *tally))
            .collect(),
        signal_by_type: (0..16)
            .map(|bits| aggregates.signal.by_type(bits))
            .collect(),
        signal_hours: aggregates.signal.hours().to_vec(),
    }
}

/// Hearings of every kind eviction treats apart: originated packets heard directly and through 1- and 2-byte
/// paths, messages, datagrams, TRACE paths of SNRs, copies with another header byte, unknown signals, and
/// observers that stop early, so their tallies and index lists must go.
fn varied_hearings(count: usize) -> Vec<Heard> {
    let mut hearings = mixed_hearings(count, 12);
    for (i, heard) in hearings.iter_mut().enumerate() {
        if i % 11 == 0 {
            heard.snr_db = None;
        }
        if i % 13 == 0 && heard.packet[0] & 0x03 == 0x01 {
            // The same packet sent DIRECT: a raw variant whose links do not count as flooded.
            heard.packet[0] = heard.packet[0] & !0x03 | 0x02;
        }
        if i < count / 3 && i % 4 == 3 {
            heard.observer = 5 + (i % 3) as u32;
        }
    }
    // SNR bytes equal to a hop path's bytes: one path entry, read two ways.
    for i in 0..count / 20 {
        let offset = (i as i64) * 12 * 3_600_000 / (count / 20) as i64;
        hearings.push(heard(
            offset,
            (i % 4) as u32,
            &trace_packet(&[0x11, 0x22], i as u32),
        ));
    }
    hearings.sort_by_key(|h| h.time_ms);
    hearings
}

#[test]
fn eviction_equals_a_fresh_store_of_the_survivors() {
    let mut store = store_of(&varied_hearings(12_000));
    let budget = store.memory().total * 45 / 100;
    let evicted = store.set_budget(Some(budget));
    assert!(evicted.transmissions > 0);
    check_consistency(&store);
    let fresh = reimport(&store);
    assert_same(&derived(&store), &derived(&fresh));
    // Memory: the maps as a fresh build sizes them, the rest no more (columns and lists lose spare capacity).
    let (got, expected) = (store.memory(), fresh.memory());
    assert_eq!(
        (got.paths, got.transmission_maps),
        (expected.paths, expected.transmission_maps)
    );
    assert!(got.indexes <= expected.indexes, "{got:?}\n{expected:?}");
    assert!(
        got.aggregates <= expected.aggregates,
        "{got:?}\n{expected:?}"
    );
    // Nodes outlive their adverts; the rest is the same.
    let mut expected = contents(&fresh);
    let mut got = contents(&store);
    expected.nodes.clear();
    got.nodes.clear();
    assert_eq!(got, expected);
}

/// A TRACE with tag `tag` whose path holds the SNR bytes `snrs`.
fn trace_packet(snrs: &[u8], tag: u32) -> Vec<u8> {
    let payload = PayloadRepr::Trace(TraceRepr {
        tag,
        auth: 0,
        flags: 0,
        route: &[0x11, 0x22],
    });
    let mut out = Vec::new();
    encode_packet(
        &PacketRepr::with_path(Route::Direct, 1, snrs, payload).unwrap(),
        &mut out,
    )
    .unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn eviction_at_any_budget_equals_a_fresh_store(count in 200usize..1_500, percent in 5usize..100) {
        let mut store = store_of(&varied_hearings(count));
        store.set_budget(Some(store.memory().total / 100 * percent));
        check_consistency(&store);
        assert_same(&derived(&store), &derived(&reimport(&store)));
    }
}
