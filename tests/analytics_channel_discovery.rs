//! Channel discovery: hashtag channels found from the built-in list, the user's words or the brute force of
//! short names, verified by MAC on captured packets; private channels and MAC look-alikes never reported.

mod store_support;

use meshscope::analytics::channel_discovery::{
    Candidates, DiscoveryOptions, Origin, Sample, Search, Target, search, targets,
};
use meshscope::analytics::{ChannelDiscovery, channel_discovery};
use meshscope::generate::{Mesh, MeshOptions, OutputOptions, TrafficOptions, write_dump};
use meshscope::ingest::{Batch, Format, Parser};
use meshscope::protocol::PayloadType;
use meshscope::protocol::crypto::{ChannelKey, ChannelSpec};
use meshscope::store::{ObserverKind, Store};
use proptest::prelude::*;
use store_support::*;

/// `count` messages on `key`, each heard once.
fn messages(key: &ChannelKey, count: u32, first: u32) -> Vec<Heard> {
    (0..count)
        .map(|i| {
            let n = first + i;
            heard(
                i64::from(n) * 1000,
                n % 2,
                &group_text(
                    key,
                    1_700_000_000 + n,
                    "Ann",
                    &format!("message {n}"),
                    flood(&[0x42]),
                ),
            )
        })
        .collect()
}

/// A private key (not a hashtag) whose hash byte is `hash`.
fn private_key_with_hash(hash: u8) -> ChannelKey {
    (0..=u16::MAX)
        .map(|i| {
            let mut secret = [0x5c; 16];
            secret[..2].copy_from_slice(&i.to_le_bytes());
            ChannelKey::from_secret(&secret).unwrap()
        })
        .find(|key| key.hash() == hash)
        .unwrap()
}

fn names(discovery: &ChannelDiscovery) -> Vec<(&str, Origin, usize, usize)> {
    discovery
        .found
        .iter()
        .map(|f| (f.name.as_str(), f.origin, f.checked, f.verified))
        .collect()
}

#[test]
fn a_listed_name_is_found_and_adding_it_decrypts() {
    let seattle = ChannelKey::from_hashtag("#seattle");
    let mut hearings = messages(&seattle, 11, 0);
    hearings.extend(messages(&ChannelKey::public(), 3, 100));
    let mut store = store_of(&hearings);
    let discovery = channel_discovery(&store, &DiscoveryOptions::default());
    // Public opens on ingest, so only #seattle's byte is searched.
    assert_eq!(discovery.hashes.len(), 1);
    assert_eq!(
        (
            discovery.hashes[0].hash,
            discovery.hashes[0].packets,
            discovery.hashes[0].sampled
        ),
        (seattle.hash(), 11, 8)
    );
    assert_eq!(names(&discovery), [("#seattle", Origin::BuiltIn, 8, 8)]);
    assert_eq!(discovery.found[0].packets, 11);
    assert_eq!(discovery.brute_force_len, 0);
    let added = store.add_channel_spec(&ChannelSpec::parse(&discovery.found[0].name).unwrap());
    assert_eq!(added.decrypted, 11);
    let after = channel_discovery(&store, &DiscoveryOptions::default());
    assert!(after.hashes.is_empty() && after.found.is_empty());
}

#[test]
fn a_short_name_is_found_only_by_brute_force() {
    let key = ChannelKey::from_hashtag("#q7x");
    let store = store_of(&messages(&key, 2, 0));
    let listed = channel_discovery(&store, &DiscoveryOptions::default());
    assert!(listed.found.is_empty());
    let two = DiscoveryOptions {
        brute_force_len: 2,
        ..DiscoveryOptions::default()
    };
    assert!(channel_discovery(&store, &two).found.is_empty());
    let three = DiscoveryOptions {
        brute_force_len: 3,
        ..DiscoveryOptions::default()
    };
    let found = channel_discovery(&store, &three);
    assert_eq!(names(&found), [("#q7x", Origin::BruteForce, 2, 2)]);
    // Every name was tried: the list, then 36 + 36² + 36³ names.
    let built_in = meshscope::analytics::channel_discovery::words::BUILT_IN.len() as u64;
    assert_eq!(found.tried, built_in + 36 + 1296 + 46_656);
    // A user word finds it without the brute force, named as the user wrote it.
    let word = DiscoveryOptions {
        words: vec!["Q7X".to_owned(), "q7x".to_owned()],
        brute_force_len: 0,
    };
    assert_eq!(
        names(&channel_discovery(&store, &word)),
        [("#q7x", Origin::UserWord, 2, 2)]
    );
}

#[test]
fn private_channels_and_mac_look_alikes_are_never_reported() {
    // Packets whose hash byte is #mesh's (a listed name) but sealed with a private key: the byte matches,
    // the MACs do not.
    let mesh = ChannelKey::from_hashtag("#mesh");
    let impostor = private_key_with_hash(mesh.hash());
    assert_ne!(impostor, mesh);
    let store = store_of(&messages(&impostor, 5, 0));
    let discovery = channel_discovery(&store, &DiscoveryOptions::default());
    assert_eq!(discovery.hashes.len(), 1);
    assert_eq!(discovery.hashes[0].hash, mesh.hash());
    assert!(discovery.found.is_empty());
}

