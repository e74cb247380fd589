//! Property tests: every payload type and every plaintext layout round-trips, `decode(encode(x)) == x`.
//!
//! A long run: `PROPTEST_CASES=1000000 cargo test --release --test protocol_fuzz --test protocol_roundtrip`.

use meshscope::protocol::payload::app_data;
use meshscope::protocol::plain::{PlainRepr, group_data, path_return, request, tagged, text};
use meshscope::protocol::{
    AckRepr, AdvertRepr, AnonReqRepr, AppDataRepr, ControlRepr, DatagramRepr, DiscoverReq,
    DiscoverResp, GroupRepr, Location, MultipartRepr, PacketRepr, PathLen, PayloadRepr,
    PayloadType, RawCustomRepr, Role, Route, TraceRepr, TransportCodes, decode, encode_packet,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn packets_round_trip(spec in packet_spec()) {
        let repr = spec.repr();
        let mut out = Vec::new();
        encode_packet(&repr, &mut out).unwrap();
        prop_assert_eq!(decode(&out).unwrap().packet, repr);
    }

    #[test]
    fn plaintexts_round_trip(spec in plain_spec()) {
        let repr = spec.repr();
        let mut out = vec![0; repr.buffer_len()];
        repr.emit(&mut out).unwrap();
        let kind = spec.payload_type();
        prop_assert_eq!(PlainRepr::parse(kind, &out).unwrap().unwrap(), repr);
    }
}

/// Owned data from which a `PacketRepr` borrows.
#[derive(Debug, Clone)]
struct PacketSpec {
    route: Route,
    hash_size: usize,
    path: Vec<u8>,
    payload: PayloadSpec,
}

#[derive(Debug, Clone)]
enum PayloadSpec {
    Datagram {
        kind: u8,
        dest: u8,
        src: u8,
        mac: [u8; 2],
        ciphertext: Vec<u8>,
    },
    Ack {
        crc: u32,
        extra: Vec<u8>,
    },
    Advert {
        key: [u8; 32],
        timestamp: u32,
        signature: Vec<u8>,
        role: u8,
        location: Option<(i32, i32)>,
        features: (Option<u16>, Option<u16>),
        name: Option<Vec<u8>>,
    },
    Group {
        data: bool,
        hash: u8,
        mac: [u8; 2],
        ciphertext: Vec<u8>,
    },
    AnonReq {
        dest: u8,
        key: [u8; 32],
        mac: [u8; 2],
        ciphertext: Vec<u8>,
    },
    Trace {
        tag: u32,
        auth: u32,
        flags: u8,
        route: Vec<u8>,
    },
    Multipart {
        remaining: u8,
        inner_type: u8,
        inner: Vec<u8>,
    },
    DiscoverReq {
        flags: u8,
        filter: u8,
        tag: u32,
        since: Option<u32>,
    },
    DiscoverResp {
        role: u8,
        snr: i8,
        tag: u32,
        key: Vec<u8>,
    },
    ControlOther {
        flags: u8,
        data: Vec<u8>,
    },
    RawCustom {
        data: Vec<u8>,
    },
}

impl PacketSpec {
    fn repr(&self) -> PacketRepr<'_> {
        let payload = self.payload.repr();
        let path = match payload.payload_type() {
            PayloadType::Trace => &self.path[..self.path.len().min(63)],
            _ => &self.path[..self.path.len() / self.hash_size * self.hash_size],
        };
        PacketRepr::with_path(self.route, self.hash_size, path, payload).unwrap()
    }
}

