//! A node identity from its private key (protocol C.4): the 64-byte orlp "expanded" key MeshCore stores and
//! exports (`SHA512(seed)` with the scalar clamped), or a 32-byte seed expanded the same way. It signs adverts and
//! derives peer shared secrets: `X25519(clamp(prv[0..32]), EdwardsToMontgomery(peer public key))`.

use core::fmt;

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use ed25519_dalek::VerifyingKey;
use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
use sha2::{Digest, Sha512};

use super::KeyError;

/// A private key and its public key. `Debug` shows only the public key.
#[derive(Clone)]
pub struct Identity {
    expanded: [u8; 64],
    public_key: [u8; 32],
}

impl Identity {
    /// The identity of a 64-byte MeshCore private key or of a 32-byte seed.
    pub fn from_private_key(bytes: &[u8]) -> Result<Identity, KeyError> {
        if let Ok(expanded) = <&[u8; 64]>::try_from(bytes) {
            return Ok(Identity::from_expanded(expanded));
        }
        match <&[u8; 32]>::try_from(bytes) {
            Ok(seed) => Ok(Identity::from_seed(seed)),
            Err(_) => Err(KeyError::PrivateKeyLength { len: bytes.len() }),
        }
    }

    /// Expands a seed as orlp's `ed25519_create_keypair` does.
    pub fn from_seed(seed: &[u8; 32]) -> Identity {
        let mut expanded = [0; 64];
        expanded.copy_from_slice(&Sha512::digest(seed));
        expanded[0] &= 248;
        expanded[31] &= 63;
        expanded[31] |= 64;
        Identity::from_expanded(&expanded)
    }

    /// Uses an expanded key as the firmware does: the scalar is the clamped first half.
    pub fn from_expanded(expanded: &[u8; 64]) -> Identity {
        let public_key = EdwardsPoint::mul_base_clamped(scalar_bytes(expanded))
            .compress()
            .to_bytes();
        Identity {
            expanded: *expanded,
            public_key,
        }
    }

    /// The Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.public_key
    }

    /// The 64-byte private key in MeshCore's format.
    pub fn private_key(&self) -> [u8; 64] {
        self.expanded
    }

    /// The Ed25519 signature of `message` (RFC 8032, as orlp's `ed25519_sign` computes it).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let secret = ExpandedSecretKey::from_bytes(&self.expanded);
        let verifying = VerifyingKey::from(&secret);
        raw_sign::<Sha512>(&secret, message, &verifying).to_bytes()
    }

    /// The 32-byte secret shared with the owner of `peer_public_key`: the HMAC key, whose first 16 bytes are the
    /// AES key. Fails when the peer key is not a curve point.
    pub fn shared_secret(&self, peer_public_key: &[u8; 32]) -> Result<[u8; 32], KeyError> {
        let peer = CompressedEdwardsY(*peer_public_key)
            .decompress()
            .ok_or(KeyError::InvalidPublicKey)?;
        Ok(peer
            .to_montgomery()
            .mul_clamped(scalar_bytes(&self.expanded))
            .to_bytes())
    }
}

fn scalar_bytes(expanded: &[u8; 64]) -> [u8; 32] {
    let mut scalar = [0; 32];
    scalar.copy_from_slice(&expanded[..32]);
    scalar
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Identity({})",
            crate::hex::encode_lower(&self.public_key)
        )
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;
    use ed25519_dalek::{Signature, Verifier};

    // The firmware's "known good test client keypair" (FW `src/Identity.cpp`, `validatePrivateKey`).
    const TEST_CLIENT_PRV: &str = "7065e18fd9fabb70c1ed90dca19907de698c88b709ea146eafd93d9b830c7b60\
                                   c4681193c79bbc39945ba8064104bb618f8fd7a84a0af6f57033d6e8ddcd6471";
    const TEST_CLIENT_PUB: &str =
        "1ec77175b0918ed206f9ae04ec136d6d5d4315bb26305427f645b492e9350c10";

    fn seeded(label: &str) -> Identity {
        let mut seed = [0; 32];
        seed.copy_from_slice(&Sha512::digest(label.as_bytes())[..32]);
        Identity::from_seed(&seed)
    }

    #[test]
    fn derives_firmware_public_key() {
        let identity = Identity::from_private_key(&hex::decode(TEST_CLIENT_PRV).unwrap()).unwrap();
        assert_eq!(hex::encode_lower(&identity.public_key()), TEST_CLIENT_PUB);
        assert_eq!(
            hex::decode(TEST_CLIENT_PRV).unwrap(),
            identity.private_key()
        );
    }

    #[test]
    fn seed_and_expanded_agree() {
        let from_seed = seeded("alice");
        let again = Identity::from_private_key(&from_seed.private_key()).unwrap();
        assert_eq!(again.public_key(), from_seed.public_key());
        assert_eq!(
            Identity::from_private_key(&[0; 5]).err(),
            Some(KeyError::PrivateKeyLength { len: 5 })
        );
    }

    #[test]
    fn signatures_verify() {
        let identity = seeded("alice");
        let signature = identity.sign(b"advert");
        let key = VerifyingKey::from_bytes(&identity.public_key()).unwrap();
        assert!(
            key.verify(b"advert", &Signature::from_bytes(&signature))
                .is_ok()
        );
        assert!(
            key.verify(b"advertz", &Signature::from_bytes(&signature))
                .is_err()
        );
    }

    // Both sides derive the same secret, as the firmware's `validatePrivateKey` checks.
    #[test]
    fn shared_secrets_agree() {
        let client = Identity::from_private_key(&hex::decode(TEST_CLIENT_PRV).unwrap()).unwrap();
        let other = seeded("bob");
        let ours = other.shared_secret(&client.public_key()).unwrap();
        let theirs = client.shared_secret(&other.public_key()).unwrap();
        assert_eq!(ours, theirs);
        assert_ne!(ours, [0; 32]);
        // y = 2 is not the y coordinate of any curve point.
        let mut not_a_point = [0; 32];
        not_a_point[0] = 2;
        assert_eq!(
            other.shared_secret(&not_a_point),
            Err(KeyError::InvalidPublicKey)
        );
    }
}
