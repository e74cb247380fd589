//! The journal: what was ingested since the last save, as export lines per source kind, written to
//! IndexedDB every [`SAVE_MS`].

use crate::ingest::export::write_batch;
use crate::ingest::{Batch, ObserverInfo};
use crate::store::ObserverKind;

/// How often the journal is saved, milliseconds: a reload loses at most this much of a live capture (plus
/// the write itself).
pub const SAVE_MS: u32 = 500;

/// A chunk is closed once it holds this many bytes, so that each write to the database (a copy into
/// JavaScript, then a structured clone) stays far below a frame.
const CHUNK_BYTES: usize = 1 << 20;

/// The stored code of an observer kind.
pub fn kind_code(kind: ObserverKind) -> u8 {
    match kind {
        ObserverKind::LocalRadio => 0,
        ObserverKind::Mqtt => 1,
        ObserverKind::File => 2,
        ObserverKind::WebSocket => 3,
    }
}

/// The observer kind of a stored code; unknown codes read as files.
pub fn kind_of(code: u8) -> ObserverKind {
    match code {
        0 => ObserverKind::LocalRadio,
        1 => ObserverKind::Mqtt,
        3 => ObserverKind::WebSocket,
        _ => ObserverKind::File,
    }
}

/// One journal chunk as stored: the kind of source its observations came from, and export-format lines.
pub struct Chunk {
    /// [`ObserverKind`] as its [`kind_code`].
    pub kind: u8,
    /// MeshScope export lines, without a header.
    pub lines: Vec<u8>,
}

/// Observations waiting to be saved, in ingest order, as chunks of one kind each.
#[derive(Default)]
pub struct Journal {
    waiting: Vec<Chunk>,
}

impl Journal {
    /// Appends `batch`'s observations, from a source of `kind`.
    pub fn record(&mut self, batch: &Batch, observers: &[ObserverInfo], kind: ObserverKind) {
        if batch.records().is_empty() {
            return;
        }
        let code = kind_code(kind);
        if self
            .waiting
            .last()
            .is_none_or(|chunk| chunk.kind != code || chunk.lines.len() >= CHUNK_BYTES)
        {
            self.waiting.push(Chunk {
                kind: code,
                lines: Vec::new(),
            });
        }
        if let Some(chunk) = self.waiting.last_mut() {
            write_batch(batch, observers, &mut chunk.lines);
        }
    }

    /// Takes what waits, leaving the journal empty.
    pub fn take(&mut self) -> Vec<Chunk> {
        std::mem::take(&mut self.waiting)
    }
}
