//! Peer exchanges encrypted with the X25519 secret of the two nodes (protocol B.1, B.4, C.4): direct text
//! messages and their ACKs, requests and responses, ANON_REQ logins.
//!
//! A sender knows a route to its peer [`DIRECT_SHARE`] of the time (the shortest path over good links, as an
//! earlier returned path would have taught it; a fixed share keeps the traffic proportional to its
//! density). With a route, packets go DIRECT along it and answers come back along the reverse. Without
//! one, the sender floods and the peer answers with a PATH (flooded) that returns the path the flood took,
//! with the ACK or response inside. A direct message that is not delivered is retried once, flooded, with
//! the next attempt number.

use super::{DirectMessageRecord, World};

/// Share of exchanges sent along a known route rather than flooded.
pub const DIRECT_SHARE: f64 = 0.4;
use crate::generate::air::{Delivery, Frame};
use crate::generate::names::{DIRECT_TEXTS, PASSWORDS};
use crate::generate::propagate::Travel;
use crate::protocol::crypto::{ack, seal};
use crate::protocol::plain::request::RequestType;
use crate::protocol::plain::{PlainRepr, path_return, request, tagged, text};
use crate::protocol::{AckRepr, PathLen, PayloadRepr, PayloadType, Result, Role, Route};

/// The answer a delivered exchange gets.
enum Answer<'a> {
    /// An ACK of this CRC.
    Ack(u32),
    /// A RESPONSE with this plaintext (tag and data).
    Response(tagged::Repr<'a>),
}

/// How an exchange went out.
struct Sent {
    transmission: u32,
    delivery: Option<Delivery>,
    flooded: bool,
    hash_size: usize,
}

/// A direct text message between two companions, its ACK, and a flooded retry if it is lost.
pub fn text_message(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let Some(from) = world.pick_companion(None) else {
        return Ok(());
    };
    let Some(to) = world.pick_companion(Some(from)) else {
        return Ok(());
    };
    let message = world.rng.pick(DIRECT_TEXTS).copied().unwrap_or("hi");
    let mut at = at_us;
    for attempt in 0..2u8 {
        let timestamp = world.stamp(from, at);
        let plain = text::Repr {
            timestamp,
            text_type: text::TextType::Plain,
            attempt,
            sender_prefix: None,
            text: message.as_bytes(),
            extended_attempt: None,
        };
        let Some(cipher) = world.cipher(from, to) else {
            return Ok(());
        };
        let sealed = seal::seal(&cipher, &PlainRepr::Text(plain))?;
        let (from_key, to_key) = keys(world, from, to);
        let payload = PayloadRepr::TxtMsg(seal::datagram(to_key[0], from_key[0], &sealed));
        let sent = deliver(world, from, to, at, &payload, attempt == 0)?;
        let ack_crc = ack::text_ack_crc(timestamp, plain.flags(), message, &from_key);
        world.records.direct_messages.push(DirectMessageRecord {
            transmission: sent.transmission,
            from,
            to,
            text: message.to_owned(),
            timestamp,
            ack_crc,
            flood: sent.flooded,
            delivered: sent.delivery.is_some(),
        });
        if let Some(delivery) = &sent.delivery {
            return answer(world, from, to, &sent, delivery, Answer::Ack(ack_crc));
        }
        at += world.rng.between(8_000_000, 12_000_000);
    }
    Ok(())
}

/// A request from a companion to a repeater, room server or sensor, and its response.
pub fn request(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let Some(from) = world.pick_companion(None) else {
        return Ok(());
    };
    let Some(to) = world.pick_role(&[Role::Repeater, Role::Room, Role::Sensor], from) else {
        return Ok(());
    };
    let role = world
        .mesh
        .nodes()
        .get(to)
        .map_or(Role::Repeater, |node| node.role);
    let choices: &[RequestType] = match role {
        Role::Sensor => &[RequestType::GetTelemetryData, RequestType::GetAvgMinMax],
        Role::Room => &[RequestType::GetStatus, RequestType::KeepAlive],
        _ => &[
            RequestType::GetStatus,
            RequestType::GetNeighbours,
            RequestType::GetOwnerInfo,
            RequestType::GetTelemetryData,
        ],
    };
    let req_type = world
        .rng
        .pick(choices)
        .copied()
        .unwrap_or(RequestType::GetStatus);
    let timestamp = world.stamp(from, at_us);
    let plain = request::Repr {
        timestamp,
        req_type,
        data: &[],
    };
    let Some(cipher) = world.cipher(from, to) else {
        return Ok(());
    };
    let sealed = seal::seal(&cipher, &PlainRepr::Request(plain))?;
    let (from_key, to_key) = keys(world, from, to);
    let payload = PayloadRepr::Req(seal::datagram(to_key[0], from_key[0], &sealed));
    let sent = deliver(world, from, to, at_us, &payload, true)?;
    let Some(delivery) = &sent.delivery else {
        return Ok(());
    };
    let mut data = [0; 40];
    let len = world.rng.between(12, 40) as usize;
    world.rng.fill(&mut data[..len]);
    let response = tagged::Repr {
        tag: timestamp,
        data: &data[..len],
    };
    answer(world, from, to, &sent, delivery, Answer::Response(response))
}

