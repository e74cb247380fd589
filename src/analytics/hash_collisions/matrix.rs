//! The usage matrices: the 256 first bytes, and the 2-byte prefixes under each first byte.

use super::repeaters::{Repeater, groups};
use crate::hex;
use serde::Serialize;

/// Most public keys listed in one cell (the count is exact; the prefix tool's `check_prefix` lists all).
pub const CELL_NODES: usize = 16;

/// One prefix and the repeaters that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrefixCell {
    /// The prefix, upper-case hex.
    pub prefix: String,
    /// Repeaters with it.
    pub count: usize,
    /// Their public keys, in key order (at most [`CELL_NODES`]).
    pub nodes: Vec<String>,
}

/// The 2-byte prefixes under one first byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstByteGroup {
    /// The first byte, upper-case hex.
    pub first_byte: String,
    /// Repeaters whose key starts with it.
    pub repeaters: usize,
    /// Distinct 2-byte prefixes among them.
    pub prefixes: usize,
    /// 2-byte prefixes shared by two or more.
    pub collisions: usize,
    /// The most repeaters sharing one 2-byte prefix.
    pub max_collision: usize,
    /// The 2-byte prefixes in use, in order.
    pub cells: Vec<PrefixCell>,
}

/// All 256 first bytes with their repeaters.
pub(super) fn one_byte_cells(repeaters: &[Repeater<'_>]) -> Vec<PrefixCell> {
    let mut cells: Vec<PrefixCell> = (0..=255u8)
        .map(|byte| PrefixCell {
            prefix: hex::encode_upper(&[byte]),
            count: 0,
            nodes: Vec::new(),
        })
        .collect();
    for group in groups(repeaters, 1) {
        let Some(cell) = group
            .first()
            .and_then(|r| r.prefix(1).first())
            .and_then(|&byte| cells.get_mut(usize::from(byte)))
        else {
            continue;
        };
        *cell = self::cell(group, 1);
    }
    cells
}

/// One group per first byte in use.
pub(super) fn two_byte_groups(repeaters: &[Repeater<'_>]) -> Vec<FirstByteGroup> {
    groups(repeaters, 1)
        .map(|first| {
            let cells: Vec<PrefixCell> = groups(first, 2).map(|group| cell(group, 2)).collect();
            FirstByteGroup {
                first_byte: first
                    .first()
                    .map_or_else(String::new, |r| hex::encode_upper(r.prefix(1))),
                repeaters: first.len(),
                prefixes: cells.len(),
                collisions: cells.iter().filter(|c| c.count > 1).count(),
                max_collision: cells.iter().map(|c| c.count).max().unwrap_or(0),
                cells,
            }
        })
        .collect()
}

fn cell(group: &[Repeater<'_>], bytes: usize) -> PrefixCell {
    PrefixCell {
        prefix: group
            .first()
            .map_or_else(String::new, |r| hex::encode_upper(r.prefix(bytes))),
        count: group.len(),
        nodes: group
            .iter()
            .take(CELL_NODES)
            .map(|r| hex::encode_lower(&r.node.public_key))
            .collect(),
    }
}
