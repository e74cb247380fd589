//! Decrypted payloads: one wire file per plaintext layout. Ciphertexts are whole AES blocks, so every plaintext
//! may end in zero padding.

pub mod group_data;
pub mod path_return;
pub mod request;
pub mod tagged;
pub mod text;

use core::fmt;

use super::{PayloadType, Result};

/// A decrypted payload decoded by the type of the packet that carried it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainRepr<'a> {
    /// GRP_TXT or TXT_MSG text.
    Text(text::Repr<'a>),
    /// GRP_DATA.
    GroupData(group_data::Repr<'a>),
    /// REQ.
    Request(request::Repr<'a>),
    /// RESPONSE.
    Response(tagged::Repr<'a>),
    /// ANON_REQ.
    AnonReq(tagged::Repr<'a>),
    /// PATH.
    Path(path_return::Repr<'a>),
}

impl<'a> PlainRepr<'a> {
    /// Decodes the plaintext of a packet of `payload_type`; `None` for types that carry no ciphertext.
    pub fn parse(payload_type: PayloadType, plaintext: &'a [u8]) -> Option<Result<PlainRepr<'a>>> {
        Some(match payload_type {
            PayloadType::GrpTxt | PayloadType::TxtMsg => text::Packet::new_checked(plaintext)
                .and_then(|p| text::Repr::parse(&p))
                .map(PlainRepr::Text),
            PayloadType::GrpData => group_data::Packet::new_checked(plaintext)
                .and_then(|p| group_data::Repr::parse(&p))
                .map(PlainRepr::GroupData),
            PayloadType::Req => request::Packet::new_checked(plaintext)
                .and_then(|p| request::Repr::parse(&p))
                .map(PlainRepr::Request),
            PayloadType::Response => tagged::Packet::new_checked(plaintext)
                .and_then(|p| tagged::Repr::parse(&p))
                .map(PlainRepr::Response),
            PayloadType::AnonReq => tagged::Packet::new_checked(plaintext)
                .and_then(|p| tagged::Repr::parse(&p))
                .map(PlainRepr::AnonReq),
            PayloadType::Path => path_return::Packet::new_checked(plaintext)
                .and_then(|p| path_return::Repr::parse(&p))
                .map(PlainRepr::Path),
            _ => return None,
        })
    }

    /// Bytes needed to emit this plaintext (before encryption pads it).
    pub fn buffer_len(&self) -> usize {
        match self {
            PlainRepr::Text(r) => r.buffer_len(),
            PlainRepr::GroupData(r) => r.buffer_len(),
            PlainRepr::Request(r) => r.buffer_len(),
            PlainRepr::Response(r) | PlainRepr::AnonReq(r) => r.buffer_len(),
            PlainRepr::Path(r) => r.buffer_len(),
        }
    }

    /// Writes this plaintext into a buffer of `buffer_len()` bytes; fails only for GRP_DATA over 255 bytes.
    pub fn emit(&self, buffer: &mut [u8]) -> Result<()> {
        match self {
            PlainRepr::Text(r) => r.emit(buffer),
            PlainRepr::GroupData(r) => return r.emit(buffer),
            PlainRepr::Request(r) => r.emit(buffer),
            PlainRepr::Response(r) | PlainRepr::AnonReq(r) => r.emit(buffer),
            PlainRepr::Path(r) => r.emit(buffer),
        }
        Ok(())
    }
}

impl fmt::Display for PlainRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlainRepr::Text(r) => r.fmt(f),
            PlainRepr::GroupData(r) => r.fmt(f),
            PlainRepr::Request(r) => r.fmt(f),
            PlainRepr::Response(r) | PlainRepr::AnonReq(r) => r.fmt(f),
            PlainRepr::Path(r) => r.fmt(f),
        }
    }
}
