//! Advert signatures (protocol B, ADVERT): Ed25519 over `public_key || timestamp (LE) || app_data[..32]`.
//! Verification costs about 37 µs natively, as much as 60 whole decodes: callers verify once per distinct
//! (public key, signature) and cache the answer; decoding never verifies.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use super::Identity;
use crate::protocol::payload::{advert, app_data};
use crate::protocol::{AdvertRepr, AppDataRepr, Result};

/// Whether `signature` signs `public_key || timestamp || app_data` (only the first 32 app-data bytes count, as in
/// the firmware). An invalid key or signature is `false`, never an error.
pub fn verify(
    public_key: &[u8; 32],
    timestamp: u32,
    signature: &[u8; 64],
    app_data: &[u8],
) -> bool {
    let app_data = app_data.get(..app_data::MAX_LEN).unwrap_or(app_data);
    let mut message = [0; 32 + 4 + app_data::MAX_LEN];
    message[..32].copy_from_slice(public_key);
    message[32..36].copy_from_slice(&timestamp.to_le_bytes());
    let end = 36 + app_data.len();
    message[36..end].copy_from_slice(app_data);
    let Ok(key) = VerifyingKey::from_bytes(public_key) else {
        return false;
    };
    key.verify(&message[..end], &Signature::from_bytes(signature))
        .is_ok()
}

/// Whether the advert in `payload` is signed by its own key, over exactly the bytes received.
pub fn verify_payload(payload: &advert::Packet<&[u8]>) -> bool {
    verify(
        &payload.public_key(),
        payload.timestamp(),
        &payload.signature(),
        payload.app_data(),
    )
}

/// An advert of `identity` at `timestamp` with `app_data`, signed. Fails if the app data exceeds 32 bytes.
pub fn sign<'a>(
    identity: &Identity,
    timestamp: u32,
    app_data: AppDataRepr<'a>,
) -> Result<AdvertRepr<'a>> {
    let len = app_data.buffer_len();
    if len > app_data::MAX_LEN {
        return Err(crate::protocol::Error::TooLong {
            field: "app_data",
            len,
            max: app_data::MAX_LEN,
        });
    }
    let public_key = identity.public_key();
    let mut message = [0; 32 + 4 + app_data::MAX_LEN];
    message[..32].copy_from_slice(&public_key);
    message[32..36].copy_from_slice(&timestamp.to_le_bytes());
    app_data.emit(&mut app_data::Packet::new_unchecked(
        &mut message[36..36 + len],
    ));
    let signature = identity.sign(&message[..36 + len]);
    Ok(AdvertRepr {
        public_key,
        timestamp,
        signature,
        app_data,
    })
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;
    use crate::protocol::{Packet, Role};

    // Both ADVERT vectors of meshcore-vectors.json verify.
    #[test]
    fn vectors_verify() {
        for text in [
            "11007E7662676F7F0850A8A355BAAFBFC1EB7B4174C340442D7D7161C9474A2C94006CE7CF682E58408DD8FCC51906ECA98E\
             BF94A037886BDADE7ECD09FD92B839491DF3809C9454F5286D1D3370AC31A34593D569E9A042A3B41FD331DFFB7E18599CE1E6\
             0992A076D50238C5B8F85757375354522F50756765744D65736820436F75676172",
            "1100E04B135959FFAC9397B600ADD84822CB8BF4A050A7F40965DD1AB7AEA3DDD3743327E668B5DB95BC8FBC3894B115415D\
             6E4CCA36F9C9E62E923AFD37C3E2A154B27B0C53B6CFDDD45BB3FAF56FDAF08860D985CA2DA44F9DCAC1D7D76FC2B86D7B26E\
             004814C69616D20436F74746C6520F09FA4A0",
        ] {
            let bytes = hex::decode(text).unwrap();
            let packet = Packet::new_checked(&bytes[..]).unwrap();
            let payload = advert::Packet::new_checked(packet.payload()).unwrap();
            assert!(verify_payload(&payload));
            let mut tampered = packet.payload().to_vec();
            tampered[40] ^= 1;
            assert!(!verify_payload(
                &advert::Packet::new_checked(&tampered[..]).unwrap()
            ));
        }
    }

    #[test]
    fn signs_what_verifies() {
        let identity = Identity::from_seed(&[9; 32]);
        let app_data = AppDataRepr {
            role: Role::Repeater,
            location: None,
            feature1: None,
            feature2: None,
            name: Some(b"Hill"),
        };
        let advert = sign(&identity, 1_700_000_000, app_data).unwrap();
        let mut payload = vec![0; advert.buffer_len()];
        advert.emit(&mut advert::Packet::new_unchecked(&mut payload));
        assert!(verify_payload(
            &advert::Packet::new_checked(&payload[..]).unwrap()
        ));
        let too_long = AppDataRepr {
            name: Some(&[b'x'; 32]),
            ..app_data
        };
        assert!(sign(&identity, 0, too_long).is_err());
    }
}
