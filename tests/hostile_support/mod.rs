//! Shared machinery of the hostile-input corpus: a per-thread allocation counter (so each test measures its own
//! peak heap), a seeded generator, the vectors, and one checker per entry point that takes untrusted bytes.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::PathBuf;

use meshscope::companion::{Deframer, RadioFrame, Session};
use meshscope::ingest::MAX_PACKET_LEN as LORA_FRAME_LEN;
use meshscope::ingest::{Batch, Format, Parser, Position};
use meshscope::protocol::crypto::{ChannelKey, Keyring};
use meshscope::protocol::dissect::{Layer, Node, dissect_with_keys};
use meshscope::protocol::json::PacketJson;
use meshscope::protocol::{Error, decode};
use meshscope::store::{ObserverKind, Store};

/// Counts the heap bytes each thread holds, and their peak, on top of the system allocator.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded unchanged to `System`; the counters are plain thread-local cells that never
// allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            count(layout.size() as isize);
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            count(layout.size() as isize);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(pointer, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `work` and returns its result with the most heap bytes this thread held at once above what it held before.
pub fn peak_growth<R>(work: impl FnOnce() -> R) -> (R, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let result = work();
    let peak = PEAK.with(Cell::get);
    (result, (peak - start).max(0) as usize)
}

/// splitmix64: a seeded, reproducible byte source.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    pub fn fill(&mut self, out: &mut [u8]) {
        for byte in out {
            *byte = self.next() as u8;
        }
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        self.fill(&mut out);
        out
    }
}

/// Every packet of `meshcore-vectors.json` (from `$MESHSCOPE_VECTORS` or `../shared/vectors/`), as bytes.
pub fn vectors() -> Vec<Vec<u8>> {
    let path = std::env::var_os("MESHSCOPE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/vectors/meshcore-vectors.json")
        });
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let serde_json::Value::Array(vectors) = serde_json::from_str(&text).unwrap() else {
        panic!("not an array")
    };
    let packets: Vec<Vec<u8>> = vectors
        .iter()
        .map(|vector| meshscope::hex::decode(vector["hex"].as_str().unwrap()).unwrap())
        .collect();
    assert!(packets.len() >= 20, "only {} vectors", packets.len());
    packets
}

/// A keyring that opens as much as it can: Public, a hashtag channel and a region.
pub fn keyring() -> Keyring {
    let mut keys = Keyring::with_public_channel();
    keys.add_channel("#test", ChannelKey::from_hashtag("#test"));
    keys.add_region("#ottawa");
    keys
}

/// The longest JSON or dissection text one packet may produce: a packet is at most 255 bytes.
const MAX_RENDERED: usize = 64 * 1024;

fn check_node(node: &Node, len: usize, plaintext_len: usize) {
    let bound = match node.layer {
        Layer::Packet => len,
        Layer::Plaintext => plaintext_len,
    };
    assert!(
        node.start <= node.end && node.end <= bound,
        "{} {}..{} outside {bound} bytes",
        node.name,
        node.start,
        node.end
    );
    for child in &node.children {
        check_node(child, len, plaintext_len);
    }
}

/// `decode`, the dissector and the JSON builder on `bytes`: no panic, errors inside the buffer, bounded output.
pub fn check_protocol(bytes: &[u8], keys: &Keyring) {
    match decode(bytes) {
        Ok(decoded) => {
            assert!(
                bytes.len() <= LORA_FRAME_LEN,
                "{} bytes accepted",
                bytes.len()
            );
            assert!(!decoded.packet.to_string().is_empty());
        }
        Err(error) => {
            assert!(
                error.offset() <= bytes.len(),
                "{error:?} past {} bytes",
                bytes.len()
            );
            assert!(!error.field().is_empty());
            let message = error.to_string();
            if matches!(
                error,
                Error::Truncated { .. }
                    | Error::Invalid { .. }
                    | Error::ReservedHashSize { .. }
                    | Error::PathTooLong { .. }
                    | Error::TraceCountTooLarge { .. }
            ) {
                assert!(
                    message.contains(&format!("byte {}", error.offset())),
                    "{message}"
                );
            }
        }
    }
    let dissection = dissect_with_keys(bytes, keys);
    let plaintext_len = dissection.plaintext.as_ref().map_or(0, |hex| hex.len() / 2);
    for node in &dissection.nodes {
        check_node(node, bytes.len(), plaintext_len);
    }
    let rendered = serde_json::to_string(&dissection).unwrap();
    assert!(
        rendered.len() < MAX_RENDERED,
        "dissection of {} bytes",
        rendered.len()
    );
    let json = PacketJson::new(bytes, keys);
    if let Some(error) = &json.error {
        assert!(error.offset <= bytes.len(), "{error:?}");
    }
    let rendered = serde_json::to_string(&json).unwrap();
    assert!(
        rendered.len() < MAX_RENDERED,
        "JSON of {} bytes",
        rendered.len()
    );
    let from_hex = PacketJson::from_hex(&meshscope::hex::encode_upper(bytes), keys);
    assert_eq!(from_hex, json);
}

