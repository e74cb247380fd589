//! The `path_len` byte (protocol A.3): hop count in bits 0-5, hash size minus one in bits 6-7.
//! TRACE is the exception (D.1): its `path_len` is a plain count of one-byte SNR entries.

use super::{Error, MAX_PATH_SIZE, PayloadType, Result};

/// The raw `path_len` byte. Every value is representable; [`PathLen::byte_len`] applies the firmware's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PathLen(pub u8);

impl PathLen {
    /// `count` hashes of `hash_size` bytes; `None` unless the size is 1-3, the count at most 63 and the path at
    /// most 64 bytes.
    pub const fn new(hash_size: usize, count: usize) -> Option<PathLen> {
        if hash_size == 0 || hash_size > 3 || count > 63 || hash_size * count > MAX_PATH_SIZE {
            return None;
        }
        Some(PathLen((((hash_size - 1) as u8) << 6) | count as u8))
    }

    /// A TRACE `path_len`: `count` SNR bytes, `None` unless below 64.
    pub const fn trace(count: usize) -> Option<PathLen> {
        if count < 64 {
            Some(PathLen(count as u8))
        } else {
            None
        }
    }

    /// The hop count in bits 0-5.
    pub const fn hash_count(self) -> usize {
        (self.0 & 0x3F) as usize
    }

    /// 1, 2 or 3 bytes; `None` for the reserved `0b11`.
    pub const fn hash_size(self) -> Option<usize> {
        match self.0 >> 6 {
            3 => None,
            bits => Some(bits as usize + 1),
        }
    }

    /// Bits 6-7 plus one, 4 for the reserved code: what the byte says, valid or not.
    pub const fn raw_hash_size(self) -> usize {
        (self.0 >> 6) as usize + 1
    }

    /// The number of path bytes that follow, under the firmware's rules for a packet of type `kind`; errors
    /// point at `at`, the offset of this byte.
    pub fn byte_len(self, kind: PayloadType, at: usize) -> Result<usize> {
        if kind == PayloadType::Trace {
            return match PathLen::trace(self.0 as usize) {
                Some(_) => Ok(self.0 as usize),
                None => Err(Error::TraceCountTooLarge { count: self.0, at }),
            };
        }
        let size = self.hash_size().ok_or(Error::ReservedHashSize { at })?;
        let len = self.hash_count() * size;
        if len > MAX_PATH_SIZE {
            return Err(Error::PathTooLong { len, at });
        }
        Ok(len)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    // Examples from protocol A.3.
    #[test]
    fn examples() {
        assert_eq!(PathLen(0x00).byte_len(PayloadType::Ack, 1), Ok(0));
        assert_eq!(PathLen(0x05).byte_len(PayloadType::Ack, 1), Ok(5));
        assert_eq!(PathLen(0x45).byte_len(PayloadType::Ack, 1), Ok(10));
        assert_eq!(PathLen(0x83).byte_len(PayloadType::Ack, 1), Ok(9));
        assert_eq!(PathLen(0x40).byte_len(PayloadType::Ack, 1), Ok(0));
        assert_eq!(PathLen(0x40).hash_size(), Some(2));
    }

    #[test]
    fn reserved_and_too_long() {
        assert_eq!(
            PathLen(0xC1).byte_len(PayloadType::GrpTxt, 1),
            Err(Error::ReservedHashSize { at: 1 })
        );
        assert_eq!(PathLen(0xC1).raw_hash_size(), 4);
        // 33 hops of 2 bytes = 66 bytes.
        assert_eq!(
            PathLen(0x61).byte_len(PayloadType::Ack, 5),
            Err(Error::PathTooLong { len: 66, at: 5 })
        );
        assert_eq!(PathLen(0x3F).byte_len(PayloadType::Ack, 1), Ok(63));
    }

    #[test]
    fn trace_counts_snr_bytes() {
        assert_eq!(PathLen(0x05).byte_len(PayloadType::Trace, 1), Ok(5));
        assert_eq!(
            PathLen(0x41).byte_len(PayloadType::Trace, 1),
            Err(Error::TraceCountTooLarge { count: 0x41, at: 1 })
        );
    }

    #[test]
    fn constructors() {
        assert_eq!(PathLen::new(3, 3), Some(PathLen(0x83)));
        assert_eq!(PathLen::new(2, 32), Some(PathLen(0x60)));
        assert_eq!(PathLen::new(2, 33), None);
        assert_eq!(PathLen::new(4, 1), None);
        assert_eq!(PathLen::trace(63), Some(PathLen(63)));
        assert_eq!(PathLen::trace(64), None);
    }
}
