//! The companion radio as a packet source: handshake, radio info, packets attributed to the radio
//! once SELF_INFO names it, garbage and broken frames, timeouts, reconnection.

mod live_support;

use live_support::*;
use meshscope::ingest::live::{
    HANDSHAKE_TIMEOUT_MS, PROVISIONAL_NAME, Pending, RadioInfo, RadioLink,
};
use meshscope::ingest::{BadReason, Batch, Observation, ObserverInfo, Position};
use proptest::prelude::*;

const OPENED: i64 = 1_704_110_400_000;

fn started() -> RadioLink {
    let mut link = RadioLink::new(Pending::default());
    let mut out = Vec::new();
    link.start(OPENED, &mut out);
    assert_eq!(out, handshake());
    link
}

/// What one drain delivered: observations with their packets, the observer table, the whole batch.
type Drained = (Vec<(Observation, Vec<u8>)>, Vec<ObserverInfo>, Batch);

fn drain(link: &mut RadioLink, now: i64) -> Drained {
    let mut got = (Vec::new(), Vec::new(), Batch::new());
    link.drain(now, |batch, observers| {
        got.0 = batch.iter().map(|(o, p)| (*o, p.to_vec())).collect();
        got.1 = observers.to_vec();
        got.2 = batch.clone();
    });
    got
}

#[test]
fn packets_before_self_info_wait_for_the_radio_to_name_itself() {
    let mut link = started();
    let early = log_rx(48, -75, &ACK);
    assert!(!link.receive(&early, OPENED + 10));
    assert_eq!(link.held(), 1);
    assert!(
        drain(&mut link, OPENED + 20).0.is_empty(),
        "held back, not delivered"
    );

    let mut replies = device_info();
    replies.extend(self_info());
    assert!(link.receive(&replies, OPENED + 30));
    assert_eq!(
        link.info(),
        &RadioInfo {
            name: Some("Hilltop".into()),
            public_key: Some(RADIO_KEY),
            model: Some("Heltec V3".into()),
            firmware: Some("v1.9.0".into()),
            build_date: Some("14 Aug 2026".into()),
            firmware_code: Some(9),
            frequency_mhz: Some(910.525),
            bandwidth_khz: Some(62.5),
            spreading_factor: Some(7),
            coding_rate: Some(5),
            tx_power_dbm: Some(22),
        }
    );
    link.receive(&log_rx(-10, -110, &numbered_packet(1)), OPENED + 40);

    let (observations, observers, _) = drain(&mut link, OPENED + 50);
    assert_eq!(
        observers,
        vec![ObserverInfo {
            id: Some(RADIO_KEY),
            name: Some("Hilltop".into()),
            iata: None
        }]
    );
    assert_eq!(
        observations,
        vec![
            (
                Observation {
                    timestamp_ms: OPENED + 10,
                    snr_db: Some(12.0),
                    rssi_dbm: Some(-75),
                    observer: 0,
                    source: 0,
                },
                ACK.to_vec()
            ),
            (
                Observation {
                    timestamp_ms: OPENED + 40,
                    snr_db: Some(-2.5),
                    rssi_dbm: Some(-110),
                    observer: 0,
                    source: (early.len() + replies.len()) as u64,
                },
                numbered_packet(1)
            ),
        ]
    );
    let counters = link.pending().counters();
    assert_eq!(
        (counters.messages, counters.packets, counters.connections),
        (4, 2, 1)
    );
}

#[test]
fn garbage_empty_frames_and_other_frames_are_skipped_and_counted() {
    let mut link = started();
    let mut stream = self_info();
    stream.extend_from_slice(b"\x00\xFFnoise");
    stream.extend(frame(&[]));
    stream.extend(log_rx(4, -90, &ACK));
    stream.extend(frame(&[0x00])); // OK
    stream.extend(frame(&[0x88, 0x10])); // LOG_RX_DATA too short for SNR and RSSI
    stream.extend(log_rx(4, -90, &[])); // no packet
    stream.extend(log_rx(8, -91, &numbered_packet(2)));
    link.receive(&stream, OPENED + 1);
    let (observations, _, batch) = drain(&mut link, OPENED + 2);
    let packets: Vec<Vec<u8>> = observations.into_iter().map(|(_, p)| p).collect();
    assert_eq!(packets, vec![ACK.to_vec(), numbered_packet(2)]);
    let bad: Vec<BadReason> = batch.bad_records.iter().map(|b| b.reason).collect();
    assert!(
        matches!(
            bad[..],
            [BadReason::MalformedFrame(_), BadReason::EmptyPacket]
        ),
        "{bad:?}"
    );
    let counters = link.pending().counters();
    assert_eq!(counters.skipped_bytes, 7);
    assert_eq!(
        (counters.ignored, counters.bad, counters.packets),
        (1, 2, 2)
    );
}

