//! Channel keys (protocol C.3): the built-in Public key, `#hashtag` keys and private secrets, and the channel hash
//! byte that GRP_TXT and GRP_DATA carry.

use core::fmt;

use sha2::{Digest, Sha256};

use super::{Cipher, KeyError};

/// The firmware's `PUBLIC_GROUP_PSK` (base64 `izOH6cXN6mrJ5e26oRXNcg==`), channel hash `0x11`.
pub const PUBLIC_PSK: [u8; 16] = [
    0x8b, 0x33, 0x87, 0xe9, 0xc5, 0xcd, 0xea, 0x6a, 0xc9, 0xe5, 0xed, 0xba, 0xa1, 0x15, 0xcd, 0x72,
];

/// A channel secret of 16 or 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelKey {
    secret: [u8; 32],
    len: usize,
}

impl ChannelKey {
    /// The Public channel every node has.
    pub fn public() -> ChannelKey {
        ChannelKey::from_16(PUBLIC_PSK)
    }

    /// A hashtag channel: `SHA256(name)[0..16]` over the exact text, `#` included (added if missing). Apps do not
    /// agree on case, so none is folded.
    pub fn from_hashtag(name: &str) -> ChannelKey {
        let mut sha = Sha256::new();
        if !name.starts_with('#') {
            sha.update(b"#");
        }
        sha.update(name.as_bytes());
        let digest = sha.finalize();
        let mut secret = [0; 16];
        secret.copy_from_slice(&digest[..16]);
        ChannelKey::from_16(secret)
    }

    /// A private channel secret of 16 or 32 bytes.
    pub fn from_secret(secret: &[u8]) -> Result<ChannelKey, KeyError> {
        match secret.len() {
            16 | 32 => {
                let mut padded = [0; 32];
                padded[..secret.len()].copy_from_slice(secret);
                Ok(ChannelKey {
                    secret: padded,
                    len: secret.len(),
                })
            }
            len => Err(KeyError::ChannelSecretLength { len }),
        }
    }

    fn from_16(secret: [u8; 16]) -> ChannelKey {
        let mut padded = [0; 32];
        padded[..16].copy_from_slice(&secret);
        ChannelKey {
            secret: padded,
            len: 16,
        }
    }

    /// The secret: 16 or 32 bytes.
    pub fn secret(&self) -> &[u8] {
        self.secret.get(..self.len).unwrap_or(&self.secret)
    }

    /// `SHA256(secret)[0]`, over 16 bytes for a 128-bit key and 32 for a 256-bit key.
    pub fn hash(&self) -> u8 {
        Sha256::digest(self.secret())[0]
    }

    /// A cipher keyed with this secret, zero-padded to 32 bytes for the MAC.
    pub fn cipher(&self) -> Cipher {
        Cipher::new(&self.secret)
    }
}

impl fmt::Debug for ChannelKey {
    /// Shows the hash byte, never the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ChannelKey(hash {:02x}, {} bytes)",
            self.hash(),
            self.len
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;

    #[test]
    fn public_key_and_hash() {
        assert_eq!(ChannelKey::public().hash(), 0x11);
        assert_eq!(ChannelKey::public().secret(), &PUBLIC_PSK);
    }

    // The hashtag keys of protocol C.3.
    #[test]
    fn hashtag_keys() {
        for (name, key, hash) in [
            ("#test", "9cd8fcf22a47333b591d96a2b848b73f", 0xd9),
            ("#bot", "eb50a1bcb3e4e5d7bf69a57c9dada211", 0xca),
            ("#wardriving", "e3c26491e9cd321e3a6be50d57d54acf", 0x81),
            ("#chat", "d0bdd6d71538138ed979eec00d98ad97", 0xb8),
        ] {
            let channel = ChannelKey::from_hashtag(name);
            assert_eq!(hex::encode_lower(channel.secret()), key, "{name}");
            assert_eq!(channel.hash(), hash, "{name}");
        }
        assert_eq!(
            ChannelKey::from_hashtag("bot"),
            ChannelKey::from_hashtag("#bot")
        );
        assert_ne!(
            ChannelKey::from_hashtag("#Bot"),
            ChannelKey::from_hashtag("#bot")
        );
    }

    #[test]
    fn secrets() {
        let key = ChannelKey::from_secret(&PUBLIC_PSK).unwrap();
        assert_eq!(key, ChannelKey::public());
        let long = ChannelKey::from_secret(&[7; 32]).unwrap();
        assert_eq!(long.secret(), &[7; 32]);
        assert_eq!(long.hash(), Sha256::digest([7; 32])[0]);
        assert_eq!(
            ChannelKey::from_secret(&[0; 20]),
            Err(KeyError::ChannelSecretLength { len: 20 })
        );
        assert_eq!(
            format!("{:?}", ChannelKey::public()),
            "ChannelKey(hash 11, 16 bytes)"
        );
    }
}
