//! The decode entry point: bytes in, a checked [`PacketRepr`] and its [`PacketHash`] out, without allocating and
//! without crypto (signatures and decryption are separate calls).

use super::{Packet, PacketHash, PacketRepr, Result};

/// A packet the firmware would accept, with its transmission id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The firmware packet hash.
    pub hash: PacketHash,
    /// The decoded packet, borrowing the input.
    pub packet: PacketRepr<'a>,
}

/// Decodes one on-air packet. Errors name the field and the byte offset at fault.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>> {
    let view = Packet::new_checked(bytes)?;
    let packet = PacketRepr::parse(&view)?;
    Ok(Decoded {
        hash: view.hash(),
        packet,
    })
}
