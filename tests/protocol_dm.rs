//! Direct-message crypto round trips with identities made here: one side encrypts with its shared secret, the
//! other side's keyring opens the packet (protocol C.4), for TXT_MSG, REQ, RESPONSE, PATH and ANON_REQ.

use meshscope::protocol::crypto::{Cipher, Identity, Keyring, ack, seal};
use meshscope::protocol::json::PacketJson;
use meshscope::protocol::plain::{PlainRepr, path_return, request, tagged, text};
use meshscope::protocol::{PacketRepr, PathLen, PayloadRepr, PayloadType, Route, encode_packet};

fn alice() -> Identity {
    Identity::from_seed(&[0xA1; 32])
}

fn bob() -> Identity {
    Identity::from_seed(&[0xB0; 32])
}

/// A keyring holding `me` and knowing `peer`.
fn keyring(me: Identity, peer: &Identity) -> Keyring {
    let mut keys = Keyring::new();
    keys.add_contact(peer.public_key()).unwrap();
    keys.set_identity(me);
    keys
}

/// Bob sends `plain` to Alice as a `payload_type` datagram; returns the packet bytes.
fn bob_to_alice(payload_type: PayloadType, plain: &PlainRepr) -> Vec<u8> {
    let secret = bob().shared_secret(&alice().public_key()).unwrap();
    let sealed = seal::seal(&Cipher::new(&secret), plain).unwrap();
    let datagram = seal::datagram(alice().public_key()[0], bob().public_key()[0], &sealed);
    let payload = match payload_type {
        PayloadType::TxtMsg => PayloadRepr::TxtMsg(datagram),
        PayloadType::Req => PayloadRepr::Req(datagram),
        PayloadType::Response => PayloadRepr::Response(datagram),
        _ => PayloadRepr::Path(datagram),
    };
    let mut out = Vec::new();
    encode_packet(&PacketRepr::zero_hop(Route::Flood, payload), &mut out).unwrap();
    out
}

fn json(bytes: &[u8], keys: &Keyring) -> serde_json::Value {
    serde_json::to_value(PacketJson::new(bytes, keys)).unwrap()
}

#[test]
fn both_sides_derive_one_secret() {
    let ours = alice().shared_secret(&bob().public_key()).unwrap();
    assert_eq!(ours, bob().shared_secret(&alice().public_key()).unwrap());
    // A 64-byte export of the key gives the same identity as its seed.
    let exported = Identity::from_private_key(&alice().private_key()).unwrap();
    assert_eq!(exported.public_key(), alice().public_key());
}

#[test]
fn text_message_opens_on_both_sides() {
    let message = text::Repr {
        timestamp: 1_760_000_000,
        text_type: text::TextType::Plain,
        attempt: 1,
        sender_prefix: None,
        text: "hello Alice 👋".as_bytes(),
        extended_attempt: None,
    };
    let bytes = bob_to_alice(PayloadType::TxtMsg, &PlainRepr::Text(message));
    let received = json(&bytes, &keyring(alice(), &bob()));
    let decrypted = &received["datagram"]["decrypted"];
    assert_eq!(decrypted["direction"], "incoming");
    assert_eq!(
        decrypted["peer"],
        meshscope::hex::encode_lower(&bob().public_key())
    );
    assert_eq!(decrypted["text"], "hello Alice 👋");
    assert_eq!(
        (decrypted["timestamp"].clone(), decrypted["attempt"].clone()),
        (1_760_000_000.into(), 1.into())
    );
    let sent = json(&bytes, &keyring(bob(), &alice()));
    assert_eq!(sent["datagram"]["decrypted"]["direction"], "outgoing");
    assert_eq!(sent["datagram"]["decrypted"]["text"], "hello Alice 👋");
    // A third party with Bob as a contact cannot open it.
    let carol = Identity::from_seed(&[0xC0; 32]);
    assert_eq!(
        json(&bytes, &keyring(carol, &bob()))["datagram"]["decrypted"],
        serde_json::Value::Null
    );
}

