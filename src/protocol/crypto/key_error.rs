//! Why key material given by a user (channel secrets, links, private and public keys) was refused.

use core::fmt;

use crate::hex::HexError;

/// A refused key. Carries no secret bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// A channel secret must be 16 or 32 bytes.
    ChannelSecretLength {
        /// Length in bytes.
        len: usize,
    },
    /// A private key must be a 64-byte MeshCore (orlp expanded) key or a 32-byte seed.
    PrivateKeyLength {
        /// Length in bytes.
        len: usize,
    },
    /// A public key must be 32 bytes.
    PublicKeyLength {
        /// Length in bytes.
        len: usize,
    },
    /// The 32 bytes are not a point on the Ed25519 curve.
    InvalidPublicKey,
    /// Hex text that does not decode.
    Hex(HexError),
    /// Text that is none of: `#name`, `public`, hex, base64, `NAME=SECRET`, a `meshcore://channel/add` link.
    UnknownChannelText,
    /// A `meshcore://channel/add` link without this query parameter.
    LinkMissing {
        /// The parameter's name.
        parameter: &'static str,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            KeyError::ChannelSecretLength { len } => write!(f, "a channel secret is 16 or 32 bytes, not {len}"),
            KeyError::PrivateKeyLength { len } => {
                write!(f, "a private key is 64 bytes (or a 32-byte seed), not {len}")
            }
            KeyError::PublicKeyLength { len } => write!(f, "a public key is 32 bytes, not {len}"),
            KeyError::InvalidPublicKey => f.write_str("not an Ed25519 public key"),
            KeyError::Hex(err) => write!(f, "bad hex: {err}"),
            KeyError::UnknownChannelText => f.write_str(
                "expected #name, public, a 16/32-byte secret in hex or base64, NAME=SECRET or a meshcore://channel/add link",
            ),
            KeyError::LinkMissing { parameter } => write!(f, "channel link has no {parameter}="),
        }
    }
}

impl core::error::Error for KeyError {}

impl From<HexError> for KeyError {
    fn from(err: HexError) -> KeyError {
        KeyError::Hex(err)
    }
}
