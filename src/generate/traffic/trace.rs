//! TRACE (protocol D.1): a node traces a route out through repeaters and back; each relay appends the SNR it
//! heard the packet at to the header path, so every hop is a new packet hash.

use super::{GOOD_LINK_SNR, World};
use crate::generate::air::Frame;
use crate::generate::propagate::Travel;
use crate::protocol::{PayloadRepr, Result, Role, Route, TraceRepr};

/// A trace from a companion or repeater out 1-3 repeaters and back along the same ones.
pub fn trace(world: &mut World<'_>, at_us: i64) -> Result<()> {
    let roles: &[Role] = if world.rng.chance(0.7) {
        &[Role::Chat]
    } else {
        &[Role::Repeater]
    };
    let Some(origin) = world.pick_role(roles, usize::MAX) else {
        return Ok(());
    };
    let out_hops = world.rng.between(1, 3) as usize;
    let mut out: Vec<usize> = Vec::with_capacity(out_hops);
    let mut at = origin;
    while out.len() < out_hops {
        let mesh = world.mesh;
        let next: Vec<usize> = mesh
            .links(at)
            .iter()
            .filter(|link| link.mean_snr >= GOOD_LINK_SNR)
            .map(|link| link.to as usize)
            .filter(|&to| {
                to != origin
                    && !out.contains(&to)
                    && mesh.nodes().get(to).is_some_and(|node| node.is_repeater())
            })
            .collect();
        let Some(&hop) = world.rng.pick(&next) else {
            break;
        };
        out.push(hop);
        at = hop;
    }
    if out.is_empty() {
        return Ok(());
    }
    let mut route = out.clone();
    route.extend(out.iter().rev().skip(1));
    let flags = if world.rng.chance(0.2) { 1 } else { 0 };
    let size = 1usize << flags;
    let mut hashes = Vec::with_capacity(route.len() * size);
    for &relay in &route {
        let key = world
            .mesh
            .nodes()
            .get(relay)
            .map_or([0; 32], |node| node.public_key());
        hashes.extend_from_slice(&key[..size]);
    }
    let tag = world.rng.next_u64() as u32;
    let auth = if world.rng.chance(0.5) {
        0
    } else {
        world.rng.next_u64() as u32
    };
    let payload = PayloadRepr::Trace(TraceRepr {
        tag,
        auth,
        flags,
        route: &hashes,
    });
    world.send(
        origin,
        at_us,
        &Frame::new(Route::Direct, &payload),
        Travel::Trace { route: &route },
        None,
    )?;
    Ok(())
}
