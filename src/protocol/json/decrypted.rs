//! The plaintext of a peer message (REQ, RESPONSE, TXT_MSG, PATH, ANON_REQ) opened with the user's private key.

use serde::Serialize;

use crate::hex;
use crate::protocol::PayloadType;
use crate::protocol::crypto::{Direction, PeerMatch};
use crate::protocol::plain::PlainRepr;

/// A decrypted peer message; the fields of its plaintext layout are set, the others are null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecryptedJson {
    /// The other party's public key.
    pub peer: String,
    /// `incoming` (to the identity) or `outgoing` (from it).
    pub direction: &'static str,
    /// Why the plaintext layout did not decode, if it did not.
    pub error: Option<super::ErrorJson>,
    /// TXT_MSG, REQ, ANON_REQ: the sender's clock.
    pub timestamp: Option<u32>,
    /// TXT_MSG: `PLAIN`, `CLI_DATA`, `SIGNED_PLAIN` or `UNKNOWN`.
    pub txt_type: Option<&'static str>,
    /// TXT_MSG: the send attempt (the extended one when present).
    pub attempt: Option<u8>,
    /// TXT_MSG, signed: the author's key prefix.
    pub sender_prefix: Option<String>,
    /// TXT_MSG: the text.
    pub text: Option<String>,
    /// REQ: the request type, e.g. `GET_STATUS`.
    pub req_type: Option<&'static str>,
    /// RESPONSE: the tag echoing the request's timestamp.
    pub tag: Option<u32>,
    /// REQ, RESPONSE, ANON_REQ: the rest of the plaintext, zero padding included.
    pub data: Option<String>,
    /// PATH: the returned path's hop hashes, upper-case hex.
    pub path: Option<Vec<String>>,
    /// PATH: the extra's payload type, null for none.
    pub extra_type: Option<&'static str>,
    /// PATH: the extra, zero padding included.
    pub extra: Option<String>,
}

impl DecryptedJson {
    /// The plaintext of `opened`, decoded as the layout of `payload_type`.
    pub fn new(payload_type: PayloadType, opened: &PeerMatch) -> DecryptedJson {
        let mut json = DecryptedJson {
            peer: hex::encode_lower(&opened.peer),
            direction: match opened.direction {
                Direction::Incoming => "incoming",
                Direction::Outgoing => "outgoing",
            },
            error: None,
            timestamp: None,
            txt_type: None,
            attempt: None,
            sender_prefix: None,
            text: None,
            req_type: None,
            tag: None,
            data: None,
            path: None,
            extra_type: None,
            extra: None,
        };
        match PlainRepr::parse(payload_type, opened.plaintext.as_bytes()) {
            Some(Ok(plain)) => json.fill(&plain),
            Some(Err(err)) => json.error = Some(err.into()),
            None => {}
        }
        json
    }

    fn fill(&mut self, plain: &PlainRepr) {
        match plain {
            PlainRepr::Text(text) => {
                self.timestamp = Some(text.timestamp);
                self.txt_type = Some(text.text_type.name());
                self.attempt = Some(text.extended_attempt.unwrap_or(text.attempt));
                self.sender_prefix = text.sender_prefix.map(|prefix| hex::encode_lower(&prefix));
                self.text = Some(text.text_lossy().into_owned());
            }
            PlainRepr::GroupData(_) => {}
            PlainRepr::Request(request) => {
                self.timestamp = Some(request.timestamp);
                self.req_type = Some(request.req_type.name());
                self.data = Some(hex::encode_lower(request.data));
            }
            PlainRepr::Response(response) => {
                self.tag = Some(response.tag);
                self.data = Some(hex::encode_lower(response.data));
            }
            PlainRepr::AnonReq(request) => {
                self.timestamp = Some(request.tag);
                self.data = Some(hex::encode_lower(request.data));
            }
            PlainRepr::Path(path) => {
                let size = path.path_len.hash_size().unwrap_or(1);
                self.path = Some(
                    path.path
                        .chunks_exact(size)
                        .map(hex::encode_upper)
                        .collect(),
                );
                self.extra_type = path.extra_payload_type().map(PayloadType::name);
                self.extra = Some(hex::encode_lower(path.extra));
            }
        }
    }
}
