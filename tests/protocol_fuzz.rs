//! Property tests: arbitrary bytes never panic in any view, parser, decrypter, JSON builder or the dissector.
//!
//! A long run: `PROPTEST_CASES=1000000 cargo test --release --test protocol_fuzz --test protocol_roundtrip`.

use meshscope::protocol::crypto::{ChannelKey, Identity, Keyring, advert_sig};
use meshscope::protocol::dissect::dissect_with_keys;
use meshscope::protocol::json::PacketJson;
use meshscope::protocol::payload::{
    ack, advert, anon_req, app_data, control, datagram, group, multipart, raw_custom, trace,
};
use meshscope::protocol::plain::{self, PlainRepr, group_data, path_return, request, tagged, text};
use meshscope::protocol::{
    AdvertRepr, AnonReqRepr, AppDataRepr, ControlRepr, DatagramRepr, GroupRepr, MultipartRepr,
    Packet, PacketRepr, PayloadType, RawCustomRepr, TraceRepr, decode,
};
use proptest::prelude::*;

fn full_keyring() -> Keyring {
    let mut keys = Keyring::with_public_channel();
    keys.add_channel("#test", ChannelKey::from_hashtag("#test"));
    keys.add_region("#ottawa");
    keys.set_identity(Identity::from_seed(&[1; 32]));
    keys.add_contact(Identity::from_seed(&[2; 32]).public_key())
        .unwrap();
    keys
}

fn payload_views_do_not_panic(bytes: &[u8]) {
    if let Ok(view) = datagram::Packet::new_checked(bytes) {
        let _ = (
            view.dest_hash(),
            view.src_hash(),
            view.mac(),
            view.ciphertext(),
        );
    }
    if let Ok(view) = ack::Packet::new_checked(bytes) {
        let _ = (view.crc(), view.extra());
    }
    if let Ok(view) = advert::Packet::new_checked(bytes) {
        let _ = (
            view.public_key(),
            view.timestamp(),
            view.signature(),
            view.app_data(),
            view.excess_range(),
        );
        let _ = AdvertRepr::parse(&view);
    }
    if let Ok(view) = app_data::Packet::new_checked(bytes) {
        let _ = (
            view.role(),
            view.location(),
            view.feature1(),
            view.feature2(),
            view.name(),
        );
        let _ = AppDataRepr::parse(&view).map(|r| r.name_text());
    }
    if let Ok(view) = group::Packet::new_checked(bytes) {
        let _ = (view.channel_hash(), view.mac(), view.ciphertext());
    }
    if let Ok(view) = anon_req::Packet::new_checked(bytes) {
        let _ = (
            view.dest_hash(),
            view.sender_key(),
            view.mac(),
            view.ciphertext(),
        );
    }
    if let Ok(view) = trace::Packet::new_checked(bytes) {
        let _ = TraceRepr::parse(&view).map(|r| r.route_hashes().count());
    }
    if let Ok(view) = multipart::Packet::new_checked(bytes) {
        let _ = MultipartRepr::parse(&view).map(|r| r.ack());
    }
    if let Ok(view) = control::Packet::new_checked(bytes) {
        let _ = (view.flags(), view.control_type(), view.data());
        let _ = ControlRepr::parse(&view);
    }
    if let Ok(view) = raw_custom::Packet::new_checked(bytes) {
        let _ = RawCustomRepr::parse(&view);
    }
}

fn plaintexts_do_not_panic(bytes: &[u8]) {
    for bits in 0..16 {
        let _ = PlainRepr::parse(PayloadType::from_bits(bits), bytes);
    }
    if let Ok(view) = text::Packet::new_checked(bytes) {
        let _ = (view.text(), view.extended_attempt(), view.sender_prefix());
        let _ = text::Repr::parse(&view).map(|r| r.sender_and_message());
    }
    if let Ok(view) = group_data::Packet::new_checked(bytes) {
        let _ = (view.data_type(), view.data());
    }
    if let Ok(view) = request::Packet::new_checked(bytes) {
        let _ = (view.req_type(), view.data());
    }
    if let Ok(view) = tagged::Packet::new_checked(bytes) {
        let _ = view.data();
    }
    if let Ok(view) = path_return::Packet::new_checked(bytes) {
        let _ = (view.path(), view.extra_type(), view.extra());
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let keys = full_keyring();
        if let Ok(view) = Packet::new_checked(&bytes[..]) {
            let _ = (view.route(), view.path(), view.payload(), view.hash(), view.version());
            let _ = PacketRepr::parse(&view).map(|repr| repr.to_string());
        }
        let _ = decode(&bytes);
        let _ = dissect_with_keys(&bytes, &keys);
        let _ = PacketJson::new(&bytes, &keys);
        payload_views_do_not_panic(&bytes);
        plaintexts_do_not_panic(&bytes);
    }

    #[test]
    fn arbitrary_packets_never_panic(header in any::<u8>(), path_len in 0u8..=0xBF, rest in proptest::collection::vec(any::<u8>(), 0..200)) {
        // Mostly well-framed packets, so the payload parsers and decrypters see every type.
        let mut bytes = vec![header & 0x3F, path_len];
        bytes.extend(&rest);
        let keys = full_keyring();
        let _ = decode(&bytes).map(|d| d.packet.to_string());
        let _ = dissect_with_keys(&bytes, &keys);
        let _ = PacketJson::new(&bytes, &keys);
    }

    #[test]
    fn arbitrary_ciphertexts_never_panic(hash in any::<u8>(), mac in any::<[u8; 2]>(), ciphertext in proptest::collection::vec(any::<u8>(), 1..181)) {
        let keys = full_keyring();
        let _ = keys.open_group(&GroupRepr { channel_hash: hash, mac, ciphertext: &ciphertext });
        let _ = keys.open_datagram(&DatagramRepr { dest_hash: hash, src_hash: hash, mac, ciphertext: &ciphertext });
        let sender_key = [hash; 32];
        let _ = keys.open_anon_req(&AnonReqRepr { dest_hash: hash, sender_key, mac, ciphertext: &ciphertext });
        let _ = advert_sig::verify(&sender_key, 0, &[hash; 64], &ciphertext);
    }
}

#[test]
fn plain_layouts_by_payload_type() {
    // The text layout is shared by GRP_TXT and TXT_MSG; both parse it.
    let bytes = [1, 0, 0, 0, 0, b'a', b':', b' ', b'b'];
    assert!(matches!(
        plain::PlainRepr::parse(PayloadType::GrpTxt, &bytes),
        Some(Ok(PlainRepr::Text(_)))
    ));
    assert!(matches!(
        plain::PlainRepr::parse(PayloadType::TxtMsg, &bytes),
        Some(Ok(PlainRepr::Text(_)))
    ));
    assert!(plain::PlainRepr::parse(PayloadType::Ack, &bytes).is_none());
}
