//! Region scope labels for transport code 1 (protocol A.2, FW `TransportKeyStore.cpp`):
//! `key = SHA256("#region")[0..16]`, `code = u16 LE of HMAC-SHA256(key, payload_type || payload)[0..2]`, with 0
//! sent as 1 and 0xFFFF as 0xFFFE.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::cipher::hmac_with_key;
use crate::protocol::PayloadType;

/// A named region with its HMAC keyed once.
#[derive(Clone)]
pub struct RegionKey {
    name: String,
    mac: Hmac<Sha256>,
}

impl RegionKey {
    /// The region `name`; a leading `#` is added if missing. The name is hashed as written (no case folding).
    pub fn new(name: &str) -> RegionKey {
        let name = if name.starts_with('#') {
            name.to_owned()
        } else {
            format!("#{name}")
        };
        let mut key = [0; 32];
        key[..16].copy_from_slice(&Sha256::digest(name.as_bytes())[..16]);
        RegionKey {
            mac: hmac_with_key(&key),
            name,
        }
    }

    /// The name with its leading `#`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Transport code 1 that this region gives a payload.
    pub fn code(&self, payload_type: PayloadType, payload: &[u8]) -> u16 {
        let mut mac = self.mac.clone();
        mac.update(&[payload_type.bits()]);
        mac.update(payload);
        let tag = mac.finalize().into_bytes();
        match u16::from_le_bytes([tag[0], tag[1]]) {
            0 => 1,
            0xFFFF => 0xFFFE,
            code => code,
        }
    }
}

impl core::fmt::Debug for RegionKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RegionKey({})", self.name)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;
    use crate::protocol::Packet;

    // Vector `14FA1A00…` carries code 0x1AFA, which is `#ottawa` (not `#Ottawa`, not `#seattle`).
    #[test]
    fn ottawa_vector() {
        let bytes = hex::decode(
            "14FA1A0000034E927D596EA23622BCB4D5945E49348165AF7DABA3F5DCEED85F430E0856DB5B591E86AB3363BC00E1BA3077\
             6698F72FC57C7168E66A4875CDB710F3C175FC2B3FE75A036EF14FA59A709062D3A9FF7014F2E7A8512C",
        )
        .unwrap();
        let packet = Packet::new_checked(&bytes[..]).unwrap();
        let code = |name: &str| RegionKey::new(name).code(packet.payload_type(), packet.payload());
        assert_eq!(code("#ottawa"), 0x1AFA);
        assert_eq!(code("ottawa"), 0x1AFA);
        assert_ne!(code("#Ottawa"), 0x1AFA);
        assert_ne!(code("#seattle"), 0x1AFA);
        assert_eq!(RegionKey::new("ottawa").name(), "#ottawa");
    }
}
