//! Every key a user gave: channels indexed by hash byte, region names, a private key and known contacts. It opens
//! group messages (protocol C.1: try each channel with the hash, keep the first whose MAC verifies), peer
//! datagrams and ANON_REQs (C.4), and labels transport codes with a region (A.2). Ciphers are keyed once, when a
//! key is added, never per message.

use core::fmt;

use curve25519_dalek::edwards::CompressedEdwardsY;

use super::{ChannelKey, ChannelSpec, Cipher, Identity, KeyError, Plaintext, RegionKey};
use crate::protocol::{AnonReqRepr, DatagramRepr, GroupRepr, PayloadType, TransportCodes};

/// A named channel key with its hash byte and cipher.
#[derive(Clone)]
pub struct Channel {
    name: String,
    key: ChannelKey,
    hash: u8,
    cipher: Cipher,
}

impl Channel {
    /// The name the user gave (`#bot`, `public`, a link's name, …).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key.
    pub fn key(&self) -> &ChannelKey {
        &self.key
    }

    /// The channel hash byte.
    pub fn hash(&self) -> u8 {
        self.hash
    }

    /// The pre-keyed cipher.
    pub fn cipher(&self) -> &Cipher {
        &self.cipher
    }
}

impl fmt::Debug for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Channel({:?}, hash {:02x})", self.name, self.hash)
    }
}

/// A group message opened with one of the keyring's channels.
#[derive(Debug, Clone)]
pub struct GroupMatch<'k> {
    /// The channel whose MAC verified.
    pub channel: &'k Channel,
    /// The decrypted blocks.
    pub plaintext: Plaintext,
}

/// Which side of a peer message the keyring's identity is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The identity is the destination.
    Incoming,
    /// The identity is the sender.
    Outgoing,
}

/// A peer datagram or ANON_REQ opened with the identity's shared secret with `peer`.
#[derive(Debug, Clone)]
pub struct PeerMatch {
    /// The other party's public key.
    pub peer: [u8; 32],
    /// Whether the identity received or sent the message.
    pub direction: Direction,
    /// The decrypted blocks.
    pub plaintext: Plaintext,
}

#[derive(Clone)]
struct Contact {
    public_key: [u8; 32],
    cipher: Option<Cipher>,
}

/// The user's keys. Cheap to query: lookups by hash byte, ciphers keyed in advance.
#[derive(Clone)]
pub struct Keyring {
    /// Sorted by hash byte, insertion order kept within a hash.
    channels: Vec<Channel>,
    /// `channels[starts[h]..starts[h + 1]]` have hash `h`.
    starts: [usize; 257],
    regions: Vec<RegionKey>,
    identity: Option<Identity>,
    contacts: Vec<Contact>,
}

impl Default for Keyring {
    fn default() -> Keyring {
        Keyring::new()
    }
}

impl Keyring {
    /// No keys at all.
    pub fn new() -> Keyring {
        Keyring {
            channels: Vec::new(),
            starts: [0; 257],
            regions: Vec::new(),
            identity: None,
            contacts: Vec::new(),
        }
    }

    /// Only the Public channel, as every node has.
    pub fn with_public_channel() -> Keyring {
        let mut keyring = Keyring::new();
        keyring.add_channel("public", ChannelKey::public());
        keyring
    }

    /// Adds a channel; among channels sharing a hash, earlier ones are tried first.
    pub fn add_channel(&mut self, name: &str, key: ChannelKey) {
        let hash = key.hash();
        self.channels.push(Channel {
            name: name.to_owned(),
            key,
            hash,
            cipher: key.cipher(),
        });
        self.channels.sort_by_key(Channel::hash);
        let mut at = 0;
        for (h, start) in self.starts.iter_mut().enumerate() {
            while self
                .channels
                .get(at)
                .is_some_and(|channel| usize::from(channel.hash) < h)
            {
                at += 1;
            }
            *start = at;
        }
    }

    /// Adds a parsed channel text.
    pub fn add_channel_spec(&mut self, spec: ChannelSpec) {
        self.add_channel(&spec.name, spec.key);
    }

    /// All channels, ordered by hash byte.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The channels whose hash is `hash`, in the order they were added.
    pub fn channels_with_hash(&self, hash: u8) -> &[Channel] {
        let h = usize::from(hash);
        self.channels
            .get(self.starts[h]..self.starts[h + 1])
            .unwrap_or_default()
    }

