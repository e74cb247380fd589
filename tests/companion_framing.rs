//! The companion deframer on byte streams: chunking, garbage, empty, truncated and oversize frames.

use meshscope::companion::{Deframer, Direction, FramerStats, PendingFrame, encode_frame};
use proptest::prelude::*;

/// The spec's illustration: LOG_RX_DATA of the ACK `0D04B891647EBB40BA70` at SNR 12.0, RSSI -75.
const ILLUSTRATION: [u8; 16] = [
    0x3E, 0x0D, 0x00, 0x88, 0x30, 0xB5, 0x0D, 0x04, 0xB8, 0x91, 0x64, 0x7E, 0xBB, 0x40, 0xBA, 0x70,
];

/// `(direction, offset, body)` of one frame.
type Seen = (Direction, u64, Vec<u8>);

/// Feeds `input` cut at `cuts` (sorted offsets) and collects every frame.
fn run(deframer: &mut Deframer, input: &[u8], cuts: &[usize]) -> Vec<Seen> {
    let mut frames = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&input.len())) {
        let mut chunk = &input[start.min(end)..end];
        while !chunk.is_empty() {
            let (used, frame) = deframer.feed(chunk);
            if let Some(frame) = frame {
                frames.push((frame.direction, frame.offset, frame.body.to_vec()));
            }
            chunk = &chunk[used..];
        }
        start = end;
    }
    frames
}

fn one_byte_cuts(input: &[u8]) -> Vec<usize> {
    (1..input.len()).collect()
}

#[test]
fn spec_illustration_byte_at_a_time() {
    let mut deframer = Deframer::new();
    let frames = run(&mut deframer, &ILLUSTRATION, &one_byte_cuts(&ILLUSTRATION));
    assert_eq!(
        frames,
        vec![(Direction::FromRadio, 0, ILLUSTRATION[3..].to_vec())]
    );
    assert_eq!(
        deframer.stats(),
        FramerStats {
            frames: 1,
            garbage_bytes: 0,
            empty_frames: 0,
            oversize: 0
        }
    );
}

#[test]
fn garbage_before_and_between_frames() {
    let mut input = b"boot log\r\n".to_vec();
    input.extend_from_slice(&ILLUSTRATION);
    input.extend_from_slice(&[0x00, 0xFF, 0x12]);
    input.extend_from_slice(&[0x3E, 0x01, 0x00, 0x83]);
    let mut deframer = Deframer::new();
    let frames = run(&mut deframer, &input, &[]);
    assert_eq!(
        frames,
        vec![
            (Direction::FromRadio, 10, ILLUSTRATION[3..].to_vec()),
            (Direction::FromRadio, 29, vec![0x83])
        ]
    );
    assert_eq!(deframer.stats().garbage_bytes, 13);
}

#[test]
fn empty_frames_are_skipped_and_counted() {
    let input = [0x3E, 0x00, 0x00, 0x3C, 0x00, 0x00, 0x3E, 0x01, 0x00, 0x00];
    let mut deframer = Deframer::new();
    assert_eq!(
        run(&mut deframer, &input, &[4]),
        vec![(Direction::FromRadio, 6, vec![0x00])]
    );
    assert_eq!(
        deframer.stats(),
        FramerStats {
            frames: 1,
            garbage_bytes: 0,
            empty_frames: 2,
            oversize: 0
        }
    );
}

#[test]
fn truncated_frame_at_the_end_is_pending() {
    let mut deframer = Deframer::new();
    assert_eq!(run(&mut deframer, &ILLUSTRATION[..10], &[5]), vec![]);
    assert_eq!(
        deframer.pending(),
        Some(PendingFrame {
            offset: 0,
            have: 10,
            need: Some(16)
        })
    );
    // The rest arrives later: the frame completes, nothing invented in between.
    assert_eq!(
        run(&mut deframer, &ILLUSTRATION[10..], &[]),
        vec![(Direction::FromRadio, 0, ILLUSTRATION[3..].to_vec())]
    );
    assert_eq!(deframer.pending(), None);

    let mut deframer = Deframer::new();
    run(&mut deframer, &[0x41, 0x3E, 0x05], &[]);
    assert_eq!(
        deframer.pending(),
        Some(PendingFrame {
            offset: 1,
            have: 2,
            need: None
        })
    );
}

