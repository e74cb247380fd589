//! MeshCore cryptography (protocol A.2, B, C): the shared cipher, channel and region keys, node identities,
//! advert signatures, ACK CRCs, and the [`Keyring`] that holds a user's keys. Pure Rust, no randomness needed, so
//! it builds for `wasm32-unknown-unknown` as it is.

pub mod ack;
pub mod advert_sig;
mod channel;
mod channel_spec;
mod cipher;
mod identity;
mod key_error;
mod keyring;
mod region;
pub mod seal;

pub use channel::{ChannelKey, PUBLIC_PSK};
pub use channel_spec::{ChannelSpec, parse_secret};
pub use cipher::{Cipher, MAX_CIPHERTEXT, Plaintext, Sealed};
pub use identity::Identity;
pub use key_error::KeyError;
pub use keyring::{Channel, Direction, GroupMatch, Keyring, PeerMatch};
pub use region::RegionKey;
