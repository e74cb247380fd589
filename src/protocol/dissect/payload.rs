//! Nodes of each payload layout, from the payload wire files' `field` ranges, plus signature and decryption
//! verdicts.

use super::{Tree, hex_upper, le_u32, plain};
use crate::protocol::crypto::{Keyring, Plaintext, advert_sig};
use crate::protocol::field::byte;
use crate::protocol::payload::{
    ack, advert, anon_req, app_data, control, datagram, group, multipart, raw_custom, trace,
};
use crate::protocol::{PacketRepr, PayloadRepr, PayloadType};

/// Adds the nodes of a payload of `kind`; `repr` is the decoded packet when it decodes. Returns the plaintext hex
/// when a key opened the payload.
pub(super) fn nodes(
    tree: &mut Tree,
    kind: PayloadType,
    repr: Option<&PacketRepr>,
    keys: &Keyring,
) -> Option<String> {
    let payload = repr.map(|r| r.payload);
    match kind {
        PayloadType::Req | PayloadType::Response | PayloadType::TxtMsg | PayloadType::Path => {
            datagram_nodes(tree);
            let Some(
                PayloadRepr::Req(d)
                | PayloadRepr::Response(d)
                | PayloadRepr::TxtMsg(d)
                | PayloadRepr::Path(d),
            ) = payload
            else {
                return None;
            };
            let opened = keys.open_datagram(&d)?;
            decrypted(tree, kind, datagram::field::MAC.start, &opened.plaintext)
        }
        PayloadType::GrpTxt | PayloadType::GrpData => {
            group_nodes(tree);
            let Some(PayloadRepr::GrpTxt(g) | PayloadRepr::GrpData(g)) = payload else {
                return None;
            };
            let opened = keys.open_group(&g)?;
            let range = group::field::MAC.start..tree.data.len();
            tree.note("channel", range.clone(), opened.channel.name().to_owned());
            decrypted(tree, kind, range.start, &opened.plaintext)
        }
        PayloadType::AnonReq => {
            anon_req_nodes(tree);
            let Some(PayloadRepr::AnonReq(request)) = payload else {
                return None;
            };
            let opened = keys.open_anon_req(&request)?;
            decrypted(tree, kind, anon_req::field::MAC.start, &opened.plaintext)
        }
        PayloadType::Ack => {
            tree.field("crc", ack::field::CRC, hex_upper);
            if tree.data.len() > ack::field::EXTRA {
                tree.field("extra", ack::field::EXTRA..tree.data.len(), hex_upper);
            }
            None
        }
        PayloadType::Advert => {
            advert_nodes(tree);
            None
        }
        PayloadType::Trace => {
            trace_nodes(tree);
            None
        }
        PayloadType::Multipart => {
            tree.field("kind", byte(multipart::field::KIND), |b| {
                format!(
                    "0x{:02X} ({} more, inner {})",
                    b[0],
                    b[0] >> 4,
                    PayloadType::from_bits(b[0]).name()
                )
            });
            tree.field("inner", multipart::field::INNER..tree.data.len(), hex_upper);
            None
        }
        PayloadType::Control => {
            control_nodes(tree);
            None
        }
        PayloadType::RawCustom => {
            tree.field("data", raw_custom::field::DATA..tree.data.len(), hex_upper);
            None
        }
        PayloadType::Unknown(_) => None,
    }
}

/// Adds a `decrypted` node spanning the MAC and ciphertext, with the plaintext's fields as children.
fn decrypted(
    tree: &mut Tree,
    kind: PayloadType,
    from: usize,
    plaintext: &Plaintext,
) -> Option<String> {
    let bytes = plaintext.as_bytes();
    tree.note(
        "decrypted",
        from..tree.data.len(),
        format!("MAC verified, {} bytes", bytes.len()),
    );
    let mut inner = Tree::plaintext(bytes);
    plain::nodes(&mut inner, kind);
    tree.attach(inner.nodes);
    Some(crate::hex::encode_lower(bytes))
}

fn datagram_nodes(tree: &mut Tree) {
    let _ = tree.field("dest_hash", byte(datagram::field::DEST_HASH), hex_upper)
        && tree.field("src_hash", byte(datagram::field::SRC_HASH), hex_upper)
        && tree.field("mac", datagram::field::MAC, hex_upper)
        && tree.field(
            "ciphertext",
            datagram::field::CIPHERTEXT..tree.data.len(),
            ciphertext,
        );
}

fn group_nodes(tree: &mut Tree) {
    let _ = tree.field("channel_hash", byte(group::field::CHANNEL_HASH), hex_upper)
        && tree.field("mac", group::field::MAC, hex_upper)
        && tree.field(
            "ciphertext",
            group::field::CIPHERTEXT..tree.data.len(),
            ciphertext,
        );
}

fn anon_req_nodes(tree: &mut Tree) {
    let _ = tree.field("dest_hash", byte(anon_req::field::DEST_HASH), hex_upper)
        && tree.field("sender_key", anon_req::field::SENDER_KEY, hex_upper)
        && tree.field("mac", anon_req::field::MAC, hex_upper)
        && tree.field(
            "ciphertext",
            anon_req::field::CIPHERTEXT..tree.data.len(),
            ciphertext,
        );
}

