//! Hexadecimal text to bytes and back, with a lookup table on the hot path.
