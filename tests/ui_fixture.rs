//! The hostile-names fixture of the end-to-end tests (`tests/e2e/fixtures/hostile.jsonl`): observer JSON Lines
//! (F.1) whose node names, sender names, message texts and observer name are HTML, so the tests can check the
//! pages show them as text. This test builds the file from signed packets and fails when the committed copy
//! differs; `MESHSCOPE_WRITE_FIXTURES=1 cargo test --test ui_fixture` rewrites it.
//!
//! The mesh: repeaters A (hostile name, no position: an advert has room for 23 name bytes beside one) and B
//! (an observer too, by key), and C whose key starts with A's
//! first byte, so the 1-byte hop A is ambiguous. B hears A's advert with no hop (a zero-hop link), C's advert
//! through A's prefix, and messages on Public (hostile sender and text) and on `#test` (opened only when
//! `#test` is added). The JSON is written with `serde_json`, which escapes nothing HTML cares about.

mod store_support;

use std::path::Path;

use meshscope::hex;
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::crypto::{ChannelKey, Identity};
use meshscope::store::{ObserverKind, Store};
use store_support::{ZERO_HOP_DIRECT, advert, flood, group_text, identity};

const FIXTURE: &str = "tests/e2e/fixtures/hostile.jsonl";
/// What the end-to-end tests need to know of it: node keys, packet hashes, the hostile strings.
const META: &str = "tests/e2e/fixtures/hostile.meta.json";
/// The hostile node name the tests look for.
const HOSTILE_NODE: &str = "<img src=x onerror=alert(1)>";
/// 2026-01-01T00:00:00Z, unix seconds.
const T0_S: u32 = 1_767_225_600;

/// The seed of a repeater whose key starts with the same byte as `other`'s.
fn colliding_seed(other: &Identity) -> u8 {
    (3..=u8::MAX)
        .find(|&seed| identity(seed).public_key()[0] == other.public_key()[0])
        .expect("some seed collides on one byte")
}

fn line(observer: &str, observer_key: &[u8; 32], second: u32, raw: &[u8], snr: &str) -> String {
    let value = serde_json::json!({
        "origin": observer,
        "origin_id": hex::encode_upper(observer_key),
        "timestamp": format!("2026-01-01T00:{:02}:{:02}.000000+00:00", second / 60, second % 60),
        "type": "PACKET",
        "direction": "rx",
        "raw": hex::encode_upper(raw),
        "SNR": snr,
        "RSSI": "-101",
    });
    format!("{value}\n")
}

fn fixture() -> String {
    let a = identity(1);
    let b = identity(2);
    let c = identity(colliding_seed(&a));
    let observer = "<script>alert(\"observer\")</script>";
    let key = b.public_key();
    let public = ChannelKey::public();
    let test = ChannelKey::from_hashtag("#test");
    let a_hop = [a.public_key()[0]];
    let b_hop = [b.public_key()[0]];
    let packets = [
        advert(&a, T0_S + 10, HOSTILE_NODE, None, ZERO_HOP_DIRECT),
        advert(
            &b,
            T0_S + 20,
            "Ridge & <b>Co</b>",
            Some((47_650_000, -122_200_000)),
            ZERO_HOP_DIRECT,
        ),
        advert(
            &c,
            T0_S + 30,
            "Twin \"prefix\"",
            Some((47_560_000, -122_400_000)),
            flood(&a_hop),
        ),
        group_text(
            &public,
            T0_S + 40,
            "<img src=x onerror=alert(3)>",
            "</p><script>alert(4)</script> & hi",
            flood(&b_hop),
        ),
        group_text(
            &test,
            T0_S + 50,
            "tester",
            "hello from #test <i>x</i>",
            flood(&b_hop),
        ),
        group_text(
            &test,
            T0_S + 60,
            "tester",
            "second #test message",
            flood(&a_hop),
        ),
    ];
    packets
        .iter()
        .enumerate()
        .map(|(index, raw)| line(observer, &key, 10 * index as u32 + 11, raw, "7.25"))
        .collect()
}

/// The fixture read into a store.
fn store_of(text: &str) -> Store {
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    parser.feed(text.as_bytes(), &mut batch);
    parser.finish(&mut batch);
    assert!(batch.bad_records.is_empty(), "{:?}", batch.bad_records);
    let mut store = Store::new();
    store.ingest(&batch, parser.observers(), ObserverKind::File);
    store
}

/// The metadata file of `text`.
fn meta(text: &str) -> String {
    let store = store_of(text);
    let hash = |index: usize| {
        let tx = store.by_time()[index];
        store.transmission(tx).unwrap().hash.to_string()
    };
    let key = |seed: u8| hex::encode_lower(&identity(seed).public_key());
    let value = serde_json::json!({
        "hostile_node": HOSTILE_NODE,
        "node_a": key(1),
        "node_b": key(2),
        "node_c": key(colliding_seed(&identity(1))),
        "a_prefix": hex::encode_upper(&identity(1).public_key()[..1]),
        "route_packet": hash(2),
        "public_sender": "<img src=x onerror=alert(3)>",
        "public_text": "</p><script>alert(4)</script> & hi",
        "observer": "<script>alert(\"observer\")</script>",
        "test_messages": 2,
        "located_nodes": 2,
        "node_b_name": "Ridge & <b>Co</b>",
    });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
}

#[test]
fn committed_fixture_is_current() {
    let text = fixture();
    let meta = meta(&text);
    if std::env::var_os("MESHSCOPE_WRITE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, &text).unwrap();
        std::fs::write(META, &meta).unwrap();
    }
    let stale = "is out of date: run MESHSCOPE_WRITE_FIXTURES=1 cargo test --test ui_fixture";
    let committed = std::fs::read_to_string(Path::new(FIXTURE)).unwrap_or_default();
    assert!(committed == text, "{FIXTURE} {stale}");
    let committed = std::fs::read_to_string(Path::new(META)).unwrap_or_default();
    assert!(committed == meta, "{META} {stale}");
}

#[test]
fn fixture_reads_as_intended() {
    let mut store = store_of(&fixture());
    assert_eq!(store.transmission_count(), 6);
    assert_eq!(store.nodes().len(), 3);
    let names: Vec<&str> = store
        .nodes()
        .iter()
        .filter_map(|(_, node)| store.string(node.name?))
        .collect();
    assert!(names.contains(&HOSTILE_NODE), "{names:?}");
    // A's one-byte prefix is shared with C.
    let a = identity(1).public_key();
    assert_eq!(store.candidates(&a[..1]).len(), 2);
    // Public opens one message; #test's two stay encrypted until the channel is added.
    assert_eq!(store.channels().message_count(), 1);
    let added = store.add_channel("#test", ChannelKey::from_hashtag("#test"));
    assert_eq!(added.decrypted, 2);
}
