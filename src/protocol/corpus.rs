//! A deterministic mix of realistic packets, built with the encoder, for benchmarks and the decoder comparison
//! (`meshscope decode --bench-corpus N`). About 80 bytes on average: signed adverts, public and hashtag channel
//! messages, ACKs, peer datagrams, returned paths and traces, over paths of 0-8 hops of 1-3 byte hashes.

use super::crypto::{ChannelKey, Cipher, Identity, advert_sig, seal};
use super::{
    AckRepr, AppDataRepr, Location, PacketRepr, PayloadRepr, Role, Route, TraceRepr,
    TransportCodes, encode_packet,
};

/// The channels the corpus's group messages use, in the order a keyring should know them.
pub const CHANNELS: [&str; 3] = ["public", "#test", "#wardriving"];

/// `count` packets from `seed`: the same arguments give the same bytes.
pub fn mixed(count: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = SplitMix(seed);
    let nodes: Vec<Identity> = (0..16u8)
        .map(|i| Identity::from_seed(&[i.wrapping_add(seed as u8); 32]))
        .collect();
    let keys = [
        ChannelKey::public(),
        ChannelKey::from_hashtag("#test"),
        ChannelKey::from_hashtag("#wardriving"),
    ];
    let mut packets = Vec::with_capacity(count);
    while packets.len() < count {
        let mut out = Vec::with_capacity(128);
        let (hash_size, path) = path_of(&mut rng, &nodes);
        let built = match rng.below(100) {
            0..38 => advert(&mut rng, &nodes, hash_size, &path, &mut out),
            38..73 => group(&mut rng, &keys, hash_size, &path, &mut out),
            73..80 => {
                let ack = PayloadRepr::Ack(AckRepr {
                    crc: rng.next() as u32,
                    extra: &[],
                });
                PacketRepr::with_path(Route::Direct, hash_size, &path, ack)
                    .and_then(|r| encode_packet(&r, &mut out))
            }
            80..94 => datagram(&mut rng, &nodes, hash_size, &path, &mut out),
            _ => trace(&mut rng, &path, &mut out),
        };
        // Every branch builds a valid packet; the test below proves it, so nothing is ever skipped.
        if built.is_ok() {
            packets.push(out);
        }
    }
    packets
}

/// A hash size and a path of 0-8 hops through `nodes`.
fn path_of(rng: &mut SplitMix, nodes: &[Identity]) -> (usize, Vec<u8>) {
    let hash_size = 1 + rng.below(3) as usize;
    let hops = rng.below(9) as usize;
    let path = (0..hops)
        .flat_map(|_| pick(rng, nodes).public_key().into_iter().take(hash_size))
        .collect();
    (hash_size, path)
}

fn pick<'a, T>(rng: &mut SplitMix, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

fn advert(
    rng: &mut SplitMix,
    nodes: &[Identity],
    hash_size: usize,
    path: &[u8],
    out: &mut Vec<u8>,
) -> super::Result<()> {
    const NAMES: [&str; 6] = [
        "Hilltop",
        "WW7STR/PugetMesh Cougar",
        "Base Camp 🏕",
        "Relay-7",
        "Ann",
        "Ottawa West",
    ];
    let node = pick(rng, nodes);
    let name = *pick(rng, &NAMES);
    let role = *pick(rng, &[Role::Chat, Role::Repeater, Role::Room, Role::Sensor]);
    let location = (rng.below(2) == 0).then(|| Location {
        lat: 45_000_000 + rng.below(1_000_000) as i32,
        lon: -75_000_000,
    });
    let name_len = if location.is_some() {
        name.len().min(23)
    } else {
        name.len()
    };
    let app_data = AppDataRepr {
        role,
        location,
        feature1: None,
        feature2: None,
        name: Some(name.as_bytes().get(..name_len).unwrap_or_default()),
    };
    let signed = advert_sig::sign(node, 1_760_000_000 + rng.below(1_000_000) as u32, app_data)?;
    let repr = PacketRepr::with_path(Route::Flood, hash_size, path, PayloadRepr::Advert(signed))?;
    encode_packet(&repr, out)
}

fn group(
    rng: &mut SplitMix,
    keys: &[ChannelKey],
    hash_size: usize,
    path: &[u8],
    out: &mut Vec<u8>,
) -> super::Result<()> {
    const LINES: [&str; 5] = [
        "hello mesh",
        "anyone on the north ridge tonight?",
        "ack",
        "test 123",
        "signal report: good, 3 hops, SNR 7.5 dB",
    ];
    let key = pick(rng, keys);
    let text = *pick(rng, &LINES);
    let sender = *pick(rng, &["Ann", "Base Camp 🏕", "WW7STR", "Hilltop Rover"]);
    let sealed = seal::seal_group_message(
        key,
        1_760_000_000 + rng.below(1_000_000) as u32,
        sender,
        text,
    )?;
    let payload = PayloadRepr::GrpTxt(seal::group(key.hash(), &sealed));
    let route = match rng.below(4) {
        0 => Route::TransportFlood(TransportCodes {
            scope: rng.next() as u16 | 1,
            reserved: 0,
        }),
        _ => Route::Flood,
    };
    encode_packet(
        &PacketRepr::with_path(route, hash_size, path, payload)?,
        out,
    )
}

fn datagram(
    rng: &mut SplitMix,
    nodes: &[Identity],
    hash_size: usize,
    path: &[u8],
    out: &mut Vec<u8>,
) -> super::Result<()> {
    let mut plaintext = [0u8; 64];
    plaintext.iter_mut().for_each(|b| *b = rng.next() as u8);
    let len = 16 * (1 + rng.below(4) as usize) - 1;
    let sealed = Cipher::new(&[rng.next() as u8; 32]).seal(&plaintext[..len])?;
    let repr = seal::datagram(
        pick(rng, nodes).public_key()[0],
        pick(rng, nodes).public_key()[0],
        &sealed,
    );
    let payload = match rng.below(4) {
        0 => PayloadRepr::Req(repr),
        1 => PayloadRepr::Response(repr),
        2 => PayloadRepr::Path(repr),
        _ => PayloadRepr::TxtMsg(repr),
    };
    encode_packet(
        &PacketRepr::with_path(Route::Flood, hash_size, path, payload)?,
        out,
    )
}

fn trace(rng: &mut SplitMix, route: &[u8], out: &mut Vec<u8>) -> super::Result<()> {
    let snrs: Vec<u8> = (0..rng.below(route.len() as u64 + 1))
        .map(|_| rng.next() as u8 % 60)
        .collect();
    let payload = PayloadRepr::Trace(TraceRepr {
        tag: rng.next() as u32,
        auth: 0,
        flags: 0,
        route,
    });
    encode_packet(
        &PacketRepr::with_path(Route::Direct, 1, &snrs, payload)?,
        out,
    )
}

/// SplitMix64: a tiny deterministic generator, enough for a benchmark mix.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::decode;

    #[test]
    fn every_packet_decodes_and_the_mix_is_about_80_bytes() {
        let corpus = mixed(2000, 7);
        assert_eq!(corpus, mixed(2000, 7));
        for packet in &corpus {
            assert!(
                decode(packet).is_ok(),
                "{}",
                crate::hex::encode_upper(packet)
            );
        }
        let mean = corpus.iter().map(Vec::len).sum::<usize>() / corpus.len();
        assert!((60..=100).contains(&mean), "mean {mean}");
    }
}
