//! Building packets: a [`PacketRepr`] constructor that derives `path_len`, and [`encode_packet`], which checks the
//! result decodes back to the same value. Crypto for payloads is in `crypto::seal` and `crypto::advert_sig`.

use super::payload::app_data;
use super::{Error, Packet, PacketRepr, PathLen, PayloadRepr, PayloadType, Result, Route};

impl<'a> PacketRepr<'a> {
    /// A packet sent along `path`, made of `hash_size`-byte hop hashes (for TRACE: one SNR byte per hop, and
    /// `hash_size` is ignored). Fails when the path is not whole hashes, or is too long for `path_len`.
    pub fn with_path(
        route: Route,
        hash_size: usize,
        path: &'a [u8],
        payload: PayloadRepr<'a>,
    ) -> Result<PacketRepr<'a>> {
        let path_len = if payload.payload_type() == PayloadType::Trace {
            PathLen::trace(path.len())
        } else if hash_size != 0 && path.len().is_multiple_of(hash_size) {
            PathLen::new(hash_size, path.len() / hash_size)
        } else {
            None
        };
        let path_len = path_len.ok_or(Error::Invalid {
            field: "path_len",
            at: 0,
        })?;
        Ok(PacketRepr {
            route,
            path_len,
            path,
            payload,
        })
    }

    /// A zero-hop packet (`path_len` 0, 1-byte hash mode), as a flood leaves its originator.
    pub fn zero_hop(route: Route, payload: PayloadRepr<'a>) -> PacketRepr<'a> {
        PacketRepr {
            route,
            path_len: PathLen(0),
            path: &[],
            payload,
        }
    }
}

/// Appends `repr` as on-air bytes to `out`. Fails, leaving `out` as it was, unless the bytes decode back to
/// exactly `repr`: a payload over 184 bytes, a path that `path_len` does not describe, app data over 32 bytes,
/// an empty ciphertext and the like are refused, with the error decoding would report.
pub fn encode_packet(repr: &PacketRepr, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    out.resize(start + repr.buffer_len(), 0);
    let result = emit_checked(repr, &mut out[start..]);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn emit_checked(repr: &PacketRepr, buffer: &mut [u8]) -> Result<()> {
    let header = repr.header();
    let at = header.path_len_offset();
    if header.path_len.byte_len(header.payload_type, at)? != repr.path.len() {
        return Err(Error::Invalid {
            field: "path_len",
            at,
        });
    }
    if let PayloadRepr::Advert(advert) = &repr.payload {
        let len = advert.app_data.buffer_len();
        if len > app_data::MAX_LEN {
            return Err(Error::TooLong {
                field: "app_data",
                len,
                max: app_data::MAX_LEN,
            });
        }
    }
    repr.emit(&mut Packet::new_unchecked(&mut *buffer));
    let view = Packet::new_checked(&*buffer)?;
    if PacketRepr::parse(&view)? != *repr {
        return Err(Error::Invalid {
            field: "payload",
            at: view.payload_range().start,
        });
    }
    Ok(())
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::protocol::{AckRepr, TraceRepr, TransportCodes, decode};

    #[test]
    fn encodes_and_decodes() {
        let ack = PayloadRepr::Ack(AckRepr {
            crc: 0x70BA_40BB,
            extra: &[],
        });
        let path = [0xB8, 0x91, 0x64, 0x7E];
        let repr = PacketRepr::with_path(Route::Flood, 1, &path, ack).unwrap();
        let mut out = vec![0xEE];
        encode_packet(&repr, &mut out).unwrap();
        assert_eq!(
            out[1..],
            crate::hex::decode("0D04B891647EBB40BA70").unwrap()
        );
        assert_eq!(decode(&out[1..]).unwrap().packet, repr);
    }

    #[test]
    fn refuses_what_would_not_decode() {
        let mut out = Vec::new();
        let ack = PayloadRepr::Ack(AckRepr {
            crc: 1,
            extra: &[0; 181],
        });
        let big = PacketRepr::zero_hop(Route::Flood, ack);
        assert_eq!(
            encode_packet(&big, &mut out),
            Err(Error::PayloadTooLong { len: 185, at: 2 })
        );
        let lying = PacketRepr {
            path_len: PathLen(2),
            ..PacketRepr::zero_hop(
                Route::Flood,
                PayloadRepr::Ack(AckRepr { crc: 1, extra: &[] }),
            )
        };
        assert_eq!(
            encode_packet(&lying, &mut out),
            Err(Error::Invalid {
                field: "path_len",
                at: 1
            })
        );
        assert!(out.is_empty());
        assert!(PacketRepr::with_path(Route::Flood, 2, &[1, 2, 3], lying.payload).is_err());
        let name = [b'x'; 40];
        let app_data = crate::protocol::AppDataRepr {
            role: crate::protocol::Role::Chat,
            location: None,
            feature1: None,
            feature2: None,
            name: Some(&name),
        };
        let advert = crate::protocol::AdvertRepr {
            public_key: [1; 32],
            timestamp: 0,
            signature: [2; 64],
            app_data,
        };
        let long = PacketRepr::zero_hop(Route::Flood, PayloadRepr::Advert(advert));
        assert_eq!(
            encode_packet(&long, &mut out),
            Err(Error::TooLong {
                field: "app_data",
                len: 41,
                max: 32
            })
        );
    }

    #[test]
    fn trace_path_is_snr_count() {
        let trace = PayloadRepr::Trace(TraceRepr {
            tag: 1,
            auth: 2,
            flags: 0,
            route: &[0xFB],
        });
        let codes = TransportCodes {
            scope: 7,
            reserved: 0,
        };
        let repr =
            PacketRepr::with_path(Route::TransportDirect(codes), 0, &[0x30, 0x2D], trace).unwrap();
        assert_eq!(repr.path_len, PathLen(2));
        let mut out = Vec::new();
        encode_packet(&repr, &mut out).unwrap();
        assert_eq!(decode(&out).unwrap().packet, repr);
    }
}
