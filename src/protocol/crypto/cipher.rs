//! The MeshCore cipher (protocol C.2, `Utils::encryptThenMAC` / `MACThenDecrypt`), the same for channels and
//! peers: `MAC = HMAC-SHA256(secret as 32 bytes, ciphertext)[0..2]`, then AES-128-ECB with `secret[0..16]` over
//! zero-padded plaintext.

use aes::Aes128;
use aes::cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::protocol::{Error, Result};

/// Largest ciphertext handled: 11 AES blocks, the most whole blocks any valid payload holds.
pub const MAX_CIPHERTEXT: usize = BLOCK * MAX_BLOCKS;

const BLOCK: usize = 16;
const MAX_BLOCKS: usize = 11;

/// A cipher keyed once: AES-128 and HMAC-SHA256 states ready for many messages.
#[derive(Clone)]
pub struct Cipher {
    aes: Aes128,
    mac: Hmac<Sha256>,
}

impl Cipher {
    /// Keys both halves with `secret`: a 32-byte peer secret, or a channel key zero-padded to 32 bytes.
    pub fn new(secret: &[u8; 32]) -> Cipher {
        let mut aes_key = [0; BLOCK];
        aes_key.copy_from_slice(&secret[..BLOCK]);
        Cipher {
            aes: Aes128::new(&Array(aes_key)),
            mac: hmac_with_key(secret),
        }
    }

    /// The 2-byte MAC of `ciphertext`.
    pub fn mac(&self, ciphertext: &[u8]) -> [u8; 2] {
        let mut mac = self.mac.clone();
        mac.update(ciphertext);
        let tag = mac.finalize().into_bytes();
        [tag[0], tag[1]]
    }

    /// Checks `mac`, then decrypts the whole blocks of `ciphertext` (a trailing partial block, which the firmware
    /// never sends, is left out). `None` when the MAC does not match: the message is not for this key.
    pub fn open(&self, mac: [u8; 2], ciphertext: &[u8]) -> Option<Plaintext> {
        if self.mac(ciphertext) != mac {
            return None;
        }
        let mut out = Plaintext {
            blocks: [[0; BLOCK]; MAX_BLOCKS],
            len: 0,
        };
        let mut count = 0;
        for (block, chunk) in out.blocks.iter_mut().zip(ciphertext.chunks_exact(BLOCK)) {
            block.copy_from_slice(chunk);
            count += 1;
        }
        let blocks = &mut out.blocks[..count];
        self.aes
            .decrypt_blocks(Array::cast_slice_from_core_mut(blocks));
        out.len = count * BLOCK;
        Some(out)
    }

    /// Zero-pads `plaintext` to whole blocks, encrypts it and computes the MAC.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Sealed> {
        if plaintext.len() > MAX_CIPHERTEXT {
            return Err(Error::TooLong {
                field: "plaintext",
                len: plaintext.len(),
                max: MAX_CIPHERTEXT,
            });
        }
        let mut out = Sealed {
            mac: [0; 2],
            blocks: [[0; BLOCK]; MAX_BLOCKS],
            len: 0,
        };
        let count = plaintext.len().div_ceil(BLOCK);
        for (block, chunk) in out.blocks.iter_mut().zip(plaintext.chunks(BLOCK)) {
            block[..chunk.len()].copy_from_slice(chunk);
        }
        self.aes
            .encrypt_blocks(Array::cast_slice_from_core_mut(&mut out.blocks[..count]));
        out.len = count * BLOCK;
        out.mac = self.mac(out.ciphertext());
        Ok(out)
    }
}

/// HMAC-SHA256 keyed with `key`. HMAC zero-pads keys to its 64-byte block, so a 16-byte key padded to 32 bytes
/// here gives the same MACs as the bare key.
pub(crate) fn hmac_with_key(key: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = [0; 64];
    block[..32].copy_from_slice(key);
    <Hmac<Sha256> as KeyInit>::new(&Array(block))
}

/// Decrypted bytes, whole blocks including the zero padding; lives on the stack.
#[derive(Clone)]
pub struct Plaintext {
    blocks: [[u8; BLOCK]; MAX_BLOCKS],
    len: usize,
}

impl Plaintext {
    /// The decrypted bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.blocks
            .as_flattened()
            .get(..self.len)
            .unwrap_or_default()
    }
}

impl core::fmt::Debug for Plaintext {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Plaintext({})",
            crate::hex::encode_lower(self.as_bytes())
        )
    }
}

/// A sealed message: MAC and ciphertext, ready for a group, datagram or ANON_REQ payload.
#[derive(Clone)]
pub struct Sealed {
    /// The 2-byte MAC of the ciphertext.
    pub mac: [u8; 2],
    blocks: [[u8; BLOCK]; MAX_BLOCKS],
    len: usize,
}

impl Sealed {
    /// The ciphertext: whole AES blocks.
    pub fn ciphertext(&self) -> &[u8] {
        self.blocks
            .as_flattened()
            .get(..self.len)
            .unwrap_or_default()
    }
}

impl core::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Sealed({:02x}{:02x}, {})",
            self.mac[0],
            self.mac[1],
            crate::hex::encode_lower(self.ciphertext())
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn public_cipher() -> Cipher {
        let mut secret = [0; 32];
        secret[..16]
            .copy_from_slice(&crate::hex::decode("8b3387e9c5cdea6ac9e5edbaa115cd72").unwrap());
        Cipher::new(&secret)
    }

    // The worked example of protocol C.5: public channel, MAC C3C1, "🌲 Tree: ☁️".
    #[test]
    fn opens_public_vector() {
        let ciphertext =
            crate::hex::decode("354D619BAE9590E4D177DB7EEAF982F5BDCF78005D75157D9535FA90178F785D")
                .unwrap();
        let cipher = public_cipher();
        assert_eq!(cipher.mac(&ciphertext), [0xC3, 0xC1]);
        let plain = cipher.open([0xC3, 0xC1], &ciphertext).unwrap();
        assert_eq!(plain.as_bytes()[..4], 1_758_484_279u32.to_le_bytes());
        assert!(plain.as_bytes()[5..].starts_with("🌲 Tree: ☁️\0".as_bytes()));
        assert!(cipher.open([0xC3, 0xC2], &ciphertext).is_none());
    }

    #[test]
    fn seal_then_open() {
        let cipher = public_cipher();
        let sealed = cipher.seal(b"seventeen bytes!!").unwrap();
        assert_eq!(sealed.ciphertext().len(), 32);
        let plain = cipher.open(sealed.mac, sealed.ciphertext()).unwrap();
        assert_eq!(&plain.as_bytes()[..17], b"seventeen bytes!!");
        assert_eq!(&plain.as_bytes()[17..], &[0; 15]);
        assert!(cipher.seal(&[0; 177]).is_err());
        assert_eq!(cipher.seal(&[]).unwrap().ciphertext(), &[] as &[u8]);
    }

    #[test]
    fn partial_block_is_left_out() {
        let cipher = public_cipher();
        let mut ciphertext = cipher.seal(b"hello").unwrap().ciphertext().to_vec();
        ciphertext.extend([1, 2, 3]);
        let plain = cipher.open(cipher.mac(&ciphertext), &ciphertext).unwrap();
        assert_eq!(plain.as_bytes().len(), 16);
    }
}