impl PayloadSpec {
    fn repr(&self) -> PayloadRepr<'_> {
        match self {
            PayloadSpec::Datagram {
                kind,
                dest,
                src,
                mac,
                ciphertext,
            } => {
                let d = DatagramRepr {
                    dest_hash: *dest,
                    src_hash: *src,
                    mac: *mac,
                    ciphertext,
                };
                [
                    PayloadRepr::Req(d),
                    PayloadRepr::Response(d),
                    PayloadRepr::TxtMsg(d),
                    PayloadRepr::Path(d),
                ][usize::from(*kind % 4)]
            }
            PayloadSpec::Ack { crc, extra } => PayloadRepr::Ack(AckRepr { crc: *crc, extra }),
            PayloadSpec::Advert {
                key,
                timestamp,
                signature,
                role,
                location,
                features,
                name,
            } => {
                let location = location.map(|(lat, lon)| Location { lat, lon });
                let used = 1
                    + location.map_or(0, |_| 8)
                    + features.0.map_or(0, |_| 2)
                    + features.1.map_or(0, |_| 2);
                let name = name
                    .as_deref()
                    .map(|n| &n[..n.len().min(app_data::MAX_LEN - used)]);
                let mut sig = [0; 64];
                sig.copy_from_slice(signature);
                PayloadRepr::Advert(AdvertRepr {
                    public_key: *key,
                    timestamp: *timestamp,
                    signature: sig,
                    app_data: AppDataRepr {
                        role: Role::from_bits(*role),
                        location,
                        feature1: features.0,
                        feature2: features.1,
                        name,
                    },
                })
            }
            PayloadSpec::Group {
                data,
                hash,
                mac,
                ciphertext,
            } => {
                let g = GroupRepr {
                    channel_hash: *hash,
                    mac: *mac,
                    ciphertext,
                };
                if *data {
                    PayloadRepr::GrpData(g)
                } else {
                    PayloadRepr::GrpTxt(g)
                }
            }
            PayloadSpec::AnonReq {
                dest,
                key,
                mac,
                ciphertext,
            } => PayloadRepr::AnonReq(AnonReqRepr {
                dest_hash: *dest,
                sender_key: *key,
                mac: *mac,
                ciphertext,
            }),
            PayloadSpec::Trace {
                tag,
                auth,
                flags,
                route,
            } => PayloadRepr::Trace(TraceRepr {
                tag: *tag,
                auth: *auth,
                flags: *flags,
                route,
            }),
            PayloadSpec::Multipart {
                remaining,
                inner_type,
                inner,
            } => PayloadRepr::Multipart(MultipartRepr {
                remaining: *remaining,
                inner_type: PayloadType::from_bits(*inner_type),
                inner,
            }),
            PayloadSpec::DiscoverReq {
                flags,
                filter,
                tag,
                since,
            } => PayloadRepr::Control(ControlRepr::DiscoverReq(DiscoverReq {
                flags: *flags,
                type_filter: *filter,
                tag: *tag,
                since: *since,
            })),
            PayloadSpec::DiscoverResp {
                role,
                snr,
                tag,
                key,
            } => PayloadRepr::Control(ControlRepr::DiscoverResp(DiscoverResp {
                node_type: Role::from_bits(*role),
                snr: *snr,
                tag: *tag,
                public_key: key,
            })),
            PayloadSpec::ControlOther { flags, data } => PayloadRepr::Control(ControlRepr::Other {
                flags: *flags,
                data,
            }),
            PayloadSpec::RawCustom { data } => PayloadRepr::RawCustom(RawCustomRepr { data }),
        }
    }
}

fn bytes(range: core::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), range)
}

fn payload_spec() -> impl Strategy<Value = PayloadSpec> {
    prop_oneof![
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<[u8; 2]>(),
            bytes(1..=170)
        )
            .prop_map(|(kind, dest, src, mac, ciphertext)| PayloadSpec::Datagram {
                kind,
                dest,
                src,
                mac,
                ciphertext
            }),
        (any::<u32>(), bytes(0..=2)).prop_map(|(crc, extra)| PayloadSpec::Ack { crc, extra }),
        (
            any::<[u8; 32]>(),
            any::<u32>(),
            bytes(64..=64),
            0u8..16,
            proptest::option::of(any::<(i32, i32)>()),
            (
                proptest::option::of(any::<u16>()),
                proptest::option::of(any::<u16>())
            ),
            proptest::option::of(bytes(0..=31)),
        )
            .prop_map(
                |(key, timestamp, signature, role, location, features, name)| PayloadSpec::Advert {
                    key,
                    timestamp,
                    signature,
                    role,
                    location,
                    features,
                    name
                }
            ),
        (any::<bool>(), any::<u8>(), any::<[u8; 2]>(), bytes(1..=180)).prop_map(
            |(data, hash, mac, ciphertext)| PayloadSpec::Group {
                data,
                hash,
                mac,
                ciphertext
            }
        ),
        (
            any::<u8>(),
            any::<[u8; 32]>(),
            any::<[u8; 2]>(),
            bytes(1..=148)
        )
            .prop_map(|(dest, key, mac, ciphertext)| PayloadSpec::AnonReq {
                dest,
                key,
                mac,
                ciphertext
            }),
        (any::<u32>(), any::<u32>(), any::<u8>(), bytes(0..=175)).prop_map(
            |(tag, auth, flags, route)| PayloadSpec::Trace {
                tag,
                auth,
                flags,
                route
            }
        ),
        (0u8..16, 0u8..16, bytes(2..=183)).prop_map(|(remaining, inner_type, inner)| {
            PayloadSpec::Multipart {
                remaining,
                inner_type,
                inner,
            }
        }),
        (
            0u8..16,
            any::<u8>(),
            any::<u32>(),
            proptest::option::of(any::<u32>())
        )
            .prop_map(|(flags, filter, tag, since)| PayloadSpec::DiscoverReq {
                flags,
                filter,
                tag,
                since
            }),
        (0u8..16, any::<i8>(), any::<u32>(), bytes(0..=178)).prop_map(|(role, snr, tag, key)| {
            PayloadSpec::DiscoverResp {
                role,
                snr,
                tag,
                key,
            }
        }),
        (
            any::<u8>().prop_filter("not a discovery sub-type", |f| !matches!(
                f & 0xF0,
                0x80 | 0x90
            )),
            bytes(0..=183)
        )
            .prop_map(|(flags, data)| PayloadSpec::ControlOther { flags, data }),
        bytes(1..=184).prop_map(|data| PayloadSpec::RawCustom { data }),
    ]
}

