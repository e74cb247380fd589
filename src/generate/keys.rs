//! Node identities from the seed, and key grinding for deliberate hash collisions (protocol A.3: a node's path
//! hash is the first 1-3 bytes of its public key).
//!
//! Grinding steps the secret scalar by 8 and the public key by `8·B` (one point addition), compressing the
//! candidates 64 at a time with one shared inversion, so a 2-byte prefix (65,536 candidates on average) costs
//! a fraction of a second instead of 65,536 full key derivations. The scalar stays clamped the way MeshCore
//! clamps it (low three bits clear, bit 254 set, bit 255 clear), so the result is an ordinary MeshCore
//! private key.

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::EdwardsPoint;
use ed25519_dalek::VerifyingKey;
use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
use sha2::Sha512;

use super::rng::Rng;
use crate::protocol::crypto::Identity;

/// Candidates compressed together.
const BATCH: usize = 64;

/// A random identity: a seed of 32 random bytes, expanded as the firmware does.
pub fn random_identity(rng: &mut Rng) -> Identity {
    Identity::from_seed(&rng.bytes32())
}

/// An identity whose public key starts with `prefix`, searching at most about `max_tries` keys; `None` if
/// none was found (a 1-byte prefix takes 256 tries on average, 2 bytes 65,536).
pub fn grind(rng: &mut Rng, prefix: &[u8], max_tries: u64) -> Option<Identity> {
    let mut scalar = rng.bytes32();
    scalar[0] &= 0xF8;
    // Bit 254 set and bits 253-255 otherwise clear: adding 8k for any reachable k keeps the clamping intact.
    scalar[31] = 0x40 | (scalar[31] & 0x1F);
    let step = ED25519_BASEPOINT_POINT.mul_by_cofactor();
    let mut first = EdwardsPoint::mul_base_clamped(scalar);
    let mut tried = 0u64;
    while tried < max_tries {
        let mut batch = [first; BATCH];
        for i in 1..BATCH {
            batch[i] = batch[i - 1] + step;
        }
        let compressed = EdwardsPoint::compress_batch(&batch);
        if let Some(found) = compressed
            .iter()
            .position(|key| key.as_bytes().starts_with(prefix))
        {
            let mut expanded = [0; 64];
            expanded[..32].copy_from_slice(&scalar);
            add_small(&mut expanded[..32], 8 * (tried + found as u64));
            rng.fill(&mut expanded[32..]);
            let identity = Identity::from_expanded(&expanded);
            return (identity.public_key() == *compressed[found].as_bytes()).then_some(identity);
        }
        first = batch[BATCH - 1] + step;
        tried += BATCH as u64;
    }
    None
}

/// A node's signing key with its public half derived once: the same signatures as [`Identity::sign`] (which
/// derives the public half again at every call, doubling the cost of a signature).
pub struct Signer {
    secret: ExpandedSecretKey,
    verifying: VerifyingKey,
}

impl Signer {
    /// The signer of `identity`.
    pub fn new(identity: &Identity) -> Signer {
        let secret = ExpandedSecretKey::from_bytes(&identity.private_key());
        let verifying = VerifyingKey::from(&secret);
        Signer { secret, verifying }
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        raw_sign::<Sha512>(&self.secret, message, &self.verifying).to_bytes()
    }
}

impl core::fmt::Debug for Signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "Signer({})",
            crate::hex::encode_lower(self.verifying.as_bytes())
        )
    }
}

/// Adds `value` to the little-endian number in `bytes` (carries past the end are dropped; callers leave room).
fn add_small(bytes: &mut [u8], value: u64) {
    let mut carry = u128::from(value);
    for byte in bytes.iter_mut() {
        if carry == 0 {
            break;
        }
        let sum = u128::from(*byte) + (carry & 0xFF);
        *byte = sum as u8;
        carry = (carry >> 8) + (sum >> 8);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn adds_with_carry() {
        let mut bytes = [0xFF, 0xFF, 0x00, 0x01];
        add_small(&mut bytes, 1);
        assert_eq!(bytes, [0x00, 0x00, 0x01, 0x01]);
        add_small(&mut bytes, 0x0102);
        assert_eq!(bytes, [0x02, 0x01, 0x01, 0x01]);
    }

    #[test]
    fn grinds_a_prefix() {
        let mut rng = Rng::new(11);
        let identity = grind(&mut rng, &[0xA3], 100_000).unwrap();
        assert_eq!(identity.public_key()[0], 0xA3);
        // The private key is a MeshCore key: it signs what verifies under the public key.
        let again = Identity::from_private_key(&identity.private_key()).unwrap();
        assert_eq!(again.public_key(), identity.public_key());
        let signature = identity.sign(b"advert");
        let key = ed25519_dalek::VerifyingKey::from_bytes(&identity.public_key()).unwrap();
        let signature = ed25519_dalek::Signature::from_bytes(&signature);
        assert!(ed25519_dalek::Verifier::verify(&key, b"advert", &signature).is_ok());
    }

    #[test]
    fn signer_signs_as_identity_does() {
        let identity = random_identity(&mut Rng::new(4));
        let signer = Signer::new(&identity);
        for message in [&b""[..], b"advert", &[7; 100]] {
            assert_eq!(signer.sign(message), identity.sign(message));
        }
    }

    #[test]
    fn gives_up_within_bounds() {
        let mut rng = Rng::new(1);
        assert!(grind(&mut rng, &[0x12, 0x34, 0x56, 0x78], 128).is_none());
    }
}
