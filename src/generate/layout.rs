//! Where nodes are and what they are: roles, positions, names, path hash modes, clocks and advertised
//! locations. Each function draws from the generator it is given, in node order.

use super::fmath;
use super::names::{self, PEOPLE, REPEATER_SUFFIXES, ROOMS, SENSORS, SITES};
use super::node::{Clock, HashMode};
use super::rng::Rng;
use crate::protocol::{Location, Role};

/// Km per degree of latitude.
const KM_PER_DEGREE_LAT: f64 = 110.574;
/// Km per degree of longitude at the equator.
const KM_PER_DEGREE_LON: f64 = 111.320;

/// Roles in node order: repeaters first, then room servers, sensors and companions.
pub fn roles(nodes: usize, repeater_share: f64) -> Vec<Role> {
    let nodes = nodes.max(2);
    let repeaters = ((nodes as f64 * repeater_share).round() as usize).clamp(1, nodes - 1);
    let rooms = if nodes >= 10 { (nodes / 25).max(1) } else { 0 };
    let sensors = if nodes >= 10 { (nodes / 20).max(1) } else { 0 };
    let mut roles = vec![Role::Repeater; repeaters];
    roles.extend(std::iter::repeat_n(Role::Room, rooms));
    roles.extend(std::iter::repeat_n(Role::Sensor, sensors));
    roles.resize(nodes, Role::Chat);
    roles
}

/// Positions in km from the centre: repeaters spread evenly over a disc of diameter `spread_km` (best of 8
/// candidates, farthest from those placed), the others within a few km of a random repeater.
pub fn positions(roles: &[Role], spread_km: f64, rng: &mut Rng) -> Vec<(f64, f64)> {
    let radius = spread_km / 2.0;
    let mut positions: Vec<(f64, f64)> = Vec::with_capacity(roles.len());
    for role in roles {
        let position = if *role == Role::Repeater {
            let mut best = disc_point(radius, rng);
            let mut best_gap = nearest_gap(&positions, best);
            for _ in 1..8 {
                let candidate = disc_point(radius, rng);
                let gap = nearest_gap(&positions, candidate);
                if gap > best_gap {
                    (best, best_gap) = (candidate, gap);
                }
            }
            best
        } else {
            let repeaters = roles.iter().filter(|role| **role == Role::Repeater).count();
            let anchor = positions[rng.index(repeaters)];
            let reach = match role {
                Role::Room => 3.0,
                Role::Sensor => 4.0,
                _ => 5.0,
            };
            let offset = disc_point(reach, rng);
            (anchor.0 + offset.0, anchor.1 + offset.1)
        };
        positions.push(position);
    }
    positions
}

/// A uniform point in a disc of `radius` km around the origin (rejection sampling: no trigonometry).
fn disc_point(radius: f64, rng: &mut Rng) -> (f64, f64) {
    loop {
        let x = rng.uniform(-1.0, 1.0);
        let y = rng.uniform(-1.0, 1.0);
        if x * x + y * y <= 1.0 {
            return (x * radius, y * radius);
        }
    }
}

fn nearest_gap(placed: &[(f64, f64)], point: (f64, f64)) -> f64 {
    placed
        .iter()
        .map(|p| (p.0 - point.0) * (p.0 - point.0) + (p.1 - point.1) * (p.1 - point.1))
        .fold(f64::INFINITY, f64::min)
}

/// Latitude and longitude (micro-degrees) of a point `km` east and north of `centre`.
pub fn to_location(centre: (f64, f64), km: (f64, f64)) -> Location {
    let lat = centre.0 + km.1 / KM_PER_DEGREE_LAT;
    let lon = centre.1 + km.0 / (KM_PER_DEGREE_LON * fmath::cos(fmath::radians(centre.0)));
    Location {
        lat: (lat * 1e6).round() as i32,
        lon: (lon * 1e6).round() as i32,
    }
}

/// Names in node order, each unique: repeater sites with a suffix, people, rooms and sensors from the pools,
/// a number added when a pool runs out. The companion at `bot` is the `#bot` responder.
pub fn names(roles: &[Role], bot: Option<usize>, rng: &mut Rng) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(roles.len());
    for (index, role) in roles.iter().enumerate() {
        let base = if Some(index) == bot {
            names::BOT_NAME.to_owned()
        } else {
            match role {
                Role::Repeater => {
                    let site = rng.pick(SITES).copied().unwrap_or("Site");
                    let suffix = rng.pick(REPEATER_SUFFIXES).copied().unwrap_or("");
                    format!("{site}{suffix}")
                }
                Role::Room => rng.pick(ROOMS).copied().unwrap_or("Room").to_owned(),
                Role::Sensor => rng.pick(SENSORS).copied().unwrap_or("Sensor").to_owned(),
                _ => rng.pick(PEOPLE).copied().unwrap_or("Node").to_owned(),
            }
        };
        let mut name = names::fit(&base, 20).to_owned();
        let mut number = 2;
        while !taken.insert(name.clone()) {
            name = format!("{} {number}", names::fit(&base, 17));
            number += 1;
        }
        out.push(name);
    }
    out
}

