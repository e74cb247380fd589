//! Every vector of `meshcore-vectors.json`: each field of its `reference_decode` against `PacketJson`, signature and
//! decryption checks, the errata cases decoded the firmware way, the negative vector; plus decode/encode/dissect
//! agreement on each vector.
//!
//! The file is read from `$MESHSCOPE_VECTORS`, or else from `../shared/vectors/meshcore-vectors.json` beside the
//! repository (where the project keeps it).

use std::path::PathBuf;

use meshscope::hex;
use meshscope::protocol::crypto::{ChannelKey, Keyring};
use meshscope::protocol::dissect::dissect_with_keys;
use meshscope::protocol::json::PacketJson;
use meshscope::protocol::{PayloadType, decode, encode_packet};
use serde_json::{Value, json};

fn vectors() -> Vec<Value> {
    let path = std::env::var_os("MESHSCOPE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/vectors/meshcore-vectors.json")
        });
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let Value::Array(vectors) = serde_json::from_str(&text).unwrap() else {
        panic!("not an array")
    };
    assert!(vectors.len() >= 20, "only {} vectors", vectors.len());
    vectors
}

/// The keys a vector names: its channel keys and the regions it tried.
fn keyring_for(vector: &Value) -> Keyring {
    let mut keys = Keyring::new();
    if let Some(Value::Object(channels)) = vector.get("channel_keys") {
        for (name, secret) in channels {
            let secret = hex::decode(secret.as_str().unwrap()).unwrap();
            keys.add_channel(name, ChannelKey::from_secret(&secret).unwrap());
        }
    }
    if let Some(Value::Array(regions)) = vector.get("regions_tried") {
        for region in regions {
            keys.add_region(region.as_str().unwrap());
        }
    }
    keys
}

