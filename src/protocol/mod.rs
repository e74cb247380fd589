//! The MeshCore on-air wire format (`meshcore-protocol.md` sections A-D), shaped like smoltcp's `wire`.
//!
//! Each wire format has one file with two types: a `Packet<T: AsRef<[u8]>>` view over the bytes, whose
//! `new_checked` proves that no accessor can panic, and a `Repr` holding the decoded values, whose `parse` applies
//! the firmware's acceptance rules and whose `emit` writes them back. Offsets live in each file's `mod field`,
//! which the dissector reads too. Nothing here allocates on the decode path: views and `Repr`s borrow the buffer.
//!
//! Entry points: [`decode`] (bytes to [`Decoded`]: a [`PacketRepr`] and its [`PacketHash`]), [`encode_packet`],
//! [`dissect`](dissect::dissect), [`json::PacketJson`], and the [`crypto`] module with [`crypto::Keyring`].

pub mod corpus;
pub mod crypto;
mod decode;
pub mod dissect;
mod encode;
mod error;
pub mod field;
mod hash;
mod header;
pub mod json;
mod packet;
mod path_len;
pub mod payload;
pub mod plain;
mod repr;
mod route;

pub use decode::{Decoded, decode};
pub use dissect::{Dissection, Layer, Node, dissect, dissect_with_keys};
pub use encode::encode_packet;
pub use error::{Error, Result};
pub use hash::{PacketHash, ParsePacketHashError};
pub use header::{PayloadType, RouteType};
pub use packet::{Packet, Repr as HeaderRepr};
pub use path_len::PathLen;
pub use payload::ack::{Packet as AckPacket, Repr as AckRepr};
pub use payload::advert::{Packet as AdvertPacket, Repr as AdvertRepr};
pub use payload::anon_req::{Packet as AnonReqPacket, Repr as AnonReqRepr};
pub use payload::app_data::{Packet as AppDataPacket, Repr as AppDataRepr};
pub use payload::control::{
    ControlType, DiscoverReq, DiscoverResp, Packet as ControlPacket, Repr as ControlRepr,
};
pub use payload::datagram::{Packet as DatagramPacket, Repr as DatagramRepr};
pub use payload::group::{Packet as GroupPacket, Repr as GroupRepr};
pub use payload::multipart::{Packet as MultipartPacket, Repr as MultipartRepr};
pub use payload::raw_custom::{Packet as RawCustomPacket, Repr as RawCustomRepr};
pub use payload::role::{Location, Role};
pub use payload::trace::{Packet as TracePacket, Repr as TraceRepr};
pub use repr::{PacketRepr, PayloadRepr};
pub use route::{Route, TransportCodes};

/// Largest path in bytes (`MAX_PATH_SIZE`).
pub const MAX_PATH_SIZE: usize = 64;
/// Largest payload in bytes (`MAX_PACKET_PAYLOAD`).
pub const MAX_PAYLOAD_LEN: usize = 184;
/// Largest valid packet: header, transport codes, `path_len`, path and payload (1 + 4 + 1 + 64 + 184).
pub const MAX_PACKET_LEN: usize = 254;
