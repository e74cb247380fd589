//! The packet table as CSV on a hand-built store: grouped and per-observation rows with hand-written
//! expected lines, spreadsheet formula names defused, unknown ids skipped.

mod analytics_graph_support;

use analytics_graph_support::*;
use meshscope::analytics::packet_csv::{header, packets_csv, push_row};
use meshscope::filter::Mode;
use meshscope::protocol::{Packet, Role};
use meshscope::store::Store;

fn hash_text(packet: &[u8]) -> String {
    Packet::new_checked(packet).unwrap().hash().to_string()
}

struct Fixture {
    store: Store,
    advert: Vec<u8>,
    far: Vec<u8>,
    ack: Vec<u8>,
}

/// An advert of a node named `=cmd, "x"` heard by `north` over one hop and by `south` over two, then an
/// ACK heard by `south` only.
fn fixture() -> Fixture {
    let node = TestNode::new(&[0x42], 1, "=cmd, \"x\"", Role::Repeater, None);
    let advert = advert(&node, 1_700_000_000, flood(1, &[0xCD]));
    let far = advert_copy(&node, &[0xCD, 0xEF]);
    let ack = ack(7, flood(1, &[]));
    let observers = vec![anonymous_observer("north"), anonymous_observer("south")];
    let mut first = heard(T0, 0, advert.clone());
    first.snr_db = Some(7.25);
    let mut second = heard(T0 + 2_500, 1, far.clone());
    second.rssi_dbm = Some(-101);
    let third = heard(T0 + HOUR, 1, ack.clone());
    let store = store_of(&observers, &[first, second, third]);
    Fixture {
        store,
        advert,
        far,
        ack,
    }
}

/// The same advert heard over `path`.
fn advert_copy(node: &TestNode, path: &[u8]) -> Vec<u8> {
    advert(node, 1_700_000_000, flood(1, path))
}

#[test]
fn grouped_rows_are_newest_first_with_the_longest_path() {
    let f = fixture();
    let ids: Vec<u32> = f.store.by_time().iter().rev().map(|tx| tx.0).collect();
    let csv = packets_csv(&f.store, Mode::Transmissions, ids);
    let expected = format!(
        "{}\
         2024-01-01T01:00:00.000Z,{},ACK,FLOOD,{},0,,1,1,6,,,\r\n\
         2024-01-01T00:00:00.000Z,{},ADVERT,FLOOD,{},2,CD EF,2,2,7.25,\"'=cmd, \"\"x\"\"\",,\r\n",
        header(Mode::Transmissions),
        hash_text(&f.ack),
        f.ack.len(),
        hash_text(&f.advert),
        f.advert.len(),
    );
    assert_eq!(csv, expected);
    assert_eq!(hash_text(&f.advert), hash_text(&f.far), "one transmission");
}

#[test]
fn observation_rows_carry_their_own_observer_path_and_signal() {
    let f = fixture();
    let count = f.store.observation_count() as u32;
    assert_eq!(count, 3);
    let csv = packets_csv(&f.store, Mode::Observations, (0..count).rev());
    let advert_hash = hash_text(&f.advert);
    let size = f.advert.len();
    let expected = format!(
        "{}\
         2024-01-01T01:00:00.000Z,{},ACK,FLOOD,{},0,,south,6,-95,,,\r\n\
         2024-01-01T00:00:02.500Z,{advert_hash},ADVERT,FLOOD,{size},2,CD EF,south,6,-101,\"'=cmd, \"\"x\"\"\",,\r\n\
         2024-01-01T00:00:00.000Z,{advert_hash},ADVERT,FLOOD,{size},1,CD,north,7.25,-95,\"'=cmd, \"\"x\"\"\",,\r\n",
        header(Mode::Observations),
        hash_text(&f.ack),
        f.ack.len(),
    );
    assert_eq!(csv, expected);
}

#[test]
fn unknown_ids_write_nothing() {
    let f = fixture();
    let mut out = String::new();
    assert!(!push_row(&mut out, &f.store, Mode::Transmissions, 99));
    assert!(!push_row(&mut out, &f.store, Mode::Observations, 99));
    assert_eq!(out, "");
    assert!(push_row(&mut out, &f.store, Mode::Observations, 0));
    assert!(out.ends_with("\r\n"));
}

#[test]
fn every_row_has_as_many_fields_as_the_header() {
    let f = fixture();
    for mode in [Mode::Transmissions, Mode::Observations] {
        let ids: Vec<u32> = match mode {
            Mode::Transmissions => f.store.by_time().iter().map(|tx| tx.0).collect(),
            Mode::Observations => (0..f.store.observation_count() as u32).collect(),
        };
        let csv = packets_csv(&f.store, mode, ids);
        let columns = header(mode).split(',').count();
        for line in csv.split("\r\n").filter(|line| !line.is_empty()) {
            assert_eq!(fields(line), columns, "{line}");
        }
    }
}

/// The number of fields of one RFC 4180 line (quoted commas do not split).
fn fields(line: &str) -> usize {
    let mut quoted = false;
    let mut count = 1;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => count += 1,
            _ => {}
        }
    }
    count
}