fn ciphertext(bytes: &[u8]) -> String {
    match bytes.len() % 16 {
        0 => format!("{} bytes ({} blocks)", bytes.len(), bytes.len() / 16),
        _ => format!("{} bytes (not whole AES blocks)", bytes.len()),
    }
}

fn advert_nodes(tree: &mut Tree) {
    let complete = tree.field("public_key", advert::field::PUBLIC_KEY, hex_upper)
        && tree.field("timestamp", advert::field::TIMESTAMP, |b| {
            le_u32(b).to_string()
        })
        && tree.field("signature", advert::field::SIGNATURE, hex_upper);
    if !complete {
        return;
    }
    let view = advert::Packet::new_unchecked(tree.data);
    let valid = advert_sig::verify_payload(&view);
    tree.note(
        "signature_valid",
        advert::field::SIGNATURE,
        if valid { "valid" } else { "INVALID" }.to_owned(),
    );
    let range = view.app_data_range();
    tree.field("app_data", range.clone(), |b| format!("{} bytes", b.len()));
    let mut sub = tree.sub(range);
    app_data_nodes(&mut sub);
    tree.attach(sub.nodes);
    if !view.excess_range().is_empty() {
        tree.field("excess", view.excess_range(), |b| {
            format!("{} bytes ignored", b.len())
        });
    }
}

fn app_data_nodes(tree: &mut Tree) {
    if !tree.field("flags", byte(app_data::field::FLAGS), |b| {
        format!("0x{:02X}", b[0])
    }) {
        return;
    }
    let view = app_data::Packet::new_unchecked(tree.data);
    let flags = view.flags();
    tree.note(
        "role",
        byte(app_data::field::FLAGS),
        view.role().name().to_owned(),
    );
    if flags & app_data::HAS_LOCATION != 0 {
        tree.field("lat", app_data::field::LAT, |b| degrees(le_u32(b)));
        tree.field("lon", app_data::field::LON, |b| degrees(le_u32(b)));
    }
    if flags & app_data::HAS_FEATURE1 != 0 {
        tree.field("feature1", view.feature1_range(), |b| {
            format!("0x{:04X}", le_u32(b))
        });
    }
    if flags & app_data::HAS_FEATURE2 != 0 {
        tree.field("feature2", view.feature2_range(), |b| {
            format!("0x{:04X}", le_u32(b))
        });
    }
    if flags & app_data::HAS_NAME != 0 && view.check_len().is_ok() {
        let repr = app_data::Repr::parse(&view).ok();
        let name = repr
            .and_then(|r| r.name_text())
            .map_or_else(String::new, |n| format!("{n:?}"));
        tree.field("name", view.rest_range(), |_| name);
    }
}

fn degrees(raw: u32) -> String {
    format!("{:.6}°", f64::from(raw as i32) / 1e6)
}

fn trace_nodes(tree: &mut Tree) {
    let complete = tree.field("tag", trace::field::TAG, |b| format!("0x{:08X}", le_u32(b)))
        && tree.field("auth", trace::field::AUTH, |b| {
            format!("0x{:08X}", le_u32(b))
        })
        && tree.field("flags", byte(trace::field::FLAGS), |b| {
            format!(
                "0x{:02X} (route hashes of {} B)",
                b[0],
                trace::route_hash_size(b[0])
            )
        });
    if !complete {
        return;
    }
    let view = trace::Packet::new_unchecked(tree.data);
    let size = trace::route_hash_size(view.flags());
    let route = view.route_range();
    tree.field("route", route.clone(), |b| {
        format!("{} hashes", b.len() / size)
    });
    let mut sub = tree.sub(route);
    for start in (0..sub.data.len()).step_by(size) {
        if !sub.field("hash", start..start + size, hex_upper) {
            sub.field("trailing", start..sub.data.len(), hex_upper);
        }
    }
    tree.attach(sub.nodes);
}

fn control_nodes(tree: &mut Tree) {
    if !tree.field("flags", byte(control::field::FLAGS), |b| {
        format!("0x{:02X}", b[0])
    }) {
        return;
    }
    let view = control::Packet::new_unchecked(tree.data);
    tree.note(
        "sub_type",
        byte(control::field::FLAGS),
        view.control_type().name().to_owned(),
    );
    match view.control_type() {
        control::ControlType::DiscoverReq => {
            let _ = tree.field("type_filter", byte(control::field::TYPE_FILTER), |b| {
                format!("{:08b}", b[0])
            }) && tree.field("tag", control::field::TAG, |b| {
                format!("0x{:08X}", le_u32(b))
            }) && tree.field("since", control::field::SINCE, |b| le_u32(b).to_string());
        }
        control::ControlType::DiscoverResp => {
            let _ = tree.field("snr", byte(control::field::SNR), |b| {
                format!("{} dB", trace::snr_db(b[0]))
            }) && tree.field("tag", control::field::TAG, |b| {
                format!("0x{:08X}", le_u32(b))
            }) && tree.field("public_key", view.public_key_range(), hex_upper);
        }
        control::ControlType::Unknown(_) => {
            tree.field("data", view.data_range(), hex_upper);
        }
    }
}
