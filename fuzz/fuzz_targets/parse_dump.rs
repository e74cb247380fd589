//! The dump parser in every format on arbitrary input, then the store. The first byte picks the format (low two
//! bits) and the chunk size (the rest, plus one), so chunk boundaries are fuzzed too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use meshscope::ingest::{Batch, Format, Parser, Position};
use meshscope::store::{ObserverKind, Store};

const FORMATS: [Format; 4] = [
    Format::F1Json,
    Format::HexLines,
    Format::SerialCapture,
    Format::Export,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(selector & 3)];
    let chunk = usize::from(selector >> 2) + 1;
    let _ = Format::detect(input);
    let mut parser = Parser::new(format);
    let mut batch = Batch::new();
    for piece in input.chunks(chunk) {
        parser.feed(piece, &mut batch);
    }
    parser.finish(&mut batch);
    let lines = input.iter().filter(|&&byte| byte == b'\n').count() as u64 + 1;
    for bad in &batch.bad_records {
        match bad.position {
            Position::Line(line) => assert!((1..=lines).contains(&line)),
            Position::Byte(offset) => assert!(offset < input.len() as u64),
        }
    }
    let mut store = Store::new();
    let report = store.ingest(&batch, parser.observers(), ObserverKind::File);
    assert_eq!(
        report.added + report.repeats + report.malformed + report.dropped,
        batch.records().len() as u64
    );
});