#[test]
fn one_verified_packet_of_several_is_not_enough() {
    // Hash byte shared by #kestrel (one packet) and a private channel (seven): one MAC in eight verifies,
    // which a 16-bit MAC can do by chance, so #kestrel is not reported; with a second packet it is.
    let kestrel = ChannelKey::from_hashtag("#kestrel");
    let private = private_key_with_hash(kestrel.hash());
    let mut hearings = messages(&kestrel, 1, 0);
    hearings.extend(messages(&private, 7, 10));
    let words = DiscoveryOptions {
        words: vec!["kestrel".to_owned()],
        brute_force_len: 0,
    };
    let store = store_of(&hearings);
    assert!(channel_discovery(&store, &words).found.is_empty());
    hearings.insert(1, messages(&kestrel, 1, 50).remove(0));
    let store = store_of(&hearings);
    let found = channel_discovery(&store, &words);
    assert_eq!(names(&found), [("#kestrel", Origin::UserWord, 8, 2)]);
    assert_eq!(found.found[0].packets, 9);
}

#[test]
fn a_single_captured_packet_is_enough_when_it_is_all_there_is() {
    let store = store_of(&messages(&ChannelKey::from_hashtag("#emergency"), 1, 0));
    let discovery = channel_discovery(&store, &DiscoveryOptions::default());
    assert_eq!(names(&discovery), [("#emergency", Origin::BuiltIn, 1, 1)]);
}

#[test]
fn stepping_in_slices_finds_the_same_as_one_run() {
    let mut hearings = messages(&ChannelKey::from_hashtag("#k9"), 3, 0);
    hearings.extend(messages(&ChannelKey::from_hashtag("#test"), 2, 10));
    let store = store_of(&hearings);
    let options = DiscoveryOptions {
        brute_force_len: 2,
        ..DiscoveryOptions::default()
    };
    let whole = channel_discovery(&store, &options);
    let mut sliced = search(&store, &options);
    let mut last = 0;
    loop {
        let progress = sliced.step(97);
        assert!(progress.tried > last || progress.done());
        last = progress.tried;
        if progress.done() {
            break;
        }
    }
    assert_eq!(sliced.found(), whole.found.as_slice());
    assert_eq!(
        names(&whole),
        [
            ("#test", Origin::BuiltIn, 2, 2),
            ("#k9", Origin::BruteForce, 3, 3)
        ]
    );
    assert_eq!(targets(&store).len(), 2);
}

#[test]
fn generated_hashtag_channels_are_found_and_the_private_one_is_not() {
    let mesh = Mesh::new(&MeshOptions {
        seed: 3,
        nodes: 30,
        observers: 2,
        ..MeshOptions::default()
    });
    let traffic = TrafficOptions {
        duration_ms: 6 * 3_600_000,
        ..TrafficOptions::default()
    };
    let mut dump = Vec::new();
    write_dump(&mesh, &traffic, &OutputOptions::default(), &mut dump).unwrap();
    let mut store = Store::new();
    let mut parser = Parser::new(Format::F1Json);
    let mut batch = Batch::new();
    parser.feed(&dump, &mut batch);
    parser.finish(&mut batch);
    store.ingest(&batch, parser.observers(), ObserverKind::Mqtt);
    let discovery = channel_discovery(&store, &DiscoveryOptions::default());
    let mut found: Vec<&str> = discovery.found.iter().map(|f| f.name.as_str()).collect();
    found.sort_unstable();
    let mut hashtags: Vec<&str> = mesh
        .channels()
        .iter()
        .filter(|c| c.name.starts_with('#'))
        .map(|c| c.name.as_str())
        .collect();
    hashtags.sort_unstable();
    assert_eq!(found, hashtags);
    let private = mesh.channels().iter().find(|c| !c.known).unwrap();
    assert!(
        discovery
            .hashes
            .iter()
            .any(|h| h.hash == private.key.hash())
    );
    for channel in &discovery.found {
        let expected = store.undecrypted(channel.hash).count();
        let added = store.add_channel_spec(&ChannelSpec::parse(&channel.name).unwrap());
        assert_eq!(added.decrypted, expected, "{}", channel.name);
    }
}

proptest! {
    #[test]
    fn arbitrary_evidence_never_panics(
        samples in proptest::collection::vec(
            (any::<bool>(), any::<[u8; 2]>(), proptest::collection::vec(any::<u8>(), 0..200)),
            0..10,
        ),
        hash in any::<u8>(),
        words in proptest::collection::vec(".{0,80}", 0..4),
    ) {
        let samples = samples
            .into_iter()
            .map(|(text, mac, ciphertext)| Sample {
                payload_type: if text { PayloadType::GrpTxt } else { PayloadType::GrpData },
                mac,
                ciphertext,
            })
            .collect();
        let target = Target { hash, packets: 10, samples };
        let mut search = Search::new(vec![target], Candidates::new(&words, 1));
        let progress = search.run();
        prop_assert!(progress.done());
    }
}
