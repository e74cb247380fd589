//! Shared helpers for the ingest tests: run a parser over an input cut into chunks, collect all.

#![allow(dead_code)]

use meshscope::ingest::{
    BadRecord, Batch, Format, Observation, ObserverInfo, Options, Parser, ParserStats, StatusRecord,
};

/// Everything a parser produced over a whole input.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub observations: Vec<(Observation, Vec<u8>)>,
    pub statuses: Vec<StatusRecord>,
    pub bad: Vec<BadRecord>,
    pub observers: Vec<ObserverInfo>,
    pub stats: ParserStats,
}

impl Parsed {
    /// Bad records as display strings.
    pub fn bad_lines(&self) -> Vec<String> {
        self.bad.iter().map(ToString::to_string).collect()
    }

    /// The packets as upper-case hex.
    pub fn packets_hex(&self) -> Vec<String> {
        self.observations
            .iter()
            .map(|(_, packet)| packet.iter().map(|b| format!("{b:02X}")).collect())
            .collect()
    }
}

/// Parses `input` fed in chunks of `chunk` bytes, draining the batch after each feed.
pub fn parse_chunked(format: Format, options: Options, input: &[u8], chunk: usize) -> Parsed {
    let cuts: Vec<usize> = (chunk..input.len()).step_by(chunk.max(1)).collect();
    parse_cut(format, options, input, &cuts)
}

/// Parses `input` cut at the sorted offsets `cuts`.
pub fn parse_cut(format: Format, options: Options, input: &[u8], cuts: &[usize]) -> Parsed {
    let mut parser = Parser::with_options(format, options);
    let mut batch = Batch::new();
    let mut parsed = Parsed {
        observations: Vec::new(),
        statuses: Vec::new(),
        bad: Vec::new(),
        observers: Vec::new(),
        stats: ParserStats::default(),
    };
    let drain = |batch: &mut Batch, parsed: &mut Parsed| {
        parsed.observations.extend(
            batch
                .iter()
                .map(|(observation, packet)| (*observation, packet.to_vec())),
        );
        parsed.statuses.append(&mut batch.statuses);
        parsed.bad.append(&mut batch.bad_records);
        batch.clear();
    };
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&input.len())) {
        let end = end.clamp(start, input.len());
        parser.feed(&input[start..end], &mut batch);
        drain(&mut batch, &mut parsed);
        start = end;
    }
    parser.finish(&mut batch);
    drain(&mut batch, &mut parsed);
    parsed.observers = parser.observers().to_vec();
    parsed.stats = parser.stats();
    parsed
}

/// Parses `input` whole, with default options.
pub fn parse(format: Format, input: &[u8]) -> Parsed {
    parse_chunked(format, Options::default(), input, input.len().max(1))
}

/// Asserts that chunk sizes 1, 7 and 4096 give the same result as one chunk, and returns it.
pub fn parse_every_way(format: Format, options: Options, input: &[u8]) -> Parsed {
    let whole = parse_chunked(format, options.clone(), input, input.len().max(1));
    for chunk in [1, 7, 4096] {
        assert_eq!(
            parse_chunked(format, options.clone(), input, chunk),
            whole,
            "chunk size {chunk}"
        );
    }
    whole
}
