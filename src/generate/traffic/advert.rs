//! Signed adverts (protocol B, ADVERT): flooded with the node's path hash size, or zero-hop (DIRECT,
//! `path_len` 0) to its neighbours. Each advert is signed once, whatever the number of observations: the
//! payload is emitted, and its key, timestamp and app data (the signed bytes, as `advert_sig` signs them)
//! are signed with the node's cached signer.

use super::{AdvertRecord, World};
use crate::generate::air::Frame;
use crate::generate::propagate::Travel;
use crate::protocol::payload::{advert, app_data};
use crate::protocol::{AdvertRepr, AppDataRepr, Error, PayloadRepr, Result, Route};

/// A flood advert of `node` at `at_us`.
pub fn flood(world: &mut World<'_>, node: usize, at_us: i64) -> Result<()> {
    let hash_size = world.next_advert_hash_size(node);
    let travel = Travel::Flood {
        hash_size,
        hop_limit: world.traffic.hop_limit,
    };
    send(world, node, at_us, Route::Flood, travel, Some(hash_size))
}

/// A zero-hop advert of `node` at `at_us`: only its neighbours hear it.
pub fn zero_hop(world: &mut World<'_>, node: usize, at_us: i64) -> Result<()> {
    let travel = Travel::Direct {
        route: &[],
        hash_size: 1,
        dest: None,
    };
    send(world, node, at_us, Route::Direct, travel, None)
}

fn send(
    world: &mut World<'_>,
    node: usize,
    at_us: i64,
    route: Route,
    travel: Travel<'_>,
    hash_size: Option<usize>,
) -> Result<()> {
    let timestamp = world.stamp(node, at_us);
    let mesh = world.mesh;
    let Some(sender) = mesh.nodes().get(node) else {
        return Ok(());
    };
    let app_data = AppDataRepr {
        role: sender.role,
        location: sender.advertised,
        feature1: None,
        feature2: None,
        name: Some(sender.name.as_bytes()),
    };
    let len = app_data.buffer_len();
    if len > app_data::MAX_LEN {
        return Err(Error::TooLong {
            field: "app_data",
            len,
            max: app_data::MAX_LEN,
        });
    }
    let unsigned = AdvertRepr {
        public_key: sender.public_key(),
        timestamp,
        signature: [0; 64],
        app_data,
    };
    let mut frame = Frame::new(route, &PayloadRepr::Advert(unsigned));
    let mut message = [0; 32 + 4 + app_data::MAX_LEN];
    let signed = advert::field::PUBLIC_KEY.start..advert::field::TIMESTAMP.end;
    let head = frame.payload.get(signed.clone()).unwrap_or_default();
    let tail = frame
        .payload
        .get(advert::field::APP_DATA..)
        .unwrap_or_default();
    message[..head.len()].copy_from_slice(head);
    message[head.len()..head.len() + tail.len()].copy_from_slice(tail);
    let signature = world
        .sign(node, &message[..head.len() + tail.len()])
        .unwrap_or([0; 64]);
    advert::Packet::new_unchecked(&mut frame.payload[..]).set_signature(&signature);
    let transmission = world.send(node, at_us, &frame, travel, None)?;
    world.records.adverts.push(AdvertRecord {
        transmission,
        node,
        sent_ms: at_us.div_euclid(1000),
        timestamp,
        hash_size,
    });
    Ok(())
}
