//! ACK CRCs (protocol B.2, `BaseChatMesh::composeMsgPacket`): the first four bytes of
//! `SHA256(timestamp || flags || text || sender public key)`, read little-endian.

use sha2::{Digest, Sha256};

/// The CRC a recipient acknowledges a TXT_MSG with: `message` is the plaintext `timestamp(4) || flags(1) || text`
/// without padding or terminator, `sender_public_key` the sender's key (for signed room messages, the recipient's).
pub fn ack_crc(message: &[u8], sender_public_key: &[u8; 32]) -> u32 {
    let digest = Sha256::new()
        .chain_update(message)
        .chain_update(sender_public_key)
        .finalize();
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// [`ack_crc`] of a plain text message built from its parts.
pub fn text_ack_crc(timestamp: u32, flags: u8, text: &str, sender_public_key: &[u8; 32]) -> u32 {
    let digest = Sha256::new()
        .chain_update(timestamp.to_le_bytes())
        .chain_update([flags])
        .chain_update(text.as_bytes())
        .chain_update(sender_public_key)
        .finalize();
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn parts_match_whole() {
        let key = [3; 32];
        let mut message = 1_700_000_000u32.to_le_bytes().to_vec();
        message.push(1);
        message.extend(b"hi");
        assert_eq!(
            ack_crc(&message, &key),
            text_ack_crc(1_700_000_000, 1, "hi", &key)
        );
        let digest = Sha256::digest([message.as_slice(), &key].concat());
        assert_eq!(ack_crc(&message, &key).to_le_bytes(), digest[..4]);
    }
}
