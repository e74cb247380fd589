//! Malformed packets are counted by reason and kept with their bytes; bad records are counted too.

mod store_support;

use meshscope::ingest::{BadReason, BadRecord, Position};
use meshscope::protocol::Error;
use meshscope::store::malformed::MalformedReason;
use store_support::*;

#[test]
fn counted_with_reasons_and_kept() {
    let mut hearings = vec![
        // Version bits 01: the firmware drops it.
        heard(0, 0, &[0x51, 0x00, 1, 2, 3, 4]),
        // path_len 0xC1: reserved hash size.
        heard(1, 0, &[0x11, 0xC1, 0xAA]),
        // A path of 5 hops announced, 2 bytes present.
        heard(2, 1, &[0x0D, 0x05, 0xAA, 0xBB]),
        // Reserved payload type 0x0C.
        heard(3, 1, &[0x31, 0x00, 1, 2]),
    ];
    hearings.push(heard(4, 0, &ack(1, flood(&[]))));
    let mut batch = batch(&hearings);
    batch.bad_records.push(BadRecord {
        position: Position::Line(9),
        field: Some("raw"),
        column: Some(4),
        reason: BadReason::BadHexDigit,
    });
    let mut store = Store::new();
    let report = store.ingest(&batch, &observers(2), meshscope::store::ObserverKind::File);
    assert_eq!(
        (report.added, report.malformed, report.bad_records),
        (1, 4, 1)
    );
    let malformed = store.malformed();
    assert_eq!(malformed.packet_count(), 4);
    let reasons: Vec<(&str, &str, u64)> = malformed
        .reasons()
        .iter()
        .map(|(reason, count)| (reason.kind, reason.field, *count))
        .collect();
    assert_eq!(
        reasons,
        [
            ("reserved_hash_size", "path_len", 1),
            ("reserved_payload_type", "header", 1),
            ("truncated", "path", 1),
            ("unsupported_version", "header", 1),
        ]
    );
    let first = malformed.packets()[0];
    assert_eq!(first.error, Error::UnsupportedVersion { version: 1 });
    assert_eq!((first.source, first.time_ms), (1, T0));
    assert_eq!(malformed.raw(&first), [0x51, 0x00, 1, 2, 3, 4]);
    let truncated = malformed.packets()[2];
    assert_eq!(
        truncated.error,
        Error::Truncated {
            field: "path",
            at: 2
        }
    );
    assert_eq!(MalformedReason::of(&truncated.error).kind, "truncated");
    assert_eq!(malformed.bad_record_count(), 1);
    assert_eq!(malformed.bad_records()[0].position, Position::Line(9));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Any bytes from any observer at any time: never a panic, and the store stays consistent.
    #[test]
    fn untrusted_bytes_never_panic(
        packets in proptest::collection::vec(
            (proptest::collection::vec(proptest::prelude::any::<u8>(), 1..255), 0u32..3, proptest::prelude::any::<i64>()),
            1..40,
        )
    ) {
        let mut hearings: Vec<Heard> = packets
            .iter()
            .map(|(bytes, observer, time)| Heard {
                time_ms: *time,
                observer: *observer,
                snr_db: Some(f32::from(bytes[0]) - 100.0),
                rssi_dbm: Some(-i16::from(bytes[0])),
                packet: bytes.clone(),
            })
            .collect();
        // And a few that decode, with their bytes mutated.
        for (i, (bytes, _, _)) in packets.iter().enumerate().take(8) {
            let mut packet = ack(i as u32, flood(&bytes[..bytes.len().min(3)]));
            let at = usize::from(bytes[0]) % packet.len();
            packet[at] ^= bytes[bytes.len() - 1];
            hearings.push(heard(i as i64, 0, &packet));
        }
        let mut store = Store::new();
        let report = ingest(&mut store, &hearings);
        proptest::prop_assert_eq!(report.added + report.repeats + report.malformed, hearings.len() as u64);
        check_consistency(&store);
    }
}