/// What one parse of one input gave.
pub struct Parsed {
    pub batch: Batch,
    pub parser: Parser,
}

/// Parses `input` as `format`, fed in chunks of `chunk` bytes, then finished.
pub fn parse(format: Format, input: &[u8], chunk: usize) -> Parsed {
    let mut parser = Parser::new(format);
    let mut batch = Batch::new();
    for piece in input.chunks(chunk.max(1)) {
        parser.feed(piece, &mut batch);
    }
    parser.finish(&mut batch);
    Parsed { batch, parser }
}

/// Every record of `parsed` lies inside `input`: lines that exist, byte offsets inside it, packets of 1 to 255
/// bytes, at most one record per line (or per 3-byte frame); every bad record names its position.
pub fn check_parsed(format: Format, input: &[u8], parsed: &Parsed) {
    let lines = memchr::memchr_iter(b'\n', input).count() as u64 + 1;
    let batch = &parsed.batch;
    for (observation, packet) in batch.iter() {
        assert!((1..=255).contains(&packet.len()));
        match format {
            Format::SerialCapture => assert!(observation.source < input.len() as u64),
            _ => assert!((1..=lines).contains(&observation.source)),
        }
    }
    for bad in &batch.bad_records {
        match bad.position {
            Position::Line(line) => {
                assert_ne!(format, Format::SerialCapture);
                assert!((1..=lines).contains(&line), "{bad} of {lines} lines");
                assert!(bad.to_string().starts_with(&format!("line {line}: ")));
            }
            Position::Byte(offset) => {
                assert_eq!(format, Format::SerialCapture);
                assert!(
                    offset < input.len() as u64,
                    "{bad} of {} bytes",
                    input.len()
                );
                assert!(bad.to_string().starts_with(&format!("byte {offset}: ")));
            }
        }
    }
    let records = (batch.records().len() + batch.statuses.len() + batch.bad_records.len()) as u64;
    let most = match format {
        Format::SerialCapture => input.len() as u64 / 3 + 1,
        _ => lines,
    };
    assert!(
        records <= most,
        "{records} records from {most} lines or frames"
    );
    let stats = parsed.parser.stats();
    assert_eq!(stats.observations, batch.records().len() as u64);
    assert_eq!(stats.bad_records, batch.bad_records.len() as u64);
}

/// Ingests `parsed` into `store`: every observation is accounted for.
pub fn check_ingest(store: &mut Store, parsed: &Parsed) {
    let report = store.ingest(&parsed.batch, parsed.parser.observers(), ObserverKind::File);
    assert_eq!(
        report.added + report.repeats + report.malformed + report.dropped,
        parsed.batch.records().len() as u64
    );
    assert_eq!(report.dropped, 0);
    assert_eq!(report.bad_records, parsed.batch.bad_records.len() as u64);
}

/// Deframes `input` (in `chunk`-byte pieces) and drives a companion session over it; returns the frames seen.
/// Every frame lies inside the input, is non-empty and within the length bound, and decodes or fails cleanly.
pub fn check_frames(input: &[u8], chunk: usize) -> u64 {
    let mut deframer = Deframer::new();
    let mut frames = 0;
    for piece in input.chunks(chunk.max(1)) {
        let mut rest = piece;
        while !rest.is_empty() {
            let (used, frame) = deframer.feed(rest);
            if let Some(frame) = frame {
                frames += 1;
                assert!(!frame.body.is_empty());
                assert!(frame.body.len() <= meshscope::companion::framing::DEFAULT_MAX_LEN);
                assert!(frame.offset + frame.body.len() as u64 + 3 <= input.len() as u64);
                if let Err(error) = RadioFrame::parse(frame.body) {
                    assert!(!error.to_string().is_empty());
                }
            }
            assert!(used > 0 && used <= rest.len());
            rest = rest.get(used..).unwrap_or_default();
        }
    }
    assert_eq!(deframer.stream_offset(), input.len() as u64);
    assert_eq!(deframer.stats().frames, frames);
    let mut session = Session::new();
    let mut rest = input;
    while !rest.is_empty() {
        let (used, _) = session.receive(rest);
        assert!(used > 0 && used <= rest.len());
        rest = rest.get(used..).unwrap_or_default();
    }
    frames
}

/// Every format the parser reads.
pub const FORMATS: [Format; 4] = [
    Format::F1Json,
    Format::HexLines,
    Format::SerialCapture,
    Format::Export,
];
