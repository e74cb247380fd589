//! Filter evaluation on hand-built stores: every field, the grouped (any observation) semantics, fields a
//! packet lacks, and the matcher following a growing store.

mod store_support;

use meshscope::filter::{Filter, Matcher, Mode, matching};
use meshscope::ingest::ObserverInfo;
use meshscope::protocol::crypto::ChannelKey;
use meshscope::protocol::{PacketRepr, PayloadRepr, Route, TraceRepr, encode_packet};
use meshscope::store::{ObserverKind, Store, TxId};
use store_support::*;

/// Three observers: Seattle Roof (SEA, key 0x11..), Portland Hill (PDX, key 0x22..), and a keyless one.
fn three_observers() -> Vec<ObserverInfo> {
    vec![
        ObserverInfo {
            id: Some([0x11; 32]),
            name: Some("Seattle Roof".into()),
            iata: Some("SEA".into()),
        },
        ObserverInfo {
            id: Some([0x22; 32]),
            name: Some("Portland Hill".into()),
            iata: Some("PDX".into()),
        },
        ObserverInfo {
            id: None,
            name: Some("<b>bare</b>".into()),
            iata: None,
        },
    ]
}

fn hear(offset_ms: i64, observer: u32, snr: f32, packet: &[u8]) -> Heard {
    Heard {
        snr_db: Some(snr),
        ..heard(offset_ms, observer, packet)
    }
}

fn trace(path_snrs: &[u8]) -> Vec<u8> {
    let route = [0xA3, 0x5F];
    let repr = TraceRepr {
        tag: 7,
        auth: 9,
        flags: 0,
        route: &route,
    };
    let packet =
        PacketRepr::with_path(Route::Direct, 1, path_snrs, PayloadRepr::Trace(repr)).unwrap();
    let mut out = Vec::new();
    encode_packet(&packet, &mut out).unwrap();
    out
}

/// The packets, in first-heard order:
/// 0. "Rooftop" advert (signed), heard by SEA at 9 dB with path A3 5F, and by PDX at -3 dB with path A3.
/// 1. Public message "alice: hello world", heard by PDX at 2 dB with path 5F 12 44.
/// 2. ACK, heard by the bare observer without SNR and with no path.
/// 3. #test message "bob: Ping", heard by SEA at 12 dB, path 12.
/// 4. A TXT_MSG datagram from 0xBB to 0xAA, heard by SEA at -11 dB, path A3 12.
/// 5. A group message on a channel nobody knows, heard by PDX.
/// 6. A forged advert "Mallory" (bad signature), heard by PDX.
/// 7. A TRACE whose path holds 2 SNR bytes, heard by SEA.
fn store() -> (Store, Vec<Vec<u8>>) {
    let roof = identity(1);
    let mallory = identity(2);
    let packets: Vec<Vec<u8>> = vec![
        advert(
            &roof,
            1_000,
            "Rooftop",
            Some((47_600_000, -122_300_000)),
            flood(&[0xA3, 0x5F]),
        ),
        group_text(
            &ChannelKey::public(),
            2_000,
            "alice",
            "hello world",
            flood(&[0x5F, 0x12, 0x44]),
        ),
        ack(0xDEAD_BEEF, flood(&[])),
        group_text(
            &ChannelKey::from_hashtag("#test"),
            3_000,
            "bob",
            "Ping",
            flood(&[0x12]),
        ),
        datagram(0xAA, 0xBB, 1, flood(&[0xA3, 0x12])),
        group_text(
            &ChannelKey::from_hashtag("#secret"),
            4_000,
            "eve",
            "psst",
            flood(&[]),
        ),
        forged_advert(&mallory, 5_000, "Mallory", flood(&[])),
        trace(&[0x10, 0xF0]),
    ];
    let advert_short = advert(
        &roof,
        1_000,
        "Rooftop",
        Some((47_600_000, -122_300_000)),
        flood(&[0xA3]),
    );
    let mut store = Store::new();
    store.add_channel("#test", ChannelKey::from_hashtag("#test"));
    let mut ack_heard = heard(2_000, 2, &packets[2]);
    ack_heard.snr_db = None;
    let hearings = vec![
        hear(0, 0, 9.0, &packets[0]),
        hear(500, 1, -3.0, &advert_short),
        hear(1_000, 1, 2.0, &packets[1]),
        ack_heard,
        hear(3_000, 0, 12.0, &packets[3]),
        hear(4_000, 0, -11.0, &packets[4]),
        hear(5_000, 1, 1.0, &packets[5]),
        hear(6_000, 1, 1.0, &packets[6]),
        hear(7_000, 0, 4.0, &packets[7]),
    ];
    store.ingest(&batch(&hearings), &three_observers(), ObserverKind::Mqtt);
    assert_eq!(store.transmission_count(), 8);
    (store, packets)
}

/// No transmission.
const NONE: [usize; 0] = [];