/// Path hash modes: repeaters mostly 1 byte, a fifth 2 bytes and a tenth (at least one, from 5 repeaters) 3
/// bytes; companions mostly 1 byte, some 2; rooms and sensors 1 byte. (Flip-floppers are chosen later, with
/// the collision pairs.)
pub fn hash_modes(roles: &[Role], rng: &mut Rng) -> Vec<HashMode> {
    let mut modes: Vec<HashMode> = roles
        .iter()
        .map(|role| match role {
            Role::Chat if rng.chance(0.15) => HashMode::Fixed(2),
            _ => HashMode::Fixed(1),
        })
        .collect();
    let mut repeaters: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] == Role::Repeater)
        .collect();
    rng.shuffle(&mut repeaters);
    let three = if repeaters.len() >= 5 {
        (repeaters.len() / 10).max(1)
    } else {
        0
    };
    let two = repeaters.len() / 5;
    for (rank, &node) in repeaters.iter().enumerate() {
        if rank < three {
            modes[node] = HashMode::Fixed(3);
        } else if rank < three + two {
            modes[node] = HashMode::Fixed(2);
        }
    }
    modes
}

/// Clocks: most nodes accurate to ±20 s; then, one node each if there are enough: 7 minutes fast, 3 hours
/// slow, 12 days fast, 200 days slow, drifting 5 minutes a day, no clock at all, and bimodal.
pub fn clocks(nodes: usize, rng: &mut Rng) -> Vec<Clock> {
    let mut clocks: Vec<Clock> = (0..nodes)
        .map(|_| Clock::Accurate {
            offset_s: rng.between(-20, 20),
        })
        .collect();
    let special = [
        Clock::Skewed { offset_s: 420 },
        Clock::Skewed {
            offset_s: -3 * 3600,
        },
        Clock::Skewed {
            offset_s: 12 * 86_400,
        },
        Clock::Skewed {
            offset_s: -200 * 86_400,
        },
        Clock::Drifting {
            offset_s: 5,
            drift_s_per_day: 300,
        },
        Clock::NoClock {
            uptime_s: rng.between(3_600, 40 * 86_400),
        },
        Clock::Bimodal {
            offset_s: 2,
            uptime_s: rng.between(600, 86_400),
        },
    ];
    let mut order: Vec<usize> = (0..nodes).collect();
    rng.shuffle(&mut order);
    for (clock, &index) in special.iter().zip(order.iter()).take(nodes / 2) {
        clocks[index] = *clock;
    }
    clocks
}

/// What each node's adverts say about its location: its position, except for about a tenth of the
/// companions and sensors (no location) and one companion that sends 0,0.
pub fn advertised(
    roles: &[Role],
    positions: &[(f64, f64)],
    centre: (f64, f64),
    rng: &mut Rng,
) -> Vec<Option<Location>> {
    let mut out: Vec<Option<Location>> = positions
        .iter()
        .zip(roles)
        .map(|(&position, role)| {
            let hidden = matches!(role, Role::Chat | Role::Sensor) && rng.chance(0.1);
            (!hidden).then(|| to_location(centre, position))
        })
        .collect();
    if let Some(zero) = roles.iter().rposition(|role| *role == Role::Chat) {
        out[zero] = Some(Location { lat: 0, lon: 0 });
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn role_counts() {
        let roles = roles(60, 0.4);
        let count = |role| roles.iter().filter(|r| **r == role).count();
        assert_eq!(count(Role::Repeater), 24);
        assert_eq!(count(Role::Room), 2);
        assert_eq!(count(Role::Sensor), 3);
        assert_eq!(count(Role::Chat), 31);
        assert_eq!(super::roles(2, 0.9), [Role::Repeater, Role::Chat]);
    }

    #[test]
    fn seattle_location() {
        // 11.0574 km north of the centre is 0.1 degree of latitude.
        let location = to_location((47.6062, -122.3321), (0.0, 11.0574));
        assert_eq!(
            location,
            Location {
                lat: 47_706_200,
                lon: -122_332_100
            }
        );
        let east = to_location((47.6062, -122.3321), (10.0, 0.0));
        // cos(47.6062°) = 0.674222: 10 km east is 0.133237 degree of longitude.
        assert_eq!(east.lon, -122_198_863);
    }

    #[test]
    fn unique_names() {
        let roles = roles(200, 0.4);
        let names = names(&roles, Some(199), &mut Rng::new(1));
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), 200);
        assert_eq!(names[199], names::BOT_NAME);
        assert!(names.iter().all(|name| name.len() <= 23));
    }
}