/// What `PacketJson` says for one `reference_decode` key, in the reference's terms.
fn ours(key: &str, json: &Value, bytes: &[u8]) -> Value {
    let advert = &json["advert"];
    let group = &json["group"];
    let trace = &json["trace"];
    let control = &json["control"];
    // REQ, RESPONSE, TXT_MSG and PATH use `datagram`; ANON_REQ uses `anon_req`; GRP_TXT uses `group`.
    let encrypted = [&json["datagram"], &json["anon_req"], group]
        .into_iter()
        .find(|v| !v.is_null());
    let field = |name: &str| encrypted.map_or(Value::Null, |object| object[name].clone());
    let is_trace = json["payload_type"] == "TRACE";
    match key {
        "routeTypeName" => json["route"].clone(),
        "payloadTypeName" => json["payload_type"].clone(),
        "payloadVersion" => json["version"].clone(),
        "pathLenByte" => json["path_len"].clone(),
        // TRACE's header path is SNR bytes, one per entry: the reference shows them as 1-byte hops.
        "pathHashSize" if is_trace => json!(1),
        // The negative vector states the raw bits of the reserved size (4); ours is null, not a size.
        "pathHashSize" => match json["path_hash_size"].clone() {
            Value::Null => json!((json["path_len"].as_u64().unwrap() >> 6) + 1),
            size => size,
        },
        "pathHashCount" => json["path_hash_count"].clone(),
        "path" if is_trace => {
            let snrs = trace["snrs"].as_array().unwrap();
            json!(
                snrs.iter()
                    .map(|snr| format!("{:02X}", (snr.as_f64().unwrap() * 4.0) as i8 as u8))
                    .collect::<Vec<_>>()
            )
        }
        "path" => json["path"].clone(),
        "payloadLen" => json["payload_len"].clone(),
        "packetHash" => json["packet_hash"].clone(),
        "isValid" => json["ok"].clone(),
        "error" => json!(
            json["error"]["message"]
                .as_str()
                .map(|m| m.split(" in path_len").next().unwrap())
        ),
        "transportCodes" => json["transport_codes"].clone(),
        "transportRegion" => json["region"].clone(),
        "pubKey" => advert["public_key"].clone(),
        "timestamp" if !advert.is_null() => advert["timestamp"].clone(),
        "timestamp" => group["timestamp"].clone(),
        "appDataLen" => json!(bytes.len() - 2 - 100),
        "signatureValid" => advert["signature_valid"].clone(),
        "flags" if !advert.is_null() => advert["flags"].clone(),
        "flags" => trace["flags"].clone(),
        "advType" => json!(advert["flags"].as_u64().unwrap() & 0x0F),
        "advTypeName" => advert["role"].clone(),
        "hasLocation" => advert["has_location"].clone(),
        "hasFeature1" => json!(!advert["feature1"].is_null()),
        "hasFeature2" => json!(!advert["feature2"].is_null()),
        "hasName" => json!(!advert["name"].is_null()),
        "lat" => advert["lat"].clone(),
        "lon" => advert["lon"].clone(),
        "name" => advert["name"].clone(),
        "channelHash" => group["channel_hash"].clone(),
        "destHash" => field("dest_hash"),
        "srcHash" => field("src_hash"),
        "senderPubKey" => field("sender_key"),
        "mac" => field("mac"),
        "ciphertext" => field("ciphertext"),
        "ciphertextLen" => field("ciphertext_len"),
        "ciphertextBlockAligned" => json!(field("ciphertext_len").as_u64().unwrap() % 16 == 0),
        "channel" => group["channel"].clone(),
        "macValid" => json!(!group["channel"].is_null()),
        "txtFlags" => json!(
            group["attempt"].as_u64().unwrap() | if group["txt_type"] == "PLAIN" { 0 } else { 4 }
        ),
        "txtType" => json!(if group["txt_type"] == "PLAIN" { 0 } else { -1 }),
        "attempt" => group["attempt"].clone(),
        "text" => group["text"].clone(),
        "sender" => group["sender"].clone(),
        "message" => group["message"].clone(),
        "ackCrc" => json["ack"]["crc"].clone(),
        "ackCrcU32" => json["ack"]["crc_u32"].clone(),
        "traceTag" => trace["tag"].clone(),
        "traceTagHex" => json!(hex::encode_lower(
            &(trace["tag"].as_u64().unwrap() as u32).to_le_bytes()
        )),
        "authCode" => trace["auth"].clone(),
        "traceHashSize" => trace["route_hash_size"].clone(),
        "pathHashes" => trace["route"].clone(),
        "snrValues" => trace["snrs"].clone(),
        "subType" => json!(control["flags"].as_u64().unwrap() & 0xF0),
        "subTypeName" => control["sub_type"].clone(),
        "nodeType" => json!(
            ["NONE", "CHAT", "REPEATER", "ROOM", "SENSOR"]
                .iter()
                .position(|r| control["node_type"] == *r)
        ),
        "snr" => control["snr"].clone(),
        "tag" => control["tag"].clone(),
        "publicKey" => control["public_key"].clone(),
        "publicKeyLen" => json!(control["public_key"].as_str().unwrap().len() / 2),
        "prefixOnly" => control["prefix_only"].clone(),
        "typeFilter" => control["type_filter"].clone(),
        other => panic!("reference_decode key {other:?} has no counterpart"),
    }
}