#[test]
fn ack_crc_of_a_text_message() {
    // The CRC Alice acknowledges with covers the plaintext (timestamp, flags, text) and Bob's key.
    let body = "ping";
    let message = text::Repr {
        timestamp: 42,
        text_type: text::TextType::Plain,
        attempt: 0,
        sender_prefix: None,
        text: body.as_bytes(),
        extended_attempt: None,
    };
    let bytes = bob_to_alice(PayloadType::TxtMsg, &PlainRepr::Text(message));
    let keys = keyring(alice(), &bob());
    let decoded = meshscope::protocol::decode(&bytes).unwrap();
    let PayloadRepr::TxtMsg(datagram) = decoded.packet.payload else {
        panic!("not a TXT_MSG")
    };
    let opened = keys.open_datagram(&datagram).unwrap();
    let plain = &opened.plaintext.as_bytes()[..5 + body.len()];
    let crc = ack::ack_crc(plain, &bob().public_key());
    assert_eq!(crc, ack::text_ack_crc(42, 0, body, &bob().public_key()));
}

#[test]
fn request_response_and_path() {
    let keys = keyring(alice(), &bob());
    let req = request::Repr {
        timestamp: 7,
        req_type: request::RequestType::GetStatus,
        data: &[],
    };
    let received = json(
        &bob_to_alice(PayloadType::Req, &PlainRepr::Request(req)),
        &keys,
    );
    assert_eq!(received["datagram"]["decrypted"]["req_type"], "GET_STATUS");
    let response = tagged::Repr {
        tag: 7,
        data: &[1, 2, 3],
    };
    let received = json(
        &bob_to_alice(PayloadType::Response, &PlainRepr::Response(response)),
        &keys,
    );
    assert_eq!(received["datagram"]["decrypted"]["tag"], 7);
    assert!(
        received["datagram"]["decrypted"]["data"]
            .as_str()
            .unwrap()
            .starts_with("010203")
    );
    let returned = path_return::Repr {
        path_len: PathLen::new(2, 2).unwrap(),
        path: &[0xAA, 0xBB, 0xCC, 0xDD],
        extra_type: 3,
        extra: &[0x44, 0x33, 0x22, 0x11],
    };
    let received = json(
        &bob_to_alice(PayloadType::Path, &PlainRepr::Path(returned)),
        &keys,
    );
    let decrypted = &received["datagram"]["decrypted"];
    assert_eq!(decrypted["path"], serde_json::json!(["AABB", "CCDD"]));
    assert_eq!(decrypted["extra_type"], "ACK");
}

#[test]
fn anon_request_opens_with_the_destination_key() {
    // Bob sends an anonymous login to Alice, who does not know him: the packet carries his key.
    let secret = bob().shared_secret(&alice().public_key()).unwrap();
    let login = tagged::Repr {
        tag: 1_760_000_000,
        data: b"password",
    };
    let sealed = seal::seal(&Cipher::new(&secret), &PlainRepr::AnonReq(login)).unwrap();
    let payload = PayloadRepr::AnonReq(seal::anon_req(
        alice().public_key()[0],
        bob().public_key(),
        &sealed,
    ));
    let mut bytes = Vec::new();
    encode_packet(&PacketRepr::zero_hop(Route::Direct, payload), &mut bytes).unwrap();
    let mut keys = Keyring::new();
    keys.set_identity(alice());
    let decrypted = &json(&bytes, &keys)["anon_req"]["decrypted"];
    assert_eq!(decrypted["direction"], "incoming");
    assert_eq!(decrypted["timestamp"], 1_760_000_000);
    assert!(
        decrypted["data"]
            .as_str()
            .unwrap()
            .starts_with(&meshscope::hex::encode_lower(b"password"))
    );
    // Bob, knowing Alice as a contact, opens his own request.
    let sent = json(&bytes, &keyring(bob(), &alice()));
    assert_eq!(sent["anon_req"]["decrypted"]["direction"], "outgoing");
}
