//! Reading a user's file in the browser: chunk by chunk through the same [`Parser`] as every other input,
//! handing each batch to the caller and yielding to the page between chunks so the tab stays responsive.

use std::cell::Cell;

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::{Batch, DETECT_LEN, Format, ObserverInfo, Options, Parser};

/// Bytes read from the file at a time.
pub const CHUNK_LEN: usize = 1 << 20;

/// Bytes parsed and ingested between two checks of the time slice: small enough that one piece stays far
/// below a frame even on a slow phone.
const PIECE_LEN: usize = 64 << 10;

/// Work done between two yields to the page, in milliseconds.
const SLICE_MS: f64 = 8.0;

/// How far a read has come.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Bytes read so far.
    pub bytes_read: u64,
    /// The file's size in bytes.
    pub total_bytes: u64,
    /// Observations parsed so far.
    pub records: u64,
    /// Bad records reported so far.
    pub bad_records: u64,
    /// Milliseconds since the read started.
    pub elapsed_ms: f64,
}

impl Progress {
    /// Fraction of the file read, 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.total_bytes == 0 {
            1.0
        } else {
            self.bytes_read as f64 / self.total_bytes as f64
        }
    }

    /// Observations per second so far.
    pub fn records_per_second(&self) -> f64 {
        per_second(self.records as f64, self.elapsed_ms)
    }

    /// Bytes per second so far.
    pub fn bytes_per_second(&self) -> f64 {
        per_second(self.bytes_read as f64, self.elapsed_ms)
    }
}

/// How a read ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// The whole file was read.
    Done,
    /// The caller cancelled; what was read before is kept.
    Cancelled,
    /// The file could not be read or its format not recognised.
    Failed(String),
}

/// Reads `file` with `format` (detected from its first bytes when `None`), calling `sink` with each parsed
/// batch and `progress` after each chunk, until the end, a failure, or `cancel` is set.
pub async fn read_file(
    file: &web_sys::File,
    format: Option<Format>,
    options: Options,
    cancel: &Cell<bool>,
    mut sink: impl FnMut(&Batch, &[ObserverInfo]),
    mut progress: impl FnMut(&Progress),
) -> (Progress, Ending) {
    let total = file.size();
    let mut feed = Feed::new(format, options, total as u64);
    let mut offset = 0.0;
    while offset < total {
        if cancel.get() {
            return (feed.progress, Ending::Cancelled);
        }
        let end = (offset + CHUNK_LEN as f64).min(total);
        let chunk = match read_slice(file, offset, end).await {
            Ok(chunk) => chunk,
            Err(reason) => return (feed.progress, Ending::Failed(reason)),
        };
        offset = end;
        let mut pieces = chunk.chunks(PIECE_LEN).peekable();
        while let Some(piece) = pieces.next() {
            let last = offset >= total && pieces.peek().is_none();
            if let Err(reason) = feed.chunk(piece, last, &mut sink) {
                return (feed.progress, Ending::Failed(reason));
            }
            if feed.yield_if_due().await {
                progress(&feed.progress);
            }
        }
        progress(&feed.progress);
    }
    (feed.progress, Ending::Done)
}

/// Parses `bytes` already in memory (a fetched sample, a pasted dump) as [`read_file`] reads a file.
pub async fn read_bytes(
    bytes: &[u8],
    format: Option<Format>,
    options: Options,
    cancel: &Cell<bool>,
    mut sink: impl FnMut(&Batch, &[ObserverInfo]),
    mut progress: impl FnMut(&Progress),
) -> (Progress, Ending) {
    let mut feed = Feed::new(format, options, bytes.len() as u64);
    let mut pieces = bytes.chunks(PIECE_LEN).peekable();
    while let Some(piece) = pieces.next() {
        if cancel.get() {
            return (feed.progress, Ending::Cancelled);
        }
        if let Err(reason) = feed.chunk(piece, pieces.peek().is_none(), &mut sink) {
            return (feed.progress, Ending::Failed(reason));
        }
        if feed.yield_if_due().await {
            progress(&feed.progress);
        }
    }
    progress(&feed.progress);
    (feed.progress, Ending::Done)
}

/// The parsing state shared by both readers.
struct Feed {
    format: Option<Format>,
    options: Options,
    parser: Option<Parser>,
    batch: Batch,
    progress: Progress,
    started_ms: f64,
    slice_started_ms: f64,
}

impl Feed {
    fn new(format: Option<Format>, options: Options, total_bytes: u64) -> Feed {
        let now = now_ms();
        Feed {
            format,
            options,
            parser: None,
            batch: Batch::new(),
            progress: Progress {
                total_bytes,
                ..Progress::default()
            },
            started_ms: now,
            slice_started_ms: now,
        }
    }

    /// Parses one chunk (the first one picks the format) and hands the batch to `sink`.
    fn chunk(
        &mut self,
        bytes: &[u8],
        last: bool,
        sink: &mut impl FnMut(&Batch, &[ObserverInfo]),
    ) -> Result<(), String> {
        let parser = match &mut self.parser {
            Some(parser) => parser,
            None => {
                let format = match self.format {
                    Some(format) => format,
                    None => Format::detect(&bytes[..bytes.len().min(DETECT_LEN)])
                        .map_err(|error| error.to_string())?,
                };
                self.parser
                    .insert(Parser::with_options(format, self.options.clone()))
            }
        };
        parser.feed(bytes, &mut self.batch);
        if last {
            parser.finish(&mut self.batch);
        }
        self.progress.records += self.batch.records().len() as u64;
        self.progress.bad_records += self.batch.bad_records.len() as u64;
        sink(&self.batch, parser.observers());
        self.batch.clear();
        self.progress.bytes_read += bytes.len() as u64;
        self.progress.elapsed_ms = now_ms() - self.started_ms;
        Ok(())
    }

    /// Lets the page render when this task has run for a while; whether it did.
    async fn yield_if_due(&mut self) -> bool {
        if now_ms() - self.slice_started_ms < SLICE_MS {
            return false;
        }
        yield_now().await;
        self.slice_started_ms = now_ms();
        true
    }
}

async fn read_slice(file: &web_sys::File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(start, end).map_err(describe)?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn describe(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(&error, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| String::from("the file could not be read"))
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn per_second(amount: f64, elapsed_ms: f64) -> f64 {
    if elapsed_ms <= 0.0 {
        0.0
    } else {
        amount * 1000.0 / elapsed_ms
    }
}
use crate::yield_now::yield_now;
