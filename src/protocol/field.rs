//! Byte ranges shared by every wire file, and little-endian reads and writes over them.
//!
//! Each wire file keeps its offsets in a private `mod field`; these helpers only read or write what such a
//! range names. They index the buffer, so callers use them after `check_len` has proved the range fits.

use core::ops::Range;

/// A multi-byte field: its byte range inside the enclosing buffer.
pub type Field = Range<usize>;

/// The `N` bytes at `field`. Panics if the range does not hold exactly `N` bytes inside `data`.
#[inline]
pub fn array<const N: usize>(data: &[u8], field: Field) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&data[field]);
    out
}

/// The little-endian `u16` at `field` (two bytes).
#[inline]
pub fn u16_le(data: &[u8], field: Field) -> u16 {
    u16::from_le_bytes(array(data, field))
}

/// The little-endian `u32` at `field` (four bytes).
#[inline]
pub fn u32_le(data: &[u8], field: Field) -> u32 {
    u32::from_le_bytes(array(data, field))
}

/// The little-endian `i32` at `field` (four bytes).
#[inline]
pub fn i32_le(data: &[u8], field: Field) -> i32 {
    i32::from_le_bytes(array(data, field))
}

/// Writes `value` little-endian at `field` (two bytes).
#[inline]
pub fn put_u16_le(data: &mut [u8], field: Field, value: u16) {
    data[field].copy_from_slice(&value.to_le_bytes());
}

/// Writes `value` little-endian at `field` (four bytes).
#[inline]
pub fn put_u32_le(data: &mut [u8], field: Field, value: u32) {
    data[field].copy_from_slice(&value.to_le_bytes());
}

/// Writes `value` little-endian at `field` (four bytes).
#[inline]
pub fn put_i32_le(data: &mut [u8], field: Field, value: i32) {
    data[field].copy_from_slice(&value.to_le_bytes());
}

/// `Ok` when a buffer of `len` bytes holds all of `field`, otherwise a truncation at the field's start.
#[inline]
pub fn need(len: usize, field: Field, name: &'static str) -> super::Result<()> {
    if len < field.end {
        return Err(super::Error::Truncated {
            field: name,
            at: field.start,
        });
    }
    Ok(())
}

/// The one-byte field at `at`, as a range.
#[inline]
pub const fn byte(at: usize) -> Field {
    at..at + 1
}
