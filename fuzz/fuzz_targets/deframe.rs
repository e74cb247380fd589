//! Companion serial framing on arbitrary bytes: the deframer (first byte picks the chunk size), each frame's
//! decoder, and the session that drives a live radio.

#![no_main]

use libfuzzer_sys::fuzz_target;
use meshscope::companion::{Deframer, RadioFrame, Session};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let mut deframer = Deframer::new();
    for piece in input.chunks(usize::from(selector) + 1) {
        let mut rest = piece;
        while !rest.is_empty() {
            let (used, frame) = deframer.feed(rest);
            if let Some(frame) = frame {
                assert!(!frame.body.is_empty());
                let _ = RadioFrame::parse(frame.body);
            }
            assert!(used > 0);
            rest = rest.get(used..).unwrap_or_default();
        }
    }
    assert_eq!(deframer.stream_offset(), input.len() as u64);
    let mut session = Session::new();
    let mut rest = input;
    while !rest.is_empty() {
        let (used, _) = session.receive(rest);
        assert!(used > 0);
        rest = rest.get(used..).unwrap_or_default();
    }
});