/// The indexes (first-heard order) of the transmissions `filter` passes, grouped.
fn txs(store: &Store, filter: &str) -> Vec<usize> {
    let filter = Filter::parse(filter).unwrap_or_else(|err| panic!("{filter}: {err}"));
    matching(&filter, store, Mode::Transmissions)
        .into_iter()
        .map(|id| {
            store
                .by_time()
                .iter()
                .position(|&tx| tx == TxId(id))
                .unwrap()
        })
        .collect()
}

/// The observation ids `filter` passes, one per observation.
fn obs(store: &Store, filter: &str) -> Vec<u32> {
    let filter = Filter::parse(filter).unwrap();
    matching(&filter, store, Mode::Observations)
}

#[test]
fn transmission_fields() {
    let (store, _) = store();
    assert_eq!(txs(&store, ""), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(txs(&store, "type == ADVERT"), [0, 6]);
    assert_eq!(txs(&store, "type == 'channel msg'"), [1, 3, 5]);
    assert_eq!(txs(&store, "type == dm || type == ack"), [2, 4]);
    assert_eq!(txs(&store, "type == trace"), [7]);
    assert_eq!(txs(&store, "route == direct"), [7]);
    assert_eq!(
        txs(&store, "route != direct && !(type == group)"),
        [0, 2, 4, 6]
    );
    assert_eq!(txs(&store, "name contains roof"), [0]);
    assert_eq!(txs(&store, "name == MALLORY"), [6]);
    assert_eq!(
        txs(&store, "name != Rooftop"),
        [6],
        "a packet without a name fails != too"
    );
    assert_eq!(txs(&store, "!(name == Rooftop)"), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(txs(&store, "verified"), [0]);
    assert_eq!(txs(&store, "verified == false"), [6]);
    assert_eq!(txs(&store, "channel == public"), [1]);
    assert_eq!(txs(&store, "channel == \"#TEST\""), [3]);
    let secret_hash = format!("{:02x}", ChannelKey::from_hashtag("#secret").hash());
    assert_eq!(txs(&store, &format!("channel == {secret_hash}")), [5]);
    assert_eq!(txs(&store, "decrypted"), [1, 3]);
    assert_eq!(txs(&store, "decrypted == false"), [5]);
    assert_eq!(txs(&store, "sender == Alice"), [1]);
    assert_eq!(
        txs(&store, "sender starts_with b || text contains WORLD"),
        [1, 3]
    );
    assert_eq!(txs(&store, "text == ping"), [3]);
    assert_eq!(txs(&store, "observations == 2"), [0]);
    assert_eq!(txs(&store, "observers >= 2"), [0]);
    assert_eq!(txs(&store, "raw contains DEADBEEF"), NONE);
    assert_eq!(
        txs(&store, "payload_hex == efbeadde"),
        [2],
        "the ACK's CRC is little-endian"
    );
    assert_eq!(txs(&store, "raw starts_with 0d00"), [2]);
    assert_eq!(
        txs(&store, "payload_hex starts_with AABB"),
        [4],
        "datagram: dest then source hash"
    );
    let ack_hash = store
        .transmission(store.by_time()[2])
        .unwrap()
        .hash
        .to_string();
    assert_eq!(
        txs(&store, &format!("hash == {}", ack_hash.to_uppercase())),
        [2]
    );
    assert_eq!(
        txs(&store, &format!("hash starts_with {}", &ack_hash[..4])),
        [2]
    );
    let ack_size = store.raw(store.by_time()[2]).unwrap().len();
    assert_eq!(txs(&store, &format!("size == {ack_size}")), [2]);
}

#[test]
fn observation_fields_by_transmission_and_by_observation() {
    let (store, _) = store();
    // SNR: the advert was heard at 9 and -3 dB; the ACK had no SNR.
    assert_eq!(txs(&store, "snr > 5"), [0, 3]);
    assert_eq!(obs(&store, "snr > 5"), [0, 4]);
    assert_eq!(txs(&store, "snr < 0"), [0, 4]);
    assert_eq!(
        txs(&store, "snr != 1"),
        [0, 1, 3, 4, 7],
        "no SNR fails != too"
    );
    assert_eq!(txs(&store, "rssi == -90"), [0, 1, 2, 3, 4, 5, 6, 7]);
    // Observers by name, IATA code or key prefix, case-insensitive.
    assert_eq!(txs(&store, "observer == sea"), [0, 3, 4, 7]);
    assert_eq!(txs(&store, "observer == 2222"), [0, 1, 5, 6]);
    assert_eq!(txs(&store, "observer contains hill"), [0, 1, 5, 6]);
    assert_eq!(txs(&store, "observer == '<b>bare</b>'"), [2]);
    assert_eq!(obs(&store, "observer == PDX"), [1, 2, 6, 7]);
    // Grouped: != passes a transmission heard by someone else; heard_by tests the transmission.
    assert_eq!(txs(&store, "observer != SEA"), [0, 1, 2, 5, 6]);
    assert_eq!(txs(&store, "!(observer == SEA)"), [0, 1, 2, 5, 6]);
    assert_eq!(txs(&store, "!(heard_by == SEA)"), [1, 2, 5, 6]);
    assert_eq!(txs(&store, "heard_by != SEA"), [1, 2, 5, 6]);
    // The whole filter must hold for one observation: SEA heard the advert at 9 dB, PDX at -3 dB.
    assert_eq!(txs(&store, "observer == SEA && snr < 0"), [4]);
    assert_eq!(txs(&store, "observer == PDX && snr < 0"), [0]);
    assert_eq!(
        txs(&store, "type == advert && observer == PDX && snr > 5"),
        NONE
    );
    assert_eq!(
        txs(&store, "heard_by == PDX && snr > 5"),
        [0],
        "heard_by is a transmission test"
    );
    // Hops and paths per hearing; TRACE path bytes are SNRs, not hops.
    assert_eq!(txs(&store, "hops >= 2"), [0, 1, 4, 7]);
    assert_eq!(obs(&store, "hops == 1"), [1, 4]);
    assert_eq!(txs(&store, "path contains A3"), [0, 4]);
    assert_eq!(obs(&store, "path contains A3"), [0, 1, 5]);
    assert_eq!(txs(&store, "path contains \"5F 12\""), [1]);
    assert_eq!(txs(&store, "path starts_with 12"), [3]);
    assert_eq!(txs(&store, "path ends_with 12"), [3, 4]);
    assert_eq!(txs(&store, "path == A3"), [0]);
    assert_eq!(txs(&store, "path == ''"), [2, 5, 6, 7]);
    assert_eq!(txs(&store, "type == trace && path contains 10"), NONE);
    // Time of a hearing.
    assert_eq!(txs(&store, "time >= 2024-01-01T00:00:05"), [5, 6, 7]);
    assert_eq!(obs(&store, "time < 1704067200.6"), [0, 1]);
}

#[test]
fn path_parts_match_node_names() {
    // A repeater whose key starts with 0x5F..., then a packet relayed through it.
    let repeater = identity(0x5F);
    let key_byte = repeater.public_key()[0];
    let named = advert(&repeater, 100, "Hilltop", None, flood(&[]));
    let relayed = ack(1, flood(&[0x01, key_byte]));
    let store = store_of(&[heard(0, 0, &named), heard(10, 1, &relayed)]);
    assert_eq!(txs(&store, "path contains hilltop"), [1]);
    assert_eq!(txs(&store, "path ends_with \"01 → Hill\""), [1]);
    assert_eq!(txs(&store, "path starts_with hilltop"), NONE);
}

#[test]
fn the_matcher_follows_a_growing_store() {
    let (mut store, packets) = store();
    let filter = Filter::parse("observations >= 2 && snr > 0").unwrap();
    let mut by_tx = Matcher::new(&filter, Mode::Transmissions);
    let mut by_obs = Matcher::new(&filter, Mode::Observations);
    // Small budgets: the scan takes several steps.
    let mut steps = 0;
    while !by_tx.step(&store, 3).settled {
        steps += 1;
    }
    assert!(
        steps >= 2,
        "a budget of 3 should need several steps, took {steps}"
    );
    while !by_obs.step(&store, 3).settled {}
    assert_eq!(by_tx.count(), 1);
    assert_eq!(by_obs.ids(&store), [0]);
    // The #test message is heard again: it now has two observations, and both pass.
    let again = hear(9_000, 1, 6.5, &packets[3]);
    store.ingest(&batch(&[again]), &three_observers(), ObserverKind::Mqtt);
    while !by_tx.step(&store, 100).settled {}
    while !by_obs.step(&store, 100).settled {}
    assert_eq!(by_tx.count(), 2);
    assert_eq!(by_obs.ids(&store), [0, 4, 9]);
    assert_eq!(
        by_tx.ids(&store),
        matching(&filter, &store, Mode::Transmissions),
        "incremental and full scans agree"
    );
    // Adding a channel key changes no observation count: the next step rescans.
    let before = by_tx.count();
    let decrypted = Filter::parse("decrypted").unwrap();
    let mut by_key = Matcher::new(&decrypted, Mode::Transmissions);
    while !by_key.step(&store, 100).settled {}
    assert_eq!(by_key.count(), 2);
    store.add_channel("#secret", ChannelKey::from_hashtag("#secret"));
    while !by_key.step(&store, 100).settled {}
    assert_eq!(by_key.count(), 3);
    assert_eq!(by_tx.count(), before);
}

#[test]
fn matches_after_eviction_are_recomputed() {
    let hearings = mixed_hearings(400, 4);
    let mut store = store_of(&hearings);
    let filter = Filter::parse("type == advert || hops > 2").unwrap();
    let mut matcher = Matcher::new(&filter, Mode::Transmissions);
    while !matcher.step(&store, 50).settled {}
    let before = matcher.count();
    assert!(before > 0);
    let budget = store.memory().total / 2;
    store.set_budget(Some(budget));
    assert!(store.evicted().transmissions > 0, "the budget should evict");
    while !matcher.step(&store, 50).settled {}
    assert_eq!(
        matcher.ids(&store),
        matching(&filter, &store, Mode::Transmissions)
    );
    assert!(matcher.count() < before);
}