#[test]
fn oversize_lengths_resync_at_the_next_start_byte() {
    // 301 bytes announced: over the default bound of 300.
    let mut input = vec![0x3E, 0x2D, 0x01, 0xAA, 0xBB];
    input.extend_from_slice(&ILLUSTRATION);
    let mut deframer = Deframer::new();
    assert_eq!(
        run(&mut deframer, &input, &[2]),
        vec![(Direction::FromRadio, 5, ILLUSTRATION[3..].to_vec())]
    );
    assert_eq!(
        deframer.stats(),
        FramerStats {
            frames: 1,
            garbage_bytes: 5,
            empty_frames: 0,
            oversize: 1
        }
    );

    // A bound of 10 makes the 13-byte illustration oversize; 300 accepts it.
    let mut small = Deframer::new().with_max_len(10);
    assert_eq!(run(&mut small, &ILLUSTRATION, &[]), vec![]);
    assert_eq!(small.stats().oversize, 1);
    let mut exact = Deframer::new().with_max_len(300);
    let mut long = vec![0x3E, 0x2C, 0x01];
    long.extend(std::iter::repeat_n(0x77, 300));
    assert_eq!(run(&mut exact, &long, &[]).len(), 1);
}

/// A stream of frames (with garbage around them) built with the encoder.
fn stream() -> impl Strategy<Value = (Vec<u8>, Vec<Vec<u8>>)> {
    let body = prop::collection::vec(any::<u8>(), 1..=176);
    let garbage = prop::collection::vec(
        any::<u8>().prop_filter("not a start byte", |b| *b != 0x3E && *b != 0x3C),
        0..8,
    );
    prop::collection::vec((garbage, body), 0..12).prop_map(|parts| {
        let mut input = Vec::new();
        let mut bodies = Vec::new();
        for (garbage, body) in parts {
            input.extend_from_slice(&garbage);
            encode_frame(Direction::FromRadio, &body, &mut input).unwrap();
            bodies.push(body);
        }
        (input, bodies)
    })
}

proptest! {
    #[test]
    fn chunking_never_changes_the_frames((input, bodies) in stream(), cuts in prop::collection::vec(any::<usize>(), 0..20)) {
        let mut whole = Deframer::new();
        let expected = run(&mut whole, &input, &[]);
        prop_assert_eq!(expected.iter().map(|f| f.2.clone()).collect::<Vec<_>>(), bodies);

        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (input.len() + 1)).collect();
        cuts.sort_unstable();
        let mut chunked = Deframer::new();
        prop_assert_eq!(&run(&mut chunked, &input, &cuts), &expected);
        prop_assert_eq!(chunked.stats(), whole.stats());

        let mut bytewise = Deframer::new();
        prop_assert_eq!(&run(&mut bytewise, &input, &one_byte_cuts(&input)), &expected);
        prop_assert_eq!(bytewise.stats(), whole.stats());
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_add_up(input in prop::collection::vec(any::<u8>(), 0..2000), cut in any::<usize>()) {
        let mut whole = Deframer::new();
        let frames = run(&mut whole, &input, &[]);
        let mut split = Deframer::new();
        prop_assert_eq!(run(&mut split, &input, &[cut % (input.len() + 1)]), frames.clone());
        let stats = whole.stats();
        let framed: u64 = frames.iter().map(|f| f.2.len() as u64 + 3).sum();
        let pending = whole.pending().map_or(0, |p| p.have as u64);
        // Every byte is counted once: in a frame, as garbage (an oversize header's start byte included;
        // its length bytes are read again), in an empty frame's header, or in the pending frame.
        prop_assert_eq!(framed + stats.garbage_bytes + 3 * stats.empty_frames + pending, input.len() as u64);
        prop_assert_eq!(whole.stream_offset(), input.len() as u64);
    }
}