    /// Opens a GRP_TXT or GRP_DATA payload with the first channel whose MAC verifies.
    pub fn open_group(&self, group: &GroupRepr) -> Option<GroupMatch<'_>> {
        self.channels_with_hash(group.channel_hash)
            .iter()
            .find_map(|channel| {
                let plaintext = channel.cipher.open(group.mac, group.ciphertext)?;
                Some(GroupMatch { channel, plaintext })
            })
    }

    /// Adds a region name (a `#` is added if missing).
    pub fn add_region(&mut self, name: &str) {
        self.regions.push(RegionKey::new(name));
    }

    /// The regions, in the order added.
    pub fn regions(&self) -> &[RegionKey] {
        &self.regions
    }

    /// The first region whose code for this payload equals transport code 1.
    pub fn region_of(
        &self,
        codes: TransportCodes,
        payload_type: PayloadType,
        payload: &[u8],
    ) -> Option<&RegionKey> {
        self.regions
            .iter()
            .find(|region| region.code(payload_type, payload) == codes.scope)
    }

    /// Sets the private key that opens peer messages, and keys every known contact with it.
    pub fn set_identity(&mut self, identity: Identity) {
        for contact in &mut self.contacts {
            contact.cipher = identity
                .shared_secret(&contact.public_key)
                .ok()
                .map(|secret| Cipher::new(&secret));
        }
        self.identity = Some(identity);
    }

    /// The identity, if set.
    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_ref()
    }

    /// Adds a contact whose messages with the identity can be opened (an X25519 now, not per message).
    pub fn add_contact(&mut self, public_key: [u8; 32]) -> Result<(), KeyError> {
        CompressedEdwardsY(public_key)
            .decompress()
            .ok_or(KeyError::InvalidPublicKey)?;
        let cipher = match &self.identity {
            Some(identity) => Some(Cipher::new(&identity.shared_secret(&public_key)?)),
            None => None,
        };
        self.contacts.push(Contact { public_key, cipher });
        Ok(())
    }

    /// Opens a REQ, RESPONSE, TXT_MSG or PATH payload sent to or by the identity, trying each contact whose first
    /// key byte matches the other party's hash.
    pub fn open_datagram(&self, datagram: &DatagramRepr) -> Option<PeerMatch> {
        let ours = self.identity.as_ref()?.public_key()[0];
        let sides = [
            (datagram.dest_hash, datagram.src_hash, Direction::Incoming),
            (datagram.src_hash, datagram.dest_hash, Direction::Outgoing),
        ];
        sides
            .into_iter()
            .filter(|&(us, _, _)| us == ours)
            .find_map(|(_, peer_hash, direction)| {
                self.open_with_contacts(peer_hash, direction, datagram.mac, datagram.ciphertext)
            })
    }

    /// Opens an ANON_REQ sent to the identity (an X25519 with the sender key in the packet, about 50 µs) or sent by
    /// it to a contact.
    pub fn open_anon_req(&self, request: &AnonReqRepr) -> Option<PeerMatch> {
        let identity = self.identity.as_ref()?;
        if request.dest_hash == identity.public_key()[0] {
            let cipher = Cipher::new(&identity.shared_secret(&request.sender_key).ok()?);
            if let Some(plaintext) = cipher.open(request.mac, request.ciphertext) {
                return Some(PeerMatch {
                    peer: request.sender_key,
                    direction: Direction::Incoming,
                    plaintext,
                });
            }
        }
        if request.sender_key == identity.public_key() {
            return self.open_with_contacts(
                request.dest_hash,
                Direction::Outgoing,
                request.mac,
                request.ciphertext,
            );
        }
        None
    }

    fn open_with_contacts(
        &self,
        peer_hash: u8,
        direction: Direction,
        mac: [u8; 2],
        ciphertext: &[u8],
    ) -> Option<PeerMatch> {
        self.contacts
            .iter()
            .filter(|contact| contact.public_key[0] == peer_hash)
            .find_map(|contact| {
                let plaintext = contact.cipher.as_ref()?.open(mac, ciphertext)?;
                Some(PeerMatch {
                    peer: contact.public_key,
                    direction,
                    plaintext,
                })
            })
    }
}