fn packet_spec() -> impl Strategy<Value = PacketSpec> {
    let route = (0u8..4, any::<u16>(), any::<u16>()).prop_map(|(kind, scope, reserved)| {
        let codes = TransportCodes { scope, reserved };
        [
            Route::TransportFlood(codes),
            Route::Flood,
            Route::Direct,
            Route::TransportDirect(codes),
        ][usize::from(kind)]
    });
    (route, 1usize..=3, bytes(0..=63), payload_spec()).prop_map(
        |(route, hash_size, path, payload)| PacketSpec {
            route,
            hash_size,
            path,
            payload,
        },
    )
}

/// Owned data from which a `PlainRepr` borrows.
#[derive(Debug, Clone)]
enum PlainSpec {
    Text {
        group: bool,
        timestamp: u32,
        text_type: u8,
        attempt: u8,
        prefix: [u8; 4],
        text: Vec<u8>,
        extended: Option<u8>,
    },
    GroupData {
        data_type: u16,
        data: Vec<u8>,
    },
    Request {
        timestamp: u32,
        req_type: u8,
        data: Vec<u8>,
    },
    Tagged {
        response: bool,
        tag: u32,
        data: Vec<u8>,
    },
    Path {
        hash_size: usize,
        path: Vec<u8>,
        extra_type: u8,
        extra: Vec<u8>,
    },
}

impl PlainSpec {
    fn payload_type(&self) -> PayloadType {
        match self {
            PlainSpec::Text { group: true, .. } => PayloadType::GrpTxt,
            PlainSpec::Text { group: false, .. } => PayloadType::TxtMsg,
            PlainSpec::GroupData { .. } => PayloadType::GrpData,
            PlainSpec::Request { .. } => PayloadType::Req,
            PlainSpec::Tagged { response: true, .. } => PayloadType::Response,
            PlainSpec::Tagged {
                response: false, ..
            } => PayloadType::AnonReq,
            PlainSpec::Path { .. } => PayloadType::Path,
        }
    }

    fn repr(&self) -> PlainRepr<'_> {
        match self {
            PlainSpec::Text {
                timestamp,
                text_type,
                attempt,
                prefix,
                text: body,
                extended,
                ..
            } => {
                let text_type = text::TextType::from_flags(text_type << 2);
                PlainRepr::Text(text::Repr {
                    timestamp: *timestamp,
                    text_type,
                    attempt: *attempt,
                    sender_prefix: (text_type == text::TextType::SignedPlain).then_some(*prefix),
                    text: body,
                    extended_attempt: *extended,
                })
            }
            PlainSpec::GroupData { data_type, data } => PlainRepr::GroupData(group_data::Repr {
                data_type: *data_type,
                data,
            }),
            PlainSpec::Request {
                timestamp,
                req_type,
                data,
            } => PlainRepr::Request(request::Repr {
                timestamp: *timestamp,
                req_type: request::RequestType::from_byte(*req_type),
                data,
            }),
            PlainSpec::Tagged {
                response,
                tag,
                data,
            } => {
                let repr = tagged::Repr { tag: *tag, data };
                if *response {
                    PlainRepr::Response(repr)
                } else {
                    PlainRepr::AnonReq(repr)
                }
            }
            PlainSpec::Path {
                hash_size,
                path,
                extra_type,
                extra,
            } => {
                let path = &path[..path.len() / hash_size * hash_size];
                PlainRepr::Path(path_return::Repr {
                    path_len: PathLen::new(*hash_size, path.len() / hash_size).unwrap(),
                    path,
                    extra_type: *extra_type,
                    extra,
                })
            }
        }
    }
}

fn plain_spec() -> impl Strategy<Value = PlainSpec> {
    let no_nul = proptest::collection::vec(1u8..=255, 0..=150);
    prop_oneof![
        (
            any::<bool>(),
            any::<u32>(),
            0u8..64,
            0u8..4,
            any::<[u8; 4]>(),
            no_nul,
            proptest::option::of(1u8..=255)
        )
            .prop_map(
                |(group, timestamp, text_type, attempt, prefix, text, extended)| PlainSpec::Text {
                    group,
                    timestamp,
                    text_type,
                    attempt,
                    prefix,
                    text,
                    extended
                }
            ),
        (any::<u16>(), bytes(0..=170))
            .prop_map(|(data_type, data)| PlainSpec::GroupData { data_type, data }),
        (any::<u32>(), any::<u8>(), bytes(0..=170)).prop_map(|(timestamp, req_type, data)| {
            PlainSpec::Request {
                timestamp,
                req_type,
                data,
            }
        }),
        (any::<bool>(), any::<u32>(), bytes(0..=170)).prop_map(|(response, tag, data)| {
            PlainSpec::Tagged {
                response,
                tag,
                data,
            }
        }),
        (1usize..=3, bytes(0..=63), any::<u8>(), bytes(0..=100)).prop_map(
            |(hash_size, path, extra_type, extra)| PlainSpec::Path {
                hash_size,
                path,
                extra_type,
                extra
            }
        ),
    ]
}