#[test]
fn every_reference_field_matches() {
    let mut checked = 0;
    for vector in vectors() {
        let text = vector["hex"].as_str().unwrap();
        let bytes = hex::decode(text).unwrap();
        let json = serde_json::to_value(PacketJson::new(&bytes, &keyring_for(&vector))).unwrap();
        let Value::Object(reference) = &vector["reference_decode"] else {
            panic!("{text}: no reference_decode")
        };
        for (key, expected) in reference {
            assert_eq!(&ours(key, &json, &bytes), expected, "{text}: {key}");
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} fields");
}

#[test]
fn negative_vector_names_field_and_offset() {
    let json = serde_json::to_value(PacketJson::new(
        &hex::decode("15C1FF00").unwrap(),
        &Keyring::new(),
    ))
    .unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(
        (
            json["error"]["field"].clone(),
            json["error"]["offset"].clone()
        ),
        (json!("path_len"), json!(1))
    );
}

#[test]
fn signatures_and_decryption() {
    let mut adverts = 0;
    let mut opened = 0;
    for vector in vectors() {
        let bytes = hex::decode(vector["hex"].as_str().unwrap()).unwrap();
        let json = serde_json::to_value(PacketJson::new(&bytes, &keyring_for(&vector))).unwrap();
        let checks: Vec<&str> = vector["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if checks.contains(&"ed25519") {
            assert_eq!(json["advert"]["signature_valid"], true);
            adverts += 1;
        }
        if checks.contains(&"channel-mac+aes-decrypt") {
            assert!(json["group"]["channel"].is_string());
            assert_eq!(json["group"]["sender"], vector["expect"]["sender"]);
            assert_eq!(json["group"]["message"], vector["expect"]["message"]);
            opened += 1;
        }
        if checks.contains(&"transport-code") {
            assert_eq!(json["region"], vector["expect"]["transportRegion"]);
        }
    }
    assert_eq!((adverts, opened), (2, 3));
}

#[test]
fn errata_are_decoded_the_firmware_way() {
    // PATH payloads are encrypted datagrams (dest, src, MAC, ciphertext), not a plaintext path.
    let json = serde_json::to_value(PacketJson::new(
        &hex::decode("2105F464C77E411279399EFE1942B8A3FFA10F54D9C602FF2C8CF4").unwrap(),
        &Keyring::new(),
    ))
    .unwrap();
    assert_eq!(json["datagram"]["dest_hash"], "12");
    assert_eq!(json["datagram"]["src_hash"], "79");
    assert_eq!(json["datagram"]["ciphertext_len"], 16);
    // A REQ's request type is inside the ciphertext: without keys nothing claims it.
    let json = serde_json::to_value(PacketJson::new(
        &hex::decode("0200D1DEB01B2F8B72DD363AA4EF07E0BDA2266A8979").unwrap(),
        &Keyring::new(),
    ))
    .unwrap();
    assert_eq!(json["datagram"]["decrypted"], Value::Null);
    // The trace tag is read little-endian: bytes A2 4D 89 BD.
    let json = serde_json::to_value(PacketJson::new(
        &hex::decode("260130A24D89BD0000000000FB").unwrap(),
        &Keyring::new(),
    ))
    .unwrap();
    assert_eq!(json["trace"]["tag"], 0xBD89_4DA2u32);
}

#[test]
fn decode_encode_and_dissect_agree() {
    for vector in vectors() {
        let text = vector["hex"].as_str().unwrap();
        let bytes = hex::decode(text).unwrap();
        let keys = keyring_for(&vector);
        let dissection = dissect_with_keys(&bytes, &keys);
        match decode(&bytes) {
            Ok(decoded) => {
                let mut out = Vec::new();
                encode_packet(&decoded.packet, &mut out).unwrap();
                assert_eq!(out, bytes, "{text}");
                assert_eq!(
                    decoded.hash.to_string(),
                    vector["reference_decode"]["packetHash"],
                    "{text}"
                );
                assert_eq!(dissection.error, None, "{text}");
                let covered = dissection.nodes.last().map(|n| n.end);
                assert_eq!(
                    covered,
                    Some(bytes.len()),
                    "{text}: the payload node ends the packet"
                );
                if decoded.packet.payload_type() == PayloadType::GrpTxt
                    && !vector["channel_keys"].is_null()
                {
                    assert!(dissection.plaintext.is_some(), "{text}");
                }
            }
            Err(err) => {
                assert_eq!(
                    vector["reference_decode"]["isValid"], false,
                    "{text}: {err}"
                );
                assert_eq!(dissection.error.map(|e| e.offset), Some(err.offset()));
            }
        }
    }
}