impl fmt::Debug for Keyring {
    /// Names and counts only, never secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("channels", &self.channels)
            .field("regions", &self.regions)
            .field("identity", &self.identity)
            .field("contacts", &self.contacts.len())
            .finish()
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::hex;
    use crate::protocol::{Packet, PacketRepr, PayloadRepr};

    fn group_of(text: &str) -> (Vec<u8>, usize) {
        let bytes = hex::decode(text).unwrap();
        let at = Packet::new_checked(&bytes[..])
            .unwrap()
            .payload_range()
            .start;
        (bytes, at)
    }

    fn parse_group(bytes: &[u8]) -> GroupRepr<'_> {
        match PacketRepr::parse(&Packet::new_checked(bytes).unwrap())
            .unwrap()
            .payload
        {
            PayloadRepr::GrpTxt(group) | PayloadRepr::GrpData(group) => group,
            other => panic!("not a group payload: {other:?}"),
        }
    }

    #[test]
    fn first_channel_whose_mac_verifies() {
        let (bytes, _) = group_of("15833FA002860CCAE0EED9CA78B9AB0775D477C1F6490A398BF4EDC75240");
        let group = parse_group(&bytes);
        let mut keyring = Keyring::with_public_channel();
        assert!(keyring.open_group(&group).is_none());
        // A wrong key with the same hash byte (0xca) is tried first and skipped.
        let decoy = (0u32..)
            .map(|i| ChannelKey::from_hashtag(&format!("#decoy{i}")))
            .find(|k| k.hash() == 0xca)
            .unwrap();
        keyring.add_channel("decoy", decoy);
        keyring.add_channel("#bot", ChannelKey::from_hashtag("#bot"));
        assert_eq!(keyring.channels_with_hash(0xca).len(), 2);
        assert_eq!(keyring.channels_with_hash(0x11)[0].name(), "public");
        let opened = keyring.open_group(&group).unwrap();
        assert_eq!(opened.channel.name(), "#bot");
        assert!(opened.plaintext.as_bytes()[5..].starts_with(b"Roy B V4: P"));
    }

    #[test]
    fn index_stays_sorted() {
        let mut keyring = Keyring::new();
        for name in ["#test", "#bot", "#wardriving", "#chat"] {
            keyring.add_channel(name, ChannelKey::from_hashtag(name));
        }
        keyring.add_channel("public", ChannelKey::public());
        for (hash, name) in [
            (0xd9, "#test"),
            (0xca, "#bot"),
            (0x81, "#wardriving"),
            (0xb8, "#chat"),
            (0x11, "public"),
        ] {
            assert_eq!(
                keyring
                    .channels_with_hash(hash)
                    .iter()
                    .map(Channel::name)
                    .collect::<Vec<_>>(),
                [name]
            );
        }
        assert!(keyring.channels_with_hash(0x00).is_empty());
        assert!(keyring.channels_with_hash(0xff).is_empty());
    }

    #[test]
    fn regions() {
        let (bytes, at) = group_of(
            "14FA1A0000034E927D596EA23622BCB4D5945E49348165AF7DABA3F5DCEED85F430E0856DB5B591E86AB3363BC00E1BA3077\
             6698F72FC57C7168E66A4875CDB710F3C175FC2B3FE75A036EF14FA59A709062D3A9FF7014F2E7A8512C",
        );
        let mut keyring = Keyring::new();
        keyring.add_region("#seattle");
        keyring.add_region("ottawa");
        let codes = TransportCodes {
            scope: 0x1AFA,
            reserved: 0,
        };
        let region = keyring
            .region_of(codes, PayloadType::GrpTxt, &bytes[at..])
            .map(RegionKey::name);
        assert_eq!(region, Some("#ottawa"));
        assert!(
            keyring
                .region_of(
                    TransportCodes {
                        scope: 1,
                        reserved: 0
                    },
                    PayloadType::GrpTxt,
                    &bytes[at..]
                )
                .is_none()
        );
    }

    #[test]
    fn contacts_must_be_points() {
        let mut keyring = Keyring::new();
        // y = 2 is not the y coordinate of any curve point.
        let mut not_a_point = [0; 32];
        not_a_point[0] = 2;
        assert_eq!(
            keyring.add_contact(not_a_point),
            Err(KeyError::InvalidPublicKey)
        );
        assert!(
            keyring
                .add_contact(Identity::from_seed(&[1; 32]).public_key())
                .is_ok()
        );
    }
}
