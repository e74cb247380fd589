//! CONTROL node discovery (protocol B.6): a companion sends DISCOVER_REQ zero-hop (sometimes with the
//! region's transport codes, TRANSPORT_DIRECT); every repeater that heard it answers with DISCOVER_RESP,
//! zero-hop, giving the SNR it heard the request at and its key (or an 8-byte prefix when asked).

use super::World;
use crate::generate::air::Frame;
use crate::generate::propagate::Travel;
use crate::protocol::{
    ControlRepr, DiscoverReq, DiscoverResp, PayloadRepr, PayloadType, Result, Role, Route,
    TransportCodes,
};

/// Zero-hop, addressed to any neighbour.
const ZERO_HOP: Travel<'static> = Travel::Direct {
    route: &[],
    hash_size: 1,
    dest: None,
};

/// A discovery round from a companion at `at_us`.
pub fn discover(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let Some(origin) = world.pick_companion(None) else {
        return Ok(());
    };
    let request = DiscoverReq {
        flags: u8::from(world.rng.chance(0.3)),
        type_filter: 1 << Role::Repeater.bits(),
        tag: world.rng.next_u64() as u32,
        since: None,
    };
    let mut frame = Frame::new(
        Route::Direct,
        &PayloadRepr::Control(ControlRepr::DiscoverReq(request)),
    );
    if world.rng.chance(0.3) {
        let scope = world.region.code(PayloadType::Control, &frame.payload);
        frame.route = Route::TransportDirect(TransportCodes { scope, reserved: 0 });
    }
    world.send(origin, at_us, &frame, ZERO_HOP, None)?;
    let mesh = world.mesh;
    let responders: Vec<(usize, i64, i8)> = world
        .air
        .last()
        .arrivals
        .iter()
        .filter(|arrival| {
            mesh.nodes()
                .get(arrival.receiver)
                .is_some_and(|node| node.is_repeater())
        })
        .map(|arrival| {
            (
                arrival.receiver,
                arrival.at_us,
                arrival.signal.snr_quarter_db,
            )
        })
        .collect();
    for (responder, heard_us, snr) in responders {
        let key = mesh
            .nodes()
            .get(responder)
            .map_or([0; 32], |node| node.public_key());
        let key_len = if request.prefix_only() { 8 } else { 32 };
        let response = DiscoverResp {
            node_type: Role::Repeater,
            snr,
            tag: request.tag,
            public_key: &key[..key_len],
        };
        let frame = Frame::new(
            Route::Direct,
            &PayloadRepr::Control(ControlRepr::DiscoverResp(response)),
        );
        let at = heard_us + world.rng.between(200_000, 2_500_000);
        world.send(responder, at, &frame, ZERO_HOP, None)?;
    }
    Ok(())
}