#[test]
fn without_self_info_packets_go_to_a_provisional_observer() {
    let mut link = started();
    link.receive(&log_rx(0, -80, &ACK), OPENED + 100);
    assert!(
        drain(&mut link, OPENED + HANDSHAKE_TIMEOUT_MS - 1)
            .0
            .is_empty()
    );
    let (observations, observers, _) = drain(&mut link, OPENED + HANDSHAKE_TIMEOUT_MS);
    assert_eq!(observations.len(), 1);
    assert_eq!(observers[0].name.as_deref(), Some(PROVISIONAL_NAME));
    // A late SELF_INFO names the radio from then on; what was delivered stays with the provisional one.
    link.receive(&self_info(), OPENED + 6_000);
    link.receive(&log_rx(0, -80, &ACK), OPENED + 6_001);
    let (observations, observers, _) = drain(&mut link, OPENED + 6_002);
    assert_eq!(observations[0].0.observer, 1);
    assert_eq!(observers[1].id, Some(RADIO_KEY));
}

#[test]
fn a_lost_connection_keeps_everything_and_reports_the_cut_frame() {
    let mut link = started();
    let mut stream = log_rx(0, -80, &ACK);
    let cut = log_rx(0, -80, &numbered_packet(3));
    stream.extend_from_slice(&cut[..6]);
    link.receive(&stream, OPENED + 1);
    link.connection_lost();
    let (observations, observers, batch) = drain(&mut link, OPENED + 2);
    assert_eq!(
        observations.len(),
        1,
        "held packet delivered to the provisional observer"
    );
    assert_eq!(observers[0].name.as_deref(), Some(PROVISIONAL_NAME));
    let bad: Vec<(Position, BadReason)> = batch
        .bad_records
        .iter()
        .map(|b| (b.position, b.reason))
        .collect();
    assert_eq!(bad, vec![(Position::Byte(16), BadReason::Truncated)]);

    // Reconnected: a new handshake, a fresh framer, the same radio under its own key.
    let mut out = Vec::new();
    link.start(OPENED + 1_000, &mut out);
    assert_eq!(out, handshake());
    let mut stream = self_info();
    stream.extend(log_rx(0, -80, &numbered_packet(4)));
    link.receive(&stream, OPENED + 1_001);
    let (observations, observers, _) = drain(&mut link, OPENED + 1_002);
    assert_eq!(observations.len(), 1);
    assert_eq!(
        observers[observations[0].0.observer as usize].id,
        Some(RADIO_KEY)
    );
    assert_eq!(link.pending().counters().connections, 2);
}

/// A capture: replies, then packets with garbage and empty frames mixed in.
fn capture(count: u8) -> Vec<u8> {
    let mut stream = device_info();
    stream.extend(self_info());
    for n in 0..count {
        if n % 3 == 0 {
            stream.extend_from_slice(b"\x01\x02");
        }
        if n % 4 == 1 {
            stream.extend(frame(&[]));
        }
        stream.extend(log_rx(n as i8, -(n as i8), &numbered_packet(n)));
    }
    stream
}

proptest! {
    /// Chunked anywhere, a capture gives the same packets, observers and counters.
    #[test]
    fn chunking_does_not_matter(count in 0u8..30, cuts in proptest::collection::vec(1usize..40, 0..60)) {
        let stream = capture(count);
        let run = |sizes: &[usize]| {
            let mut link = started();
            let mut rest = &stream[..];
            let mut sizes = sizes.iter().copied().cycle();
            while !rest.is_empty() {
                let size = sizes.next().unwrap_or(rest.len()).min(rest.len());
                link.receive(&rest[..size], OPENED);
                rest = &rest[size..];
            }
            let (observations, observers, _) = drain(&mut link, OPENED);
            (observations, observers, link.pending().counters())
        };
        let whole = run(&[]);
        let chunked = run(&cuts);
        prop_assert_eq!(&whole, &chunked);
        prop_assert_eq!(whole.0.len(), count as usize);
    }

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut link = started();
        link.receive(&bytes, OPENED);
        link.connection_lost();
        let (observations, observers, _) = drain(&mut link, OPENED + HANDSHAKE_TIMEOUT_MS);
        for (observation, _) in observations {
            prop_assert!((observation.observer as usize) < observers.len());
        }
    }
}