/// An ANON_REQ login from a companion to a room server or repeater, and the login response.
pub fn login(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let Some(from) = world.pick_companion(None) else {
        return Ok(());
    };
    let Some(to) = world.pick_role(&[Role::Room, Role::Repeater], from) else {
        return Ok(());
    };
    let timestamp = world.stamp(from, at_us);
    let password = world.rng.pick(PASSWORDS).copied().unwrap_or("");
    let mut data = Vec::with_capacity(4 + password.len());
    if world
        .mesh
        .nodes()
        .get(to)
        .is_some_and(|node| node.role == Role::Room)
    {
        let since = timestamp.saturating_sub(86_400);
        data.extend_from_slice(&since.to_le_bytes());
    }
    data.extend_from_slice(password.as_bytes());
    let plain = tagged::Repr {
        tag: timestamp,
        data: &data,
    };
    let Some(cipher) = world.cipher(from, to) else {
        return Ok(());
    };
    let sealed = seal::seal(&cipher, &PlainRepr::AnonReq(plain))?;
    let (from_key, to_key) = keys(world, from, to);
    let payload = PayloadRepr::AnonReq(seal::anon_req(to_key[0], from_key, &sealed));
    let sent = deliver(world, from, to, at_us, &payload, true)?;
    let Some(delivery) = &sent.delivery else {
        return Ok(());
    };
    // RESP_SERVER_LOGIN_OK, then the server's keep-alive, admin flag and permissions.
    let mut reply = [0u8; 8];
    world.rng.fill(&mut reply[1..]);
    let response = tagged::Repr {
        tag: timestamp,
        data: &reply,
    };
    answer(world, from, to, &sent, delivery, Answer::Response(response))
}

fn keys(world: &World<'_>, from: usize, to: usize) -> ([u8; 32], [u8; 32]) {
    let key = |node: usize| {
        world
            .mesh
            .nodes()
            .get(node)
            .map_or([0; 32], |n| n.public_key())
    };
    (key(from), key(to))
}

/// Sends `payload` from `from` to `to`: along a known route when `may_route` and the sender knows one
/// (a [`DIRECT_SHARE`] chance), else flooded.
fn deliver(
    world: &mut World<'_>,
    from: usize,
    to: usize,
    at_us: i64,
    payload: &PayloadRepr<'_>,
    may_route: bool,
) -> Result<Sent> {
    let hash_size = world.hash_size(from);
    let known = may_route && world.rng.chance(DIRECT_SHARE);
    if let Some(route) = known.then(|| world.route(from, to)).flatten() {
        let frame = Frame::new(Route::Direct, payload);
        let travel = Travel::Direct {
            route: &route,
            hash_size,
            dest: Some(to),
        };
        let transmission = world.send(from, at_us, &frame, travel, Some(to))?;
        return Ok(Sent {
            transmission,
            delivery: world.air.delivered(),
            flooded: false,
            hash_size,
        });
    }
    let frame = Frame::new(Route::Flood, payload);
    let travel = world.flood(from);
    let transmission = world.send(from, at_us, &frame, travel, Some(to))?;
    Ok(Sent {
        transmission,
        delivery: world.air.first_arrival(to),
        flooded: true,
        hash_size,
    })
}

/// `to` answers `from` after a short delay: a flooded PATH returning the route with the answer inside when
/// the exchange was flooded, else the answer itself along the reversed route.
fn answer(
    world: &mut World<'_>,
    from: usize,
    to: usize,
    sent: &Sent,
    delivery: &Delivery,
    answer: Answer<'_>,
) -> Result<()> {
    let at_us = delivery.at_us + world.rng.between(300_000, 1_500_000);
    let (from_key, to_key) = keys(world, from, to);
    let Some(cipher) = world.cipher(from, to) else {
        return Ok(());
    };
    if sent.flooded {
        let mut extra = [0; 64];
        let (extra_type, extra_len) = match &answer {
            Answer::Ack(crc) => {
                extra[..4].copy_from_slice(&crc.to_le_bytes());
                (PayloadType::Ack, 4)
            }
            Answer::Response(response) => {
                let len = response.buffer_len().min(extra.len());
                response.emit(&mut extra[..len]);
                (PayloadType::Response, len)
            }
        };
        let Some(path_len) = PathLen::new(sent.hash_size, delivery.relays.len()) else {
            return Ok(());
        };
        let plain = path_return::Repr {
            path_len,
            path: &delivery.path,
            extra_type: extra_type.bits(),
            extra: &extra[..extra_len],
        };
        let sealed = seal::seal(&cipher, &PlainRepr::Path(plain))?;
        let payload = PayloadRepr::Path(seal::datagram(from_key[0], to_key[0], &sealed));
        let travel = world.flood(to);
        world.send(
            to,
            at_us,
            &Frame::new(Route::Flood, &payload),
            travel,
            Some(from),
        )?;
        return Ok(());
    }
    let back: Vec<usize> = delivery.relays.iter().rev().copied().collect();
    let travel = Travel::Direct {
        route: &back,
        hash_size: sent.hash_size,
        dest: Some(from),
    };
    match answer {
        Answer::Ack(crc) => {
            let payload = PayloadRepr::Ack(AckRepr { crc, extra: &[] });
            world.send(
                to,
                at_us,
                &Frame::new(Route::Direct, &payload),
                travel,
                Some(from),
            )?;
        }
        Answer::Response(response) => {
            let sealed = seal::seal(&cipher, &PlainRepr::Response(response))?;
            let payload = PayloadRepr::Response(seal::datagram(from_key[0], to_key[0], &sealed));
            world.send(
                to,
                at_us,
                &Frame::new(Route::Direct, &payload),
                travel,
                Some(from),
            )?;
        }
    }
    Ok(())
}
